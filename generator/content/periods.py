"""Stretches in custody, from a person's events: each starts with a detention and ends with a
release, or with the end of a term the reports give (15 days of administrative arrest); a new
detention after a term ended is a stretch of its own. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from generator.content.dates import PartialDate
from generator.content.model import DETENTION_EVENTS, Event, Prisoner
from generator.problems import Problem

RELEASE_EVENTS = ("released", "acquitted", "pardoned")


@dataclass(frozen=True)
class Period:
    since: PartialDate
    # The release, or the day the term ends, as precisely as the dates allow; None: open.
    until: PartialDate | None = None
    ended_by: str = ""  # "release" | "term" | "" (still open, as far as the events say)


def custody_periods(prisoner: Prisoner) -> tuple[Period, ...]:
    """Every stretch in custody, in order; the last may be open."""
    return tuple(period for period, _ in _walk(prisoner))


def detained_while_held(prisoner: Prisoner) -> Iterator[Problem]:
    """A warning for each new detention the events put inside a stretch that has not ended:
    two arrests read as one custody (a term or a release is missing), unless silenced."""
    if "detained-while-held" in {s.warning for s in prisoner.silenced}:
        return
    for period, event in _walk(prisoner):
        if event is None:
            continue
        yield Problem(
            prisoner.path,
            prisoner.line_of("events"),
            "events",
            f"the detention of {event.date} falls inside custody since {period.since} that no"
            " release or term has ended: give the first arrest's length (term: 10 days) or the"
            " release, or, if it is one custody, say so: silenced: [{warning:"
            " detained-while-held, reason: ...}]",
            warning=True,
        )


def _walk(prisoner: Prisoner) -> Iterator[tuple[Period, Event | None]]:
    """(period, None) for each stretch, and (open period, event) for each `detained` event
    found inside a stretch nothing has ended."""
    since: PartialDate | None = None
    ends: Period | None = None  # the stretch as a term would end it
    for event in sorted(prisoner.events, key=lambda e: e.date.sort_key):
        if ends is not None and ends.until is not None and ends.until.surely_before(event.date):
            yield ends, None  # the term ran out before this event
            since, ends = None, None
        if event.type in RELEASE_EVENTS and since is not None:
            yield Period(since, event.date, "release"), None
            since, ends = None, None
        elif event.type in DETENTION_EVENTS:
            if since is None:
                since = event.date
            elif event.type == "detained" and ends is None:
                yield Period(since), event
            if event.term is not None:
                ends = Period(since, _term_end(event), "term")
    if since is not None:
        yield ends or Period(since), None


def _term_end(event: Event) -> PartialDate:
    """The day a term ends, or the month or year where the event's date is vaguer."""
    assert event.term is not None
    first = event.term.after(event.date.earliest)
    last = event.term.after(event.date.latest)
    return _as_precise_as(first, last)


def _as_precise_as(first: datetime.date, last: datetime.date) -> PartialDate:
    if first == last:
        return PartialDate(first.year, first.month, first.day)
    if (first.year, first.month) == (last.year, last.month):
        return PartialDate(first.year, first.month)
    if first.year == last.year:
        return PartialDate(first.year)
    return PartialDate(last.year)  # at the latest: never a stretch that ends too soon
