"""In a real terminal (tmux): what the editor showed as saved survives `kill -9`, and ctrl+q saves before quitting.

The app runs as the console script in a detached tmux session of its own (its own server socket, no user
config), driven with `send-keys` and read with `capture-pane`; the answer is then read back with `Store.open`.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fivefold.store import Store

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed: these tests drive the app in tmux")

TIMEOUT_S = 20.0
POLL_S = 0.05
TITLE = "Kill test review"
# Capitals and punctuation a reader will not mistake for anything the app prints.
SENTENCE = "Zebra Quartz 4217: the rationale typed just before the crash."
SAVED = re.compile(r"Saved \d\d:\d\d:\d\d")


class Terminal:
    """A 120x40 tmux session on a private server, running one command."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"fivefold-test-{uuid.uuid4().hex[:12]}"
        self.socket_path: Path | None = None
        self.env = env

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            [TMUX, "-L", self.socket, *args],  # type: ignore[list-item]
            capture_output=True,
            text=True,
            env=self.env,
            timeout=10,
            check=True,
        )
        return result.stdout

    def start(self, command: list[str], *, exit_status_file: Path | None = None) -> None:
        """Run `command` as the pane's own process (`exec`: `pane_pid` is then the app's Python, the process to
        kill), or, given `exit_status_file`, in a shell that writes the command's exit status there.

        The exit status is not read from tmux: tmux 3.3a here sometimes leaves the exited process unreaped, and
        `#{pane_dead_status}` then stays empty although the pane is dead (in about half the runs).
        """
        shell_command = f"exec {shlex.join(command)}"
        if exit_status_file is not None:
            shell_command = f"{shlex.join(command)}; echo $? > {shlex.quote(str(exit_status_file))}"
        # Options first, in the same command list that starts the server: the pane must get TERM, tmux's prefix
        # must not be ctrl+b (the app's "previous question"), and a dead pane must stay, with its server, so
        # that the tests can still ask about it.
        self.tmux(
            "-f",
            "/dev/null",
            "set-option", "-g", "default-terminal", "xterm-256color", ";",
            "set-option", "-g", "prefix", "None", ";",
            "set-option", "-g", "remain-on-exit", "on", ";",
            "new-session", "-d", "-x", "120", "-y", "40", "-s", "app", shell_command,
        )  # fmt: skip
        self.socket_path = Path(self.tmux("display-message", "-p", "#{socket_path}").strip())

    def screen(self, *, escapes: bool = False) -> str:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "app")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "app", *(["-l"] if literal else []), *keys)

    def pane(self, field: str) -> str:
        return self.tmux("display-message", "-p", "-t", "app", f"#{{{field}}}").strip()

    def wait_for(self, condition: Callable[[str], bool], what: str, *, escapes: bool = False) -> str:
        """Poll the screen until `condition` holds; fail naming `what` and showing the screen after TIMEOUT_S."""
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            screen = self.screen(escapes=escapes)
            if condition(screen):
                return screen
            if self.pane("pane_dead") == "1":
                pytest.fail(f"the app exited while waiting for {what}:\n{self.screen()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} after {TIMEOUT_S:.0f} s; the screen:\n{self.screen()}")
            time.sleep(POLL_S)

    def wait_for_exit(self, what: str) -> None:
        """Poll until the pane is dead: its terminal closed, so every process in it has ended."""
        deadline = time.monotonic() + TIMEOUT_S
        while self.pane("pane_dead") != "1":
            if time.monotonic() > deadline:
                pytest.fail(f"the app was still running {TIMEOUT_S:.0f} s after {what}:\n{self.screen()}")
            time.sleep(POLL_S)

    def kill_server(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, env=self.env, check=False)  # type: ignore[list-item]
        if self.socket_path is not None:  # tmux 3.3a leaves the socket file behind
            self.socket_path.unlink(missing_ok=True)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'k.db'}"


@pytest.fixture
def terminal(subprocess_env: dict[str, str]) -> Iterator[Terminal]:
    env = {**subprocess_env, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    env.pop("TMUX", None)  # a tmux around the test run must not be the one these commands talk to
    term = Terminal(env)
    try:
        yield term
    finally:
        term.kill_server()


def fivefold_command() -> list[str]:
    """The `fivefold` console script of this environment, else the same entry point through `-m`."""
    script = Path(sys.executable).with_name("fivefold")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "fivefold"]


def open_first_question_in_editor(
    terminal: Terminal, run_fivefold, db_url: str, *, exit_status_file: Path | None = None
) -> None:
    """Create an assessment, start the app on it, open it and put the cursor in the first question's editor."""
    created = run_fivefold("--db", db_url, "new", "--bank", "five-phase", "--title", TITLE, "--system", "triage")
    assert created.returncode == 0, created.stderr
    terminal.start([*fivefold_command(), "--db", db_url], exit_status_file=exit_status_file)
    terminal.wait_for(lambda screen: TITLE in screen, "assessment on the home screen")
    terminal.keys("Enter")
    # Shown once the assessment has loaded, with the outline focused on the first unanswered question.
    terminal.wait_for(lambda screen: "Not answered yet" in screen, "first question")
    settled = _settled_screen(terminal)
    terminal.keys("Enter")
    # Focus moving from the outline to the editor changes colours only (their borders and the tree's cursor):
    # wait for the coloured screen to change, so no typed letter reaches the outline, where a/c/b/n set a status.
    terminal.wait_for(lambda screen: screen != settled, "editor focused after enter", escapes=True)


def _settled_screen(terminal: Terminal) -> str:
    """The screen with colours once two captures in a row agree (the outline moves its cursor after a refresh)."""
    previous = terminal.screen(escapes=True)
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        time.sleep(0.2)
        current = terminal.screen(escapes=True)
        if current == previous:
            return current
        previous = current
    pytest.fail(f"the screen kept changing for {TIMEOUT_S:.0f} s:\n{terminal.screen()}")


def saved_rationales(db_url: str) -> list[str]:
    store = Store.open(db_url)
    try:
        (assessment,) = store.assessments()
        return [answer.rationale for answer in store.answers(assessment.id).values()]
    finally:
        store.close()


def app_pid(terminal: Terminal) -> int:
    """The pane's process, checked (where /proc exists) to be the app's Python and not a shell around it."""
    pid = int(terminal.pane("pane_pid"))
    proc = Path(f"/proc/{pid}")
    if proc.exists():
        assert "python" in Path(os.readlink(proc / "exe")).name
        assert "fivefold" in (proc / "cmdline").read_text(), (proc / "cmdline").read_text()
    return pid


def test_a_saved_answer_survives_kill_9(terminal: Terminal, run_fivefold, db_url: str) -> None:
    open_first_question_in_editor(terminal, run_fivefold, db_url)
    pid = app_pid(terminal)
    terminal.keys(SENTENCE, literal=True)
    # The whole sentence and "Saved" in one frame: the save came after the last key (every key marks it unsaved).
    terminal.wait_for(lambda screen: SENTENCE in screen and SAVED.search(screen) is not None, "'Saved' after typing")
    os.kill(pid, signal.SIGKILL)
    terminal.wait_for_exit("kill -9")

    assert saved_rationales(db_url) == [SENTENCE]


def test_ctrl_q_right_after_typing_saves_and_exits_0(
    terminal: Terminal, run_fivefold, db_url: str, tmp_path: Path
) -> None:
    exit_status = tmp_path / "exit-status"
    open_first_question_in_editor(terminal, run_fivefold, db_url, exit_status_file=exit_status)
    terminal.keys(SENTENCE, literal=True)
    terminal.keys("C-q")  # well inside the autosave's 0.3 s pause: only the flush on quit can save it
    terminal.wait_for_exit("ctrl+q")

    assert exit_status.read_text().strip() == "0"
    assert saved_rationales(db_url) == [SENTENCE]
