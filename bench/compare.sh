#!/usr/bin/env bash
# Side-by-side: crmspec (YAML → Markdown + PDF) against two ways of turning crmspec's own
# Markdown into PDF: pandoc + WeasyPrint, and pandoc's Typst writer + Typst. Alternating runs,
# median wall time, peak memory (RSS) and PDF sizes.
#
#   bench/compare.sh [REPETITIONS]      (default 5)
#
# Installs pandoc (Debian) and WeasyPrint (PyPI) when missing, and for Typst the PyPI packages
# `pypandoc_binary` (a pandoc recent enough to write Typst; Debian's is not) and `typst` (Typst's
# compiler as a Python module: its time includes starting Python, about 40 ms). Inputs: the bundled examples,
# the reference questionnaire when ../shared has it, and a generated large questionnaire
# (3,000 requirements in 30 modules, 60 channels, 300 data exchanges).
set -euo pipefail
cd "$(dirname "$0")/.."
reps="${1:-5}"

if ! command -v pandoc >/dev/null; then
  apt-get update -qq && apt-get install -y -qq pandoc >/dev/null
fi
if ! command -v weasyprint >/dev/null; then
  apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
  pip install -q weasyprint
fi
python3 -c 'import pypandoc, typst' 2>/dev/null || pip install -q pypandoc_binary typst
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
new_pandoc="$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())')"

cargo build --release -q
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --release -q --example generate -- --requirements 3000 --modules 30 --channels 60 --flows 300 > "$work/large-3000.yaml"

inputs=(specs/velo-horizon.yaml specs/northwind-b2b.yaml)
[ -f ../shared/questionnaire-reference.yaml ] && inputs+=(../shared/questionnaire-reference.yaml)
inputs+=("$work/large-3000.yaml")

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

printf '%-28s %10s %10s %10s %9s %9s %9s %9s %9s %9s\n' questionnaire "crmspec s" "weasy s" "typst s" \
  "crm MB" "weasy MB" "typst MB" "crm KB" "weasy KB" "typst KB"
for input in "${inputs[@]}"; do
  name="$(basename "$input" .yaml)"
  out="$work/$name"
  ./target/release/crmspec render "$input" -o "$out" --format md >/dev/null
  md="$(ls "$out"/*.md)"
  : > "$work/crm.t"; : > "$work/pan.t"; : > "$work/typ.t"
  for _ in $(seq "$reps"); do
    /usr/bin/time -f '%e %M' -o "$work/t" ./target/release/crmspec render "$input" -o "$out" >/dev/null 2>&1
    cat "$work/t" >> "$work/crm.t"
    (cd "$out" && /usr/bin/time -f '%e %M' -o "$work/t" pandoc -f gfm "$md" -o "$out/pandoc.pdf" \
      --pdf-engine=weasyprint --metadata title="$name" >/dev/null 2>&1)
    cat "$work/t" >> "$work/pan.t"
    # Both steps of the Typst route, timed as one: Markdown → Typst source → PDF.
    (cd "$out" && /usr/bin/time -f '%e %M' -o "$work/t" sh -c '
      "$1" -f gfm -t typst -s "$2" -o typst.typ &&
      python3 -c "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])" typst.typ typst.pdf
    ' sh "$new_pandoc" "$md" >/dev/null 2>&1)
    cat "$work/t" >> "$work/typ.t"
  done
  med() { awk "{print \$$1}" "$work/$2.t" | median; }
  crm_pdf="$(ls "$out"/*.pdf | grep -v '/pandoc.pdf$' | grep -v '/typst.pdf$')"
  kb() { if [ -f "$1" ]; then echo $(( $(stat -c %s "$1") / 1024 )); else echo "failed"; fi; }
  mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
  printf '%-28s %10s %10s %10s %9s %9s %9s %9s %9s %9s\n' "$name" \
    "$(med 1 crm)" "$(med 1 pan)" "$(med 1 typ)" \
    "$(mb "$(med 2 crm)")" "$(mb "$(med 2 pan)")" "$(mb "$(med 2 typ)")" \
    "$(kb "$crm_pdf")" "$(kb "$out/pandoc.pdf")" "$(kb "$out/typst.pdf")"
done
echo "($reps alternating runs each; medians; wall time and peak RSS from /usr/bin/time)"

# Memory per output format on a 30,000-requirement questionnaire, against its budget.
echo
bench/memory.sh
