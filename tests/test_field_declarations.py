"""Each field a volunteer writes is declared once, with what they are told of it and a valid
example (content/model.py): the JSON Schemas, `new` and README's field reference say it."""

from __future__ import annotations

import json

import pytest

from generator.content.fields import specs_of
from generator.content.kinds import KINDS, Kind

from .conftest import REPO


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
