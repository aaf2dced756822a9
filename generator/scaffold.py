"""Files made from the fields declared in content/model.py, each under its help as comments:
`new prisoner NAME` / `new case TITLE` (a valid skeleton, marked as a draft) and the examples
of README's field reference (`python -m generator schema` writes them)."""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator.content.fields import Spec, json_schema, nested_record, specs_of
from generator.content.kinds import BY_NAME, Kind
from generator.content.load import refused_folders, slugify
from generator.files import is_regular, write_regular

BODY = "Write here, in Markdown and in your own words, citing the sources above."
# The kinds `new <kind>` makes a file of (kinds.KINDS), and the field the name given fills.
NAMED_BY = {"prisoner": "name", "case": "title"}
# README's field reference: each kind's example between these markers (and, for a table,
# the id its example entry has): <!-- fields: articles cc-405 --> ... <!-- /fields -->.
_REFERENCE = re.compile(r"(<!-- fields: ([a-z]+) ?([a-z0-9-]*) -->\n).*?(?=<!-- /fields -->)", re.S)


class ScaffoldError(Exception):
    pass


def new_record(content_dir: Path, kind: str, name: str) -> Path:
    """Write content/<folder>/<slug>.md for a new record of a kind of NAMED_BY; its path."""
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
    folder.mkdir(parents=True, exist_ok=True)
    with open(file, "x", encoding="utf-8") as new:  # "x": fails on a link made meanwhile
        new.write(skeleton(BY_NAME[kind], name))
    return file


def skeleton(kind: Kind, name: str) -> str:
    """A draft record: its required fields set (the name given, else their default), the
    others commented out with their example; first the line naming its JSON Schema for
    editors (schema/; README, "Checking while typing")."""
    defaults = {field.name: field.default for field in dataclasses.fields(kind.record)}
    given = {NAMED_BY[kind.name]: name, "draft": True}
    specs = specs_of(kind.record)
    values = {key: given.get(key, defaults[key]) for key in specs if specs[key].required}
    schema = f"# yaml-language-server: $schema=../../schema/{kind.name}.json"
    front = fields_yaml(specs, values | given)
    return "\n".join(("---", schema, *front, "---", BODY, ""))


def reference(kind: Kind, entry_id: str) -> str:
    """README's example of a kind's file: every field at its example, under its help."""
    specs = specs_of(kind.record)
    examples = {name: spec.example for name, spec in specs.items()}
    lines = fields_yaml(specs, examples, "  " if kind.by_id else "")
    if kind.by_id:
        lines = [f"{entry_id}:", *lines]
    if kind.folder:
        lines = ["---", *lines, "---", BODY]
    return "\n".join(("```yaml", *lines, "```", ""))


def with_reference(readme: str) -> str:
    """README's text with each kind's example as the declarations give it."""
    return _REFERENCE.sub(lambda m: m[1] + reference(BY_NAME[m[2]], m[3]), readme)


def write_reference(readme: Path) -> bool:
    """Write README's field reference, if it has one (never through a link); whether it has."""
    text = readme.read_text(encoding="utf-8") if is_regular(readme) else ""
    found = _REFERENCE.search(text) is not None
    if found:
        write_regular(readme, with_reference(text).encode("utf-8"))
    return found


def fields_yaml(
    specs: Mapping[str, Spec], values: Mapping[str, Any], indent: str = ""
) -> list[str]:
    """Each field under its help as comments: set to its value in `values`, else commented out
    with its example; a nested record's fields under theirs."""
    lines = []
    for name, spec in specs.items():
        choices = json_schema(spec.convert).get("enum")
        words = ("Required. " if spec.required else "") + spec.help
        words += f" One of: {' | '.join(choices)}." if choices else ""
        lines += [
            f"{indent}# {line}"
            for line in textwrap.wrap(words, 96 - len(indent), break_on_hyphens=False)
        ]
        commented = "" if name in values else "# "
        field = _yaml_field(name, values.get(name, spec.example), nested_record(spec.convert))
        lines += [indent + commented + line for line in field]
    return lines


def _yaml_field(name: str, value: Any, nested: type | None) -> list[str]:
    """`name: value`, lists of text in flow style; a mapping in block style, a nested record's
    fields under their help, each item of a list of them starting '- ' (its help after it)."""
    if nested and isinstance(value, dict):
        return [f"{name}:", *fields_yaml(specs_of(nested), value, "  ")]
    if nested and isinstance(value, list):
        lines = [f"{name}:"]
        for item in value:
            first, *rest = fields_yaml(specs_of(nested), item, "    ")
            lines += [f"  - {first.lstrip()}", *rest]
        return lines
    if isinstance(value, dict):
        return [f"{name}:", *(f"  {key}: {_yaml(item)}" for key, item in value.items())]
    return [f"{name}: {_yaml(value)}"]


def _yaml(value: Any, in_list: bool = False) -> str:
    """A value as YAML reads it back: text plain where it can be, else in double quotes."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml(item, in_list=True) for item in value) + "]"
    if not isinstance(value, str):
        return json.dumps(value)  # true, false, numbers
    try:  # what YAML makes of it unquoted (a date as well: 2020-02-21)
        read = yaml.safe_load(f"[{value}]" if in_list else f"- {value}")
    except yaml.YAMLError:
        read = None
    date = isinstance(read, list) and len(read) == 1 and isinstance(read[0], datetime.date)
    plain = read == [value] or (date and read[0].isoformat() == value)
    return value if plain else json.dumps(value, ensure_ascii=False)
