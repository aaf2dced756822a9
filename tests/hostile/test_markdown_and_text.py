"""A hostile pull request against the Markdown renderer and the checks of text (issue 34,
findings 5 and 8): a biography that crashes the renderer, or makes it crawl, is a problem
validate names, never a dead or hanging build; a worker that dies is one clear line; and no
character that shows as nothing gets onto a page, written or as a character reference.

The generator runs in a process of its own, with a time limit, wherever the old code crashed
(SIGSEGV) or waited for ever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator import build as pipeline
from generator.content.link import _same_person
from generator.content.model import Prisoner

from ..conftest import SiteTree, prisoner

CODE_FOLDER = Path(pipeline.__file__).resolve().parents[1]  # the generator under test


def run_generator(
    root: Path, *args: str, before: str = "", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` in the project, in a process group of its own (a pool's
    workers included), killed whole if it is still running after `timeout` seconds. `before`:
    Python run first, in the same process."""
    script = f"{textwrap.dedent(before)}\nfrom generator.cli import main\nmain({list(args)!r})\n"
    environment = {**os.environ, "PYTHONPATH": str(CODE_FOLDER)}
    with subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=root,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail(f"`{' '.join(args)}` was still running after {timeout} s")
    return subprocess.CompletedProcess(args, process.returncode, out, err)


def biography(text: str, name: str = "Deep Person") -> str:
    """A valid prisoner whose biography (from line 6) is `text`."""
    return prisoner(name).replace(f"A short biography of {name}.\n", text)


# --- 5. Markdown that crashes the renderer, or makes it crawl --------------------------------

CRASHING = {  # each overflowed markdown-it-pyrs's stack: the build died of SIGSEGV
    "quotes": ">" * 150_000 + "\n",
    "lists": "- " * 100_000 + "a\n",
    "emphasis": "*" * 200_000 + "a" + "*" * 200_000 + "\n",
}


def test_markdown_nested_to_crash_the_renderer_is_a_problem_and_never_rendered(
    tree: SiteTree,
) -> None:
    for slug, text in CRASHING.items():
        tree.prisoner(slug, biography(text, name=f"Deep {slug.title()}"))
    checked = run_generator(tree.root, "validate")
    assert checked.returncode == 1, checked.stderr
    assert "content/prisoners/quotes.md:6: biography: nests block quotes or lists" in (
        checked.stderr
    )
    assert "content/prisoners/lists.md:6: biography: nests block quotes or lists" in checked.stderr
    assert "content/prisoners/emphasis.md:6: biography: has a paragraph of 400000 emphasis" in (
        checked.stderr
    )
    built = run_generator(tree.root, "build", "--no-search")
    assert built.returncode == 1, built.stderr  # the problems, not a crash
    assert "3 problems found; nothing was built." in built.stderr
    assert "Traceback" not in built.stderr and "Internal error" not in built.stderr


def test_thousands_of_reference_definitions_are_a_problem_found_at_once(tree: SiteTree) -> None:
    """416 KB of '[label]: address' took 15 s to render, once per language."""
    definitions = "".join(f"[r{n}]: https://example.org/{n}\n" for n in range(12_200))
    assert len(definitions) > 416_000
    tree.prisoner("references", biography(f"See [r1] and [r2].\n\n{definitions}"))
    started = time.perf_counter()
    checked = run_generator(tree.root, "validate", timeout=120)
    assert time.perf_counter() - started < 20
    assert checked.returncode == 1, checked.stderr
    assert (
        "content/prisoners/references.md:8: biography: has 12200 reference definitions"
        " ('[label]: address'; at most 500): write the links in place, as [text](address)"
    ) in checked.stderr


def test_a_worker_that_dies_stops_the_build_with_one_clear_line(tree: SiteTree) -> None:
    """A page whose rendering kills its worker (as a crash in compiled code does): the old pool
    started another worker and waited for ever for the lost pages."""
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai"))
    dying_renderer = """
        import os
        from generator import parallel
        from generator.pages import render
        parallel.MIN_ITEMS = 1  # a pool for every stage, however few the pages
        parallel.default_jobs = lambda: 2
        rendered = render.render_markdown
        render.render_markdown = lambda text: os._exit(1) if parallel.in_worker() else rendered(text)
    """
    started = time.perf_counter()
    built = run_generator(tree.root, "build", "--no-search", before=dying_renderer)
    assert time.perf_counter() - started < 30
    assert built.returncode == 2, built.stderr
    errors = [line for line in built.stderr.splitlines() if line.startswith("Error")]
    assert errors == [
        "Error: a worker process died while rendering pages (it crashed, or the system stopped"
        " it, often for lack of memory). Run the command again, and report it if it happens again."
    ], built.stderr
    assert "Traceback" not in built.stderr
    assert not (tree.root / "site").exists()


# --- 8. Invisible characters --------------------------------------------------------------

HIDDEN = {  # each passed: validate said OK, and the page showed nothing where it stands
    "\ufe0f": "U+FE0F (VARIATION SELECTOR-16)",
    "\U000e0101": "U+E0101 (VARIATION SELECTOR-18)",
    "\U000e0000": "U+E0000 (a control character)",
    "\ufff0": "U+FFF0 (a control character)",
}


@pytest.mark.parametrize("character", HIDDEN)
def test_a_default_ignorable_character_is_a_problem_in_a_biography_and_a_field(
    tree: SiteTree, character: str
) -> None:
    tree.prisoner("mamai", biography(f"Arrested in Alm{character}aty.\n", name="Zhanbolat Mamai"))
    tree.prisoner("omarova", prisoner("Dana Omarova", occupation=f"blog{character}ger"))
    result = tree.run("validate")
    assert result.exit_code == 1, result.output
    assert (
        f"content/prisoners/mamai.md:6: the text has an invisible character, {HIDDEN[character]},"
        " at column 16: delete it" in result.output
    )
    assert (
        f"content/prisoners/omarova.md:5: occupation: has an invisible character,"
        f" {HIDDEN[character]}, at character 5: delete it" in result.output
    )


REFERENCES = {  # plain ASCII as written; the character itself once rendered
    "&#x202E;": "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    "&#8203;": "U+200B (ZERO WIDTH SPACE)",
    "&shy;": "U+00AD (SOFT HYPHEN)",
    "&#xFE0F;": "U+FE0F (VARIATION SELECTOR-16)",
}


@pytest.mark.parametrize("reference", REFERENCES)
def test_a_character_reference_to_an_invisible_character_is_a_problem(
    tree: SiteTree, reference: str
) -> None:
    text = f"Arrested in Almaty.\n\nHe wrote: {reference}evil.exe\n"
    tree.prisoner("mamai", biography(text, name="Zhanbolat Mamai"))
    result = tree.run("validate")
    assert result.exit_code == 1, result.output
    assert (
        f"content/prisoners/mamai.md:8: biography: '{reference}' is an invisible character,"
        f" {REFERENCES[reference]}, once published: delete it" in result.output
    )


def test_character_references_are_checked_in_translations_and_article_descriptions(
    tree: SiteTree,
) -> None:
    site = (tree.root / "content/site.yaml").read_text()
    tree.write("content/site.yaml", site + "languages: [en, ru]\n")
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai"))
    tree.write(
        "content/prisoners/mamai.ru.md",
        "---\noriginal: 0000000000\n---\nБиография.\n\nЗадержан &#x202E;в Алматы.\n",
    )
    articles = (tree.root / "content/articles.yaml").read_text()
    tree.write("content/articles.yaml", articles + "  description: Fines &#8203;only.\n")
    result = tree.run("validate")
    assert result.exit_code == 1, result.output
    assert (
        "content/prisoners/mamai.ru.md:6: biography: '&#x202E;' is an invisible character,"
        " U+202E (RIGHT-TO-LEFT OVERRIDE), once published" in result.output
    )
    assert (
        "content/articles.yaml:13: aoc-488.description: '&#8203;' is an invisible character,"
        " U+200B (ZERO WIDTH SPACE), once published" in result.output
    )


def test_a_name_written_in_another_unicode_form_is_still_the_same_person(tree: SiteTree) -> None:
    """'José' with its accent typed apart (e + U+0301) looks the same as with it built in."""
    tree.prisoner("jose", prisoner("José Nuñez"))
    tree.prisoner("jose-2", prisoner("Jose\u0301 Nun\u0303ez"))
    result = tree.run("validate")
    assert result.exit_code == 0, result.output
    assert "content/prisoners/jose-2.md:2: name: warning: content/prisoners/jose.md gives" in (
        result.output
    )


@pytest.mark.parametrize("character", ["\u200b", "\ufe0f", "\U000e0101", "\u00ad"])
def test_a_name_with_an_invisible_character_is_still_the_same_person(character: str) -> None:
    """Such a name is a problem of its own (above); the warning holds all the same, wherever
    names come from."""
    people = [
        Prisoner(slug="mamai", path="content/prisoners/mamai.md", name="Zhanbolat Mamai"),
        Prisoner(slug="m2", path="content/prisoners/m2.md", name=f"Zhan{character}bolat Mamai"),
    ]
    warned = {problem.path for problem in _same_person(people)}
    assert warned == {"content/prisoners/mamai.md", "content/prisoners/m2.md"}
