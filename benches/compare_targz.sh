#!/usr/bin/env bash
# Archive building: the actes tar.gz writer vs what S2LOW runs
# (`tar cf - FILES | gzip -9`), on the same files, in one run.
#
#   benches/compare_targz.sh [SIZE_MIB_PER_FILE] [FILES] [RUNS]
#
# Defaults: 3 files of 50 MiB of random (incompressible, PDF-like) bytes =
# 150 MiB, the protocol's cap; 3 runs of each command; medians reported.
# Wall time and peak RSS come from /usr/bin/time -v (installed with apt-get
# when missing). The files are read from the page cache (warmed first), and
# the archives are written to the same temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MIB=${1:-50}
NFILES=${2:-3}
RUNS=${3:-3}

if [ ! -x /usr/bin/time ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

cargo build --release --quiet --example targz
BIN=target/release/examples/targz

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FILES=()
for i in $(seq 1 "$NFILES"); do
  f="$WORK/99_AU-062-216204982-20221214-DLB12_14122022-DE-1-1_$i.pdf"
  head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$f"
  FILES+=("$f")
done
cat "${FILES[@]}" >/dev/null # warm the page cache

# measure LABEL COMMAND...: runs RUNS times, prints
# "LABEL median_wall_s median_rss_kib size median_cpu_s"
measure() {
  local label=$1
  shift
  local times=() rss=() cpus=()
  for _ in $(seq 1 "$RUNS"); do
    rm -f "$WORK/out.tar.gz"
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null
    local wall kib cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$WORK/time.txt")
    kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$WORK/time.txt")
    times+=("$wall")
    rss+=("$kib")
    cpus+=("$cpu")
  done
  local mt mr mc size
  mt=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mr=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mc=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  size=$(stat -c %s "$WORK/out.tar.gz")
  gzip -t "$WORK/out.tar.gz"
  echo "$label $mt $mr $size $mc"
}

RESULTS="$WORK/results.txt"
: >"$RESULTS"
# -C + bare names: flat entries, as S2LOW does.
NAMES=()
for f in "${FILES[@]}"; do NAMES+=("$(basename "$f")"); done
measure "tar|gzip-9" bash -c "tar cf - -C '$WORK' ${NAMES[*]} | gzip -9 > '$WORK/out.tar.gz'" >>"$RESULTS"
measure "tar|gzip-1" bash -c "tar cf - -C '$WORK' ${NAMES[*]} | gzip -1 > '$WORK/out.tar.gz'" >>"$RESULTS"
for level in 0 1 6 9; do
  measure "actes-level-$level" "$BIN" --level "$level" "$WORK/out.tar.gz" "${FILES[@]}" >>"$RESULTS"
done
measure "actes-default" "$BIN" "$WORK/out.tar.gz" "${FILES[@]}" >>"$RESULTS"

# Same listing as GNU tar would give (names, sizes).
"$BIN" "$WORK/out.tar.gz" "${FILES[@]}" >/dev/null
tar tzf "$WORK/out.tar.gz" | sort >"$WORK/ours.txt"
printf '%s\n' "${NAMES[@]}" | sort >"$WORK/expected.txt"
diff "$WORK/ours.txt" "$WORK/expected.txt"

echo "inputs: $NFILES files x $SIZE_MIB MiB of /dev/urandom; $RUNS runs, medians; $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); load average $(cut -d' ' -f1-3 /proc/loadavg)"
BASE=$(awk '$1=="tar|gzip-9" {print $2}' "$RESULTS")
BASECPU=$(awk '$1=="tar|gzip-9" {print $5}' "$RESULTS")
printf '%-18s %8s %9s %8s %9s %13s %12s\n' command "wall s" "wall vs" "cpu s" "cpu vs" "peak RSS MiB" "archive B"
while read -r label t kib size c; do
  awk -v l="$label" -v t="$t" -v b="$BASE" -v c="$c" -v bc="$BASECPU" -v k="$kib" -v s="$size" 'BEGIN {
    printf "%-18s %8.2f %8.1fx %8.2f %8.1fx %13.1f %12d\n", l, t, (t > 0 ? b / t : 0), c, (c > 0 ? bc / c : 0), k / 1024, s }'
done <"$RESULTS"
