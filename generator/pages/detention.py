"""How long a person has been held, from the dates the reports give, said no more precisely
than they are: a detention known to the month starts on the month's last day at the earliest
count, so that "at least 412 days" is never too many.

The count ends at the release, or, for someone still held, at the date the status is known to
hold on (`status_as_of`): never at the time of the build, which would make builds differ.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from generator.content.dates import PartialDate
from generator.content.model import DETENTION_EVENTS, Event, Prisoner

# Statuses of someone held by the state (a suspended sentence or a fine is not custody).
CUSTODY_STATUSES = (
    "detained", "pretrial_detention", "house_arrest", "administrative_arrest", "imprisoned",
    "psychiatric_detention",
)  # fmt: skip
RELEASE_EVENTS = ("released", "acquitted", "pardoned")
# Statuses of someone at liberty under a restriction or a threat.
RESTRICTED_STATUSES = (
    "restricted_freedom", "suspended_sentence", "under_investigation", "wanted", "fined",
    "harassed",
)  # fmt: skip


def status_tone(status: str) -> str:
    """The colour a status is shown in, beside its words: held, restricted, free or unknown."""
    if status in CUSTODY_STATUSES:
        return "held"
    if status in RESTRICTED_STATUSES:
        return "restricted"
    return "free" if status in ("released", "emigrated") else "unknown"


@dataclass(frozen=True)
class Detention:
    since: PartialDate
    until: PartialDate | None  # the release, or the status date while held; None: not known
    released: bool
    days: int | None  # the fewest days the dates allow; None where there is no end
    at_least: bool  # a date is known only to the month or year: there may be more days


def latest_detention(prisoner: Prisoner) -> Detention | None:
    """The person's present detention if held, else the last one that ended; None where the
    events record no detention."""
    periods = list(_periods(sorted(prisoner.events, key=lambda e: e.date.sort_key)))
    if not periods:
        return None
    since, release = periods[-1]
    if release is None and prisoner.status not in CUSTODY_STATUSES:
        return None  # held once, then free or gone, and the release is not recorded
    if release is not None and prisoner.status in CUSTODY_STATUSES:
        return None  # held again, and the events do not say since when: no stretch is current
    until = release or prisoner.status_as_of
    return _counted(since, until, released=release is not None)


def _periods(events: Iterable[Event]) -> Iterable[tuple[PartialDate, PartialDate | None]]:
    """(start, release) of each stretch in custody, in order; the last may have no release."""
    start: PartialDate | None = None
    for event in events:
        if event.type in DETENTION_EVENTS and start is None:
            start = event.date
        elif event.type in RELEASE_EVENTS and start is not None:
            yield start, event.date
            start = None
    if start is not None:
        yield start, None


def _counted(since: PartialDate, until: PartialDate | None, *, released: bool) -> Detention:
    if until is None or until.surely_before(since):
        return Detention(since, until, released, None, False)
    days = (until.earliest - since.latest).days
    exact = bool(since.day and until.day)
    # Vague dates that overlap (held since November, known held in November) give no count.
    counted = days if days > 0 or (exact and days == 0) else None
    return Detention(since, until, released, counted, not exact)


def address_may_be_old(prisoner: Prisoner, months: int) -> bool:
    """Whether the letters address was checked more than `months` before the latest news of the
    person (their status date or last event), or before a transfer: then it may have changed.
    Measured against the record, not the clock, so that builds stay the same."""
    letters = prisoner.letters
    if letters is None:
        return False
    if any(
        event.type == "transferred" and letters.checked.surely_before(event.date)
        for event in prisoner.events
    ):
        return True
    news = [event.date for event in prisoner.events]
    if prisoner.status_as_of:
        news.append(prisoner.status_as_of)
    if not news:
        return False
    latest = max(date.earliest for date in news)
    return _months_after(letters.checked.latest, months) < latest


def _months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where it has fewer days (31 March
    and 6 months: 30 September)."""
    month = day.year * 12 + day.month - 1 + months
    year, month = month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
