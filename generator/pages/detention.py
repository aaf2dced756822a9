"""How long a person has been held, from the dates the reports give, said no more precisely
than they are: a detention known to the month starts on the month's last day at the earliest
count, so that "at least 412 days" is never too many.

The count ends at the release or the end of the term (content/periods.py), or, for someone
still held, at the date the status is known to hold on (`status_as_of`): never at the time of
the build, which would make builds differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.dates import PartialDate, Term
from generator.content.model import Prisoner
from generator.content.periods import custody_periods, latest_news

# Statuses of someone held by the state (a suspended sentence or a fine is not custody).
CUSTODY_STATUSES = (
    "detained", "pretrial_detention", "house_arrest", "administrative_arrest", "imprisoned",
    "psychiatric_detention",
)  # fmt: skip
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
    until: PartialDate | None  # the release or term's end, or the status date while held
    days: int | None  # the fewest days the dates allow; None where there is no end
    at_least: bool  # a date is known only to the month or year: there may be more days
    ended_by: str = ""  # "release" | "term" | "" while held
    at_the_latest: bool = False  # a term ends on `until` or before (periods.Period)

    @property
    def released(self) -> bool:
        """Whether the stretch has ended, by a release or by the end of its term."""
        return bool(self.ended_by)


def latest_detention(prisoner: Prisoner) -> Detention | None:
    """The person's present stretch in custody if held, else the last one that ended; None
    where the events record no detention."""
    periods = custody_periods(prisoner)
    if not periods:
        return None
    last = periods[-1]
    if prisoner.status in CUSTODY_STATUSES:
        if last.ended_by == "release":
            return None  # held again, and the events do not say since when
        if last.ended_by == "term":
            news = latest_news(prisoner)
            if news and last.until is not None and last.until.surely_before(news):
                return None  # held after the term ran out: the events do not say since when
            # The term runs on past the latest news: held, as far as the reports go.
        return _counted(last.since, prisoner.status_as_of, ended_by="")
    if not last.ended_by:
        return None  # held once, then free or gone, and the release is not recorded
    if last.at_the_latest:  # no count: it could be too many days
        return Detention(last.since, last.until, None, False, "term", at_the_latest=True)
    return _counted(last.since, last.until, ended_by=last.ended_by)


def _counted(since: PartialDate, until: PartialDate | None, *, ended_by: str) -> Detention:
    if until is None or until.surely_before(since):
        return Detention(since, until, None, False, ended_by)
    days = (until.earliest - since.latest).days
    exact = bool(since.day and until.day)
    # Vague dates that overlap (held since November, known held in November) give no count.
    counted = days if days > 0 or (exact and days == 0) else None
    return Detention(since, until, counted, not exact, ended_by)


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
    return Term(months=months).after(letters.checked.latest) < latest
