"""Translate stage: the validated originals and their translations -> the site in each language.

A translation gives only text (fields.translation_specs); facts always come from the original.
Each translation names the version of the original it was made from: when the original's text
changes, the translation is reported (a notice, never a failure: fixing a typo in English must
not wait for a translator) and its page says it may be out of date, until someone translates the
change and gives the new version.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from generator.content.fields import translation_specs
from generator.content.model import (
    Article,
    Case,
    Catalog,
    Prisoner,
    SiteSettings,
    Source,
    TextPage,
    Translated,
    Translation,
)
from generator.content.schema import Validated
from generator.problems import Problem

Original = Prisoner | Case | TextPage | Article | Source | SiteSettings
# Where the original of a translation is, by the folder or table the translation is in.
_WHERE = {
    "prisoners": "content/prisoners/{key}.md",
    "cases": "content/cases/{key}.md",
    "pages": "content/pages/{key}.md",
    "site": "content/site.yaml",
    "articles": "content/articles.yaml",
    "sources": "content/sources.yaml",
}


def version(original: Original) -> str:
    """Ten hex digits that change whenever the original's translatable text does."""
    text = json.dumps(_translatable(original), ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(text.encode(), digest_size=5).hexdigest()


def _translatable(original: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    kind: type = type(original)
    for name in translation_specs(kind):
        value = getattr(original, name)
        if isinstance(value, tuple):
            value = [item if isinstance(item, str) else _translatable(item) for item in value]
        values[name] = value
    if hasattr(original, "body"):
        values["body"] = original.body
    return values


def table_of(translation: Translation) -> str:
    """prisoners, cases, pages, site, articles or sources: what a translation translates."""
    parts = translation.path.split("/")
    return parts[1] if len(parts) > 2 else parts[1].split(".")[0]


def originals(validated: Validated) -> dict[tuple[str, str], Original]:
    """Every original a translation may translate, by (table, key)."""
    found: dict[tuple[str, str], Original] = {}
    for table, records in (
        ("prisoners", validated.prisoners),
        ("cases", validated.cases),
        ("pages", validated.pages),
    ):
        found |= {(table, record.slug): record for record in records}
    found |= {("articles", key): article for key, article in validated.articles.items()}
    found |= {("sources", key): source for key, source in validated.sources.items()}
    if validated.site is not None:
        found[("site", "")] = validated.site
    return found


@dataclasses.dataclass(frozen=True)
class Checked:
    """The translations that apply, by language and (table, key); problems (which stop the
    build) and notices (translations that may be out of date)."""

    translations: dict[str, dict[tuple[str, str], Translation]]
    problems: list[Problem]
    notices: list[Problem]


def check_translations(validated: Validated) -> Checked:
    """Each translation has its original, a language of the site other than the originals',
    lists as long as the original's, and the version it translates."""
    site = validated.site
    languages = site_languages(site) if site else ()
    found = originals(validated)
    applied: dict[str, dict[tuple[str, str], Translation]] = {lang: {} for lang in languages[1:]}
    problems: list[Problem] = []
    notices: list[Problem] = []
    for translation in validated.translations:
        table = table_of(translation)
        original = found.get((table, translation.key))
        line = translation.line_of("")
        if original is None:
            where = _WHERE[table].format(key=translation.key)
            what = f"'{translation.key}' in {where}" if table in ("articles", "sources") else where
            problems.append(
                Problem(
                    translation.path,
                    line,
                    translation.key if table in ("articles", "sources") else "",
                    f"translates {what}, which does not exist: a translation is named after its"
                    " original (<slug>.<language>.md, or the id of an entry)",
                )
            )
            continue
        if site is None:
            continue
        if translation.language not in applied:
            problems.append(_not_a_language(translation, site))
            continue
        current = version(original)
        prefix = f"{translation.key}." if table in ("articles", "sources") else ""
        if not translation.original:
            problems.append(
                Problem(
                    translation.path,
                    line,
                    prefix + "original",
                    f"say which version of the original this translates: add 'original: {current}'"
                    " (the original's text as it is now)",
                )
            )
            continue
        if translation.original != current:
            # Only a note: the original moved on, not the translation's fault (its lists are
            # not shown until it is brought up to date: their items may no longer match).
            notices.append(
                Problem(
                    translation.path,
                    translation.line_of("original"),
                    prefix + "original",
                    f"the original's text has changed since this translation (version"
                    f" {translation.original}, now {current}): update the translation, then set"
                    f" 'original: {current}'",
                    notice=True,
                )
            )
        else:  # made from the original as it is: it must match it
            mismatched = list(_mismatches(translation, original, prefix))
            problems += mismatched
            if mismatched:
                continue
        applied[translation.language][(table, translation.key)] = translation
    return Checked(applied, problems, notices)


def site_languages(site: SiteSettings) -> tuple[str, ...]:
    """The site's languages, the originals' first (it is published at the root)."""
    return (site.language, *(code for code in site.languages if code != site.language))


def _not_a_language(translation: Translation, site: SiteSettings) -> Problem:
    if translation.language == site.language:
        message = (
            f"'{translation.language}' is the language of the originals (site.yaml's"
            " 'language'): edit the original instead"
        )
    else:
        message = (
            f"the site has no language '{translation.language}': add it to 'languages' in"
            " content/site.yaml (with its words in templates/strings/), or rename the file"
        )
    return Problem(translation.path, translation.line_of(""), "", message)


def _mismatches(translation: Translation, original: Original, prefix: str) -> Iterable[Problem]:
    """What a translation of the original as it is gives that the original has not: a field it
    leaves out, a list of another length, an item's field it leaves out."""
    for name, value in translation.values:
        expected = getattr(original, name)
        line = translation.line_of(name)
        if not expected:
            yield Problem(
                translation.path,
                line,
                prefix + name,
                "the original has none: a translation gives only what the original says; remove it",
            )
        elif isinstance(value, tuple) and len(value) != len(expected):
            yield Problem(
                translation.path,
                line,
                prefix + name,
                f"has {len(value)} items, the original {len(expected)}: give one per item of the"
                " original, in the same order ('- {}' for one not translated yet)",
            )
        elif isinstance(value, tuple):
            for number, (item, given) in enumerate(zip(expected, value, strict=True), start=1):
                extra = (
                    [k for k in given if not getattr(item, k)] if isinstance(given, dict) else []
                )
                if extra:
                    yield Problem(
                        translation.path,
                        line,
                        f"{prefix}{name}[{number}].{extra[0]}",
                        "the original's item has none: remove it",
                    )


# --- the site in one language ------------------------------------------------------------


def localized(
    validated: Validated,
    translations: Mapping[tuple[str, str], Translation],
    language: str,
) -> Validated:
    """The originals as a language shows them: translated text marked Translated, names as that
    language writes them (names: in the original), the rest as it is."""

    def apply(table: str, original: Any) -> Any:
        key = original.id if table in ("articles", "sources") else getattr(original, "slug", "")
        translation = translations.get((table, key))
        changes = _translated_fields(original, translation) if translation else {}
        if isinstance(original, Prisoner):
            changes |= _local_name(original, language)
        if not changes:
            return original
        digest = getattr(original, "digest", "")
        if digest:
            mark = f"{digest}/{language}/{translation.digest if translation else ''}"
            changes["digest"] = hashlib.blake2b(mark.encode(), digest_size=16).hexdigest()
        return dataclasses.replace(original, **changes)

    site = validated.site
    return dataclasses.replace(
        validated,
        site=apply("site", site) if site else None,
        articles={key: apply("articles", item) for key, item in validated.articles.items()},
        sources={key: apply("sources", item) for key, item in validated.sources.items()},
        prisoners=tuple(apply("prisoners", record) for record in validated.prisoners),
        cases=tuple(apply("cases", record) for record in validated.cases),
        pages=tuple(apply("pages", record) for record in validated.pages),
        translations=(),
    )


def _translated_fields(original: Any, translation: Translation) -> dict[str, Any]:
    """The translation's text in place of the original's, where the original has some; its
    lists only while it translates the original as it is (items go by position)."""
    current = translation.original == version(original)
    changes: dict[str, Any] = {}
    for name, value in translation.values:
        now = getattr(original, name)
        if not now:
            continue  # the original no longer says it
        if isinstance(value, str):
            changes[name] = Translated(value)
        elif current and isinstance(now[0], str):
            changes[name] = tuple(
                Translated(given) if given else item for item, given in zip(now, value, strict=True)
            )
        elif current:  # nested records, item by item
            changes[name] = tuple(
                dataclasses.replace(item, **{k: Translated(v) for k, v in given.items()})
                if given
                else item
                for item, given in zip(now, value, strict=True)
            )
    if translation.body.strip():
        changes["body"] = Translated(translation.body)
    return changes


def _local_name(prisoner: Prisoner, language: str) -> dict[str, Any]:
    """A name as the language writes it; the original spelling stays one of the names search
    finds."""
    local = dict(prisoner.names).get(language)
    if not local:
        return {}
    return {
        "name": Translated(local),
        "name_variants": (prisoner.name, *prisoner.name_variants),
    }


def translation_states(
    validated: Validated, translations: Mapping[tuple[str, str], Translation]
) -> dict[str, str]:
    """What a record's page in this language says of its text, by the original's file: stale
    (the original changed since), unreviewed, or "" (translated and checked). A record missing
    here has no translation: its text is shown in the original language."""
    found = originals(validated)
    states = {}
    for (table, key), translation in translations.items():
        original = found[(table, key)]
        path = getattr(original, "path", "")
        if not path:
            continue
        if translation.original != version(original):
            states[path] = "stale"
        else:
            states[path] = "" if translation.reviewed else "unreviewed"
    return states


def translate(
    catalog: Catalog,
    validated: Validated,
    checked: Checked,
    link: Callable[[Validated, str], Catalog],
) -> Catalog:
    """The catalog with the site in each of its other languages (`link`ed in that language's
    order) and the notices of translations that may be out of date."""
    other = {}
    for language, translations in checked.translations.items():
        local = link(localized(validated, translations, language), language)
        other[language] = dataclasses.replace(
            local, translation_states=translation_states(validated, translations)
        )
    return dataclasses.replace(catalog, translated=other, notices=tuple(checked.notices))


def alphabet_order(alphabet: str) -> Callable[[str], str]:
    """A sort key of titles in a language's alphabet ('аәбвгғ...': ә after а, ғ after г), as
    one string, so that sorting runs in C; letters not in it come first, in Unicode's order."""
    table = {ord(letter): chr(0x4000 + rank) for rank, letter in enumerate(alphabet)}
    return lambda title: title.casefold().translate(table)


# --- confirming ------------------------------------------------------------------------------


def confirmed(
    validated: Validated, paths: Iterable[str], read: Callable[[str], str]
) -> dict[str, str]:
    """The text of each translation file in `paths` (as messages name them: content/...) with
    every `original:` set to its original's version as it is now (added where missing): what a
    translator or reviewer does once the translation matches the original again. `read` gives
    a file's text by its path."""
    wanted = set(paths)
    found = originals(validated)
    by_file: dict[str, list[tuple[Translation, str]]] = {}
    for translation in validated.translations:
        original = found.get((table_of(translation), translation.key))
        if translation.path in wanted and original is not None:
            by_file.setdefault(translation.path, []).append((translation, version(original)))
    return {path: _with_versions(read(path), entries) for path, entries in by_file.items()}


def _with_versions(text: str, entries: list[tuple[Translation, str]]) -> str:
    """Each entry's `original:` line replaced, or added under the line that opens it."""
    lines = text.split("\n")
    # From the last line up, so that an added line moves none still to be edited.
    for translation, current in sorted(entries, key=lambda entry: -_anchor(entry[0])):
        if "original" in translation.lines:
            at = translation.lines["original"] - 1
            indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
            lines[at] = f"{indent}original: {current}"
        elif translation.key and translation.path.endswith(".yaml"):  # an entry of a table
            at = translation.line_of("")
            lines.insert(at, f"  original: {current}")
        else:  # front matter (after its ---) or site.<language>.yaml (first)
            lines.insert(1 if translation.path.endswith(".md") else 0, f"original: {current}")
    return "\n".join(lines)


def _anchor(translation: Translation) -> int:
    return translation.lines.get("original", translation.line_of(""))
