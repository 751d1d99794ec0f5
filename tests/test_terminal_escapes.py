"""In a real terminal (tmux): a stored answer holding escape and OSC sequences is shown as text, never obeyed.

The answer goes in through `fivefold answer --text-file -`, as a pasted log would; the app then shows it
while the test reads the pane's title and contents from tmux.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from test_kill import TITLE, TMUX, Terminal, fivefold_command, terminal  # noqa: F401 (the tmux fixture)

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed: these tests drive the app in tmux")

# Clear the screen, move the cursor home, retitle the terminal (OSC 0 and 2, BEL and ST ended), ring the bell.
HOSTILE = "Zebra before\x1b[2J\x1b[H\x1b]0;PWNED-TITLE\x07\x1b]2;PWNED-TWO\x1b\\\x07 Quartz after"


def test_escape_and_osc_sequences_in_an_answer_reach_the_screen_as_text(
    terminal: Terminal,  # noqa: F811 (the fixture imported above)
    run_fivefold,
    db_url: str,
    subprocess_env: dict[str, str],
) -> None:
    created = run_fivefold("--db", db_url, "new", "--bank", "five-phase", "--title", TITLE, "--system", "triage")
    assert created.returncode == 0, created.stderr
    assessment_id = created.stdout.strip()
    command = [*fivefold_command(), "--db", db_url, "answer", assessment_id, "platonic.theory.ethically-virtuous"]
    stored = subprocess.run(
        [*command, "--status", "draft", "--text-file", "-"],
        input=HOSTILE,
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=120,
        check=False,
    )
    assert stored.returncode == 0, stored.stderr

    terminal.start([*fivefold_command(), "--db", db_url])
    terminal.wait_for(lambda screen: TITLE in screen, "the assessment on the home screen")
    title_before = terminal.pane("pane_title")
    terminal.keys("Enter")
    screen = terminal.wait_for(lambda screen: "Quartz after" in screen, "the stored answer on screen")

    assert "\\x1b[2J" in screen and "PWNED-TITLE" in screen  # shown, escaped
    assert "Fivefold" in screen and TITLE not in terminal.pane("pane_title")
    assert terminal.pane("pane_title") == title_before
    assert "PWNED" not in terminal.pane("pane_title")
    assert "read-only" in screen  # the editor would draw it raw: it is shown read-only, with a note
    terminal.keys("C-q")
    terminal.wait_for_exit("ctrl+q")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'escapes.db'}"


def test_the_app_exits_2_with_one_sentence_when_the_database_cannot_be_opened(
    terminal: Terminal,  # noqa: F811 (the fixture imported above)
    tmp_path: Path,
) -> None:
    """Regression: the app exited 0 (`App.exit`'s first argument is the result, not the return code)."""
    junk = tmp_path / "junk.db"
    junk.write_text("a file a typo pointed at, not a database")
    stderr, exit_status = tmp_path / "stderr", tmp_path / "exit-status"
    command = shlex.join([*fivefold_command(), "--db", f"sqlite:///{junk}"])
    terminal.start(["sh", "-c", f"{command} 2> {shlex.quote(str(stderr))}"], exit_status_file=exit_status)
    terminal.wait_for_exit("the app giving up on the database")

    assert exit_status.read_text().strip() == "2"
    # stderr also carries the app's drawing (Textual draws there); the sentence comes after it, whole.
    sentence = re.search(r"fivefold: [^\x1b\n]*\n\Z", stderr.read_text())
    assert sentence is not None, stderr.read_text()[-300:]
    assert sentence.group().startswith(f"fivefold: {junk} is not a SQLite database")
    assert junk.read_text().startswith("a file a typo")
