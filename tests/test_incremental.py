"""Rebuilds keep what did not change: an edit rewrites exactly the pages that show it, and the
result is byte for byte what a clean build gives. Both ways of writing are checked: a new
folder swapped in (`build`) and an update in place (`serve`)."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from generator import build as pipeline
from generator.pages import markdown, render
from generator.problems import ContentError
from generator.publish.staging import FINGERPRINTS, MARKER
from generator.serve import snapshot

from .conftest import SiteTree, prisoner
from .test_build import CONGRESS, MAMAI, RAKHMETULLA

OTHER = prisoner("Other Person", charges="[{article: cc-258}]", sources="[report-2023]")
CONGRESS_MOVED = CONGRESS.replace("start:", "former_slugs: [congress]\nstart:")  # a redirect


def files(site: Path) -> dict[str, tuple[int, int]]:
    """Site file -> (inode, modification time): a rewritten file gets a new one."""
    return {
        file.relative_to(site).as_posix(): (file.stat().st_ino, file.stat().st_mtime_ns)
        for file in site.rglob("*")
        if file.is_file() and file.name not in (MARKER, FINGERPRINTS)
    }


def contents(site: Path) -> dict[str, bytes]:
    return {path: (site / path).read_bytes() for path in files(site)}


def changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class Builder:
    """Builds one tree again and again, as `build` (swapped in) or `serve` (in place) does."""

    def __init__(self, tree: SiteTree, in_place: bool) -> None:
        self.tree = tree
        self.in_place = in_place
        self.memory = pipeline.BuildMemory()
        self.site = tree.root / "site"

    def build(self) -> pipeline.BuildReport:
        project = self.tree.project
        return pipeline.build(
            project,
            self.site,
            search=False,
            in_place=self.in_place,
            memory=self.memory if self.in_place else None,
            # serve's watcher hands over its look at the files
            seen=snapshot([project.content_dir]) if self.in_place else None,
        )

    def assert_same_as_clean_build(self, tmp_path: Path) -> None:
        clean = tmp_path / "clean"
        pipeline.build(self.tree.project, clean, search=False)
        assert contents(self.site) == contents(clean)


@pytest.fixture(params=[False, True], ids=["swapped-in", "in-place"])
def builder(request: pytest.FixtureRequest, tree: SiteTree) -> Builder:
    tree.prisoner("mamai", MAMAI)
    tree.prisoner("rakhmetulla", RAKHMETULLA)
    tree.prisoner("other", OTHER)
    tree.case("congress-2020", CONGRESS_MOVED)
    builder = Builder(tree, in_place=request.param)
    builder.build()
    return builder


def test_a_rebuild_with_nothing_changed_writes_nothing(builder: Builder) -> None:
    before = files(builder.site)
    report = builder.build()
    assert report.written == 0
    assert files(builder.site) == before


def test_renaming_a_person_rewrites_exactly_the_pages_that_show_the_name(
    builder: Builder, tmp_path: Path
) -> None:
    before = files(builder.site)
    profile = builder.tree.root / "content/prisoners/mamai.md"
    profile.write_text(
        profile.read_text().replace("Zhanbolat Mamai", "Zhanbolat Mamay"), encoding="utf-8"
    )
    report = builder.build()
    expected = {
        "prisoners/mamai/index.html",  # the profile
        "prisoners/zhanbolat-mamay/index.html",  # its redirect names it
        "prisoners/index.html",  # the list of everyone
        "cases/congress-2020/index.html",  # its case
        "articles/cc-405/index.html",  # the articles it is charged under
        "articles/aoc-488/index.html",
        "sources/report-2019/index.html",  # the sources it cites
        "sources/report-2023/index.html",
        "timeline/2020/index.html",  # the years of its events
        "timeline/2017/index.html",
        "index.html",  # the home page's latest events
        # the feeds whose entries name it: its own (at its former address too), its case's (at
        # the case's former address too), its articles' and the site's
        "prisoners/mamai/feed.xml",
        "prisoners/zhanbolat-mamay/feed.xml",
        "cases/congress-2020/feed.xml",
        "cases/congress/feed.xml",
        "articles/cc-405/feed.xml",
        "articles/aoc-488/feed.xml",
        "feed.xml",
        # the data that has it: its record, the table of people, the database, their checksums
        "prisoners/mamai/record.json",
        "data/people.csv",
        "data/database.json",
        "data/SHA256SUMS",
        "search/words.js",  # the names a search that finds nothing suggests from
        "prisoners/mamai/share.png",  # its share card draws the name
    }
    assert changed(before, files(builder.site)) == expected
    assert report.written == len(expected)
    builder.assert_same_as_clean_build(tmp_path)


def test_editing_a_biography_rewrites_only_the_profile(builder: Builder, tmp_path: Path) -> None:
    before = files(builder.site)
    profile = builder.tree.root / "content/prisoners/other.md"
    profile.write_text(profile.read_text() + "\nOne more sentence.\n", encoding="utf-8")
    builder.build()
    assert changed(before, files(builder.site)) == {
        "prisoners/other/index.html",
        # and the data that holds the text: the record's, the database, their checksums
        "prisoners/other/record.json",
        "data/database.json",
        "data/SHA256SUMS",
    }
    builder.assert_same_as_clean_build(tmp_path)


def test_added_and_removed_records_match_a_clean_build(builder: Builder, tmp_path: Path) -> None:
    builder.tree.prisoner("newcomer", prisoner("New Comer", cases="[congress-2020]"))
    builder.build()
    assert (builder.site / "prisoners/newcomer/index.html").is_file()
    builder.assert_same_as_clean_build(tmp_path)

    (builder.tree.root / "content/prisoners/newcomer.md").unlink()
    builder.build()
    assert not (builder.site / "prisoners/newcomer").exists()
    builder.assert_same_as_clean_build(tmp_path)


def test_a_template_change_reaches_every_page(builder: Builder, tmp_path: Path) -> None:
    base = builder.tree.root / "templates/base.html"
    base.write_text(base.read_text().replace("</body>", "<!-- edited --></body>"))
    builder.build()
    pages = [page.read_text() for page in builder.site.rglob("*.html")]
    based = [page for page in pages if "<main" in page]  # all but redirects extend base.html
    assert len(based) > 10 and all("<!-- edited -->" in page for page in based)
    builder.assert_same_as_clean_build(tmp_path)


def test_another_version_of_a_markdown_renderer_renders_every_page_again(
    builder: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    render_page = render.render_page
    monkeypatch.setattr(
        render,
        "render_page",
        lambda env, page: rendered.append(page.path) or render_page(env, page),
    )
    builder.build()
    assert rendered == []  # nothing changed
    monkeypatch.setattr(markdown, "RENDERERS", markdown.RENDERERS + " (another version)")
    builder.build()
    every_page = json.loads((builder.site / FINGERPRINTS).read_text())
    assert len(rendered) == len(every_page) - 1 > 20  # SHA256SUMS is summed, not rendered


def test_the_site_title_and_address_reach_every_page(builder: Builder, tmp_path: Path) -> None:
    """They are no page's own data, but every page shows them."""
    site = builder.tree.root / "content/site.yaml"
    site.write_text(site.read_text().replace("Test Prisoners", "Renamed Site"), encoding="utf-8")
    builder.build()
    pages = [page.read_text() for page in builder.site.rglob("*.html")]
    assert len(pages) > 10 and all("Renamed Site" in page for page in pages)
    builder.assert_same_as_clean_build(tmp_path)
    report = pipeline.build(
        builder.tree.project, builder.site, search=False, base_url="https://other.example/"
    )
    assert report.written > 10
    assert '<link rel="canonical" href="https://other.example/prisoners/mamai/">' in (
        builder.tree.html("prisoners/mamai/index.html")
    )


def test_an_interrupted_update_in_place_is_repaired_by_the_next(
    tree: SiteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree.prisoner("mamai", MAMAI)
    tree.prisoner("rakhmetulla", RAKHMETULLA)
    tree.case("congress-2020", CONGRESS)
    builder = Builder(tree, in_place=True)
    builder.build()
    profile = tree.root / "content/prisoners/mamai.md"
    original = profile.read_text()
    profile.write_text(original.replace("Zhanbolat Mamai", "Zhanbolat Mamay"), encoding="utf-8")

    real_render = pipeline.render_pages

    def render_then_fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        for count, item in enumerate(real_render(*args, **kwargs)):
            if count == 2:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(pipeline, "render_pages", render_then_fail)
    with pytest.raises(KeyboardInterrupt):
        builder.build()
    monkeypatch.setattr(pipeline, "render_pages", real_render)

    profile.write_text(original, encoding="utf-8")  # back to what the listed fingerprints say
    builder.build()
    builder.assert_same_as_clean_build(tmp_path)


def test_serve_puts_back_a_page_missing_from_a_folder_another_build_wrote(
    tree: SiteTree, tmp_path: Path
) -> None:
    """serve takes the files of its folder to be there only while the folder lists exactly
    what serve wrote last; after another build there, it looks for them again."""
    tree.prisoner("rakhmetulla", RAKHMETULLA)
    builder = Builder(tree, in_place=True)
    builder.build()
    tree.prisoner("other", OTHER)
    pipeline.build(tree.project, builder.site, search=False)  # `build` into serve's folder
    (builder.site / "prisoners/rakhmetulla/index.html").unlink()
    builder.build()
    builder.assert_same_as_clean_build(tmp_path)


def test_a_profile_made_a_draft_while_serving_is_taken_off_and_put_back(
    builder: Builder, tmp_path: Path
) -> None:
    file = builder.tree.root / "content/prisoners/other.md"
    published = file.read_text(encoding="utf-8")
    file.write_text(published.replace("status:", "draft: true\nstatus:"), encoding="utf-8")
    builder.build()
    assert not (builder.site / "prisoners/other/index.html").exists()
    assert "Other Person" not in builder.tree.html("prisoners/index.html")
    builder.assert_same_as_clean_build(tmp_path)
    file.write_text(published, encoding="utf-8")
    builder.build()
    assert "Other Person" in builder.tree.html("prisoners/other/index.html")
    builder.assert_same_as_clean_build(tmp_path / "again")


def test_serve_reports_every_problem_of_an_edit_and_recovers_once_it_is_fixed(
    tree: SiteTree, tmp_path: Path
) -> None:
    builder = Builder(tree, in_place=True)
    tree.case("hidden", CONGRESS.replace("people: [rakhmetulla]", "draft: true"))
    other = tree.prisoner("other", OTHER)
    builder.build()
    good = other.read_text(encoding="utf-8")
    other.write_text(good.replace("status: imprisoned", "status: jailed"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        builder.build()
    assert [(p.path, p.line, p.field) for p in error.value.problems] == [
        ("content/prisoners/other.md", 3, "status")
    ]
    other.write_text(
        good.replace("status: imprisoned", "status: released\ncases: [hidden]"), "utf-8"
    )
    with pytest.raises(ContentError) as error:  # found by linking
        builder.build()
    assert [p.message for p in error.value.problems] == [
        "'hidden' is a draft and is not published: publish it first or leave it out"
    ]
    other.write_text(good.replace("status: imprisoned", "status: released"), encoding="utf-8")
    builder.build()
    assert "Released" in tree.html("prisoners/index.html")
    builder.assert_same_as_clean_build(tmp_path)


def test_serve_takes_the_record_files_as_its_watcher_last_saw_them(
    tree: SiteTree, tmp_path: Path
) -> None:
    """serve's watcher has just looked at every file to notice an edit, so the build lists
    record files from that look instead of looking again: a file added after it waits for the
    next look, which sees it."""
    builder = Builder(tree, in_place=True)
    other = tree.prisoner("other", OTHER)
    builder.build()
    project = tree.project
    seen = snapshot([project.content_dir])
    tree.prisoner("late", prisoner("Late Person"))
    other.write_text(other.read_text().replace("status: imprisoned", "status: released"), "utf-8")
    pipeline.build(
        project, builder.site, search=False, in_place=True, memory=builder.memory, seen=seen
    )
    assert not (builder.site / "prisoners/late/index.html").exists()
    builder.build()  # with the watcher's next look
    assert "Late Person" in tree.html("prisoners/late/index.html")
    assert "Released" in tree.html("prisoners/other/index.html")
    builder.assert_same_as_clean_build(tmp_path)


def test_serve_checks_the_published_addresses_again_when_the_list_changes(tree: SiteTree) -> None:
    """An edit that leaves every address as it was needs no second look at the published list,
    unless the list itself changed meanwhile."""
    builder = Builder(tree, in_place=True)
    other = tree.prisoner("other", OTHER)
    assert tree.run("urls").exit_code == 0
    assert builder.build().unlisted_urls == ()
    listed = tree.root / "content/published-urls.txt"
    listed.write_text(listed.read_text() + "/prisoners/gone/\n", encoding="utf-8")
    other.write_text(other.read_text() + "\nOne more sentence.\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        builder.build()
    assert "/prisoners/gone/ was published but would no longer exist" in str(error.value.problems)
    listed.write_text(listed.read_text().replace("/prisoners/other/\n", ""), encoding="utf-8")
    with pytest.raises(ContentError):  # still broken
        builder.build()
    listed.write_text(listed.read_text().replace("/prisoners/gone/\n", ""), encoding="utf-8")
    assert builder.build().unlisted_urls == ("/prisoners/other/",)
    other.write_text(other.read_text() + "\nOne more.\n", encoding="utf-8")
    assert builder.build().unlisted_urls == ("/prisoners/other/",)  # as the last build found


def test_a_photo_taken_off_a_profile_leaves_the_site(builder: Builder, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 30), "red").save(builder.tree.root / "content/prisoners/x.jpg")
    file = builder.tree.prisoner("x", prisoner(photo="x.jpg"))
    builder.build()
    assert (builder.site / "prisoners/x/photo.jpg").is_file()
    file.write_text(prisoner(), encoding="utf-8")
    builder.build()
    assert not (builder.site / "prisoners/x/photo.jpg").exists()
    builder.assert_same_as_clean_build(tmp_path)


def test_serve_collects_garbage_between_builds_whatever_happens(tree: SiteTree) -> None:
    """The pipeline pauses Python's cycle collector; serve runs for hours, so it must come back
    after a good build and after a failed one."""
    tree.prisoner("other", OTHER)
    builder = Builder(tree, in_place=True)
    builder.build()
    assert gc.isenabled()
    tree.prisoner("broken", "---\nname: [unclosed\n---\n")
    with pytest.raises(ContentError):
        builder.build()
    assert gc.isenabled()


# Edits of what other pages show: (file under content/, text replaced, replacement).
OUTWARD_EDITS = {
    "status": ("prisoners/mamai.md", "status: detained", "status: imprisoned"),
    "region": ("prisoners/mamai.md", "region: Almaty Region", "region: Astana"),
    "charge": ("prisoners/mamai.md", "article: cc-405", "article: cc-258"),
    "an article's last charge": ("prisoners/other.md", "article: cc-258", "article: cc-405"),
    "case": ("prisoners/mamai.md", "cases: [congress-2020]", "cases: []"),
    "event year": ("prisoners/mamai.md", "date: 2017", "date: 2016"),
    "event source": ("prisoners/mamai.md", "sources: [report-2023]", "sources: [report-2019]"),
    "event type": ("prisoners/mamai.md", "type: detained", "type: searched"),
    "event summary": ("prisoners/mamai.md", "outside a courthouse", "outside a court"),
    "source": ("prisoners/mamai.md", "[report-2019]\n---", "[report-2019, report-2023]\n---"),
    "former slug": ("prisoners/mamai.md", "[zhanbolat-mamay]", "[zhanbolat-mamay, z-mamai]"),
    "case former slug": ("cases/congress-2020.md", "[congress]", "[congress, congress-2019]"),
    "case title": (
        "cases/congress-2020.md",
        "title: Congress detentions",
        "title: Congress arrests",
    ),
    "case people": ("cases/congress-2020.md", "people: [rakhmetulla]", "people: [other]"),
    "case article": ("cases/congress-2020.md", "articles: [cc-405]", "articles: [aoc-488]"),
    "case summary": ("cases/congress-2020.md", "summary: Detentions", "summary: Arrests"),
    "case status": ("cases/congress-2020.md", "status: concluded", "status: ongoing"),
    "case start": ("cases/congress-2020.md", "start: 2020-02", "start: 2020-01"),
    "a new year": ("cases/congress-2020.md", "date: 2020-02-19", "date: 2018-02-19"),
    "source title": ("sources.yaml", "title: Arrests in Astana", "title: Arrests in the capital"),
    "article title": (
        "articles.yaml",
        "title: Financing of extremist",
        "title: Funding of extremist",
    ),
}


@pytest.mark.parametrize("edit", OUTWARD_EDITS.values(), ids=OUTWARD_EDITS.keys())
def test_a_rebuild_after_an_edit_other_pages_show_matches_a_clean_build(
    builder: Builder, tmp_path: Path, edit: tuple[str, str, str]
) -> None:
    path, old, new = edit
    file = builder.tree.root / "content" / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    builder.build()
    builder.assert_same_as_clean_build(tmp_path)


# The two links to the case in the builder's tree: a person names it, and it names a person.
CASE_LINKS = (
    ("prisoners/mamai.md", "[congress-2020]"),
    ("cases/congress-2020.md", "[rakhmetulla]"),
)


@pytest.mark.parametrize("links", [CASE_LINKS, CASE_LINKS[::-1]], ids=["case last", "person last"])
def test_the_search_page_drops_the_case_filter_with_the_last_link_to_a_case(
    builder: Builder, tmp_path: Path, links: tuple[tuple[str, str], ...]
) -> None:
    tree = builder.tree
    assert 'data-filter="case"' in tree.html("search/index.html")
    for record, link in links:
        file = tree.root / "content" / record
        file.write_text(file.read_text(encoding="utf-8").replace(link, "[]"), encoding="utf-8")
        builder.build()
    assert 'data-filter="case"' not in tree.html("search/index.html")
    builder.assert_same_as_clean_build(tmp_path)


def test_serve_reads_a_broken_table_file_again_once_it_is_fixed(tree: SiteTree) -> None:
    """serve parses articles.yaml and sources.yaml again only when their stat changes: a problem
    found once is reported as long as the file stays as it is, and gone once it is fixed."""
    tree.prisoner("other", OTHER)
    builder = Builder(tree, in_place=True)
    builder.build()
    sources = tree.root / "content/sources.yaml"
    good = sources.read_text(encoding="utf-8")
    sources.write_text(good + "broken: [unclosed\n", encoding="utf-8")
    for _ in range(2):  # parsed, then taken as it was
        with pytest.raises(ContentError) as error:
            builder.build()
        assert any(p.path == "content/sources.yaml" for p in error.value.problems)
    sources.write_text(good.replace("Arrests in Astana", "Arrests in the capital"), "utf-8")
    builder.build()
    page = (builder.site / "sources/report-2023/index.html").read_text(encoding="utf-8")
    assert "Arrests in the capital" in page
