#!/usr/bin/env bash
# What the search index adds to a full `dojo build` of the 10,000-page
# corpus: the same handbook built with `[search] enabled = true` and
# `false`, interleaved run by run, wall time, CPU time and peak memory from
# GNU time. On a shared machine the wall time swings with the neighbours'
# load; the CPU time, the work done, swings less.
#
#   RUNS=5 bash benches/search/build_cost.sh
#   BASE=/path/to/older/dojo RUNS=9 bash benches/search/build_cost.sh
#   VOCAB=60000 RUNS=5 bash benches/search/build_cost.sh
#   INSTRUCTIONS=1 BASE=/path/to/older/dojo bash benches/search/build_cost.sh
#
# `VOCAB=N` first gives the corpus a realistic vocabulary (30% of body
# words drawn from N made-up words, see `vocab_corpus.py`): the generated
# prose has only some 430 distinct terms, which flatters the index.
#
# The site (some 300 MB) is written to `OUT` (default: a folder in /dev/shm,
# memory): on this machine's disk, writing it back takes seconds that vary
# from run to run and would hide what the index costs. `OUT=target/x` builds
# to disk instead.
set -euo pipefail
cd "$(dirname "$0")/../.."

pages="${PAGES:-10000}"
runs="${RUNS:-5}"
work="${WORK:-target/search-bench/build-cost}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
mkdir -p "$work"
out="${OUT:-}"
if [ -z "$out" ]; then
    if [ -d /dev/shm ]; then out="$(mktemp -d /dev/shm/dojo-build-cost.XXXXXX)"; else out="$work/out"; fi
    trap 'rm -rf "$out"' EXIT
fi
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }

corpus="$pages${VOCAB:+-vocab$VOCAB}"
with="$work/with-search-$corpus"
without="$work/without-search-$corpus"
if [ ! -f "$with/handbook.toml" ]; then
    rm -rf "$with" "$without" "$with.tmp"
    python3 ../shared/bench/gen_corpus.py --format dojo --pages "$pages" --seed 1 --out "$with.tmp"
    if [ -n "${VOCAB:-}" ]; then
        python3 benches/search/vocab_corpus.py "$with.tmp/content" --words "$VOCAB"
    fi
    mv "$with.tmp" "$with"
fi
if [ ! -f "$without/handbook.toml" ]; then
    cp -r "$with" "$without"
    printf '\n[search]\nenabled = false\n' >>"$without/handbook.toml"
fi
dojo="${DOJO:-}"
if [ -z "$dojo" ]; then
    cargo build --release --quiet
    dojo="$CARGO_TARGET_DIR/release/dojo"
fi

# One build with binary $1 of handbook $2: prints "seconds peak-KiB
# cpu-seconds" (CPU: user + system, all threads). Each build writes some
# 300 MB; the `sync` lets the previous build's writes reach the disk first,
# so one build is not slowed by writing back another's pages.
build() {
    rm -rf "$out/public"
    sync
    /usr/bin/time -f "%e %M %U %S" -o "$work/time.txt" "$1" --root "$2" build --out "$out/public" >/dev/null
    awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$work/time.txt"
}

# `BASE=path/to/other/dojo` times that binary too, in the same runs (its
# builds interleaved with this one's), to compare two commits fairly.
labels="this"
bins=("$dojo")
if [ -n "${BASE:-}" ]; then
    labels="this base"
    bins+=("$BASE")
fi

# `INSTRUCTIONS=1` counts instead of timing: each binary builds each
# handbook once under cachegrind (some four minutes a build), and the count
# is the same on every run, so two commits compare without the machine's
# noise. It is not time: the index's code does fewer instructions per cycle
# than the rest of the build, so it costs a larger share of the time.
if [ -n "${INSTRUCTIONS:-}" ]; then
    command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
    k=0
    for label in $labels; do
        for site in with without; do
            rm -rf "$out/public"
            valgrind --tool=cachegrind --cache-sim=no --branch-sim=yes --cachegrind-out-file=/dev/null \
                "${bins[$k]}" --root "$work/$site-search-$corpus" build --out "$out/public" \
                >/dev/null 2>"$work/$label-$site.cachegrind"
        done
        python3 - "$work/$label-with.cachegrind" "$work/$label-without.cachegrind" "$corpus" "$label" <<'PY'
import re, sys
def counts(path):
    text = open(path).read()
    def total(name):
        return int(re.search(name + r":\s+([\d,]+)", text).group(1).replace(",", ""))
    return total("I +refs"), total("Mispredicts")
(wi, wm), (ni, nm) = counts(sys.argv[1]), counts(sys.argv[2])
print(f"Binary: {sys.argv[4]}. Full build of the {sys.argv[3]} corpus under cachegrind\n")
print("| Build | Instructions | Mispredicted branches |")
print("|---|---:|---:|")
print(f"| search enabled | {wi:,} | {wm:,} |")
print(f"| search disabled | {ni:,} | {nm:,} |")
print(f"\nThe index adds {100 * (wi - ni) / ni:.1f}% to the instructions of a full build "
      f"and {100 * (wm - nm) / nm:.1f}% to its mispredicted branches.\n")
PY
        k=$((k + 1))
    done
    exit 0
fi
for b in "${bins[@]}"; do
    build "$b" "$with" >/dev/null
    build "$b" "$without" >/dev/null
done
for label in $labels; do : >"$work/$label-with.txt"; : >"$work/$label-without.txt"; done
for i in $(seq "$runs"); do
    k=0
    for label in $labels; do
        build "${bins[$k]}" "$with" >>"$work/$label-with.txt"
        build "${bins[$k]}" "$without" >>"$work/$label-without.txt"
        echo "run $i, $label: with $(tail -1 "$work/$label-with.txt"), without $(tail -1 "$work/$label-without.txt")" >&2
        k=$((k + 1))
    done
done
for label in $labels; do
python3 - "$work/$label-with.txt" "$work/$label-without.txt" "$corpus" "$runs" "$out" "$label" <<'PY'
import statistics, sys
def load(p):
    rows = [tuple(map(float, l.split())) for l in open(p) if l.strip()]
    return [r[0] for r in rows], [r[1] / 1024 for r in rows], [r[2] for r in rows]
(ws, wm, wc), (ns, nm, nc) = load(sys.argv[1]), load(sys.argv[2])
w, n = statistics.median(ws), statistics.median(ns)
cw, cn = statistics.median(wc), statistics.median(nc)
print(f"Binary: {sys.argv[6]}. Full build of the {sys.argv[3]} corpus into {sys.argv[5]}, {sys.argv[4]} runs each, interleaved\n")
print("| Build | Median wall (s) | Min-max (s) | Median CPU (s) | Median peak RSS (MiB) |")
print("|---|---:|---:|---:|---:|")
print(f"| search enabled | {w:.2f} | {min(ws):.2f}-{max(ws):.2f} | {cw:.2f} | {statistics.median(wm):.0f} |")
print(f"| search disabled | {n:.2f} | {min(ns):.2f}-{max(ns):.2f} | {cn:.2f} | {statistics.median(nm):.0f} |")
ratios = sorted(a / b for a, b in zip(ws, ns))
print(f"\nThe index adds {100 * (w - n) / n:.0f}% to the median full build; run by run "
      f"(with / without, each pair back to back) it adds {100 * (statistics.median(ratios) - 1):.0f}% "
      f"(median), {100 * (ratios[0] - 1):.0f}-{100 * (ratios[-1] - 1):.0f}%. In CPU time "
      f"(user + system, all threads) it adds {100 * (cw - cn) / cn:.0f}% by medians.\n")
PY
done
