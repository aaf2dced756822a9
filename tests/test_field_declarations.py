"""Each field a volunteer writes is declared once, with what they are told of it and a valid
example (content/model.py): the JSON Schemas, `new` and README's field reference say it."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from PIL import Image

from generator.content.fields import nested_record, specs_of
from generator.content.kinds import BY_NAME, KINDS, Kind
from generator.content.translate import Original
from generator.scaffold import NAMED_BY, with_reference

from .conftest import REPO, SiteTree
from .test_docs import readme_block


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_field_a_volunteer_writes_has_its_help_and_an_example(kind: Kind) -> None:
    for name, spec in specs_of(kind.record).items():
        assert spec.help.endswith("."), f"{kind.name}.{name}: help"
        assert spec.example not in (None, "", [], {}), f"{kind.name}.{name}: example"


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_an_editor_shows_each_fields_help_on_hover(kind: Kind) -> None:
    """Editors show a property's description: the committed schema gives each field's help."""
    schema = json.loads((REPO / f"schema/{kind.name}.json").read_text(encoding="utf-8"))
    fields = (schema["additionalProperties"] if kind.by_id else schema)["properties"]
    for name, spec in specs_of(kind.record).items():
        assert fields[name]["description"].startswith(spec.help), name


def _records_in(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas of the records a field's schema holds: alone, as a list's items, or among
    its choices (a field left empty)."""
    if "properties" in schema:
        return [schema]
    parts = [*schema.get("anyOf", []), *([schema["items"]] if "items" in schema else [])]
    return [record for part in parts for record in _records_in(part)]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_each_field_of_an_event_a_charge_or_the_letters_has_its_help_in_the_editor(
    kind: Kind,
) -> None:
    """A nested record's fields (an event's date, a charge's part ...) are declared with their
    help and example, as a record's own are, and editors show that help on hover."""
    schema = json.loads((REPO / f"schema/{kind.name}.json").read_text(encoding="utf-8"))
    fields = (schema["additionalProperties"] if kind.by_id else schema)["properties"]
    for name, spec in specs_of(kind.record).items():
        records = _records_in(fields[name])
        nested = nested_record(spec.convert)
        assert len(records) == (nested is not None), name
        for record in records:
            assert list(record["properties"]) == list(specs_of(nested)), name
            for inner, inner_spec in specs_of(nested).items():
                where = f"{kind.name}.{name}.{inner}"
                assert inner_spec.help.endswith("."), f"{where}: help"
                assert inner_spec.example not in (None, "", [], {}), f"{where}: example"
                shown = record["properties"][inner].get("description", "")
                assert shown.startswith(inner_spec.help), where


def test_translations_name_the_record_of_every_kind() -> None:
    """translate.Original stays a union written out, for mypy (which cannot read one made from
    kinds.KINDS): a kind added there is added to it too."""
    assert set(typing.get_args(Original)) == {kind.record for kind in KINDS}


@pytest.mark.parametrize("kind", NAMED_BY)
def test_new_writes_each_field_under_its_help_in_declaration_order(
    tree: SiteTree, kind: str
) -> None:
    assert tree.run("new", kind, "Some Name").exit_code == 0
    text = (tree.root / f"content/{BY_NAME[kind].key}/some-name.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[1] == f"# yaml-language-server: $schema=../../schema/{kind}.json"
    specs = specs_of(BY_NAME[kind].record)
    at = [
        next(i for i, line in enumerate(lines) if line.removeprefix("# ").startswith(f"{name}:"))
        for name in specs
    ]
    assert at == sorted(at), "in declaration order"
    for (name, spec), start, end in zip(specs.items(), [1, *at[:-1]], at, strict=True):
        above = " ".join(line.removeprefix("# ") for line in lines[start + 1 : end])
        assert spec.help in above, name
        set_here = spec.required or name in (NAMED_BY[kind], "draft")
        assert lines[end].startswith("# ") != set_here, name


def test_readmes_field_reference_is_what_the_declarations_give() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.count("<!-- fields: ") == len(KINDS)
    assert readme == with_reference(readme), (
        "README.md's field reference differs from content/model.py: run python -m generator schema"
    )


def test_the_readmes_examples_make_a_site_without_a_problem_or_a_warning(tree: SiteTree) -> None:
    """Every example of every field, as README gives it, is valid, and so is the whole."""
    for kind in (kind for kind in KINDS if not kind.folder):
        tree.write(kind.original(), readme_block(f"<!-- fields: {kind.name}"))
    tree.case("democratic-party-congress-2020", readme_block("<!-- fields: case"))
    tree.prisoner("zhanbolat-mamai", readme_block("<!-- fields: prisoner"))
    tree.write("content/pages/how-to-write-letters.md", readme_block("<!-- fields: page"))
    Image.new("RGB", (10, 10)).save(tree.root / "content/prisoners/zhanbolat-mamai.jpg")
    result = tree.run("validate", "--strict")
    assert result.exit_code == 0, result.output
