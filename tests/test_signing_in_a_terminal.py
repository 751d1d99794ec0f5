"""In a real terminal (tmux): `fivefold app --allowed-signers F` signs from the decision dialog and shows the
signature verified; a key with a passphrase is refused in the dialog, and nothing asks for it on the terminal.

Driven as `tests/test_kill.py` drives the app: the console script in a private tmux server, keys sent
with `send-keys`, the screen read with `capture-pane`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from signing_helpers import bundled_registry, locked_key, make_keys, ready_assessment
from test_kill import TMUX, Terminal, fivefold_command

from fivefold.store import Store

pytestmark = pytest.mark.skipif(
    TMUX is None or shutil.which("ssh-keygen") is None,
    reason="needs tmux and OpenSSH's ssh-keygen",
)


@pytest.fixture
def terminal(subprocess_env: dict[str, str]) -> Iterator[Terminal]:
    """A terminal with no ssh-agent: a key with a passphrase has nothing to sign through."""
    env = {**subprocess_env, "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    for name in ("TMUX", "SSH_AUTH_SOCK", "SSH_AGENT_PID"):
        env.pop(name, None)
    term = Terminal(env)
    try:
        yield term
    finally:
        term.kill_server()


def open_decision_dialog(terminal: Terminal) -> None:
    terminal.keys("d")
    terminal.wait_for(lambda screen: "Record a decision" in screen, "the decision dialog")


def decision_list(terminal: Terminal) -> list[str]:
    """The decision list's rows as drawn, colours and all."""
    rows = terminal.screen(escapes=True).splitlines()
    return [row for row in rows if "Approve" in row or "Reject" in row]


def decide(terminal: Terminal, decision: str, key: Path) -> None:
    """The reviewer, a decision by its key, the key and the principal, typed as a person would; then ctrl+s."""
    terminal.keys("Dana", literal=True)
    terminal.keys("Enter")
    before = decision_list(terminal)
    terminal.keys("Enter")  # no role: on to the decision list
    # Its letters choose a decision only once it has the focus (elsewhere they are typed): wait for its
    # rows' colours to show the focus, then the choice (a field's blinking cursor is not in these rows).
    terminal.wait_for(lambda _: decision_list(terminal) != before, "the decision list focused")
    focused = decision_list(terminal)
    terminal.keys(decision)
    terminal.wait_for(lambda _: decision_list(terminal) != focused, "the decision chosen")
    terminal.keys("Tab")
    terminal.keys("Tab")
    terminal.keys(str(key), literal=True)
    terminal.keys("Enter")
    terminal.keys("dana@example.com", literal=True)
    terminal.keys("C-s")


def test_sign_in_the_app_see_it_verified_and_a_passphrase_never_asked_for(terminal: Terminal, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 's.db'}"
    store = Store.open(db_url)
    try:
        ready_assessment(store, bundled_registry(), title="Terminal signing review")
    finally:
        store.close()
    keys = make_keys(tmp_path / "keys", ["dana"])
    locked = locked_key(tmp_path)
    status_file = tmp_path / "exit-status"
    terminal.start(
        [*fivefold_command(), "app", "--db", db_url, "--allowed-signers", str(keys.allowed_signers)],
        exit_status_file=status_file,
    )
    terminal.wait_for(lambda screen: "Terminal signing review" in screen, "the assessment on the home screen")
    terminal.keys("Enter")
    terminal.wait_for(lambda screen: "Done: " in screen, "the assessment's first answer")
    terminal.keys("C-r")
    terminal.wait_for(lambda screen: "s opens the sign-off screen" in screen, "the summary")
    terminal.keys("s")
    terminal.wait_for(lambda screen: "No sign-offs yet" in screen, "the sign-off screen")

    open_decision_dialog(terminal)
    decide(terminal, "a", keys.key("dana"))
    screen = terminal.wait_for(lambda screen: "verified (dana@example.com)" in screen, "the verified signature")
    assert "The deployment gate passes (signatures checked)" in screen

    open_decision_dialog(terminal)
    decide(terminal, "r", locked)
    screen = terminal.wait_for(lambda screen: "prompt for" in screen, "the refusal of the key with a passphrase")
    assert "has a passphrase" in screen  # the dialog's refusal, the CLI's sentence (tests/tui/test_signatures.py)
    assert "Enter passphrase" not in screen
    terminal.keys("Escape")
    terminal.wait_for(lambda screen: "Record a decision" not in screen, "the dialog to close")
    assert "Enter passphrase" not in terminal.screen()
    terminal.keys("C-q")
    terminal.wait_for_exit("ctrl+q")
    assert status_file.read_text(encoding="utf-8").strip() == "0"
    store = Store.open(db_url)
    try:
        [signoff] = store.signoffs(1)
    finally:
        store.close()
    assert (signoff.decision, signoff.signer_principal) == ("approve", "dana@example.com")
