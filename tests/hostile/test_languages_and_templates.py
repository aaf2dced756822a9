"""A hostile pull request, round three: language codes that are not codes, templates that run
code, and the check that tells a reviewer a pull request changes code.

Each attack is committed into a tiny project (see test_pull_request.Reviewer), and run the way a
reviewer runs it: nothing outside the output folder changes, no command runs, and the problem is
one clear line.
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jinja2.exceptions import SecurityError
from PIL import Image

from generator import parallel
from generator.content.model import SiteSettings
from generator.pages import plan as planning
from generator.pages.plan import Page, SitePlan, find_collisions
from generator.pages.render import Strings, load_strings, make_environment
from generator.publish.staging import OutputError, staged_output

from ..conftest import REPO, SITE_YAML, prisoner
from .conftest import validate_reports
from .test_pull_request import Reviewer, assert_untouched
from .test_workflows import load

ENGLISH_PAGE = "prisoners/mamai/index.html"


@pytest.fixture
def reviewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Reviewer:
    project = Reviewer(tmp_path)
    monkeypatch.chdir(project.root)
    return project


def built_english_site(reviewer: Reviewer) -> bytes:
    """Build the pull request's base (English only), commit it, and return a page's bytes."""
    reviewer.commit("base")
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    return (reviewer.root / "site" / ENGLISH_PAGE).read_bytes()


def site_languages(*languages: str, language: str = "en") -> str:
    quoted = ", ".join("'" + code.replace("'", "''") + "'" for code in languages)
    return SITE_YAML.replace("language: en", f"language: '{language}'") + f"languages: [{quoted}]\n"


# --- 2. language codes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "...yaml",  # the language '..': pages written beside the output folder
        "..yaml",  # '.': pages written over the English ones
        'en" onload=x.yaml',  # printed into lang="..."
        "https:evil.example.yaml",  # the language switch's link to another host
    ],
)
def test_a_strings_file_named_otherwise_than_a_code_is_a_problem(
    reviewer: Reviewer, name: str
) -> None:
    english = built_english_site(reviewer)
    code = name.removesuffix(".yaml")
    # Words that say something else: if its pages replaced the English ones, a prisoner would
    # be shown released.
    words = (REPO / "templates/strings/en.yaml").read_text(encoding="utf-8")
    (reviewer.root / "templates/strings" / name).write_text(
        words.replace("imprisoned: Imprisoned", "imprisoned: Released"), encoding="utf-8"
    )
    reviewer.tree.write("content/site.yaml", site_languages("en", code))
    reviewer.commit()
    before = reviewer.outside_output()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert f"templates/strings/{name}: '{code}' is not a language code" in result.output
    assert f"content/site.yaml:5: languages[2]: '{code}' is not a language code" in result.output
    assert_untouched(reviewer, before, result)
    assert (reviewer.root / "site" / ENGLISH_PAGE).read_bytes() == english


def test_html_in_the_originals_language_never_reaches_a_page(reviewer: Reviewer) -> None:
    code = 'en"><meta http-equiv=refresh content=0;url=https:evil.example><x y="'
    words = (REPO / "templates/strings/en.yaml").read_text(encoding="utf-8")
    (reviewer.root / "templates/strings" / f"{code}.yaml").write_text(words, encoding="utf-8")
    reviewer.tree.write("content/site.yaml", site_languages(code, "ru", language=code))
    reviewer.commit()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert "content/site.yaml:4: language: 'en\"><meta http-equiv" in result.output
    assert "is not a language code" in result.output
    for folder, _, files in os.walk(reviewer.root / "site"):
        for file in files:
            assert b"http-equiv=refresh" not in Path(folder, file).read_bytes()


def test_a_language_in_site_yaml_that_is_not_a_code_is_a_problem(reviewer: Reviewer) -> None:
    meta = "<meta http-equiv=refresh content=0;url=//evil.example>"
    reviewer.tree.write("content/site.yaml", site_languages("en", meta))
    validate_reports(
        reviewer,
        f"content/site.yaml:5: languages[2]: '{meta}' is not a language code: write the"
        " language in 2 or 3 lowercase letters (ru, kk), a script after it if needed (kk-Latn)",
    )


@pytest.mark.parametrize("locale", ["../../../elsewhere/secret", "xx_YY", "en GB"])
def test_a_locale_that_is_not_one_is_a_problem(reviewer: Reviewer, locale: str) -> None:
    """`locale` in the interface words is turned into CLDR data only once it is a code."""
    words = (REPO / "templates/strings/en.yaml").read_text(encoding="utf-8")
    words = words.replace("locale: en_GB", f"locale: '{locale}'")
    (reviewer.root / "templates/strings/en.yaml").write_text(words, encoding="utf-8")
    reviewer.commit()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert "templates/strings/en.yaml: locale: '" in result.output
    assert "is not a locale CLDR knows" in result.output


def test_a_language_code_is_printed_escaped() -> None:
    """Validation lets no quote into a code; were one to get through, it stays an attribute."""
    env = make_environment(
        REPO / "templates", {"en": SiteSettings("T", "D", "https://a.org/", "en")}
    )
    template = env.from_string("<p{{ 'text'|lang }}>")
    html = template.render(lang="ru", root_language='en" onload="alert(1)')
    assert html == '<p lang="en&#34; onload=&#34;alert(1)">'


# --- every planned path, checked before anything is written --------------------------------


def test_a_planned_path_out_of_the_output_folder_is_refused_before_writing(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were a page planned at ../ (a language code the checks missed), nothing is written."""
    planned = planning.plan_site

    def with_a_page_outside(*args: Any, **kwargs: Any) -> SitePlan:
        site_plan = planned(*args, **kwargs)
        page = Page("../escaped/", "home.html", site_plan.pages[-1].context)
        return SitePlan((page, *site_plan.pages), site_plan.images, site_plan.footers)

    reviewer.commit()
    monkeypatch.setattr("generator.build.plan_site", with_a_page_outside)
    before = reviewer.outside_output()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert (
        "content: a page (home.html) would be written at '../escaped/index.html', which is not"
        " a plain path inside the output folder: nothing was written"
    ) in result.output
    assert_untouched(reviewer, before, result)
    assert not (reviewer.root / "escaped").exists()
    assert not (reviewer.root / "site").exists()


@pytest.mark.parametrize(
    "path", ["a/./b/", "a/../a/b/", "/a/b/", "a//b/", "a\\b/", "a/b\x00/", "./", "../", "./a/b/"]
)
def test_a_path_that_is_not_plain_is_refused_and_never_compared_as_another(path: str) -> None:
    pages = (Page("a/b/", "home.html", {}), Page(path, "redirect.html", {}))
    problems = find_collisions(SitePlan(pages, ()))
    assert [problem.message for problem in problems] == [
        f"a page (redirect.html) would be written at {path + 'index.html'!r}, which is not a"
        " plain path inside the output folder: nothing was written"
    ]


@pytest.mark.parametrize("path", ["../outside.html", "a/../../outside.html", "/tmp/x.html", ".."])
def test_the_output_refuses_a_path_leading_out_of_it(tmp_path: Path, path: str) -> None:
    """The last line of defence, should a path ever reach the writing unchecked."""
    refused = pytest.raises(OutputError, match="not a plain path inside the output folder")
    with refused, staged_output(tmp_path / "site") as output:
        output.write_file(path, b"<p>written</p>")
    assert sorted(os.listdir(tmp_path)) == []


# --- 3. templates run in Jinja's sandbox ---------------------------------------------------

PAYLOADS = {
    "a global's module": "{{ status_tone.__globals__.os.popen('touch MARKER').read() }}",
    "the template's context": (
        "{{ self._TemplateReference__context.status_tone.__globals__.os"
        ".popen('touch MARKER').read() }}"
    ),
    "every class": (
        "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
        "{% if c.__name__ == 'Popen' and c.__module__ == 'subprocess' %}"
        "{{ c(['touch', 'MARKER']).wait() }}{% endif %}{% endfor %}"
    ),
    "a format string": "{{ '{0.__globals__}'.format(status_tone) }}",
}


def _with_payload(reviewer: Reviewer, payload: str) -> Path:
    """The payload in the page every other page extends; the file its command would make."""
    marker = reviewer.elsewhere / "command-ran"
    base = reviewer.root / "templates/base.html"
    base.write_text(payload.replace("MARKER", str(marker)) + "\n" + base.read_text())
    reviewer.commit()
    return marker


@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_a_template_cannot_run_a_command(reviewer: Reviewer, payload: str) -> None:
    marker = _with_payload(reviewer, payload)
    before = reviewer.outside_output()
    result = reviewer.run("build", "--no-search")
    assert not marker.exists()
    assert result.exit_code == 1
    assert "templates/base.html:1: refused by the template sandbox (access to attribute" in (
        result.output
    )
    assert "Internal error" not in result.output
    assert_untouched(reviewer, before, result)
    assert not (reviewer.root / "site").exists()


def test_a_template_cannot_run_a_command_where_pages_render_on_every_core(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused in a worker, the problem comes back whole (pickled)."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    marker = _with_payload(reviewer, PAYLOADS["a global's module"])
    result = reviewer.run("build", "--no-search")
    assert not marker.exists()
    assert result.exit_code == 1
    assert "templates/base.html:1: refused by the template sandbox" in result.output


def _jpeg() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "gray").save(picture, "JPEG")
    return picture.getvalue()


def test_a_template_cannot_use_a_photos_file_path(reviewer: Reviewer) -> None:
    """A prisoner's photo reaches the profile's template as a path, whose methods write files."""
    (reviewer.root / "content/prisoners/mamai.jpg").write_bytes(_jpeg())
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo="mamai.jpg"))
    profile = reviewer.root / "templates/prisoner.html"
    payload = "{{ prisoner.photo.with_name('written').write_text('x') }}"
    profile.write_text(
        profile.read_text().replace("{% block main %}", "{% block main %}" + payload)
    )
    reviewer.commit()
    result = reviewer.run("build", "--no-search")
    assert not (reviewer.root / "content/prisoners/written").exists()
    assert result.exit_code == 1
    assert "templates/prisoner.html:8: refused by the template sandbox" in result.output


def test_a_templates_markdown_is_held_to_the_renderers_bounds(reviewer: Reviewer) -> None:
    """Over the bounds validate holds content to, a text can crash the renderer's process
    (150,000 '>'); refused as the sandbox refuses, naming the template."""
    base = reviewer.root / "templates/base.html"
    base.write_text("{{ ('>' * 101)|markdown }}\n" + base.read_text())
    reviewer.commit()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert (
        "templates/base.html:1: refused by the template sandbox (a Markdown text over the"
        " renderer's bounds: nests block quotes or lists more than 100 deep"
    ) in result.output
    assert "Internal error" not in result.output
    assert not (reviewer.root / "site").exists()


@pytest.mark.parametrize("name", ["range", "dict", "cycler", "joiner", "namespace", "lipsum"])
def test_jinjas_own_globals_are_not_given_to_templates(reviewer: Reviewer, name: str) -> None:
    base = reviewer.root / "templates/base.html"
    base.write_text(f"{{{{ {name} }}}}\n" + base.read_text())
    reviewer.commit()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 1
    assert f"templates/base.html:1: '{name}' is undefined: a template reads only the data" in (
        result.output
    )
    assert "Internal error" not in result.output


def test_a_class_given_to_a_template_has_no_attribute_it_can_use() -> None:
    """dict.clear(t.ui) empties the words every later page of a worker reads: the sandbox
    guards a table's own methods, and now every attribute of a class."""
    env = make_environment(
        REPO / "templates", {"en": SiteSettings("T", "D", "https://a.org/", "en")}
    )
    words = Strings({"ui": {"pages": "Pages"}})
    for payload in ("{{ table.clear(t.ui) }}", "{{ table.update(t.ui, pages='Seiten') }}"):
        with pytest.raises(SecurityError, match="access to attribute"):
            env.from_string(payload).render(table=dict, t=words)
    assert words["ui"] == {"pages": "Pages"}


# --- 4. the interface words: each language's file has every word, in its shape -------------


def _strings_line(language: str, key: str) -> int:
    """The line of a top-level key in a real strings file."""
    lines = (REPO / f"templates/strings/{language}.yaml").read_text(encoding="utf-8").split("\n")
    return lines.index(f"{key}:") + 1


def _with_kazakh_words(reviewer: Reviewer, old: str, new: str) -> None:
    words = reviewer.root / "templates/strings/kk.yaml"
    text = words.read_text(encoding="utf-8")
    assert old in text
    words.write_text(text.replace(old, new), encoding="utf-8")
    reviewer.tree.write("content/site.yaml", site_languages("en", "kk"))


def test_a_word_missing_from_a_strings_file_is_a_warning_and_shown_in_english(
    reviewer: Reviewer,
) -> None:
    """A partial language (a new one, or a word added to en.yaml) still builds: the word is
    shown in English, and validate names the file, line and key to translate."""
    _with_kazakh_words(reviewer, "  search: Іздеу\n", "")
    warning = (
        f"templates/strings/kk.yaml:{_strings_line('kk', 'nav')}: nav.search: warning: missing,"
        " shown in English until it is added: translate en.yaml's (line"
    )
    for command in ("validate", "build"):
        result = reviewer.run(command)
        assert result.exit_code == 0, result.output
        assert warning in result.output
        assert "Internal error" not in result.output
    assert reviewer.run("validate", "--strict").exit_code == 1
    kazakh = (reviewer.root / "site/kk/index.html").read_text(encoding="utf-8")
    assert ">Search<" in kazakh and "Іздеу" not in kazakh


def test_words_in_another_shape_than_englishs_are_a_problem(reviewer: Reviewer) -> None:
    plural = "  totals_prisoners:\n    one: адам\n    other: адам\n"
    _with_kazakh_words(reviewer, plural, "  totals_prisoners: адам\n")
    validate_reports(
        reviewer,
        "ui.totals_prisoners: is a text, where en.yaml has plural forms (one:, other:, as the"
        " language needs): write it so",
    )


def test_forms_by_gender_outside_the_statuses_are_a_problem(reviewer: Reviewer) -> None:
    _with_kazakh_words(reviewer, "  search: Іздеу\n", "  search: {female: Іздеу, other: Іздеу}\n")
    validate_reports(
        reviewer,
        "nav.search: is a table of words, where en.yaml has a text: write it so, as in en.yaml's",
        "forms by gender are read only in `status:`",
    )


def test_a_gender_table_with_other_stays_a_table(reviewer: Reviewer) -> None:
    """`gender:` names each gender; `other:` added to it is one more name, not forms."""
    reviewer.tree.prisoner("mamai", prisoner("Zhanbolat Mamai", gender="male"))
    _with_kazakh_words(reviewer, "gender:\n", "gender:\n  other: Басқа\n")
    reviewer.commit()
    result = reviewer.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    page = (reviewer.root / "site/kk/prisoners/mamai/index.html").read_text(encoding="utf-8")
    male = load_strings(reviewer.root / "templates", "kk")["gender"]["male"]
    assert f"<dd data-pagefind-ignore>{male}</dd>" in page


# --- 3. the check workflow names a pull request that changes code --------------------------

WARNING = "::warning::this pull request changes code: review it as code before running it"


def _check_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = load(REPO / ".github/workflows/check.yml")["jobs"]["check"][
        "steps"
    ]
    return steps


def _code_warning_step() -> dict[str, Any]:
    found = [step for step in _check_steps() if "changes code" in str(step.get("run", ""))]
    assert len(found) == 1, "check.yml: no single step warns of a pull request changing code"
    return found[0]


def test_the_code_warning_comes_first_after_checkout() -> None:
    """Before anything of the pull request runs (pip installs it, python runs it)."""
    steps = _check_steps()
    assert str(steps[0].get("uses", "")).startswith("actions/checkout@")
    assert steps[1] is not None and steps[1] == _code_warning_step()
    step = steps[1]
    assert step.get("env", {}).get("BASE_SHA") == "${{ github.event.pull_request.base.sha }}"
    assert "${{" not in step["run"]


def _pull_request(tmp_path: Path, changes: dict[str, str | None]) -> tuple[str, str]:
    """A repository whose head changes `changes` (None: deleted) from its base; the step's
    output and job summary."""
    repo = tmp_path / "repo"
    environment = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org"}
    environment |= {"GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    repo.mkdir()
    git("init", "-q")
    for name in ("content/site.yaml", "generator/build.py", "templates/base.html"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(f"{name}\n" * 20)
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    base = git("rev-parse", "HEAD").strip()
    for name, text in changes.items():
        if text is None:
            git("mv", name, f"content/{Path(name).name}")
        else:
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(text)
    git("add", "-A")
    git("commit", "-q", "-m", "pull request")
    summary = tmp_path / "summary.md"
    summary.write_text("")
    done = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", _code_warning_step()["run"]],
        cwd=repo,
        env={**environment, "BASE_SHA": base, "GITHUB_STEP_SUMMARY": str(summary)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, summary.read_text()


def test_a_content_only_pull_request_is_not_flagged(tmp_path: Path) -> None:
    changes = {"content/prisoners/x.md": "---\n", "templates/strings/ru.yaml": "a: b\n"}
    output, summary = _pull_request(tmp_path, changes)
    assert WARNING not in output
    assert summary == ""


def test_a_pull_request_changing_code_is_flagged(tmp_path: Path) -> None:
    changes = {
        "content/prisoners/x.md": "---\n",
        "templates/base.html": "{{ cycler }}\n",
        "pyproject.toml": "[project]\n",
        "generator/build.py": None,  # moved into content/: still a change to the code
        "bench/100%.py": "",  # '%' starts an escape in an annotation
    }
    output, summary = _pull_request(tmp_path, changes)
    annotation = [line for line in output.splitlines() if line.startswith("::warning::")]
    assert len(annotation) == 1
    assert annotation[0].startswith(WARNING)
    for name in ("templates/base.html", "pyproject.toml", "generator/build.py"):
        assert f"%0A{name}" in annotation[0]
        assert f"    {name}\n" in summary
    assert "%0Abench/100%25.py" in annotation[0]
    assert "content/prisoners/x.md" not in annotation[0] + summary
    assert "review it as code before running it" in summary
