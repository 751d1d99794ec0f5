"""The vocabulary is spelled once: every layer's spelling of statuses and decisions derives from it."""

from __future__ import annotations

import pytest

from fivefold.store.models import AnswerStatus, SignOff
from fivefold.visible import has_hidden, one_line, visible
from fivefold.vocabulary import DECISIONS, STATUSES


def test_store_statuses_and_decisions_follow_the_vocabulary() -> None:
    assert tuple(AnswerStatus) == STATUSES
    constraints = {str(c.sqltext) for c in SignOff.__table__.constraints if hasattr(c, "sqltext")}
    assert any(all(f"'{decision}'" in text for decision in DECISIONS) for text in constraints)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),
        ("\x9b31m", "\\x9b31m"),
        ("a\rb", "a\\x0db"),
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("bad \udcff byte", "bad \\udcff byte"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("plain ünïcode ✓", "plain ünïcode ✓"),
    ],
)
def test_visible_escapes_what_a_terminal_would_act_on(raw: str, shown: str) -> None:
    assert visible(raw) == shown
    assert has_hidden(raw) == (raw != shown)


def test_one_line_folds_and_cuts() -> None:
    assert one_line("a\n\tb \x1b[1m", 40) == "a b \\x1b[1m"
    assert one_line("x" * 50, 10) == "x" * 9 + "…"
    assert visible("a\nb", keep_newlines=False) == "a\\x0ab"
