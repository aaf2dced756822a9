"""A hostile pull request: each test commits an attack into a tiny project, runs what a reviewer
runs (validate, build, serve's rebuild), and shows that nothing outside the project's content,
templates, assets and output folder is read, written or deleted.

`elsewhere/` beside the project stands for the rest of the reviewer's machine: it holds a
secret, and every file opened, removed or renamed while a build runs is watched (Python's audit
hooks), through links too, so that a test fails if the build so much as opens it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator import build as pipeline
from generator import cli
from generator.content.frontmatter import parse_yaml
from generator.publish import staging
from generator.publish.staging import FINGERPRINTS, MARKER
from generator.serve import snapshot

from ..conftest import SiteTree, prisoner
from .conftest import validate_reports

SECRET = "the reviewer's secret: 7f3a9c"


# --- the reviewer's machine ----------------------------------------------------------------


class Reviewer:
    """A project checked out from a pull request (a git clone) beside the rest of a machine."""

    def __init__(self, tmp_path: Path) -> None:
        self.elsewhere = tmp_path / "elsewhere"
        self.elsewhere.mkdir()
        (self.elsewhere / "secret.txt").write_text(SECRET)
        (self.elsewhere / "secret.md").write_text(f"---\n{SECRET}\n---\n{SECRET}\n")
        self.tree = SiteTree(tmp_path / "repo")
        self.root = self.tree.root
        self.tree.prisoner("mamai", prisoner("Zhanbolat Mamai"))

    def git(self, *args: str) -> str:
        environment = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org"}
        environment |= {"GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
        done = subprocess.run(
            ["git", "-C", str(self.root), *args],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def commit(self, message: str = "pull request") -> None:
        if not (self.root / ".git").exists():
            self.git("init", "-q")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def run(self, *args: str) -> Any:
        with watched(self.elsewhere, self.root / ".git"):
            return self.tree.run(*args)

    def outside_output(self) -> dict[str, str]:
        """Digest of every file (and link) outside the output folder: the repository with its
        .git, and elsewhere/."""
        found = {}
        for top in (self.root, self.elsewhere):
            for folder, folders, files in os.walk(top):
                folders[:] = [name for name in folders if name != "site"]
                for name in files:
                    file = Path(folder, name)
                    data = os.readlink(file).encode() if file.is_symlink() else file.read_bytes()
                    found[str(file)] = hashlib.sha256(data).hexdigest()
        return found


@pytest.fixture
def reviewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reviewer:
    project = Reviewer(tmp_path)
    monkeypatch.chdir(project.root)
    return project


# --- watching every file the build touches -------------------------------------------------

_watched: list[tuple[Path, ...]] = []  # the folders no event may reach, while a test watches
_touched: list[str] = []


def site_yaml(base_url: str = "https://example.org/", language: str = "en") -> str:
    return f"title: T\ndescription: D\nbase_url: '{base_url}'\nlanguage: {language}\n"


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _watched or event not in _EVENTS:
        return
    paths = [arg for arg in args[: _EVENTS[event]] if isinstance(arg, str | bytes | os.PathLike)]
    no_follow = event == "open" and len(args) > 2 and isinstance(args[2], int)
    no_follow = no_follow and bool(args[2] & getattr(os, "O_NOFOLLOW", 0))
    for path in paths:
        text = os.fsdecode(path)
        # Where the call really reaches: through links, but for open(O_NOFOLLOW) the last one.
        if no_follow or event in ("os.remove", "os.rename", "shutil.rmtree"):
            real = Path(os.path.realpath(os.path.dirname(os.path.abspath(text)))) / Path(text).name
        else:
            real = Path(os.path.realpath(text))
        if any(real.is_relative_to(forbidden) for forbidden in _watched[-1]):
            _touched.append(f"{event} {text} -> {real}")


# Event -> how many leading arguments are paths.
_EVENTS = {
    "open": 1, "os.remove": 1, "os.rmdir": 1, "os.rename": 2, "shutil.rmtree": 1, "os.link": 2,
    "os.symlink": 2, "os.truncate": 1, "os.chmod": 1, "os.mkdir": 1, "os.scandir": 1,
    "os.listdir": 1, "shutil.copyfile": 2, "os.utime": 1,
}  # fmt: skip
sys.addaudithook(_audit)


@contextmanager
def watched(*forbidden: Path) -> Iterator[None]:
    """Fail if anything in the block opens, lists, removes or renames a file in `forbidden`."""
    _watched.append(tuple(Path(os.path.realpath(folder)) for folder in forbidden))
    _touched.clear()
    try:
        yield
    finally:
        _watched.pop()
    assert not _touched, "the build reached outside the project:\n" + "\n".join(_touched)


def assert_untouched(reviewer: Reviewer, before: dict[str, str], result: Any) -> None:
    assert reviewer.outside_output() == before, result.output
    assert "Internal error" not in result.output
    site = reviewer.root / "site"
    if site.is_dir():
        for folder, _, files in os.walk(site):
            for name in files:
                assert SECRET not in Path(folder, name).read_bytes().decode("utf-8", "replace")


# --- 1. the output folder ------------------------------------------------------------------


def test_a_committed_site_link_to_the_checkout_is_refused(reviewer: Reviewer) -> None:
    (reviewer.root / MARKER).write_text("Built by ppdb\n")
    (reviewer.root / "site").symlink_to(".")
    reviewer.commit()
    before = reviewer.outside_output()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 2
    assert f"Error: {reviewer.root / 'site'} is a symbolic link" in result.output
    assert_untouched(reviewer, before, result)


def test_an_output_folder_reached_through_a_link_is_refused(reviewer: Reviewer) -> None:
    (reviewer.root / "out").symlink_to(reviewer.elsewhere, target_is_directory=True)
    reviewer.commit()
    before = reviewer.outside_output()
    result = reviewer.run("build", "--no-search", "--out", "out/site")
    assert result.exit_code == 2
    assert "is reached through the symbolic link" in result.output
    assert_untouched(reviewer, before, result)


def test_a_committed_site_folder_is_refused(reviewer: Reviewer) -> None:
    reviewer.tree.write(f"site/{MARKER}", "Built by ppdb\n")
    reviewer.tree.write("site/index.html", "<script>planted</script>")
    reviewer.commit()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 2
    assert "holds files that git tracks: generated output is never committed" in result.output
    assert "git rm -r --cached site" in result.output
    assert (reviewer.root / "site/index.html").read_text() == "<script>planted</script>"


# --- 2. the fingerprint list ---------------------------------------------------------------


def test_a_fingerprint_list_naming_files_outside_is_ignored(reviewer: Reviewer) -> None:
    victim = reviewer.elsewhere / "victim.txt"
    victim.write_text("keep me")
    assert reviewer.run("build", "--no-search").exit_code == 0  # a folder this tool made
    site = reviewer.root / "site"
    for listed in (str(victim), f"../../elsewhere/{victim.name}", "prisoners/../../x"):
        (site / FINGERPRINTS).write_text(json.dumps({listed: "0", "index.html": "0"}))
        assert staging.previous_fingerprints(site) == {}, listed
    with watched(reviewer.elsewhere):
        pipeline.build(reviewer.tree.project, site, search=False, in_place=True)
    assert victim.read_text() == "keep me"
    assert (site / "index.html").is_file()


def test_a_planted_site_with_a_fingerprint_list_is_not_obeyed(reviewer: Reviewer) -> None:
    victim = reviewer.elsewhere / "victim.txt"
    victim.write_text("keep me")
    reviewer.tree.write(
        f"site/{MARKER}", "Built by ppdb; this folder is replaced by every build.\n"
    )
    reviewer.tree.write(f"site/{FINGERPRINTS}", f'{{"../../elsewhere/{victim.name}": "0"}}')
    with watched(reviewer.elsewhere):
        pipeline.build(reviewer.tree.project, reviewer.root / "site", search=False, in_place=True)
    assert victim.read_text() == "keep me"


# --- 3. photos -----------------------------------------------------------------------------


EPS = """\
%!PS-Adobe-3.0 EPSF-3.0
%%BoundingBox: 0 0 10 10
(SECRET) (r) file
showpage
"""


def test_a_photo_in_another_format_never_reaches_ghostscript(
    reviewer: Reviewer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in Ghostscript that leaves a mark when run, as the real one would run the file.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ran = reviewer.elsewhere / "ghostscript-ran"
    fake = bin_dir / "gs"
    fake.write_text(f"#!/bin/sh\ntouch '{ran}'\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    reviewer.tree.write("content/prisoners/pic.jpg", EPS)
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo="pic.jpg"))
    for command in ("validate", "build"):
        result = reviewer.tree.run(command, "--no-search") if command == "build" else None
        result = result or reviewer.tree.run(command)
        assert result.exit_code == 1, command
        assert (
            "content/prisoners/mamai.md:5: photo: pic.jpg cannot be read as an image:"
            " only JPEG, PNG and WebP are published"
        ) in result.output
    assert not ran.exists()


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\0" * (1 + 3 * width) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


def test_a_photo_that_decodes_to_gigabytes_is_refused_before_decoding(reviewer: Reviewer) -> None:
    reviewer.tree.root.joinpath("content/prisoners/pic.png").write_bytes(_png_header(13000, 13000))
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo="pic.png"))
    result = reviewer.tree.run("validate")
    assert result.exit_code == 1
    assert (
        "content/prisoners/mamai.md:5: photo: pic.png is 13000 x 13000 pixels, over the limit"
        " of 50 million: scale it down (it is published at 800 px at most)"
    ) in result.output


# --- 4. links among the files of a pull request --------------------------------------------


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("content/prisoners/planted.md", "elsewhere/secret.md"),
        ("content/site.yaml", "elsewhere/secret.txt"),
        ("content/articles.yaml", "elsewhere/secret.txt"),
        ("content/sources.yaml", "elsewhere/secret.txt"),
        ("content/published-urls.txt", "elsewhere/secret.txt"),
        ("assets/fonts.css", "repo/.git/config"),
        ("templates/base.html", "elsewhere/secret.txt"),
        ("templates/strings/en.yaml", "elsewhere/secret.txt"),
    ],
)
def test_a_file_that_is_a_link_is_refused_and_not_read(
    reviewer: Reviewer, link: str, target: str
) -> None:
    reviewer.commit("before")
    file = reviewer.root / link
    file.unlink(missing_ok=True)
    file.symlink_to(reviewer.root.parent / target)
    reviewer.commit()
    before = reviewer.outside_output()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1, result.output
    assert f"{link}: is a symbolic link; the build reads only files kept in the repository" in (
        result.output
    )
    assert_untouched(reviewer, before, result)


@pytest.mark.parametrize("folder", ["content/prisoners", "templates/strings", "assets", "content"])
def test_a_folder_that_is_a_link_is_refused(reviewer: Reviewer, folder: str) -> None:
    real = reviewer.root / folder
    real.rename(reviewer.elsewhere / "moved")
    real.symlink_to(reviewer.elsewhere / "moved", target_is_directory=True)
    reviewer.commit()
    before = reviewer.outside_output()
    with watched(reviewer.root / ".git"):
        result = reviewer.tree.run("build", "--no-search")
    assert result.exit_code == 1, result.output
    assert f"{folder}: is a symbolic link" in result.output
    assert reviewer.outside_output() == before


def test_a_link_anywhere_in_content_is_reported(reviewer: Reviewer) -> None:
    reviewer.tree.write("content/notes/readme.txt", "notes")
    (reviewer.root / "content/notes/key").symlink_to(reviewer.elsewhere / "secret.txt")
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "content/notes/key: is a symbolic link" in result.output


def test_new_never_writes_through_a_link(reviewer: Reviewer) -> None:
    planted = reviewer.root / "content/prisoners/full-name.md"
    planted.symlink_to(reviewer.elsewhere / "autostart.desktop")  # a link to nothing yet
    result = reviewer.run("new", "prisoner", "Full Name")
    assert result.exit_code == 2
    assert "full-name.md already exists" in result.output
    assert not (reviewer.elsewhere / "autostart.desktop").exists()


def test_a_photo_reached_through_a_link_is_refused(reviewer: Reviewer) -> None:
    (reviewer.root / "content/photos").symlink_to(reviewer.elsewhere, target_is_directory=True)
    (reviewer.elsewhere / "pic.jpg").write_bytes(b"not read")
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo="../photos/pic.jpg"))
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "photo: '../photos/pic.jpg' is a symbolic link" in result.output


def test_a_record_linked_to_an_endless_file_is_refused_at_once(reviewer: Reviewer) -> None:
    """In a process of its own, with a memory limit: following the link would read /dev/zero
    until memory runs out."""
    (reviewer.root / "content/prisoners/zero.md").symlink_to("/dev/zero")
    fifo = reviewer.root / "content/prisoners/fifo.md"
    os.mkfifo(fifo)  # opening a FIFO waits for a writer, for ever
    script = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from generator.cli import main
        sys.argv = ["ppdb", "validate"]
        main()
        """
    )
    code_folder = Path(pipeline.__file__).resolve().parents[1]  # the generator under test
    environment = {**os.environ, "PYTHONPATH": str(code_folder)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=environment
    )
    assert done.returncode == 1, done.stderr
    assert "content/prisoners/zero.md: is a symbolic link" in done.stderr
    assert "content/prisoners/fifo.md: is not a regular file" in done.stderr


# --- 5. a planted previous site ------------------------------------------------------------


def test_a_page_replaced_by_a_link_is_not_kept(reviewer: Reviewer) -> None:
    assert reviewer.run("build", "--no-search").exit_code == 0
    page = reviewer.root / "site/prisoners/mamai/index.html"
    page.unlink()
    page.symlink_to(reviewer.elsewhere / "secret.txt")
    before = reviewer.outside_output()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    assert stat.S_ISREG(os.lstat(page).st_mode)
    assert "Zhanbolat Mamai" in page.read_text()
    assert_untouched(reviewer, before, result)


def test_a_planted_copy_of_a_site_is_not_taken_over(reviewer: Reviewer) -> None:
    """A site built elsewhere, with the right fingerprints, then a page swapped for a link:
    unpacked here (as from a downloaded pull request), nothing of it is kept."""
    assert reviewer.tree.run("build", "--no-search", "--out", "../built").exit_code == 0
    built = reviewer.root.parent / "built"
    page = built / "prisoners/mamai/index.html"
    page.unlink()
    page.symlink_to(reviewer.elsewhere / "secret.txt")
    os.link(reviewer.elsewhere / "secret.txt", built / "index.html.tmp")
    os.replace(built / "index.html.tmp", built / "index.html")
    shutil.copytree(built, reviewer.root / "site", symlinks=True)  # as unpacked: new inodes
    before = reviewer.outside_output()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    site = reviewer.root / "site"
    assert stat.S_ISREG(os.lstat(site / "prisoners/mamai/index.html").st_mode)
    assert SECRET not in (site / "index.html").read_text()
    assert_untouched(reviewer, before, result)


# --- 6. the interface language -------------------------------------------------------------


def test_a_language_is_one_the_interface_has(reviewer: Reviewer) -> None:
    reviewer.tree.write("content/lol.yaml", "a: &a [x, x]\nb: [*a, *a]\n")
    reviewer.tree.write("content/site.yaml", site_yaml(language="../../content/lol"))
    validate_reports(
        reviewer,
        "content/site.yaml:4: language: '../../content/lol' is not a language code: write the"
        " language in 2 or 3 lowercase letters (ru, kk), a script after it if needed (kk-Latn)",
    )


def test_interface_words_are_read_with_the_hardened_loader(reviewer: Reviewer) -> None:
    strings = reviewer.root / "templates/strings"
    (strings / "xx.yaml").write_text(
        (strings / "en.yaml").read_text() + "bomb: &a [lol, lol]\nbombs: [*a, *a]\n"
    )
    reviewer.tree.write("content/site.yaml", site_yaml(language="xx"))
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert "templates/strings/xx.yaml:" in result.output
    assert "YAML anchors and aliases (& and *) are not allowed" in result.output


# --- 7. ids and slugs that change when stripped --------------------------------------------


def test_a_file_name_ending_in_a_line_break_is_refused(reviewer: Reviewer) -> None:
    reviewer.tree.prisoner("abc\n", prisoner("Abc Def"))
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "content/prisoners/abc\\n.md: the file name must be lowercase" in result.output
    assert "rename it to abc.md" in result.output
    assert reviewer.run("urls").exit_code == 1
    assert not (reviewer.root / "content/published-urls.txt").exists()


@pytest.mark.parametrize("key", ['" cc-405"', '"cc-405 "', '"cc-405\\n"'])
def test_a_table_id_with_spaces_around_it_is_refused(reviewer: Reviewer, key: str) -> None:
    reviewer.tree.write(
        "content/articles.yaml",
        f"{key}:\n  code: criminal\n  number: '405'\n  title: Participation\n",
    )
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "content/articles.yaml:1: " in result.output
    assert "has spaces or line breaks around it: write the id without them" in result.output


def test_a_former_slug_with_a_line_break_is_refused(reviewer: Reviewer) -> None:
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", former_slugs='["old\\n"]'))
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "former_slugs[1]: 'old\\n' has spaces or line breaks around it" in result.output


# --- 8. invisible and direction-changing characters ----------------------------------------


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\u200b", "U+200B (ZERO WIDTH SPACE)"),
        ("\u2800", "U+2800 (BRAILLE PATTERN BLANK)"),
        ("\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ],
)
def test_invisible_characters_in_a_name_are_refused(
    reviewer: Reviewer, char: str, name: str
) -> None:
    reviewer.tree.prisoner("mamai", prisoner(f'"Zhan{char}bolat Mamai"'))
    validate_reports(
        reviewer,
        f"content/prisoners/mamai.md:2: name: has an invisible character, {name}, at character"
        " 5: delete it (it can hide text, or show it reversed)",
    )


def test_invisible_characters_in_a_biography_are_refused(reviewer: Reviewer) -> None:
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai") + "Second line \u202etxt.exe\n")
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert (
        "content/prisoners/mamai.md:7: the text has an invisible character, U+202E"
        " (RIGHT-TO-LEFT OVERRIDE), at column 13" in result.output
    )


def test_every_format_character_counts_as_invisible() -> None:
    import unicodedata

    from generator.content.fields import INVISIBLE

    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cf", "Cc", "Zl", "Zp")
        and chr(code) not in "\t\n"
        and not INVISIBLE.match(chr(code))
    ]
    assert missed == []
    assert not INVISIBLE.search("Жанболат Мамай, Мұхамедкәрім, Zhanbolat Mamai\tok\n")


# --- 9. the site's address -----------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org//evil.example/",
        "https://example.org/a//evil.example/",
        "https://example.org/../x/",
        "https://example.org/a\\b/",
        "https://evil.example@example.org/",
        "https://example.org/?x=1",
    ],
)
def test_the_site_address_has_a_plain_path(reviewer: Reviewer, address: str) -> None:
    reviewer.tree.write("content/site.yaml", site_yaml(address))
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "content/site.yaml:3: base_url: " in result.output
    reviewer.tree.write("content/site.yaml", site_yaml())
    result = reviewer.run("build", "--no-search", "--base-url", address)
    assert result.exit_code == 2
    assert "Invalid value for '--base-url'" in result.output


# --- 10. a killed build, and the swap ------------------------------------------------------


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_leftovers_of_a_killed_build_are_cleaned_up(reviewer: Reviewer) -> None:
    dead = _dead_pid()
    for leftover in (f".site.staging-{dead}", f".site.previous-{dead}"):
        reviewer.tree.write(f"{leftover}/prisoners/x/index.html", "half a site")
    (reviewer.root / f".site.staging-{dead + 1}").symlink_to(reviewer.elsewhere)
    assert reviewer.run("build", "--no-search").exit_code == 0
    assert not (reviewer.root / f".site.staging-{dead}").exists()
    assert not (reviewer.root / f".site.previous-{dead}").exists()
    assert (reviewer.elsewhere / "secret.txt").read_text() == SECRET


def test_the_swap_leaves_a_site_in_place_at_every_step(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reviewer.run("build", "--no-search").exit_code == 0
    home = reviewer.root / "site/index.html"
    steps = []
    rename = os.rename

    def watched_rename(*args: Any, **kwargs: Any) -> None:
        rename(*args, **kwargs)
        steps.append(home.is_file())

    monkeypatch.setattr(os, "rename", watched_rename)
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", born="1977"))
    assert reviewer.run("build", "--no-search").exit_code == 0
    assert all(steps), steps
    assert "1977" in (reviewer.root / "site/prisoners/mamai/index.html").read_text()


# --- 11. faults of the machine, not of the generator ---------------------------------------


def test_a_malformed_address_is_a_problem_not_a_bug(reviewer: Reviewer) -> None:
    reviewer.tree.write(
        "content/sources.yaml",
        "report-2019:\n  title: T\n  date: 2019\n  url: https://[::1\n",
    )
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "content/sources.yaml:4: report-2019.url: 'https://[::1' is not a valid web address" in (
        result.output
    )


def test_a_published_list_that_is_not_text_is_a_problem(reviewer: Reviewer) -> None:
    (reviewer.root / "content/published-urls.txt").write_bytes(b"/\n/prisoners/\xff\n")
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "content/published-urls.txt:2: is not UTF-8 text (byte 0xff)" in result.output


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")],
)
def test_a_disk_that_refuses_writes_is_one_clear_line(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    assert reviewer.run("build", "--no-search").exit_code == 0
    home = (reviewer.root / "site/index.html").read_bytes()

    def refuse(file: str, content: bytes) -> None:
        raise OSError(code, os.strerror(code), file)

    monkeypatch.setattr(staging, "_write_bytes", refuse)
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", born="1977"))
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: cannot write ") and lines[-1].endswith(reason), lines
    assert "Internal error" not in result.output
    assert (reviewer.root / "site/index.html").read_bytes() == home
    assert not list(reviewer.root.glob(".site.staging-*"))


# --- found by an adversarial review -------------------------------------------------------


def test_serve_refuses_a_committed_site_link(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """serve took the link's target as its folder: it emptied it and wrote the site there."""
    victim = reviewer.elsewhere / "victim"
    victim.mkdir()
    (victim / MARKER).write_text("x")
    (victim / "data.txt").write_text("precious")
    (reviewer.root / "site").symlink_to(victim, target_is_directory=True)
    reviewer.commit()

    def serve_once(out: Path, host: str, port: int, watched: list[Path], rebuild: Any, **_: Any):  # type: ignore[no-untyped-def]
        rebuild(snapshot(watched))

    monkeypatch.setattr(cli, "serve_site", serve_once)
    result = reviewer.run("serve")
    assert result.exit_code == 2
    assert "is a symbolic link" in result.output
    assert (victim / "data.txt").read_text() == "precious"


def test_files_at_the_project_root_are_never_imported(reviewer: Reviewer) -> None:
    """`python -m` puts the working folder first on the module path, and Pagefind ran as
    `python -m pagefind` from it."""
    ran = reviewer.elsewhere / "ran"
    for module in ("pagefind/__main__.py", "pagefind/__init__.py", "click.py", "yaml.py"):
        reviewer.tree.write(module, f"open({str(ran)!r}, 'a').write({module!r})\n")
    code_folder = Path(pipeline.__file__).resolve().parents[1]
    environment = {**os.environ, "PYTHONPATH": str(code_folder)}
    for command in (["validate"], ["build"]):
        done = subprocess.run(
            [sys.executable, "-m", "generator", *command],
            cwd=reviewer.root,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert not ran.exists(), ran.read_text()


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1:30", "1:30"),  # base 60 in YAML 1.1
        ("1" + ":1" * 5000, "1" + ":1" * 5000),
        ("0x" + "f" * 5000, "0x" + "f" * 5000),  # over Python's 4,300 digits once made a number
        ("9" * 5000, "9" * 5000),
        ("1977", 1977),
        ("-3", -3),
        ("1.5", 1.5),
    ],
    ids=["base 60", "long base 60", "long hex", "long decimal", "year", "negative", "decimal"],
)
def test_only_short_plain_decimals_are_numbers(written: str, read: object) -> None:
    root, problems = parse_yaml("f.yaml", f"a: {written}\n")
    assert problems == [] and root is not None
    assert root.value["a"].value == read


@pytest.mark.parametrize("levels", [60, 600, 30_000])
def test_deep_block_nesting_is_refused_before_the_parser_can_crash(
    reviewer: Reviewer, levels: int
) -> None:
    reviewer.tree.prisoner(
        "mamai", prisoner("Zhanbolat Mamai", name_variants="\n" + "- " * levels + "x")
    )
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "content/prisoners/mamai.md:6: YAML is nested too deeply" in result.output


def test_a_published_list_of_millions_of_lines_gives_a_hundred_problems(
    reviewer: Reviewer,
) -> None:
    (reviewer.root / "content/published-urls.txt").write_text("a\n" * 1_000_000)
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "content/published-urls.txt:1: 'a' is not an address of this site" in result.output
    assert "content/published-urls.txt: and 999,900 more lines like these" in result.output
    assert result.output.count("\n") < 110


@pytest.mark.parametrize(
    "value", ['"²"', '"①"', "9" * 5000, '"2; 3"'], ids=["²", "①", "long", "two"]
)
def test_an_article_part_is_a_number(reviewer: Reviewer, value: str) -> None:
    reviewer.tree.prisoner(
        "mamai", prisoner("Zhanbolat Mamai", charges=f"[{{article: cc-405, part: {value}}}]")
    )
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "charges[1].part: " in result.output
    assert "is not a part of an article: write its number (e.g. 2 or 2-1)" in result.output


def test_an_article_number_in_other_digits_is_not_a_crash(reviewer: Reviewer) -> None:
    reviewer.tree.write(
        "content/articles.yaml", "cc-405:\n  code: criminal\n  number: '²'\n  title: T\n"
    )
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", charges="[{article: cc-405}]"))
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", ["x.html", "logo.svg", "feed.xml"])
def test_assets_publish_no_pages(reviewer: Reviewer, name: str) -> None:
    reviewer.tree.write(f"assets/{name}", "<script>alert(document.domain)</script>")
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert f"assets/{name}: is not a stylesheet, script, font or image" in result.output


def test_messages_never_reach_the_terminal_as_control_sequences(reviewer: Reviewer) -> None:
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", **{'"\\e[1A\\e[2K\\rOK"': "x"}))
    (reviewer.root / "content/a\x1b]0;pwned\x07b").symlink_to(reviewer.elsewhere / "secret.txt")
    result = reviewer.run("validate")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[1A\\x1b[2K\\rOK: unknown field" in result.output
    assert "content/a\\x1b]0;pwned\\x07b: is a symbolic link" in result.output


def test_a_hard_link_to_a_file_elsewhere_is_refused(reviewer: Reviewer) -> None:
    """A checkout cannot make one, an unpacked archive can."""
    os.link(reviewer.elsewhere / "secret.txt", reviewer.root / "assets/fonts.css")
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert "assets/fonts.css: has other names (hard links)" in result.output
    assert not (reviewer.root / "site").exists()
