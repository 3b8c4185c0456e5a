#!/usr/bin/env bash
# Measures Dojo's search index on the shared 10,000-page corpus: layout
# (file and shard sizes), bytes and requests per query typed one key at a
# time, and known-item recall at 5 with and without typos. See README.md.
#
#   PAGES=10000 COUNT=200 bash benches/search/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

pages="${PAGES:-10000}"
count="${COUNT:-200}"
work="${WORK:-target/search-bench}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
mkdir -p "$work"

corpus="$work/corpus-$pages"
if [ ! -d "$corpus" ]; then
    python3 ../shared/bench/gen_corpus.py --format dojo --pages "$pages" --out "$corpus"
fi
cargo build --release --quiet --example search_index
"$CARGO_TARGET_DIR/release/examples/search_index" "$corpus" "$work/index"

python3 ../shared/bench/known_items.py "$corpus/content" --count "$count" > "$work/known.json"
node benches/search/simulate.js "$work/index" "$work/known.json" > "$work/typo.jsonl"
node benches/search/simulate.js "$work/index" "$work/known.json" --field clean > "$work/clean.jsonl"
python3 benches/search/measure.py "$work/index" themes/default/static/search.js \
    "$work/typo.jsonl" "$work/clean.jsonl"
