"""`new prisoner NAME` / `new case TITLE`: a valid skeleton file, marked as a draft."""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.load import refused_folders, slugify

PRISONER_TEMPLATE = """\
---
name: {name}
# Other spellings and scripts, all searchable, e.g. [Жанболат Мамай]
name_variants: []
# detained | pretrial_detention | house_arrest | administrative_arrest | imprisoned |
# restricted_freedom | suspended_sentence | psychiatric_detention | under_investigation |
# wanted | fined | harassed | released | emigrated | deceased | unknown
status: unknown
# charges:
#   - article: cc-405   # an id from content/articles.yaml
#     part: 2
# events:
#   - date: 2025-11     # YYYY, YYYY-MM or YYYY-MM-DD
#     type: detained
#     summary: Detained in Kokshetau after a search of his home.
#     sources: [some-source-id]
# Ids from content/sources.yaml. At least one is required before the record is published.
sources: []
# Remove this line once the record is complete and sourced.
draft: true
---
Write the biography here, in your own words, citing the sources above.
"""

CASE_TEMPLATE = """\
---
title: {title}
summary: One sentence on what happened.
# ongoing | concluded
status: ongoing
# people: [prisoner-slug]     # file names from content/prisoners/, without .md
# articles: [cc-405]          # ids from content/articles.yaml
# Ids from content/sources.yaml. At least one is required before the record is published.
sources: []
# Remove this line once the record is complete and sourced.
draft: true
---
Describe the case here, in your own words, citing the sources above.
"""


class ScaffoldError(Exception):
    pass


def new_record(content_dir: Path, kind: str, name: str) -> Path:
    """Write content/<kind>s/<slug>.md for a new prisoner or case; returns its path."""
    slug = slugify(name)
    if not slug:
        raise ScaffoldError(
            f"cannot make a file name from '{name}': give the name in Latin letters"
        )
    folder = content_dir / ("prisoners" if kind == "prisoner" else "cases")
    file = folder / f"{slug}.md"
    refused = refused_folders(content_dir)
    if refused:  # never written through a link
        raise ScaffoldError(str(refused[0]))
    if os.path.lexists(file):  # a link too, even one to nothing
        raise ScaffoldError(f"{file} already exists")
    template = PRISONER_TEMPLATE if kind == "prisoner" else CASE_TEMPLATE
    folder.mkdir(parents=True, exist_ok=True)
    with open(file, "x", encoding="utf-8") as new:  # "x": fails on a link made meanwhile
        new.write(template.format(name=_yaml_text(name), title=_yaml_text(name)))
    return file


def _yaml_text(value: str) -> str:
    """A double-quoted YAML string, so that names with ':' or '#' stay text."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
