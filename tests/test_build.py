"""End-to-end builds of tiny trees: every page type, cross-links, redirects, safety, atomicity."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from generator import build as pipeline

from .conftest import SiteTree, prisoner

MAMAI = """\
---
name: Zhanbolat Mamai
name_variants: [Жанболат Мамай, Mamay]
status: detained
born: 1977
region: Almaty Region
occupation: journalist
charges:
  - article: cc-405
    part: 2
  - article: aoc-488
    note: fined twice
cases: [congress-2020]
former_slugs: [zhanbolat-mamay]
events:
  - date: 2020-02-21
    type: detained
    place: Kaskelen
    summary: Detained outside a courthouse.
    sources: [report-2023]
  - date: 2017
    type: sentenced
    summary: Three-year suspended sentence.
sources: [report-2019]
---
Mamai leads the **initiative group**.

# Background
"""
RAKHMETULLA = prisoner("Zhanbol Rakhmetulla", status="released", charges="[{article: cc-405}]")
CONGRESS = """\
---
title: Congress detentions
summary: Detentions before a party congress.
status: concluded
start: 2020-02
people: [rakhmetulla]
articles: [cc-405]
events:
  - date: 2020-02-19
    type: other
    summary: The congress was cancelled.
sources: [report-2019]
---
The case text.
"""


@pytest.fixture
def built(tree: SiteTree) -> SiteTree:
    tree.prisoner("mamai", MAMAI)
    tree.prisoner("rakhmetulla", RAKHMETULLA)
    tree.prisoner("hidden", prisoner("Hidden Person", draft="true", sources="[]"))
    tree.case("congress-2020", CONGRESS)
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    return tree


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def test_prisoner_page_shows_facts_charges_cases_timeline_sources_and_biography(
    built: SiteTree,
) -> None:
    html = built.html("prisoners/mamai/index.html")
    assert '<h1 data-pagefind-weight="10">Zhanbolat Mamai</h1>' in html
    assert "Жанболат Мамай, Mamay" in html
    assert '<a href="../../articles/cc-405/">CC 405(2)</a>' in html
    assert '<a href="../../articles/aoc-488/">AC 488</a>' in html and "(fined twice)" in html
    assert '<a href="../../cases/congress-2020/">Congress detentions</a>' in html
    # the person's timeline runs oldest first, with citations numbered as in the source list
    timeline = html[html.index('<ol class="events">') :]
    assert timeline.index('<time datetime="2017">2017</time>') < timeline.index("2020-02-21")
    assert 'href="#source-report-2023"' in html and ">[2]</a>" in html
    assert "<strong>initiative group</strong>" in html
    assert "<h2>Background</h2>" in html  # body headings sit below the page's own
    assert '<li id="source-report-2019"><a href="../../sources/report-2019/">' in html
    assert '<link rel="canonical" href="https://example.org/db/prisoners/mamai/">' in html


def test_every_page_type_is_published(built: SiteTree) -> None:
    expected = [
        "index.html", "404.html", "search/index.html",
        "prisoners/index.html", "prisoners/mamai/index.html", "prisoners/rakhmetulla/index.html",
        "cases/index.html", "cases/congress-2020/index.html",
        "articles/index.html", "articles/cc-405/index.html", "articles/aoc-488/index.html",
        "articles/cc-258/index.html",
        "timeline/index.html", "timeline/2020/index.html", "timeline/2017/index.html",
        "sources/index.html", "sources/report-2019/index.html", "sources/report-2023/index.html",
        "prisoners/zhanbolat-mamay/index.html", "assets/style.css",
    ]  # fmt: skip
    for page in expected:
        assert (built.root / "site" / page).is_file(), page


def test_drafts_are_not_published_anywhere(built: SiteTree) -> None:
    assert not (built.root / "site/prisoners/hidden").exists()
    for page in (built.root / "site").rglob("*.html"):
        assert "Hidden Person" not in page.read_text(encoding="utf-8"), page


def test_case_lists_people_it_names_and_people_who_name_it(built: SiteTree) -> None:
    html = built.html("cases/congress-2020/index.html")
    assert '<a href="../../prisoners/mamai/">Zhanbolat Mamai</a>' in html  # named by Mamai's file
    assert '<a href="../../prisoners/rakhmetulla/">Zhanbol Rakhmetulla</a>' in html  # named here
    assert "CC 405</a>: Participation in the activities" in html
    rakhmetulla = built.html("prisoners/rakhmetulla/index.html")
    assert '<a href="../../cases/congress-2020/">Congress detentions</a>' in rakhmetulla


def test_article_page_lists_everyone_charged_grouped_by_part_and_status(built: SiteTree) -> None:
    html = built.html("articles/cc-405/index.html")
    part_2 = html.index("<h3>Part 2</h3>")
    unspecified = html.index("<h3>Part not reported</h3>")
    assert part_2 < html.index("<h4>Detained</h4>") < html.index("prisoners/mamai/") < unspecified
    assert unspecified < html.index("<h4>Released</h4>") < html.index("prisoners/rakhmetulla/")
    assert '<a href="../../cases/congress-2020/">' in html
    assert "No person in the database is charged" in built.html("articles/cc-258/index.html")
    index = built.html("articles/index.html")
    assert re.search(r"cc-405/\">CC 405</a>.*?<td[^>]*>2</td>", index)


def test_timeline_lists_events_newest_first_linking_to_their_records(built: SiteTree) -> None:
    html = built.html("timeline/2020/index.html")
    detained = html.index('datetime="2020-02-21"')
    cancelled = html.index('datetime="2020-02-19"')
    assert detained < cancelled
    assert '<a href="../../prisoners/mamai/">Zhanbolat Mamai</a>' in html
    assert '<a href="../../cases/congress-2020/">Congress detentions</a>' in html
    years = built.html("timeline/index.html")
    assert years.index('href="2020/"') < years.index('href="2017/"')


def test_source_page_lists_every_record_citing_it(built: SiteTree) -> None:
    html = built.html("sources/report-2019/index.html")
    assert "Test Monitor" in html and 'href="https://example.org/report"' in html
    for target in (
        "../../prisoners/mamai/",
        "../../prisoners/rakhmetulla/",
        "../../cases/congress-2020/",
    ):
        assert f'href="{target}"' in html
    # cited only by an event: still listed
    assert 'href="../../prisoners/mamai/"' in built.html("sources/report-2023/index.html")


def test_home_page_counts_by_status_and_shows_latest_events(built: SiteTree) -> None:
    html = built.html("index.html")
    # each status links to the search for its people; the counts split them by the age of
    # the news (none of these was reported in the 12 months before the newest date, 2023)
    assert re.search(
        r'<a href="search/\?status=Detained"><span[^>]*>Detained</span></a></td><td data-label="[^"]*">0</td><td data-label="[^"]*">1</td>',
        html,
    )
    assert re.search(
        r'<a href="search/\?status=Released"><span[^>]*>Released</span></a></td><td data-label="[^"]*">0</td><td data-label="[^"]*">1</td>',
        html,
    )
    assert "<strong>2</strong> people" in html
    assert html.index('datetime="2020-02-21"') < html.index('datetime="2017"')


def test_former_slug_redirects_to_the_record(built: SiteTree) -> None:
    html = built.html("prisoners/zhanbolat-mamay/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../mamai/">' in html
    assert '<link rel="canonical" href="https://example.org/db/prisoners/mamai/">' in html
    assert '<a href="../mamai/">Zhanbolat Mamai</a>' in html


def test_every_internal_link_resolves(built: SiteTree) -> None:
    site = built.root / "site"
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue
        for href in links(page.read_text(encoding="utf-8")):
            if (
                href.startswith(("http", "#", "mailto:")) or href == "data:,"
            ):  # data:, the empty icon
                continue
            target = (page.parent / re.split("[#?]", href)[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{page.relative_to(site)} links to missing {href}"


def test_404_page_links_from_the_site_root(built: SiteTree) -> None:
    html = built.html("404.html")
    assert 'href="/db/assets/style.css"' in html and 'href="/db/prisoners/"' in html


def test_base_url_option_overrides_site_yaml(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner())
    assert (
        tree.run("build", "--no-search", "--base-url", "https://org.github.io/repo").exit_code == 0
    )
    assert 'href="https://org.github.io/repo/prisoners/x/"' in tree.html("prisoners/x/index.html")


# --- untrusted content ---------------------------------------------------------------------


def test_content_is_escaped_and_never_executed(tree: SiteTree) -> None:
    tree.prisoner(
        "x",
        prisoner(
            '"<script>alert(1)</script>"',
            city="'{{ 7*7 }}'",
            occupation='"<img src=x onerror=alert(2)>"',
        )
        + '<script>alert(3)</script>\n\n[click](javascript:alert(4))\n\n<b onclick="x()">b</b>\n',
    )
    tree.write("content/sources.yaml", 'report-2019:\n  title: "<i>T</i>"\n  date: 2019\n')
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    html = tree.html("prisoners/x/index.html")
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert 'href="javascript:' not in html and "<b " not in html
    assert "[click](javascript:alert(4))" in html  # shown as text, not made a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html


# --- output guarantees ---------------------------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(file.relative_to(folder)): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(folder.rglob("*"))
        if file.is_file()
    }


# Pagefind 1.5 writes its filter files (and the meta and entry files naming them) in a varying
# order; its maintainer says so in Pagefind issue #638. Every other file must be identical.
PAGEFIND_UNSTABLE = ("pagefind/filter/", "pagefind/pagefind.", "pagefind/pagefind-entry.json")
# The marker names the folder it marks (device and inode): that proves this tool made it.
BOOKKEEPING = (*PAGEFIND_UNSTABLE, ".ppdb-site")


def test_two_builds_are_byte_identical_search_index_included(built: SiteTree) -> None:
    assert built.run("build", "--out", "one").exit_code == 0
    assert built.run("build", "--out", "two").exit_code == 0
    one, two = tree_digest(built.root / "one"), tree_digest(built.root / "two")
    stable = lambda digest: {k: v for k, v in digest.items() if not k.startswith(BOOKKEEPING)}  # noqa: E731
    assert any(name.startswith("pagefind/fragment/") for name in stable(one))
    assert any(name.startswith("pagefind/index/") for name in stable(one))
    assert stable(one) == stable(two)


def test_search_index_covers_every_record_page(built: SiteTree) -> None:
    assert built.run("build").exit_code == 0
    entry = json.loads((built.root / "site/pagefind/pagefind-entry.json").read_text())
    # 2 prisoners + 1 case + 3 articles + 2 sources
    assert entry["languages"]["en"]["page_count"] == 8


def test_failed_build_leaves_previous_output_untouched(built: SiteTree) -> None:
    before = tree_digest(built.root / "site")
    built.prisoner("broken", prisoner(status="jailed"))
    result = built.run("build", "--no-search")
    assert result.exit_code == 1
    assert tree_digest(built.root / "site") == before
    assert not list(built.root.glob(".site.*"))  # no staging folder left behind


def test_interrupted_build_leaves_previous_output_untouched(
    built: SiteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_digest(built.root / "site")

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "index_search", interrupt)
    result = built.run("build")
    assert result.exit_code == 130
    assert "previous output is untouched" in result.output
    assert tree_digest(built.root / "site") == before
    assert not list(built.root.glob(".site.*"))


def test_refuses_to_replace_a_folder_it_did_not_build(built: SiteTree) -> None:
    built.write("notes/plan.txt", "mine")
    result = built.run("build", "--no-search", "--out", "notes")
    assert result.exit_code == 2
    assert "was not built by this tool" in result.output
    assert (built.root / "notes/plan.txt").read_text() == "mine"


def test_refuses_to_build_into_the_project(built: SiteTree) -> None:
    for folder, part in (("content", "content"), ("templates/x", "templates"), (".", "")):
        result = built.run("build", "--no-search", "--out", folder)
        assert result.exit_code == 2, folder
        assert (
            f"is part of the project ({part}/)" if part else "holds the project"
        ) in result.output
    assert (built.root / "content/site.yaml").is_file()


def test_photos_are_scaled_and_stripped_of_metadata(tree: SiteTree) -> None:
    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {2: (43.0, 15.0, 0.0), 1: "N"}  # GPS info
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (2400, 1600), "red").save(tree.root / "content/prisoners/x.jpg", exif=exif)
    tree.prisoner("x", prisoner(photo="x.jpg"))
    assert tree.run("build", "--no-search").exit_code == 0
    with Image.open(tree.root / "site/prisoners/x/photo.jpg") as published:
        assert max(published.size) == 800
        assert not published.getexif()
        assert "exif" not in published.info
    assert 'src="photo.jpg"' in tree.html("prisoners/x/index.html")


def test_unreadable_photo_is_a_content_problem(tree: SiteTree) -> None:
    tree.write("content/prisoners/x.jpg", "not an image")
    tree.prisoner("x", prisoner(photo="x.jpg"))
    result = tree.run("build", "--no-search")
    assert result.exit_code == 1
    assert "content/prisoners/x.md:5: photo: x.jpg cannot be read as an image" in result.output


def test_bundled_content_builds_every_page_type_with_search(tmp_path: Path) -> None:
    from generator.settings import Project

    from .conftest import REPO

    report = pipeline.build(Project(REPO), tmp_path / "site")
    site = tmp_path / "site"
    for folder in ("prisoners", "cases", "articles", "timeline", "sources", "search"):
        assert (site / folder / "index.html").is_file(), folder
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] >= 4
    crawlers = ["robots.txt", "sitemap.xml", *(p.name for p in (site / "sitemaps").iterdir())]
    feeds = list(site.rglob("feed.xml"))
    data = [f for f in (site / "data").rglob("*") if f.is_file() and f.suffix != ".html"]
    data += [*site.glob("prisoners/*/record.json"), *site.glob("cases/*/record.json")]
    words = list(site.rglob("search/words.js"))  # what a search that finds nothing suggests
    data += [card for card in site.rglob("prisoners/*/share.png")]  # share cards, every language
    pages = len(list(site.rglob("*.html"))) + len(crawlers) + len(feeds) + len(data) + len(words)
    assert report.pages == pages


def test_list_pages_link_every_published_record(built: SiteTree) -> None:
    prisoners = built.html("prisoners/index.html")
    assert prisoners.index('href="mamai/">Zhanbolat Mamai</a>') > 0
    assert re.search(
        r'href="rakhmetulla/">Zhanbol Rakhmetulla</a></td><td data-label="Status"><span class="status'
        r' status-released tone-free">',
        prisoners,
    )
    # ordered by name: Zhanbol before Zhanbolat
    assert prisoners.index("Zhanbol Rakhmetulla") < prisoners.index("Zhanbolat Mamai")
    cases = built.html("cases/index.html")
    assert 'href="congress-2020/">Congress detentions</a>' in cases and "Concluded" in cases
    sources = built.html("sources/index.html")
    # newest first
    assert sources.index('href="report-2023/"') < sources.index('href="report-2019/"')


def test_search_page_loads_the_sites_own_search_bundle(built: SiteTree) -> None:
    html = built.html("search/index.html")
    assert 'data-pagefind="../pagefind/pagefind.js"' in html
    assert '<script src="../assets/search.js" defer></script>' in html
    assert "<noscript>" in html
    assert (
        '<form id="search-form" class="search-form" role="search" hidden' in html
    )  # until JS runs
    # every filter offers the values in use
    assert "<option>Detained</option>" in html and "<option>Released</option>" in html
    assert "<option>CC 405</option>" in html and "<option>AC 488</option>" in html
    assert "<option>2020</option>" in html  # Mamai's first detention
    assert "<option>Almaty Region</option>" in html
    # but cases grow with the database: their values come from the index (the browser tests
    # choose one), so that the page does not grow with them
    assert 'data-filter="case" data-values-from-index' in html
    assert "Congress detentions" not in html
    # only record pages are indexed: navigation and lists carry no data-pagefind-body
    assert "data-pagefind-body" in built.html("prisoners/mamai/index.html")
    assert "data-pagefind-body" not in built.html("prisoners/index.html")
    assert "data-pagefind-ignore" in built.html("prisoners/mamai/index.html")


def test_prisoner_pages_carry_their_search_filters(built: SiteTree) -> None:
    html = built.html("prisoners/mamai/index.html")
    for name, value in [("status", "Detained"), ("region", "Almaty Region"), ("article", "CC 405"),
                        ("article", "AC 488"), ("case", "Congress detentions"), ("year", "2020")]:  # fmt: skip
        assert f'data-pagefind-filter="{name}[data-value]" data-value="{value}"' in html
    # results show the status with the date of its news
    assert (
        'data-pagefind-meta="status[data-value]" data-value="Detained, last reported 21 February 2020"'
        in html
    )


def test_offline_zip_is_deterministic_and_links_index_files(tree: SiteTree) -> None:
    import zipfile

    tree.with_places()
    tree.prisoner("mamai", MAMAI)
    tree.case("congress-2020", CONGRESS)
    tree.prisoner("rakhmetulla", RAKHMETULLA)
    assert tree.run("offline", "--out", "a/copy.zip").exit_code == 0
    assert tree.run("offline", "--out", "b/copy.zip").exit_code == 0
    assert (tree.root / "a/copy.zip").read_bytes() == (tree.root / "b/copy.zip").read_bytes()
    with zipfile.ZipFile(tree.root / "a/copy.zip") as archive:
        names = archive.namelist()
        assert "copy/index.html" in names and "copy/search/offline-index.js" in names
        assert not any("/pagefind/" in name for name in names)  # Pagefind cannot run from file://
        person = archive.read("copy/prisoners/mamai/index.html").decode()
        index = archive.read("copy/search/offline-index.js").decode()
    assert 'href="../../articles/cc-405/index.html"' in person
    assert 'href="../../index.html"' in person
    data = json.loads(index.split("=", 1)[1].strip().rstrip(";"))
    mamai = next(e for e in data["kinds"]["prisoner"] if e["title"] == "Zhanbolat Mamai")
    assert mamai["url"] == "../prisoners/mamai/index.html"
    assert mamai["names"] == ["Жанболат Мамай", "Mamay"]
    # one key per word, the spellings folded alike; then those of every spelling of the places
    # (content/places.yaml): the region and Kaskelen
    assert mamai["keys"].startswith("janbolat mamai almati region ")
    assert mamai["keys"].endswith(" kaskelen")
    assert ["article", "CC 405"] in [data["filters"][number] for number in mamai["filters"]]
    assert mamai["status"] == "Detained, last reported 21 February 2020"
    assert len(data["filters"]) == len({tuple(value) for value in data["filters"]})  # each once


def test_long_lists_are_split_into_pages(tree: SiteTree, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pages import plan

    monkeypatch.setattr(plan, "LIST_PAGE_SIZE", 2)
    event = "[{date: 2019-05-01, type: detained, summary: Detained.}]"
    charges = "[{article: cc-405, part: '2'}]"
    for letter in "abcde":
        tree.prisoner(letter, prisoner(f"{letter.upper()} Person", events=event, charges=charges))
    assert tree.run("build", "--no-search").exit_code == 0
    first, second, third = (tree.html(f"prisoners/{p}index.html") for p in ("", "2/", "3/"))
    assert "A Person" in first and "B Person" in first and "C Person" not in first
    assert "C Person" in second and "D Person" in second
    assert "E Person" in third and not (tree.root / "site/prisoners/4").exists()
    assert "<h1>Prisoners (page 2)</h1>" in second
    assert '<li><span aria-current="page">2</span></li>' in second
    assert '<li><a href="../">1</a></li>' in second and '<li><a href="../3/">3</a></li>' in second
    assert '<li><a href="2/">2</a></li>' in first
    # timeline years, an article's people and a source's citers split the same way
    assert (tree.root / "site/timeline/2019/3/index.html").is_file()
    for record in ("articles/cc-405/", "sources/report-2019/"):
        pages = [tree.html(f"{record}{n}index.html") for n in ("", "2/", "3/")]
        assert ["E Person" in page for page in pages] == [False, False, True]
        assert "(page 3)</h1>" in pages[2] and 'aria-current="page">3<' in pages[2]
        # only the first page is indexed for search, so a record is found once
        assert ["data-pagefind-body" in page for page in pages] == [True, False, False]
    assert "Part 2" in tree.html("articles/cc-405/3/index.html")  # the heading carries over
    # and the pager is absent where one page is enough
    assert 'class="pager"' not in tree.html("cases/index.html")


def test_vague_dates_follow_the_precise_ones_they_cover(tree: SiteTree) -> None:
    events = (
        "[{date: 2023-04, type: administrative_arrest, summary: Sentenced.},"
        " {date: 2023, type: hunger_strike, summary: Hunger strike.},"
        " {date: 2023-04-09, type: other, summary: Protested.}]"
    )
    tree.prisoner("x", prisoner(events=events))
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("prisoners/x/index.html")
    assert html.index("Protested.") < html.index("Sentenced.") < html.index("Hunger strike.")
    # the year newest first, month by month; what has no month follows, under its own heading
    timeline = tree.html("timeline/2023/index.html")
    assert (
        timeline.index("<h2>April 2023</h2>")
        < timeline.index("Sentenced.")
        < timeline.index("Protested.")
        < timeline.index("<h2>Month not reported</h2>")
        < timeline.index("Hunger strike.")
    )
