"""The content model: plain frozen records that every later stage reads and none changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

PRISONER_STATUSES = (
    "detained", "pretrial_detention", "house_arrest", "administrative_arrest", "imprisoned",
    "restricted_freedom", "suspended_sentence", "psychiatric_detention", "under_investigation",
    "wanted", "fined", "released", "emigrated", "deceased", "unknown",
)  # fmt: skip
CASE_STATUSES = ("ongoing", "concluded")
EVENT_TYPES = (
    "detained", "searched", "charged", "pretrial_detention", "house_arrest", "trial", "sentenced",
    "administrative_arrest", "fined", "appeal", "acquitted", "released", "pardoned",
    "transferred", "hunger_strike", "harassment", "recognised", "other",
)  # fmt: skip
GENDERS = ("female", "male")
LAW_CODES = ("criminal", "administrative")


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

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class Charge:
    article: str  # an Article id
    part: str = ""
    note: str = ""


@dataclass(frozen=True)
class Event:
    date: PartialDate
    type: str
    summary: str
    place: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record:
    """What prisoners and cases share: a slug, a file, events, sources, a Markdown body."""

    slug: str
    path: str  # the content file, as shown in messages
    events: tuple[Event, ...] = ()
    sources: tuple[str, ...] = ()
    former_slugs: tuple[str, ...] = ()
    draft: bool = False
    body: str = ""
    # Line of each top-level field in the file, so that later stages can still name `path:line`.
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # Hash of the file's path and bytes: stands for the whole record when a rebuild asks
    # which pages changed (generator/pages/fingerprint.py).
    digest: str = field(default="", compare=False, hash=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


@dataclass(frozen=True)
class Prisoner(Record):
    name: str = ""
    name_variants: tuple[str, ...] = ()
    status: str = "unknown"
    born: PartialDate | None = None
    gender: str = ""
    region: str = ""
    city: str = ""
    occupation: str = ""
    affiliations: tuple[str, ...] = ()
    charges: tuple[Charge, ...] = ()
    sentence: str = ""
    detention_place: str = ""
    recognised_by: tuple[str, ...] = ()
    cases: tuple[str, ...] = ()
    photo: Path | None = None  # absolute path of the image file

    @property
    def title(self) -> str:
        return self.name


@dataclass(frozen=True)
class Case(Record):
    title: str = ""
    summary: str = ""
    status: str = ""
    region: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    people: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    id: str
    code: str  # criminal | administrative
    number: str
    title: str
    description: str = ""  # Markdown


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    date: PartialDate
    publisher: str = ""
    url: str = ""
    language: str = ""
    archive_url: str = ""
    note: str = ""  # e.g. that the date or publisher is inferred, and from what


@dataclass(frozen=True)
class SiteSettings:
    title: str
    description: str
    base_url: str  # always ends with '/'
    language: str


class ChargeRef(NamedTuple):  # a tuple: pages holding thousands compare in C
    """A charge seen from its article: who is charged, under which part."""

    prisoner: str
    charge: Charge


class TimelineEntry(NamedTuple):  # a tuple: pages holding thousands compare in C
    """An event with the record it belongs to, for the timeline and the home page."""

    event: Event
    kind: str  # "prisoner" | "case"
    slug: str
    title: str


@dataclass(frozen=True)
class Catalog:
    """Everything published, checked and cross-linked; each mapping in a deterministic order."""

    site: SiteSettings
    prisoners: dict[str, Prisoner]
    cases: dict[str, Case]
    articles: dict[str, Article]
    sources: dict[str, Source]
    # Reverse indexes, built by the link stage.
    people_of_case: dict[str, tuple[str, ...]]
    cases_of_prisoner: dict[str, tuple[str, ...]]
    charges_under_article: dict[str, tuple[ChargeRef, ...]]
    cases_under_article: dict[str, tuple[str, ...]]
    citations: dict[str, tuple[tuple[str, str], ...]]  # source id -> ((kind, slug), ...)
    # Events by year, newest first (serve takes the timeline over when an edit leaves it alike).
    timeline: dict[int, tuple[TimelineEntry, ...]]
