"""Atom feeds: the whole site's, and one per person, case and law article, read by a real feed
parser; dated and identified by the records alone, so the same content gives the same feeds."""

from __future__ import annotations

import uuid
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from generator.pages import atom, plan

from .conftest import SiteTree, prisoner

BASE = "https://example.org/db/"
DETAINED = (
    "{date: 2020-02-21, type: detained, summary: Detained outside a courthouse., place: Kaskelen}"
)
SENTENCED = "{date: 2020-06, type: sentenced, summary: Given three years.}"
CASE = """\
---
title: Congress detentions
people: [mamai]
articles: [cc-405]
events: [{date: 2020-03-01, type: trial, summary: The trial opened.}]
sources: [report-2019]
---
"""


def content(tree: SiteTree, **mamai: str) -> None:
    fields = {"events": f"[{DETAINED}, {SENTENCED}]", "charges": "[{article: cc-405}]", **mamai}
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai", **fields))
    tree.prisoner(
        "other",
        prisoner("Other Person", events="[{date: 2019-11-05, type: fined, summary: Fined.}]"),
    )
    tree.case("congress", CASE)


def build(tree: SiteTree, *args: str, out: str = "site") -> Path:
    result = tree.run("build", "--no-search", "--out", out, *args)
    assert result.exit_code == 0, result.output
    return tree.root / out


def read(file: Path) -> Any:
    feed = feedparser.parse(file.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def feeds(site: Path) -> dict[str, bytes]:
    return {f.relative_to(site).as_posix(): f.read_bytes() for f in site.rglob("feed.xml")}


def test_every_person_case_and_article_has_a_feed_of_its_events(tree: SiteTree) -> None:
    content(tree)
    site = build(tree)
    person = read(site / "prisoners/mamai/feed.xml")
    assert person.feed.title == "Zhanbolat Mamai · Test Prisoners"
    assert person.feed.link == f"{BASE}prisoners/mamai/"
    assert [link.href for link in person.feed.links if link.rel == "self"] == [
        f"{BASE}prisoners/mamai/feed.xml"
    ]
    assert person.feed.updated == "2020-06-01T00:00:00Z"  # the newest event, not the build
    assert [e.title for e in person.entries] == [
        "Zhanbolat Mamai: Sentenced",
        "Zhanbolat Mamai: Detained",
    ]
    detained = person.entries[1]
    assert detained.summary == "21 February 2020, Kaskelen: Detained outside a courthouse."
    assert detained.updated == "2020-02-21T00:00:00Z"
    assert detained.link == f"{BASE}prisoners/mamai/"
    assert person.entries[0].updated == "2020-06-01T00:00:00Z"  # 'June 2020': its first day
    assert person.entries[0].summary == "June 2020: Given three years."
    # a case: its own events and its people's; an article: its people's and its cases'
    case = read(site / "cases/congress/feed.xml")
    assert [e.title for e in case.entries] == [
        "Zhanbolat Mamai: Sentenced",
        "Congress detentions: Trial",
        "Zhanbolat Mamai: Detained",
    ]
    article = read(site / "articles/cc-405/feed.xml")
    assert [e.title for e in article.entries] == [e.title for e in case.entries]
    assert read(site / "articles/cc-258/feed.xml").entries == []
    # the whole site: every record's events, newest first
    whole = read(site / "feed.xml")
    assert whole.feed.link == BASE
    assert [e.title for e in whole.entries] == [
        "Zhanbolat Mamai: Sentenced",
        "Congress detentions: Trial",
        "Zhanbolat Mamai: Detained",
        "Other Person: Fined",
    ]
    assert len({e.id for e in whole.entries}) == 4
    # name-based UUIDs of the record, the event's date and its rank among that date's events
    namespace = atom.FEED_ID_NAMESPACE
    assert whole.entries[2].id == uuid.uuid5(namespace, "event:prisoner/mamai/2020-02-21/0").urn
    assert whole.feed.id == uuid.uuid5(namespace, "feed:/").urn


def test_a_person_without_events_is_dated_by_the_newest_source(tree: SiteTree) -> None:
    tree.prisoner("quiet", prisoner("Quiet Person", sources="[report-2019, report-2023]"))
    site = build(tree)
    feed = read(site / "prisoners/quiet/feed.xml")
    assert feed.entries == [] and feed.feed.updated == "2023-10-18T00:00:00Z"


def test_ids_stay_when_the_site_moves_or_other_events_change(tree: SiteTree) -> None:
    content(tree)
    before = read(build(tree) / "feed.xml")
    moved = read(build(tree, "--base-url", "https://mirror.example.net/", out="moved") / "feed.xml")
    assert [e.id for e in moved.entries] == [e.id for e in before.entries]
    assert moved.feed.id == before.feed.id
    assert moved.entries[0].link.startswith("https://mirror.example.net/")
    # a new event, and a corrected summary, leave the other entries' ids as they were
    detained = DETAINED.replace("outside a courthouse", "at home")
    another = "{date: 2020-02-21, type: searched, summary: His flat was searched.}"
    content(tree, events=f"[{another}, {detained}, {SENTENCED}]")
    after = read(build(tree) / "prisoners/mamai/feed.xml")
    ids = {e.title: e.id for e in after.entries}
    assert ids["Zhanbolat Mamai: Sentenced"] == before.entries[0].id
    assert len(set(ids.values())) == 3


def test_the_same_content_gives_the_same_feeds_and_a_change_shows(tree: SiteTree) -> None:
    content(tree)
    first = feeds(build(tree, out="a"))
    assert feeds(build(tree, out="b")) == first
    assert {"feed.xml", "prisoners/mamai/feed.xml", "cases/congress/feed.xml"} <= first.keys()
    content(tree, events=f"[{DETAINED.replace('Kaskelen', 'Almaty')}, {SENTENCED}]")
    changed = feeds(build(tree, out="c"))
    differ = {path for path in first if first[path] != changed[path]}
    # the person's, their case's and article's, and the site's; the other person's stays
    assert differ == {
        "feed.xml",
        "prisoners/mamai/feed.xml",
        "cases/congress/feed.xml",
        "articles/cc-405/feed.xml",
    }


class FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") == "alternate" and not found.get("hreflang"):
            if found.get("type") == "application/atom+xml":
                self.feeds.append(found["href"] or "")
            else:  # the other alternate a page may have: its record's data
                assert found.get("type") == "application/json", found


def linked_feeds(page: Path) -> list[Path]:
    parser = FeedLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return [(page.parent / href).resolve() for href in parser.feeds]


@pytest.mark.parametrize("offline", [False, True])
def test_pages_link_their_feeds_and_the_feeds_exist(tree: SiteTree, offline: bool) -> None:
    content(tree)
    if offline:
        result = tree.run("offline", "--out", "copy.zip")
        assert result.exit_code == 0, result.output
        import zipfile

        with zipfile.ZipFile(tree.root / "copy.zip") as archive:
            archive.extractall(tree.root / "unzipped")
        site = tree.root / "unzipped/copy"
    else:
        site = build(tree)
    whole = (site / "feed.xml").resolve()
    for page, own in [
        ("prisoners/mamai/index.html", "prisoners/mamai/feed.xml"),
        ("cases/congress/index.html", "cases/congress/feed.xml"),
        ("articles/cc-405/index.html", "articles/cc-405/feed.xml"),
    ]:
        assert linked_feeds(site / page) == [whole, (site / own).resolve()], page
        read(site / own)
        assert 'href="feed.xml">Follow this page' in (site / page).read_text()
    assert linked_feeds(site / "index.html") == [whole]
    assert linked_feeds(site / "statistics/index.html") == [whole]
    read(whole)


def test_drafts_never_appear_in_any_feed(tree: SiteTree) -> None:
    content(tree)
    tree.prisoner(
        "hidden",
        prisoner(
            "Hidden Person",
            draft="true",
            charges="[{article: cc-405}]",
            events="[{date: 2024-01-05, type: detained, summary: Secret detail.}]",
        ),
    )
    site = build(tree)
    assert not (site / "prisoners/hidden").exists()
    for path, data in feeds(site).items():
        assert b"Hidden Person" not in data and b"Secret detail" not in data, path


def test_hostile_text_is_escaped_and_control_characters_refused(tree: SiteTree) -> None:
    hostile = "<script>alert(1)</script> ]]> & <![CDATA[x]]>"
    event = f"{{date: 2021-01-01, type: other, summary: '{hostile}', place: '</summary><x/>'}}"
    tree.prisoner("h", prisoner("Hostile <b>Name</b>", events=f"[{event}]"))
    site = build(tree)
    raw = (site / "prisoners/h/feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "]]>" not in raw and "<x/>" not in raw
    feed = read(site / "prisoners/h/feed.xml")
    assert feed.entries[0].summary == f"1 January 2021, </summary><x/>: {hostile}"
    assert feed.entries[0].title == "Hostile <b>Name</b>"  # type other: no label
    # control characters never reach a feed: validation refuses them
    tree.prisoner(
        "h", prisoner("Hostile", events='[{date: 2021-01-01, type: other, summary: "a\\x0bb"}]')
    )
    result = tree.run("build", "--no-search", "--out", "refused")
    assert result.exit_code == 1 and "summary" in result.stderr
    assert not (tree.root / "refused").exists()


def test_the_site_feed_keeps_the_newest_entries(
    tree: SiteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan, "SITE_FEED_ENTRIES", 2)
    monkeypatch.setattr(plan, "FEED_ENTRIES", 2)
    content(tree)
    site = build(tree)
    assert [e.title for e in read(site / "feed.xml").entries] == [
        "Zhanbolat Mamai: Sentenced",
        "Congress detentions: Trial",
    ]
    assert len(read(site / "cases/congress/feed.xml").entries) == 2
    assert len(read(site / "prisoners/mamai/feed.xml").entries) == 2


def test_a_renamed_record_keeps_its_feed_at_the_old_address(tree: SiteTree) -> None:
    content(tree, former_slugs="[zhanbolat-mamai]")
    site = build(tree)
    old = read(site / "prisoners/zhanbolat-mamai/feed.xml")
    new = read(site / "prisoners/mamai/feed.xml")
    assert old.feed.id == new.feed.id and [e.id for e in old.entries] == [e.id for e in new.entries]
    assert [link.href for link in old.feed.links if link.rel == "self"] == [
        f"{BASE}prisoners/mamai/feed.xml"
    ]
    sitemap = (site / "sitemaps/1.xml").read_text()
    assert "feed.xml" not in sitemap  # feeds are for feed readers, not crawlers
