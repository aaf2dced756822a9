"""`new prisoner NAME` / `new case TITLE`: a valid skeleton file, marked as a draft."""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.kinds import BY_NAME
from generator.content.load import refused_folders, slugify

# Every field a record can have, each with one line on what it takes; optional ones commented
# out (tests/test_cli.py checks that every field declared in content/model.py is here). The
# first line names the record's JSON Schema (schema/, `python -m generator schema`) for editors
# that check YAML with one: see the README, "Checking while typing".
PRISONER_TEMPLATE = """\
---
# yaml-language-server: $schema=../../schema/prisoner.json
# Required: the name in Latin script, as the reports write it.
name: {name}
# Other spellings and scripts, all searchable, e.g. [Жанболат Мамай, Mamay].
name_variants: []
# The name as Russian and Kazakh write it (in Cyrillic), shown on those languages' pages.
# names: {{ru: Жанболат Мамай, kk: Жанболат Мамай}}
# Required: detained | pretrial_detention | house_arrest | administrative_arrest | imprisoned |
# restricted_freedom | suspended_sentence | psychiatric_detention | under_investigation |
# wanted | fined | harassed | released | emigrated | deceased | unknown
status: unknown
# The date of the latest report that gives the status, and that report's id in sources.yaml:
# the page shows the status "as of" it.
# status_as_of: 2019-11
# status_source: civicus-monitor-2019-11
# Where no report states the status: why it is inferred, instead of status_source (the page
# then says it is inferred). And year | month | day: a part of status_as_of the report does
# not print.
# status_inferred: a 15-day term that began on 11 April 2023 must have ended
# status_as_of_inferred: year
# When you last searched for news of the person, found or not (shown "status checked").
# checked: 2026-12
# Year, or year and month, or the full date of birth, as a report gives it.
# born: 1977
# female | male: only where the reports say so (by a pronoun, for example).
# gender: male
# region: Almaty Region
# city: Almaty
# occupation: journalist
# Parties, movements or groups the reports link the person to.
# affiliations: [Democratic Party of Kazakhstan]
# Each charge: an article id from content/articles.yaml, its part if known, a note if needed.
# charges:
#   - article: cc-405
#     part: 2
#     note: as the report describes it
# The sentence as reported, in words.
# sentence: two years of restricted freedom
# When the sentence began and when it is expected to end, where a report says (partial dates).
# sentence_start: 2019-10
# sentence_end: 2021-10
# The colony, jail or centre where the person is held.
# detention_place: a temporary detention facility
# Who calls the person a political prisoner: each the organisation (or the list, where the report
# does not name who compiled it), when (partial date) and the source that says so; a note optional.
# recognised:
#   - {{by: Memorial, date: 2020-03, source: source-id}}
# Case file names from content/cases/, without .md.
# cases: [case-slug]
# What happened, each event with its date (YYYY, YYYY-MM or YYYY-MM-DD), type, summary and sources;
# date_inferred: year | month | day, a part of the date the report does not print; term: the
# length of the arrest or sentence the event gives, as reported (15 days, 1 year, 7 years 6 months).
# events:
#   - date: 2025-11
#     type: administrative_arrest
#     place: Kokshetau
#     summary: Given 15 days of administrative arrest.
#     term: 15 days
#     sources: [some-source-id]
# A photo next to this file (JPEG, PNG or WebP): published scaled, without its metadata.
# photo: full-name.jpg
# Where letters reach the person while in custody: the facility's postal address (in double
# quotes, \\n between its lines), the date it was last confirmed, the languages letters may be
# written in.
# letters:
#   address: "Detention centre No. 1\\nAstana"
#   checked: 2025-11
#   languages: [ru, kk]
# Earlier file names of this record: their addresses redirect here.
# former_slugs: [old-slug]
# Warnings this record says are not mistakes, each with its reason.
# silenced: [{{warning: same-person, reason: Two people who share a name}}]
# Required: ids from content/sources.yaml; at least one before the record is published.
sources: []
# Remove this line once the record is complete and sourced.
draft: true
---
Write the biography here, in your own words, citing the sources above.
"""

CASE_TEMPLATE = """\
---
# yaml-language-server: $schema=../../schema/case.json
# Required: what the case is, in a few words.
title: {title}
# One sentence on what happened.
summary: One sentence on what happened.
# ongoing | concluded
status: ongoing
# region: Almaty
# When it began and ended: YYYY, YYYY-MM or YYYY-MM-DD.
# start: 2020-02
# end: 2020-03
# Prisoner file names from content/prisoners/, without .md; each person's page lists the case.
# people: [prisoner-slug]
# Article ids from content/articles.yaml.
# articles: [cc-405]
# events:
#   - date: 2020-02-19
#     type: other
#     summary: The congress was cancelled.
#     sources: [some-source-id]
# former_slugs: [old-slug]
# silenced: [{{warning: same-person, reason: ...}}]
# Required: ids from content/sources.yaml; at least one before the record is published.
sources: []
# Remove this line once the record is complete and sourced.
draft: true
---
Describe the case here, in your own words, citing the sources above.
"""
# The kinds `new <kind>` makes a file of (kinds.KINDS), by name.
TEMPLATES = {"prisoner": PRISONER_TEMPLATE, "case": CASE_TEMPLATE}


class ScaffoldError(Exception):
    pass


def new_record(content_dir: Path, kind: str, name: str) -> Path:
    """Write content/<folder>/<slug>.md for a new record of a kind of TEMPLATES; its path."""
    slug = slugify(name)
    if not slug:
        raise ScaffoldError(
            f"cannot make a file name from '{name}': give the name in Latin letters"
        )
    folder = content_dir / BY_NAME[kind].key
    file = folder / f"{slug}.md"
    refused = refused_folders(content_dir)
    if refused:  # never written through a link
        raise ScaffoldError(str(refused[0]))
    if os.path.lexists(file):  # a link too, even one to nothing
        raise ScaffoldError(f"{file} already exists")
    template = TEMPLATES[kind]
    folder.mkdir(parents=True, exist_ok=True)
    with open(file, "x", encoding="utf-8") as new:  # "x": fails on a link made meanwhile
        new.write(template.format(name=_yaml_text(name), title=_yaml_text(name)))
    return file


def _yaml_text(value: str) -> str:
    """A double-quoted YAML string, so that names with ':' or '#' stay text."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
