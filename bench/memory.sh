#!/usr/bin/env bash
# Peak memory (max RSS) of `crmspec render` writing each output format alone, for a generated
# questionnaire of 30,000 requirements (10 times a large real one). Fails when a format goes
# over the budget: 500 MB by default.
#
#   bench/memory.sh [REQUIREMENTS] [BUDGET_MB]      (defaults: 30000 500)
#
# Also run at the end of bench/compare.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-30000}"
budget="${2:-500}"
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }

cargo build --release -q
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo run --release -q --example generate -- --requirements "$requirements" --modules 60 \
  --channels 60 --flows 300 > "$work/large.yaml"

over=0
printf '%-8s %10s %12s\n' format "seconds" "peak RSS MB"
for format in md pdf html docx; do
  /usr/bin/time -f '%e %M' -o "$work/t" ./target/release/crmspec render "$work/large.yaml" \
    -o "$work/$format" --format "$format" >/dev/null 2>&1
  read -r seconds kb < "$work/t"
  mb=$(( kb / 1024 ))
  printf '%-8s %10s %12s\n' "$format" "$seconds" "$mb"
  if [ "$mb" -gt "$budget" ]; then over=1; fi
done
echo "($requirements requirements; budget $budget MB per format)"
if [ "$over" -ne 0 ]; then
  echo "over the memory budget" >&2
  exit 1
fi
