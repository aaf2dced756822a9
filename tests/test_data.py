"""Open data: the tables as CSV, the database and each record as JSON, their schemas and
checksums, from every build; drafts never in them, the same bytes for the same content."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from PIL import Image

from generator import build as pipeline
from generator.content.frontmatter import parse_yaml, plain
from generator.content.json_schema import REPOSITORY_FOLDER, all_schemas, file_schemas
from generator.pages import data, urls
from generator.pages.plan import plan_site
from generator.problems import ContentError

from .conftest import REPO, SiteTree, prisoner

BASE = "https://example.org/db/"
# A comma, a quote, a line break, a leading '=' and Cyrillic, in one value.
TRICKY = '=HYPERLINK("https://evil.example"), Жанболат "Мамай"\nsecond line'
TRICKY_YAML = json.dumps(TRICKY, ensure_ascii=False)  # a double-quoted YAML string
CASE = """\
---
title: Congress detentions
people: [mamai]
articles: [cc-405]
events: [{date: 2020-03-01, type: trial, summary: "-1 day: the trial opened."}]
sources: [report-2019]
---
The case.
"""


def content(tree: SiteTree) -> None:
    tree.prisoner(
        "mamai",
        prisoner(
            "Zhanbolat Mamai",
            name_variants="[Жанболат Мамай]",
            born="1977",
            occupation=TRICKY_YAML,
            charges="[{article: cc-405, part: 2}, {article: cc-258}]",
            events=(
                "[{date: 2020-02-21, type: detained, summary: Detained., sources: [report-2019]},"
                " {date: 2020-06, type: sentenced, summary: '+3 years'}]"
            ),
            letters='{address: "Centre No. 1\\nAstana", checked: 2020-02, languages: [ru, kk]}',
            photo="mamai.jpg",
            former_slugs="[mamay]",
        ),
    )
    Image.new("RGB", (10, 10)).save(tree.root / "content/prisoners/mamai.jpg")
    tree.prisoner("other", prisoner("Other Person", status="released", region="'@Almaty'"))
    tree.prisoner("hidden", prisoner("Secret Draftee", draft="true", cases="[congress]"))
    tree.case("congress", CASE)


@pytest.fixture
def site(tree: SiteTree) -> Path:
    content(tree)
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    return tree.root / "site"


def table(site: Path, name: str) -> list[dict[str, str]]:
    raw = (site / "data" / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == data.TABLES[name]
    return list(reader)


def data_files(site: Path) -> dict[str, bytes]:
    files = [f for f in (site / "data").rglob("*") if f.is_file()]
    files += [*site.glob("prisoners/*/record.json"), *site.glob("cases/*/record.json")]
    return {f.relative_to(site).as_posix(): f.read_bytes() for f in sorted(files)}


def test_every_table_parses_and_round_trips_through_the_json(site: Path) -> None:
    tables = {name: table(site, name) for name in data.TABLES}
    database = json.loads((site / "data/database.json").read_text(encoding="utf-8"))
    people = {p["id"]: p for p in database["prisoners"]}
    assert [row["id"] for row in tables["people"]] == list(people) == ["other", "mamai"]
    assert [row["id"] for row in tables["cases"]] == [c["id"] for c in database["cases"]]
    assert [row["id"] for row in tables["sources"]] == list(database["sources"])
    assert [row["id"] for row in tables["articles"]] == list(database["articles"])
    charges = [
        (p["id"], c["article"]) for p in people.values() for c in p["fields"].get("charges", [])
    ]
    assert [(row["person"], row["article"]) for row in tables["charges"]] == charges
    events = [
        (r["kind"], r["id"], e["date"], e["type"])
        for kind in ("prisoners", "cases")
        for r in database[kind]
        for e in r["fields"].get("events", [])
    ]
    assert [
        (r["record_kind"], r["record"], r["date"], r["type"]) for r in tables["events"]
    ] == events
    for row in tables["people"]:
        fields = people[row["id"]]["fields"]
        assert row["name"] == fields["name"] and row["status"] == fields["status"]
        assert row["sources"].split(data.LIST_SEPARATOR) == fields["sources"]
    mamai = tables["people"][1]
    assert mamai["born"] == "1977" and mamai["cases"] == "congress"  # linked from the case
    assert (
        mamai["letters_address"] == "Centre No. 1\nAstana" and mamai["letters_checked"] == "2020-02"
    )
    assert people["mamai"]["fields"]["cases"] == ["congress"]
    dates = [row["date"] for row in tables["events"]]
    assert dates == ["2020-02-21", "2020-06", "2020-03-01"]  # partial dates as written


def test_a_database_without_cases_is_valid_json_with_every_person(tree: SiteTree) -> None:
    for slug in ("one", "two", "three"):
        tree.prisoner(slug, prisoner(f"Person {slug.title()}"))
    assert tree.run("build", "--no-search").exit_code == 0
    database = json.loads((tree.root / "site/data/database.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in database["prisoners"]] == ["one", "three", "two"]
    assert database["cases"] == []
    check_sums(tree.root / "site")


def test_the_database_and_the_tables_are_made_a_record_at_a_time(tree: SiteTree) -> None:
    """database.json is 165 MB at 50,000 records: it is written as it is made, never held
    whole in memory, and so are the tables."""
    for number in range(30):
        tree.prisoner(f"person-{number}", prisoner(f"Person {number}"))
    catalog = pipeline.check(tree.project)
    pages = {page.path: page for page in plan_site(catalog).pages}
    for path, renderer in (
        ("data/database.json", data.database_json),
        ("data/people.csv", data.csv_table),
    ):
        pieces = list(renderer(pages[path], catalog.site))
        assert max(len(piece) for piece in pieces) < len(b"".join(pieces)) / 10, path


def test_a_value_with_a_comma_quote_newline_formula_and_cyrillic_survives(site: Path) -> None:
    people = {row["id"]: row for row in table(site, "people")}
    cell = people["mamai"]["occupation"]
    assert cell == "'" + TRICKY  # a spreadsheet shows it as text, and runs nothing
    assert people["other"]["region"] == "'@Almaty"
    events = table(site, "events")
    assert (
        events[1]["summary"] == "'+3 years" and events[2]["summary"] == "'-1 day: the trial opened."
    )
    assert people["mamai"]["name_variants"] == "Жанболат Мамай"
    record = json.loads((site / "prisoners/mamai/record.json").read_text(encoding="utf-8"))
    assert record["fields"]["occupation"] == TRICKY  # JSON gives the text as written


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_would_be_formulas_are_escaped(value: str) -> None:
    line = data.csv_lines([[value, "1977", "", "a=b"]]).decode("utf-8")
    assert next(csv.reader(io.StringIO(line, newline=""))) == ["'" + value, "1977", "", "a=b"]


def test_every_url_in_the_tables_names_a_file_of_the_build(site: Path) -> None:
    found = 0
    for name in data.TABLES:
        for row in table(site, name):
            for column in ("page_url", "photo_url"):
                if row.get(column):
                    assert row[column].startswith(BASE), row[column]
                    path = urls.output_file(row[column].removeprefix(BASE))
                    assert (site / path).is_file(), row[column]
                    found += 1
    assert found > 10
    assert table(site, "people")[1]["photo_url"] == f"{BASE}prisoners/mamai/photo.jpg"


def test_every_record_validates_against_the_published_schemas(site: Path) -> None:
    record_schema = json.loads((site / "data/schema/record.json").read_text())
    database_schema = json.loads((site / "data/schema/database.json").read_text())
    records = [*site.glob("prisoners/*/record.json"), *site.glob("cases/*/record.json")]
    assert {r.parent.name for r in records} == {"mamai", "other", "congress"}
    for file in records:
        jsonschema.validate(json.loads(file.read_text(encoding="utf-8")), record_schema)
    database = json.loads((site / "data/database.json").read_text(encoding="utf-8"))
    jsonschema.validate(database, database_schema)
    articles = json.loads((site / "data/schema/articles.json").read_text())
    jsonschema.validate(database["articles"], articles)
    for file in (site / "data/schema").iterdir():
        jsonschema.Draft7Validator.check_schema(json.loads(file.read_text()))


def test_drafts_never_appear(site: Path) -> None:
    assert not (site / "prisoners/hidden").exists()
    for path, content_bytes in data_files(site).items():
        text = content_bytes.decode("utf-8-sig")
        assert "hidden" not in text and "Secret Draftee" not in text, path


def test_two_builds_give_identical_data_files(tree: SiteTree) -> None:
    content(tree)
    for out in ("one", "two"):
        assert tree.run("build", "--no-search", "--out", out).exit_code == 0
    one, two = data_files(tree.root / "one"), data_files(tree.root / "two")
    assert one == two and len(one) > 15
    # Built again into the same folder, after an edit: the checksums still hold.
    tree.prisoner("other", prisoner("Other Person", status="fined"))
    assert tree.run("build", "--no-search", "--out", "one").exit_code == 0
    again = data_files(tree.root / "one")
    assert again["data/people.csv"] != one["data/people.csv"]
    assert again["data/schema/prisoner.json"] == one["data/schema/prisoner.json"]
    check_sums(tree.root / "one")


def check_sums(site: Path) -> None:
    lines = (site / "data/SHA256SUMS").read_text(encoding="ascii").splitlines()
    names = []
    for line in lines:
        digest, name = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line).groups()
        assert hashlib.sha256((site / "data" / name).read_bytes()).hexdigest() == digest, name
        names.append(name)
    expected = {f"{table}.csv" for table in data.TABLES} | {"database.json"}
    expected |= {f"schema/{name}" for name in all_schemas()}
    assert set(names) == expected


def test_the_checksums_hold(site: Path) -> None:
    check_sums(site)


def test_data_files_go_through_the_pipeline_and_stay_out_of_the_sitemap(tree: SiteTree) -> None:
    content(tree)
    site_plan = plan_site(pipeline.check(tree.project))
    pages = {page.path: page for page in site_plan.pages}
    assert pages["prisoners/mamai/record.json"].permanent is False
    assert pages["data/people.csv"].permanent and pages["data/"].permanent
    assert "prisoners/mamay/record.json" not in pages  # a former slug has only its redirect
    assert tree.run("build", "--no-search").exit_code == 0
    site = tree.root / "site"
    fingerprints = json.loads((site / ".ppdb-fingerprints.json").read_text())
    assert set(data_files(site)) <= set(fingerprints)
    sitemap = (site / "sitemaps/1.xml").read_text()
    assert f"<loc>{BASE}data/</loc>" in sitemap
    assert ".csv" not in sitemap and ".json" not in sitemap and "SHA256SUMS" not in sitemap


def test_the_data_page_describes_every_column_and_states_the_licence(tree: SiteTree) -> None:
    content(tree)
    tree.write(
        "content/site.yaml",
        (REPO / "tests/conftest.py").read_text().split('SITE_YAML = """\\\n')[1].split('"""')[0]
        + "data_licence: CC BY 4.0\ndata_licence_url: https://creativecommons.org/licenses/by/4.0/\n",
    )
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("data/index.html")
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in html
    )
    for name, columns in data.TABLES.items():
        assert f'href="{name}.csv"' in html
        for column in columns:
            assert f'<code translate="no">{column}</code>' in html, (name, column)
    for (_, column), values in data.COLUMN_VALUES.items():  # from the model, never retyped
        assert all(f'<code translate="no">{value}</code>' in html for value in values), column
    assert (
        '<code translate="no">pretrial_detention</code>, <code translate="no">house_arrest' in html
    )
    assert "byte order mark" in html and "apostrophe" in html
    assert 'href="../data/"' in tree.html("prisoners/index.html")  # the footer links it
    strings = yaml.safe_load((REPO / "templates/strings/en.yaml").read_text(encoding="utf-8"))
    for name, columns in data.TABLES.items():
        assert set(strings["data"]["columns"][name]) == set(columns), name


def test_the_offline_copy_has_the_data_and_its_links_work(tree: SiteTree) -> None:
    content(tree)
    out = tree.root / "offline"
    pipeline.build(tree.project, out, offline=True)
    html = (out / "data/index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"#:]+)"', html)
    assert "people.csv" in links and "schema/record.json" in links
    for link in links:
        target = (out / "data" / link).resolve()
        assert target.is_file(), link
    assert (out / "prisoners/mamai/record.json").is_file()


def test_each_language_has_the_data_page_and_the_data_is_the_originals_at_the_root(
    tree: SiteTree,
) -> None:
    content(tree)
    site_yaml = tree.root / "content/site.yaml"
    tree.write("content/site.yaml", site_yaml.read_text() + "languages: [en, ru]\n")
    assert tree.run("build", "--no-search").exit_code == 0
    site = tree.root / "site"
    html = tree.html("ru/data/index.html")
    assert "Открытые данные" in html
    assert 'href="../../data/people.csv"' in html  # the one table, at the root
    assert not (site / "ru/data/people.csv").exists()
    assert not (site / "ru/prisoners/mamai/record.json").exists()
    for page, record in [
        ("prisoners/mamai/index.html", "record.json"),
        ("ru/prisoners/mamai/index.html", "../../../prisoners/mamai/record.json"),
        ("cases/congress/index.html", "record.json"),
    ]:
        profile = tree.html(page)
        assert f'<link rel="alternate" type="application/json" href="{record}"' in profile, page
        assert f'<a href="{record}" type="application/json">' in profile, page
        assert (site / page).parent.joinpath(record).resolve().is_file(), page


# --- the schema rejects what validate rejects ------------------------------------------------


def front_matter(text: str) -> Any:
    """Front matter as an editor's YAML 1.2 reads it: dates stay text."""
    root, problems = parse_yaml("x.md", text)
    assert not problems

    def as_read(value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: as_read(item) for key, item in value.items()}
        if isinstance(value, list):
            return list(map(as_read, value))
        return value

    return as_read(plain(root))


def repository_schema(name: str) -> dict[str, Any]:
    return json.loads((REPO / REPOSITORY_FOLDER / f"{name}.json").read_text(encoding="utf-8"))


BAD_PRISONERS = {
    "status not allowed": {"status": "jailed"},
    "gender not allowed": {"gender": "other"},
    "month 13": {"born": "2019-13"},
    "day 32": {"born": "2019-11-32"},
    "month 00": {"born": "2019-00"},
    "day 00": {"born": "2019-05-00"},
    "a name in no language's form": {"names": "{Russian: Жанболат}"},
    "not a date": {"born": "'19-11'"},
    "year out of range": {"born": "1700"},
    "text, not a list": {"name_variants": "Jan"},
    "a list, not text": {"occupation": "[a, b]"},
    "not true or false": {"draft": "maybe"},
    "an id with capitals": {"former_slugs": "[Old-Slug]"},
    "an id with a space": {"cases": "['bad case']"},
    "a number for a source": {"status_source": "5"},
    "a part in words": {"charges": "[{article: cc-405, part: two}]"},
    "an unknown field of a charge": {"charges": "[{article: cc-405, paragraph: 2}]"},
    "an event type not allowed": {"events": "[{date: 2020, type: arrested, summary: x}]"},
    "an event without a type": {"events": "[{date: 2020, summary: x}]"},
    "an unknown field": {"ocupation": "journalist"},
    "no name": {"name": None},
    "letters without a date": {"letters": "{address: Astana}"},
    "a source listed twice": {"sources": "[report-2019, report-2019]"},
}


@pytest.mark.parametrize("fields", BAD_PRISONERS.values(), ids=BAD_PRISONERS)
def test_the_schema_rejects_what_validate_rejects(tree: SiteTree, fields: dict[str, Any]) -> None:
    fields = dict(fields)
    text = prisoner(fields.pop("name", "Test Person"), **fields)
    tree.prisoner("x", text)
    with pytest.raises(ContentError):
        pipeline.check(tree.project)
    front = front_matter(text.split("---\n")[1])
    errors = list(jsonschema.Draft7Validator(repository_schema("prisoner")).iter_errors(front))
    assert errors, front


def test_the_schema_accepts_what_validate_accepts(tree: SiteTree) -> None:
    content(tree)
    pipeline.check(tree.project)
    for slug in ("mamai", "other", "hidden"):
        text = (tree.root / f"content/prisoners/{slug}.md").read_text(encoding="utf-8")
        jsonschema.validate(front_matter(text.split("---\n")[1]), repository_schema("prisoner"))
    jsonschema.validate(front_matter(CASE.split("---\n")[1]), repository_schema("case"))
    for name in ("site", "articles", "sources"):
        file = (tree.root / f"content/{name}.yaml").read_text(encoding="utf-8")
        jsonschema.validate(front_matter(file), repository_schema(name))


BAD_TABLES = {
    "an article code not allowed": (
        "articles",
        "cc-1:\n  code: civil\n  number: '1'\n  title: T\n",
    ),
    "an article id with a space": (
        "articles",
        "cc 1:\n  code: criminal\n  number: '1'\n  title: T\n",
    ),
    "an article without a title": ("articles", "cc-1:\n  code: criminal\n  number: '1'\n"),
    "a source with a bad date": ("sources", "s-1:\n  title: T\n  date: 2019/11\n"),
    "a source with a bad address": ("sources", "s-1:\n  title: T\n  date: 2019\n  url: ftp://x\n"),
}


@pytest.mark.parametrize(("name", "text"), BAD_TABLES.values(), ids=BAD_TABLES)
def test_the_table_schemas_reject_what_validate_rejects(
    tree: SiteTree, name: str, text: str
) -> None:
    tree.write(f"content/{name}.yaml", text)
    with pytest.raises(ContentError):
        pipeline.check(tree.project)
    errors = list(
        jsonschema.Draft7Validator(repository_schema(name)).iter_errors(front_matter(text))
    )
    assert errors


def test_the_repository_schemas_are_the_generated_ones() -> None:
    """schema/ is what `python -m generator schema` writes: run it after changing the model."""
    folder = REPO / REPOSITORY_FOLDER
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == file_schemas()
    published = all_schemas()
    assert all(published[name] == content_bytes for name, content_bytes in file_schemas().items())


def test_new_skeletons_name_their_schema(tree: SiteTree) -> None:
    for kind, folder in (("prisoner", "prisoners"), ("case", "cases")):
        assert tree.run("new", kind, "Some Name").exit_code == 0
        text = (tree.root / f"content/{folder}/some-name.md").read_text(encoding="utf-8")
        first = text.splitlines()[1]
        assert first == f"# yaml-language-server: $schema=../../schema/{kind}.json"
        # From content/<folder>/ in the repository, the path names the checked-in schema.
        assert (REPO / "content" / folder / first.split("=", 1)[1]).resolve().is_file()
    for name in ("site", "articles", "sources"):
        first = (REPO / f"content/{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schema/{name}.json"


def test_the_schema_command_writes_the_repository_schemas(tree: SiteTree) -> None:
    result = tree.run("schema", "--out", "schemas")
    assert result.exit_code == 0, result.output
    written = {f.name: f.read_bytes() for f in (tree.root / "schemas").iterdir()}
    assert written == file_schemas() and len(written) == 6


def test_the_schema_command_writes_through_no_link_a_pull_request_committed(
    tree: SiteTree, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "prisoner.json").write_text("theirs")
    folder = tree.root / "schemas"
    folder.mkdir()
    (folder / "prisoner.json").symlink_to(outside / "prisoner.json")
    assert tree.run("schema", "--out", "schemas").exit_code == 0
    assert (outside / "prisoner.json").read_text() == "theirs"  # the link replaced, not followed
    assert not (folder / "prisoner.json").is_symlink()
    linked = tree.root / "linked"
    linked.symlink_to(outside, target_is_directory=True)
    result = tree.run("schema", "--out", "linked")
    assert result.exit_code != 0 and "symbolic link" in result.output
    assert sorted(p.name for p in outside.iterdir()) == ["prisoner.json"]
