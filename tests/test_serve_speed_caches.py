"""serve keeps what it made of each record from one build to the next (BuildMemory.records, and
the table of places while content/places.yaml is unchanged). An edit elsewhere can change what
an unedited record's page shows: the rebuilt site is then still byte for byte a clean build's."""

from __future__ import annotations

from collections.abc import Callable

from generator import build as pipeline
from generator.pages import spellings

from .conftest import SITE_YAML, SiteTree, prisoner
from .test_incremental import contents
from .test_rebuilds import build

HELD = prisoner(
    "Aidar Tusbekov",
    status="imprisoned",
    city="Kaskelen",
    events="[{date: 2023-01-10, type: detained, summary: Detained.}]",
)
PROFILE = "prisoners/held/index.html"


def served_then_clean(tree: SiteTree, edit: Callable[[], None]) -> tuple[str, str]:
    """The unedited person's profile as serve built it before and after `edit`; asserts that
    serve's site after the edit is the clean build's."""
    memory = pipeline.BuildMemory()
    served, clean = tree.root / "site", tree.root / "clean"
    assert build(tree, served, memory)
    before = tree.html(PROFILE)
    edit()
    assert build(tree, served, memory)
    assert build(tree, clean, None)
    assert contents(served) == contents(clean)
    return before, tree.html(PROFILE)


def test_news_grows_old_when_another_record_moves_the_build_date(tree: SiteTree) -> None:
    # Without git history, the build's date is the newest date the content gives.
    tree.prisoner("held", HELD)
    other = prisoner("Dana Omarova", events="[{date: 2023-02-01, type: detained, summary: D.}]")
    tree.prisoner("other", other)
    later = prisoner("Dana Omarova", events="[{date: 2026-06-01, type: detained, summary: D.}]")
    before, after = served_then_clean(tree, lambda: tree.prisoner("other", later) and None)
    assert before != after  # the person's custody is old news now


def test_news_grows_old_when_the_site_shortens_how_long_it_stays_recent(tree: SiteTree) -> None:
    tree.prisoner("held", HELD)
    other = prisoner("Dana Omarova", status_as_of="2023-09-01", status_source="report-2023")
    tree.prisoner("other", other)
    stale = SITE_YAML + "status_stale_months: 3\n"
    before, after = served_then_clean(tree, lambda: tree.write("content/site.yaml", stale) and None)
    assert before != after


def test_search_finds_a_place_by_a_spelling_added_to_the_table(tree: SiteTree) -> None:
    tree.with_places()
    tree.prisoner("held", HELD)
    table = tree.root / "content/places.yaml"
    kaskelen = "  kk: Қаскелең\n"
    text = table.read_text(encoding="utf-8").replace(kaskelen, kaskelen + "  also: [Kapal]\n")

    def edit() -> None:
        table.write_text(text, encoding="utf-8")

    before, after = served_then_clean(tree, edit)
    assert "0kapal" not in before and "0kapal" in after


def test_a_build_no_other_follows_keeps_no_words_of_its_names_once_done(tree: SiteTree) -> None:
    """What serve keeps of each spelling lives in its BuildMemory: a one-off build of 50,000
    records held it to the end in a module cache, 55 MiB more at its peak (over 1 GB)."""
    for number in range(3):  # names no other test builds, so no cache holds them yet
        tree.prisoner(f"p{number}", prisoner(f"Qydyrbek{number} Zhanuzaqov{number}"))
    before = _cached_spellings()
    assert build(tree, tree.root / "site", None)
    assert _cached_spellings() == before


# Bounded caches a clean build's languages share (a word folded, a person's keys).
SHARED_IN_A_BUILD = ("_fold_word", "search_keys")


def _cached_spellings() -> int:
    """Entries in the spellings module's other caches."""
    functions = (f for name, f in vars(spellings).items() if name not in SHARED_IN_A_BUILD)
    return sum(f.cache_info().currsize for f in functions if hasattr(f, "cache_info"))
