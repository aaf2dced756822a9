"""Escaping for what templates print, as Jinja's autoescape does, without a Markup per value.

Jinja compiles each `{{ value }}` of an autoescaped template to `escape(value)`: markupsafe
makes a Markup object of every value (a Python-level constructor), only for the page to join
them into one string at once; a profile page prints about 250 values. EscapingCodeGenerator
prints the same characters as plain text instead. Only what a template prints goes through
it: an output's parts are always joined (and a macro's or a {% set %} block's joined text
made Markup) before anything else can see them, so no value is ever escaped twice or not at
all. Expressions (`~`, filters, arguments) keep Jinja's own.
"""

from __future__ import annotations

from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr, Template

# What markupsafe.escape calls for a str: its C escaping, or its Python one where that is missing.
from markupsafe import _escape_inner  # type: ignore[attr-defined]


def escape_text(value: Any) -> str:
    """markupsafe.escape(value) as a str: Markup is printed as it is, anything else escaped."""
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return value.__html__()  # type: ignore[no-any-return]
    return _escape_inner(str(value))


class EscapingCodeGenerator(CodeGenerator):
    """Jinja's code generator, printing through escape_text where it would call escape."""

    def visit_Template(self, node: Template, frame: Frame | None = None) -> None:
        self.writeline(f"from {__name__} import escape_text")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("escape_text(")
        if finalize.src is not None:
            self.write(finalize.src)
