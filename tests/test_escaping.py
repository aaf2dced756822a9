"""Templates print through escape_text: the same characters markupsafe.escape gives."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup, escape

from generator.pages.escaping import EscapingCodeGenerator, escape_text


class _Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


@pytest.mark.parametrize(
    "value",
    ["plain", "<script>&'\"", Markup("<i>kept</i>"), 405, None, _Html(), "ё & <ä>"],
)
def test_escape_text_matches_markupsafe(value: object) -> None:
    assert escape_text(value) == escape(value)


def test_templates_escape_once_everywhere_they_print() -> None:
    env = jinja2.Environment(autoescape=True)
    env.code_generator_class = EscapingCodeGenerator
    source = (
        "{% macro m(x) %}<{{ x }}>{% endmacro %}"
        "{% set block %}{{ v }}{% endset %}"
        "{{ v }}|{{ m(v) }}|{{ block }}|{{ v ~ '&' }}|{{ safe }}"
    )
    # Jinja's own escape() where this module's is not called: the printing would cost as before.
    assert "escape_text(" in env.compile(source, raw=True)
    html = env.from_string(source).render(v="<&'>", safe=Markup("<b>"))
    assert html == (
        "&lt;&amp;&#39;&gt;|<&lt;&amp;&#39;&gt;>|&lt;&amp;&#39;&gt;|&lt;&amp;&#39;&gt;&amp;|<b>"
    )
