"""Honest about time: a status says when it was last reported and whether a report states it;
terms end; old news looks old on every page; help is offered only where it can help; dates say
how sure they are; and no date, however YAML types it, may be in the future."""

from __future__ import annotations

import dataclasses
import datetime
import re
import subprocess
import typing

import pytest

from generator.content import model
from generator.content.dates import PartialDate, Term
from generator.content.fields import partial_date, specs_of
from generator.content.model import Event, Prisoner
from generator.content.periods import Period, custody_periods
from generator.pages.detention import latest_detention

from .conftest import SiteTree, prisoner


def date(text: str) -> PartialDate:
    return PartialDate(*(int(part) for part in text.split("-")))


def event(when: str, kind: str, term: Term | None = None) -> Event:
    return Event(date(when), kind, "Summary.", term=term)


def text(html: str) -> str:
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,;:.)])", r"\1", words).replace("( ", "(")


# --- terms and periods ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "term", "end", "at_the_latest"),
    [
        ("2023-04-11", Term(days=15), date("2023-04-26"), False),  # to the day
        ("2023-04", Term(days=15), date("2023-05-15"), True),  # from 30 April at the latest
        ("2023-04-01", Term(months=1), date("2023-05-01"), False),
        ("2019-10-22", Term(days=10), date("2019-11-01"), False),
        ("2020-02-29", Term(years=1), date("2021-02-28"), False),  # no 29 February in 2021
        ("2019", Term(years=7, months=6), date("2027-06-30"), True),
    ],
)
def test_a_term_ends_a_custody_no_sooner_than_it_may(
    start: str, term: Term, end: PartialDate, at_the_latest: bool
) -> None:
    person = Prisoner(
        name="P", status="released", events=(event(start, "administrative_arrest", term),)
    )
    (period,) = custody_periods(person)
    assert (period.until, period.ended_by, period.at_the_latest) == (end, "term", at_the_latest)


def test_separate_arrests_are_separate_custodies_and_the_last_is_the_one_shown() -> None:
    person = Prisoner(
        name="P",
        status="administrative_arrest",
        status_as_of=date("2019-11"),
        events=(
            event("2019-10-22", "administrative_arrest", Term(days=10)),
            event("2019-11-15", "detained"),
            event("2019-11-16", "administrative_arrest", Term(days=15)),
        ),
    )
    first, second = custody_periods(person)
    assert (first.since, first.until, first.ended_by) == (
        date("2019-10-22"),
        date("2019-11-01"),
        "term",
    )
    assert (second.since, second.until, second.ended_by) == (
        date("2019-11-15"),
        date("2019-12-01"),
        "term",
    )
    # held as of the status date, and the term runs on past it: the stretch is open
    held = latest_detention(person)
    assert held is not None and held.since == date("2019-11-15")
    assert held.until == date("2019-11") and not held.released


def test_a_release_ends_a_custody_before_its_term_does() -> None:
    person = Prisoner(
        name="P",
        status="released",
        events=(
            event("2023-04-11", "administrative_arrest", Term(days=15)),
            event("2023-04-20", "released"),
        ),
    )
    (period,) = custody_periods(person)
    assert (period.until, period.ended_by) == (date("2023-04-20"), "release")


def test_without_a_term_nothing_ends_a_custody_but_the_status_date() -> None:
    person = Prisoner(
        name="P", status="imprisoned", status_as_of=date("2020"),
        events=(event("2019-05-01", "detained"),),
    )  # fmt: skip
    held = latest_detention(person)
    assert held is not None and held.until == date("2020") and not held.released


def test_held_again_after_a_term_ran_out_gives_no_since_date() -> None:
    person = Prisoner(
        name="P", status="imprisoned", status_as_of=date("2021"),
        events=(event("2019-05-01", "administrative_arrest", Term(days=15)),),
    )  # fmt: skip
    assert latest_detention(person) is None


def test_a_term_still_running_at_the_latest_news_is_not_shown_as_ended() -> None:
    person = Prisoner(
        name="P", status="pretrial_detention", status_as_of=date("2026-11-20"),
        events=(event("2026-11-20", "pretrial_detention", Term(months=2)),),
    )  # fmt: skip
    held = latest_detention(person)
    assert held is not None and not held.released and held.until == date("2026-11-20")


def test_a_later_custody_without_a_term_keeps_the_custody_open() -> None:
    person = Prisoner(
        name="P",
        status="pretrial_detention",
        events=(
            event("2020-01-10", "administrative_arrest", Term(days=15)),
            event("2020-01-20", "pretrial_detention"),
        ),
    )
    (period,) = custody_periods(person)
    assert (period.since, period.until, period.ended_by) == (date("2020-01-10"), None, "")


def test_a_detention_inside_an_open_custody_starts_the_count_again() -> None:
    """The first arrest ended on a day no report gives: no count runs across it."""
    person = Prisoner(
        name="P", status="detained",
        events=(event("2019-10-22", "detained"), event("2019-11-15", "detained")),
    )  # fmt: skip
    assert custody_periods(person) == (Period(date("2019-11-15")),)


def test_a_term_longer_than_any_is_refused_not_a_crash(tree: SiteTree) -> None:
    tree.prisoner(
        "p",
        prisoner(
            events="[{date: 2023-04-11, type: administrative_arrest, summary: S., term: 9999 years}]"
        ),
    )
    result = tree.run("validate")
    assert result.exit_code == 1
    assert "events[1].term: '9999 years' is longer than any term (100 years)" in result.output
    assert Term(years=9000).after(datetime.date(2023, 1, 1)) == datetime.date.max


@pytest.mark.parametrize(
    ("written", "term"),
    [
        ("15 days", Term(days=15)),
        ("1 year", Term(years=1)),
        ("7 years 6 months", Term(years=7, months=6)),
        ("2 years and 3 months", Term(years=2, months=3)),
    ],
)
def test_a_term_is_written_in_words(tree: SiteTree, written: str, term: Term) -> None:
    tree.prisoner(
        "p",
        prisoner(
            events=f"[{{date: 2023-04-11, type: administrative_arrest, summary: S., term: {written}}}]"
        ),
    )
    from generator import build as pipeline

    (person,) = pipeline.check(tree.project).prisoners.values()
    assert person.events[0].term == term


def test_a_term_that_is_no_length_is_refused(tree: SiteTree) -> None:
    tree.prisoner(
        "p",
        prisoner(
            events="[{date: 2023-04-11, type: administrative_arrest, summary: S., term: fifteen days}]"
        ),
    )
    result = tree.run("validate")
    assert result.exit_code == 1
    assert (
        "content/prisoners/p.md:5: events[1].term: 'fifteen days' is not a length" in result.output
    )


# --- old news ----------------------------------------------------------------------------------


def held_since_2019(tree: SiteTree, **fields: str) -> None:
    tree.write("content/pages/help.md", "---\ntitle: How to write\n---\nWrite.\n")
    tree.write(
        "content/site.yaml",
        "title: T\ndescription: D.\nbase_url: https://example.org/\nlanguage: en\n"
        "help_page: help\n",
    )
    values = {
        "status": "imprisoned",
        "status_as_of": "2019-11",
        "status_source": "report-2019",
        "events": "[{date: 2019-05-01, type: detained, summary: Detained.}]",
        "letters": '{address: "Colony 1", checked: 2019-11}',
        **fields,
    }
    tree.prisoner("held", prisoner("Held Person", **values))


def build(tree: SiteTree, as_of: str) -> None:
    result = tree.run("build", "--no-search", "--as-of", as_of)
    assert result.exit_code == 0, result.output


def test_a_status_reported_long_before_the_build_says_so_on_every_page(tree: SiteTree) -> None:
    held_since_2019(tree)
    build(tree, "2026-12-07")
    profile = text(tree.html("prisoners/held/index.html"))
    assert (
        "Imprisoned last reported November 2019, according to Test Monitor; not confirmed since"
        in profile
    )
    listed = text(tree.html("prisoners/index.html"))
    assert "Imprisoned last reported November 2019" in listed
    home = tree.html("index.html")
    assert '<th scope="col">Reported in the last 12 months</th>' in home
    assert re.search(
        r'Imprisoned</span></a></td><td data-label="[^"]*">0</td><td data-label="[^"]*">1</td>',
        home,
    )
    # old custody is not drawn in the colour of custody
    assert "tone-held" not in tree.html("prisoners/held/index.html")
    statistics = text(tree.html("statistics/index.html"))
    assert "Imprisoned 0 1" in statistics


def test_a_recent_status_is_shown_as_of_its_date(tree: SiteTree) -> None:
    held_since_2019(tree)
    build(tree, "2020-06-01")
    profile = text(tree.html("prisoners/held/index.html"))
    assert "Imprisoned as of November 2019, according to Test Monitor" in profile
    assert "not confirmed since" not in profile
    assert re.search(
        r'Imprisoned</span></a></td><td data-label="[^"]*">1</td><td data-label="[^"]*">0</td>',
        tree.html("index.html"),
    )
    assert "tone-held" in tree.html("prisoners/held/index.html")


def test_letters_and_help_only_for_custody_reported_within_letters_age(tree: SiteTree) -> None:
    held_since_2019(tree)
    build(tree, "2020-06-01")
    recent = tree.html("prisoners/held/index.html")
    assert "Colony 1" in recent and "How to help and how to write" in recent
    build(tree, "2021-06-01")
    old = tree.html("prisoners/held/index.html")
    assert "Colony 1" not in old and "How to help and how to write" not in old


def test_stale_after_status_stale_months(tree: SiteTree) -> None:
    held_since_2019(tree)
    site = tree.root / "content/site.yaml"
    site.write_text(site.read_text() + "status_stale_months: 36\n")
    build(tree, "2022-06-01")  # 31 months after the news: old by 12 months, not by 36
    profile = text(tree.html("prisoners/held/index.html"))
    assert "Imprisoned as of November 2019, according to Test Monitor" in profile
    assert "not confirmed since" not in profile


def test_the_build_is_dated_by_the_commit_built_not_the_clock(tree: SiteTree) -> None:
    held_since_2019(tree)
    environment = {
        "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_AUTHOR_DATE": "2020-03-01T12:00:00Z", "GIT_COMMITTER_DATE": "2020-03-01T12:00:00Z",
        "PATH": "/usr/bin:/bin",
    }  # fmt: skip
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "c"]):
        subprocess.run(["git", *command], cwd=tree.root, env=environment, check=True)
    assert tree.run("build", "--no-search").exit_code == 0
    first = tree.html("prisoners/held/index.html")
    assert "as of November 2019" in text(first)  # March 2020 is within 12 months
    assert tree.run("build", "--no-search").exit_code == 0
    assert tree.html("prisoners/held/index.html") == first


# --- reported or inferred ----------------------------------------------------------------------


def test_an_inferred_status_is_never_credited_to_a_source(tree: SiteTree) -> None:
    tree.prisoner(
        "p",
        prisoner(
            "Freed Person",
            status="released",
            status_as_of="2023-04",
            status_inferred="a 15-day term that began on 11 April 2023 must have ended",
            events="[{date: 2023-04-11, type: administrative_arrest, summary: S., term: 15 days,"
            " sources: [report-2023]}]",
        ),
    )
    build(tree, "2023-06-01")
    profile = text(tree.html("prisoners/p/index.html"))
    assert (
        "Released not reported, inferred: a 15-day term that began on 11 April 2023 must have"
        " ended (latest report: April 2023)" in profile
    )
    assert "according to" not in profile
    assert "not reported, inferred" in text(tree.html("prisoners/index.html"))


def test_an_inferred_status_with_a_source_is_a_warning(tree: SiteTree) -> None:
    tree.prisoner(
        "p",
        prisoner(status="released", status_as_of="2019-11", status_source="report-2019",
                 status_inferred="the term must have ended"),
    )  # fmt: skip
    result = tree.run("validate", "--strict")
    assert result.exit_code == 1
    assert (
        "content/prisoners/p.md:6: status_source: warning: the status is inferred" in result.output
    )


def test_a_detention_inside_an_open_custody_is_a_warning_unless_silenced(tree: SiteTree) -> None:
    events = (
        "[{date: 2019-10-22, type: administrative_arrest, summary: Ten days.},"
        " {date: 2019-11-15, type: detained, summary: Detained again.}]"
    )
    tree.prisoner("p", prisoner(status="administrative_arrest", events=events))
    result = tree.run("validate", "--strict")
    assert result.exit_code == 1
    assert (
        "content/prisoners/p.md:5: events: warning: the detention of 2019-11-15 falls inside"
        " custody since 2019-10-22" in result.output
    )
    with_term = events.replace("summary: Ten days.", "summary: Ten days., term: 10 days")
    tree.prisoner("p", prisoner(status="administrative_arrest", events=with_term))
    assert tree.run("validate", "--strict").exit_code == 0
    silenced = "[{warning: detained-while-held, reason: One custody moved from a cell to a court.}]"
    tree.prisoner("p", prisoner(status="administrative_arrest", events=events, silenced=silenced))
    assert tree.run("validate", "--strict").exit_code == 0


def test_an_administrative_arrest_whose_term_ended_before_the_check_is_a_warning(
    tree: SiteTree,
) -> None:
    """A 15-day arrest of 2021 shown as the status of someone checked in 2026 reads as if the
    person were still held: validate says the term has run out and how to say so."""
    events = "[{date: 2021-04-07, type: administrative_arrest, term: 15 days, summary: Arrested.}]"
    arrested = {"status": "administrative_arrest", "status_as_of": "2021-04-07",
                "status_source": "report-2019", "events": events}  # fmt: skip
    tree.prisoner("p", prisoner(**arrested, checked="2026-12-07"))
    result = tree.run("validate", "--strict")
    assert result.exit_code == 1
    assert (
        "content/prisoners/p.md:3: status: warning: the term of the administrative arrest of"
        " 2021-04-07 ended by 2021-04-22, before the record was checked for news (2026-12-07)"
    ) in result.output
    assert "status: released" in result.output and "status_inferred" in result.output
    # Checked while the term ran, or said to be right: no warning.
    tree.prisoner("p", prisoner(**arrested, checked="2021-04-10"))
    assert tree.run("validate", "--strict").exit_code == 0
    silenced = "[{warning: term-ended, reason: A court added a second arrest the same day.}]"
    tree.prisoner("p", prisoner(**arrested, checked="2026-12-07", silenced=silenced))
    assert tree.run("validate", "--strict").exit_code == 0


def test_a_new_arrest_after_an_unreported_release_counts_from_the_new_arrest(
    tree: SiteTree,
) -> None:
    """Detained in 2016, let go on a day no report gives, detained again in 2022: the profile
    must not say the person has been held since 2016."""
    events = (
        "[{date: 2016-05-10, type: detained, summary: Detained at a protest.},"
        " {date: 2022-02-14, type: detained, summary: Detained on return.}]"
    )
    silenced = "[{warning: detained-while-held, reason: No report gives the 2016 release.}]"
    tree.prisoner(
        "p",
        prisoner(status="detained", status_as_of="2022-03-01", status_source="report-2019",
                 events=events, silenced=silenced),
    )  # fmt: skip
    build(tree, "2022-03-02")
    profile = text(tree.html("prisoners/p/index.html"))
    assert "In custody since 14 February 2022: 15 days" in profile
    assert "since 10 May 2016" not in profile


# --- checked, edited, inferred dates -----------------------------------------------------------


def test_a_check_for_news_is_shown_apart_from_an_edit(tree: SiteTree) -> None:
    held_since_2019(tree, checked="2026-11")
    build(tree, "2026-12-07")
    profile = text(tree.html("prisoners/held/index.html"))
    assert "Status checked (searched for news): November 2026" in profile
    assert "not confirmed since" in profile  # a check that found nothing confirms nothing


def test_an_inferred_year_is_marked_on_the_profile_and_the_timeline(tree: SiteTree) -> None:
    tree.prisoner(
        "p",
        prisoner(events="[{date: 2023-04-11, type: detained, summary: S., date_inferred: year}]"),
    )
    build(tree, "2023-06-01")
    assert "11 April 2023 (year inferred)" in text(tree.html("prisoners/p/index.html"))
    assert "11 April 2023 (year inferred)" in text(tree.html("timeline/2023/index.html"))
    assert "11 April 2023 (year inferred)" in text(tree.html("index.html"))
    # in the feeds too, and in the data
    assert "<summary>11 April 2023 (year inferred): S.</summary>" in tree.html(
        "prisoners/p/feed.xml"
    )
    assert "date_inferred,term" in tree.html("data/events.csv").splitlines()[0]
    assert ",year," in tree.html("data/events.csv").splitlines()[1]


# --- no date in the future ---------------------------------------------------------------------


def _date_fields(kind: type, prefix: str = "") -> list[str]:
    """Every field of a kind (and the kinds nested in it) that takes a date, as its path."""
    found = []
    hints = typing.get_type_hints(kind)
    for name, spec in specs_of(kind).items():
        item = typing.get_args(hints[name])[0] if typing.get_args(hints[name]) else hints[name]
        if spec.convert is partial_date:
            found.append(prefix + name)
        elif dataclasses.is_dataclass(item) and isinstance(item, type):
            found += _date_fields(item, f"{prefix}{name}.")
    return found


# Each date field with a record that gives it (the date replaces DATE), unquoted: YAML types it.
FUTURE = "2091-03-01"
RECORDS = {
    "Prisoner.status_as_of": ("content/prisoners/p.md", prisoner(status_as_of="DATE")),
    "Prisoner.born": ("content/prisoners/p.md", prisoner(born="DATE")),
    "Prisoner.sentence_start": ("content/prisoners/p.md", prisoner(sentence_start="DATE")),
    "Prisoner.sentence_end": ("content/prisoners/p.md", prisoner(sentence_end="DATE")),
    "Prisoner.checked": ("content/prisoners/p.md", prisoner(checked="DATE")),
    "Prisoner.events.date": (
        "content/prisoners/p.md", prisoner(events="[{date: DATE, type: other, summary: S.}]")
    ),
    "Prisoner.letters.checked": (
        "content/prisoners/p.md", prisoner(letters='{address: "A", checked: DATE}')
    ),
    "Prisoner.recognised.date": (
        "content/prisoners/p.md", prisoner(recognised="[{by: M, date: DATE, source: report-2019}]")
    ),
    "Case.start": ("content/cases/c.md", "---\ntitle: C\nstart: DATE\nsources: [report-2019]\n---\n"),
    "Case.end": ("content/cases/c.md", "---\ntitle: C\nend: DATE\nsources: [report-2019]\n---\n"),
    "Case.events.date": (
        "content/cases/c.md",
        "---\ntitle: C\nevents: [{date: DATE, type: other, summary: S.}]\nsources: [report-2019]\n---\n",
    ),
    "Source.date": ("content/sources.yaml", "s:\n  title: S\n  date: DATE\n"),
}  # fmt: skip


def test_every_date_field_is_covered_below() -> None:
    fields = [
        f"{kind.__name__}.{name}"
        for kind in (model.Prisoner, model.Case, model.Source, model.SiteSettings, model.Article)
        for name in _date_fields(kind)
    ]
    assert sorted(fields) == sorted(RECORDS)


@pytest.mark.parametrize("field", sorted(RECORDS))
@pytest.mark.parametrize("written", [FUTURE, f'"{FUTURE}"', "2091"])
def test_no_date_field_takes_a_date_in_the_future(tree: SiteTree, field: str, written: str) -> None:
    path, record = RECORDS[field]
    file = tree.root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    if path.endswith("sources.yaml"):
        file.write_text(file.read_text() + record.replace("DATE", written))
    else:
        file.write_text(record.replace("DATE", written))
    result = tree.run("validate")
    assert result.exit_code == 1, result.output
    shown = written.strip('"')
    assert f"'{shown}' is in the future: check the year" in result.output


def test_today_is_not_in_the_future(tree: SiteTree) -> None:
    today = datetime.date.today().isoformat()
    tree.prisoner("p", prisoner(events=f"[{{date: {today}, type: other, summary: S.}}]"))
    assert tree.run("validate").exit_code == 0


def test_a_term_from_a_vague_date_ends_by_its_latest_day_on_the_profile(tree: SiteTree) -> None:
    events = (
        "[{date: 2019-11-15, type: detained, summary: D.},"
        " {date: 2019-11, type: administrative_arrest, summary: A., term: 15 days}]"
    )
    tree.prisoner("p", prisoner(status="unknown", events=events))
    build(tree, "2020-01-01")
    profile = text(tree.html("prisoners/p/index.html"))
    assert "In custody 15 November 2019 – by 15 December 2019 (end of the term)" in profile
    assert "days" not in profile.split("In custody", 1)[1].split("Timeline", 1)[0]


# --- words that agree --------------------------------------------------------------------------


def in_three_languages(tree: SiteTree) -> None:
    site = tree.root / "content/site.yaml"
    site.write_text(site.read_text() + "languages: [en, ru, kk]\n")


@pytest.mark.parametrize(
    ("gender", "shown"), [("female", "Задержана"), ("male", "Задержан"), ("", "Задержан(а)")]
)
def test_a_russian_status_agrees_with_the_persons_gender_where_known(
    tree: SiteTree, gender: str, shown: str
) -> None:
    in_three_languages(tree)
    fields = {"status": "detained", "gender": gender or None}
    tree.prisoner("p", prisoner(**fields))  # type: ignore[arg-type]
    build(tree, "2020-01-01")
    profile = tree.html("ru/prisoners/p/index.html")
    assert f"data-pagefind-ignore>{shown}</span>" in profile
    assert f">{shown}</span>" in tree.html("ru/prisoners/index.html")
    # a count of people keeps the form for anyone
    assert ">Задержан(а)</span>" in tree.html("ru/index.html")


def test_since_a_month_takes_the_form_its_phrase_needs(tree: SiteTree) -> None:
    in_three_languages(tree)
    tree.prisoner(
        "p",
        prisoner(status="imprisoned", status_as_of="2023-06", status_source="report-2023",
                 events="[{date: 2023-04, type: detained, summary: D.}]"),
    )  # fmt: skip
    tree.case("c", "---\ntitle: C\nstart: 2019-10\npeople: [p]\nsources: [report-2019]\n---\n")
    build(tree, "2023-07-01")
    assert "Под стражей с апреля 2023 г." in text(tree.html("ru/prisoners/p/index.html"))
    assert "In custody since April 2023" in text(tree.html("prisoners/p/index.html"))
    assert "Период с октября 2019 г." in text(tree.html("ru/cases/c/index.html"))
    assert "2023 ж. сәуір" in text(tree.html("kk/prisoners/p/index.html"))


@pytest.mark.parametrize(
    ("reported", "today", "recent"),
    [
        ("2025-12-07", "2026-12-07", True),  # twelve months to the day
        ("2025-12-06", "2026-12-07", False),
        ("2025-12", "2026-12-31", True),  # a month counts to its last day
        ("2025-12", "2027-01-01", False),
        ("2025", "2026-12-31", True),  # a year, to 31 December
        ("2025", "2027-01-01", False),
    ],
)
def test_news_is_recent_for_twelve_months_from_the_last_day_its_date_may_mean(
    reported: str, today: str, recent: bool
) -> None:
    from generator.pages.status import within

    assert within(date(reported), 12, datetime.date.fromisoformat(today)) is recent


@pytest.mark.parametrize(
    ("prefix", "stale", "home_column"),
    [
        ("ru/", "по последним сведениям на ноябрь 2019 г., по данным Test Monitor; с тех пор не подтверждено", "Сообщения за последние 12 мес."),
        ("kk/", "— соңғы мәлімет күні: 2019 ж. қараша, дереккөзі: Test Monitor; содан бері расталмаған", "Соңғы 12 айдағы мәліметтер"),
    ],
)  # fmt: skip
def test_old_news_looks_old_in_every_language(
    tree: SiteTree, prefix: str, stale: str, home_column: str
) -> None:
    held_since_2019(tree)
    in_three_languages(tree)
    build(tree, "2026-12-07")
    assert stale in text(tree.html(f"{prefix}prisoners/held/index.html"))
    assert stale.split(",")[0] in text(tree.html(f"{prefix}prisoners/index.html"))
    assert f'<th scope="col">{home_column}</th>' in tree.html(f"{prefix}index.html")
    assert home_column in tree.html(f"{prefix}statistics/index.html")


def test_due_lists_old_custody_not_checked_since_oldest_first(tree: SiteTree) -> None:
    def held(slug: str, as_of: str, **fields: str) -> None:
        tree.prisoner(slug, prisoner(f"Person {slug}", status="imprisoned", status_as_of=as_of,
                                     status_source="report-2019", **fields))  # fmt: skip

    held("older", "2019-05")
    held("old", "2019-11")
    held("recent", "2026-06")
    held("checked", "2019-11", checked="2026-10")
    tree.prisoner("free", prisoner(status="released"))
    result = tree.run("due", "--as-of", "2026-12-07")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines == [
        "content/prisoners/older.md:3: status: imprisoned, last reported 2019-05: search for news"
        " of this person, update the record, then set checked: YYYY-MM",
        "content/prisoners/old.md:3: status: imprisoned, last reported 2019-11: search for news"
        " of this person, update the record, then set checked: YYYY-MM",
        "2 records due for a check as of 2026-12-07.",
    ]
