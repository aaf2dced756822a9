"""Dates as the reports give them: to the year, the month or the day."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day (2019, 2019-11, 2019-11-05)."""

    year: int
    month: int = 0  # 0: unknown
    day: int = 0  # 0: unknown

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological order, a vague date after the precise ones it covers: reports tend to
        say "in April" of what followed a dated event, such as a sentence after an arrest."""
        return (self.year, self.month or 13, self.day or 32)

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def earliest(self) -> datetime.date:
        """The first day it may mean."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> datetime.date:
        """The last day it may mean."""
        if self.day:
            return self.earliest
        if self.month:
            following = datetime.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        return datetime.date(self.year, 12, 31)

    def surely_before(self, other: PartialDate) -> bool:
        """Whether every day this may mean comes before every day the other may mean."""
        return self.latest < other.earliest

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class Term:
    """How long an arrest, a restriction or a sentence lasts, as reported: 15 days, 7 years..."""

    years: int = 0
    months: int = 0
    days: int = 0

    def after(self, day: datetime.date) -> datetime.date:
        """The day the term ends if it starts on `day` (15 days from 11 April: 26 April); the
        calendar's last day for a term that would end beyond it."""
        month = day.year * 12 + day.month - 1 + self.years * 12 + self.months
        year, month = divmod(month, 12)
        try:
            last = calendar.monthrange(year, month + 1)[1]
            moved = datetime.date(year, month + 1, min(day.day, last))
            return moved + datetime.timedelta(days=self.days)
        except (ValueError, OverflowError):
            return datetime.date.max

    @property
    def days_at_most(self) -> int:
        """The most days it may mean (a month as 31 days, a year as 366)."""
        return self.years * 366 + self.months * 31 + self.days

    def __str__(self) -> str:
        parts = ((self.years, "year"), (self.months, "month"), (self.days, "day"))
        return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)
