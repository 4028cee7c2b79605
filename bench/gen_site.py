#!/usr/bin/env python3
"""Generate a synthetic site for benchmarks: N pages of about 600 words each, with headings,
lists, tables, cross-links (@/ page links and @# question links) and question headings, in
sections of 100 pages grouped under at most ten top-level sections (ten sections a group up to
10,000 pages, more above). So the header menu has at most ten entries at every size, as a real
site's would, and a page does not grow with the site. Uses the clinic theme from this repository.

    python3 bench/gen_site.py 10000 /tmp/bench-10k            # a sitegen site
    python3 bench/gen_site.py 10000 /tmp/hugo-10k --hugo      # the same pages for Hugo
    python3 bench/gen_site.py 10000 /tmp/zola-10k --zola      # the same pages for Zola
    python3 bench/gen_site.py 10000 /tmp/cards-10k --cards    # sitegen, with share cards on

Deterministic: the same N gives the same site.
"""
import random
import shutil
import sys
from pathlib import Path

WORDS = (
    "patient clinic visit therapy session calm rest nurse doctor plan dose care safety effect "
    "side feeling mood sleep time hour week month family ride home water quiet room music mask "
    "question answer review team check blood pressure heart rate screen history medicine change "
    "help support talk write read learn follow share trust gentle steady slow clear simple"
).split()
PER_SECTION = 100
# Sections in each top-level group; set by main() from the site's size (see group_size).
SECTIONS_PER_GROUP = 10


def group_size(n):
    """Sections per top-level group for an n-page site: ten, or more when ten groups of ten
    would not hold them all (100,000 pages: ten groups of 100 sections)."""
    sections = (n + PER_SECTION - 1) // PER_SECTION
    return max(10, (sections + 9) // 10)


def sentence(rng, n=None):
    n = n or rng.randint(6, 14)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences=4):
    return " ".join(sentence(rng) for _ in range(sentences))


def section_dir(s):
    """Folder of the s-th section of 100 pages: top-level group, then the section."""
    return f"g{s // SECTIONS_PER_GROUP:02d}/s{s:03d}"


def page_name(i):
    return f"{section_dir(i // PER_SECTION)}/p{i:05d}.md"


def page_url(i):
    return f"/{section_dir(i // PER_SECTION)}/p{i:05d}/"


def write_sections(root, n, front):
    """_index.md files for every group and section; `front` makes the front matter."""
    sections = (n + PER_SECTION - 1) // PER_SECTION
    for g in range((sections + SECTIONS_PER_GROUP - 1) // SECTIONS_PER_GROUP):
        d = root / "content" / f"g{g:02d}"
        d.mkdir()
        (d / "_index.md").write_text(front(f"Group {g}", g) + f"Sections of group {g}.\n")
    for s in range(sections):
        d = root / "content" / section_dir(s)
        d.mkdir()
        (d / "_index.md").write_text(front(f"Section {s}", s) + f"Pages of section {s}.\n")


def question_id(i, k):
    return f"q{i:05d}-{k}"


def body(rng, i, n, dialect):
    """Page i's markdown; `dialect` is "sitegen", "hugo" or "zola" (how links are written)."""
    def link_page(j, text):
        return f"[{text}]({page_url(j)})" if dialect == "hugo" else f"[{text}](@/{page_name(j)})"

    def link_question(j, k, text):
        qid = question_id(j, k)
        if dialect == "hugo":
            return f"[{text}]({page_url(j)}#{qid})"
        if dialect == "zola":
            return f"[{text}](@/{page_name(j)}#{qid})"
        return f"[{text}](@#{qid})"

    others = [rng.randrange(n) for _ in range(4)]
    parts = [paragraph(rng, 7)]
    parts.append(f"See also {link_page(others[0], 'a related page')} and {link_page(others[1], 'another topic')}.")
    parts.append("## Overview\n\n" + paragraph(rng, 7))
    parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(5)))
    parts.append("## Details\n\n" + paragraph(rng, 8))
    parts.append("| Step | What happens | Time |\n|---|---|---|\n" + "\n".join(
        f"| {k} | {sentence(rng, 5)} | {rng.randint(5, 60)} min |" for k in range(1, 5)))
    parts.append("### More about the plan\n\n" + paragraph(rng, 5))
    parts.append("## Questions people ask")
    for k in range(1, 4):
        heading = f"### Question {k} about page {i}? {{#{question_id(i, k)}}}"
        parts.append(heading + "\n\n" + paragraph(rng, 3) + " " +
                     link_question(others[2], 1, "a related question") + ".")
    return "\n\n".join(parts) + "\n"


def write_sitegen(root, n, rng, cards=False):
    repo = Path(__file__).resolve().parent.parent
    (root / "content").mkdir(parents=True)
    shutil.copytree(repo / "themes", root / "themes")
    share = '[share]\ncards = true\nicons = true\nshort_name = "Bench"\n' if cards else ""
    (root / "site.toml").write_text(
        'title = "Benchmark clinic"\nbase_url = "https://example.org/bench/"\n' + share +
        '[clinic]\nname = "Benchmark clinic"\nphone = "+1 555 0100"\n')
    (root / "content" / "_index.md").write_text(
        '+++\ntitle = "Benchmark"\ndescription = "Synthetic pages."\n+++\nHome.\n')
    write_sections(root, n, lambda title, w: f'+++\ntitle = "{title}"\ndescription = "{title} of the benchmark."\nweight = {w}\n+++\n')
    for i in range(n):
        fm = (f'+++\ntitle = "Page {i}"\ndescription = "Synthetic page {i}."\nweight = {i}\n'
              f'last_reviewed = 2026-10-01\nreviewed_by = "Bench"\ntags = ["t{i % 20}"]\n+++\n\n')
        (root / "content" / page_name(i)).write_text(fm + body(rng, i, n, "sitegen"))


def write_hugo(root, n, rng):
    (root / "content").mkdir(parents=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/bench/"\ntitle = "Benchmark"\ndisableKinds = ["taxonomy", "term", "RSS"]\n'
        '[markup.goldmark.parser.attribute]\ntitle = true\n')
    layout = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
              '<meta name="description" content="{{ .Description }}"></head><body>'
              '<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>'
              '<main><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</main></body></html>')
    (root / "layouts" / "_default" / "single.html").write_text(layout)
    (root / "layouts" / "_default" / "list.html").write_text(
        layout.replace("{{ .Content }}", "{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"))
    (root / "content" / "_index.md").write_text('+++\ntitle = "Benchmark"\n+++\nHome.\n')
    write_sections(root, n, lambda title, w: f'+++\ntitle = "{title}"\nweight = {w}\n+++\n')
    for i in range(n):
        fm = f'+++\ntitle = "Page {i}"\ndescription = "Synthetic page {i}."\nweight = {i}\n+++\n\n'
        (root / "content" / page_name(i)).write_text(fm + body(rng, i, n, "hugo"))


def write_zola(root, n, rng):
    """The same pages for Zola: a config.toml and three small templates like Hugo's layout."""
    (root / "content").mkdir(parents=True)
    (root / "templates").mkdir(parents=True)
    (root / "config.toml").write_text(
        'base_url = "https://example.org/bench/"\ntitle = "Benchmark"\ncompile_sass = false\n'
        'build_search_index = false\ngenerate_feeds = false\n[markdown]\n')
    nav = ('{% set home = get_section(path="_index.md", metadata_only=true) %}<nav>'
           '{% for s in home.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}'
           '<a href="{{ sub.permalink }}">{{ sub.title }}</a> {% endfor %}</nav>')
    def layout(item, listing):
        toc = ('{% for h in ' + item + '.toc %}<a href="#{{ h.id }}">{{ h.title }}</a>'
               '{% for c in h.children %}<a href="#{{ c.id }}">{{ c.title }}</a>{% endfor %}{% endfor %}')
        return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ ' + item + '.title }}</title>'
                '<meta name="description" content="{{ ' + item + '.description }}"></head><body>' + nav +
                '<main><h1>{{ ' + item + '.title }}</h1>' + toc + '{{ ' + item + '.content | safe }}' + listing +
                '</main></body></html>')
    listing = ('<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}'
               '{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}'
               '<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>')
    (root / "templates" / "page.html").write_text(layout("page", ""))
    (root / "templates" / "section.html").write_text(layout("section", listing))
    (root / "templates" / "index.html").write_text(layout("section", listing))
    (root / "content" / "_index.md").write_text('+++\ntitle = "Benchmark"\n+++\nHome.\n')
    write_sections(root, n, lambda title, w: f'+++\ntitle = "{title}"\nweight = {w}\nsort_by = "weight"\n+++\n')
    for i in range(n):
        fm = f'+++\ntitle = "Page {i}"\ndescription = "Synthetic page {i}."\nweight = {i}\n+++\n\n'
        (root / "content" / page_name(i)).write_text(fm + body(rng, i, n, "zola"))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, root = int(sys.argv[1]), Path(sys.argv[2])
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(n)
    global SECTIONS_PER_GROUP
    SECTIONS_PER_GROUP = group_size(n)
    if "--hugo" in sys.argv:
        write_hugo(root, n, rng)
    elif "--zola" in sys.argv:
        write_zola(root, n, rng)
    else:
        write_sitegen(root, n, rng, cards="--cards" in sys.argv)
    print(f"generated {n} pages in {root}")


if __name__ == "__main__":
    main()
