"""The line of every key, table and array item of a TOML file, as `banks validate` reports it."""

from __future__ import annotations

from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from fivefold.banks.lines import TomlPath, key_lines, line_of

TRICKY = '''\
# [not] a = "table"
title = """
a "quoted" ] } [[x]]
key = "not a key"
"""
literal = \'\'\'C:\\path\\ [y] \'\'\'
"quoted key".sub = 1979-05-27 07:32:00Z

[[phases]]
id = "one"  # [[phases]] in a comment
problems = [
  "a, b ] c",  # comment ]
  { text = "t", source = "s" },
]

[phases.theory]
goal = 'I wonder if {X}'

[[phases.theory.questions]]
id = "q1"

[[phases.theory.questions]]
id = "q2"
when = { question = "q1", any_of = [1, 2] }

[[phases]]
id = "two"

[phases.practice]
x = """two
lines"""
'''


def test_the_lines_of_a_tricky_file() -> None:
    lines = key_lines(TRICKY)
    text = TRICKY.split("\n")

    def at(*path: str | int) -> str:
        return text[lines[path] - 1]

    assert at("title").startswith("title = ")
    assert at("literal").startswith("literal = ")
    assert at("quoted key", "sub").startswith('"quoted key".sub')
    assert at("phases", 0) == "[[phases]]" and at("phases", 0, "id").startswith('id = "one"')
    assert at("phases", 0, "problems", 0).strip().startswith('"a, b ] c"')
    assert at("phases", 0, "problems", 1, "source").strip().startswith("{ text")
    assert at("phases", 0, "theory", "goal").startswith("goal = ")
    assert at("phases", 0, "theory", "questions", 1, "id") == 'id = "q2"'
    assert at("phases", 0, "theory", "questions", 1, "when", "any_of", 1).startswith("when = ")
    assert lines["phases", 1] == lines["phases", 1, "id"] - 1
    assert at("phases", 1, "practice", "x").startswith('x = """two')
    # A key the file lacks is reported on the line of its nearest table.
    assert line_of(lines, ("phases", 1, "practice", "y")) == lines["phases", 1, "practice"]
    assert line_of(lines, ("nowhere",)) is None


_keys = st.sampled_from(["id", "text", "source", "a b", "x.y", "phases", "questions", "ü"])
_scalars = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), st.integers(), st.booleans()
)


def _values(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return st.one_of(_scalars, st.lists(_scalars, max_size=3))
    child = _values(depth - 1)
    tables = st.dictionaries(_keys, child, max_size=4)
    return st.one_of(_scalars, st.lists(_scalars, max_size=3), tables, st.lists(tables, min_size=1, max_size=3))


def _paths(node: Any, path: TomlPath = ()) -> list[TomlPath]:
    found: list[TomlPath] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*path, key))
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*path, index))
            found += _paths(value, (*path, index))
    return found


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(_keys, _values(3), min_size=1, max_size=4), multiline=st.booleans())
def test_every_path_of_any_file_tomli_w_writes_has_its_line(data: dict[str, Any], multiline: bool) -> None:
    text = tomli_w.dumps(data, multiline_strings=multiline)
    lines = key_lines(text)
    rows = text.split("\n")  # TOML counts lines by \n alone; splitlines() would also split at U+0085
    for path in _paths(data):
        assert path in lines, (path, text)
        line = rows[lines[path] - 1]
        key = path[-1]
        if isinstance(key, str) and not isinstance(_get(data, path), dict | list):
            # A scalar's line names its key (bare, or quoted when it needs quotes).
            assert key in line, (path, line, text)


def _get(node: Any, path: TomlPath) -> Any:
    for key in path:
        node = node[key]
    return node
