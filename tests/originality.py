#!/usr/bin/env python3
"""Originality check for the site's content.

Fails (exit 1) if any page in content/**/*.md shares a run of RUN_LEN
consecutive words with any source article in the seeds folder.

Words are compared case-insensitively with punctuation ignored:
apostrophes are dropped ("don't" -> "dont") and every other non-letter,
non-digit character separates words. For pages, the TOML front matter
between the first two `+++` lines is skipped, link targets are dropped
(the link text is kept) and heading ids such as {#id} are removed.

Usage: python3 tests/originality.py [SEEDS_DIR]
SEEDS_DIR defaults to ../shared/seeds relative to the repository root
(the folder that holds tests/). Standard library only.
"""
import os
import re
import sys
from pathlib import Path

RUN_LEN = 8

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = REPO_ROOT / "content"


def words(text):
    """Lowercase word list with punctuation ignored."""
    text = text.lower()
    text = re.sub(r"['\u2018\u2019\u02bc`]", "", text)
    return re.findall(r"[^\W_]+", text)


def strip_front_matter(text):
    lines = text.splitlines()
    if lines and lines[0].strip() == "+++":
        for i in range(1, len(lines)):
            if lines[i].strip() == "+++":
                return "\n".join(lines[i + 1:])
    return text


def strip_markdown(text):
    text = re.sub(r"\{#[^}]*\}", " ", text)                     # heading ids
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)       # [text](url) -> text
    text = re.sub(r"\[\^[^\]]*\]:?", " ", text)                   # footnote markers
    text = re.sub(r"https?://\S+", " ", text)                     # bare urls
    return text


def ngrams(ws, n):
    for i in range(len(ws) - n + 1):
        yield i, tuple(ws[i:i + n])


def main(argv):
    seeds_dir = Path(argv[1]) if len(argv) > 1 else REPO_ROOT / ".." / "shared" / "seeds"
    if not seeds_dir.is_absolute() and len(argv) > 1:
        seeds_dir = Path.cwd() / seeds_dir
    seeds_dir = seeds_dir.resolve()
    if not seeds_dir.is_dir():
        print(f"originality: seeds folder not found: {seeds_dir}", file=sys.stderr)
        return 2
    seed_files = sorted(p for p in seeds_dir.iterdir() if p.is_file())
    if not seed_files:
        print(f"originality: no seed files in {seeds_dir}", file=sys.stderr)
        return 2

    seed_grams = {}
    for sf in seed_files:
        ws = words(sf.read_text(encoding="utf-8", errors="replace"))
        for _, g in ngrams(ws, RUN_LEN):
            seed_grams.setdefault(g, sf.name)

    pages = sorted(CONTENT_DIR.rglob("*.md"))
    problems = []
    for page in pages:
        body = strip_markdown(strip_front_matter(page.read_text(encoding="utf-8")))
        ws = words(body)
        hits = [(i, seed_grams[g]) for i, g in ngrams(ws, RUN_LEN) if g in seed_grams]
        # merge overlapping hits into maximal runs
        runs = []
        for i, seed in hits:
            if runs and i <= runs[-1][1] and runs[-1][2] == seed:
                runs[-1][1] = i + RUN_LEN
            else:
                runs.append([i, i + RUN_LEN, seed])
        for start, end, seed in runs:
            rel = page.relative_to(REPO_ROOT)
            problems.append(f"{rel}: shares {end - start} words with {seed}: \"{' '.join(ws[start:end])}\"")

    if problems:
        print(f"originality: FAIL: {len(problems)} shared run(s) of {RUN_LEN}+ words")
        for p in problems:
            print("  " + p)
        return 1
    print(f"originality: OK: {len(pages)} page(s) checked against {len(seed_files)} seed file(s); "
          f"no shared run of {RUN_LEN} words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
