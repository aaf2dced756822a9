"""The bundled database: counts pinned so that a lost file is noticed, and its editorial rules."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.content.model import Catalog
from generator.settings import Project

from .conftest import REPO


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return check(Project(REPO))


def test_counts_are_pinned(catalog: Catalog) -> None:
    assert len(catalog.prisoners) == 35
    assert len(catalog.cases) == 11
    assert len(catalog.articles) == 8
    assert len(catalog.sources) == 5


def test_every_biography_and_case_text_is_60_to_300_words(catalog: Catalog) -> None:
    for record in (*catalog.prisoners.values(), *catalog.cases.values()):
        words = len(record.body.split())
        assert 60 <= words <= 300, f"{record.path}: {words} words"


def test_every_event_cites_a_source(catalog: Catalog) -> None:
    for record in (*catalog.prisoners.values(), *catalog.cases.values()):
        for event in record.events:
            assert event.sources, f"{record.path}: {event.date} {event.type}"


def test_every_source_is_cited(catalog: Catalog) -> None:
    for source_id, citing in catalog.citations.items():
        assert citing, source_id


def test_name_spellings_from_the_reports_are_kept(catalog: Catalog) -> None:
    variants = {slug: p.name_variants for slug, p in catalog.prisoners.items()}
    assert "Alnur Ulyashev" in variants["alnur-ilashev"]
    assert "Murat Shormanova" in variants["murat-sormanov"]
    assert "Sanavar Zakirov" in variants["sanavar-zakirova"]
