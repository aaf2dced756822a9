"""Each reader in the language they read best and in their own script: a language falls back to
another its readers read (site.yaml's fallback: {kk: [ru]}) before the original, and says so;
names are shown in the page's script and sorted in its alphabet; a Russian or Kazakh text that
writes a name in Latin letters, where the record gives its Cyrillic form, is a warning."""

from __future__ import annotations

import re

from generator.build import check
from generator.content.translate import version
from tests.conftest import SiteTree, prisoner

FALLBACK = "languages: [en, ru, kk]\nfallback: {kk: [ru]}\n"
PERSON = prisoner(
    "Marat Zhylanbaev",
    occupation="blogger",
    city="Astana",
    names="{ru: Марат Жыланбаев}",
    events="""
  - date: 2023-04-11
    type: detained
    summary: Detained in Astana.
    sources: [report-2019]""",
)
RUSSIAN = """\
---
original: {version}
occupation: блогер
city: Астана
events:
  - summary: Задержан в Астане.
---
Марат Жыланбаев — блогер из Астаны.
"""
NOTICE_KK_RU = "Бұл мәтін әлі қазақ тіліне аударылмаған; орыс тіліндегі нұсқасы көрсетілген."


def site(tree: SiteTree, languages: str = FALLBACK) -> None:
    tree.write("content/site.yaml", (tree.root / "content/site.yaml").read_text() + languages)


def translated(tree: SiteTree, slug: str, text: str, language: str = "ru") -> None:
    """A translation of the record as it is now (its version filled in)."""
    catalog = check(tree.project)
    original = catalog.prisoners.get(slug) or catalog.cases[slug]
    kind = "prisoners" if slug in catalog.prisoners else "cases"
    tree.write(f"content/{kind}/{slug}.{language}.md", text.format(version=version(original)))


def built(tree: SiteTree) -> None:
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output


def main(html: str) -> str:
    return html.split("<main", 1)[1]


def test_a_kazakh_profile_with_only_russian_text_shows_it_marked_russian_with_a_kazakh_notice(
    tree: SiteTree,
) -> None:
    site(tree)
    tree.prisoner("marat", PERSON)
    translated(tree, "marat", RUSSIAN)
    built(tree)
    kk = main(tree.html("kk/prisoners/marat/index.html"))
    assert NOTICE_KK_RU in kk
    # The Russian text, never the English, each marked as Russian for screen readers.
    assert '<div lang="ru">\n<p>Марат Жыланбаев — блогер из Астаны.</p>' in kk
    assert '<dd lang="ru">блогер</dd>' in kk and '<dd lang="ru">Астана</dd>' in kk
    assert '<span lang="ru">Задержан в Астане.</span>' in kk
    assert "blogger" not in kk and "Detained in Astana" not in kk
    # No Kazakh name: the Russian one, as Russian writes it.
    assert '<h1 data-pagefind-weight="10" lang="ru">Марат Жыланбаев</h1>' in kk
    # The home page's latest events and the feed follow the same chain.
    home = main(tree.html("kk/index.html"))
    assert '<span lang="ru">Задержан в Астане.</span>' in home and "Detained in" not in home
    feed = tree.html("kk/prisoners/marat/feed.xml")
    assert '<summary xml:lang="ru">2023' in feed and "Задержан в Астане." in feed
    assert "<title>Марат Жыланбаев: " in feed
    # Russian pages show their own translation, without a notice of any fallback.
    ru = main(tree.html("ru/prisoners/marat/index.html"))
    assert "<dd>блогер</dd>" in ru and "не переведён" not in ru


def test_without_a_fallback_the_notice_names_the_original_language(tree: SiteTree) -> None:
    site(tree, "languages: [en, ru, kk]\n")
    tree.prisoner("marat", PERSON)
    translated(tree, "marat", RUSSIAN)
    built(tree)
    kk = main(tree.html("kk/prisoners/marat/index.html"))
    notice = "Бұл мәтін әлі қазақ тіліне аударылмаған; ағылшын тіліндегі нұсқасы көрсетілген."
    assert notice in kk and '<dd lang="en">blogger</dd>' in kk and "блогер" not in kk
    assert '<h1 data-pagefind-weight="10" lang="en">Marat Zhylanbaev</h1>' in kk


def test_a_kazakh_translation_comes_first_and_its_gaps_come_from_russian(tree: SiteTree) -> None:
    site(tree)
    both = "names: {ru: Марат Жыланбаев, kk: Марат Жыланбаев}"
    tree.prisoner("marat", PERSON.replace("names: {ru: Марат Жыланбаев}", both))
    translated(tree, "marat", RUSSIAN)
    kazakh = "---\noriginal: {version}\noccupation: блогер (kk)\nevents:\n  - {{}}\n---\n"
    translated(tree, "marat", kazakh, "kk")
    built(tree)
    kk = main(tree.html("kk/prisoners/marat/index.html"))
    assert "<dd>блогер (kk)</dd>" in kk  # Kazakh: unmarked
    assert '<dd lang="ru">Астана</dd>' in kk  # not in the Kazakh text: the Russian
    assert '<span lang="ru">Задержан в Астане.</span>' in kk  # an item left '{}' in Kazakh
    assert "Бұл аударманы әлі ешбір редактор тексерген жоқ." in kk  # the Kazakh is unreviewed
    # The biography is not in the Kazakh text: shown in Russian, with a notice saying so.
    assert f'{NOTICE_KK_RU}</p><div lang="ru">' in kk
    assert '<h1 data-pagefind-weight="10">Марат Жыланбаев</h1>' in kk


def test_an_out_of_date_kazakh_text_gives_way_to_a_current_russian_one(tree: SiteTree) -> None:
    site(tree)
    tree.prisoner("marat", PERSON)
    tree.write(
        "content/prisoners/marat.kk.md", "---\noriginal: 0000000000\noccupation: ескі\n---\nЕскі.\n"
    )
    translated(tree, "marat", RUSSIAN)
    built(tree)
    kk = main(tree.html("kk/prisoners/marat/index.html"))
    assert '<dd lang="ru">блогер</dd>' in kk and "ескі" not in kk and "Ескі." not in kk
    assert NOTICE_KK_RU in kk


def test_the_russian_list_is_in_cyrillic_order_with_cyrillic_names_and_titles(
    tree: SiteTree,
) -> None:
    site(tree)
    for slug, latin, russian in (
        ("a", "Aidar Syzdykov", "Айдар Сыздыков"),
        ("b", "Zhanbolat Mamai", "Жанболат Мамай"),
        ("c", "Yaroslav Golyshkin", "Ярослав Голышкин"),
        ("d", "Erlan Baltabay", "Ерлан Балтабай"),
        ("e", "Amangeldy Batyrbekov", None),  # no Cyrillic name: after the Cyrillic ones
    ):
        names = f"{{ru: {russian}}}" if russian else None
        tree.prisoner(slug, prisoner(latin, names=names, cases="[trial]"))
    tree.case(
        "trial",
        "---\ntitle: A trial\npeople: [a, b, c, d, e]\nsources: [report-2019]\n---\nText.\n",
    )
    built(tree)
    listed = re.findall(
        r'<a href="[^"]*"(?: lang="\w+")?>([^<]+)</a></td>', tree.html("ru/prisoners/index.html")
    )
    order = [
        "Айдар Сыздыков", "Ерлан Балтабай", "Жанболат Мамай", "Ярослав Голышкин",
        "Amangeldy Batyrbekov",
    ]  # fmt: skip
    assert listed == order
    profile = tree.html("ru/prisoners/b/index.html")
    assert "<title>Жанболат Мамай · " in profile
    assert '<meta property="og:title" content="Жанболат Мамай">' in profile
    case = main(tree.html("ru/cases/trial/index.html"))
    people = re.findall(r'<li><a href="\.\./\.\./prisoners/\w/"(?: lang="\w+")?>([^<]+)</a>', case)
    assert people == order
    # Kazakh pages take the Russian names where there are no Kazakh ones.
    assert "<title>Жанболат Мамай · " in tree.html("kk/prisoners/b/index.html")


def test_fallback_languages_must_be_the_sites_own(tree: SiteTree) -> None:
    site(tree, "languages: [en, ru, kk]\nfallback:\n  kk: [ru, de]\n  ru: [en]\n")
    result = tree.run("validate")
    assert result.exit_code == 1
    assert "content/site.yaml:7: fallback.kk[2]: 'de' is not a language of the interface" in (
        result.output
    )
    site_yaml = tree.root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("[ru, de]", "[ru, kk]"))
    result = tree.run("validate")
    assert "content/site.yaml:7: fallback.kk: 'kk' cannot fall back to itself" in result.output
    assert (
        "content/site.yaml:8: fallback.ru: 'en' is the language of the originals, which every"
        " language shows last anyway: leave it out" in result.output
    )


LATIN_IN_RUSSIAN = """\
---
original: {version}
events:
  - summary: Задержан вместе с Marat Zhylanbaev.
---
Первая строка.

Его друг Zhylanbaev-а задержали; Baurzhan Latinov тоже.
"""


def test_a_latin_name_in_a_russian_text_is_a_warning_where_the_name_has_a_cyrillic_form(
    tree: SiteTree,
) -> None:
    site(tree)
    tree.prisoner("marat", PERSON)
    tree.prisoner("baurzhan", prisoner("Baurzhan Latinov"))  # no Cyrillic form: nothing to say
    tree.prisoner(
        "aidar",
        prisoner(
            "Aidar Syzdykov",
            events="""
  - date: 2023-04-11
    type: detained
    summary: Detained with Marat Zhylanbaev.
    sources: [report-2019]""",
        ),
    )
    translated(tree, "aidar", LATIN_IN_RUSSIAN)
    tree.case("trial", "---\ntitle: A trial\nsources: [report-2019]\n---\nText.\n")
    translated(tree, "trial", "---\noriginal: {version}\n---\nДело\nпротив Marat\nZhylanbaev.\n")
    result = tree.run("validate")
    assert result.exit_code == 0, result.output  # a warning
    warning = (
        "warning: contains the Latin name '{}'; write 'Марат Жыланбаев' (declined) as names:"
        " gives it (content/prisoners/marat.md)"
    )
    assert (
        "content/prisoners/aidar.ru.md:3: events[1].summary: " + warning.format("Marat Zhylanbaev")
        in result.output
    )
    # In the text, at its own line; a surname alone, declined, is found too.
    assert "content/prisoners/aidar.ru.md:8: biography: " + warning.format("Zhylanbaev") in (
        result.output
    )
    # A name broken over two lines, in a case's text: at the line it starts on.
    assert "content/cases/trial.ru.md:5: text: " + warning.format("Marat Zhylanbaev") in (
        result.output
    )
    assert "Latinov" not in result.output
    strict = tree.run("validate", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr.strip().splitlines()[-1] == "3 problems found."


def test_a_record_may_silence_the_latin_name_warning_for_its_translations(
    tree: SiteTree,
) -> None:
    site(tree)
    tree.prisoner("marat", PERSON)
    reason = "{warning: latin-name, reason: the Latin spelling is a quoted title}"
    tree.prisoner("aidar", prisoner("Aidar Syzdykov", silenced=f"[{reason}]"))
    translated(tree, "aidar", "---\noriginal: {version}\n---\nО Marat Zhylanbaev.\n")
    result = tree.run("validate", "--strict")
    assert result.exit_code == 0, result.output


def test_a_quoted_latin_spelling_or_an_address_is_not_a_latin_name_warning(tree: SiteTree) -> None:
    """A text may say how a source spells a name («Marat Zhylanbaev», the glossary's rule) and
    give a page's address (…/marat-zhylanbaev-sentenced/); only the name in the prose is wrong."""
    site(tree)
    tree.prisoner("marat", PERSON)
    tree.prisoner("aidar", prisoner("Aidar Syzdykov"))
    text = (
        "---\noriginal: {version}\n---\nВ источнике имя написано как «Marat Zhylanbaev»\n"
        "(https://example.org/zhylanbaev-sentenced/, [страница](https://example.org/Zhylanbaev)).\n"
        "Затем Zhylanbaev задержали.\n"
    )
    translated(tree, "aidar", text)
    result = tree.run("validate")
    assert result.output.count("contains the Latin name") == 1, result.output
    assert (
        "content/prisoners/aidar.ru.md:6: biography: warning: contains the Latin name 'Zhylanbaev'"
        in (result.output)
    )
