#!/usr/bin/env bash
# How long `dojo check` takes to report a moved folder: the 10,000-page
# corpus with one folder (`team-rituals/`, 268 pages) renamed, so every
# link into it (1,451) is broken and each gets a did-you-mean. The same
# corpus untouched is timed too, as the floor.
#
#   bash benches/broken_links.sh
#   BASE=/path/to/older/dojo RUNS=3 bash benches/broken_links.sh
#
# Prints the median wall time of RUNS checks of each corpus per binary
# (`DOJO`, default a fresh `cargo build --release`; `BASE` too if given),
# and the number of errors reported, which must match across binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

pages="${PAGES:-10000}"
runs="${RUNS:-3}"
work="${WORK:-target/bench/broken-links}"
folder="${FOLDER:-team-rituals}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
mkdir -p "$work"

intact="$work/intact-$pages"
moved="$work/moved-$pages"
if [ ! -f "$intact/handbook.toml" ]; then
    rm -rf "$intact" "$intact.tmp"
    python3 ../shared/bench/gen_corpus.py --format dojo --pages "$pages" --seed 1 --out "$intact.tmp"
    mv "$intact.tmp" "$intact"
fi
if [ ! -f "$moved/handbook.toml" ]; then
    rm -rf "$moved"
    cp -r "$intact" "$moved"
    mv "$moved/content/$folder" "$moved/content/moved-$folder"
fi
dojo="${DOJO:-}"
if [ -z "$dojo" ]; then
    cargo build --release --quiet
    dojo="$CARGO_TARGET_DIR/release/dojo"
fi
bins=("$dojo")
labels=(this)
if [ -n "${BASE:-}" ]; then
    bins+=("$BASE")
    labels+=(base)
fi

# check BINARY ROOT: prints "seconds errors".
check() {
    local start end
    start=$(date +%s.%N)
    "$1" --root "$2" check >"$work/check.txt" 2>&1 || true
    end=$(date +%s.%N)
    echo "$start $end $(grep -c '^error' "$work/check.txt" || true)" |
        awk '{ printf "%.2f %d\n", $2 - $1, $3 }'
}

echo "| Binary | Corpus | Median wall (s) | Runs | Errors |"
echo "|---|---|---:|---:|---:|"
for k in "${!bins[@]}"; do
    for corpus in intact moved; do
        root="$work/$corpus-$pages"
        : >"$work/times.txt"
        for _ in $(seq "$runs"); do check "${bins[$k]}" "$root" >>"$work/times.txt"; done
        python3 - "$work/times.txt" "${labels[$k]}" "$corpus" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
times = [float(r[0]) for r in rows]
errors = sorted({r[1] for r in rows})
print(f"| {sys.argv[2]} | {sys.argv[3]} | {statistics.median(times):.2f} | {len(times)} | {', '.join(errors)} |")
PY
    done
done
