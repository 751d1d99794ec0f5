"""What the TUI tests share: wait for a condition, type text key by key, read what the screen shows."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from fivefold.tui.screens.assessment import AssessmentScreen
from fivefold.tui.screens.home import HomeScreen
from fivefold.tui.widgets.outline import Outline
from fivefold.tui.widgets.save_indicator import SaveIndicator

# Rich's SVG export draws every cell 12.2 px wide (20 px lines times a 0.61 font aspect).
_CELL_WIDTH = 12.2
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[^")]*-line-(\d+)\)">([^<]*)</text>'
)

# A worker that opens the database imports SQLAlchemy and Alembic first: allow for a slow first run.
STORE_TIMEOUT = 30


async def wait_until(pilot: Pilot[Any], predicate: Callable[[], object], tries: int = 100, *, what: str = "") -> None:
    """Let the app run until `predicate()` holds; fail the test saying what never happened.

    Each `pilot.pause()` waits for the app to go idle (at least a few ms), so 100 tries
    cover a worker round trip and the 0.3 s autosave debounce with room to spare.
    """
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause()
    if predicate():
        return
    pytest.fail(f"gave up after {tries} pauses waiting for {what or getattr(predicate, '__name__', 'a condition')}")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type `text` one key press per character (pilot maps '[' to left_square_bracket and so on)."""
    await pilot.press(*("enter" if ch == "\n" else ch for ch in text))


async def home_loaded(pilot: Pilot[Any]) -> HomeScreen:
    """The home screen once its table shows the database's rows."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen), what="the home screen")
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    await asyncio.wait_for(home.loaded.wait(), STORE_TIMEOUT)
    await pilot.pause()  # let the rows and the end of the loading indicator reach the screen
    return home


async def assessment_loaded(pilot: Pilot[Any]) -> AssessmentScreen:
    """The assessment screen once its snapshot is shown and the outline's cursor is on the question."""

    def ready() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, AssessmentScreen) or screen.snapshot is None:
            return False
        cursor = screen.query_one(Outline).cursor_node
        return cursor is not None and cursor.data == screen.current

    await wait_until(pilot, ready, tries=300, what="the assessment screen to load its snapshot")
    screen = pilot.app.screen
    assert isinstance(screen, AssessmentScreen)
    return screen


def plain(widget: Static) -> str:
    """The text a Static shows, without styles."""
    content = widget.content
    return content.plain if isinstance(content, Text) else str(content)


def indicator(screen: AssessmentScreen) -> str:
    return plain(screen.query_one(SaveIndicator))


def editor(screen: AssessmentScreen) -> TextArea:
    return screen.query_one("#editor", TextArea)


def question_text(screen: AssessmentScreen) -> str:
    return plain(screen.query_one("#question-text", Static))


def status_line(screen: AssessmentScreen) -> str:
    return plain(screen.query_one("#status-line", Static))


async def wait_saved(pilot: Pilot[Any], screen: AssessmentScreen, text: str) -> None:
    """Wait for the autosave of `text` on the current question to be committed and shown."""
    question_id = screen.place.question.id

    def saved() -> bool:
        answer = screen.snapshot.answers.get(question_id) if screen.snapshot else None
        return indicator(screen).startswith("✓ Saved") and answer is not None and answer.rationale == text

    await wait_until(pilot, saved, what=f"'✓ Saved' for {question_id} with {text!r}")


def outline_label(screen: AssessmentScreen, question_id: str) -> str:
    """The outline's label for a question: its status mark, a space, the question text."""
    index = next(i for i, place in enumerate(screen.places) if place.question.id == question_id)
    stack = [screen.query_one(Outline).root]
    while stack:
        node = stack.pop()
        if node.data == index:
            return node.label.plain
        stack.extend(node.children)
    raise AssertionError(f"{question_id} is not in the outline")


def screen_text(app: App[Any]) -> str:
    """The current screen as the user sees it, one line of plain text per terminal row."""
    rows: dict[int, dict[int, str]] = {}
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        row = rows.setdefault(int(line), {})
        start = round(float(x) / _CELL_WIDTH)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            row[start + offset] = char
    lines = []
    for number in range(max(rows, default=-1) + 1):
        row = rows.get(number, {})
        lines.append("".join(row.get(column, " ") for column in range(max(row, default=-1) + 1)).rstrip())
    return "\n".join(lines)
