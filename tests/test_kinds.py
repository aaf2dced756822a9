"""Each kind of content is declared once (generator/content/kinds.py), and every part of the
generator that names kinds takes them from there: what one kind gets, each gets."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from generator.content.fields import declared, partial_date, text
from generator.content.json_schema import file_schema
from generator.content.kinds import FOLDERS, KINDS, Kind
from generator.content.model import Charge, PartialDate, Prisoner
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
