"""Atom feeds (RFC 4287), written in Python as the data files are, not by a template: a build
makes one per person, case and law article (10,500 at 10,000 records), and Jinja's cost per feed
was most of what the feeds added to a clean build.

Addresses are absolute, as feed readers need; ids and dates come from the records (feed_id,
feed_entry_id, atom_date), never from the build. Words are the interface's (strings: feed, event,
code_short); dates as the feed's language writes them.
"""

from __future__ import annotations

import datetime
import hashlib
import heapq
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import escape

from generator.content.model import (
    Case,
    Event,
    PartialDate,
    Prisoner,
    SiteSettings,
    language_of,
)
from generator.pages import urls

if TYPE_CHECKING:
    from generator.pages.plan import Page


class FeedEntry(NamedTuple):
    """An event in a feed, with its record; `ordinal` counts the record's events of the same
    date before it, so that the entry's id (feed_entry_id) stays the same however the record's
    other events change."""

    event: Event
    kind: str  # "prisoner" | "case"
    slug: str
    title: str
    ordinal: int


def feed_entries(records: Iterable[Prisoner | Case], limit: int) -> list[FeedEntry]:
    """The newest `limit` events of the records, in the timeline's order (link.py): newest
    first, then by kind and slug, a record's own in file order."""
    # Plain tuples, and FeedEntry objects for the newest only: a busy law article's feed draws
    # from the events of thousands of people.
    candidates: list[tuple[int, str, str, int, Event, int, Prisoner | Case]] = []
    for record in records:
        kind = "prisoner" if isinstance(record, Prisoner) else "case"
        seen: dict[tuple[int, int, int], int] = {}  # a tuple hashes in C, a PartialDate not
        for event in record.events:
            date = event.date
            day = (date.year, date.month, date.day)
            ordinal = seen[day] = seen.get(day, -1) + 1
            year, month, first = date.sort_key
            order = year * 10_000 + month * 100 + first
            candidates.append((order, kind, record.slug, -len(candidates), event, ordinal, record))
    newest = heapq.nlargest(limit, candidates)  # the -position: unique, so nothing else compared
    return [
        FeedEntry(event, kind, record.slug, record.title, ordinal)
        for _, kind, _, _, event, ordinal, record in newest
    ]


# Feed and entry ids are name-based UUIDs (RFC 9562, version 5) of what they are about: the
# record's kind and slug, the event's date and its ordinal among the record's events of that
# date. They do not change when the site moves to another address (a tag: URI would have to
# name a domain, and the site may change its own) or when a record's other events change.
FEED_ID_NAMESPACE = uuid.UUID("db5c163a-69b7-475f-9555-42bcb5d2ca26")


def feed_id(canonical: str) -> str:
    """The id of the feed following the page at `canonical` ("" for the whole site's)."""
    return _name_uuid(f"feed:/{canonical}")


def feed_entry_id(entry: FeedEntry, prefix: str = "") -> str:
    """An entry's id; in a language's feed (`prefix`), one of its own."""
    name = f"event:{entry.kind}/{entry.slug}/{entry.event.date.iso}/{entry.ordinal}"
    return _name_uuid(f"{prefix}{name}" if prefix else name)


def _name_uuid(name: str) -> str:
    """uuid.uuid5(FEED_ID_NAMESPACE, name).urn, made directly from the hash: uuid.UUID's
    checks took a fifth of rendering a feed."""
    digest = bytearray(hashlib.sha1(FEED_ID_NAMESPACE.bytes + name.encode()).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # the RFC's variant
    h = digest.hex()
    return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def atom_date(date: PartialDate | None) -> str:
    """Atom wants a full time: a partial date is given the first day it may mean (the entry's
    text gives the date as the record does); the epoch for none, never the time of the build."""
    day = date.earliest if date else datetime.date(1970, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


def feed_updated(entries: Iterable[FeedEntry], undated: PartialDate | None) -> str:
    """A feed is as new as its newest entry; one without any as `undated`."""
    newest = max((entry.event.date for entry in entries), key=_earliest, default=undated)
    return atom_date(newest)


def _earliest(date: PartialDate) -> datetime.date:
    return date.earliest


def render(
    page: Page,
    words: Mapping[str, Any],
    site: SiteSettings,
    language: str,
    root_language: str,
    date: Callable[[PartialDate], str],
) -> bytes:
    """The feed of a page planned by plan.feed_pages, in `language` (`words`: its interface
    strings; `date`: a date as it writes them)."""
    context, prefix = page.context, page.prefix
    kind, about, canonical = context["kind"], context["about"], context["canonical"]
    if kind == "prisoner":
        title = f"{about.name} · {site.title}"
    elif kind == "case":
        title = f"{about.title} · {site.title}"
    elif kind == "article":
        code = words["code_short"][about.code]
        title = f"{code} {about.number}: {about.title} · {site.title}"
    else:
        title = f"{site.title}: {words['feed']['site_title']}"
    base = site.base_url + prefix
    entries = feed_entries(context["records"], context["limit"])
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(language)}">\n'
        f"<id>{feed_id(prefix + canonical)}</id>\n"
        f"<title>{escape(title)}</title>\n"
        f"<subtitle>{escape(words['feed']['subtitle'][kind])}</subtitle>\n"
        f'<link rel="self" type="application/atom+xml"'
        f' href="{escape(base + urls.feed(canonical))}"/>\n'
        f'<link rel="alternate" type="text/html" href="{escape(base + canonical)}"/>\n'
        f"<updated>{feed_updated(entries, context['undated'])}</updated>\n"
        f"<author><name>{escape(site.title)}</name></author>\n"
    ]
    event_names = words["event"]
    inferred = words["ui"]["date_inferred"]  # "(year inferred)": as the pages mark it
    escaped_base = escape(base)  # record addresses add only a slug's letters to it
    for entry in entries:
        event = entry.event
        place = f", {event.place}" if event.place else ""
        when = date(event.date)
        if event.date_inferred:
            when += f" ({inferred[event.date_inferred]})"
        shown_in = language_of(event.summary, language, root_language)
        foreign = "" if shown_in == language else f' xml:lang="{escape(shown_in)}"'
        parts.append(
            "<entry>\n"
            f"<id>{feed_entry_id(entry, prefix)}</id>\n"
            f"<title>{escape(entry_title(entry.title, event_names, event.type))}</title>\n"
            f'<link rel="alternate" type="text/html"'
            f' href="{escaped_base}{urls.record(entry.kind, entry.slug)}"/>\n'
            f"<updated>{atom_date(event.date)}</updated>\n"
            f"<summary{foreign}>"
            f"{escape(when + place + ': ' + event.summary)}</summary>\n"
            "</entry>\n"
        )
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")


def entry_title(title: str, event_names: Mapping[str, str], event_type: str) -> str:
    """'Name: Detention'; the name alone for an event of type other ("Other" says nothing)."""
    return title if event_type == "other" else f"{title}: {event_names[event_type]}"
