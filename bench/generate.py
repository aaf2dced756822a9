"""Deterministic synthetic content in the real content model, for benchmarks.

python -m bench.generate 10000 /tmp/bench-10000
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LATIN_FIRST = ["Aidar", "Asan", "Marat", "Zhanbolat", "Dana", "Aigul", "Nurlan", "Serik", "Gulnara",
               "Yerlan", "Bakhyt", "Saule", "Askar", "Madina", "Ruslan", "Aliya", "Timur", "Zhanar"]  # fmt: skip
LATIN_LAST = ["Tusbekov", "Zhylanbaev", "Mamai", "Rakhmetulla", "Nugmanov", "Syzdykov", "Valiyev",
              "Dzhakhin", "Temirbekov", "Shegebekuly", "Imanbai", "Sarsenov", "Omarova", "Kairatov"]  # fmt: skip
CYRILLIC = {"Aidar": "Айдар", "Asan": "Асан", "Marat": "Марат", "Zhanbolat": "Жанболат", "Dana": "Дана",
            "Aigul": "Айгуль", "Nurlan": "Нурлан", "Serik": "Серик", "Gulnara": "Гульнара", "Yerlan": "Ерлан",
            "Bakhyt": "Бахыт", "Saule": "Сауле", "Askar": "Аскар", "Madina": "Мадина", "Ruslan": "Руслан",
            "Aliya": "Алия", "Timur": "Тимур", "Zhanar": "Жанар", "Tusbekov": "Тусбеков",
            "Zhylanbaev": "Жыланбаев", "Mamai": "Мамай", "Rakhmetulla": "Рахметулла", "Nugmanov": "Нугманов",
            "Syzdykov": "Сыздыков", "Valiyev": "Валиев", "Dzhakhin": "Джахин", "Temirbekov": "Темирбеков",
            "Shegebekuly": "Шегебекулы", "Imanbai": "Иманбай", "Sarsenov": "Сарсенов", "Omarova": "Омарова",
            "Kairatov": "Кайратов"}  # fmt: skip
REGIONS = ["Almaty", "Astana", "Shymkent", "Mangystau Region", "Aktobe Region", "Karaganda Region",
           "Pavlodar Region", "Atyrau Region", "Zhambyl Region", "Turkistan Region"]  # fmt: skip
STATUSES = ["imprisoned", "detained", "pretrial_detention", "administrative_arrest", "fined",
            "released", "restricted_freedom", "under_investigation", "house_arrest", "unknown"]  # fmt: skip
EVENTS = ["detained", "searched", "charged", "trial", "sentenced", "appeal", "administrative_arrest",
          "fined", "released", "transferred", "harassment"]  # fmt: skip
WORDS = ("the court activist detained police charged peaceful protest organisation party member "
         "report human rights defenders said sentence appeal colony prison family lawyer posted "
         "video social media banned extremism financing rally square city region authorities").split()  # fmt: skip


def generate(count: int, root: Path, seed: int = 1, languages: tuple[str, ...] = ()) -> Path:
    """A project folder with `count` prisoners, about count/20 cases, 40 articles, count/10
    sources; published in `languages` (site.yaml), none of the records translated."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    (content / "prisoners").mkdir(parents=True)
    (content / "cases").mkdir()
    for folder in ("templates", "assets"):  # copies: the build reads through no link
        shutil.copytree(REPO / folder, root / folder)
    (content / "site.yaml").write_text(
        "title: Benchmark\ndescription: Synthetic records.\nbase_url: https://example.org/\nlanguage: en\n"
        + (f"languages: [{', '.join(languages)}]\n" if languages else "")
    )
    articles = [f"cc-{n}" for n in range(100, 120)] + [f"aoc-{n}" for n in range(400, 420)]
    (content / "articles.yaml").write_text("".join(
        f"{a}:\n  code: {'criminal' if a.startswith('cc') else 'administrative'}\n"
        f"  number: \"{a.split('-')[1]}\"\n  title: {_sentence(rng, 6)}\n"
        for a in articles
    ))  # fmt: skip
    sources = [f"report-{n}" for n in range(max(10, count // 10))]
    (content / "sources.yaml").write_text("".join(
        f"{s}:\n  title: {_sentence(rng, 8)}\n  date: {_date(rng)}\n  publisher: Monitor {n % 7}\n"
        f"  url: https://example.org/{s}\n"
        for n, s in enumerate(sources)
    ))  # fmt: skip
    cases = [f"case-{n}" for n in range(max(3, count // 20))]
    for case in cases:
        (content / "cases" / f"{case}.md").write_text(
            f"---\ntitle: {_sentence(rng, 5)}\nsummary: {_sentence(rng, 14)}\nstatus: ongoing\n"
            f"start: {_date(rng)}\nsources: [{rng.choice(sources)}]\n---\n{_body(rng, 150, 300)}"
        )
    for n in range(count):
        first, last = rng.choice(LATIN_FIRST), rng.choice(LATIN_LAST)
        lines = [
            f"name: {first} {last} {n}",
            # Spellings of one person each, as real ones are (shared ones are warned about).
            f"name_variants: [{CYRILLIC[first]} {CYRILLIC[last]} {n}, {first} {last}a {n}]",
            f"status: {rng.choice(STATUSES)}",
            f"region: {rng.choice(REGIONS)}",
            "charges:",
            *(f"  - article: {a}\n    part: {rng.randint(1, 4)}"
              for a in rng.sample(articles, rng.randint(1, 3))),
            f"cases: [{', '.join(rng.sample(cases, rng.randint(1, 2)))}]",
            "events:",
            *(f"  - date: {date}\n    type: {kind}\n    summary: {_sentence(rng, 12)}\n"
              f"    sources: [{rng.choice(sources)}]" for date, kind in _events(rng)),
            f"sources: [{', '.join(rng.sample(sources, rng.randint(1, 3)))}]",
        ]  # fmt: skip
        body = _body(rng, 150, 400)
        (content / "prisoners" / f"person-{n:05d}.md").write_text(
            "---\n" + "\n".join(lines) + "\n---\n" + body
        )
    return root


def _events(rng: random.Random) -> list[tuple[str, str]]:
    """(date, type) of 2-6 events in an order validate accepts: by date, detentions and charges
    before releases and sentences."""
    count = rng.randint(2, 6)
    dates = sorted((_date(rng) for _ in range(count)), key=lambda d: (d + "-01-01")[:10])
    rank = {"detained": 0, "charged": 0, "released": 2, "sentenced": 2}
    kinds = sorted((rng.choice(EVENTS) for _ in range(count)), key=lambda k: rank.get(k, 1))
    return list(zip(dates, kinds, strict=True))


def _date(rng: random.Random) -> str:
    year = rng.randint(2015, 2025)
    form = rng.randint(0, 2)
    if form == 0:
        return str(year)
    if form == 1:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _body(rng: random.Random, low: int, high: int) -> str:
    words = rng.randint(low, high)
    paragraphs = []
    while words > 0:
        size = min(words, rng.randint(40, 90))
        paragraphs.append(_sentence(rng, size) + ".")
        words -= size
    return "\n\n".join(paragraphs) + "\n"


if __name__ == "__main__":
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
