#!/usr/bin/env bash
# Seeds the fuzz corpora from the real samples of ../../shared/reference
# (copied at run time, never committed: fuzz/corpus is git-ignored).
# Usage: fuzz/seed.sh [path/to/shared/reference]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ref="${1:-$here/../../shared/reference}"
[ -d "$ref/samples" ] || { echo "no samples under $ref" >&2; exit 1; }
corpus="$here/corpus"
mkdir -p "$corpus"/{identifiers,code_matiere,file_name,xml,message,classification,container,delivery,c14n}

n=0
seed() { # seed TARGET NAME CONTENT
  printf '%s' "$3" > "$corpus/$1/seed-$2"
}

# Message XML and the XML layer: every sample XML file.
while IFS= read -r -d '' f; do
  n=$((n + 1))
  cp "$f" "$corpus/message/sample-$n.xml"
  cp "$f" "$corpus/xml/sample-$n.xml"
  cp "$f" "$corpus/c14n/sample-$n.xml"
  # File names: every sample's base name.
  seed file_name "name-$n" "$(basename "$f")"
done < <(find "$ref/samples" -type f -name '*.xml' -print0 | sort -z)

# Identifiers: every IDActe, SIREN and NumeroInterne value found in them.
i=0
grep -rhoE '(IDActe|SIREN|NumeroInterne|Departement|Arrondissement|Nature)="[^"]*"' "$ref/samples" \
  | sed -E 's/^[A-Za-z]+="(.*)"$/\1/' | sort -u | while IFS= read -r v; do
  i=$((i + 1)); seed identifiers "id-$i" "$v"
done
grep -rhoE '>[0-9]{3}-[0-9]{9}-[0-9]{8}-[^<]*<' "$ref/samples" | tr -d '<>' | sort -u | while IFS= read -r v; do
  i=$((i + 1)); seed identifiers "text-$i" "$v"
done

# Codes matière: the codes of the national nomenclature and a deep one.
j=0
for c in 1 1.1 8.9 7.1.2 7.10.3.2.1 01.002 1.1.1.1.1.1 0.1 65535.1 65536.1 1..2 " 1.1"; do
  j=$((j + 1)); seed code_matiere "code-$j" "$c"
done

# Classification: the reference classification files and the 7-2 sample.
k=0
for f in "$ref"/refdata/*.xml "$ref"/samples/examples-2003/*RetourClassification*.xml; do
  k=$((k + 1)); cp "$f" "$corpus/classification/classif-$k.xml"
done

# Containers and deliveries: the sample archive, and every sample folder
# packed as tar.gz and as zip. The first byte of an input selects the
# reader (see fuzz_targets/container.rs and delivery.rs).
mkdir -p "$corpus/delivery"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
m=0
add_archive() { # add_archive FILE KIND_CONTAINER KIND_DELIVERY
  m=$((m + 1))
  { printf "\\$(printf '%03o' "$2")"; cat "$1"; } > "$corpus/container/archive-$m"
  { printf "\\$(printf '%03o' "$3")"; cat "$1"; } > "$corpus/delivery/archive-$m"
}
while IFS= read -r -d '' f; do
  add_archive "$f" 0 0
done < <(find "$ref/samples" -type f -name '*.tar.gz' -print0 | sort -z)
while IFS= read -r -d '' d; do
  [ -n "$(find "$d" -maxdepth 1 -type f -name '*.xml' -print -quit)" ] || continue
  b="$tmp/$(basename "$d")"
  tar -C "$d" -czf "$b.tar.gz" --owner=0 --group=0 --mtime=2020-01-01 .
  add_archive "$b.tar.gz" 0 0
  (cd "$d" && python3 -c 'import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for n in sorted(os.listdir(".")):
        if os.path.isfile(n): z.write(n)' "$b.zip")
  add_archive "$b.zip" 2 1
done < <(find "$ref/samples" -mindepth 2 -type d -print0 | sort -z)

# PDF: the project's fixture PDFs, and (when qpdf is there) the same with
# object streams and a cross-reference stream.
mkdir -p "$corpus/pdf"
for f in "$here"/../fixtures/lens/*.pdf; do
  cp "$f" "$corpus/pdf/$(basename "$f")"
  if command -v qpdf >/dev/null 2>&1; then
    qpdf --object-streams=generate "$f" "$corpus/pdf/objstm-$(basename "$f")" || true
  fi
done

for t in "$corpus"/*; do
  echo "$(basename "$t"): $(find "$t" -type f | wc -l) seeds"
done
