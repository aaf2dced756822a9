"""What the site can say of a person's status, and how old the news is.

A status rests on a report that states it (`status_source`) or is inferred (`status_inferred`,
with the reason). Measured against the build's date (`today`: the date of the commit being
built, see build.build_date), a status last reported more than `status_stale_months` earlier is
shown as old news everywhere ("last reported ... not confirmed since"), and the letters help is
offered only for custody reported within `letters_age_months`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from generator.content.dates import PartialDate, Term
from generator.content.model import Catalog, Prisoner, SiteSettings
from generator.content.periods import latest_news
from generator.pages.detention import CUSTODY_STATUSES, status_tone


@dataclass(frozen=True)
class StatusReport:
    status: str
    reported: PartialDate | None  # the status date, else the latest event's: the latest news
    source: str  # the report that states the status; "" when inferred or not given
    inferred: str  # why the status is inferred; "" when a report states it
    recent: bool  # reported within status_stale_months before the build's date
    help_letters: bool  # in custody, reported within letters_age_months: letters may reach
    checked: PartialDate | None  # when a volunteer last searched for news
    tone: str  # the status's colour (detention.status_tone); old news of custody is not "held"


def status_report(prisoner: Prisoner, site: SiteSettings, today: datetime.date) -> StatusReport:
    reported = latest_news(prisoner)
    recent = within(reported, site.status_stale_months, today)
    tone = status_tone(prisoner.status)
    return StatusReport(
        status=prisoner.status,
        reported=reported,
        source="" if prisoner.status_inferred else prisoner.status_source,
        inferred=prisoner.status_inferred,
        recent=recent,
        help_letters=prisoner.status in CUSTODY_STATUSES
        and within(reported, site.letters_age_months, today),
        checked=prisoner.checked,
        tone="unknown" if tone == "held" and not recent else tone,
    )


def within(date: PartialDate | None, months: int, today: datetime.date) -> bool:
    """Whether the last day `date` may mean is less than `months` before `today`."""
    return date is not None and Term(months=months).after(date.latest) >= today


def due_for_check(prisoner: Prisoner, site: SiteSettings, today: datetime.date) -> bool:
    """Whether a volunteer should search for news of the person: custody reported more than
    status_stale_months ago (or never dated), and not checked since."""
    stale = site.status_stale_months
    if prisoner.status not in CUSTODY_STATUSES or within(latest_news(prisoner), stale, today):
        return False
    return not within(prisoner.checked, stale, today)


def newest_content_date(catalog: Catalog) -> datetime.date:
    """The last day of the newest date any record or source gives: the build's date where the
    project has no git history to date it, so that old news still shows as old."""
    dates = [source.date for source in catalog.sources.values()]
    for person in catalog.prisoners.values():
        dates += [e.date for e in person.events]
        dates += [d for d in (person.status_as_of, person.checked) if d is not None]
    dates += [e.date for case in catalog.cases.values() for e in case.events]
    return max((d.latest for d in dates), default=datetime.date(1970, 1, 1))
