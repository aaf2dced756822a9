"""Markdown written by volunteers -> safe HTML. Configured once: raw HTML off, safe links only."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = ("http", "https", "mailto")


def _is_safe_link(url: str) -> bool:
    """http, https, mailto and site-relative links; never javascript:, data: and the like."""
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in SAFE_SCHEMES or (scheme == "" and not url.strip().startswith("//"))


def _shift_headings(state: Any) -> None:
    """A biography's '# Heading' must not compete with the page's own <h1>."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def _render_link_open(
    renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    token = tokens[index]
    if urlsplit(str(token.attrGet("href") or "")).scheme in ("http", "https"):
        token.attrSet("rel", "nofollow noopener noreferrer")
    return str(renderer.renderToken(tokens, index, options, env))


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    # Images would load from wherever the URL points: a request to a third-party host.
    parser.disable("image")
    parser.validateLink = _is_safe_link  # type: ignore[method-assign]
    parser.core.ruler.push("shift_headings", _shift_headings)
    parser.add_render_rule("link_open", _render_link_open)
    return parser


_PARSER = _make_parser()


def render_markdown(text: str) -> str:
    html: str = _PARSER.render(text)
    return html


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
