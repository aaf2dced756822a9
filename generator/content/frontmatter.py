"""Load stage, part 1: bytes -> text -> front matter + body -> YAML nodes that know their line.

YAML is composed, never constructed: tags cannot build objects, anchors and aliases are refused
(no "billion laughs"), duplicate keys are caught, and every value carries the line it came from.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from generator.problems import Problem

MAX_FILE_BYTES = 1024 * 1024  # of a content file, a template, the interface words

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _TAG + "str", _TAG + "map", _TAG + "seq", _TAG + "merge"
# The first characters a plain scalar must start with to be anything but text (true, null, 12,
# 2019-11-05, ~, <<, =, .inf): PyYAML's resolver tries its regular expressions only on those.
_IMPLICIT_FIRST = frozenset(key for key in _BaseLoader.yaml_implicit_resolvers if key)
if None in _BaseLoader.yaml_implicit_resolvers or _BaseLoader.yaml_path_resolvers:
    raise RuntimeError("PyYAML's SafeLoader resolves more than by first character: see _Loader")


# The tag of each short plain value met, by the value: PyYAML's resolver depends on nothing
# else (no path resolvers, checked above). Keys, statuses, ids and dates repeat in every record.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_MAX, _CACHED_LENGTH = 20_000, 40


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml's C parser (several times faster; made safe by the size and depth limits below),
    with PyYAML's resolver, a Python call for every value, called only for a plain value not
    met before that could be something other than text."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode:
            return _MAP if kind is MappingNode else _SEQ
        if not implicit[0]:
            return _STR  # quoted
        tag = _PLAIN_TAGS.get(value)
        if tag is None:
            if value and value[0] not in _IMPLICIT_FIRST:
                tag = _STR  # no resolver takes a value starting with this character
            else:
                tag = str(super().resolve(kind, value, implicit))
            if len(value) <= _CACHED_LENGTH and len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                _PLAIN_TAGS[value] = tag
        return tag


# libyaml's composer recurses in C and crashes the process on very deep flow nesting ([[[[...).
MAX_FLOW_DEPTH = 100
_DEEP_BLOCK = re.compile(rf"^[ ?-]{{{MAX_FLOW_DEPTH},}}", re.MULTILINE)
_BOM = b"\xef\xbb\xbf"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_SCALARS = SafeConstructor()
# Only short plain decimals are numbers: YAML 1.1 also reads 1:30:00 as base 60, 0x... as hex
# and 0012 as octal (so a leading zero keeps digits text), and reading a number costs time in
# the square of its digits.
_NUMBER_TAGS = {_TAG + "int", _TAG + "float"}
_PLAIN_NUMBER = re.compile(
    r"[-+]?(?:0|[1-9][0-9]{0,17}|[0-9]{0,18}\.[0-9]{1,18}(?:[eE][-+]?[0-9]{1,3})?)"
)


class Node(NamedTuple):
    """A YAML value with its line: value is a dict[str, Node], a list[Node] or a plain scalar.
    A named tuple: made faster than a frozen dataclass, and a record has dozens."""

    value: Any
    line: int
    key_line: int = 0  # line of the key holding this value (0 for list items and the root)

    @property
    def where(self) -> int:
        """The line to name in a message about this value as a whole."""
        return self.key_line or self.line


@dataclass(frozen=True)
class SourceText:
    """A content file read and decoded: LF line endings, no BOM."""

    path: str
    text: str


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def plain(node: Node | None) -> Any:
    """A located YAML value as plain dicts, lists and scalars."""
    if node is None:
        return None
    if isinstance(node.value, dict):
        return {key: plain(child) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [plain(child) for child in node.value]
    return node.value


def decode(path: str, data: bytes) -> tuple[SourceText | None, list[Problem]]:
    """UTF-8 (with or without BOM), any line endings; anything else is a clear problem."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        message = f"is not UTF-8 text (byte 0x{byte:02x}); save the file with UTF-8 encoding"
        return None, [Problem(path, line, "", message)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path, text), []


def split_front_matter(source: SourceText) -> tuple[str, str, int] | Problem:
    """(front matter, Markdown body, line where the body starts), or the problem."""
    lines = source.text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Problem(
            source.path, 1, "", "must start with a line '---', then the fields, then another '---'"
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    return Problem(source.path, 1, "", "the front matter has no closing '---' line")


def parse_yaml(path: str, text: str, first_line: int = 1) -> tuple[Node | None, list[Problem]]:
    """Compose YAML into located Nodes; a None root means an empty document."""
    depth_problem = _check_block_depth(path, text, first_line) or _check_flow_depth(
        path, text, first_line
    )
    if depth_problem:
        return None, [depth_problem]
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        lines = text.split("\n")
        detail = _explained(error, lines[mark.line] if mark and mark.line < len(lines) else "")
        return None, [Problem(path, line, "", f"YAML syntax error: {detail}")]
    except yaml.YAMLError as error:  # ReaderError (control characters) and friends
        return None, [Problem(path, first_line, "", f"YAML error: {error}")]
    if root is None:
        return None, []
    try:
        return _convert(root, first_line, 0, set()), _dropped_comments(path, text, root, first_line)
    except _Refused as refused:
        return None, [Problem(path, refused.line, "", refused.message)]
    except RecursionError:  # the depth checks above make this unreachable; a guard all the same
        return None, [Problem(path, first_line, "", "YAML is nested too deeply")]


# Something, a space and '#' on one line: YAML reads the rest as a comment.
_COMMENT_AFTER = re.compile(r"\S[ \t]+#")


def _dropped_comments(path: str, text: str, root: yaml.Node, first_line: int) -> list[Problem]:
    """A problem for each text value a comment follows on its line: YAML dropped the words
    after ' #' ("Given 10 days #2 of arrest", a hashtag), which the volunteer meant as text.
    A comment on a line of its own is allowed. Non-fatal: the rest of the file is checked."""
    lines = text.split("\n")
    suspect = {n for n, line in enumerate(lines) if "#" in line and _COMMENT_AFTER.search(line)}
    if not suspect:
        return []  # nearly every file: decided by one scan
    problems = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend(value for _, value in node.value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif (
            isinstance(node, ScalarNode)
            and node.tag == _STR
            and not node.style  # plain ("" in libyaml, None in Python): quoted text keeps its "#"
            and node.end_mark.line in suspect
        ):
            rest = lines[node.end_mark.line][node.end_mark.column :]
            if rest.lstrip().startswith("#"):
                problems.append(
                    Problem(
                        path,
                        node.end_mark.line + first_line,
                        "",
                        "the text after ' #' was dropped as a comment: put the whole value in"
                        f' quotes ("{node.value} {rest.strip()}"), or the comment on a line of'
                        " its own",
                    )
                )
    return sorted(problems)


def _explained(error: yaml.MarkedYAMLError, line: str) -> str:
    """The parser's complaint, in the words of the mistake volunteers make most."""
    detail = error.problem or error.context or "invalid YAML"
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "a tab indents this line: YAML needs spaces; replace the tab with spaces"
    if detail.startswith("mapping values are not allowed"):
        return (
            "a ': ' inside a value starts another field: put the whole value in quotes,"
            ' e.g. summary: "Detained: 15 days"'
        )
    return detail


def _check_block_depth(path: str, text: str, first_line: int) -> Problem | None:
    """Each level of block nesting takes at least one more character of indentation or '- '
    before a line's content: a line starting with MAX_FLOW_DEPTH of them is nested too deeply
    (libyaml's composer recurses in C, and crashed on 30,000 levels of '- - - ...')."""
    found = _DEEP_BLOCK.search(text)
    if found is None:
        return None
    return Problem(
        path, text.count("\n", 0, found.start()) + first_line, "", "YAML is nested too deeply"
    )


def _check_flow_depth(path: str, text: str, first_line: int) -> Problem | None:
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None  # cannot nest deeper than it has brackets: the usual case, decided in C
    depth = 0
    for position, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                line = text.count("\n", 0, position) + first_line
                return Problem(path, line, "", "YAML is nested too deeply")
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _convert(node: yaml.Node, first_line: int, key_line: int, seen: set[int]) -> Node:
    line = node.start_mark.line + first_line
    if id(node) in seen:
        raise _Refused(line, "YAML anchors and aliases (& and *) are not allowed: write it out")
    seen.add(id(node))
    if isinstance(node, MappingNode):
        return Node(_convert_mapping(node, first_line, seen), line, key_line)
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ:
            raise _Refused(line, f"YAML tag {node.tag} is not allowed")
        items = [_convert(item, first_line, 0, seen) for item in node.value]
        return Node(items, line, key_line)
    assert isinstance(node, ScalarNode)
    return Node(_scalar(node, line), line, key_line)


def _convert_mapping(node: MappingNode, first_line: int, seen: set[int]) -> dict[str, Node]:
    result: dict[str, Node] = {}
    if node.tag != _MAP:
        raise _Refused(node.start_mark.line + first_line, f"YAML tag {node.tag} is not allowed")
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + first_line
        if key_node.tag == _MERGE:
            raise _Refused(key_line, "YAML merge keys (<<) are not allowed: write the fields out")
        if not isinstance(key_node, ScalarNode) or not isinstance(key_node.value, str):
            raise _Refused(key_line, "a field name must be plain text")
        key = key_node.value
        if key in result:
            first = result[key].where
            raise _Refused(key_line, f"'{key}' appears twice (first on line {first})")
        result[key] = _convert(value_node, first_line, key_line, seen)
    return result


def _scalar(node: ScalarNode, line: int) -> Any:
    if node.tag == _STR:  # most values are text: no constructor to call
        return node.value
    if node.tag not in _SCALAR_TAGS:
        raise _Refused(line, f"YAML tag {node.tag} is not allowed")
    if node.tag in _NUMBER_TAGS and not _PLAIN_NUMBER.fullmatch(node.value):
        return node.value  # 1:30 (base 60), 0x1f, 1_000, 10**4000: text for the checks
    try:
        value = SafeConstructor.yaml_constructors[node.tag](_SCALARS, node)
    except (ValueError, OverflowError, yaml.YAMLError):
        # Looks like a date or number but is not one (2019-13-01): keep the text for the checks.
        return node.value
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value != value:  # NaN is not a value anyone means
        return node.value
    return value
