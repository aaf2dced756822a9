"""Visitors can report a correction, and volunteers edit a record, from its page: links that
carry the record's file and address, or no link at all where the site names no address."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from .conftest import REPO, SITE_YAML, SiteTree, prisoner

ISSUES = "https://github.com/org/repo/issues/new?template=correction.yml"
EDIT = "https://github.com/org/repo/edit/main/"
CASE = """\
---
title: Detentions before the congress
summary: Several people were detained.
people: [mamai]
sources: [report-2019]
---
What happened.
"""


def site(tree: SiteTree, *lines: str) -> None:
    tree.write("content/site.yaml", SITE_YAML + "languages: [en, ru, kk]\n" + "".join(lines))
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai", cases="[congress]"))
    tree.case("congress", CASE)


def link(page: str, text: str) -> str:
    """The address of the link whose text is `text`, unescaped as a browser reads it."""
    found = re.search(r'<a href="([^"]*)"[^>]*>' + re.escape(text) + "</a>", page)
    assert found, f"no link {text!r}"
    return html_module.unescape(found.group(1))


def test_every_profile_and_case_links_a_prefilled_correction_form_and_the_edit_page(
    tree: SiteTree,
) -> None:
    site(tree, f"corrections_url: {ISSUES}\n", f"edit_url: {EDIT}\n")
    assert tree.run("build", "--no-search").exit_code == 0
    for page, record, title in (
        ("prisoners/mamai/", "content/prisoners/mamai.md", "Zhanbolat Mamai"),
        ("cases/congress/", "content/cases/congress.md", "Detentions before the congress"),
    ):
        html = tree.html(page + "index.html")
        report = urlsplit(link(html, "Report a correction"))
        assert report.geturl().startswith("https://github.com/org/repo/issues/new?")
        fields = parse_qs(report.query)
        assert fields["template"] == ["correction.yml"]
        assert fields["record"] == [record]
        assert fields["page"] == ["https://example.org/db/" + page]
        assert fields["title"] == [f"Correction: {title}"]
        assert link(html, "Edit this record") == EDIT + record


def test_the_form_is_prefilled_in_each_language_and_the_words_are_translated(
    tree: SiteTree,
) -> None:
    site(tree, f"corrections_url: {ISSUES}\n", f"edit_url: {EDIT}\n")
    assert tree.run("build", "--no-search").exit_code == 0
    for language, report, edit in (
        ("ru", "Сообщить об ошибке", "Изменить запись"),
        ("kk", "Қатені хабарлау", "Жазбаны өзгерту"),
    ):
        html = tree.html(f"{language}/prisoners/mamai/index.html")
        fields = parse_qs(urlsplit(link(html, report)).query)
        assert fields["record"] == ["content/prisoners/mamai.md"]
        assert fields["page"] == [f"https://example.org/db/{language}/prisoners/mamai/"]
        assert link(html, edit) == EDIT + "content/prisoners/mamai.md"
        assert "Report a correction" not in html


def test_an_email_address_gets_the_record_in_its_subject_and_body(tree: SiteTree) -> None:
    site(tree, "corrections_url: mailto:corrections@example.org\n")
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("prisoners/mamai/index.html")
    mail = urlsplit(link(html, "Report a correction"))
    assert (mail.scheme, mail.path) == ("mailto", "corrections@example.org")
    fields = parse_qs(mail.query)
    assert fields["subject"] == ["Correction: Zhanbolat Mamai"]
    assert "content/prisoners/mamai.md" in fields["body"][0]
    assert "https://example.org/db/prisoners/mamai/" in fields["body"][0]
    assert "Edit this record" not in html  # no edit_url: no link


def test_without_addresses_there_is_no_link_and_the_footer_promises_none(tree: SiteTree) -> None:
    site(tree)
    assert tree.run("build", "--no-search").exit_code == 0
    for page in ("prisoners/mamai/index.html", "cases/congress/index.html", "index.html"):
        html = tree.html(page)
        assert "Report a correction" not in html
        assert "Edit this record" not in html
        assert "repository" not in html_module.unescape(html)  # a promise with no link


def test_the_footer_of_every_page_links_the_corrections_form(tree: SiteTree) -> None:
    site(tree, f"corrections_url: {ISSUES}\n")
    assert tree.run("build", "--no-search").exit_code == 0
    for page in ("index.html", "ru/statistics/index.html", "kk/prisoners/index.html"):
        footer = tree.html(page).split('<footer class="site-footer"', 1)[1]
        address = re.search(r'<a href="(https://github.com/org/repo/issues/new[^"]*)"', footer)
        assert address, page
        assert "template=correction.yml" in html_module.unescape(address.group(1))


def test_a_corrections_address_must_be_https_or_mailto(tree: SiteTree) -> None:
    for address, accepted in (
        ("javascript:alert(1)", False),
        ("http://example.org/form", False),
        ("data:text/html,x", False),
        ("https://example.org/form", True),
        ("mailto:a@example.org", True),
    ):
        site(tree, f'corrections_url: "{address}"\n')
        result = tree.run("validate")
        assert (result.exit_code == 0) is accepted, (address, result.output)
        if not accepted:
            assert "content/site.yaml:6: corrections_url:" in result.output
            assert "https:// or mailto:" in result.output


def test_an_edit_address_must_be_a_web_address(tree: SiteTree) -> None:
    site(tree, "edit_url: javascript:alert(1)\n")
    result = tree.run("validate")
    assert result.exit_code != 0
    assert "content/site.yaml:6: edit_url: 'javascript:alert(1)' is not a web address" in (
        result.output
    )
    site(tree, "edit_url: https://github.com/org/repo/edit/main/\n")
    assert tree.run("validate").exit_code == 0


def form(name: str) -> dict:
    return yaml.safe_load((REPO / ".github/ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))


def test_the_correction_form_has_the_fields_the_links_prefill_and_warns_what_never_to_send() -> (
    None
):
    correction = form("correction.yml")
    ids = {item.get("id") for item in correction["body"]}
    assert {"record", "page"} <= ids  # the names the site's links fill in
    words = yaml.safe_dump(correction, allow_unicode=True).lower()
    for warning in ("private address", "unpublished", "privately"):
        assert warning in words
    new_case = form("new-case.yml")
    words = yaml.safe_dump(new_case, allow_unicode=True).lower()
    assert "sources" in words and "private address" in words
    assert Path(REPO / ".github/ISSUE_TEMPLATE/config.yml").exists()


def test_the_deploy_gives_the_repository_and_every_page_links_it(tree: SiteTree) -> None:
    """The published site names its repository without anyone writing it into site.yaml: the
    deploy workflow passes --repository (GitHub knows it); site.yaml's own addresses win."""
    site(tree)
    assert (
        tree.run("build", "--no-search", "--repository", "https://github.com/org/repo").exit_code
        == 0
    )
    html = tree.html("prisoners/mamai/index.html")
    assert link(html, "Report a correction").startswith(ISSUES + "&")
    assert link(html, "Edit this record") == EDIT + "content/prisoners/mamai.md"

    site(tree, "corrections_url: mailto:corrections@example.org\n")
    assert (
        tree.run("build", "--no-search", "--repository", "https://github.com/org/repo").exit_code
        == 0
    )
    html = tree.html("prisoners/mamai/index.html")
    assert link(html, "Report a correction").startswith("mailto:corrections@example.org?")
    assert link(html, "Edit this record") == EDIT + "content/prisoners/mamai.md"

    refused = tree.run("build", "--no-search", "--repository", "javascript:alert(1)")
    assert refused.exit_code == 2 and "--repository" in refused.output


def test_the_deploy_workflow_passes_its_repository() -> None:
    workflow = (REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    assert "REPOSITORY: ${{ github.server_url }}/${{ github.repository }}" in workflow
    assert '--repository "$REPOSITORY"' in workflow
