"""The biography renderer keeps the site's rules: links only to http, https, mailto or relative
addresses, in every disguise; raw HTML and images as text; headings below the page's title."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.markdown import _is_safe_link, render_markdown

HREF = re.compile(r'href="([^"]*)"')

# Each is refused, and shown as the text it is.
REFUSED = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",  # an entity
    "&#x6A;avascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "DATA:text/html,x",
    "file:///etc/passwd",
    "ftp://example.org/",
    "//evil.example/",  # protocol-relative
    "&#x2F;&#x2F;evil.example/",
    "&#47;/evil.example/",
    "<//evil.example/>",
    "  //evil.example/",
    "tel:+77001234567",
]


@pytest.mark.parametrize("url", REFUSED)
def test_a_refused_link_stays_text(url: str) -> None:
    html = render_markdown(f"Read [the report]({url}) here.")
    assert "<a " not in html
    assert "[the report](" in html


@pytest.mark.parametrize("url", ["ftp://x/", "//evil.example/", "javascript:alert(1)"])
def test_refused_autolinks_and_definitions_stay_text(url: str) -> None:
    assert "<a " not in render_markdown(f"<{url}>")
    html = render_markdown(f"See [the report][r].\n\n[r]: {url}\n")
    assert "<a " not in html and "[the report][r]" in html and "[r]:" in html


def test_a_refused_link_inside_a_link_stays_text() -> None:
    html = render_markdown("[a [b](ftp://x) c](//y) and [ok](https://example.org/)")
    assert HREF.findall(html) == ["https://example.org/"]


# Tabs, backslashes and control characters: what survives becomes a harmless relative address
# (percent-encoded), never a scheme or another host.
@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("<java\tscript:alert(1)>", "java%09script:alert(1)"),
        ("java&#x09;script:alert(1)", "java%09script:alert(1)"),
        ("\\\\\\\\evil.example/", "%5C%5Cevil.example/"),  # \\evil.example/
        ("/\\\\evil.example/", "/%5Cevil.example/"),
        ("java\\\\script:alert(1)", "java%5Cscript:alert(1)"),
        ("%2F%2Fevil.example/", "%2F%2Fevil.example/"),
    ],
)
def test_disguised_schemes_become_relative_addresses(url: str, href: str) -> None:
    assert HREF.findall(render_markdown(f"[x]({url})")) == [href]


@pytest.mark.parametrize(
    ("url", "rel"),
    [
        ("https://example.org/a?b&c", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("mailto:editor@example.org", False),
        ("../../sources/report/", False),
        ("#events", False),
    ],
)
def test_allowed_links(url: str, rel: bool) -> None:
    html = render_markdown(f'[x]({url} "a title")')
    assert html.count("<a href=") == 1
    assert ('rel="nofollow noopener noreferrer"' in html) is rel
    assert 'title="a title"' in html


def test_raw_html_and_images_are_text_headings_shifted() -> None:
    html = render_markdown(
        "# One\n\n###### Six\n\n<b onclick=x()>b</b>\n\n<div>block</div>\n\n![t](https://e.x/p.png)"
    )
    assert "<h2>One</h2>" in html and "<h6>Six</h6>" in html and "<h1>" not in html
    assert "&lt;b onclick=x()&gt;b&lt;/b&gt;" in html and "&lt;div&gt;" in html
    assert "<img" not in html and "!<a href" in html


def test_tables_and_strikethrough() -> None:
    html = render_markdown("| a | b |\n|---|---|\n| 1 | ~~2~~ |\n")
    assert "<table>" in html and "<td><s>2</s></td>" in html


@pytest.mark.parametrize("text", ["see [`code", "[`x` and [`y", "[a](https://e.x/) `"])
def test_texts_markdown_it_pyrs_cannot_render_are_rendered(text: str) -> None:
    # markdown-it-pyrs 0.4.0 panics on '[' then an unclosed '`'
    assert render_markdown(text).startswith("<p>")


ATOMS = ["[", "]", "](", ")", "<", ">", "\\", "`", "*", "~~", "\n", "\n\n", "> ", "- ", "|",
         "[r]: ", "&#x2F;", "&#58;", "&colon;", "\t", " ", "x", "javascript:", "JAVASCRIPT:",
         "data:", "vbscript:", "ftp:", "//", "https://e.x/", "mailto:a@e.x", '"t"']  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ATOMS), max_size=30).map("".join))
def test_no_text_makes_an_unsafe_link(text: str) -> None:
    for href in HREF.findall(render_markdown(text)):
        assert _is_safe_link(href.replace("&amp;", "&")), (text, href)
        assert not re.match(r"(?i)\s*(javascript|vbscript|data|file):", href)
