"""Page types: each planned page names the renderer that makes its file (plan.Renderer), never a
magic template name; SHA256SUMS is made after the files it sums are written, from those files,
and lists exactly the data files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

from generator import build as pipeline
from generator.files import Content
from generator.pages import render
from generator.pages.plan import Renderer, plan_site
from tests.conftest import SiteTree, prisoner

PNG = b"\x89PNG\r\n\x1a\n"
BOM = b"\xef\xbb\xbf"


CASE = """\
---
title: The trial
people: [ayan]
articles: [cc-405]
events: [{date: 2020-03-01, type: trial, summary: The trial opened.}]
sources: [report-2019]
---
"""


def _content(tree: SiteTree) -> None:
    detained = "[{date: 2020-02-21, type: detained, summary: Detained.}]"
    fields = {"events": detained, "charges": "[{article: cc-405}]", "former_slugs": "[ayan-old]"}
    tree.prisoner("ayan", prisoner("Ayan Test", **fields))
    tree.prisoner("bota", prisoner("Bota Test", status="released"))
    tree.case("trial", CASE)


def _bytes(content: Content) -> bytes:
    return content if isinstance(content, bytes) else b"".join(content)


def _is_csv(made: bytes) -> bool:
    """A table a spreadsheet opens: UTF-8 with its mark, every row as long as the header."""
    rows = list(csv.reader(io.StringIO(made.decode("utf-8-sig"), newline="")))
    return made.startswith(BOM) and len({len(row) for row in rows}) == 1 < len(rows[0])


def _is_json(made: bytes) -> bool:
    json.loads(made)
    return True


# What a reader gets from each renderer: a web page (or robots.txt, a sitemap), a picture, a
# feed, a spreadsheet, JSON.
FILE_KINDS = {
    Renderer.TEMPLATE: lambda made: bool(made.decode("utf-8").strip()),
    Renderer.SHARE_CARD: lambda made: made.startswith(PNG),
    Renderer.ATOM_FEED: lambda made: made.startswith(b"<?xml") and b"<feed " in made,
    Renderer.CSV_TABLE: _is_csv,
    Renderer.DATABASE_JSON: _is_json,
    Renderer.RECORD_JSON: _is_json,
    Renderer.SCHEMA_JSON: _is_json,
}


def test_every_planned_page_is_made_by_the_renderer_it_names(tree: SiteTree) -> None:
    """Any page renders on its own, whatever its type: the file its renderer makes is of the
    kind a reader expects at its address, and a page names a template only where one is read
    (a file in templates/, never a name standing for code)."""
    _content(tree)
    catalog = pipeline.check(tree.project)
    site_plan = plan_site(catalog)
    env = render.make_environment(
        tree.project.templates_dir,
        {catalog.language: catalog.site},
        site_plan.footers,
        assets=tree.project.assets_dir,
        places=catalog.places,
    )
    used = set()
    for page in site_plan.pages:
        assert page.template == "" or (tree.project.templates_dir / page.template).is_file()
        made = _bytes(render.render_page(env, page))
        assert FILE_KINDS[page.renderer](made), (page.path, made[:80])
        used.add(page.renderer)
    assert used == set(Renderer) == set(render.RENDERERS)  # every type planned and renderable
    # The checksums are no page: they are summed from the files once written.
    assert "data/SHA256SUMS" not in {page.path for page in site_plan.pages}
    assert [sums.path for sums in site_plan.checksums] == ["data/SHA256SUMS"]


def _sums(site: Path) -> dict[str, str]:
    """SHA256SUMS as a reader checks it: file name (from data/) -> SHA-256, each one true."""
    listed = {}
    for line in (site / "data/SHA256SUMS").read_text(encoding="ascii").splitlines():
        found = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line)
        assert found, line
        digest, name = found.groups()
        assert hashlib.sha256((site / "data" / name).read_bytes()).hexdigest() == digest, name
        listed[name] = digest
    return listed


def _data_files(site: Path) -> set[str]:
    """Every file written in data/ but its page (index.html) and SHA256SUMS itself."""
    files = {p.relative_to(site / "data").as_posix() for p in (site / "data").rglob("*")}
    return {name for name in files if (site / "data" / name).is_file()} - {
        "index.html",
        "SHA256SUMS",
    }


def test_sha256sums_lists_every_data_file_written_and_follows_each_rebuild(
    tree: SiteTree,
) -> None:
    """serve's rebuilds (in place, remembering what it summed) and a build into the same
    folder after an edit: every time, SHA256SUMS lists exactly the data files there, each with
    its true checksum, and `sha256sum -c` agrees; the data page links it."""
    _content(tree)
    site, memory = tree.root / "site", pipeline.BuildMemory()
    pipeline.build(tree.project, site, search=False, in_place=True, memory=memory)
    before = _sums(site)
    assert set(before) == _data_files(site) and len(before) > 10
    assert 'href="SHA256SUMS"' in (site / "data/index.html").read_text(encoding="utf-8")

    tree.prisoner("bota", prisoner("Bota Renamed", status="released"))
    pipeline.build(tree.project, site, search=False, in_place=True, memory=memory)
    after = _sums(site)
    assert set(after) == _data_files(site) == set(before)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"people.csv", "database.json"}

    # Nothing changed: SHA256SUMS is kept as it was; then a staged build after an edit.
    kept = pipeline.build(tree.project, site, search=False, in_place=True, memory=memory)
    assert kept.written == 0 and _sums(site) == after
    tree.prisoner("ayan", prisoner("Ayan Test", occupation="Poet"))
    pipeline.build(tree.project, site, search=False)
    assert _sums(site)["people.csv"] != after["people.csv"]
    if shutil.which("sha256sum"):
        checked = subprocess.run(
            ["sha256sum", "--check", "--strict", "SHA256SUMS"],
            cwd=site / "data",
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout + checked.stderr
