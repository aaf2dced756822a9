"""Each kind of content file a volunteer writes, declared once: loading, validation,
translation, references, the JSON Schemas, the scaffold and the published list's advice read
these declarations, and the fields come from the model class (`fields.specs_of`)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.model import Article, Case, Prisoner, SiteSettings, Source, TextPage


@dataclass(frozen=True)
class Kind:
    name: str  # its JSON Schema (schema/<name>.json) and `new <name>`
    # Its folder (content/<key>/<slug>.md) or table file (content/<key>.yaml), and what each
    # stage files its records under (RawContent, Validated, KnownIds, a translation's table).
    key: str
    record: type
    title: str  # its JSON Schema's
    folder: bool = False  # one Markdown file per record, translated by <slug>.<language>.md
    by_id: bool = False  # a table of entries by id, translated entry by entry
    body: str = "text"  # what a record file's Markdown text is called in messages

    def original(self, key: str = "") -> str:
        """The file a translation or a reference of this kind names."""
        return f"content/{self.key}/{key}.md" if self.folder else f"content/{self.key}.yaml"


KINDS = (
    Kind("prisoner", "prisoners", Prisoner, "The front matter of content/prisoners/<slug>.md",
         folder=True, body="biography"),
    Kind("case", "cases", Case, "The front matter of content/cases/<slug>.md", folder=True),
    Kind("page", "pages", TextPage, "The front matter of content/pages/<slug>.md", folder=True),
    Kind("articles", "articles", Article, "content/articles.yaml: law articles by id", by_id=True),
    Kind("sources", "sources", Source, "content/sources.yaml: publications by id", by_id=True),
    Kind("site", "site", SiteSettings, "content/site.yaml: the site's settings"),
)  # fmt: skip
BY_KEY = {kind.key: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}
FOLDERS = tuple(kind for kind in KINDS if kind.folder)
ENTRIES = tuple(kind for kind in KINDS if kind.by_id)
# The site's settings first, then the tables of entries (as messages list them).
TABLES = tuple(sorted((kind for kind in KINDS if not kind.folder), key=lambda kind: kind.by_id))


def spoken(words: list[str]) -> str:
    """'a, b and c', as messages list things."""
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
