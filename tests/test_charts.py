"""The statistics page's charts, as built: every year from the first to the last has its bar,
a year of none a bar of 0 that links nowhere, so that gaps in the record show."""

from __future__ import annotations

import re

from .conftest import SiteTree, prisoner


def test_a_year_without_detentions_or_sentences_is_a_bar_of_zero(tree: SiteTree) -> None:
    events = (
        "[{date: 2019-05-01, type: detained, summary: D.},"
        " {date: 2022-02, type: sentenced, summary: S.}]"
    )
    tree.prisoner("a", prisoner("Person A", events=events))
    assert tree.run("build", "--no-search").exit_code == 0
    html = tree.html("statistics/index.html")
    chart = html.split('aria-labelledby="years"', 1)[1].split("</section>", 1)[0]
    drawn = re.findall(r'<text class="chart-label"[^>]*>(\d+)</text>', chart)
    assert drawn == ["2019", "2020", "2021", "2022"]
    rows = dict(re.findall(r'<tr><th scope="row">(\d+)</th>(.*?)</tr>', chart))
    assert re.sub("<[^>]+>", " ", rows["2020"]).split() == ["0", "0"]
    assert "href" not in rows["2020"]  # no timeline page counts nothing
    assert 'href="../timeline/2019/"' in rows["2019"]
