#!/usr/bin/env bash
# Dojo's search vs Pagefind on the same built 10,000-page site: index size on
# disk, and for the same known-item queries (with and without a typo) the
# cold-query cost in headless Chromium, gzipped bytes on the wire and
# requests until the first five results show with excerpts, and recall at 5.
# See README.md ("Dojo vs Pagefind").
#
#   bash benches/search/compare_pagefind.sh
#   COUNT=20 ENGINES="pagefind dojo" bash benches/search/compare_pagefind.sh   # quick look
#
# Installs what is missing: pagefind@1 and playwright-core@1 from npm under
# target/npm (with axe-core@4, which scripts/test.sh keeps there, so that one
# install does not prune the other's), and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/../.."

pages="${PAGES:-10000}"
count="${COUNT:-200}"
seed=1
engines="${ENGINES:-pagefind dojo dojo-page}"
work="${WORK:-target/search-bench/pagefind}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
npm_dir="$PWD/target/npm"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
mkdir -p "$work"
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$1" "$EPOCHREALTIME"; }

# ---- tools -------------------------------------------------------------
if [ ! -x "$npm_dir/node_modules/.bin/pagefind" ] || [ ! -d "$npm_dir/node_modules/playwright-core" ]; then
    echo "Installing pagefind@1 and playwright-core@1 under target/npm..." >&2
    npm install --silent --no-save --no-audit --no-fund --prefix "$npm_dir" \
        pagefind@1 playwright-core@1 axe-core@4 >&2
fi
if [ ! -x "$CHROMIUM" ]; then
    echo "Installing chromium..." >&2
    apt-get update -qq && apt-get install -y -qq chromium >&2
fi
pagefind="$npm_dir/node_modules/.bin/pagefind"

# ---- 1. the corpus and dojo build -----------------------------------------
corpus="target/bench/corpus/seed$seed-pages$pages/dojo"
if [ ! -f "$corpus/handbook.toml" ]; then
    corpus="$work/corpus-$pages"
    if [ ! -f "$corpus/handbook.toml" ]; then
        rm -rf "$corpus"
        python3 ../shared/bench/gen_corpus.py --format dojo --pages "$pages" --seed "$seed" --out "$corpus"
    fi
fi
# DOJO=path/to/dojo skips the build (e.g. a binary built from a clean export
# of a commit; DOJO_REV then says which).
dojo="${DOJO:-}"
if [ -z "$dojo" ]; then
    cargo build --release --quiet
    dojo="$CARGO_TARGET_DIR/release/dojo"
fi
dojo_rev="${DOJO_REV:-$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src themes Cargo.toml 2>/dev/null || echo ' with uncommitted changes')}"
site="$work/site"
rm -rf "$site"
start=$EPOCHREALTIME
"$dojo" --root "$corpus" build --out "$site" >"$work/dojo-build.log" 2>&1 \
    || { cat "$work/dojo-build.log" >&2; exit 1; }
dojo_s=$(elapsed "$start")
if [ ! -f "$site/_dojo/search/manifest.js" ]; then
    echo "dojo build wrote no search index (_dojo/search/manifest.js): is search wired into the build yet?" >&2
    exit 1
fi

# ---- 2. Pagefind on the same built site -------------------------------------
start=$EPOCHREALTIME
"$pagefind" --site "$site" --verbose >"$work/pagefind.log" 2>&1 || { cat "$work/pagefind.log" >&2; exit 1; }
pagefind_s=$(elapsed "$start")
# Which element Pagefind indexed: it says whether it found data-pagefind-body.
element=$(grep -iE "pagefind-body|Indexing all" "$work/pagefind.log" | tr -s ' \n' ' ' || true)

# ---- 3. the queries -----------------------------------------------------------
python3 ../shared/bench/known_items.py "$corpus/content" --count "$count" --seed "$seed" >"$work/known.json"

# ---- 4. serve the site, gzipped, and run every query cold in Chromium ---------
port="${PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
python3 benches/search/gzip_server.py "$site" "$port" 2>"$work/server.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/__bench/blank.html')" 2>/dev/null && break
    sleep 0.2
done
results=()
for engine in $engines; do
    for field in q clean; do
        out="$work/$engine-$field.jsonl"
        echo "$engine, $field: $count queries..." >&2
        node benches/search/browser_bench.js "http://127.0.0.1:$port" "$work/known.json" "$engine" "$field" >"$out"
        results+=("$out")
    done
done

# ---- 5. report ----------------------------------------------------------------
{
    echo "## Search: Dojo vs Pagefind ($pages pages, $count known-item queries)"
    echo
    echo "Command: \`COUNT=$count ENGINES=\"$engines\" bash benches/search/compare_pagefind.sh\`"
    echo
    echo "- Dojo: commit $dojo_rev; \`dojo build\` took $dojo_s s"
    echo "- Pagefind: $("$pagefind" --version) (npm pagefind@1); indexing took $pagefind_s s; element: ${element:-see $work/pagefind.log}"
    echo "- $("$CHROMIUM" --version 2>/dev/null | head -1), playwright-core $(node -p "require('$npm_dir/node_modules/playwright-core/package.json').version"), node $(node --version), Python $(python3 -c 'import platform; print(platform.python_version())')"
    echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo
    python3 benches/search/compare_report.py "$site" "${results[@]}"
} | tee "$work/report.md"
