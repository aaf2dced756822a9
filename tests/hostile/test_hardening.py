"""The code review's hardening: a PNG of a million tiny chunks, errors raised in a worker,
words that travel between processes, spreadsheet formulas after spaces, and dates out of range
written unquoted."""

from __future__ import annotations

import copy
import csv
import io
import pickle

import pytest
from PIL import Image

from generator import parallel
from generator.pages import data
from generator.pages.render import Gendered
from generator.problems import ContentError, Problem
from generator.publish.images import MAX_PNG_CHUNKS

from ..conftest import SiteTree, prisoner
from .conftest import validate_reports
from .test_photos import png_chunk

# --- a PNG of more chunks than any picture needs -------------------------------------------


def _png_with_chunks(count: int) -> bytes:
    """A valid 8 x 8 PNG with `count` tiny private chunks (which decoders skip) after IHDR."""
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "gray").save(picture, "PNG")
    png = picture.getvalue()
    after_header = 8 + 25  # the signature, then IHDR: length, type, 13 bytes, CRC
    return png[:after_header] + png_chunk(b"prVt", b"") * count + png[after_header:]


def test_a_png_of_too_many_chunks_is_refused(tree: SiteTree) -> None:
    (tree.root / "content/prisoners/x.png").write_bytes(_png_with_chunks(MAX_PNG_CHUNKS + 1))
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai", photo="x.png"))
    validate_reports(
        tree,
        "content/prisoners/mamai.md:5: photo: x.png is a PNG of more than 10,000 chunks (a"
        " picture needs a few dozen): export it again as a PNG or JPEG",
    )


# --- errors and words that travel between processes ----------------------------------------


def _refuse(item: int) -> int:
    raise ContentError([Problem(f"content/prisoners/p{item}.md", 3, "name", "is refused")])


def test_a_content_error_raised_in_a_worker_is_reported_as_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Not as a worker that died (of lack of memory, says WorkerDied)."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    with pytest.raises(ContentError) as raised:
        list(parallel.parallel_map(_refuse, [1, 2], jobs=2, doing="checking"))
    assert [str(problem) for problem in raised.value.problems] == [
        "content/prisoners/p1.md:3: name: is refused"
    ]


def test_words_by_gender_keep_their_forms_when_copied_or_pickled() -> None:
    words = Gendered({"female": "Задержана", "male": "Задержан", "other": "Задержан(а)"})
    for copied in (pickle.loads(pickle.dumps(words)), copy.deepcopy(words)):
        assert isinstance(copied, Gendered)
        assert (str(copied), copied.of("female"), copied.of("male")) == (
            "Задержан(а)",
            "Задержана",
            "Задержан",
        )


# --- spreadsheet formulas after spaces -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (' =HYPERLINK("https://evil.example")', ' \'=HYPERLINK("https://evil.example")'),
        ("  +7 701 000", "  '+7 701 000"),
        ("a;  @SUM(A1)", "a;  '@SUM(A1)"),
        (" plain", " plain"),
        ("Abc-Def 2019-11", "Abc-Def 2019-11"),
    ],
)
def test_a_formula_after_leading_spaces_is_neutralised(value: str, written: str) -> None:
    """Importers that trim spaces (LibreOffice's "trim spaces") would run it."""
    line = data.csv_lines([[value, "1977"]]).decode("utf-8")
    assert next(csv.reader(io.StringIO(line, newline=""))) == [written, "1977"]


# --- dates written unquoted ----------------------------------------------------------------


@pytest.mark.parametrize("born", ["0001-01-01", "1700-05-01", "'0001-01-01'"])
def test_a_date_out_of_range_is_refused_quoted_or_not(tree: SiteTree, born: str) -> None:
    tree.prisoner("mamai", prisoner("Zhanbolat Mamai", born=born))
    date = born.strip("'")
    validate_reports(
        tree,
        f"content/prisoners/mamai.md:5: born: '{date}': the year {int(date[:4])} is out of range",
    )
