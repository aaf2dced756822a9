"""Each kind of content is declared once (generator/content/kinds.py), and every part of the
generator that names kinds takes them from there: what one kind gets, each gets."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import subprocess
import sys
import typing
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from generator.content.fields import declared, partial_date, specs_of, text
from generator.content.json_schema import file_schema
from generator.content.kinds import FOLDERS, KINDS, Kind
from generator.content.model import Charge, PartialDate, Prisoner, SiteSettings, TextPage
from generator.pages import data
from generator.pages.plan import Page
from generator.pages.published import read_published

from .conftest import REPO, SiteTree


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_kind_has_its_schema_for_editors(kind: Kind) -> None:
    """Editors check each file a volunteer writes against schema/<name>.json."""
    committed = json.loads((REPO / f"schema/{kind.name}.json").read_text(encoding="utf-8"))
    assert committed == file_schema(kind.name)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_kind_has_its_section_in_the_readme_content_model(kind: Kind) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    model = readme[readme.index("## The content model") : readme.index("## Languages")]
    file = f"{kind.key}/<slug>.md" if kind.folder else f"{kind.key}.yaml"
    assert any(line.startswith("### ") and f"`{file}`" in line for line in model.splitlines())


@pytest.mark.parametrize("kind", FOLDERS, ids=lambda kind: kind.key)
def test_a_renamed_record_of_every_kind_is_told_to_keep_its_old_name(
    tree: SiteTree, kind: Kind
) -> None:
    """Prisoners, cases and text pages all redirect from their former_slugs: a renamed one's
    published address says so, not only a prisoner's or a case's."""
    front = {"prisoners": "name: Old Name\nstatus: imprisoned", "cases": "title: Old Name"}
    fields = front.get(kind.key, "title: Old Name")
    sources = "" if kind.key == "pages" else "\nsources: [report-2019]"
    tree.write(f"content/{kind.key}/old-name.md", f"---\n{fields}{sources}\n---\nText.\n")
    assert tree.run("urls").exit_code == 0
    (tree.root / f"content/{kind.key}/old-name.md").rename(
        tree.root / f"content/{kind.key}/new-name.md"
    )
    result = tree.run("validate")
    address = f"/{kind.key}/old-name/"
    line = read_published(tree.root / "content/published-urls.txt")[address]
    assert (
        f"content/published-urls.txt:{line}: {address} was published but would no longer exist."
        " If the record was renamed, add 'old-name' to former_slugs in its file"
    ) in result.stderr


@pytest.mark.parametrize("kind", FOLDERS, ids=lambda kind: kind.key)
def test_a_translation_without_its_original_names_the_file_it_translates(
    tree: SiteTree, kind: Kind
) -> None:
    tree.write(f"content/{kind.key}/ghost.ru.md", "---\noriginal: 0123456789\n---\nТекст.\n")
    result = tree.run("validate")
    assert result.exit_code == 1
    assert (
        f"content/{kind.key}/ghost.ru.md:1: translates content/{kind.key}/ghost.md, which does not"
        " exist"
    ) in result.stderr


# A field added to the model, as a maintainer adds one: its column is named in data.TABLES,
# and its values follow from the declaration, with no row function to keep in step.
@dataclass(frozen=True)
class _Charge(Charge):
    court: str = declared(text, default="")


@dataclass(frozen=True)
class _Prisoner(Prisoner):
    nickname: str = declared(text, default="")
    released_on: PartialDate | None = declared(partial_date, default=None)


def test_a_new_field_named_as_a_column_gets_its_values_in_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for table, column in (("people", "nickname"), ("people", "released_on"), ("charges", "court")):
        monkeypatch.setitem(data.TABLES, table, (*data.TABLES[table], column))
    person = _Prisoner(
        slug="mamai", name="Zhanbolat Mamai", nickname="Zhake", sources=("report-2019",),
        released_on=PartialDate(2023, 4, 0), charges=(_Charge("cc-405", court="Almaty"),),
    )  # fmt: skip
    context = {"prisoners": (person,), "cases_of": {"mamai": ()}, "photos": {}}
    site = SimpleNamespace(base_url="https://example.org/")

    def rows(table: str) -> list[dict[str, str]]:
        page = Page(f"data/{table}.csv", "", {"table": table, **context})
        made = b"".join(data.csv_table(page, site)).decode("utf-8-sig")  # type: ignore[arg-type]
        return list(csv.DictReader(io.StringIO(made)))

    (row,) = rows("people")
    assert (row["name"], row["nickname"], row["released_on"]) == (
        "Zhanbolat Mamai",
        "Zhake",
        "2023-04",
    )
    assert row["checked"] == ""  # the last column before them, still in its place
    (charge,) = rows("charges")
    assert (charge["article"], charge["court"]) == ("cc-405", "Almaty")


# A maintainer adds a kind of record: its model class, and one entry in kinds.KINDS, nothing
# else. Run in a process of its own, with kinds.py as the maintainer would have edited it.
ADD_A_KIND = """
import dataclasses, importlib.util, pathlib, sys
from generator.content.fields import declared, list_of, ref
from generator.content.model import TextPage

@dataclasses.dataclass(frozen=True)
class Note(TextPage):
    see_also: tuple[str, ...] = declared(list_of(ref("notes")), default=())

spec = importlib.util.find_spec("generator.content.kinds")
source = pathlib.Path(spec.origin).read_text(encoding="utf-8").replace(
    "KINDS = (\\n",
    "KINDS = (\\n"
    "    Kind('note', 'notes', Note, 'The front matter of content/notes/<slug>.md', folder=True),\\n",
)
kinds = importlib.util.module_from_spec(spec)
kinds.Note = Note
sys.modules[spec.name] = kinds
exec(compile(source, spec.origin, "exec"), kinds.__dict__)
assert "notes" in kinds.BY_KEY
from generator.cli import main
main(["validate"])
"""


def test_a_kind_declared_by_one_entry_is_read_checked_and_referred_to(tree: SiteTree) -> None:
    tree.write("content/notes/first.md", "---\ntitle: First\nsee_also: [second]\n---\nText.\n")
    tree.write("content/notes/second.md", "---\ntitle: Second\nsee_also: [frist]\n---\nText.\n")
    tree.write("content/notes/third.md", "---\ntitle: Third\nsee_also: second\n---\nText.\n")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-c", ADD_A_KIND],
        cwd=tree.root, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[:2] == [
        "content/notes/second.md:3: see_also[1]: unknown note 'frist' (did you mean 'first'?);"
        " it must be defined in content/notes/",
        "content/notes/third.md:3: see_also: expected a list, found 'second' (write [a, b] or"
        " '- a' lines)",
    ]
    assert "first.md" not in result.stderr


# Declared fields of the tables' rows (data.ROWS_OF) that are no column of their table, and why.
# A field missing here and from data.TABLES fails the test below: decide, do not forget.
NOT_COLUMNS = {
    "draft",  # drafts are never published
    "silenced",  # warnings a record silences: for the validator
    "photo",  # published as its address, photo_url
    "charges",  # a table of its own, charges
    "recognised",  # a table of its own, recognitions (people.recognised_by: who)
    "events",  # a table of its own, events
    # Not columns yet: a new column goes at the end of its table (the published order holds).
    "names",  # the name in other scripts (record.json and database.json have it)
    "status_as_of_inferred",  # which part of status_as_of is inferred (as the JSON has it)
}


def _nested(hint: object) -> type | None:
    """The record a field holds (Letters | None, tuple[Recognition, ...]), if it holds one."""
    for inner in typing.get_args(hint) or (hint,):
        if isinstance(inner, type) and dataclasses.is_dataclass(inner) and specs_of(inner):
            return inner
    return None


@pytest.mark.parametrize("table", data.TABLES)
def test_every_field_of_a_table_is_a_column_or_said_not_to_be_one(table: str) -> None:
    """A field added to the model is published in the tables, or left out on purpose."""
    record = data.ROWS_OF[table]
    hints = typing.get_type_hints(record)
    expected = []
    for name in specs_of(record):
        nested = _nested(hints[name])
        if name in NOT_COLUMNS:
            continue
        expected += [f"{name}_{inner}" for inner in specs_of(nested)] if nested else [name]
    assert [column for column in expected if column not in data.TABLES[table]] == []


def test_every_kind_is_in_the_tables_but_the_site_and_its_pages() -> None:
    """A new kind of record is published in the data, or deliberately not."""
    published = set(data.ROWS_OF.values())
    assert {kind.record for kind in KINDS} - published == {TextPage, SiteSettings}
