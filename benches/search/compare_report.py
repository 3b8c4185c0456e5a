#!/usr/bin/env python3
"""Side-by-side report of Dojo's search and Pagefind on one built site.

Reads the built site (for the index sizes on disk) and the JSON lines of
browser_bench.js (one per query: the requests the server logged between
the start of the query and the first five results showing with excerpts).
Prints Markdown tables: index size on disk, and per engine and query kind
the median and p90 of gzipped bytes on the wire and of requests, recall at
5 and the time to results; then the median bytes by kind of file.

What counts as search traffic: for Pagefind everything under /pagefind/
(pagefind.js, the wasm, pagefind-entry.json, the meta file, index chunks,
fragments); for Dojo /_dojo/search.js (the runtime) and everything under
/_dojo/search/ (manifest, term shards, lexicon, cards). The search page's
own HTML, CSS and dojo.js (any Dojo page loads them) are reported apart.

usage: compare_report.py SITE_DIR RESULTS.jsonl [RESULTS.jsonl ...]
"""
import gzip
import json
import os
import statistics
import sys

ENGINES = {"pagefind": "Pagefind (JS API, top 5 `data()`)",
           "dojo": "Dojo (runtime, `search(q, {limit: 5})`)",
           "dojo-page": "Dojo (`/search/?q=`, as shipped: 20 results)"}
SHORT = {"pagefind": "Pagefind", "dojo": "Dojo runtime", "dojo-page": "Dojo search page"}
FIELDS = {"q": "with typo", "clean": "without typo"}


def q90(xs):
    return sorted(xs)[int(0.9 * (len(xs) - 1))]


def kind(engine, path):
    """Kind of file for the breakdown, or None when it is not search traffic."""
    if engine == "pagefind":
        if not path.startswith("/pagefind/"):
            return None
        rest = path[len("/pagefind/"):]
        if rest.startswith("index/"):
            return "index chunks"
        if rest.startswith("fragment/"):
            return "fragments"
        if rest.startswith("filter/"):
            return "filters"
        return "runtime (js, wasm, entry, meta)"
    if path == "/_dojo/search.js":
        return "runtime (search.js)"
    if path.startswith("/_dojo/search/"):
        rest = path[len("/_dojo/search/"):]
        return {"manifest.js": "manifest", "t": "term shards", "c": "cards", "x": "lexicon",
                "d": "page cards"}.get(rest if rest == "manifest.js" else rest.split("/")[0], rest)
    return None


def disk(site, sub):
    top = os.path.join(site, sub)
    files = raw = blocks = gz = 0
    for d, _, fs in os.walk(top):
        for f in fs:
            p = os.path.join(d, f)
            st = os.stat(p)
            files += 1
            raw += st.st_size
            blocks += st.st_blocks * 512
            with open(p, "rb") as fh:
                data = fh.read()
            z = len(gzip.compress(data, 6, mtime=0))
            gz += min(z, len(data))
    return files, raw, blocks, gz


def main():
    site, runs = sys.argv[1], sys.argv[2:]
    print("### Index on disk\n")
    print("| Engine | Folder | Files | Bytes (sum of file sizes) | On disk (du, 4 KiB blocks) | Sum served gzipped |")
    print("|---|---|---:|---:|---:|---:|")
    for name, sub in (("Dojo", "_dojo/search"), ("Pagefind", "pagefind")):
        if os.path.isdir(os.path.join(site, sub)):
            f, r, b, g = disk(site, sub)
            print(f"| {name} | `{sub}/` | {f:,} | {r / 1e6:.1f} MB | {b / 1e6:.1f} MB | {g / 1e6:.1f} MB |")
    print()

    rows = []
    for run in runs:
        for line in open(run):
            rows.append(json.loads(line))
    groups = {}
    for r in rows:
        groups.setdefault((r["engine"], r["field"]), []).append(r)

    print("### Cold query, first five results with excerpts\n")
    print("| Engine | Query | n | Median KB gz | p90 KB gz | Median requests | p90 requests | Recall@5 | 5 excerpts | Median ms | Median warm ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    breakdown = {}
    for engine in ENGINES:
        for field in FIELDS:
            rs = groups.get((engine, field))
            if not rs:
                continue
            kb, reqs, kinds = [], [], {}
            for r in rs:
                mine = [x for x in r["requests"] if kind(engine, x["path"])]
                kb.append(sum(x["wire"] for x in mine) / 1024)
                reqs.append(len(mine))
                per = {}
                for x in mine:
                    k = kind(engine, x["path"])
                    per[k] = per.get(k, [0, 0])
                    per[k][0] += x["wire"]
                    per[k][1] += 1
                for k, v in per.items():
                    kinds.setdefault(k, []).append(v)
            n = len(rs)
            hits = sum(r["rank"] >= 0 for r in rs)
            five = sum(r["excerpts"] >= min(5, max(len(r["top"]), 1)) and len(r["top"]) > 0 for r in rs)
            errors = sum(1 for r in rs if r.get("error"))
            ms = statistics.median(r["ms"] for r in rs)
            warm = [r["warm_ms"] for r in rs if r.get("warm_ms") is not None]
            warm = f"{statistics.median(warm):.1f}" if warm else "n/a"
            err = f" ({errors} errors)" if errors else ""
            print(f"| {ENGINES[engine]} | {FIELDS[field]} | {n}{err} | {statistics.median(kb):.1f} | {q90(kb):.1f} | "
                  f"{statistics.median(reqs):g} | {q90(reqs)} | {hits}/{n} = {hits / n:.1%} | {five}/{n} | {ms:.0f} | {warm} |")
            breakdown[(engine, field)] = (kinds, n)
    print()

    print("### Median per kind of file (over the queries that load it)\n")
    print("| Engine | Query | Kind of file | Queries loading it | Median KB gz | Median requests |")
    print("|---|---|---|---:|---:|---:|")
    for (engine, field), (kinds, n) in breakdown.items():
        for k in sorted(kinds):
            v = kinds[k]
            print(f"| {SHORT[engine]} | {FIELDS[field]} | {k} | {len(v)}/{n} | "
                  f"{statistics.median(x[0] for x in v) / 1024:.1f} | {statistics.median(x[1] for x in v):g} |")
    page = [sum(x["wire"] for x in r["requests"] if not kind("dojo", x["path"])) for r in rows
            if r["engine"] == "dojo-page"]
    if page:
        print(f"\nThe Dojo search page itself (HTML, CSS, dojo.js, not counted above): median "
              f"{statistics.median(page) / 1024:.1f} KB gz.")


if __name__ == "__main__":
    main()
