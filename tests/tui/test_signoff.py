"""Sign-off from the keyboard: accept a blocker, approve with a real SSH key, see it go stale, export it."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, RadioSet, Static
from tui_helpers import assessment_loaded, editor, home_loaded, plain, screen_text, type_text, wait_saved, wait_until

from fivefold.banks import Bank
from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.dialogs.accept_blocker import AcceptBlockerDialog
from fivefold.tui.dialogs.approvals import ApprovalsDialog
from fivefold.tui.dialogs.decision import DecisionDialog
from fivefold.tui.dialogs.export import ExportDialog
from fivefold.tui.screens.help import HelpScreen
from fivefold.tui.screens.signoff import SignoffScreen
from fivefold.tui.screens.summary import SummaryScreen

BLOCKER = "testing.practice.halt-anytime"
BLOCKER_TEXT = "Can we stop our models successfully, whenever we choose?"
TITLE = "Release 2.3"
REVIEWER, ROLE, COMMENT, REASON = "Ana", "ML lead", "Ship it", "Manual kill switch."
SIZE = (120, 45)


@pytest.fixture
def all_answered(bank: Bank, new_assessment: Callable[..., int], save_answer: Callable[..., int]) -> int:
    """Every question answered, one of them a blocker: ready for sign-off once a reviewer accepts the blocker."""
    assessment_id = new_assessment(title=TITLE)
    for place in bank.questions():
        status = "blocker" if place.question.id == BLOCKER else "addressed"
        save_answer(assessment_id, place.question.id, status, f"Done: {place.question.id}")
    return assessment_id


@pytest.fixture
def ssh_key(tmp_path: Path) -> Path:
    """A throwaway ed25519 key without a passphrase, made by the real ssh-keygen."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("needs OpenSSH's ssh-keygen")
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, capture_output=True)
    return key


async def open_summary(pilot: Pilot[Any]) -> SummaryScreen:
    """From the home screen: open the (only) assessment, then its summary."""
    await home_loaded(pilot)
    await pilot.press("enter")
    await assessment_loaded(pilot)
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen), what="the summary screen")
    summary = pilot.app.screen
    assert isinstance(summary, SummaryScreen)
    return summary


async def signoff_loaded(pilot: Pilot[Any]) -> SignoffScreen:
    """The sign-off screen once its worker has read the assessment and the rules have judged it."""

    def loaded() -> bool:
        screen = pilot.app.screen
        return (
            isinstance(screen, SignoffScreen) and screen.verdict is not None and not screen.query_one("#body").loading
        )

    await wait_until(pilot, loaded, tries=300, what="the sign-off screen to load")
    screen = pilot.app.screen
    assert isinstance(screen, SignoffScreen)
    return screen


async def reloaded(pilot: Pilot[Any], screen: SignoffScreen, before: object) -> None:
    """Wait for the sign-off screen to show a verdict newer than `before` (after a dialog's action)."""
    await wait_until(pilot, lambda: pilot.app.screen is screen, tries=300, what="the dialog to close")
    await wait_until(pilot, lambda: screen.verdict is not before, tries=300, what="the sign-off screen to reload")


def signoff_line(summary: SummaryScreen) -> str:
    return plain(summary.query_one("#signoff-line", Static))


def blocker_prompts(screen: SignoffScreen) -> list[str]:
    items = screen.query_one("#blockers", OptionList)
    return [items.get_option_at_index(i).prompt.plain for i in range(items.option_count)]


def signoff_rows(screen: SignoffScreen) -> list[list[str]]:
    table = screen.query_one("#signoffs", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def export_with_keys(pilot: Pilot[Any], screen: SignoffScreen, name: str, format_key: str) -> None:
    """ctrl+o, type the file name in place of the default, tab to the formats, pick one with its key, ctrl+s."""
    await pilot.press("ctrl+o")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog), what="the export dialog")
    dialog = pilot.app.screen
    path = dialog.query_one("#path", Input)
    assert dialog.focused is path
    assert path.value.endswith(f"training-rationale-{screen.assessment_id}-release-2-3.md")  # the title is known
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, name)
    await pilot.press("tab")
    assert isinstance(dialog.focused, RadioSet)
    await pilot.press(format_key)
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: pilot.app.screen is screen, tries=300, what="the export dialog to close")


async def test_accept_approve_signed_go_stale_and_export(
    db_url: str, tmp_path: Path, store: Store, all_answered: int, ssh_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # "~/key" and "~/out.md": short to type
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        summary = await open_summary(pilot)
        await wait_until(pilot, lambda: "approvals" in signoff_line(summary), what="the summary's sign-off line")
        assert signoff_line(summary).startswith("Sign-off: not ready (1 reason) · approvals 0/1 valid")
        assert "Sign-off" in screen_text(app)  # the key is in the footer

        await pilot.press("s")
        screen = await signoff_loaded(pilot)
        assert not screen.verdict.ready
        text = screen_text(app)
        assert "Not ready for sign-off: 1 reason" in text
        # Named by its text, as the summary shows it.
        assert f'blocker "{BLOCKER_TEXT}"' in text and "resolved nor accepted by a reviewer" in text
        assert "0 valid of 1 needed" in text
        assert screen.verdict.digest in text
        assert "No sign-offs yet" in text
        (prompt,) = blocker_prompts(screen)
        assert prompt.startswith("BLOCKING")
        assert screen.focused is screen.query_one("#blockers", OptionList)

        # Accept the blocker: a, the reviewer, the reason.
        before = screen.verdict
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AcceptBlockerDialog), what="the accept dialog")
        await type_text(pilot, REVIEWER)
        await pilot.press("enter")
        await type_text(pilot, REASON)
        await pilot.press("enter")
        await reloaded(pilot, screen, before)
        assert screen.verdict.ready
        (prompt,) = blocker_prompts(screen)
        assert prompt.startswith("ACCEPTED") and f"accepted by {REVIEWER}: {REASON}" in prompt
        text = screen_text(app)
        assert "Ready for sign-off" in text
        assert "The deployment gate fails: 1 reason" in text
        assert "0 valid approval(s), 1 needed" in text
        acceptance = store.acceptances(all_answered)[BLOCKER]
        assert (acceptance.reviewer, acceptance.reason) == (REVIEWER, REASON)

        # Approve, signed with the key: every field from the keyboard.
        before = screen.verdict
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DecisionDialog), what="the decision dialog")
        dialog = app.screen
        await type_text(pilot, REVIEWER)
        await pilot.press("enter")
        await type_text(pilot, ROLE)
        await pilot.press("enter")
        assert isinstance(dialog.focused, RadioSet)
        await pilot.press("a")  # approve
        assert dialog.decision == "approve"
        await pilot.press("tab")
        await type_text(pilot, COMMENT)
        await pilot.press("enter")
        await type_text(pilot, "~/key")
        await pilot.press("enter", "enter")  # past the principal (it defaults to the reviewer): record
        await reloaded(pilot, screen, before)
        (signoff,) = store.signoffs(all_answered)
        assert (signoff.reviewer, signoff.role, signoff.decision, signoff.comment) == (
            REVIEWER,
            ROLE,
            "approve",
            COMMENT,
        )
        assert signoff.signature is not None and signoff.signature.startswith("-----BEGIN SSH SIGNATURE-----")
        assert signoff.signer_principal == REVIEWER
        (row,) = signoff_rows(screen)
        assert row == [REVIEWER, "approve", "valid, signature unchecked", ROLE, row[4], COMMENT]
        text = screen_text(app)
        assert "1 valid of 1 needed" in text
        assert "The deployment gate passes" in text

        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is summary, what="back to the summary")
        await wait_until(
            pilot, lambda: "approvals 1/1" in signoff_line(summary), what="the summary to see the approval"
        )
        assert signoff_line(summary).startswith("Sign-off: ready · approvals 1/1 valid")

        # Edit an answer in the editor: the approval no longer matches the answers.
        await pilot.press("escape")
        assessment = await assessment_loaded(pilot)
        await pilot.press("enter")
        assert assessment.focused is editor(assessment)
        await pilot.press("end")
        await type_text(pilot, " and more")
        await wait_saved(pilot, assessment, f"Done: {assessment.place.question.id} and more")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary screen")
        await pilot.press("s")
        screen = await signoff_loaded(pilot)
        (row,) = signoff_rows(screen)
        assert row[2] == "STALE, signature unchecked"
        text = screen_text(app)
        assert "STALE, signature unchecked" in text
        assert "0 valid of 1 needed" in text
        assert "0 valid approval(s), 1 needed (1 stale sign-off(s) no longer count)" in text

        # Export in the three formats, each picked with its key.
        await export_with_keys(pilot, screen, "~/out.md", "m")
        await export_with_keys(pilot, screen, "~/out.md", "h")  # the extension follows the format
        await export_with_keys(pilot, screen, "~/out.md", "j")
        await pilot.press("ctrl+q")
    assert app.return_code == 0

    for name in ("out.md", "out.html"):
        exported = (tmp_path / name).read_text(encoding="utf-8")
        assert REVIEWER in exported
        assert "stale, signature unchecked" in exported
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["schema"] == "fivefold-assessment/3"
    (entry,) = document["signoffs"]
    assert entry["reviewer"] == REVIEWER == json.loads(entry["statement"])["reviewer"]
    assert entry["signature"].startswith("-----BEGIN SSH SIGNATURE-----")
    statement_sha256 = hashlib.sha256(entry["statement"].encode()).hexdigest()
    assert document["verdict"]["signoffs"] == [
        {"statement_sha256": statement_sha256, "status": "stale, signature unchecked"}
    ]


async def test_an_approval_of_a_not_ready_assessment_is_refused_in_the_dialog(
    db_url: str, tmp_path: Path, store: Store, all_answered: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("ssh-keygen") is None:
        pytest.skip("needs OpenSSH's ssh-keygen")
    locked = tmp_path / "locked"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "pw", "-f", locked], check=True, capture_output=True)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)  # no agent to sign through: Fivefold must not prompt
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)

        # The palette offers the summary's keys: the sign-off screen is one of them.
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the command palette")
        await type_text(pilot, "Sign-off")
        commands = app.screen.query_one(CommandList)

        def offered() -> list[str]:
            return [commands.get_option_at_index(i).prompt.plain for i in range(commands.option_count)]

        await wait_until(pilot, lambda: any(p.startswith("Sign-off (s)") for p in offered()), what="'Sign-off'")
        await pilot.press("enter")
        screen = await signoff_loaded(pilot)
        assert not screen.verdict.ready

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DecisionDialog), what="the decision dialog")
        dialog = app.screen
        await type_text(pilot, REVIEWER)
        await pilot.press("enter", "enter")  # no role
        await pilot.press("a")
        await pilot.press("ctrl+s")

        def refused() -> str:
            return plain(dialog.query_one("#error", Static))

        await wait_until(pilot, lambda: refused(), tries=300, what="the refusal in the dialog")
        assert f"assessment {all_answered} is not ready for approval" in refused()
        assert f'blocker "{BLOCKER_TEXT}" ({BLOCKER})' in refused()
        assert app.screen is dialog and not dialog.busy
        assert store.signoffs(all_answered) == []

        # After the refusal the cursor stays where it was (the decision list), no field's text selected.
        assert isinstance(dialog.focused, RadioSet)
        assert dialog.query_one("#reviewer", Input).selection.is_empty
        # A rejection may be made at any time, but not with a key that is not there: nothing is written.
        await pilot.press("r", "tab", "tab")
        assert dialog.decision == "reject"
        assert dialog.focused is dialog.query_one("#key", Input)
        await type_text(pilot, "/nowhere/key")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "does not exist" in refused(), tries=300, what="the missing key's error")
        assert "/nowhere/key" in refused()
        assert dialog.focused is dialog.query_one("#key", Input)
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "~/locked")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "has a passphrase" in refused(), tries=300, what="the passphrase's error")
        assert "ssh-agent" in refused()
        assert store.signoffs(all_answered) == []
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the dialog to close")
        assert screen.query_one("#signoffs", DataTable).display is False

        # The number of approvals needed: n, a number, enter.
        before = screen.verdict
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalsDialog), what="the approvals dialog")
        await pilot.press("backspace")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await reloaded(pilot, screen, before)
        assert "0 valid of 2 needed" in screen_text(app)
        assert store.assessment(all_answered).approvals_required == 2
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_help_lists_the_signoff_keys(db_url: str, all_answered: int) -> None:
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_summary(pilot)
        await pilot.press("s")
        screen = await signoff_loaded(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        tables = [section.content for section in app.screen.query(".help-section").results(Static)]
        help_text = "\n".join(str(cell) for table in tables for column in table.columns for cell in column.cells)
        for line in ("Readiness, approvals and sign-offs", "Record a decision", "Accept the highlighted blocker"):
            assert line in help_text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="help to close")
        await pilot.press("ctrl+q")


async def test_signoffs_from_before_signed_statements_show_as_older_format(tmp_path: Path) -> None:
    """The upgraded 0003 database (tests/data): its sign-offs are listed with the facts of their statements."""
    path = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parent.parent / "data" / "fivefold-0003.db", path)
    app = make_app(db_url=f"sqlite:///{path}")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        app.push_screen(SignoffScreen(1))
        screen = await signoff_loaded(pilot)
        rows = signoff_rows(screen)
        assert [(row[0], row[3], row[1]) for row in rows] == [
            ("Ana", "ML lead", "approve"),
            ("Ben", "Safety", "reject"),
        ]
        assert [row[2] for row in rows] == ["signed under an older format, does not count"] * 2
        assert "0 valid of 2 needed" in screen_text(app)
        await pilot.press("ctrl+q")


async def test_an_older_hand_edit_opens_for_answering_and_fails_on_the_signoff_screen(tmp_path: Path) -> None:
    """Opening an assessment to answer it checks only the newest audit event (constant time); the sign-off
    screen, which shows the gate's verdict, replays the whole log and names an older hand edit."""
    import sqlite3

    from fivefold.banks import BankRegistry
    from fivefold.demo import create_demo_assessment

    path = tmp_path / "edited.db"
    store = Store.open(f"sqlite:///{path}")
    assessment_id = create_demo_assessment(store, BankRegistry.default())
    store.close()
    with sqlite3.connect(path) as connection:  # an old answer changed by hand, its event left alone
        connection.execute(
            "UPDATE answer SET rationale = 'edited by hand' WHERE question_id = 'platonic.theory.ethically-virtuous'"
        )
    app = make_app(db_url=f"sqlite:///{path}")
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        answering = await assessment_loaded(pilot)
        assert answering.snapshot is not None
        assert answering.snapshot.audit_checked == "head" and answering.snapshot.audit_problems == []
        app.push_screen(SignoffScreen(assessment_id))
        screen = await signoff_loaded(pilot)
        assert screen.snapshot is not None and screen.snapshot.audit_checked == "chain"
        assert any("platonic.theory.ethically-virtuous" in problem for problem in screen.snapshot.audit_problems)
        assert "audit log" in screen_text(app)
        await pilot.press("ctrl+q")
