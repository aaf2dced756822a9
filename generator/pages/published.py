"""Published addresses never break: the site must keep making every URL it has published.

content/published-urls.txt lists every page address the site has published, one per line. A
build that no longer makes one of them (as a page or a redirect) fails with the fix; `ppdb urls`
adds new addresses to the list, so that a deliberate removal shows in the pull request as a
deleted line.
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection
from pathlib import Path

from generator.content.frontmatter import decode
from generator.content.kinds import FOLDERS
from generator.files import UnsafeFile, read_regular
from generator.pages import urls
from generator.pages.plan import SitePlan
from generator.problems import ContentError, Problem

LIST_NAME = "published-urls.txt"
LIST_PATH = f"content/{LIST_NAME}"
MAX_LIST_BYTES = 8 * 1024 * 1024  # 100,000 records publish about 4 MB of addresses
MAX_REPORTED = 100
HEADER = (
    "# Every address this site has published. Builds fail if one stops working.\n"
    "# Add new ones with `python -m generator urls`; delete a line only to retire an address.\n"
)


def published_file(content_dir: Path) -> Path:
    return content_dir / LIST_NAME


def planned_urls(plan: SitePlan) -> set[str]:
    """The plan's addresses that must never break."""
    pages = {"/" + page.path for page in plan.pages if page.permanent}
    return pages | {"/" + sums.path for sums in plan.checksums}


def read_published(file: Path) -> dict[str, int]:
    """Each address in the list, with the line it is first on; none if there is no list yet.
    Raises ContentError if it cannot be read as a list of addresses."""
    if not os.path.lexists(file):
        return {}
    try:
        source, problems = decode(LIST_PATH, read_regular(file, MAX_LIST_BYTES))
    except UnsafeFile as refused:
        source, problems = None, [Problem(LIST_PATH, 0, "", refused.message)]
    if source is None:
        raise ContentError(problems)
    entries: dict[str, int] = {}
    for number, line in enumerate(io.StringIO(source.text), start=1):  # a line at a time
        address = line.strip()
        if not address or address.startswith("#"):
            continue
        if not address.startswith("/"):
            message = f"'{address[:80]}' is not an address of this site: they start with '/'"
            problems.append(Problem(LIST_PATH, number, "", message))
        entries.setdefault(address, number)
    if problems:
        raise ContentError(_at_most(problems, "lines"))
    return entries


def audit(
    plan: SitePlan, file: Path, drafts: Collection[str] = ()
) -> tuple[list[Problem], list[str]]:
    """A problem for every published address this build would no longer make, and the plan's
    addresses not yet listed: the list is read once for both. `drafts`: the files of records
    left out as drafts, whose addresses get a hint of their own."""
    made = planned_urls(plan)
    entries = read_published(file)
    lost = [
        Problem(LIST_PATH, line, "", _broken_message(address, drafts))
        for address, line in entries.items()
        if address not in made
    ]
    return _at_most(lost, "addresses"), sorted(made - entries.keys())


def _at_most(problems: list[Problem], things: str) -> list[Problem]:
    """The first MAX_REPORTED problems and one line for the rest: a list of millions of bad
    lines must not print millions of messages."""
    if len(problems) <= MAX_REPORTED:
        return problems
    more = len(problems) - MAX_REPORTED
    rest = Problem(LIST_PATH, 0, "", f"and {more:,} more {things} like these")
    return [*problems[:MAX_REPORTED], rest]


def update_published(plan: SitePlan, file: Path) -> list[str]:
    """Add this build's new addresses to the list (never removes any); returns the new ones."""
    entries = read_published(file)
    new = sorted(planned_urls(plan) - entries.keys())
    addresses = sorted(entries.keys() | set(new))
    file.write_text(HEADER + "".join(f"{address}\n" for address in addresses), encoding="utf-8")
    return new


def _broken_message(address: str, drafts: Collection[str] = ()) -> str:
    parts = address.strip("/").split("/")
    if parts[-1] == urls.FEED_FILE:  # a record's feed goes with its page, and comes back with it
        parts = parts[:-1]
    draft = f"content/{'/'.join(parts)}.md"
    if len(parts) == 2 and draft in drafts:
        return (
            f"{address} was published, but {draft} is now a draft (draft: true), which is not"
            " published: remove the draft line to publish it again, or delete this line to"
            " retire the address on purpose"
        )
    if len(parts) == 2 and parts[0] in (kind.key for kind in FOLDERS):
        return (
            f"{address} was published but would no longer exist. If the record was renamed, add"
            f" '{parts[1]}' to former_slugs in its file so that the old address redirects; if it"
            " was removed on purpose, delete this line"
        )
    return (
        f"{address} was published but would no longer exist: restore it, or delete this line to"
        " retire the address on purpose"
    )
