#!/usr/bin/env python3
"""Give a generated handbook a realistic vocabulary, in place.

The shared corpus generator draws its prose from a few hundred words, so
its search index has some 430 terms; a real handbook of 10,000 pages has
tens of thousands (names, jargon, typos). This rewrites a share of the
body words (default 30%) of every page under CONTENT with words drawn from
a list of WORDS made-up words (default 60,000) by a Zipf law, as real word
frequencies fall. Headings, code, lines with links or template syntax, and
front matter are left alone, so the handbook still builds. Seeded: the
same arguments give the same handbook.

    python3 benches/search/vocab_corpus.py CONTENT [--words 60000] [--share 0.3] [--seed 7]
"""

import argparse
import bisect
import itertools
import os
import random
import re

SYLLABLES = ["ka", "to", "mi", "ra", "zen", "pho", "lis", "tor", "gan",
             "vel", "qui", "dro", "spa", "nek", "bur", "lo", "fi", "ta"]
FRONT_MATTER = re.compile(r"(\+\+\+|---)\n.*?\n\1\n", re.S)
WORD = re.compile(r"\b[a-z]{4,}\b")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("content")
    ap.add_argument("--words", type=int, default=60000)
    ap.add_argument("--share", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    vocab = set()
    while len(vocab) < args.words:
        vocab.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    known = vocab
    vocab = sorted(vocab)
    rng.shuffle(vocab)
    weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocab))))

    def swap(match):
        if rng.random() >= args.share:
            return match.group(0)
        return vocab[bisect.bisect(weights, rng.random() * weights[-1])]

    used = set()
    for folder, dirs, files in sorted(os.walk(args.content)):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            front = FRONT_MATTER.match(text)
            head, body = (text[: front.end()], text[front.end():]) if front else ("", text)
            lines = []
            in_code = False
            for line in body.split("\n"):
                if line.startswith("```"):
                    in_code = not in_code
                keep = (in_code or line.startswith(("#", "```", "    "))
                        or "](" in line or "[[" in line or "{" in line)
                lines.append(line if keep else WORD.sub(swap, line))
            new = "\n".join(lines)
            used.update(w for w in WORD.findall(new) if w in known)
            with open(path, "w", encoding="utf-8") as f:
                f.write(head + new)
    print(f"{args.content}: {len(used)} of {len(vocab)} words used")


if __name__ == "__main__":
    main()
