#!/usr/bin/env bash
# The Python package against python-stdnum, in one process, on the same
# million IDActe as benches/compare.sh's "ids" section (issue 14; figures in
# BENCHMARKS.md, "Python: actes.check_ids").
#
#   benches/compare_python.sh
#
# Environment: RUNS (default 5) runs of each measurement, medians reported.
#
# The peers are installed here, never as dependencies: python-stdnum and
# maturin with pip into the virtualenv target/bench-venv (the one of
# compare.sh); the package is built in release mode by maturin into its own
# target folder (target/python) and installed into that virtualenv.
#
# What is timed, in the same interpreter, on the same list of 1 M str:
#   actes.check_ids(ids)          a list of 1 M id-check documents (dicts)
#   actes.check_ids(ids, only_invalid=True)
#                                 the documents of the invalid ones only (here
#                                 none: every identifier is checked, no dict
#                                 is made for a valid one)
#   [is_valid(s) for s in ids]    python-stdnum: a regex for the layout of
#                                 the identifier, stdnum.fr.siren.is_valid for
#                                 the SIREN; a list of 1 M booleans. It does
#                                 less than actes (no date, no numéro rules,
#                                 no document), as in compare.sh.
#   the same documents as a Python literal, parts sliced from the str: the
#                                 cost of making the dicts alone, in Python;
#                                 then the same with the garbage collector
#                                 paused while they are made, as check_ids
#                                 does (the floor of a dict per identifier)
# Wall time (perf_counter) and CPU time (process_time) of each run; the
# result is released after the clock stops. The load average is printed
# before and after: the machine is shared, compare figures of one run only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-5}

VENV=target/bench-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# Through the virtualenv's python, not its scripts: a copied virtualenv's
# scripts still name the interpreter of the original.
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check python-stdnum maturin
(cd bindings/python && CARGO_TARGET_DIR="$ROOT/target/python" VIRTUAL_ENV="$ROOT/$VENV" \
  PATH="$ROOT/$VENV/bin:$PATH" "$ROOT/$VENV/bin/python" -m maturin develop --release --quiet >/dev/null)

echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(uname -sr)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
RUNS=$RUNS "$VENV/bin/python" - <<'PY'
import gc, os, re, statistics, sys, time

import actes
import stdnum
from stdnum import luhn
from stdnum.fr import siren

print(f"python {sys.version.split()[0]}, python-stdnum {stdnum.__version__}, actes {actes.__version__}")
RUNS = int(os.environ["RUNS"])

# The million IDActe of compare.sh, without the line ends.
deps = ["062", "02A", "974", "075", "001", "988", "033", "013"]
natures = ["DE", "AR", "AI", "CC", "BF", "AU"]
ids = []
for i in range(1_000_000):
    head = "2" + ("%08d" % ((i * 104729 + 12345) % 100_000_000))[1:]
    numero = ("D%0*d" % (1 + i % 14, i % 1000))[:15]
    date = "20%02d%02d%02d" % (i % 25, 1 + i % 12, 1 + i % 28)
    ids.append(f"{deps[i % 8]}-{head}{luhn.calc_check_digit(head)}-{date}-{numero}-{natures[i % 6]}")

RX = re.compile(r"[09][0-9][0-9AB]-([0-9]{9})-[0-9]{8}-[A-Za-z0-9_ -]{1,15}-(?:DE|AR|AI|CC|BF|AU)")
def is_valid(s):
    m = RX.fullmatch(s)
    return m is not None and siren.is_valid(m.group(1))

# Same verdicts first.
docs = actes.check_ids(ids)
assert len(docs) == len(ids) and all(d["valid"] for d in docs), "actes: not all valid"
assert all(is_valid(s) for s in ids), "python-stdnum: not all valid"
del docs

def literal():
    return [
        {"input": s, "line": n, "valid": True,
         "id": {"departement": s[:3], "siren": s[4:13], "date": s[14:22], "numero": s[23:-3],
                "nature": {"code": 1, "abbr": s[-2:], "label": "Délibérations"}},
         "diagnostics": []} for n, s in enumerate(ids, 1)]

def literal_gc_paused():
    gc.disable()
    try:
        return literal()
    finally:
        gc.enable()

def measure(f):
    walls, cpus = [], []
    for _ in range(RUNS):
        w, c = time.perf_counter(), time.process_time()
        out = f()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
        del out
    return statistics.median(walls), statistics.median(cpus), walls

rows = [
    ("actes.check_ids(ids), 1 M IDActe", measure(lambda: actes.check_ids(ids))),
    ("python-stdnum [is_valid(s) for s in ids], 1 M", measure(lambda: [is_valid(s) for s in ids])),
    ("actes.check_ids(ids, only_invalid=True), 1 M", measure(lambda: actes.check_ids(ids, only_invalid=True))),
    ("actes [check_id(s) for s in ids], 1 M", measure(lambda: [actes.check_id(s) for s in ids])),
    ("Python literal documents (no check), 1 M", measure(literal)),
    ("same, gc paused as check_ids does, 1 M", measure(literal_gc_paused)),
]
print(f"{'measurement':50} {'wall s':>8} {'cpu s':>8}  runs (wall)")
for label, (wall, cpu, walls) in rows:
    print(f"{label:50} {wall:8.3f} {cpu:8.3f}  {' '.join('%.3f' % x for x in walls)}")
(w_s, c_s, _) = rows[1][1]
for label, (w_a, c_a, _) in [rows[0], rows[2]]:
    print(f"{label}: python-stdnum / actes wall {w_s / w_a:.1f}x, CPU {c_s / c_a:.1f}x; "
          f"< 1 s: {'yes' if w_a < 1 else 'no'}; >= 20x: {'yes' if w_s / w_a >= 20 else 'no'}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
