"""Reading files: encodings, line endings, broken and hostile YAML all end in a clear message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.content.frontmatter import MAX_FILE_BYTES, _BaseLoader, _Loader, parse_yaml
from generator.files import TooLarge, read_regular
from generator.problems import ContentError

from .conftest import SiteTree, prisoner

P = "content/prisoners/x.md"


def problems_of(tree: SiteTree) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(tree.project)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(
            lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(), id="bom-crlf"
        ),
    ],
)
def test_utf8_with_or_without_bom_and_any_line_endings_is_read(tree: SiteTree, encode) -> None:
    text = prisoner("Zhanbolat Mamai", name_variants="[Жанболат Мамай]")
    (tree.root / "content/prisoners/x.md").write_bytes(encode(text))
    person = check(tree.project).prisoners["x"]
    assert person.name_variants == ("Жанболат Мамай",)
    assert person.body == "A short biography of Zhanbolat Mamai.\n"


def test_other_encodings_get_a_clear_message_with_the_line(tree: SiteTree) -> None:
    text = prisoner("Test Person", city="Öskemen")
    (tree.root / "content/prisoners/x.md").write_bytes(text.encode("latin-1"))
    assert problems_of(tree) == [
        f"{P}:5: is not UTF-8 text (byte 0xd6); save the file with UTF-8 encoding"
    ]


def test_utf16_is_rejected_not_misread(tree: SiteTree) -> None:
    (tree.root / "content/prisoners/x.md").write_bytes(prisoner().encode("utf-16"))
    assert "is not UTF-8 text" in problems_of(tree)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: X\n", f"{P}:1: must start with a line '---', then the fields, then another '---'"),
        ("---\nname: X\n", f"{P}:1: the front matter has no closing '---' line"),
        ("---\nname: X\nstatus: [a\n---\n", f"{P}:4: YAML syntax error:"),
        ("---\nname: X\nname: Y\n---\n", f"{P}:3: 'name' appears twice (first on line 2)"),
        (
            "---\nname: &a X\ncity: *a\n---\n",
            f"{P}:2: YAML anchors and aliases (& and *) are not allowed",
        ),
        ("---\nname: !!python/object/apply:os.system [ls]\n---\n", f"{P}:2: YAML tag"),
        ("---\n<<: {name: X}\n---\n", f"{P}:2: YAML merge keys (<<) are not allowed"),
        ("---\n- a\n- b\n---\n", f"{P}:2: front matter: expected fields as 'name: value' lines"),
        ("---\n? [a, b]\n: c\n---\n", f"{P}:2: a field name must be plain text"),
    ],
)
def test_malformed_front_matter_is_a_clear_problem(
    tree: SiteTree, text: str, expected: str
) -> None:
    tree.prisoner("x", text)
    found = problems_of(tree)
    assert found[0].startswith(expected), found


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)
    ]
    root, problems = parse_yaml("f.yaml", "\n".join(lines))
    assert root is None
    assert "aliases" in problems[0].message


def test_deep_nesting_is_refused_before_the_parser_can_crash() -> None:
    root, problems = parse_yaml("f.yaml", "a: " + "[" * 50_000 + "]" * 50_000)
    assert root is None
    assert problems[0].message == "YAML is nested too deeply"


def test_huge_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "f.md"
    file.write_bytes(b"a" * (2 * 1024 * 1024))
    with pytest.raises(TooLarge, match="file is 2 MiB; the limit is 1 MiB"):
        read_regular(file, MAX_FILE_BYTES)


def test_a_file_that_grows_while_it_is_read_is_read_to_its_end_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read_regular reads as many bytes as the file had when opened, and on past them."""
    file = tmp_path / "f.md"
    file.write_bytes(b"a" * 3000)
    real_fstat = os.fstat

    def size_when_opened(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        return os.stat_result((*status[:6], 10, *status[7:10]))  # st_size: 10 bytes

    monkeypatch.setattr(os, "fstat", size_when_opened)
    assert read_regular(file, 5000) == b"a" * 3000
    with pytest.raises(TooLarge):
        read_regular(file, 2000)


def test_control_characters_are_a_problem_not_a_crash(tree: SiteTree) -> None:
    tree.prisoner("x", "---\nname: X\x07Y\n---\n")
    assert "YAML error" in problems_of(tree)[0]


FIELD_NAMES = st.sampled_from(
    ["name", "status", "born", "charges", "events", "sources", "cases", "photo", "draft", "x"]
)
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(FIELD_NAMES, children, max_size=3)
    ),
    max_leaves=10,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(front=st.text(max_size=300))
def test_any_text_gives_a_record_or_clear_problems(tree: SiteTree, front: str) -> None:
    tree.prisoner("x", f"---\n{front}\n---\nbody")
    _check_never_raises_unexpectedly(tree)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=st.dictionaries(FIELD_NAMES, YAML_VALUES, max_size=6))
def test_any_structured_front_matter_gives_a_record_or_clear_problems(
    tree: SiteTree, fields: dict
) -> None:
    import json

    front = "\n".join(f"{key}: {json.dumps(value)}" for key, value in fields.items())
    tree.prisoner("x", f"---\n{front}\n---\nbody")
    _check_never_raises_unexpectedly(tree)


def _check_never_raises_unexpectedly(tree: SiteTree) -> None:
    try:
        check(tree.project)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.path.startswith("content/") and problem.message


# The loader decides the tag of most text without PyYAML's resolver: it must decide as it does.
@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("aYnNtTfFoO~<=.+-_:019 eE\"'x#[]{},!&*|>@`%ё")), max_size=12
    )
)
def test_the_loader_tags_values_as_pyyaml_does(value: str) -> None:
    for text in (f"k: {value}\n", f"- {value}\n", f"k: [{value}]\n", f"{value}: v\n"):
        try:
            expected = yaml.compose(text, Loader=_BaseLoader)
        except yaml.YAMLError:
            continue
        tags = lambda node: [  # noqa: E731
            (n.tag, n.value) for n in _walk(node) if isinstance(n, yaml.ScalarNode)
        ]
        assert tags(yaml.compose(text, Loader=_Loader)) == tags(expected), text


def _walk(node: object) -> list[object]:
    if isinstance(node, yaml.MappingNode):
        return [n for key, value in node.value for n in (*_walk(key), *_walk(value))]
    if isinstance(node, yaml.SequenceNode):
        return [n for item in node.value for n in _walk(item)]
    return [node]
