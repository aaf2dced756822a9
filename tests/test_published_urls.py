"""A published address never breaks: renames need a redirect, removals a visible deleted line."""

from __future__ import annotations

from generator.build import check, plan
from generator.pages.published import planned_urls, published_file, read_published

from .conftest import REPO, SiteTree, prisoner


def publish(tree: SiteTree) -> None:
    result = tree.run("urls")
    assert result.exit_code == 0, result.output


def test_urls_command_lists_every_page_address(tree: SiteTree) -> None:
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai"))
    publish(tree)
    listed = set(read_published(tree.root / "content/published-urls.txt"))
    assert {"/", "/prisoners/", "/prisoners/mamai/", "/articles/cc-405/", "/search/"} <= listed
    assert {"/feed.xml", "/prisoners/mamai/feed.xml", "/articles/cc-405/feed.xml"} <= listed
    assert "/statistics/" in listed


def test_renaming_without_a_redirect_fails_with_the_fix(tree: SiteTree) -> None:
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai"))
    publish(tree)
    (tree.root / "content/prisoners/mamai.md").rename(
        tree.root / "content/prisoners/zhanbolat-mamai.md"
    )
    for command in ("validate", "build"):
        result = tree.run(command, *(["--no-search"] if command == "build" else []))
        assert result.exit_code == 1, command
        line = read_published(tree.root / "content/published-urls.txt")["/prisoners/mamai/"]
        assert (
            f"content/published-urls.txt:{line}: /prisoners/mamai/ was published but would no longer"
            " exist. If the record was renamed, add 'mamai' to former_slugs in its file"
        ) in result.stderr
        # its feed's address goes with it, with the same fix
        line = read_published(tree.root / "content/published-urls.txt")["/prisoners/mamai/feed.xml"]
        assert (
            f"content/published-urls.txt:{line}: /prisoners/mamai/feed.xml was published but would"
            " no longer exist. If the record was renamed, add 'mamai' to former_slugs"
        ) in result.stderr


def test_renaming_with_a_former_slug_keeps_the_address(tree: SiteTree) -> None:
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai"))
    publish(tree)
    (tree.root / "content/prisoners/mamai.md").unlink()
    tree.prisoner("zhanbolat-mamai", prisoner("Zhanbolat Mamai", former_slugs="[mamai]"))
    result = tree.run("build", "--no-search")
    assert result.exit_code == 0, result.output
    assert (
        "2 new page address(es) are not in content/published-urls.txt" in result.stderr
    )  # and its feed
    publish(tree)
    assert tree.run("build", "--no-search").stderr.count("Note:") == 0


def test_the_list_only_grows(tree: SiteTree) -> None:
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai"))
    publish(tree)
    tree.write(
        "content/published-urls.txt", tree.html("published-urls.txt", out="content") + "/retired/\n"
    )
    assert tree.run("validate").exit_code == 1  # /retired/ is no longer made
    result = tree.run("urls")  # never deletes it: that is a person's decision, shown in the PR
    assert result.exit_code == 1 and "/retired/ was published" in result.stderr
    assert "/retired/" in read_published(tree.root / "content/published-urls.txt")


def test_bundled_list_matches_the_bundled_site() -> None:
    from generator.settings import Project

    project = Project(REPO)
    made = planned_urls(plan(project, check(project))[0])
    listed = set(read_published(published_file(project.content_dir)))
    assert made == listed, "run `python -m generator urls` (and delete retired addresses by hand)"
