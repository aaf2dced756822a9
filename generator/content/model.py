"""The content model: plain frozen records that every later stage reads and none changes.

Each field a volunteer writes is declared here once, with the converter that checks it
(`declared`); the validator reads its specs from these declarations (`fields.specs_of`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator.content import fields  # fields.slug: in a class body, a field named slug shadows it
from generator.content.dates import PartialDate, Term
from generator.content.fields import (
    boolean,
    choice,
    declared,
    http_url,
    interface_language,
    latin_text,
    list_of,
    months,
    partial_date,
    record_of,
    ref,
    text,
)
from generator.content.places import Gazetteer
from generator.problems import Problem

__all__ = ["PartialDate", "Term"]  # re-exported: dates are part of the model

PRISONER_STATUSES = (
    "detained", "pretrial_detention", "house_arrest", "administrative_arrest", "imprisoned",
    "restricted_freedom", "suspended_sentence", "psychiatric_detention", "under_investigation",
    "wanted", "fined", "harassed", "released", "emigrated", "deceased", "unknown",
)  # fmt: skip
CASE_STATUSES = ("ongoing", "concluded")
EVENT_TYPES = (
    "detained", "searched", "charged", "pretrial_detention", "house_arrest", "trial", "sentenced",
    "administrative_arrest", "fined", "appeal", "acquitted", "released", "pardoned",
    "transferred", "hunger_strike", "harassment", "summoned", "recognised", "other",
)  # fmt: skip
# Events that count as a detention (the search's "year of first detention"; no release before).
DETENTION_EVENTS = ("detained", "pretrial_detention", "house_arrest", "administrative_arrest")
# Words volunteers write for a status or an event type, and the one they mean.
STATUS_MEANINGS = {
    "arrested": "detained", "jailed": "imprisoned", "in prison": "imprisoned",
    "prison": "imprisoned", "convicted": "imprisoned", "free": "released", "freed": "released",
    "probation": "suspended_sentence", "suspended": "suspended_sentence", "exile": "emigrated",
    "abroad": "emigrated", "dead": "deceased", "died": "deceased", "house arrest": "house_arrest",
}  # fmt: skip
EVENT_MEANINGS = {
    "arrested": "detained", "arrest": "detained", "detention": "detained", "court": "trial",
    "hearing": "trial", "convicted": "sentenced", "verdict": "sentenced", "sentence": "sentenced",
    "jailed": "sentenced", "freed": "released", "release": "released", "raid": "searched",
    "search": "searched", "indicted": "charged", "charge": "charged", "fine": "fined",
    "appealed": "appeal", "pardon": "pardoned", "amnesty": "pardoned",
    "threatened": "harassment", "harassed": "harassment",
}  # fmt: skip
# Which part of a date the report does not print and the record infers: "year" where a report
# gives "11 April" without the year, "month" where it says "a few days later".
DATE_PARTS = ("year", "month", "day")
GENDERS = ("female", "male")
# The most sources (of a record, or of one event), charges, cases and articles a record lists;
# any other list: fields.MOST_ITEMS. Far above any real record, they bound what a file costs.
MOST_CITED = 200
LAW_CODES = ("criminal", "administrative")


@dataclass(frozen=True)
class Charge:
    article: str = declared(ref("articles"), required=True)  # an Article id
    part: str = declared(fields.part, default="")
    note: str = declared(text, default="", translatable=True)


@dataclass(frozen=True)
class Event:
    date: PartialDate = declared(partial_date, required=True)
    type: str = declared(choice(EVENT_TYPES, EVENT_MEANINGS), required=True)
    summary: str = declared(text, required=True, translatable=True)
    place: str = declared(text, default="", translatable=True)
    sources: tuple[str, ...] = declared(list_of(ref("sources"), most=MOST_CITED), default=())
    # The part of the date the report does not print (see DATE_PARTS).
    date_inferred: str = declared(choice(DATE_PARTS), default="")
    # How long the arrest, restriction or sentence this event gives lasts, as reported.
    term: Term | None = declared(fields.term, default=None)


# Likely mistakes that may be right: reported as warnings, which a record can silence for
# itself with a reason (`silenced`); `validate --strict` (the check workflow) fails on them.
WARNINGS = (
    "same-person",
    "detained-while-held",
    "term-ended",
    "inferred-with-source",
    "latin-name",
    "unknown-place",
)


@dataclass(frozen=True)
class Silenced:
    """A warning a record says is not a mistake, and why."""

    warning: str = declared(choice(WARNINGS), required=True)
    reason: str = declared(text, required=True)


@dataclass(frozen=True)
class Record:
    """What prisoners and cases share: a slug, a file, events, sources, a Markdown body."""

    slug: str = ""
    path: str = ""  # the content file, as shown in messages
    events: tuple[Event, ...] = declared(
        list_of(record_of(Event), unique=False), default=(), translatable=True
    )
    sources: tuple[str, ...] = declared(
        list_of(ref("sources"), most=MOST_CITED), required=True, default=()
    )
    former_slugs: tuple[str, ...] = declared(list_of(fields.slug), default=())
    draft: bool = declared(boolean, default=False)
    silenced: tuple[Silenced, ...] = declared(list_of(record_of(Silenced)), default=())
    body: str = ""
    # Line of each top-level field in the file, so that later stages can still name `path:line`.
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # Hash of the file's path and bytes: stands for the whole record when a rebuild asks
    # which pages changed (generator/pages/fingerprint.py).
    digest: str = field(default="", compare=False, hash=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)

    def silences(self, warning: str) -> bool:
        """Whether the record says this warning is not a mistake (`silenced`)."""
        return any(silenced.warning == warning for silenced in self.silenced)


@dataclass(frozen=True)
class Recognition:
    """A monitor's finding that the person is a political prisoner, and the report saying so."""

    # The organisation, or the list where the report does not say who compiled it.
    by: str = declared(text, required=True, translatable=True)
    # When it recognised the person, as far as the report says (else the report's own date,
    # which the note then says).
    date: PartialDate = declared(partial_date, required=True)
    source: str = declared(ref("sources"), required=True)
    note: str = declared(text, default="", translatable=True)


@dataclass(frozen=True)
class Letters:
    """Where letters reach a person in custody, and since when that is known."""

    address: str = declared(text, required=True)  # the facility's postal address, as lines
    checked: PartialDate = declared(partial_date, required=True)  # last confirmed
    languages: tuple[str, ...] = declared(list_of(text), default=())  # codes: ru, kk, en


@dataclass(frozen=True)
class Prisoner(Record):
    name: str = declared(latin_text, required=True, default="")
    name_variants: tuple[str, ...] = declared(list_of(text), default=())
    # The name as written in another language's script: ((ru, Жанболат Мамай), (kk, ...)).
    names: tuple[tuple[str, str], ...] = declared(fields.names_by_language, default=())
    status: str = declared(
        choice(PRISONER_STATUSES, STATUS_MEANINGS), required=True, default="unknown"
    )
    # The date the status is known to hold on, and the source that reports it then.
    status_as_of: PartialDate | None = declared(partial_date, default=None)
    status_source: str = declared(ref("sources"), default="")
    # Where no report states the status: why it is inferred (e.g. "a 15-day term that began on
    # 11 April 2023 must have ended"); shown as inferred, never "according to" a source.
    status_inferred: str = declared(text, default="", translatable=True)
    status_as_of_inferred: str = declared(choice(DATE_PARTS), default="")
    # When a volunteer last searched for news of the person (found or not).
    checked: PartialDate | None = declared(partial_date, default=None)
    born: PartialDate | None = declared(partial_date, default=None)
    gender: str = declared(choice(GENDERS), default="")
    # A fact, not text: search and statistics group people by it, in every language alike.
    region: str = declared(text, default="")
    city: str = declared(text, default="", translatable=True)
    occupation: str = declared(text, default="", translatable=True)
    affiliations: tuple[str, ...] = declared(list_of(text), default=(), translatable=True)
    charges: tuple[Charge, ...] = declared(
        list_of(record_of(Charge), most=MOST_CITED), default=(), translatable=True
    )
    sentence: str = declared(text, default="", translatable=True)
    # Where the reports give them: when the sentence began and when it is expected to end.
    sentence_start: PartialDate | None = declared(partial_date, default=None)
    sentence_end: PartialDate | None = declared(partial_date, default=None)
    detention_place: str = declared(text, default="", translatable=True)
    # Who calls the person a political prisoner, when, and according to which report.
    recognised: tuple[Recognition, ...] = declared(
        list_of(record_of(Recognition)), default=(), translatable=True
    )
    cases: tuple[str, ...] = declared(list_of(ref("cases"), most=MOST_CITED), default=())
    photo: Path | None = declared(fields.photo, default=None)  # absolute path of the image file
    letters: Letters | None = declared(record_of(Letters), default=None)

    @property
    def title(self) -> str:
        return self.name


@dataclass(frozen=True)
class Case(Record):
    title: str = declared(text, required=True, default="", translatable=True)
    summary: str = declared(text, default="", translatable=True)
    status: str = declared(choice(CASE_STATUSES), default="")
    region: str = declared(text, default="")  # a fact, as a person's region
    start: PartialDate | None = declared(partial_date, default=None)
    end: PartialDate | None = declared(partial_date, default=None)
    people: tuple[str, ...] = declared(list_of(ref("prisoners")), default=())
    articles: tuple[str, ...] = declared(list_of(ref("articles"), most=MOST_CITED), default=())


@dataclass(frozen=True)
class TextPage:
    """A page of the site's own words (about, methodology, how to write letters): Markdown in
    content/pages/<slug>.md, linked from every page's footer."""

    slug: str = ""
    path: str = ""
    title: str = declared(text, required=True, default="", translatable=True)
    # one sentence, for links that are shared
    description: str = declared(text, default="", translatable=True)
    former_slugs: tuple[str, ...] = declared(list_of(fields.slug), default=())
    draft: bool = declared(boolean, default=False)
    body: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    digest: str = field(default="", compare=False, hash=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


@dataclass(frozen=True)
class Article:
    id: str
    code: str = declared(choice(LAW_CODES), required=True)  # criminal | administrative
    number: str = declared(text, required=True)
    title: str = declared(text, required=True, translatable=True)
    description: str = declared(text, default="", translatable=True)  # Markdown


@dataclass(frozen=True)
class Source:
    id: str
    title: str = declared(text, required=True)
    date: PartialDate = declared(partial_date, required=True)
    publisher: str = declared(text, default="", translatable=True)
    url: str = declared(http_url, default="")
    language: str = declared(text, default="")
    archive_url: str = declared(http_url, default="")
    # e.g. that the date is inferred, and from what
    note: str = declared(text, default="", translatable=True)


@dataclass(frozen=True)
class SiteSettings:
    title: str = declared(text, required=True, translatable=True)
    description: str = declared(text, required=True, translatable=True)
    base_url: str = declared(fields.base_url, required=True)  # always ends with '/'
    # The language of the records' own text, published at the root; the site's languages
    # (the others under /<language>/), in the order the language switch lists them.
    language: str = declared(interface_language, required=True)
    languages: tuple[str, ...] = declared(list_of(interface_language), default=())
    # Where a text has no translation into a language, the languages whose translation its
    # pages show instead, in order, before the original (kk: [ru]: Kazakh readers read Russian).
    fallback: tuple[tuple[str, tuple[str, ...]], ...] = declared(fields.fallback_chains, default=())
    # The page of content/pages/ on writing to prisoners, linked from the profile of everyone
    # in custody; and the age, in months, at which an address is shown as possibly out of date.
    help_page: str = declared(ref("pages"), default="")
    letters_age_months: int = declared(months, default=12)
    # The age, in months before the build's date, at which a status is shown as old news
    # ("last reported ..., not confirmed since").
    status_stale_months: int = declared(months, default=12)
    # Where a record's history is read, its file's path added: e.g. a repository's
    # https://github.com/org/repo/commits/main/ (the profile links "history" there).
    history_url: str = declared(http_url, default="")
    # Where visitors send a correction: an issue form (https://github.com/org/repo/issues/new?
    # template=correction.yml), another form's https address, or mailto:; each record's page
    # links it with the record's file and address filled in (pages/corrections.py).
    corrections_url: str = declared(fields.correction_address, default="")
    # Where a volunteer edits a record, its file's path added: e.g. a repository's
    # https://github.com/org/repo/edit/main/ (each record's page links "Edit this record").
    edit_url: str = declared(http_url, default="")
    # The licence of the data files (/data/), by its name and the address of its text: e.g.
    # CC BY 4.0, https://creativecommons.org/licenses/by/4.0/.
    data_licence: str = declared(text, default="")
    data_licence_url: str = declared(http_url, default="")

    def shown_languages(self, language: str) -> tuple[str, ...]:
        """The languages a page in `language` shows a text in, the first that has it: its own,
        its fallback chain's (site.yaml), then the original's."""
        chain = dict(self.fallback).get(language, ())
        return tuple(dict.fromkeys((language, *chain, self.language)))


class Translated(str):
    """Text given in a translation, in the language of the page that shows it: any other text of
    a record on that page is in the originals' language, and says so (lang)."""

    __slots__ = ()


class Borrowed(str):
    """Text a page shows from the translation into another language of its fallback chain
    (site.yaml's fallback: a Kazakh page shows the Russian text where there is no Kazakh one),
    in that `language`, which the page marks (lang="ru")."""

    language: str

    def __new__(cls, text: str, language: str) -> Borrowed:
        borrowed = super().__new__(cls, text)
        borrowed.language = language
        return borrowed

    def __reduce__(self) -> tuple[Any, ...]:
        # As str, a copy would be made of the text alone (its language lost).
        return (Borrowed, (str(self), self.language))


def language_of(text: str, page_language: str, original_language: str) -> str:
    """The language a record's text is in on a page in `page_language`: the page's (Translated,
    or any text on the originals' pages), a fallback's (Borrowed), else the originals'."""
    if page_language == original_language or isinstance(text, Translated):
        return page_language
    return text.language if isinstance(text, Borrowed) else original_language


@dataclass(frozen=True)
class Translation:
    """The text of a record, a table entry or the site settings in another language: a file
    beside the original (content/prisoners/<slug>.<language>.md, content/articles.<language>.yaml
    ...) that gives only translatable fields (fields.translation_specs); facts come from the
    original."""

    language: str = ""
    path: str = ""
    key: str = ""  # what it translates: a record's slug, a table entry's id; "" for site.yaml
    # The version of the original it was made from (translate.version): when the original's
    # text changes, the translation may be out of date until someone confirms it.
    original: str = declared(fields.version, default="")
    reviewed: bool = declared(boolean, default=False)  # checked by a speaker of the language
    values: tuple[tuple[str, Any], ...] = ()  # the translated fields, in the file's order
    body: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    digest: str = field(default="", compare=False, hash=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


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
    pages: dict[str, TextPage]
    articles: dict[str, Article]
    sources: dict[str, Source]
    # Reverse indexes, built by the link stage.
    people_of_case: dict[str, tuple[str, ...]]
    cases_of_prisoner: dict[str, tuple[str, ...]]
    charges_under_article: dict[str, tuple[ChargeRef, ...]]
    cases_under_article: dict[str, tuple[str, ...]]
    citations: dict[str, tuple[tuple[str, str], ...]]  # source id -> ((kind, slug), ...)
    # Events by year, newest first.
    timeline: dict[int, tuple[TimelineEntry, ...]]
    drafts: tuple[str, ...] = ()  # the files of records not published: draft: true
    warnings: tuple[Problem, ...] = ()  # likely mistakes no record silenced
    # The site in each of its other languages: the same records, translations applied, in
    # that language's order (content/translate.py); and translations that may be out of date.
    translated: dict[str, Catalog] = field(default_factory=dict)
    notices: tuple[Problem, ...] = ()
    # In a translated catalog: what each record's page says of its text (translate.py).
    translation_states: dict[str, str] = field(default_factory=dict)
    # ... and, where a fallback's translation is shown in place of the language's own, its
    # language (site.yaml's fallback), by the original's file.
    text_languages: dict[str, str] = field(default_factory=dict)
    # Each place the records name, in every language (content/places.yaml): search and region
    # filters read it.
    places: Gazetteer = field(default_factory=Gazetteer)

    @property
    def language(self) -> str:
        return self.site.language
