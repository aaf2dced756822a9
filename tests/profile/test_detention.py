"""Days in detention from partial dates: never more than the dates allow, never to today."""

from __future__ import annotations

import pytest

from generator.content.dates import PartialDate
from generator.content.model import Event, Letters, Prisoner
from generator.pages.detention import address_may_be_old, latest_detention


def date(text: str) -> PartialDate:
    return PartialDate(*(int(part) for part in text.split("-")))


def person(status: str, *events: tuple[str, str], as_of: str = "") -> Prisoner:
    return Prisoner(
        name="Test Person",
        status=status,
        status_as_of=date(as_of) if as_of else None,
        events=tuple(Event(date(when), kind, "Summary.") for when, kind in events),
    )


@pytest.mark.parametrize(
    ("since", "as_of", "days", "at_least"),
    [
        ("2019-11-05", "2019-11-20", 15, False),  # both to the day
        ("2019-11", "2020-12-31", 397, True),  # from the month's last day: 30 Nov 2019
        ("2019-11-05", "2020-12", 392, True),  # to the month's first day: 1 Dec 2020
        ("2019", "2021-06-30", 547, True),  # from 31 Dec 2019
        ("2019-11-05", "2019-11-05", 0, False),  # detained and known held on the same day
    ],
)
def test_days_held_so_far_count_from_the_latest_start_to_the_earliest_status_date(
    since: str, as_of: str, days: int, at_least: bool
) -> None:
    held = latest_detention(person("imprisoned", (since, "detained"), as_of=as_of))
    assert held is not None
    assert (held.since, held.until, held.days, held.at_least) == (
        date(since),
        date(as_of),
        days,
        at_least,
    )
    assert not held.released


def test_a_month_overlapping_the_start_gives_no_count_rather_than_a_wrong_one() -> None:
    held = latest_detention(person("detained", ("2019-11-20", "detained"), as_of="2019-11"))
    assert held is not None and held.days is None


def test_a_release_ends_the_count() -> None:
    held = latest_detention(
        person("released", ("2019-11-02", "detained"), ("2019-11-17", "released"), as_of="2020")
    )
    assert held is not None
    assert (held.until, held.days, held.released, held.at_least) == (
        date("2019-11-17"),
        15,
        True,
        False,
    )


def test_the_latest_stretch_in_custody_is_the_one_counted() -> None:
    held = latest_detention(
        person(
            "administrative_arrest",
            ("2019-10-12", "administrative_arrest"),
            ("2019-10-27", "released"),
            ("2019-11-01", "detained"),
            ("2019-11-02", "administrative_arrest"),  # the same stretch: it began on the 1st
            as_of="2019-11-10",
        )
    )
    assert held is not None and (held.since, held.days) == (date("2019-11-01"), 9)


def test_held_without_a_status_date_shows_the_start_and_no_count() -> None:
    held = latest_detention(person("pretrial_detention", ("2023-10", "detained")))
    assert held is not None and (held.since, held.until, held.days) == (date("2023-10"), None, None)


@pytest.mark.parametrize("status", ["released", "fined", "suspended_sentence", "emigrated"])
def test_free_without_a_recorded_release_or_never_detained_shows_nothing(status: str) -> None:
    assert latest_detention(person(status, ("2019-05-01", "detained"), as_of="2020")) is None
    assert latest_detention(person(status, ("2019-05-01", "fined"), as_of="2020")) is None


@pytest.mark.parametrize(
    ("checked", "news", "old"),
    [
        ("2023-03-31", "2023-09-30", False),  # six months to the day: 30 September
        ("2023-03-31", "2023-10-01", True),
        ("2023-08-31", "2024-02-29", False),  # a leap year's last day of February
        ("2023-08-31", "2024-03-01", True),
        ("2023-09-15", "2024-03-15", False),
        ("2023-09-15", "2024-03-16", True),  # across the new year
        ("2023-09", "2024-03-30", False),  # checked some day in September: from its last
        ("2023-09", "2024-04-01", True),
    ],
)
def test_an_address_is_old_more_than_the_set_months_before_the_latest_news(
    checked: str, news: str, old: bool
) -> None:
    held = Prisoner(
        name="Test Person",
        status="imprisoned",
        events=(Event(date(news), "other", "News."),),
        letters=Letters(address="Colony No. 1", checked=date(checked)),
    )
    assert address_may_be_old(held, 6) is old


def test_held_again_after_a_release_without_its_start_shows_no_finished_stretch() -> None:
    held = person(
        "imprisoned",
        ("2020-01-10", "detained"),
        ("2020-03-01", "released"),
        ("2021-05", "sentenced"),
        as_of="2021-06",
    )
    assert latest_detention(held) is None
