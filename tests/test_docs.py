"""The README's examples are what volunteers copy: they must validate."""

from __future__ import annotations

import re

from PIL import Image

from generator.build import check

from .conftest import REPO, SiteTree


def readme_block(heading: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)


def test_readme_prisoner_example_validates(tree: SiteTree) -> None:
    tree.write(
        "content/sources.yaml",
        readme_block("### `sources.yaml`").replace("https://...", "https://example.org/"),
    )
    tree.case(
        "democratic-party-congress-2020",
        "---\ntitle: C\nsources: [rferl-mamai-detained-2020-02]\n---\n",
    )
    Image.new("RGB", (10, 10)).save(tree.root / "content/prisoners/zhanbolat-mamai.jpg")
    tree.prisoner("zhanbolat-mamai", readme_block("### A prisoner"))
    person = check(tree.project).prisoners["zhanbolat-mamai"]
    assert person.charges[0].part == "2"
    assert person.former_slugs == ("old-name",)


def test_readme_documents_every_status_and_event_type() -> None:
    from generator.content.model import EVENT_TYPES, PRISONER_STATUSES

    text = (REPO / "README.md").read_text(encoding="utf-8")
    for value in (*PRISONER_STATUSES, *EVENT_TYPES):
        assert value in text, value


def test_every_status_and_event_type_has_a_label() -> None:
    import yaml

    from generator.content.model import CASE_STATUSES, EVENT_TYPES, PRISONER_STATUSES

    strings = yaml.safe_load((REPO / "templates/strings/en.yaml").read_text(encoding="utf-8"))
    assert set(strings["status"]) == set(PRISONER_STATUSES)
    assert set(strings["event"]) == set(EVENT_TYPES)
    assert set(strings["case_status"]) == set(CASE_STATUSES)
