"""The content model as JSON Schema, made from the declarations the validator uses.

Every field's schema comes from its converter (`fields.described`), every kind's fields from
content/model.py (`fields.specs_of`): nothing here lists a field. One schema per kind of file a
volunteer writes (editors check those files with them), and those of the published data files
(data/database.json, each record's record.json). Schemas are draft-07, the draft editors' YAML
extensions read best, and are written deterministically (`schema_bytes`).
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

from generator.content.fields import JsonSchema, json_schema, slug, specs_of, specs_schema
from generator.content.kinds import BY_NAME
from generator.content.model import Article, Case, Prisoner, Source
from generator.files import write_regular

DRAFT = "http://json-schema.org/draft-07/schema#"
# Where the published schemas are, under the site (data/schema/<name>.json), and where the
# repository keeps those of the files volunteers write, for editors (schema/<name>.json).
FOLDER = "data/schema/"
REPOSITORY_FOLDER = "schema"

# The data files' own schemas.
RECORD = "record"
DATABASE = "database"
SCHEMA_NAMES = (*BY_NAME, RECORD, DATABASE)


def file_schema(name: str) -> JsonSchema:
    """The schema of one kind of content file (kinds.BY_NAME)."""
    kind = BY_NAME[name]
    return {"$schema": DRAFT, "title": kind.title, **_kind_schema(kind.record, kind.by_id)}


def _kind_schema(kind: type, table: bool) -> JsonSchema:
    fields = specs_schema(specs_of(kind))
    if not table:
        return fields
    ids = slug_schema()
    return {"type": "object", "propertyNames": ids, "additionalProperties": fields}


def slug_schema() -> JsonSchema:
    return json_schema(slug)


def _record_schema(kind_name: str, front_matter: str) -> JsonSchema:
    """A record as data/.../record.json gives it: its id, page and front matter ("fields",
    as the file gives them, drafts and silenced warnings aside) and its Markdown text."""
    return {
        "type": "object",
        "properties": {
            "kind": {"const": kind_name},
            "id": slug_schema(),
            "page_url": {"type": "string", "format": "uri"},
            "photo_url": {"type": "string", "format": "uri"},
            "fields": {"$ref": f"#/definitions/{front_matter}"},
            "text": {"type": "string"},
        },
        "required": ["kind", "id", "page_url", "fields", "text"],
        "additionalProperties": False,
    }


def _definitions() -> dict[str, JsonSchema]:
    return {
        "prisoner": _kind_schema(Prisoner, False),
        "case": _kind_schema(Case, False),
        "articles": _kind_schema(Article, True),
        "sources": _kind_schema(Source, True),
        "prisoner_record": _record_schema("prisoner", "prisoner"),
        "case_record": _record_schema("case", "case"),
    }


def record_schema() -> JsonSchema:
    """Each record's record.json: a prisoner's or a case's."""
    return {
        "$schema": DRAFT,
        "title": "A record of the database (record.json beside its page)",
        "oneOf": [
            {"$ref": "#/definitions/prisoner_record"},
            {"$ref": "#/definitions/case_record"},
        ],
        "definitions": _definitions(),
    }


def database_schema() -> JsonSchema:
    """data/database.json: every published record and both tables."""
    return {
        "$schema": DRAFT,
        "title": "The whole database (data/database.json)",
        "type": "object",
        "properties": {
            "licence": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "url": {"type": "string"}},
                "required": ["name", "url"],
                "additionalProperties": False,
            },
            "site": {"type": "string", "format": "uri"},
            "prisoners": {"type": "array", "items": {"$ref": "#/definitions/prisoner_record"}},
            "cases": {"type": "array", "items": {"$ref": "#/definitions/case_record"}},
            "articles": {"$ref": "#/definitions/articles"},
            "sources": {"$ref": "#/definitions/sources"},
        },
        "required": ["licence", "site", "prisoners", "cases", "articles", "sources"],
        "additionalProperties": False,
        "definitions": _definitions(),
    }


def schema(name: str) -> JsonSchema:
    if name == RECORD:
        return record_schema()
    if name == DATABASE:
        return database_schema()
    return file_schema(name)


def schema_bytes(value: Any) -> bytes:
    """A schema as its file holds it: the same schema, the same bytes."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def file_schemas() -> dict[str, bytes]:
    """name.json -> its bytes, of the files volunteers write (kinds.BY_NAME)."""
    return {f"{name}.json": schema_bytes(file_schema(name)) for name in BY_NAME}


def write_file_schemas(folder: Path) -> list[str]:
    """Write file_schemas() into a folder (the repository's schema/, which editors' comments
    name: `# yaml-language-server: $schema=...`); returns the names written."""
    if folder.is_symlink():  # a pull request may commit schema/ as a link elsewhere
        message = "is a symbolic link: the schemas are written into a folder of the project"
        raise NotADirectoryError(errno.ENOTDIR, message, str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    schemas = file_schemas()
    for name, content in schemas.items():
        write_regular(folder / name, content)  # a link in the folder is replaced, not followed
    return list(schemas)


def all_schemas() -> dict[str, bytes]:
    """name.json -> its bytes, of every schema."""
    return {f"{name}.json": schema_bytes(schema(name)) for name in SCHEMA_NAMES}
