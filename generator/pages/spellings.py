"""Search keys for names: the common spellings of a name, in Latin or Cyrillic, fold alike.

"Жексебаев", "Zheksebayev" and "Zheksebaev" all fold to "jeksebaev". The rules are a table
(spellings.json) that the search page's script applies to the query in the same way, so the
two ends cannot drift apart; tests/search/spellings.json holds the cases both are tested on.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("spellings.json")
# Keys are indexed as words of their own, never as a spelling: the prefix keeps a key from
# matching the same letters in someone else's text ("mamai" in a report about a rally).
KEY_PREFIX = "0"
# Pagefind shows text around a match, keys too: the page puts them last, after this mark, and
# the search page cuts excerpts there.
EXCERPT_END = "⁂"
_ACCENTS = re.compile("[\u0300-\u036f]+")
_NOT_WORD = re.compile("[^a-z0-9]+")
_LETTER = re.compile("[a-z]")
# What separates the words a reader types: "Ust-Kamenogorsk" is one (a key of its own, as the
# search page's script folds a query), "Жанболат Мамай" two.
_TOKENS = re.compile('[\\s,.;:!?()"«»/–—]+')


@cache
def rules() -> dict[str, Any]:
    """The folding table as the search page's script receives it."""
    table: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return {
        "letters": table["letters"],
        "rules": table["rules"],
        "prefix": KEY_PREFIX,
        "excerpt_end": EXCERPT_END,
    }


@cache
def _compiled() -> tuple[dict[int, str], tuple[tuple[re.Pattern[str], str], ...]]:
    table = rules()
    letters = str.maketrans(table["letters"])
    steps = tuple(
        (re.compile(pattern), re.sub(r"\$(\d)", r"\\\1", replacement))
        for pattern, replacement in table["rules"]
    )
    return letters, steps


def fold(text: str) -> list[str]:
    """The folded words of `text`, in order: 'Жанболат Мамай' -> ['janbolat', 'mamai']."""
    letters, _ = _compiled()
    latin = unicodedata.normalize("NFKD", text.lower().translate(letters))
    words = (_fold_word(word) for word in _NOT_WORD.split(_ACCENTS.sub("", latin)))
    return [word for word in words if word]


# Names share their words (thousands of people, a few hundred first names): each is folded once.
@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    for pattern, replacement in _compiled()[1]:
        word = pattern.sub(replacement, word)
    return word


# serve plans every record again after each edit: their keys are not folded again.
@lru_cache(maxsize=1 << 17)
def search_keys(names: tuple[str, ...]) -> tuple[str, ...]:
    """The keys of every word of every spelling, each once, in order; words without a letter
    (numbers) make none."""
    keys = (word for name in names for word in fold(name) if _LETTER.search(word))
    return tuple(dict.fromkeys((*keys, *token_keys(names))))


def suggestions(spelling: str) -> tuple[tuple[str, str], ...]:
    """(key, word) of each word of `spelling` as typed that has a key: what a search that finds
    nothing suggests from."""
    return tuple((key, word) for word in typed_words(spelling) for key in token_keys((word,)))


def typed_words(text: str) -> list[str]:
    """The words of `text` as a reader types them: "Ust-Kamenogorsk" is one."""
    return [word for word in _TOKENS.split(text) if word]


def token_keys(texts: Iterable[str]) -> tuple[str, ...]:
    """The key of each word as typed, each once, in order: a hyphenated one folded whole
    ("Ust-Kamenogorsk" -> "ustkamenogorsk"); those without a letter make none. A query's keys
    are made so (assets/search.js)."""
    tokens = (token for text in texts for token in typed_words(text))
    keys = ("".join(fold(token)) for token in tokens)
    return tuple(dict.fromkeys(key for key in keys if _LETTER.search(key)))
