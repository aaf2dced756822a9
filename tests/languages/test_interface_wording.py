"""Interface words as a Russian or Kazakh reader meets them on the pages: an event of type
other shows no label ("Other" tells nothing, and it filled search excerpts), a person's
organisations are called so, an administrative case is not called a charge (docs/glossary.md),
and a search filter left open reads "All"."""

from __future__ import annotations

import re

import pytest

from ..conftest import SITE_YAML, SiteTree, prisoner

OTHER_LABELS = {"": "Other", "ru/": "Другое", "kk/": "Басқа"}
EVENTS = (
    "[{date: 2023-04-09, type: other, summary: Spoke at a rally.},"
    " {date: 2023-04-10, type: other, place: Oral, summary: Joined a picket.},"
    " {date: 2023-04-12, type: detained, place: Oral, summary: Detained at home.},"
    " {date: 2023-04-13, type: charged, summary: A protocol under AC 488.}]"
)


@pytest.fixture
def site(tree: SiteTree) -> SiteTree:
    tree.write("content/site.yaml", SITE_YAML + "languages: [en, ru, kk]\n")
    tree.prisoner(
        "orator",
        prisoner(
            "Test Orator",
            events=EVENTS,
            affiliations="[Oyan Qazaqstan]",
            charges="[{article: aoc-488}]",
        ),
    )
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    return tree


def text(html: str) -> str:
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", "", main).split())


@pytest.mark.parametrize("prefix", list(OTHER_LABELS))
def test_an_event_of_type_other_has_no_label(site: SiteTree, prefix: str) -> None:
    label = OTHER_LABELS[prefix]
    pages = {
        "profile": text(site.html(f"{prefix}prisoners/orator/index.html")),
        "timeline": text(site.html(f"{prefix}timeline/2023/index.html")),
        "home": text(site.html(f"{prefix}index.html")),
    }
    for name, page in pages.items():
        assert not re.search(rf"(?<!\w){label}(?!\w)", page), (name, page)
        assert "Spoke at a rally." in page and "Joined a picket." in page, name
    profile = pages["profile"]
    assert "Oral: Joined a picket." in profile  # the place stays, without a label before it
    assert ": Spoke at a rally." not in profile  # after its date, nothing before it
    assert "Test Orator: Oral. Joined a picket." in pages["timeline"]
    assert "Test Orator: Spoke at a rally." in pages["timeline"]
    feed = site.html(f"{prefix}prisoners/orator/feed.xml")
    titles = re.findall(r"<title>(.*?)</title>", feed)
    assert titles.count("Test Orator") == 2 and not any(label in t for t in titles)
    assert any(t.startswith("Test Orator: ") for t in titles)  # the detention keeps its label


def test_russian_and_kazakh_words_a_reader_would_use(site: SiteTree) -> None:
    ru = text(site.html("ru/prisoners/orator/index.html"))
    assert "Принадлежность" not in ru and "Организации и движения Oyan Qazaqstan" in ru
    # an administrative case has no «обвинение» or «айып» (docs/glossary.md): articles, penalty
    assert "Обвинени" not in ru and "Статьи закона КоАП РК 488" in ru
    kk = text(site.html("kk/prisoners/orator/index.html"))
    assert "айып" not in kk.lower() and "Заң баптары ҚР ӘҚБтК 488" in kk
    assert "Обвиняемые" not in site.html("ru/articles/aoc-488/index.html")
    assert "Предъявление обвинения" not in ru and "Привлечение к ответственности" in ru
    kk_search = site.html("kk/search/index.html")
    assert "Кез келген" not in kk_search
    assert kk_search.count('<option value="">Барлығы</option>') >= 2


def test_a_term_that_ends_at_the_latest_on_a_date_reads_as_kazakh(tree: SiteTree) -> None:
    tree.write("content/site.yaml", SITE_YAML + "languages: [en, ru, kk]\n")
    arrest = "[{date: 2019-11, type: administrative_arrest, term: 15 days, summary: Jailed.}]"
    tree.prisoner("jailed", prisoner("Test Jailed", status="released", events=arrest))
    assert tree.run("build", "--no-search").exit_code == 0
    kk = text(tree.html("kk/prisoners/jailed/index.html"))
    # «кешіктірмей» follows its date ('...-нан кешіктірмей'): before one, «ең кеші» reads
    assert "ең кеші 2019 ж. 15 желтоқсан" in kk and "кешіктірмей" not in kk


def test_from_a_month_is_declined_in_russian(tree: SiteTree) -> None:
    tree.write("content/site.yaml", SITE_YAML + "languages: [en, ru, kk]\n")
    fields = {"sentence": "5 years", "sentence_start": "2024-08"}
    tree.prisoner("held", prisoner("Test Held", **fields))
    assert tree.run("build", "--no-search").exit_code == 0
    ru = text(tree.html("ru/prisoners/held/index.html"))
    assert "; с августа 2024 г." in ru  # not «с август»
    en = text(tree.html("prisoners/held/index.html"))
    assert "; from August 2024" in en
