#!/usr/bin/env bash
# actes against what a user would otherwise run, on the same inputs, in one run
# (issue 8; the figures and how to read them are in BENCHMARKS.md).
#
#   benches/compare.sh [SECTION...]     SECTION: ids receipts archive manifest budget (default: all)
#
# Environment: RUNS (default 5) runs of each command, medians reported;
# ARCHIVE_MIB (default 150) MiB of documents for the archive and the manifest.
#
# Peers are installed inside the script, never as dependencies of the crate:
# python-stdnum with pip into a virtualenv under target/, and GNU time and
# xmllint (libxml2-utils) with apt-get when missing. Every process is run under
# /usr/bin/time -v (wall time, user+system CPU, peak RSS); in-process figures
# come from the criterion benches (median of the samples). Inputs and outputs
# live in a temporary folder; input files are read once first (page cache).
# The load average is printed before and after each section: the machine is
# shared, so compare figures of the same run only.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REF="$ROOT/../shared/reference"
RUNS=${RUNS:-5}
ARCHIVE_MIB=${ARCHIVE_MIB:-150}
SECTIONS=("$@")
[ ${#SECTIONS[@]} -gt 0 ] || SECTIONS=(ids receipts archive manifest budget)

# --- peers -------------------------------------------------------------------
need_apt=()
[ -x /usr/bin/time ] || need_apt+=(time)
command -v xmllint >/dev/null || need_apt+=(libxml2-utils)
command -v gzip >/dev/null || need_apt+=(gzip)
command -v tar >/dev/null || need_apt+=(tar)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
VENV=target/bench-venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check python-stdnum
PY="$VENV/bin/python"

cargo build --release --quiet --bin actes
ACTES="$ROOT/target/release/actes"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/actes-compare.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS="$ROOT/target/compare-results.tsv" # section label wall_s cpu_s rss_kib note
: >"$RESULTS"

load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# measure SECTION LABEL NOTE COMMAND...: RUNS runs under /usr/bin/time -v with
# standard output to /dev/null (or to $STDOUT_TO) and standard input from
# $STDIN_FROM (default /dev/null); records the medians.
measure() {
  local section=$1 label=$2 note=$3 key
  shift 3
  key=m$((++MEASURED))
  for _ in $(seq 1 "$RUNS"); do once "$key" "$@"; done
  summary "$section" "$label" "$note" "$key"
}
MEASURED=0

# once KEY COMMAND...: one run under /usr/bin/time -v (standard input and
# output as for measure), its wall time, CPU and peak RSS appended to the
# runs of KEY.
once() {
  local key=$1
  shift
  # Wall time from the shell's microsecond clock (GNU time prints it to
  # the hundredth: too coarse for runs of 50 ms); it includes starting
  # GNU time itself, the same for every command.
  local t0=$EPOCHREALTIME
  /usr/bin/time -v -o "$WORK/time.txt" "$@" <"${STDIN_FROM:-/dev/null}" >"${STDOUT_TO:-/dev/null}" \
    || { echo "failed: $*" >&2; cat "$WORK/time.txt" >&2; exit 1; }
  local t1=$EPOCHREALTIME
  printf '%s\t%s\t%s\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')" \
    "$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$WORK/time.txt")" \
    "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")" >>"$WORK/runs-$key"
}

# summary SECTION LABEL NOTE KEY: records the medians of the runs of KEY.
summary() {
  local section=$1 label=$2 note=$3 runs="$WORK/runs-$4"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$label" \
    "$(cut -f1 "$runs" | median)" "$(cut -f2 "$runs" | median)" "$(cut -f3 "$runs" | median)" \
    "$note" >>"$RESULTS"
  printf '  %-34s wall %s s (runs: %s)\n' "$label" "$(cut -f1 "$runs" | median)" "$(cut -f1 "$runs" | tr '\n' ' ')"
}

# criterion_ns GROUP NAME: median of a criterion bench, in ns per iteration.
criterion_ns() {
  "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' \
    "target/criterion/$1/$2/new/estimates.json"
}
# record SECTION LABEL SECONDS NOTE: an in-process figure (no RSS).
record() { printf '%s\t%s\t%s\t\t\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"; }

echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
echo "rustc: $(rustc --version); python-stdnum: $("$PY" -c 'import stdnum; print(stdnum.__version__)'); $(xmllint --version 2>&1 | head -1); $(gzip --version | head -1); $(sha256sum --version | head -1)"
echo "runs per command: $RUNS (medians)"

# --- identifiers ----------------------------------------------------------------
section_ids() {
  echo "== ids (load $(load))"
  cargo bench --quiet --bench ids -- --warm-up-time 1 --measurement-time 3 >"$WORK/bench-ids.log" 2>&1 \
    || { cat "$WORK/bench-ids.log"; exit 1; }
  # python-stdnum in process, on the same 1000 inputs as benches/ids.rs.
  "$PY" - "$WORK/py-ids.tsv" <<'PY'
import re, sys, timeit
from stdnum import luhn
from stdnum.fr import siren

N = 1000
sirens = []
for i in range(N):
    head = "%08d" % ((i * 104729 + 12345) % 100_000_000)
    sirens.append(head + luhn.calc_check_digit(head) if i % 2 == 0 else head + "0")
valid = [s for s in sirens if siren.is_valid(s)]
deps = ["062", "02A", "974", "075", "001", "988", "033", "013"]
natures = ["DE", "AR", "AI", "CC", "BF", "AU"]
ids = []
for i in range(N):
    numero = ("D%0*d" % (1 + i % 14, i))[:15]
    ids.append("%s-%s-20%02d%02d%02d-%s-%s" % (deps[i % 8], valid[i % len(valid)],
               i % 25, 1 + i % 12, 1 + i % 28, numero, natures[i % 6]))

# The rest of the identifier by a regular expression (reading rule of actes:
# département, SIREN, 8 digits, numéro of 1-15 [A-Za-z0-9_ -], nature);
# the calendar date is not checked, so python does less than actes.
RX = re.compile(r"[09][0-9][0-9AB]-([0-9]{9})-[0-9]{8}-[A-Za-z0-9_ -]{1,15}-(?:DE|AR|AI|CC|BF|AU)")
def id_is_valid(s):
    m = RX.fullmatch(s)
    return m is not None and siren.is_valid(m.group(1))
assert all(id_is_valid(s) for s in ids)

def median(f, data, loops=100):
    # The median of 7 repeats, as criterion reports a median.
    runs = sorted(timeit.repeat(lambda: [f(s) for s in data], number=loops, repeat=7))
    return runs[3] / loops / len(data)

with open(sys.argv[1], "w") as out:
    out.write("siren\t%.9g\n" % median(siren.is_valid, sirens))
    out.write("idacte\t%.9g\n" % median(id_is_valid, ids))
PY
  local py_siren py_id
  py_siren=$(awk '$1=="siren" {print $2}' "$WORK/py-ids.tsv")
  py_id=$(awk '$1=="idacte" {print $2}' "$WORK/py-ids.tsv")
  record ids "python-stdnum siren.is_valid (per item)" "$py_siren" "timeit, median of 7 x 100 loops"
  record ids "actes Siren::is_valid (per item)" "$(awk -v n="$(criterion_ns siren is_valid)" 'BEGIN {print n / 1000 / 1e9}')" "criterion median"
  record ids "python regex+siren.is_valid IDActe (per item)" "$py_id" "timeit, median of 7 x 100 loops"
  record ids "actes ActeId::parse_diagnostics (per item)" "$(awk -v n="$(criterion_ns acte_id parse_valid)" 'BEGIN {print n / 1000 / 1e9}')" "criterion median"

  # End to end on one million valid IDActe (a third with CRLF), same file.
  "$PY" - "$WORK/ids_1m.txt" <<'PY'
import sys
from stdnum import luhn
deps = ["062", "02A", "974", "075", "001", "988", "033", "013"]
natures = ["DE", "AR", "AI", "CC", "BF", "AU"]
with open(sys.argv[1], "w", newline="") as f:
    for i in range(1_000_000):
        head = "2" + ("%08d" % ((i * 104729 + 12345) % 100_000_000))[1:]
        numero = ("D%0*d" % (1 + i % 14, i % 1000))[:15]
        date = "20%02d%02d%02d" % (i % 25, 1 + i % 12, 1 + i % 28)
        end = "\r\n" if i % 3 == 0 else "\n"
        f.write(f"{deps[i % 8]}-{head}{luhn.calc_check_digit(head)}-{date}-{numero}-{natures[i % 6]}{end}")
PY
  cat >"$WORK/check_ids.py" <<'PY'
# What a user would write with python-stdnum: one IDActe per line on stdin,
# "OK <id>" or "ERROR <id>" per line on stdout, exit 1 when one is invalid.
import re, sys
from stdnum.fr import siren
RX = re.compile(r"[09][0-9][0-9AB]-([0-9]{9})-[0-9]{8}-[A-Za-z0-9_ -]{1,15}-(?:DE|AR|AI|CC|BF|AU)")
out = sys.stdout.write
bad = 0
for line in sys.stdin:
    s = line.rstrip("\r\n")
    if not s:
        continue
    m = RX.fullmatch(s)
    if m is not None and siren.is_valid(m.group(1)):
        out("OK " + s + "\n")
    else:
        bad += 1
        out("ERROR " + s + "\n")
sys.exit(1 if bad else 0)
PY
  # Same verdicts on the whole file.
  local ok_actes ok_py
  ok_actes=$("$ACTES" id check <"$WORK/ids_1m.txt" | grep -c '^OK')
  ok_py=$("$PY" "$WORK/check_ids.py" <"$WORK/ids_1m.txt" | grep -c '^OK')
  [ "$ok_actes" = 1000000 ] && [ "$ok_py" = 1000000 ] \
    || { echo "verdicts differ: actes $ok_actes, python $ok_py" >&2; exit 1; }
  STDIN_FROM="$WORK/ids_1m.txt" measure ids "python-stdnum script, 1 M IDActe" "stdin, stdout /dev/null" "$PY" "$WORK/check_ids.py"
  STDIN_FROM="$WORK/ids_1m.txt" measure ids "actes id check, 1 M IDActe" "stdin, stdout /dev/null" "$ACTES" id check
  STDIN_FROM="$WORK/ids_1m.txt" measure ids "actes id check --json, 1 M IDActe" "stdin, stdout /dev/null" "$ACTES" id check --json
  echo "   (load $(load))"
}

# --- receipts -------------------------------------------------------------------
section_receipts() {
  echo "== receipts (load $(load))"
  cargo bench --quiet --bench messages -- --warm-up-time 1 --measurement-time 3 >"$WORK/bench-messages.log" 2>&1 \
    || { cat "$WORK/bench-messages.log"; exit 1; }
  local dir="$WORK/receipts" i
  mkdir -p "$dir"
  local pastell="$REF/samples/pastell/aractes.xml"
  local s2low="$REF/samples/s2low/001-000000000-20170130-TEST42-DE-1-2_0.xml"
  local classif="$REF/refdata/pastell-megalis_classification-exemple_2019-03-01.xml"
  for i in $(seq -w 1 2500); do
    cp "$pastell" "$dir/034-491011698-20171207-CL20171227_06-DE-1-2_$i.xml"
    cp "$s2low" "$dir/001-000000000-20170130-TEST42-DE-1-2_$i.xml"
  done
  mkdir -p "$WORK/classif"
  for i in $(seq -w 1 200); do cp "$classif" "$WORK/classif/classification_$i.xml"; done
  cat "$dir"/* "$WORK/classif"/* >/dev/null
  # Written back to disk before anything is timed: the kernel flushing
  # 5 000 new files in the background would take a core from the
  # commands measured (from actes, which uses both, more than from xmllint).
  sync

  # Every copy must be read without error first (xmllint and actes alike).
  xmllint --noout "$dir"/*.xml
  # The commands compared run in turn (xmllint, actes, actes --json,
  # xmllint, …): a change of the shared machine's speed during the section
  # touches each of them alike.
  local files=("$dir"/*.xml) classif=("$WORK/classif"/*.xml)
  if "$ACTES" receipt --help >/dev/null 2>&1; then
    "$ACTES" receipt read "${files[@]}" >/dev/null
    for _ in $(seq 1 "$RUNS"); do
      once rx xmllint --noout "${files[@]}"
      once rt "$ACTES" receipt read "${files[@]}"
      once rj "$ACTES" receipt read --json "${files[@]}"
    done
    for _ in $(seq 1 "$RUNS"); do
      once cx xmllint --noout "${classif[@]}"
      once ct "$ACTES" receipt read "${classif[@]}"
    done
    summary receipts "xmllint --noout, 5000 ARActe" "one process" rx
    summary receipts "actes receipt read, 5000 ARActe" "one process, text output" rt
    summary receipts "actes receipt read --json, 5000 ARActe" "one process" rj
    summary receipts "xmllint --noout, 200 RetourClassification" "one process" cx
    summary receipts "actes receipt read, 200 RetourClassification" "one process, text output" ct
  else
    echo "  (actes receipt read: not in this build, skipped)"
    measure receipts "xmllint --noout, 5000 ARActe" "one process" xmllint --noout "${files[@]}"
    measure receipts "xmllint --noout, 200 RetourClassification" "one process" xmllint --noout "${classif[@]}"
  fi
  local name
  for name in aractes_pastell aractes_s2low_1-2 retour_classification_32k; do
    record receipts "actes Message::parse $name (per file)" \
      "$(awk -v n="$(criterion_ns message_parse "$name")" 'BEGIN {print n / 1e9}')" "criterion median, in memory"
  done
  record receipts "actes Classification::parse 32 KB (per file)" \
    "$(awk -v n="$(criterion_ns classification_parse retour_classification_32k)" 'BEGIN {print n / 1e9}')" "criterion median, in memory"
  echo "   (load $(load))"
}

# --- documents: ARCHIVE_MIB MiB of incompressible PDF-like files ---------------
DOCS="$WORK/docs"
make_docs() {
  [ -d "$DOCS" ] && return
  mkdir -p "$DOCS"
  # Three documents (an act and two annexes): "%PDF-1.4", random bytes,
  # "%%EOF". A few KiB under the total so that the archive, headers and
  # messages included, stays under the protocol cap.
  local each=$(((ARCHIVE_MIB * 1024 * 1024 - 64 * 1024) / 3)) i
  for i in 1 2 3; do
    {
      printf '%%PDF-1.4\n'
      head -c "$((each - 15))" /dev/urandom
      printf '\n%%%%EOF\n'
    } >"$DOCS/doc$i.pdf"
  done
  cat "$DOCS"/*.pdf >/dev/null
}

# archive_set LABEL DIR FILE...: `tar | gzip -9` against the tar.gz writer
# (examples/targz, default level) on the same files; same contents checked,
# sizes kept in $SIZES.
SIZES="$ROOT/target/compare-sizes.tsv" # label gzip9_bytes actes_bytes
archive_set() {
  local label=$1 dir=$2
  shift 2
  local out="$WORK/out-$label" paths=() f
  mkdir -p "$out"
  for f in "$@"; do paths+=("$dir/$f"); done
  measure archive "tar cf - | gzip -9, $label" "$label" \
    bash -c "tar cf - -C '$dir' $* | gzip -9 >'$out/gzip9.tar.gz'"
  measure archive "actes TarGzWriter, $label" "$label, default level" \
    "$ROOT/target/release/examples/targz" "$out/actes.tar.gz" "${paths[@]}"
  gzip -t "$out/actes.tar.gz"
  cmp <(tar xOzf "$out/actes.tar.gz") <(tar xOzf "$out/gzip9.tar.gz")
  printf '%s\t%s\t%s\n' "$label" "$(stat -c %s "$out/gzip9.tar.gz")" "$(stat -c %s "$out/actes.tar.gz")" >>"$SIZES"
  rm -rf "$out"
}

# make_compressible DIR: (a) a 40 MB TotEM budget XML (the lines of the
# reference CA 2021 budget, amounts and codes varied) and a 2 MiB PDF of
# noise; (c) a mixed set: an 8 MB budget, an uncompressed text-heavy PDF,
# a scanned-image PDF and a JPEG (noise), a small XML.
make_compressible() {
  local dir=$1
  [ -f "$dir/budget.xml" ] && return
  mkdir -p "$dir"
  "$PY" - "$REF/samples/totem/DOCBUDG-21560046100010-056025-CA-2021.xml" "$dir" <<'PY'
import os, re, sys
src = open(sys.argv[1], "rb").read()
out_dir = sys.argv[2]
head = src.split(b"<LigneBudget>", 1)[0].rsplit(b"\n", 1)[0] + b"\n"
lines = re.findall(rb"[ \t]*<LigneBudget>.*?</LigneBudget>\r?\n", src, re.S)
tail = src[src.rindex(b"</LigneBudget>") + len(b"</LigneBudget>"):]
x = 12345
def rnd():
    global x
    x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    return x >> 33
def amount(m):
    v = rnd() % 10_000_000
    return b'V="%d.%02d"' % (v // 100, v % 100)
def budget(path, size):
    with open(path, "wb") as out:
        out.write(head); n = len(head); i = 0
        while n < size:
            l = re.sub(rb'V="\d[\d.]*"', amount, lines[i % len(lines)])
            out.write(l); n += len(l); i += 1
        out.write(tail)
def noise(path, size, magic, end=b""):
    with open(path, "wb") as out:
        out.write(magic); out.write(os.urandom(size - len(magic) - len(end))); out.write(end)
budget(os.path.join(out_dir, "budget.xml"), 40_000_000)
budget(os.path.join(out_dir, "budget-small.xml"), 8_000_000)
noise(os.path.join(out_dir, "annexe.pdf"), 2 << 20, b"%PDF-1.4\n", b"\n%%EOF\n")
noise(os.path.join(out_dir, "scan.pdf"), 20 << 20, b"%PDF-1.4\n", b"\n%%EOF\n")
noise(os.path.join(out_dir, "photo.jpg"), 5 << 20, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
words = [b"deliberation", b"conseil", b"municipal", b"article", b"budget", b"commune", b"vote", b"annexe",
         b"montant", b"euros", b"investissement", b"fonctionnement", b"le", b"la", b"des", b"du", b"et"]
with open(os.path.join(out_dir, "text.pdf"), "wb") as out:
    out.write(b"%PDF-1.4\n"); n = 0; obj = 1
    while n < 12_000_000:
        body = b"".join(b"BT /F1 11 Tf 72 %d Td (%s) Tj ET\n" % (700 - 14 * k, b" ".join(words[rnd() % len(words)] for _ in range(1 + rnd() % 12))) for k in range(48))
        chunk = b"%d 0 obj << /Length %d >> stream\n%s\nendstream endobj\n" % (obj, len(body), body)
        out.write(chunk); n += len(chunk); obj += 1
    out.write(b"trailer << /Root 1 0 R >>\n%%EOF\n")
with open(os.path.join(out_dir, "acte.xml"), "wb") as out:
    out.write(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<actes:Acte xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"/>\n')
PY
  cat "$dir"/* >/dev/null
}

section_archive() {
  echo "== archive (load $(load))"
  : >"$SIZES"
  cargo build --release --quiet --example targz
  make_compressible "$WORK/compressible"
  archive_set "40 MB budget + PDF" "$WORK/compressible" budget.xml annexe.pdf
  archive_set "mixed set" "$WORK/compressible" acte.xml budget-small.xml text.pdf scan.pdf photo.jpg
  make_docs
  archive_set "$ARCHIVE_MIB MiB PDF" "$DOCS" doc1.pdf doc2.pdf doc3.pdf
  local out="$WORK/out"
  mkdir -p "$out"
  measure archive "tar cf - | gzip -1" "$ARCHIVE_MIB MiB" \
    bash -c "tar cf - -C '$DOCS' doc1.pdf doc2.pdf doc3.pdf | gzip -1 >'$out/fast.tar.gz'"
  measure archive "tar cf - (no compression)" "$ARCHIVE_MIB MiB" \
    bash -c "tar cf - -C '$DOCS' doc1.pdf doc2.pdf doc3.pdf >'$out/plain.tar'"
  # Peak RSS must not grow with the input: the same writer on a tenth.
  head -c "$((ARCHIVE_MIB * 1024 * 1024 / 10))" "$DOCS/doc1.pdf" >"$WORK/small.pdf"
  measure archive "actes TarGzWriter, a tenth of the input" "$((ARCHIVE_MIB / 10)) MiB" \
    "$ROOT/target/release/examples/targz" "$out/small.tar.gz" "$WORK/small.pdf"
  if "$ACTES" archive --help >/dev/null 2>&1; then
    cat >"$DOCS/../input.json" <<JSON
{
  "collectivite": {
    "siren": "216204982", "departement": "062", "arrondissement": "7", "nature": "31",
    "referent": { "nom": "Service des assemblées", "telephone": "0321000000", "email": "assemblees@example.fr" },
    "adresses_retour": ["actes@example.fr"]
  },
  "transmetteur": { "trigramme": "SLO", "application": "EACT" },
  "envoi": { "date": "2022-12-19", "sequence": 1 },
  "acte": {
    "nature": "DE", "date": "2022-12-14", "numero": "DLB12_14122022",
    "objet": "Budget primitif 2023", "matiere": "7.1", "classification_date": "2022-06-01",
    "papier": false,
    "document": { "path": "docs/doc1.pdf", "typologie": "99_DE" },
    "annexes": [{ "path": "docs/doc2.pdf", "typologie": "99_DE" }, { "path": "docs/doc3.pdf", "typologie": "99_DE" }]
  }
}
JSON
    "$ACTES" archive build "$WORK/input.json" --out "$out" --today 2022-12-19 --force >"$WORK/build.txt"
    local archive
    archive=$(ls "$out"/SLO-EACT--*.tar.gz)
    gzip -t "$archive"
    tar tzf "$archive" >/dev/null
    measure archive "actes archive build" "$ARCHIVE_MIB MiB, manifest included" \
      "$ACTES" archive build "$WORK/input.json" --out "$out" --today 2022-12-19 --force
    printf 'archive sizes: actes archive build %s, gzip -1 %s, tar %s bytes\n' "$(stat -c %s "$archive")" \
      "$(stat -c %s "$out/fast.tar.gz")" "$(stat -c %s "$out/plain.tar")"
  else
    echo "  (actes archive build: not in this build, skipped)"
  fi
  rm -rf "$out"
  echo "   (load $(load))"
}

section_manifest() {
  echo "== manifest (load $(load))"
  make_docs
  measure manifest "sha256sum" "$ARCHIVE_MIB MiB, 3 files" sha256sum "$DOCS"/doc1.pdf "$DOCS"/doc2.pdf "$DOCS"/doc3.pdf
  ACTES_BENCH_DOCS="$DOCS" cargo bench --quiet --bench manifest >"$WORK/bench-manifest.log" 2>&1 \
    || { cat "$WORK/bench-manifest.log"; exit 1; }
  record manifest "actes SHA-256 (sha2), same files" \
    "$(awk -v n="$(criterion_ns sha256_150MiB files)" 'BEGIN {print n / 1e9}')" "criterion median, read + hash"
  record manifest "actes SHA-256 (sha2), in memory" \
    "$(awk -v n="$(criterion_ns sha256_150MiB in_memory)" 'BEGIN {print n / 1e9}')" "criterion median, 150 MiB generated"
  echo "   (load $(load))"
}

# --- budget: the seal of a 40 MB TotEM document ----------------------------------
section_budget() {
  echo "== budget (load $(load))"
  # The same deterministic generator as benches/budget.rs: a real sample with
  # its budget lines repeated, sealed by the library.
  cargo build --release --quiet --example totem_large
  "$ROOT/target/release/examples/totem_large" "$WORK/budget40.xml" 40
  "$ROOT/target/release/examples/totem_large" "$WORK/budget4.xml" 4
  cat "$WORK"/budget*.xml >/dev/null
  "$ACTES" budget check "$WORK/budget40.xml" >/dev/null # valid, or the script stops
  measure budget "xmllint --c14n | sha1sum, 40 MB" "DOM; SHA-1 only" \
    bash -c "xmllint --c14n '$WORK/budget40.xml' | sha1sum"
  measure budget "actes budget check, 40 MB" "streamed; MD5 + SHA-1" "$ACTES" budget check "$WORK/budget40.xml"
  measure budget "actes budget check, 4 MB" "peak RSS vs size" "$ACTES" budget check "$WORK/budget4.xml"
  measure budget "actes xml c14n, 40 MB" "stdout /dev/null" "$ACTES" xml c14n "$WORK/budget40.xml"
  cargo bench --quiet --bench budget -- --warm-up-time 1 >"$WORK/bench-budget.log" 2>&1 \
    || { cat "$WORK/bench-budget.log"; exit 1; }
  local b
  for b in inspect c14n md5_sha1; do
    record budget "actes budget_40MB/$b (in process)" \
      "$(awk -v n="$(criterion_ns budget_40MB "$b")" 'BEGIN {print n / 1e9}')" "criterion median, in memory"
  done
  echo "   (load $(load))"
}

for s in "${SECTIONS[@]}"; do
  case $s in
    ids | receipts | archive | manifest | budget) "section_$s" ;;
    *) echo "unknown section $s (ids receipts archive manifest budget)" >&2; exit 2 ;;
  esac
done

# --- the table --------------------------------------------------------------------
echo
echo "load average at the end: $(load)"
printf '%-9s %-46s %12s %9s %12s  %s\n' section measurement "time" "cpu s" "peak RSS" note
awk -F'\t' '{
  t = $3 + 0
  if (t < 1e-6) ts = sprintf("%.1f ns", t * 1e9); else if (t < 1e-3) ts = sprintf("%.2f us", t * 1e6);
  else if (t < 1) ts = sprintf("%.1f ms", t * 1e3); else ts = sprintf("%.2f s", t)
  rss = ($5 == "") ? "-" : sprintf("%.1f MiB", $5 / 1024)
  cpu = ($4 == "") ? "-" : $4
  printf "%-9s %-46s %12s %9s %12s  %s\n", $1, $2, ts, cpu, rss, $6
}' "$RESULTS"

# Ratios, from the figures above.
echo
echo "ratios (same run):"
get() { awk -F'\t' -v l="$1" -v c="${2:-3}" '$2 == l {print $c; exit}' "$RESULTS"; }
ratio() { # LABEL SLOW FAST: the time ratio, and the CPU-time ratio for processes
  local slow fast cs cf
  slow=$(get "$2")
  fast=$(get "$3")
  cs=$(get "$2" 4)
  cf=$(get "$3" 4)
  if [ -n "$slow" ] && [ -n "$fast" ]; then
    awk -v a="$slow" -v b="$fast" -v ca="$cs" -v cb="$cf" -v l="$1" 'BEGIN {
      printf "  %-58s %8.1fx", l, a / b
      if (ca != "" && cb != "" && cb > 0) printf "   (CPU time %.1fx)", ca / cb
      printf "\n" }'
  fi
  return 0
}
ratio "Siren::is_valid vs stdnum.fr.siren.is_valid" "python-stdnum siren.is_valid (per item)" "actes Siren::is_valid (per item)"
ratio "ActeId::parse_diagnostics vs regex+siren.is_valid" "python regex+siren.is_valid IDActe (per item)" "actes ActeId::parse_diagnostics (per item)"
ratio "actes id check vs python-stdnum script (1 M, wall)" "python-stdnum script, 1 M IDActe" "actes id check, 1 M IDActe"
ratio "actes receipt read vs xmllint --noout (5000 ARActe, wall)" "xmllint --noout, 5000 ARActe" "actes receipt read, 5000 ARActe"
ratio "actes receipt read --json vs xmllint --noout (5000 ARActe, wall)" "xmllint --noout, 5000 ARActe" "actes receipt read --json, 5000 ARActe"
ratio "actes receipt read vs xmllint (200 classifications, wall)" "xmllint --noout, 200 RetourClassification" "actes receipt read, 200 RetourClassification"
ratio "id check --json time / text time (target <= 1.5x)" "actes id check --json, 1 M IDActe" "actes id check, 1 M IDActe"
if [ -n "$(get "xmllint --noout, 5000 ARActe")" ]; then
  x=$(get "xmllint --noout, 5000 ARActe")
  m=$(get "actes Message::parse aractes_pastell (per file)")
  awk -v x="$x" -v m="$m" 'BEGIN {printf "  %-58s %8.1fx\n", "Message::parse (in process) vs xmllint per file in one process", x / 5000 / m}'
fi
ratio "actes archive build vs tar | gzip -9 (wall)" "tar cf - | gzip -9, $ARCHIVE_MIB MiB PDF" "actes archive build"
ratio "actes archive build vs tar | gzip -1 (wall)" "tar cf - | gzip -1" "actes archive build"
ratio "sha256sum / actes SHA-256 (same files; target >= 0.83)" "sha256sum" "actes SHA-256 (sha2), same files"
ratio "actes budget check vs xmllint --c14n | sha1sum (40 MB, wall)" "xmllint --c14n | sha1sum, 40 MB" "actes budget check, 40 MB"
if [ -s "$SIZES" ]; then
  echo
  echo "archives against tar | gzip -9 (target: at most 2 % larger, at least 5x faster):"
  while IFS=$'\t' read -r label gz ac; do
    ratio "  speed, $label (wall)" "tar cf - | gzip -9, $label" "actes TarGzWriter, $label"
    awk -v g="$gz" -v a="$ac" -v l="$label" 'BEGIN {
      printf "    size, %-52s gzip -9 %d, actes %d bytes: %+.2f %%\n", l, g, a, (a / g - 1) * 100 }'
  done <"$SIZES"
fi
echo "results: $RESULTS"
