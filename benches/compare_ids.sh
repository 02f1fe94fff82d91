#!/usr/bin/env bash
# Compares actes' SIREN validation with python-stdnum's stdnum.fr.siren.is_valid
# on the same 1000 inputs, and prints the ActeId parsing figures.
#
# Usage: benches/compare_ids.sh   (from anywhere; takes about a minute)
#
# 1. runs the criterion bench `ids` (short: --warm-up-time 1 --measurement-time 3);
# 2. installs python-stdnum with pip into a virtualenv under target/ (never into
#    the library) and times stdnum.fr.siren.is_valid with timeit on the same
#    inputs (same generation formula as benches/ids.rs);
# 3. checks that both agree on which inputs are valid (through `actes siren check`);
# 4. prints ns per item and the ratios;
# 5. times `actes id check` (release) on one million valid IDActe lines read
#    from standard input (a third of them with CRLF), output to /dev/null.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check python-stdnum

cargo bench --bench ids -- --warm-up-time 1 --measurement-time 3 >target/bench-ids.log 2>&1 \
  || { cat target/bench-ids.log; exit 1; }
cargo build --release --quiet --bin actes

"$VENV/bin/python" - <<'PY'
import json, subprocess, timeit
import stdnum
from stdnum import luhn
from stdnum.fr import siren

N = 1000
def inputs():
    out = []
    for i in range(N):
        head = "%08d" % ((i * 104729 + 12345) % 100_000_000)
        out.append(head + luhn.calc_check_digit(head) if i % 2 == 0 else head + "0")
    return out

sirens = inputs()
py_valid = [siren.is_valid(s) for s in sirens]

# Same verdicts as actes (through the CLI, one SIREN per line on stdin).
res = subprocess.run(["target/release/actes", "siren", "check", "--json"],
                     input="\n".join(sirens).encode(), capture_output=True, check=False)
rs_valid = [json.loads(l)["valid"] for l in res.stdout.decode().splitlines()]
assert rs_valid == py_valid, "actes and python-stdnum disagree"

loops = 200
runs = timeit.repeat(lambda: [siren.is_valid(s) for s in sirens], number=loops, repeat=5)
py_ns = min(runs) / loops / N * 1e9

def criterion_ns(group, name):
    with open(f"target/criterion/{group}/{name}/new/estimates.json") as f:
        est = json.load(f)
    return est["mean"]["point_estimate"] / N, est["mean"]["confidence_interval"]

print(f"inputs: {N} SIRENs, {sum(py_valid)} valid (actes and python-stdnum agree on every verdict)")
print(f"python-stdnum {stdnum.__version__}: stdnum.fr.siren.is_valid  {py_ns:8.1f} ns/item (best of 5 x {loops} loops)")
for group, name in [("siren", "is_valid"), ("siren", "parse_diagnostics"),
                    ("acte_id", "parse_valid"), ("acte_id", "parse_invalid")]:
    ns, ci = criterion_ns(group, name)
    ratio = f"  ({py_ns / ns:6.1f}x faster than python-stdnum is_valid)" if group == "siren" else ""
    print(f"actes {group}/{name:<18} {ns:8.2f} ns/item "
          f"[95% CI {ci['lower_bound'] / N:.2f}-{ci['upper_bound'] / N:.2f}]{ratio}")

# 5. Throughput of the CLI on one million lines.
deps = ["062", "02A", "974", "075", "001", "988", "033", "013"]
natures = ["DE", "AR", "AI", "CC", "BF", "AU"]
path = "target/ids_1m.txt"
with open(path, "w", newline="") as f:
    for i in range(1_000_000):
        head = "%08d" % ((i * 104729 + 12345) % 100_000_000)
        head = "2" + head[1:]
        numero = ("D%0*d" % (1 + i % 14, i % 1000))[:15]
        date = "20%02d%02d%02d" % (i % 25, 1 + i % 12, 1 + i % 28)
        end = "\r\n" if i % 3 == 0 else "\n"
        f.write(f"{deps[i % 8]}-{head}{luhn.calc_check_digit(head)}-{date}-{numero}-{natures[i % 6]}{end}")
import resource, time
for args in (["id", "check"], ["id", "check", "--json"]):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(path, "rb") as stdin:
        r = subprocess.run(["target/release/actes", *args], stdin=stdin, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert r.returncode == 0, r.returncode
    print(f"actes {' '.join(args):<18} 1,000,000 lines: {wall:.2f} s wall, "
          f"{after.ru_utime - before.ru_utime:.2f} s user, {after.ru_stime - before.ru_stime:.2f} s sys")
PY
