"""Records in several languages: translations beside their originals, checked, applied, shown."""

from __future__ import annotations

import re

from generator.content.translate import version
from tests.conftest import SiteTree, prisoner

LANGUAGES = "languages: [en, ru, kk]\n"
PERSON = prisoner(
    "Zhanbolat Mamai",
    occupation="journalist",
    region="Almaty",
    names="{ru: Жанболат Мамай, kk: Жанболат Мамай}",
    events="""
  - date: 2020-02-21
    type: detained
    place: Kaskelen
    summary: Detained outside a court.
    sources: [report-2019]
  - date: 2020-02-22
    type: released
    summary: Released the next day.
    sources: [report-2019]""",
)


def multilingual(tree: SiteTree) -> None:
    tree.write("content/site.yaml", tree.root.joinpath("content/site.yaml").read_text() + LANGUAGES)
    tree.prisoner("zhanbolat-mamai", PERSON)


def current_version(tree: SiteTree, slug: str = "zhanbolat-mamai") -> str:
    result = tree.run("validate")
    found = re.search(
        rf"prisoners/{slug}\.\w+\.md:\d+: original: .*'original: (\w+)'", result.output
    )
    assert found, result.output
    return found.group(1)


def translation(original: str, body: str = "Биография по-русски.\n", **fields: str) -> str:
    front = "\n".join(f"{key}: {value}" for key, value in {"original": original, **fields}.items())
    return f"---\n{front}\n---\n{body}"


def test_a_translation_is_shown_on_its_language_pages_and_facts_come_from_the_original(
    tree: SiteTree,
) -> None:
    multilingual(tree)
    tree.write("content/prisoners/zhanbolat-mamai.ru.md", translation("0000000000"))
    ver = current_version_after_change(tree)
    tree.write(
        "content/prisoners/zhanbolat-mamai.ru.md",
        translation(
            ver, occupation="журналист", events="\n  - summary: Задержан у здания суда.\n  - {}"
        ),
    )
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    ru = tree.html("ru/prisoners/zhanbolat-mamai/index.html")
    assert '<html lang="ru">' in ru
    assert "<h1" in ru and "Жанболат Мамай</h1>" in ru  # the name as Russian writes it
    assert "Биография по-русски." in ru and "журналист" in ru
    assert "Задержан у здания суда." in ru
    # Not translated: shown in the original, marked as English.
    assert '<span lang="en">Released the next day.</span>' in ru
    assert '<dd lang="en">Almaty</dd>' in ru
    assert "21 февраля 2020\u202fг." in ru  # the date from the original, as Russian writes it
    assert "Этот перевод ещё не проверен" in ru  # nothing is reviewed unless it says so
    en = tree.html("prisoners/zhanbolat-mamai/index.html")
    assert "Биография" not in en and "21 February 2020" in en and "Zhanbolat Mamai</h1>" in en
    kk = tree.html("kk/prisoners/zhanbolat-mamai/index.html")
    assert '<html lang="kk">' in kk and "2020\u202fж. 21 ақпан" in kk
    assert '<div lang="en">' in kk  # the biography, in its original language
    # Says it is not translated, and in which language it is shown (no fallback here).
    assert "Бұл мәтін әлі қазақ тіліне аударылмаған; ағылшын тіліндегі нұсқасы көрсетілген." in kk


def current_version_after_change(tree: SiteTree) -> str:
    """The version validate asks for, from its message about a translation giving another."""
    result = tree.run("validate")
    assert result.exit_code == 0, result.output  # a stale version is a notice, not a failure
    found = re.search(r"now (\w+)\)", result.output)
    assert found, result.output
    return found.group(1)


def test_a_changed_original_makes_its_translations_reported_and_marked_until_confirmed(
    tree: SiteTree,
) -> None:
    multilingual(tree)
    tree.write(
        "content/prisoners/zhanbolat-mamai.ru.md", translation("0000000000", reviewed="true")
    )
    ver = current_version_after_change(tree)
    tree.write("content/prisoners/zhanbolat-mamai.ru.md", translation(ver, reviewed="true"))
    result = tree.run("validate", "--strict")
    assert result.exit_code == 0 and "original" not in result.output, result.output
    tree.run("build")
    assert (
        "Перевод"
        not in tree.html("ru/prisoners/zhanbolat-mamai/index.html").split("<main")[1][:400]
    )

    tree.prisoner("zhanbolat-mamai", PERSON.replace("A short biography", "A longer biography"))
    result = tree.run("validate", "--strict")  # fixing English never waits for a translator
    assert result.exit_code == 0, result.output
    assert (
        f"content/prisoners/zhanbolat-mamai.ru.md:2: original: note: the original's text has changed since this translation (version {ver}"
        in result.output
    )
    tree.run("build")
    ru = tree.html("ru/prisoners/zhanbolat-mamai/index.html")
    assert "перевод может быть устаревшим" in ru.lower()


def test_translation_mistakes_are_reported_with_path_line_and_fix(tree: SiteTree) -> None:
    multilingual(tree)
    tree.write("content/prisoners/nobody.ru.md", translation("0000000000"))
    tree.write("content/prisoners/zhanbolat-mamai.de.md", translation("0000000000"))
    tree.write("content/prisoners/zhanbolat-mamai.en.md", translation("0000000000"))
    tree.write(
        "content/prisoners/zhanbolat-mamai.kk.md",
        translation("0000000000", events="\n  - summary: бір", status="released"),
    )
    tree.write(
        "content/prisoners/zhanbolat-mamai.ru.md", "---\noccupation: журналист\n---\nТекст.\n"
    )
    result = tree.run("validate")
    assert result.exit_code == 1
    out = result.output
    assert (
        "content/prisoners/nobody.ru.md:1: translates content/prisoners/nobody.md, which does not exist"
        in out
    )
    assert (
        "content/prisoners/zhanbolat-mamai.de.md:1: the site has no language 'de': add it to 'languages' in content/site.yaml"
        in out
    )
    assert "content/prisoners/zhanbolat-mamai.en.md:1: 'en' is the language of the originals" in out
    assert (
        "content/prisoners/zhanbolat-mamai.kk.md:5: status: unknown field" in out
    )  # facts stay in the original
    assert (
        "content/prisoners/zhanbolat-mamai.ru.md:1: original: say which version of the original this translates: add 'original: "
        in out
    )


def test_list_lengths_must_match_the_original(tree: SiteTree) -> None:
    multilingual(tree)
    ver = version_of(tree)
    tree.write(
        "content/prisoners/zhanbolat-mamai.kk.md", translation(ver, events="\n  - summary: бір")
    )
    result = tree.run("validate")
    assert (
        "content/prisoners/zhanbolat-mamai.kk.md:3: events: has 1 items, the original 2: give one per item of the original"
        in result.output
    )


def version_of(tree: SiteTree) -> str:
    tree.write("content/prisoners/zhanbolat-mamai.ru.md", translation("0000000000"))
    ver = current_version_after_change(tree)
    (tree.root / "content/prisoners/zhanbolat-mamai.ru.md").unlink()
    return ver


def test_the_version_follows_the_text_not_the_facts(tree: SiteTree) -> None:
    from generator.content.model import Event, PartialDate, Prisoner

    event = Event(PartialDate(2020, 2, 21), "detained", "Detained.")
    person = Prisoner(name="A", body="Text.", events=(event,), sources=("s",))
    moved = Prisoner(name="A", body="Text.", events=(event,), sources=("t",), status="released")
    reworded = Prisoner(name="A", body="Other text.", events=(event,), sources=("s",))
    assert version(person) == version(moved)
    assert version(person) != version(reworded)


def test_tables_and_site_settings_are_translated_entry_by_entry(tree: SiteTree) -> None:
    multilingual(tree)
    tree.write(
        "content/articles.ru.yaml",
        "cc-405:\n  original: 0000000000\n  title: Участие в запрещённой организации\n",
    )
    tree.write("content/site.ru.yaml", "original: 0000000000\ntitle: Тестовые заключённые\n")
    tree.prisoner(
        "zhanbolat-mamai",
        PERSON.replace(
            "sources: [report-2019]", "charges: [{article: cc-405}]\nsources: [report-2019]", 1
        ),
    )
    result = tree.run("validate")
    assert result.exit_code == 0, result.output
    assert (
        "content/articles.ru.yaml:2: cc-405.original: note: the original's text has changed"
        in result.output
    )
    assert (
        "content/site.ru.yaml:1: original: note: the original's text has changed" in result.output
    )
    tree.run("build")
    ru = tree.html("ru/articles/cc-405/index.html")
    assert "Участие в запрещённой организации" in ru and "Тестовые заключённые" in ru
    assert "Financing of extremist activities" in tree.html("ru/articles/index.html")
    assert '<span lang="en">Financing of extremist activities</span>' not in ru


def test_the_sitemap_names_every_page_in_every_language(tree: SiteTree) -> None:
    multilingual(tree)
    tree.run("build")
    part = tree.html("sitemaps/1.xml")
    page = "https://example.org/db/prisoners/zhanbolat-mamai/"
    assert f"<url><loc>{page}</loc>" in part
    for code, prefix in (("en", ""), ("ru", "ru/"), ("kk", "kk/")):
        href = f"https://example.org/db/{prefix}prisoners/zhanbolat-mamai/"
        assert f'<xhtml:link rel="alternate" hreflang="{code}" href="{href}"/>' in part
    assert (
        "<url><loc>https://example.org/db/ru/prisoners/zhanbolat-mamai/</loc>" in part
    )  # each, with all


def test_lists_sort_in_each_languages_alphabet(tree: SiteTree) -> None:
    multilingual(tree)
    for slug, latin, kazakh in (
        ("a", "Aaa", "Әсет"), ("b", "Bbb", "Бек"), ("c", "Ccc", "Азат"), ("d", "Ddd", "Ғани"),
        ("e", "Eee", "Гүл"),
    ):  # fmt: skip
        tree.prisoner(slug, prisoner(latin, names=f"{{kk: {kazakh}}}"))
    tree.run("build")
    listed = re.findall(
        r'<a href="[^"]*"(?: lang="en")?>([^<]+)</a></td>', tree.html("kk/prisoners/index.html")
    )
    # а, ә, б, г, ғ, ж as Kazakh orders them (Unicode puts ә and ғ after я).
    assert listed == ["Азат", "Әсет", "Бек", "Гүл", "Ғани", "Жанболат Мамай"]
    english = re.findall(r'<a href="[^"]*">([^<]+)</a></td>', tree.html("prisoners/index.html"))
    assert english == ["Aaa", "Bbb", "Ccc", "Ddd", "Eee", "Zhanbolat Mamai"]


def test_an_original_that_moves_on_never_breaks_the_build_and_its_old_lists_are_not_shown(
    tree: SiteTree,
) -> None:
    """A new event, events reordered, a fact removed: the translation is out of date, which
    is a note; what it gave by position is not shown until it is brought up to date."""
    multilingual(tree)
    ver = version_of(tree)
    events = "\n  - summary: RU-DETAINED\n  - summary: RU-RELEASED"
    tree.write(
        "content/prisoners/zhanbolat-mamai.ru.md",
        translation(ver, events=events, occupation="журналист"),
    )
    assert tree.run("validate", "--strict").exit_code == 0
    added = PERSON.replace(
        "    summary: Released the next day.",
        "    summary: Released the next day.\n    sources: [report-2019]\n  - date: 2020-03-01\n    type: other\n    summary: A third event.",
        1,
    )
    tree.prisoner("zhanbolat-mamai", added.replace("occupation: journalist\n", ""))
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    assert "note: the original's text has changed" in result.output
    ru = tree.html("ru/prisoners/zhanbolat-mamai/index.html")
    assert "RU-DETAINED" not in ru and '<span lang="en">Detained outside a court.</span>' in ru
    assert "журналист" not in ru  # the original no longer gives an occupation
    assert "перевод может быть устаревшим" in ru.lower()


def test_a_current_translation_may_say_nothing_the_original_does_not(tree: SiteTree) -> None:
    multilingual(tree)
    ver = version_of(tree)
    tree.write(
        "content/prisoners/zhanbolat-mamai.ru.md",
        translation(
            ver,
            sentence="ДЕСЯТЬ ЛЕТ",
            events="\n  - {summary: Задержан., place: Х}\n  - {place: Y}",
        ),
    )
    out = tree.run("validate").output
    assert (
        "zhanbolat-mamai.ru.md:3: sentence: the original has none: a translation gives only what the original says; remove it"
        in out
    )
    assert (
        "zhanbolat-mamai.ru.md:4: events[2].place: the original's item has none: remove it" in out
    )


def test_items_of_a_list_of_texts_may_stay_untranslated(tree: SiteTree) -> None:
    multilingual(tree)
    tree.prisoner(
        "zhanbolat-mamai",
        PERSON.replace("occupation: journalist", "affiliations: [DVK, Oyan Qazaqstan]"),
    )
    ver = version_of(tree)
    tree.write(
        "content/prisoners/zhanbolat-mamai.ru.md", translation(ver, affiliations="[ДВК, {}]")
    )
    result = tree.run("build")
    assert result.exit_code == 0, result.output
    assert '<dd>ДВК, <span lang="en">Oyan Qazaqstan</span></dd>' in tree.html(
        "ru/prisoners/zhanbolat-mamai/index.html"
    )


def test_confirm_sets_each_translation_to_its_originals_version(tree: SiteTree) -> None:
    multilingual(tree)
    tree.write(
        "content/prisoners/zhanbolat-mamai.ru.md", "---\noccupation: журналист\n---\nТекст.\n"
    )
    tree.write(
        "content/articles.ru.yaml",
        "cc-405:\n  title: Участие\naoc-488:\n  original: 0012345670\n  title: Собрания\n",
    )
    result = tree.run(
        "confirm", "content/prisoners/zhanbolat-mamai.ru.md", "content/articles.ru.yaml"
    )
    assert result.exit_code == 0, result.output
    assert "Confirmed content/articles.ru.yaml" in result.output
    result = tree.run("validate", "--strict")
    assert result.exit_code == 0 and "note" not in result.output, result.output
    text = (tree.root / "content/articles.ru.yaml").read_text()
    assert re.fullmatch(
        r"cc-405:\n  original: \w{10}\n  title: Участие\naoc-488:\n  original: \w{10}\n  title: Собрания\n",
        text,
    ), text
    assert "Nothing to change" in tree.run("confirm", "content/articles.ru.yaml").output
    result = tree.run("confirm", "content/prisoners/zhanbolat-mamai.md")
    assert result.exit_code == 1 and "is not a translation" in result.output


def test_files_and_names_the_build_would_ignore_are_reported(tree: SiteTree) -> None:
    multilingual(tree)
    tree.write("content/articles.RU.yaml", "cc-405:\n  title: x\n")
    tree.write("content/article.ru.yaml", "cc-405:\n  title: x\n")
    tree.prisoner(
        "zhanbolat-mamai", PERSON.replace("{ru: Жанболат Мамай,", "{de: Mamai, ru: Жанболат Мамай,")
    )
    out = tree.run("validate").output
    assert "content/articles.RU.yaml: the build reads no such file" in out
    assert "content/article.ru.yaml: the build reads no such file" in out
    assert "names.de: 'de' is not a language of the interface; use one of: en, kk or ru" in out
