"""The whole site as files to read offline: the deploy workflow makes the zip and the ZIM, the
site publishes them with their SHA256SUMS, and its downloads page says what each is for, its
size, its date and its checksum, in every language."""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import zipfile
from typing import Any

import pytest
import yaml

from tests.browser.conftest import served
from tests.conftest import REPO, SITE_YAML, SiteTree, prisoner

THREE_LANGUAGES = SITE_YAML + "languages: [en, ru, kk]\n"
DEPLOY = REPO / ".github/workflows/deploy.yml"
PAGES = {"en": "downloads/index.html", "ru": "ru/downloads/index.html", "kk": "kk/downloads/index.html"}  # fmt: skip


def _site(tree: SiteTree) -> None:
    tree.write("content/site.yaml", THREE_LANGUAGES)
    tree.prisoner("zhanbolat-mamai", prisoner("Zhanbolat Mamai", name_variants="[Жанболат Мамай]"))


def _links(page: str) -> list[str]:
    return [html.unescape(href) for href in re.findall(r'href="([^"]*)"', page)]


def _deploy_build_script() -> str:
    """The lines the deploy workflow's Build step runs."""
    workflow = yaml.safe_load(DEPLOY.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    return next(step["run"] for step in steps if step.get("name") == "Build")


def test_downloads_page_in_every_language_is_linked_from_the_home_page_and_every_footer(
    tree: SiteTree,
) -> None:
    _site(tree)
    assert tree.run("build", "--no-search").exit_code == 0
    for language, page in PAGES.items():
        prefix = "" if language == "en" else f"{language}/"
        home = tree.html(f"{prefix}index.html")
        assert "downloads/" in _links(home.split("<footer", 1)[0])  # in the page, not the footer
        for other in (f"{prefix}index.html", f"{prefix}prisoners/zhanbolat-mamai/index.html"):
            footer = tree.html(other).split("<footer", 1)[1]
            assert any(link.endswith("downloads/") for link in _links(footer)), other
        assert tree.html(page).count("<h2") >= 2  # the zip, the ZIM
    english, russian = tree.html(PAGES["en"]), tree.html(PAGES["ru"])
    assert "Kiwix" in english and "index.html" in english
    assert "Скачать сайт" in russian
    # Built without the files, the page lists none and says where they are published.
    assert "https://example.org/db/downloads/" in english
    assert "https://example.org/db/ru/downloads/" in russian
    assert "SHA256SUMS" not in english and ".zim" not in english


def test_deploy_workflow_publishes_zip_and_zim_with_their_sums_and_the_page_lists_them(
    tree: SiteTree,
) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum not found")
    _site(tree)
    environment = {
        **os.environ,
        "BASE_URL": "https://example.org/mirror",
        "REPOSITORY": "https://github.com/org/repo",  # as GitHub gives it
    }
    # `python` is this interpreter, running this checkout's generator, as the workflow's is.
    bin_dir = tree.root / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    environment["PATH"] = f"{bin_dir}{os.pathsep}{environment['PATH']}"
    environment["PYTHONPATH"] = os.pathsep.join([str(REPO), environment.get("PYTHONPATH", "")])
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", _deploy_build_script()],
        cwd=tree.root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    published = tree.root / "site/downloads"
    files = sorted(path.name for path in published.iterdir())
    assert [name for name in files if name.endswith((".zip", ".zim"))] == [
        "political-prisoners-kazakhstan.zim",
        "political-prisoners-kazakhstan.zip",
    ]
    # The sums check as a reader checks them, in the folder of the downloads.
    checked = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=published, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == 2
    # The zip is the site, to open from its index.html.
    with zipfile.ZipFile(published / "political-prisoners-kazakhstan.zip") as archive:
        assert "political-prisoners-kazakhstan/index.html" in archive.namelist()

    for language, page_file in PAGES.items():
        page = tree.html(page_file)
        targets = {
            os.path.normpath(tree.root / "site" / os.path.dirname(page_file) / link)
            for link in _links(page)
            if not re.match(r"[a-z]+:", link)
        }
        for name in ("political-prisoners-kazakhstan.zip", "political-prisoners-kazakhstan.zim"):
            file = published / name
            assert str(file) in targets, (language, name)  # linked, and there
            assert hashlib.sha256(file.read_bytes()).hexdigest() in page
            megabytes = max(1, round(file.stat().st_size / 100_000)) / 10
            shown = f"{megabytes:.1f}".replace(".", "." if language == "en" else ",")
            assert re.search(rf"{re.escape(shown)}\s(MB|МБ)", page), (language, shown)
        assert str(published / "SHA256SUMS") in targets
        assert "sha256sum -c SHA256SUMS" in page and "certutil" in page
        assert "shasum -a 256" in page


def test_build_refuses_a_downloads_folder_holding_other_files(tree: SiteTree) -> None:
    _site(tree)
    tree.write("downloads/notes.txt", "not a download")
    result = tree.run("build", "--no-search", "--downloads", "downloads")
    assert result.exit_code == 2
    assert "notes.txt is not a .zip or a .zim" in result.stderr
    assert not (tree.root / "site").exists()


def test_downloads_page_reads_on_a_small_phone_and_its_links_fetch_the_files(
    tree: SiteTree, browser: Any
) -> None:
    """In Chromium, at 320 px: no sideways scroll (a checksum is 64 characters), no axe-core
    violation, and each file's link fetches the file its checksum is of."""
    axe = REPO / "tests/browser/axe/node_modules/axe-core/axe.min.js"
    if not axe.is_file():
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"axe-core not installed: {axe}")
    _site(tree)
    (tree.root / "downloads").mkdir()
    with zipfile.ZipFile(tree.root / "downloads/copy.zip", "w") as archive:
        archive.writestr("copy/index.html", "<!doctype html><title>copy</title>")
    (tree.root / "downloads/copy.zim").write_bytes(b"ZIM\x04" + bytes(range(256)) * 40)
    assert tree.run("build", "--no-search", "--downloads", "downloads").exit_code == 0
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    with served(tree.root / "site") as base:
        for page_file in PAGES.values():
            page.goto(base + page_file.removesuffix("index.html"))
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, page_file
            page.evaluate(axe.read_text(encoding="utf-8"))
            violations = page.evaluate(
                "axe.run(document).then(r => r.violations.map(v => v.id + ': ' +"
                " v.nodes.map(n => n.target).join(' ')))"
            )
            assert violations == [], page_file
            for name in ("copy.zip", "copy.zim"):
                link = page.locator(f'main a[href$="{name}"]')
                fetched = page.request.get(link.evaluate("a => a.href"))
                assert fetched.ok
                sha256 = hashlib.sha256(fetched.body()).hexdigest()
                assert (
                    sha256
                    == hashlib.sha256((tree.root / "downloads" / name).read_bytes()).hexdigest()
                )
                assert sha256 in page.locator("main").inner_text()
    context.close()
