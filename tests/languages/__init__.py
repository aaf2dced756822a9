"""Tests of the site's languages. Their lists come from the bundled site's settings, never
literals: a language added to content/site.yaml is checked like the others."""

from __future__ import annotations

import yaml

from tests.conftest import REPO


def bundled_languages() -> tuple[str, ...]:
    """The bundled site's languages as content/site.yaml gives them, the originals' first."""
    site = yaml.safe_load((REPO / "content/site.yaml").read_text(encoding="utf-8"))
    original = site["language"]
    return (original, *(code for code in site.get("languages", ()) if code != original))


def translated_languages() -> tuple[str, ...]:
    """The bundled site's languages other than the originals': those readers see translations in."""
    return bundled_languages()[1:]
