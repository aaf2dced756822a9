"""The top of a profile says where the person is, since when and on what charge; lists and the
home page lead to the people they count."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from generator.content.dates import PartialDate
from generator.content.history import history

from ..conftest import SITE_YAML, SiteTree, prisoner

HELD = prisoner(
    "Aidar Held",
    status="administrative_arrest",
    status_as_of="2023-10-25",
    status_source="report-2023",
    charges="[{article: aoc-488, part: 1}]",
    sentence="fifteen days of administrative arrest",
    detention_place="a detention centre in Astana",
    recognised="[{by: Test Monitor, date: 2023-10, source: report-2023}]",
    events="[{date: 2023-10-18, type: detained, summary: Detained.}]",
)
BARE = prisoner("Bare Person", status="unknown")


def glance(html: str) -> str:
    """The summary at the top of a profile, as text, tags dropped."""
    section = re.search(r'<section class="at-a-glance".*?</section>', html, re.S)
    assert section is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section.group(0))).strip()


def test_the_summary_shows_what_the_record_has_in_words(tree: SiteTree) -> None:
    tree.prisoner("held", HELD)
    tree.prisoner("bare", BARE)
    assert tree.run("build", "--no-search").exit_code == 0
    assert glance(tree.html("prisoners/held/index.html")) == (
        "Status Administrative arrest as of 25 October 2023, according to Arrests in Astana"
        " In custody since 18 October 2023: 7 days as of 25 October 2023"
        " Charges AC 488(1)"
        " Sentence Fifteen days of administrative arrest"  # a sentence begins with a capital
        " Place of detention a detention centre in Astana"
        " Recognised as a political prisoner by Test Monitor (October 2023), according to Arrests"
        " in Astana"
    )
    # the source the status rests on is listed with the others, where its link points
    assert 'id="source-report-2023"' in tree.html("prisoners/held/index.html")


def test_the_summary_shows_nothing_the_record_lacks(tree: SiteTree) -> None:
    tree.prisoner("bare", BARE)
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("prisoners/bare/index.html")
    assert glance(html) == "Status Unknown"
    assert '<dl class="facts">' not in html  # no empty list of facts either


def test_the_list_shows_charge_and_custody_columns_only_where_someone_has_them(
    tree: SiteTree,
) -> None:
    tree.prisoner("bare", BARE)
    assert tree.run("build", "--no-search").exit_code == 0
    assert "<th" in tree.html("prisoners/index.html")
    headings = re.findall(r'<th scope="col">([^<]+)</th>', tree.html("prisoners/index.html"))
    assert headings == ["Name", "Status"]
    tree.prisoner("held", HELD)
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("prisoners/index.html")
    headings = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headings == ["Name", "Status", "Main charge", "In custody"]
    assert '<td data-label="Main charge">AC 488(1)</td>' in html
    assert '<time datetime="2023-10-18">18 October 2023</time>' in html


def test_the_404_page_links_the_lists_and_the_search(tree: SiteTree) -> None:
    tree.prisoner("bare", BARE)
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("404.html")
    for target in ("prisoners/", "cases/", "articles/", "timeline/", "sources/", "search/"):
        assert f'href="/db/{target}"' in html, target


def test_a_status_date_needs_its_source_and_comes_after_every_event(tree: SiteTree) -> None:
    tree.prisoner("no-source", prisoner("No Source", status_as_of="2023-10"))
    tree.prisoner("no-date", prisoner("No Date", status_source="report-2023"))
    tree.prisoner(
        "too-early",
        prisoner(
            "Too Early",
            status_as_of="2019-11",
            status_source="report-2019",
            events="[{date: 2023-10-18, type: detained, summary: Detained.}]",
        ),
    )
    result = tree.run("validate")
    assert result.exit_code == 1
    said = result.output
    assert "content/prisoners/no-source.md:5: status_as_of: name the source" in said
    assert "content/prisoners/no-date.md:5: status_source: give the date" in said
    assert (
        "content/prisoners/too-early.md:5: status_as_of: the status is given as of 2019-11,"
        " before the event of 2023-10-18" in said
    )


LETTERS = '{address: "Detention centre No. 1\\nAstana", checked: 2023-10-20, languages: [ru, kk]}'


def profile_with_letters(tree: SiteTree, **fields: str) -> str:
    tree.write("content/site.yaml", SITE_WITH_HELP)
    tree.write("content/pages/how-to-write.md", "---\ntitle: How to write\n---\nWrite kindly.\n")
    tree.prisoner("held", prisoner("Aidar Held", **{**HELD_FIELDS, **fields}))
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    return tree.html("prisoners/held/index.html")


SITE_WITH_HELP = SITE_YAML + "help_page: how-to-write\nletters_age_months: 6\n"
HELD_FIELDS = {
    "status": "detained",
    "status_as_of": "2023-10-25",
    "status_source": "report-2023",
    "events": "[{date: 2023-10-18, type: detained, summary: Detained.}]",
}


def test_someone_in_custody_has_the_letters_address_and_how_to_help(tree: SiteTree) -> None:
    html = profile_with_letters(tree, letters=LETTERS)
    assert "<address>Detention centre No. 1\nAstana</address>" in html
    assert "Address last checked: <time" in html and "20 October 2023" in html
    assert "Letters may be written in: Russian, Kazakh." in html
    assert 'href="../../pages/how-to-write/">How to help and how to write</a>' in html
    assert "may be out of date" not in html
    # the page of the site's own words is published and linked from every footer
    assert "<h1>How to write</h1>" in tree.html("pages/how-to-write/index.html")
    assert 'href="pages/how-to-write/">How to write</a>' in tree.html("index.html")


def test_an_address_checked_long_before_the_latest_news_is_flagged(tree: SiteTree) -> None:
    old = LETTERS.replace("2023-10-20", "2023-03")
    html = profile_with_letters(tree, letters=old)
    assert "checked more than 6 months before the latest news" in html
    moved = LETTERS.replace("2023-10-20", "2023-10-19")
    transfer = "[{date: 2023-10-18, type: detained, summary: Detained.}, {date: 2023-10-24, type: transferred, summary: Moved.}]"
    assert "may be out of date" in profile_with_letters(tree, letters=moved, events=transfer)


def test_no_address_or_help_link_for_someone_at_liberty(tree: SiteTree) -> None:
    html = profile_with_letters(tree, letters=LETTERS, status="released")
    assert "<address>" not in html and "How to help" not in html


def test_help_page_must_name_a_published_page(tree: SiteTree) -> None:
    tree.write("content/site.yaml", SITE_WITH_HELP)
    tree.prisoner("held", prisoner("Aidar Held"))
    result = tree.run("validate")
    assert result.exit_code == 1
    assert "content/site.yaml:5: help_page: unknown page 'how-to-write'" in result.output


def commit(tree: SiteTree, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "Volunteer",
        "GIT_AUTHOR_EMAIL": "volunteer@example.org",
        "GIT_COMMITTER_NAME": "Volunteer",
        "GIT_COMMITTER_EMAIL": "volunteer@example.org",
    }
    for command in (["init", "-q"], ["add", "content"], ["commit", "-q", "-m", "Records"]):
        subprocess.run(["git", *command], cwd=tree.root, env=env, check=True)


def test_a_record_says_when_it_last_changed_from_its_git_history(tree: SiteTree) -> None:
    history = "history_url: https://example.org/repo/commits/main/\n"
    tree.write("content/site.yaml", SITE_YAML + history)
    tree.prisoner("held", HELD)
    tree.prisoner("bare", BARE)
    commit(tree, "2024-03-05T12:00:00+00:00")
    tree.prisoner("bare", BARE.replace("A short biography", "A longer biography"))
    commit(tree, "2025-01-20T12:00:00+00:00")
    assert tree.run("build", "--no-search").exit_code == 0
    held = tree.html("prisoners/held/index.html")
    assert 'Record edited <time datetime="2024-03-05">5 March 2024</time>' in held
    assert 'href="https://example.org/repo/commits/main/content/prisoners/held.md"' in held
    assert '<time datetime="2025-01-20">' in tree.html("prisoners/bare/index.html")


def test_without_git_no_record_gives_a_date(tree: SiteTree) -> None:
    tree.prisoner("held", HELD)
    assert tree.run("build", "--no-search").exit_code == 0
    assert "Record edited" not in tree.html("prisoners/held/index.html")


def test_a_sentence_shows_its_dates_and_a_recognition_its_date(tree: SiteTree) -> None:
    events = (
        "[{date: 2023-10-18, type: detained, summary: Detained.},"
        " {date: 2023-11, type: recognised, summary: Recognised.}]"
    )
    tree.prisoner(
        "held",
        prisoner(
            "Aidar Held",
            sentence="two years in prison",
            sentence_start="2023-10-18",
            sentence_end="2025-10",
            recognised="[{by: Test Monitor, date: 2023-11, source: report-2019}]",
            events=events,
        ),
    )
    assert tree.run("build", "--no-search").exit_code == 0
    text = glance(tree.html("prisoners/held/index.html"))
    assert (
        "Sentence Two years in prison; from 18 October 2023; expected to end October 2025" in text
    )
    assert "Recognised as a political prisoner by Test Monitor (November 2023)" in text


def test_a_sentence_cannot_end_before_it_starts(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(sentence_start="2023-10", sentence_end="2022"))
    result = tree.run("validate")
    assert "sentence_end: the sentence ends (2022) before it starts (2023-10)" in result.output


def test_a_shallow_clone_gives_no_dates_rather_than_its_one_commits(
    tree: SiteTree, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tree.prisoner("held", HELD)
    commit(tree, "2024-03-05T12:00:00+00:00")
    tree.prisoner("held", HELD.replace("A short", "A longer"))
    commit(tree, "2025-01-20T12:00:00+00:00")
    clone = tmp_path_factory.mktemp("clone") / "shallow"
    git = ["git", "clone", "-q", "--depth", "1", tree.root.as_uri(), str(clone)]
    subprocess.run(git, check=True)
    assert history(clone).dates == {}
    assert history(tree.root).dates["content/prisoners/held.md"] == PartialDate(2025, 1, 20)


def test_an_unknown_status_source_is_one_problem(tree: SiteTree) -> None:
    tree.prisoner("x", prisoner(status_as_of="2023-10", status_source="no-such-report"))
    result = tree.run("validate")
    assert "unknown source 'no-such-report'" in result.output
    assert "add status_source" not in result.output
