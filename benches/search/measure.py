#!/usr/bin/env python3
"""Measure a built search index offline against the budgets.

Reads the index folder (the files under _dojo/search/) and the JSON lines
written by simulate.js (one per typed query: every file the runtime asked
for). Gzip sizes come from Python's gzip module (level 6, as web servers
use). The runtime (search.js) counts as one request and its gzip size.

usage: measure.py INDEX_DIR RUNTIME_JS SIM.jsonl [SIM.jsonl ...]
"""
import gzip
import json
import os
import statistics
import sys

BUDGET_BYTES, BUDGET_REQUESTS = 90 * 1024, 8
MANIFEST_MAX, SHARD_MAX = 8 * 1024, 32 * 1024


def gz(path, cache={}):
    if path not in cache:
        with open(path, "rb") as f:
            cache[path] = len(gzip.compress(f.read(), 6))
    return cache[path]


def layout(index):
    kinds = {}
    for d, _, fs in os.walk(index):
        folder_files = [f for f in fs if f.endswith(".js")]
        kinds.setdefault("_max_per_folder", 0)
        kinds["_max_per_folder"] = max(kinds["_max_per_folder"], len(fs))
        for f in folder_files:
            p = os.path.join(d, f)
            kind = os.path.relpath(p, index).split(os.sep)[0]
            kinds.setdefault(kind, []).append((gz(p), os.path.getsize(p)))
    print("layout of", index)
    for kind, sizes in sorted((k, v) for k, v in kinds.items() if k != "_max_per_folder"):
        g = [s[0] for s in sizes]
        raw = sum(s[1] for s in sizes)
        print(f"  {kind:12} files {len(g):5}  gz max {max(g):6}  median {int(statistics.median(g)):6}  raw total {raw / 1e6:.1f} MB")
    print(f"  most files in one folder: {kinds['_max_per_folder']}")
    manifest = gz(os.path.join(index, "manifest.js"))
    shard_max = max(s[0] for k, v in kinds.items() if k not in ("_max_per_folder", "manifest.js") for s in v)
    print(f"  manifest gz {manifest} B (budget {MANIFEST_MAX}): {'ok' if manifest <= MANIFEST_MAX else 'OVER'}")
    print(f"  largest shard gz {shard_max} B (budget {SHARD_MAX}): {'ok' if shard_max <= SHARD_MAX else 'OVER'}")


def queries(index, runtime, sim):
    rows = [json.loads(line) for line in open(sim)]
    rt = gz(runtime)
    bytes_, reqs, hits, excerpts = [], [], 0, 0
    for r in rows:
        files = list(dict.fromkeys(r["files"]))
        bytes_.append(rt + sum(gz(os.path.join(index, f)) for f in files))
        reqs.append(1 + len(files))
        hits += r["rank"] >= 0
        excerpts += r.get("excerpts", 0) == len(r["top"]) and len(r["top"]) > 0
    n = len(rows)
    within = sum(b <= BUDGET_BYTES and q <= BUDGET_REQUESTS for b, q in zip(bytes_, reqs))
    q90 = lambda xs: sorted(xs)[int(0.9 * (len(xs) - 1))]
    print(f"{os.path.basename(sim)}: {n} queries typed one key at a time (runtime {rt} B gz counted)")
    print(f"  KB gz per query: median {statistics.median(bytes_) / 1024:.1f}, p90 {q90(bytes_) / 1024:.1f}, max {max(bytes_) / 1024:.1f} (budget 90)")
    print(f"  requests per query: median {statistics.median(reqs)}, p90 {q90(reqs)}, max {max(reqs)} (budget 8)")
    print(f"  within both budgets: {within}/{n}; results all with excerpts: {excerpts}/{n}")
    print(f"  recall@5: {hits}/{n} = {hits / n:.1%}")


def main():
    index, runtime, sims = sys.argv[1], sys.argv[2], sys.argv[3:]
    layout(index)
    for sim in sims:
        queries(index, runtime, sim)


if __name__ == "__main__":
    main()
