"""The progress line of a long command: drawn in place on a real terminal, wiped at the end, absent elsewhere."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest

import fivefold.cli.db_commands as db_commands
import fivefold.cli.progress as progress
from fivefold.cli import main
from fivefold.cli.progress import ProgressLine
from fivefold.store.schema import SCHEMA_HEAD

FAULTS = Path(__file__).parent / "data" / "faults"


@pytest.fixture
def terminal() -> Iterator[tuple[TextIO, int]]:
    """A real pseudo-terminal: the stream a command writes to, and the descriptor its screen is read from."""
    screen, end = os.openpty()
    stream = open(end, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    try:
        yield stream, screen
    finally:
        stream.close()
        os.close(screen)


def received(screen: int) -> str:
    chunks = []
    os.set_blocking(screen, False)
    while True:
        try:
            chunk = os.read(screen, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def last_line_seen(written: str) -> str:
    """What the terminal's line shows once `written` is drawn: each carriage return draws over the line."""
    line: list[str] = []
    column = 0
    for char in written:
        if char == "\r":
            column = 0
        else:
            line[column : column + 1] = [char]
            column += 1
    return "".join(line)


def test_the_line_is_drawn_in_place_and_wiped_at_the_end(
    terminal: tuple[TextIO, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "REDRAW_S", 0)
    stream, screen = terminal
    with ProgressLine("copying a file", stream) as line:
        for done in range(5):
            line.update(done, 4)
    written = received(screen)
    assert "\n" not in written
    drawn = [part.rstrip() for part in written.split("\r") if part.strip()]
    assert drawn == [f"fivefold: copying a file: {share}%" for share in (0, 25, 50, 75, 100)]
    assert last_line_seen(written).strip() == "", "the line is wiped: only the command's output stays"
    assert written.endswith("\r")


def test_a_hostile_or_long_name_stays_one_line_of_text(
    terminal: tuple[TextIO, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "REDRAW_S", 0)
    monkeypatch.setenv("COLUMNS", "40")
    stream, screen = terminal
    with ProgressLine("backing up /tmp/\x1b]0;owned\x07\n" + "x" * 200, stream) as line:
        line.update(1, 3)
    [drawn] = [part for part in received(screen).split("\r") if part.strip()]
    assert "\x1b" not in drawn and "\x07" not in drawn and "\n" not in drawn
    assert drawn.startswith("fivefold: backing up /tmp/\\x1b]0;") and drawn.endswith("…: 33%")
    assert len(drawn) == 39


def test_nothing_is_written_where_no_one_watches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "REDRAW_S", 0)
    with (tmp_path / "log").open("w") as log, ProgressLine("copying", log) as line:
        line.update(1, 2)
    assert (tmp_path / "log").read_text() == ""


def test_work_over_within_a_tenth_of_a_second_shows_nothing(terminal: tuple[TextIO, int]) -> None:
    stream, screen = terminal
    with ProgressLine("copying", stream) as line:
        line.update(1, 2)
    assert received(screen) == ""


def test_db_backup_shows_its_progress_on_a_terminal(
    tmp_path: Path, terminal: tuple[TextIO, int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "fivefold.db"
    assert main(["--db", str(source), "demo"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(progress, "REDRAW_S", 0)
    monkeypatch.setattr(db_commands, "BACKUP_STEP_PAGES", 8)
    stream, screen = terminal
    monkeypatch.setattr(sys, "stderr", stream)
    target = tmp_path / "backup.db"
    assert main(["--db", str(source), "db", "backup", str(target)]) == 0
    stream.flush()
    written = received(screen)
    shares = [int(part.rstrip().rsplit(" ", 1)[1].rstrip("%")) for part in written.split("\r") if part.strip()]
    assert len(shares) > 2 and shares == sorted(shares) and shares[-1] == 100, written
    assert "fivefold: backing up fivefold.db: " in written
    assert last_line_seen(written).strip() == ""
    assert capsys.readouterr().out == f"{target}\n"
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM answer").fetchone()[0] > 0


def test_an_upgrade_is_said_on_a_terminal_while_it_runs(
    tmp_path: Path, terminal: tuple[TextIO, int], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    older = tmp_path / "revision-0001.db"
    shutil.copyfile(FAULTS / "revision-0001.db", older)
    stream, screen = terminal
    monkeypatch.setattr(sys, "stderr", stream)
    assert main(["--db", str(older), "db", "upgrade"]) == 0
    stream.flush()
    written = received(screen)
    [drawn] = [part.rstrip() for part in written.split("\r") if part.strip()]
    assert drawn == f"fivefold: upgrading revision-0001.db: from schema revision 0001 to {SCHEMA_HEAD} (once)…"
    assert last_line_seen(written).strip() == ""
    assert capsys.readouterr().out == "the database is up to date\n"
    assert main(["--db", str(older), "db", "upgrade"]) == 0  # current: nothing to say
    stream.flush()
    assert received(screen) == ""
