"""Any sequence of edits, each built as serve builds it (in place, its caches kept), gives byte
for byte the site that a clean build of the same content gives, or the same refusal.

Hypothesis draws the edits: every field of both kinds of record, records added, removed and
renamed, drafts, site.yaml, articles.yaml, sources.yaml, the published list, a template, an
interface word, an asset and a photo.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from generator import build as pipeline
from generator.content.fields import specs_of
from generator.content.model import Case, Prisoner, Source
from generator.pages.plan import plan_site
from generator.pages.published import published_file, update_published
from generator.problems import ContentError
from generator.scaffold import fields_yaml
from generator.serve import snapshot

from .conftest import SOURCES_YAML, SiteTree, prisoner
from .test_build import CONGRESS, MAMAI, RAKHMETULLA
from .test_incremental import contents
from .test_rebuild_fields import example_fields

# Other values of fields (flow YAML on one line), besides each one's declared example: a few
# that links or checks refuse, and lists emptied.
PRISONER_VALUES: dict[str, list[str]] = {
    "name": ["Aigerim Testova", "Zhanbol Rakhmetulla"],
    "name_variants": ["[]", "[Mamay, Mamai Zh.]"],
    "status": ["imprisoned", "released", "fined"],
    "born": ["1980-05", "1969-01-02"],
    "gender": ["female"],
    "region": ["Astana"],
    "city": ["Kaskelen"],
    "occupation": ["activist"],
    "affiliations": ["[]"],
    "charges": ["[{article: cc-405, part: 2}]", "[{article: aoc-488, note: fined}]", "[]"],
    "sentence": ["15 days of arrest"],
    "detention_place": ["Colony 12"],
    "recognised": ["[{by: Memorial, date: 2020-03, source: report-2019}]", "[]"],
    "cases": ["[congress-2020]", "[]"],
    "events": [
        "[{date: 2019-11-05, type: detained, summary: Detained at a picket., sources: [report-2019]}]",
        "[{date: 2023, type: fined, summary: Fined.}, {date: 2023-10, type: released, summary: Out.}]",
        "[]",
    ],
    "sources": ["[report-2019]", "[report-2023]", "[report-2019, report-2023]"],
    "former_slugs": ["[]", "[zhanbolat-mamay]"],
    "draft": ["true", "false"],
}
CASE_VALUES: dict[str, list[str]] = {
    "title": ["Arrests before the congress"],
    "summary": ["A wave of arrests."],
    "status": ["ongoing"],
    "region": ["Astana"],
    "start": ["2019"],
    "end": ["2021"],
    "people": ["[rakhmetulla]", "[mamai, rakhmetulla]", "[]"],
    "articles": ["[cc-405]", "[aoc-488, cc-258]", "[]"],
    "events": ["[{date: 2020-02-19, type: other, summary: Cancelled.}]", "[]"],
    "sources": ["[report-2019]", "[report-2023]"],
    "former_slugs": ["[]", "[congress]"],
    "draft": ["true", "false"],
}


def field_values(record: type, others: dict[str, list[str]]) -> dict[str, list[str]]:
    """Every field the model declares for a kind of record: its declared example (as YAML, after
    `name:`), then the `others`. A field added to the model is edited here with no word more."""
    values = {}
    for name, spec in specs_of(record).items():
        lines = fields_yaml({name: spec}, {name: spec.example})
        field = "\n".join(line for line in lines if not line.startswith("#"))
        values[name] = [field.split(":", 1)[1].lstrip(" "), *others.get(name, [])]
    return values


RECORDS = {
    "prisoners/mamai.md": field_values(Prisoner, PRISONER_VALUES),
    "prisoners/rakhmetulla.md": field_values(Prisoner, PRISONER_VALUES),
    "cases/congress-2020.md": field_values(Case, CASE_VALUES),
}


def test_every_field_the_model_declares_is_edited() -> None:
    """A field added to the model is among the edits without being named here."""
    for path, values in RECORDS.items():
        record = Case if path.startswith("cases/") else Prisoner
        assert set(values) == set(specs_of(record)), path


def set_field(text: str, name: str, value: str) -> str:
    """The record with `name: value` in its front matter, in place of any earlier value."""
    front, body = text.removeprefix("---\n").split("\n---\n", 1)
    lines = front.split("\n")
    kept, skipping = [], False
    for line in lines:
        if re.match(rf"{name}:", line):
            skipping = True
            continue
        if skipping and line[:1] in (" ", "-"):
            continue
        skipping = False
        kept.append(line)
    return "---\n" + "\n".join([*kept, f"{name}: {value}"]) + "\n---\n" + body


@dataclass(frozen=True)
class Edit:
    """One change of the project's files, named for Hypothesis's report."""

    name: str
    apply: Callable[[SiteTree], None]

    def __repr__(self) -> str:
        return self.name


def edit_file(name: str, path: str, change: Callable[[str], str]) -> Edit:
    def apply(tree: SiteTree) -> None:
        file = tree.root / path
        if file.exists():
            file.write_text(change(file.read_text(encoding="utf-8")), encoding="utf-8")

    return Edit(name, apply)


def field_edits() -> st.SearchStrategy[Edit]:
    return st.one_of(
        st.sampled_from(
            [
                edit_file(
                    f"{record} {name}: {value}",
                    f"content/{record}",
                    lambda t, n=name, v=value: set_field(t, n, v),
                )
                for record, values in RECORDS.items()
                for name, choices in values.items()
                for value in choices
            ]
        ),
        st.sampled_from(
            [
                edit_file(
                    f"{record} body",
                    f"content/{record}",
                    lambda t, b=body: t.split("\n---\n")[0] + b,
                )
                for record in RECORDS
                for body in ("\n---\nA new biography.\n", "\n---\n# Background\n\nMore.\n")
            ]
        ),
    )


def add_record(tree: SiteTree) -> None:
    tree.prisoner("newcomer", prisoner("New Comer", region="Astana"))


def remove_record(tree: SiteTree) -> None:
    (tree.root / "content/prisoners/rakhmetulla.md").unlink(missing_ok=True)


def rename_record(tree: SiteTree) -> None:
    old = tree.root / "content/prisoners/mamai.md"
    if old.exists():
        old.rename(tree.root / "content/prisoners/zhanbolat-mamai.md")


def add_photo(tree: SiteTree) -> None:
    colour = "red" if not (tree.root / "content/prisoners/mamai.jpg").exists() else "blue"
    Image.new("RGB", (40, 30), colour).save(tree.root / "content/prisoners/mamai.jpg")
    edit_file("", "content/prisoners/mamai.md", lambda t: set_field(t, "photo", "mamai.jpg")).apply(
        tree
    )


def list_addresses(tree: SiteTree) -> None:
    try:
        catalog = pipeline.check(tree.project)
    except ContentError:
        return
    update_published(plan_site(catalog), published_file(tree.project.content_dir))


def forget_addresses(tree: SiteTree) -> None:
    published_file(tree.project.content_dir).unlink(missing_ok=True)


SITE_TITLE = Edit(
    "site title",
    lambda tree: _replace(tree, "content/site.yaml", "Test Prisoners", "Political Prisoners"),
)
OTHER_EDITS: list[Edit] = [
    Edit("add a record", add_record),
    Edit("remove a record", remove_record),
    Edit("rename a record", rename_record),
    Edit("add or change a photo", add_photo),
    Edit("list the addresses", list_addresses),
    Edit("forget the addresses", forget_addresses),
    SITE_TITLE,
    edit_file("site description", "content/site.yaml", lambda t: t.replace("A test site.", "Another description.")),
    edit_file("site address", "content/site.yaml", lambda t: t.replace("example.org/db/", "example.net/")),
    edit_file("article title", "content/articles.yaml", lambda t: t.replace("Financing of", "Funding of")),
    edit_file("add an article", "content/articles.yaml", lambda t: t + "cc-174:\n  code: criminal\n  number: '174'\n  title: Inciting discord\n"),
    edit_file("source title", "content/sources.yaml", lambda t: t.replace("Arrests in Astana", "Arrests in the capital")),
    edit_file("source date", "content/sources.yaml", lambda t: t.replace("date: 2023-10-18", "date: 2023-10")),
    edit_file("template", "templates/base.html", lambda t: t + "<!-- edited -->\n"),
    edit_file("interface word", "templates/strings/en.yaml", lambda t: t.replace("released: Released", "released: Set free")),
    edit_file("asset", "assets/style.css", lambda t: t + "/* edited */\n"),
]  # fmt: skip


def _replace(tree: SiteTree, path: str, old: str, new: str) -> None:
    file = tree.root / path
    file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def build(tree: SiteTree, site: Path, memory: pipeline.BuildMemory | None) -> bool:
    """Whether the content builds; serve's way (in place, caches kept) when given its memory."""
    project = tree.project
    try:
        if memory is None:
            shutil.rmtree(site, ignore_errors=True)
            pipeline.build(project, site, search=False)
        else:
            seen = snapshot([project.content_dir, project.templates_dir, project.assets_dir])
            pipeline.build(project, site, search=False, in_place=True, memory=memory, seen=seen)
    except ContentError:
        return False
    return True


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    edits=st.lists(st.one_of(field_edits(), st.sampled_from(OTHER_EDITS)), min_size=1, max_size=6)
)
@example(edits=[SITE_TITLE])  # every page kept its old title, once
@example(edits=[OTHER_EDITS[8], OTHER_EDITS[14]])  # the site's address, an interface word
def test_serve_after_any_edits_gives_what_a_clean_build_gives(
    tmp_path_factory: object, edits: list[Edit]
) -> None:
    root = tmp_path_factory.mktemp("tree")  # type: ignore[attr-defined]
    tree = SiteTree(root)
    tree.prisoner("mamai", MAMAI)
    tree.prisoner("rakhmetulla", RAKHMETULLA)
    tree.case("congress-2020", CONGRESS)
    # What the declared examples name: their source, and the photo.
    source = example_fields(Source, indent="  ")
    tree.write("content/sources.yaml", f"{SOURCES_YAML}rferl-mamai-detained-2020-02:\n{source}\n")
    Image.new("RGB", (10, 10)).save(root / "content/prisoners/zhanbolat-mamai.jpg")
    memory = pipeline.BuildMemory()
    served, clean = root / "site", root / "clean"
    assert build(tree, served, memory)
    for edit in edits:
        edit.apply(tree)
        builds = build(tree, served, memory)
        assert builds == build(tree, clean, None), edit
        if builds:
            assert contents(served) == contents(clean), edit
