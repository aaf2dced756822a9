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
    record_example,
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


# Each field reads as one declaration, its help wrapped under it (the formatter would give each
# argument a line of its own), from here to `fmt: on`.
# fmt: off
@dataclass(frozen=True)
class Charge:
    article: str = declared(ref("articles"), required=True, example="cc-405",
        help="The id of the law article in content/articles.yaml.")
    part: str = declared(fields.part, default="", example=2,
        help="The part of the article, where the reports give it.")
    note: str = declared(text, default="", translatable=True, example="as reported",
        help="A few words shown in brackets after the article.")


@dataclass(frozen=True)
class Event:
    date: PartialDate = declared(partial_date, required=True, example="2020-02-22",
        help="When it happened, as far as the report says (a partial date).")
    type: str = declared(choice(EVENT_TYPES, EVENT_MEANINGS), required=True,
        help="What kind of event it is (README: the event types).",
        example="administrative_arrest")
    summary: str = declared(text, required=True, translatable=True,
        help="What happened, in a sentence.", example="Given 15 days of arrest.")
    place: str = declared(text, default="", translatable=True, example="Kaskelen",
        help="Where it happened, as the reports name it.")
    sources: tuple[str, ...] = declared(list_of(ref("sources"), most=MOST_CITED), default=(),
        help="Ids from content/sources.yaml of the reports that tell of it.",
        example=["rferl-mamai-detained-2020-02"])
    date_inferred: str = declared(choice(DATE_PARTS), default="", example="year",
        help="The part of the date the report does not print (shown \"(year inferred)\").")
    term: Term | None = declared(fields.term, default=None, example="15 days",
        help="The length an arrest, restriction or sentence is given for, as reported (15 days,"
        " 1 year, 7 years 6 months; at most 100 years): on a detention or arrest it ends the"
        " custody, so two arrests are two periods, unless a later custody event follows before"
        " it ends.")


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

    warning: str = declared(choice(WARNINGS), required=True, example="inferred-with-source",
        help="The warning, by its name in validate's message.")
    reason: str = declared(text, required=True, example="The source is the arrest's.",
        help="Why it is not a mistake in this record.")


@dataclass(frozen=True)
class Record:
    """What prisoners and cases share: a slug, a file, events, sources, a Markdown body."""

    slug: str = ""
    path: str = ""  # the content file, as shown in messages
    events: tuple[Event, ...] = declared(
        list_of(record_of(Event), unique=False), default=(), translatable=True,
        help="What happened: one item per event.", example=[record_example(Event)])
    sources: tuple[str, ...] = declared(
        list_of(ref("sources"), most=MOST_CITED), required=True, default=(),
        help="Ids from content/sources.yaml: at least one before the record is published.",
        example=["rferl-mamai-detained-2020-02"])
    former_slugs: tuple[str, ...] = declared(list_of(fields.slug), default=(), example=["old-name"],
        help="Earlier file names of this record, without .md: their addresses redirect here.")
    draft: bool = declared(boolean, default=False, example=False,
        help="true: not published; remove the line once the record is complete and sourced.")
    silenced: tuple[Silenced, ...] = declared(list_of(record_of(Silenced)), default=(),
        help="Warnings this record says are not mistakes, each with its reason.",
        example=[record_example(Silenced)])
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

    by: str = declared(text, required=True, translatable=True, example="Memorial",
        help="The organisation, or the list where the report does not name who compiled it.")
    date: PartialDate = declared(partial_date, required=True, example="2020-03",
        help="When, as far as the report says (a partial date); else the report's own date, and"
        " the note says so.")
    source: str = declared(ref("sources"), required=True, example="rferl-mamai-detained-2020-02",
        help="The id of the report that says so, from content/sources.yaml.")
    note: str = declared(text, default="", translatable=True, example="the report's date",
        help="A few words shown after the date.")


@dataclass(frozen=True)
class Letters:
    """Where letters reach a person in custody, and since when that is known."""

    address: str = declared(text, required=True,
        help="The facility's postal address, in double quotes, \\n between its lines.",
        example="Detention centre No. 1\nAstana, Kazakhstan")
    checked: PartialDate = declared(partial_date, required=True, example="2020-02",
        help="When the address was last confirmed (a partial date). An address checked"
        " letters_age_months (site.yaml) before the latest news, or before a transfer, is shown"
        " as possibly out of date.")
    languages: tuple[str, ...] = declared(list_of(text), default=(), example=["ru", "kk"],
        help="The languages letters may be written in (codes: ru, kk, en).")


@dataclass(frozen=True)
class Prisoner(Record):
    name: str = declared(latin_text, required=True, default="", example="Zhanbolat Mamai",
        help="The name in Latin script, as the reports write it.")
    name_variants: tuple[str, ...] = declared(list_of(text), default=(),
        help="Other spellings and scripts, all searchable.", example=["Жанболат Мамай", "Mamay"])
    names: tuple[tuple[str, str], ...] = declared(fields.names_by_language, default=(),
        help="The name as another language of the site writes it (Russian and Kazakh in"
        " Cyrillic), shown on that language's pages and searchable; the Latin one where a"
        " language has none.", example={"ru": "Жанболат Мамай", "kk": "Жанболат Мамай"})
    status: str = declared(
        choice(PRISONER_STATUSES, STATUS_MEANINGS), required=True, default="unknown",
        help="Where the person stands, as the latest report says (README: what each means).",
        example="detained")
    status_as_of: PartialDate | None = declared(partial_date, default=None, example="2020-02",
        help="The date of the latest report that gives the status (not before any event), and"
        " that report's id in status_source (both or neither): the profile shows \"Detained as"
        " of February 2020, according to RFE/RL\".")
    status_source: str = declared(ref("sources"), default="",
        help="The report that gives the status as of status_as_of.",
        example="rferl-mamai-detained-2020-02")
    status_inferred: str = declared(text, default="", translatable=True,
        help="Where no report states the status: why the record infers it, in place of"
        " status_source (the page says \"not reported, inferred: <reason>\", never \"according"
        " to\"); status_as_of is then the date of the latest report the inference starts from. A"
        " warning (inferred-with-source) if both are given.",
        example="a 15-day term that began on 11 April 2023 must have ended")
    status_as_of_inferred: str = declared(choice(DATE_PARTS), default="", example="year",
        help="The part of status_as_of the report does not print (shown \"(year inferred)\").")
    checked: PartialDate | None = declared(partial_date, default=None, example="2026-12",
        help="When a volunteer last searched for news of the person, whatever was found (shown"
        " \"Status checked\"): it confirms nothing, and is not the \"Record edited\" date, which"
        " comes from git.")
    born: PartialDate | None = declared(partial_date, default=None, example=1977,
        help="The year, or year and month, or the full date of birth, as a report gives it.")
    gender: str = declared(choice(GENDERS), default="", example="male",
        help="Only where the reports say so (by a pronoun, for example).")
    region: str = declared(text, default="", example="Almaty Region",
        help="A fact, not text: search and statistics group people by it, in every language"
        " alike (content/places.yaml names it in each).")
    city: str = declared(text, default="", translatable=True, example="Almaty",
        help="The city or town the person lives in, as the reports name it.")
    occupation: str = declared(text, default="", translatable=True, example="journalist",
        help="What the person does, as the reports say.")
    affiliations: tuple[str, ...] = declared(list_of(text), default=(), translatable=True,
        help="Parties, movements or groups the reports link the person to.",
        example=["Democratic Party of Kazakhstan"])
    charges: tuple[Charge, ...] = declared(
        list_of(record_of(Charge), most=MOST_CITED), default=(), translatable=True,
        help="What the person is charged with: one item per charge.",
        example=[record_example(Charge)])
    sentence: str = declared(text, default="", translatable=True,
        help="The sentence as reported, in words.", example="three years' restricted freedom")
    sentence_start: PartialDate | None = declared(partial_date, default=None, example="2019-10",
        help="When the sentence began, where a report says (a partial date).")
    sentence_end: PartialDate | None = declared(partial_date, default=None, example="2022-10",
        help="When the sentence is expected to end, where a report says (a partial date).")
    detention_place: str = declared(text, default="", translatable=True,
        help="The colony, jail or centre where the person is held.",
        example="a temporary detention facility")
    recognised: tuple[Recognition, ...] = declared(
        list_of(record_of(Recognition)), default=(), translatable=True,
        help="Who calls the person a political prisoner (the site never does so itself), and"
        " when: one item per finding. The profile shows \"Recognised as a political prisoner by"
        " Memorial (March 2020), according to <source>\"; the data files give them in"
        " recognitions.csv (and people.csv's recognised_by).",
        example=[record_example(Recognition)])
    cases: tuple[str, ...] = declared(list_of(ref("cases"), most=MOST_CITED), default=(),
        help="Case file names from content/cases/, without .md; the case's page lists the person.",
        example=["democratic-party-congress-2020"])
    photo: Path | None = declared(fields.photo, default=None, example="zhanbolat-mamai.jpg",
        help="A photo beside this file (JPEG, PNG or WebP), published scaled, without its"
        " metadata, as a browser shows it, or refused: one still picture (no animation, APNG or"
        " MPO), colours converted to sRGB through its ICC profile, turned by EXIF orientation"
        " only (not XMP).")  # read as the absolute path of the image file
    letters: Letters | None = declared(record_of(Letters), default=None,
        help="Where letters reach the person in custody (shown only while the status is one of"
        " custody).", example=record_example(Letters))

    @property
    def title(self) -> str:
        return self.name


@dataclass(frozen=True)
class Case(Record):
    title: str = declared(text, required=True, default="", translatable=True,
        help="What the case is, in a few words (a group event, a trial, a wave of arrests).",
        example="Detentions before the Democratic Party founding congress")
    summary: str = declared(text, default="", translatable=True,
        help="One sentence on what happened.", example="Organisers detained before the congress.")
    status: str = declared(choice(CASE_STATUSES), default="", example="concluded",
        help="Whether the case goes on.")
    region: str = declared(text, default="", example="Almaty",
        help="A fact, as a person's region: search and statistics group cases by it.")
    start: PartialDate | None = declared(partial_date, default=None, example="2020-02",
        help="When the case began (a partial date).")
    end: PartialDate | None = declared(partial_date, default=None, example="2020-03",
        help="When the case ended (a partial date).")
    people: tuple[str, ...] = declared(list_of(ref("prisoners")), default=(),
        help="Prisoner file names from content/prisoners/, without .md; each person's page lists"
        " the case.", example=["zhanbolat-mamai"])
    articles: tuple[str, ...] = declared(list_of(ref("articles"), most=MOST_CITED), default=(),
        help="Ids of the law articles in content/articles.yaml.", example=["cc-405"])


@dataclass(frozen=True)
class TextPage:
    """A page of the site's own words (about, methodology, how to write letters): Markdown in
    content/pages/<slug>.md, linked from every page's footer."""

    slug: str = ""
    path: str = ""
    title: str = declared(text, required=True, default="", translatable=True,
        help="The page's heading (so its sections start with #).",
        example="How to write to a political prisoner")
    description: str = declared(text, default="", translatable=True,
        help="One sentence, shown where a link to the page is shared.",
        example="What to write, what to avoid, and how to send a letter.")
    former_slugs: tuple[str, ...] = declared(list_of(fields.slug), default=(), example=["letters"],
        help="Earlier file names of this page, without .md: their addresses redirect here.")
    draft: bool = declared(boolean, default=False, example=False,
        help="true: not published; remove the line once the page is ready.")
    body: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)
    digest: str = field(default="", compare=False, hash=False, repr=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


@dataclass(frozen=True)
class Article:
    id: str
    code: str = declared(choice(LAW_CODES), required=True, example="criminal",
        help="The code the article is in.")
    number: str = declared(text, required=True, example="405",
        help="Its number in that code.")
    title: str = declared(text, required=True, translatable=True,
        help="The title in English: the official one where a stored page quotes it, else a"
        " rendering that the description names as such (see docs/glossary.md).",
        example="Organisation of and participation in the activities of a banned organisation")
    description: str = declared(text, default="", translatable=True,
        help="Markdown: how the reports describe the article.",
        example="Cited against members of movements a court has banned.")


@dataclass(frozen=True)
class Source:
    id: str
    title: str = declared(text, required=True, help="The title, as published.",
        example="Organizing Head Of Nascent Kazakh Opposition Party Detained")
    date: PartialDate = declared(partial_date, required=True, example="2020-02",
        help="The date it was published (partial: 2020, 2020-02 or 2020-02-21).")
    publisher: str = declared(text, default="", translatable=True,
        help="Who published it.", example="RFE/RL's Kazakh Service")
    url: str = declared(http_url, default="", example="https://example.org/news/mamai-detained",
        help="The original: http or https only.")
    language: str = declared(text, default="", example="en",
        help="The language it is written in (a code: ru, kk, en).")
    archive_url: str = declared(http_url, default="",
        help="An archived copy: http or https only.",
        example="https://web.archive.org/web/2020/https://example.org/news/mamai-detained")
    note: str = declared(text, default="", translatable=True,
        help="What is inferred, and from what (e.g. the date), and whether the original was found.",
        example="The month is inferred, not printed.")


@dataclass(frozen=True)
class SiteSettings:
    title: str = declared(text, required=True, translatable=True,
        help="The site's title.", example="Political Prisoners of Kazakhstan")
    description: str = declared(text, required=True, translatable=True,
        help="A sentence on what the site is.",
        example="A sourced database of political prisoners in Kazakhstan.")
    base_url: str = declared(fields.base_url, required=True, example="https://example.org/",
        help="The public address, ending with '/' (build --base-url overrides it).")
    language: str = declared(interface_language, required=True, example="en",
        help="The language the records are written in, published at the root; its interface"
        " words are templates/strings/<language>.yaml.")
    languages: tuple[str, ...] = declared(list_of(interface_language), default=(),
        help="The site's languages, in the order the language switch lists them: each other one"
        " is published under /<language>/ (needs templates/strings/<language>.yaml).",
        example=["en", "ru", "kk"])
    fallback: tuple[tuple[str, tuple[str, ...]], ...] = declared(
        fields.fallback_chains, default=(), example={"kk": ["ru"]},
        help="Where a text is not translated into a language, the languages whose translation"
        " its pages show instead, in order; the original's always comes last (Kazakh readers"
        " read Russian).")
    help_page: str = declared(ref("pages"), default="", example="how-to-write-letters",
        help="The page of content/pages/ on writing to prisoners, linked from every profile of"
        " someone in custody (\"How to help and how to write\").")
    letters_age_months: int = declared(months, default=12, example=12,
        help="The age in months (1-120, default 12) at which a letters address is shown as"
        " possibly out of date.")
    status_stale_months: int = declared(months, default=12, example=12,
        help="The age in months (1-120, default 12), before the build's date, at which a status"
        " is old news: shown \"last reported <month year> ...; not confirmed since\" on every"
        " page, counted apart on the home page and in the statistics, and listed by `python -m"
        " generator due`.")
    history_url: str = declared(http_url, default="",
        help="Where a record's history is read, its file's path added (the profile's \"history\""
        " link).", example="https://github.com/org/repo/commits/main/")
    corrections_url: str = declared(fields.correction_address, default="",
        help="Where visitors report a correction: the repository's issue form"
        " (.github/ISSUE_TEMPLATE/), another form's https:// address, or a mailto: address"
        " (nothing else). Every profile and case links \"Report a correction\" there with the"
        " record's file and page address filled in (a form: the fields record= and page= and"
        " the title; an email: its subject and body; pages/corrections.py), and so does every"
        " footer. Neither this nor edit_url given: no link, unless `build --repository"
        " https://github.com/OWNER/REPO` names the repository (the deploy workflow does): its"
        " issue form and edit page are then used.",
        example="https://github.com/org/repo/issues/new?template=correction.yml")
    edit_url: str = declared(http_url, default="",
        help="Where a volunteer edits a record, its file's path added (each record's page links"
        " \"Edit this record\" there).", example="https://github.com/org/repo/edit/main/")
    data_licence: str = declared(text, default="", example="CC BY 4.0",
        help="The licence of the data files (/data/), by its name, shown on the data page and"
        " given in data/database.json.")
    data_licence_url: str = declared(http_url, default="",
        help="The address of the data licence's text.",
        example="https://creativecommons.org/licenses/by/4.0/")

    def shown_languages(self, language: str) -> tuple[str, ...]:
        """The languages a page in `language` shows a text in, the first that has it: its own,
        its fallback chain's (site.yaml), then the original's."""
        chain = dict(self.fallback).get(language, ())
        return tuple(dict.fromkeys((language, *chain, self.language)))


# fmt: on
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
