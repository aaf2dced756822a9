"""Stretches in custody, from a person's events: each starts with a detention and ends with a
release, or with the end of a term the reports give (15 days of administrative arrest); a new
detention after a term ended is a stretch of its own. Nothing here reads the clock.
"""

from __future__ import annotations

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
    at_the_latest: bool = False  # the term ends on `until` or before: its start is vague


def latest_news(prisoner: Prisoner) -> PartialDate | None:
    """The status date, or where there is none the latest event's date."""
    if prisoner.status_as_of is not None:
        return prisoner.status_as_of
    return max((e.date for e in prisoner.events), key=lambda d: d.sort_key, default=None)


def custody_periods(prisoner: Prisoner) -> tuple[Period, ...]:
    """Every stretch in custody, in order; the last may be open."""
    return tuple(period for period, inside in _walk(prisoner) if inside is None)


def detained_while_held(prisoner: Prisoner) -> Iterator[Problem]:
    """A warning for each new detention the events put inside a stretch that has not ended:
    the first arrest's term or release is missing, unless silenced."""
    if prisoner.silences("detained-while-held"):
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
            " release; if no report gives either, say so: silenced: [{warning:"
            " detained-while-held, reason: ...}] (the count of days starts again at the new"
            " detention; for one custody moving on, use the event type that says how:"
            " pretrial_detention, transferred)",
            warning=True,
        )


def term_ran_out(prisoner: Prisoner) -> Iterator[Problem]:
    """A warning where the status is an administrative arrest whose term had surely ended when
    the record was last checked for news: the profile would show the person as still held.
    Only administrative arrests: their terms are fixed, while custody terms get extended."""
    if prisoner.status != "administrative_arrest" or prisoner.checked is None:
        return
    if prisoner.silences("term-ended"):
        return
    periods = custody_periods(prisoner)
    last = periods[-1] if periods else None
    if not last or last.ended_by != "term" or last.until is None:
        return
    if not last.until.surely_before(prisoner.checked):
        return
    yield Problem(
        prisoner.path,
        prisoner.line_of("status"),
        "status",
        f"the term of the administrative arrest of {last.since} ended by {last.until}, before"
        f" the record was checked for news ({prisoner.checked}): set status: released and say"
        ' why in status_inferred ("the 15-day term given on ... must have ended"), without'
        " status_source; or, if the person is still held, say so: silenced: [{warning:"
        " term-ended, reason: ...}]",
        warning=True,
    )


def _walk(prisoner: Prisoner) -> Iterator[tuple[Period, Event | None]]:
    """(period, None) for each stretch, and (open period, event) for each `detained` event
    found inside a stretch nothing has ended.

    A stretch starts with a detention (DETENTION_EVENTS) and ends with a release, or once the
    term of its latest custody event has surely run out before the next event. Each custody
    event inside a stretch replaces the term: its own, or none (pre-trial detention after a
    15-day arrest runs on). A `detained` event inside a stretch with no term is a new arrest
    after a release the events do not give: the warning's case, and a new stretch, so that no
    count runs across the unreported time at liberty."""
    since: PartialDate | None = None
    ends: Period | None = None  # the stretch as its latest term would end it; None: open
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
                since = event.date  # a new arrest: the old stretch ended on a day not reported
            ends = None
            if event.term is not None:
                until, at_the_latest = _term_end(event)
                ends = Period(since, until, "term", at_the_latest)
    if since is not None:
        yield ends or Period(since), None


def _term_end(event: Event) -> tuple[PartialDate, bool]:
    """The day a term ends, and whether that day is only the latest it may be (the event's
    date is known to the month or year): never a stretch that ends too soon."""
    assert event.term is not None
    first = event.term.after(event.date.earliest)
    last = event.term.after(event.date.latest)
    return PartialDate(last.year, last.month, last.day), first != last
