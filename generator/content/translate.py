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
from collections.abc import Callable, Iterable
from typing import Any

from generator.content.fields import translation_specs
from generator.content.kinds import BY_KEY
from generator.content.model import (
    Article,
    Borrowed,
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

# Each kind's record (kinds.KINDS), written out for mypy, which reads no union made at run
# time; tests/test_field_declarations.py fails when a kind is missing from it.
Original = Prisoner | Case | TextPage | Article | Source | SiteSettings


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
    """The key of the kind a translation translates (kinds.KINDS): prisoners, site ..."""
    parts = translation.path.split("/")
    return parts[1] if len(parts) > 2 else parts[1].split(".")[0]


def originals(validated: Validated) -> dict[tuple[str, str], Original]:
    """Every original a translation may translate, by (table, key)."""
    found: dict[tuple[str, str], Original] = {
        (table, key): record
        for table, records in validated.records.items()
        for key, record in records.items()
    }
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
    # The version of each original that has a translation, by (table, key): made once.
    versions: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)


def check_translations(validated: Validated) -> Checked:
    """Each translation has its original, a language of the site other than the originals',
    lists as long as the original's, and the version it translates."""
    site = validated.site
    languages = site_languages(site) if site else ()
    found = originals(validated)
    applied: dict[str, dict[tuple[str, str], Translation]] = {lang: {} for lang in languages[1:]}
    problems: list[Problem] = []
    notices: list[Problem] = []
    versions: dict[tuple[str, str], str] = {}
    for translation in validated.translations:
        table = table_of(translation)
        original = found.get((table, translation.key))
        line = translation.line_of("")
        by_id = BY_KEY[table].by_id
        if original is None:
            where = BY_KEY[table].original(translation.key)
            what = f"'{translation.key}' in {where}" if by_id else where
            problems.append(
                Problem(
                    translation.path,
                    line,
                    translation.key if by_id else "",
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
        if (table, translation.key) not in versions:
            versions[(table, translation.key)] = version(original)
        current = versions[(table, translation.key)]
        prefix = f"{translation.key}." if by_id else ""
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
    return Checked(applied, problems, notices, versions)


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
    checked: Checked,
    language: str,
) -> Validated:
    """The originals as a language shows them: each text from the first translation of the
    language's chain that gives it (shown_texts), names as the chain writes them (names: in the
    original), the rest as it is. `translations`: those that apply, by language."""
    assert validated.site is not None
    chain = validated.site.shown_languages(language)[:-1]  # the original's comes from itself

    def apply(table: str, key: str, original: Any) -> Any:
        found = found_along(checked, chain, (table, key))
        changes = shown_texts(original, found, language)
        if isinstance(original, Prisoner):
            changes |= local_name(original, chain, language)
        if not changes:
            return original
        digest = getattr(original, "digest", "")
        if digest:
            used = "/".join(f"{code}:{translation.digest}" for code, translation, _ in found)
            mark = f"{digest}/{language}/{used}"
            changes["digest"] = hashlib.blake2b(mark.encode(), digest_size=16).hexdigest()
        return dataclasses.replace(original, **changes)

    records = {
        table: {key: apply(table, key, record) for key, record in table_records.items()}
        for table, table_records in validated.records.items()
    }
    site = apply("site", "", validated.site)
    return dataclasses.replace(validated, site=site, records=records, translations=())


# (language, translation, whether it translates the original as it is), in the order to use them
Found = tuple[tuple[str, Translation, bool], ...]


def found_along(checked: Checked, chain: Iterable[str], key: tuple[str, str]) -> Found:
    """The translations of one original along a language's chain: those made from the original
    as it is first, then those it has moved on from (whose text may be out of date)."""
    by_language = checked.translations
    given = [(code, t) for code in chain if (t := by_language.get(code, {}).get(key)) is not None]
    if not given:
        return ()
    now = checked.versions[key]
    ranked = sorted(given, key=lambda pair: pair[1].original != now)  # stable: chain order
    return tuple((code, t, t.original == now) for code, t in ranked)


def shown_texts(original: Any, found: Found, language: str) -> dict[str, Any]:
    """The one place that decides which language each text of a record is shown in on the
    pages of `language`: the first of `found` that gives it (text by text, and item by item
    of a list), marked Translated (the page's language) or Borrowed (another one's); the
    original's where none does. A list's items go by position, so they come only from
    translations of the original as it is; and no value the original no longer has is shown
    (a corrected fact is never outlived by its translation)."""

    def marked(code: str, text: str) -> str:
        return Translated(text) if code == language else Borrowed(text, code)

    current = [(code, dict(t.values)) for code, t, is_current in found if is_current]
    every = [(code, dict(t.values)) for code, t, _ in found]
    changes: dict[str, Any] = {}
    kind: type = type(original)
    for name in translation_specs(kind):
        now = getattr(original, name)
        if not now:
            continue  # the original does not (or no longer) say it
        if isinstance(now, str):
            given = next(((code, v[name]) for code, v in every if v.get(name)), None)
            if given:
                changes[name] = marked(*given)
            continue
        items = [(code, values[name]) for code, values in current if name in values]
        if not items:
            continue
        if isinstance(now[0], str):
            changes[name] = tuple(
                next((marked(code, v[n]) for code, v in items if v[n]), item)
                for n, item in enumerate(now)
            )
        else:  # nested records (events, charges), field by field
            changes[name] = tuple(
                _shown_item(item, [(code, v[n]) for code, v in items if v[n]], marked)
                for n, item in enumerate(now)
            )
    body = next(((code, t.body) for code, t, _ in found if t.body.strip()), None)
    if body:
        changes["body"] = marked(*body)
    return changes


def _shown_item(
    item: Any, given: list[tuple[str, dict[str, str]]], marked: Callable[[str, str], str]
) -> Any:
    """An item of a list of records (an event) with each text from the first translation
    that gives it."""
    if not given:
        return item
    names = dict.fromkeys(name for _, fields in given for name in fields)
    texts = {name: next(marked(c, f[name]) for c, f in given if name in f) for name in names}
    return dataclasses.replace(item, **texts)


def local_name(prisoner: Prisoner, chain: Iterable[str], language: str) -> dict[str, Any]:
    """A name as the first language of the chain that writes it does (names:), so that pages in
    Kazakh show the Russian spelling where there is no Kazakh one, rather than the Latin one;
    the original spelling stays one of the names search finds."""
    names = dict(prisoner.names)
    code = next((code for code in chain if names.get(code)), None)
    if code is None:
        return {}
    name = names[code]
    return {
        "name": Translated(name) if code == language else Borrowed(name, code),
        "name_variants": (prisoner.name, *prisoner.name_variants),
    }


def translation_states(
    validated: Validated,
    checked: Checked,
    language: str,
) -> tuple[dict[str, str], dict[str, str]]:
    """What a record's page in this language says of its text, by the original's file: stale
    (the original changed since), unreviewed, "" (translated and checked) or missing (no
    translation in the language, or none as it is while a fallback has one); and, for those
    missing, the language of the translation shown in its place (a fallback's). A record in
    neither has no translation on the chain: its text is shown in the original language."""
    assert validated.site is not None
    chain = validated.site.shown_languages(language)[:-1]
    states: dict[str, str] = {}
    shown: dict[str, str] = {}
    found_originals = originals(validated)
    translated = {key: None for code in chain for key in checked.translations.get(code, {})}
    for table, key in translated:
        path = getattr(found_originals[(table, key)], "path", "")
        found = found_along(checked, chain, (table, key)) if path else ()
        if not found:
            continue
        code, translation, is_current = found[0]
        if code != language:
            states[path], shown[path] = "missing", code
        elif not is_current:
            states[path] = "stale"
        else:
            states[path] = "" if translation.reviewed else "unreviewed"
    return states, shown


def translate(
    catalog: Catalog,
    validated: Validated,
    checked: Checked,
    link: Callable[[Validated, str], Catalog],
) -> Catalog:
    """The catalog with the site in each of its other languages (`link`ed in that language's
    order) and the notices of translations that may be out of date."""
    other = {}
    for language in checked.translations:
        local = link(localized(validated, checked, language), language)
        states, shown = translation_states(validated, checked, language)
        other[language] = dataclasses.replace(
            local, translation_states=states, text_languages=shown
        )
    return dataclasses.replace(catalog, translated=other, notices=tuple(checked.notices))


def alphabet_order(alphabet: str) -> Callable[[str], str]:
    """A sort key of titles in a language's alphabet ('аәбвгғ...': ә after а, ғ after г), as
    one string, so that sorting runs in C. Latin letters not in it come right after it, as a
    Russian or Kazakh reader looks for a name still in Latin letters (the Cyrillic alphabet
    first, as CLDR's collation of these languages orders it); other characters (spaces, digits,
    letters of other scripts) first, in Unicode's order."""
    latin = [letter for letter in "abcdefghijklmnopqrstuvwxyz" if letter not in alphabet]
    letters = [*alphabet, *latin]
    table = {ord(letter): chr(0x4000 + rank) for rank, letter in enumerate(letters)}
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
