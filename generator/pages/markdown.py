"""Markdown written by volunteers -> safe HTML. Configured once: raw HTML off, safe links only.

Rendered by markdown-it-pyrs (markdown-it's rules, compiled in Rust: far faster than
markdown-it-py). It has no Python hooks, so the site's rules are kept around it:

- raw HTML and images: their rules are never enabled, so `<b>` is text and `![a](u)` is "!" and
  a link;
- links: markdown-it itself refuses javascript:, vbscript:, file: and data: (the link stays
  text); the site allows less (http, https, mailto and relative links only), so every link in
  the output is checked here, and the source of a refused one is escaped and rendered again,
  so that it too stays text as it is written;
- headings one level down, and rel="nofollow ..." on links to other hosts, in the same pass.

markdown-it-pyrs 0.4.0 panics (the markdown-it crate 0.6.0, in its code span scanner) on a '['
followed by a '`' that is never closed, which volunteers type ("see [`code"): a text with both
characters is rendered by markdown-it-py instead, with the same rules, as every text was before.

The rendered HTML can be edited with a regular expression only because raw HTML is off: every
tag in it was made by the renderer, and every attribute value is escaped (no '"' inside).

Both renderers recurse on nesting, and markdown-it-pyrs has no limit of its own: 150,000 '>'
overflow its stack (the process dies of SIGSEGV), and deep emphasis or many reference
definitions cost quadratic time. `limit_exceeded` bounds them before any text is rendered:
validate refuses a text over a bound, so the renderer never sees one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache
from importlib.metadata import version
from typing import Any
from urllib.parse import urlsplit

import markdown_it
from markdown_it.token import Token
from markdown_it_pyrs import MarkdownIt

SAFE_SCHEMES = ("http", "https", "mailto")
# What the HTML depends on besides this code: part of every page's fingerprint, so that another
# version of a renderer renders every page again.
RENDERERS = " ".join(f"{name} {version(name)}" for name in ("markdown-it-pyrs", "markdown-it-py"))
# markdown-it-py's "commonmark" rules with tables and strikethrough, less html_block,
# html_inline and image.
RULES: list[Any] = [  # markdown-it-pyrs types them as a Literal of its rule names
    *("blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph"),
    *("reference", "autolink", "backticks", "emphasis", "entity", "escape", "link", "newline"),
    *("table", "strikethrough"),
]
EXTERNAL_REL = ' rel="nofollow noopener noreferrer"'
# An escape can make a new link of the text around the old one ([a [b](ftp:x)](ftp:y)): a few
# rounds undo every such nesting written by hand; after them, refused links lose their tag.
ESCAPE_ROUNDS = 4

# Bounds far above any biography (a few levels of quotes and lists, a few dozen emphasised words
# in a paragraph, a few dozen reference links), far below what makes a renderer fail or crawl.
MAX_NESTING = 100  # block quotes and list items, one inside another
MAX_EMPHASIS_MARKS = 1000  # '*', '_' and '~' in one paragraph
MAX_REFERENCE_DEFINITIONS = 500  # '[label]: address' lines in one text

_TAG = re.compile(r'<a href="([^"]*)"([^>]*)>|<(/?)h([1-6])>')
_ANCHOR = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)


# The markers at a line's start that open or continue a block quote or list item, with the
# indentation that continues a list item.
_CONTAINER_PREFIX = re.compile(
    r"^(?:[ \t]*(?:>|[-+*](?=[ \t\n]|$)|[0-9]{1,9}[.)](?=[ \t\n]|$)))+", re.M
)
_ESCAPED = re.compile(r"\\[^\n]")  # a backslash escape: the character after it is text
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def limit_exceeded(text: str) -> tuple[int, str] | None:
    """The line (0 = the text's first) and description of the first bound a Markdown text
    exceeds, if it exceeds one. Linear in the text, and never less than what the renderer
    meets, however the text is written: it errs, rarely, on the side of refusing."""
    if "\r" in text:  # line breaks as the renderer reads them
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _nesting_exceeded(text) or _emphasis_exceeded(text) or _references_exceeded(text)


def _nesting_exceeded(text: str) -> tuple[int, str] | None:
    """A line nests no deeper than its markers ('>', '-', '1.') and its indentation say: a
    list item goes on only below at least two more columns of indentation."""
    for prefix in _CONTAINER_PREFIX.finditer(text):
        found = prefix.group()
        markers = sum(found.count(mark) for mark in ">-+*.)")  # one of these in each marker
        columns = found.count(" ") + 4 * found.count("\t")
        if markers + columns // 2 > MAX_NESTING:
            return text.count("\n", 0, prefix.start()), (
                f"nests block quotes or lists more than {MAX_NESTING} deep: remove the extra"
                " '>', '-', '*' or numbers at the start of the line"
            )
    return None


def _emphasis_exceeded(text: str) -> tuple[int, str] | None:
    """Each emphasis around a place in a paragraph has a mark before it and one after it, so
    a paragraph of a few marks nests emphasis no deeper than half of them."""
    if sum(text.count(mark) for mark in "*_~") <= MAX_EMPHASIS_MARKS:
        return None  # most texts: no paragraph can have more
    unescaped = _ESCAPED.sub("", text)  # line breaks stay, so lines keep their numbers
    start = 0
    for end in [*(blank.start() for blank in _BLANK_LINE.finditer(unescaped)), len(unescaped)]:
        marks = sum(unescaped.count(mark, start, end) for mark in "*_~")
        if marks > MAX_EMPHASIS_MARKS:
            first = min(i for mark in "*_~" if (i := unescaped.find(mark, start, end)) >= 0)
            return unescaped.count("\n", 0, first), (
                f"has a paragraph of {marks} emphasis marks ('*', '_' or '~'; at most"
                f" {MAX_EMPHASIS_MARKS}): remove them, or write each as '\\*', '\\_' or '\\~'"
            )
        start = end + 1
    return None


def _references_exceeded(text: str) -> tuple[int, str] | None:
    """Each reference definition has ']:' after its label."""
    definitions = text.count("]:")
    if definitions <= MAX_REFERENCE_DEFINITIONS:
        return None
    return text.count("\n", 0, text.find("]:")), (
        f"has {definitions} reference definitions ('[label]: address'; at most"
        f" {MAX_REFERENCE_DEFINITIONS}): write the links in place, as [text](address)"
    )


def _is_safe_link(url: str) -> bool:
    """http, https, mailto and site-relative links; never javascript:, data: and the like."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in SAFE_SCHEMES or (scheme == "" and not url.strip().startswith("//"))


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("zero")
    parser.enable_many(RULES)
    return parser


_PARSER = _make_parser()


def render_markdown(text: str) -> str:
    if "`" in text and "[" in text:
        return str(_reference_parser().render(text))
    try:
        return _rendered(text)
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        if type(error).__name__ != "PanicException":
            raise
        return str(_reference_parser().render(text))


def _rendered(text: str) -> str:
    for _ in range(ESCAPE_ROUNDS):
        rendered = _finished(_PARSER.render(text))
        # A refused reference definition makes no link, but it is text all the same.
        if rendered is not None and ("]:" not in text or not _refused_starts(text)):
            return rendered
        escaped = _refused_links_escaped(text)
        if escaped == text:
            break
        text = escaped
    return _finished(_refused_anchors_removed(_PARSER.render(text))) or ""


def _finished(rendered: str) -> str | None:
    """Headings shifted and rel added to external links; None if a link must be refused."""
    refused = False

    def edit(match: re.Match[str]) -> str:
        nonlocal refused
        href, rest, close, level = match.groups()
        if level is not None:  # a biography's '# Heading' must not compete with the page's <h1>
            return f"<{close}h{min(int(level) + 1, 6)}>"
        url = html.unescape(href)
        if not _is_safe_link(url):
            refused = True
        elif urlsplit(url).scheme in ("http", "https"):
            return f'<a href="{href}"{rest}{EXTERNAL_REL}>'
        return match.group(0)

    result = _TAG.sub(edit, rendered)
    return None if refused else result


def _refused_links_escaped(text: str) -> str:
    """The source with a backslash before each refused link and reference definition, so that
    it renders as the text it is, as markdown-it-py left a link its validator refused."""
    source = text.encode()
    starts = {start for start in _refused_starts(text) if source[start : start + 1] in (b"[", b"<")}
    pieces, copied = [], 0
    for start in sorted(starts):  # in pieces: a copy of the whole text per link is quadratic
        pieces += [source[copied:start], b"\\"]
        copied = start
    return b"".join([*pieces, source[copied:]]).decode()


def _refused_starts(text: str) -> list[int]:
    """Byte offsets in the source where refused links (and definitions) start."""
    starts = []
    for node in _PARSER.tree(text).walk():
        url = node.meta.get("url", node.meta.get("destination"))
        refused = node.name in ("link", "autolink", "definition") and not _is_safe_link(str(url))
        if refused and node.srcmap is not None:
            starts.append(node.srcmap[0])  # bytes of the UTF-8 source
    return starts


def _refused_anchors_removed(rendered: str) -> str:
    """The last resort: a refused link keeps its text and loses its tag."""

    def edit(match: re.Match[str]) -> str:
        return match.group(0) if _is_safe_link(html.unescape(match.group(1))) else match.group(2)

    return _ANCHOR.sub(edit, rendered)


def _shift_headings(state: Any) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def _render_link_open(
    renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    token = tokens[index]
    if urlsplit(str(token.attrGet("href") or "")).scheme in ("http", "https"):
        token.attrSet("rel", EXTERNAL_REL[6:-1])
    return str(renderer.renderToken(tokens, index, options, env))


@cache
def _reference_parser() -> markdown_it.MarkdownIt:
    """markdown-it-py with the same rules: the site's renderer before markdown-it-pyrs."""
    parser = markdown_it.MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.disable("image")  # an image would load from wherever its address points
    parser.validateLink = _is_safe_link  # type: ignore[method-assign]
    parser.core.ruler.push("shift_headings", _shift_headings)
    parser.add_render_rule("link_open", _render_link_open)
    return parser


EXCERPT_WORDS = 30
# Link targets go, then the marks of emphasis and code (within words), and of headings, quotes
# and links (between them); parentheses in prose stay.
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_EMPHASIS = re.compile(r"[*_`]")
_MARKDOWN_PUNCTUATION = re.compile(r"[#>\[\]]")


def excerpt(markdown_text: str) -> str:
    """The first words of Markdown text, without its punctuation."""
    start = markdown_text[: EXCERPT_WORDS * 40]  # enough for the words wanted, most of the time
    words = _plain(start).split()
    if len(words) <= EXCERPT_WORDS and len(start) < len(markdown_text):
        words = _plain(markdown_text).split()
    return " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")


def _plain(markdown_text: str) -> str:
    return _MARKDOWN_PUNCTUATION.sub(" ", _EMPHASIS.sub("", _LINK_TARGET.sub("]", markdown_text)))
