"""Every optional field of a prisoner and of a case, taken from content/model.py: a person and a
case with every field at its declared example, rebuilt as serve rebuilds them after one field
is taken out, give byte for byte what a clean build gives. A field declared is a field tested."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from generator import build as pipeline
from generator.content.fields import specs_of
from generator.content.kinds import BY_NAME
from generator.content.model import Source
from generator.problems import ContentError
from generator.scaffold import fields_yaml

from .conftest import SOURCES_YAML, SiteTree
from .test_incremental import Builder

# The files of the records, named as the examples name each other (people: [zhanbolat-mamai]).
FILES = {
    "prisoner": "content/prisoners/zhanbolat-mamai.md",
    "case": "content/cases/democratic-party-congress-2020.md",
}
OPTIONAL = [
    (kind, name)
    for kind in FILES
    for name, spec in specs_of(BY_NAME[kind].record).items()
    if not spec.required
]


def example_fields(record: type, left_out: str = "", indent: str = "") -> str:
    """Every field of a record kind at its example, but `left_out`, as YAML lines."""
    specs = {name: spec for name, spec in specs_of(record).items() if name != left_out}
    return "\n".join(
        fields_yaml(specs, {name: spec.example for name, spec in specs.items()}, indent)
    )


def record(kind: str, left_out: str = "") -> str:
    fields = example_fields(BY_NAME[kind].record, left_out)
    return f"---\n{fields}\n---\nA biography.\n"


@pytest.fixture(scope="module")
def builder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Builder]:
    """One tree, built once, in place with its caches kept (serve), for every field."""
    tree = SiteTree(tmp_path_factory.mktemp("fields"))
    # The source the examples cite, as sources.yaml's example gives it.
    source = example_fields(Source, indent="  ")
    tree.write("content/sources.yaml", f"{SOURCES_YAML}rferl-mamai-detained-2020-02:\n{source}\n")
    Image.new("RGB", (10, 10)).save(tree.root / "content/prisoners/zhanbolat-mamai.jpg")
    for kind, path in FILES.items():
        tree.write(path, record(kind))
    builder = Builder(tree, in_place=True)
    builder.build()
    yield builder


@pytest.mark.parametrize(("kind", "name"), OPTIONAL, ids=[f"{k}.{n}" for k, n in OPTIONAL])
def test_a_rebuild_without_a_field_matches_a_clean_build(
    builder: Builder, tmp_path: Path, kind: str, name: str
) -> None:
    for each, path in FILES.items():  # the field the previous test took out is back
        builder.tree.write(path, record(each, left_out=name if each == kind else ""))
    try:
        builder.build()
    except ContentError as refused:  # a field another needs (status_as_of, for status_source)
        with pytest.raises(ContentError) as clean:
            pipeline.build(builder.tree.project, tmp_path / "clean", search=False)
        assert clean.value.problems == refused.problems
    else:
        builder.assert_same_as_clean_build(tmp_path)
