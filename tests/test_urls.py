"""Relative links work at any depth, under a sub-path and, offline, from file://."""

from generator.pages import urls


def test_links_are_relative_to_the_page() -> None:
    assert urls.relative("prisoners/x/", "articles/cc-405/") == "../../articles/cc-405/"
    assert urls.relative("", "prisoners/") == "prisoners/"
    assert urls.relative("prisoners/", "") == "../"
    assert urls.relative("", "") == "./"
    assert urls.relative("prisoners/", "prisoners/x/") == "x/"
    assert urls.relative("prisoners/x/", "prisoners/x/photo.jpg") == "photo.jpg"
    assert urls.relative("prisoners/old/", "prisoners/x/") == "../x/"


def test_offline_links_name_the_index_file() -> None:
    assert urls.relative("prisoners/x/", "cases/y/", offline=True) == "../../cases/y/index.html"
    assert urls.relative("prisoners/x/", "", offline=True) == "../../index.html"
    assert urls.relative("", "assets/style.css", offline=True) == "assets/style.css"
    assert urls.relative("prisoners/", "", offline=True) == "../index.html"
    assert urls.relative("prisoners/", "prisoners/", offline=True) == "index.html"


def test_pages_shown_at_any_address_link_from_the_root() -> None:
    assert urls.relative("404.html", "prisoners/", root="/repo/") == "/repo/prisoners/"
