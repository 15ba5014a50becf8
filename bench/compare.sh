#!/usr/bin/env bash
# Side-by-side: crmspec (YAML → Markdown + PDF) against pandoc + WeasyPrint turning crmspec's
# own Markdown into PDF. Alternating runs, median wall time, peak memory (RSS) and PDF sizes.
#
#   bench/compare.sh [REPETITIONS]      (default 5)
#
# Installs pandoc (Debian) and WeasyPrint (PyPI) when missing. Inputs: the bundled examples,
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
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }

cargo build --release -q
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --release -q --example generate -- --requirements 3000 --modules 30 --channels 60 --flows 300 > "$work/large-3000.yaml"

inputs=(specs/velo-horizon.yaml specs/northwind-b2b.yaml)
[ -f ../shared/questionnaire-reference.yaml ] && inputs+=(../shared/questionnaire-reference.yaml)
inputs+=("$work/large-3000.yaml")

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

printf '%-34s %12s %12s %8s %11s %11s %10s %10s\n' questionnaire "crmspec s" "pandoc s" ratio "crmspec MB" "pandoc MB" "crmspec KB" "pandoc KB"
for input in "${inputs[@]}"; do
  name="$(basename "$input" .yaml)"
  out="$work/$name"
  ./target/release/crmspec render "$input" -o "$out" --format md >/dev/null
  md="$(ls "$out"/*.md)"
  : > "$work/crm.t"; : > "$work/pan.t"
  for _ in $(seq "$reps"); do
    /usr/bin/time -f '%e %M' -o "$work/t" ./target/release/crmspec render "$input" -o "$out" >/dev/null 2>&1
    cat "$work/t" >> "$work/crm.t"
    (cd "$out" && /usr/bin/time -f '%e %M' -o "$work/t" pandoc -f gfm "$md" -o "$out/pandoc.pdf" \
      --pdf-engine=weasyprint --metadata title="$name" >/dev/null 2>&1)
    cat "$work/t" >> "$work/pan.t"
  done
  crm_s=$(awk '{print $1}' "$work/crm.t" | median); pan_s=$(awk '{print $1}' "$work/pan.t" | median)
  crm_m=$(awk '{print $2}' "$work/crm.t" | median); pan_m=$(awk '{print $2}' "$work/pan.t" | median)
  crm_pdf="$(ls "$out"/*.pdf | grep -v '/pandoc.pdf$')"
  crm_kb=$(( $(stat -c %s "$crm_pdf") / 1024 ))
  pan_kb=$(( $(stat -c %s "$out/pandoc.pdf") / 1024 ))
  ratio=$(awk -v a="$pan_s" -v b="$crm_s" 'BEGIN { printf "%.1f×", (b > 0 ? a / b : 0) }')
  printf '%-34s %12s %12s %8s %11.1f %11.1f %10s %10s\n' "$name" "$crm_s" "$pan_s" "$ratio" \
    "$(awk -v k="$crm_m" 'BEGIN{print k/1024}')" "$(awk -v k="$pan_m" 'BEGIN{print k/1024}')" "$crm_kb" "$pan_kb"
done
echo "($reps alternating runs each; medians; wall time and peak RSS from /usr/bin/time)"

# Memory per output format on a 30,000-requirement questionnaire, against its budget.
echo
bench/memory.sh
