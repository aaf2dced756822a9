"""Published addresses never break: the site must keep making every URL it has published.

content/published-urls.txt lists every page address the site has published, one per line. A
build that no longer makes one of them (as a page or a redirect) fails with the fix; `ppdb urls`
adds new addresses to the list, so that a deliberate removal shows in the pull request as a
deleted line.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.frontmatter import decode
from generator.files import UnsafeFile, read_regular
from generator.pages.plan import SitePlan
from generator.problems import ContentError, Problem

LIST_NAME = "published-urls.txt"
MAX_LIST_BYTES = 64 * 1024 * 1024  # 100,000 records publish about 5 MB of addresses
HEADER = (
    "# Every address this site has published. Builds fail if one stops working.\n"
    "# Add new ones with `python -m generator urls`; delete a line only to retire an address.\n"
)


def published_file(content_dir: Path) -> Path:
    return content_dir / LIST_NAME


def planned_urls(plan: SitePlan) -> set[str]:
    return {"/" + page.path for page in plan.pages}


def read_published(file: Path) -> list[tuple[int, str]]:
    """(line, address) for each address in the list; none if there is no list yet. Raises
    ContentError if it cannot be read as text."""
    path = f"content/{LIST_NAME}"
    if not os.path.lexists(file):
        return []
    try:
        source, problems = decode(path, read_regular(file, MAX_LIST_BYTES))
    except UnsafeFile as refused:
        source, problems = None, [Problem(path, 0, "", refused.message)]
    if source is None:
        raise ContentError(problems)
    entries = []
    for number, line in enumerate(source.text.splitlines(), start=1):
        address = line.strip()
        if address and not address.startswith("#"):
            entries.append((number, address))
    return entries


def audit(plan: SitePlan, file: Path) -> tuple[list[Problem], list[str]]:
    """A problem for every published address this build would no longer make, and the plan's
    addresses not yet listed: the list is read once for both."""
    made = planned_urls(plan)
    entries = read_published(file)
    path = f"content/{LIST_NAME}"
    lost = [
        Problem(path, line, "", _broken_message(address))
        for line, address in entries
        if address not in made
    ]
    return lost, sorted(made - {address for _, address in entries})


def unlisted_urls(plan: SitePlan, file: Path) -> list[str]:
    return audit(plan, file)[1]


def update_published(plan: SitePlan, file: Path) -> list[str]:
    """Add this build's new addresses to the list (never removes any); returns the new ones."""
    entries = read_published(file)
    new = unlisted_urls(plan, file)
    addresses = sorted({address for _, address in entries} | set(new))
    file.write_text(HEADER + "".join(f"{address}\n" for address in addresses), encoding="utf-8")
    return new


def _broken_message(address: str) -> str:
    parts = address.strip("/").split("/")
    if len(parts) == 2 and parts[0] in ("prisoners", "cases"):
        return (
            f"{address} was published but would no longer exist. If the record was renamed, add"
            f" '{parts[1]}' to former_slugs in its file so that the old address redirects; if it"
            " was removed on purpose, delete this line"
        )
    return (
        f"{address} was published but would no longer exist: restore it, or delete this line to"
        " retire the address on purpose"
    )
