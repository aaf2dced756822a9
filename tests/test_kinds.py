"""Each kind of content is declared once (generator/content/kinds.py), and every part of the
generator that names kinds takes them from there: what one kind gets, each gets."""

from __future__ import annotations

import json

import pytest

from generator.content.json_schema import file_schema
from generator.content.kinds import FOLDERS, KINDS, Kind
from generator.pages.published import read_published

from .conftest import REPO, SiteTree


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_every_kind_has_its_schema_for_editors(kind: Kind) -> None:
    """Editors check each file a volunteer writes against schema/<name>.json."""
    committed = json.loads((REPO / f"schema/{kind.name}.json").read_text(encoding="utf-8"))
    assert committed == file_schema(kind.name)


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
