"""Signatures in the app: each sign-off's verdict as `fivefold verify` gives it, checked in a worker, and
signing from the decision dialog with a key file or through a real ssh-agent, never with a prompt."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from signing_helpers import (
    Keys,
    add_to_agent,
    bundled_registry,
    locked_key,
    make_keys,
    needs_agent,
    needs_ssh_keygen,
    ready_assessment,
)
from textual.pilot import Pilot
from textual.widgets import DataTable, RadioSet, Static
from tui_helpers import home_loaded, plain, screen_text, type_text, wait_until

from fivefold.canonical import canonical_json
from fivefold.locations import ALLOWED_SIGNERS_ENV, user_allowed_signers
from fivefold.review import load_snapshot
from fivefold.review.signoff import record_signoff
from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.dialogs.decision import DecisionDialog
from fivefold.tui.screens.signoff import SignoffScreen

SIZE = (160, 50)  # wide enough for the whole table: every row's status and comment on screen


# Helpers ---------------------------------------------------------------------------------------


async def signoff_checked(pilot: Pilot[Any], assessment_id: int) -> SignoffScreen:
    """Open the sign-off screen and wait until it is read and its signatures checked (if it checks any)."""
    await home_loaded(pilot)
    pilot.app.push_screen(SignoffScreen(assessment_id))
    return await checked(pilot)


async def checked(pilot: Pilot[Any]) -> SignoffScreen:
    def done() -> bool:
        screen = pilot.app.screen
        return (
            isinstance(screen, SignoffScreen)
            and screen.verdict is not None
            and not screen.query_one("#body").loading
            and not screen.checking
        )

    await wait_until(pilot, done, tries=500, what="the sign-off screen to read and check the sign-offs")
    screen = pilot.app.screen
    assert isinstance(screen, SignoffScreen)
    return screen


def statuses(screen: SignoffScreen) -> dict[str, str]:
    """Each row's reviewer and its Status cell."""
    table = screen.query_one("#signoffs", DataTable)
    rows = [table.get_row_at(i) for i in range(table.row_count)]
    return {row[0].plain: row[2].plain for row in rows}


def verify_says(run_cli: Any, db_url: str, assessment_id: int, *options: object) -> tuple[dict[str, str], list[str]]:
    """`fivefold verify ID [options]`: each reviewer's status, and the FAILED lines."""
    _, out, _ = run_cli("--db", db_url, "verify", assessment_id, *options)
    said = dict(re.findall(r"^sign-off by (\S+) \(.*?\): (.*?)(?:, principal .*)?$", out, re.MULTILINE))
    failed = re.findall(r"^FAILED: (.*)$", out, re.MULTILINE)
    return said, failed


def tamper_with_signoff(db: Path, reviewer: str) -> None:
    """Change the comment of `reviewer`'s sign-off by hand, in its statement and its column alike:
    the signature over the statement no longer matches."""
    with sqlite3.connect(db) as connection:
        (statement,) = connection.execute("SELECT statement FROM signoff WHERE reviewer = ?", (reviewer,)).fetchone()
        facts = json.loads(statement)
        facts["comment"] = "edited by hand"
        edited = canonical_json(facts)
        connection.execute(
            "UPDATE signoff SET statement = ?, comment = 'edited by hand' WHERE reviewer = ?", (edited, reviewer)
        )


@pytest.fixture
def three_signed(tmp_path: Path, db_url: str) -> tuple[Keys, int]:
    """Ana signs as herself with a listed key (verified); Ben signs with his own key but names Ana's principal
    (wrong principal); Cy signs with a listed key and his sign-off is then edited by hand (tampered); Dee does
    not sign. All are rejections, which need no ready assessment."""
    keys = make_keys(tmp_path / "keys", ["ana", "ben", "cy"], allowed=["ana", "cy"])
    registry = bundled_registry()
    store = Store.open(db_url)
    try:
        assessment_id = ready_assessment(store, registry)
        for reviewer, key, principal in (
            ("Ana", keys.key("ana"), Keys.principal("ana")),
            ("Ben", keys.key("ben"), Keys.principal("ana")),
            ("Cy", keys.key("cy"), Keys.principal("cy")),
            ("Dee", None, None),
        ):
            record_signoff(
                store, load_snapshot(store, registry, assessment_id), reviewer=reviewer, role="", decision="reject",
                comment=f"{reviewer} says no", key=key, principal=principal,
            )  # fmt: skip
    finally:
        store.close()
    tamper_with_signoff(tmp_path / "fivefold.db", "Cy")
    return keys, assessment_id


# The verdict on the screen is verify's ---------------------------------------------------------


@needs_ssh_keygen
async def test_each_signoff_shows_the_verdict_verify_gives(three_signed, db_url: str, run_cli) -> None:
    keys, assessment_id = three_signed
    said, failed = verify_says(run_cli, db_url, assessment_id, "--allowed-signers", keys.allowed_signers)
    assert said == {
        "Ana": "valid, signature verified",
        "Ben": "valid, signature invalid",
        "Cy": "valid, signature invalid",
        "Dee": "valid, unsigned",
    }
    app = make_app(db_url=db_url, allowed_signers=keys.allowed_signers)
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, assessment_id)
        shown = statuses(screen)
        assert shown.keys() == said.keys()
        for reviewer, status in said.items():
            assert shown[reviewer].startswith(status), (reviewer, shown[reviewer], status)
        assert shown["Ana"] == "valid, signature verified (ana@example.com)"
        assert shown["Ben"].startswith("valid, signature invalid: ") and shown["Cy"].startswith(
            "valid, signature invalid: "
        )
        assert shown["Dee"] == "valid, unsigned"
        # Every problem verify reports is among the gate's reasons on the screen, the why of each signature too.
        reasons = plain(screen.query_one("#gate-list", Static))
        for problem in failed:
            assert problem in reasons
        assert any("signature of the sign-off by Ben" in problem for problem in failed)
        assert not screen.query_one("#signature-note").display
        await pilot.press("ctrl+q")


@needs_ssh_keygen
async def test_without_an_allowed_signers_file_signatures_are_unchecked_and_the_screen_says_where_it_looked(
    three_signed, db_url: str, run_cli
) -> None:
    _, assessment_id = three_signed
    said, _ = verify_says(run_cli, db_url, assessment_id)
    app = make_app(db_url=db_url)
    assert app.allowed_signers is None
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, assessment_id)
        assert statuses(screen) == said
        assert said["Ana"] == "valid, signature unchecked"
        assert screen.signatures is None
        note = plain(screen.query_one("#signature-note", Static))
        assert screen.query_one("#signature-note").display
        assert str(user_allowed_signers()) in note and ALLOWED_SIGNERS_ENV in note and "--allowed-signers" in note
        await pilot.press("ctrl+q")


@needs_ssh_keygen
async def test_the_file_in_the_config_folder_or_the_variable_is_used(
    three_signed, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys, assessment_id = three_signed
    own = user_allowed_signers()
    own.parent.mkdir(parents=True)
    own.write_bytes(keys.allowed_signers.read_bytes())
    assert make_app(db_url=db_url).allowed_signers == own
    monkeypatch.setenv(ALLOWED_SIGNERS_ENV, str(tmp_path / "named-but-missing"))
    app = make_app(db_url=db_url)
    assert app.allowed_signers == tmp_path / "named-but-missing"
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, assessment_id)
        # A file named but gone by the time the screen checks: one sentence, and nothing shown as checked.
        note = plain(screen.query_one("#signature-note", Static))
        assert note == f"Signatures unchecked: the allowed signers file {tmp_path / 'named-but-missing'} does not exist"
        assert statuses(screen)["Ana"] == "valid, signature unchecked"
        await pilot.press("ctrl+q")


@needs_ssh_keygen
async def test_the_rows_say_checking_until_ssh_keygen_has_answered(
    three_signed, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs in a worker: the screen is drawn, and usable, while ssh-keygen runs."""
    import fivefold.signing

    keys, assessment_id = three_signed
    release = threading.Event()
    real_verify = fivefold.signing.verify

    def held_verify(*args: Any, **kwargs: Any) -> str | None:
        release.wait(60)  # the real check, once the test has seen the screen meanwhile
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(fivefold.signing, "verify", held_verify)
    app = make_app(db_url=db_url, allowed_signers=keys.allowed_signers)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await home_loaded(pilot)
            app.push_screen(SignoffScreen(assessment_id))
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, SignoffScreen) and app.screen.verdict is not None,
                tries=300,
                what="the rows",
            )
            screen = app.screen
            assert isinstance(screen, SignoffScreen) and screen.checking
            assert statuses(screen)["Ana"] == "valid, signature checking…"
            assert statuses(screen)["Dee"] == "valid, unsigned"
            assert "The deployment gate" in screen_text(app)
            focused = screen.focused
            await pilot.press("tab")  # the keys still work meanwhile
            assert screen.focused is not focused
            release.set()
            await checked(pilot)
            assert statuses(screen)["Ana"] == "valid, signature verified (ana@example.com)"
            await pilot.press("ctrl+q")
    finally:
        release.set()


# Signing from the decision dialog ----------------------------------------------------------------


async def decide(
    pilot: Pilot[Any], screen: SignoffScreen, *, key: str, principal: str, decision: str = "r"
) -> DecisionDialog:
    """d, then the reviewer, a decision (its key), the key and the principal, all from the keyboard, and ctrl+s."""
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DecisionDialog), what="the decision dialog")
    dialog = pilot.app.screen
    assert isinstance(dialog, DecisionDialog)
    await type_text(pilot, "Dana")
    await pilot.press("enter", "enter")  # no role
    assert isinstance(dialog.focused, RadioSet)
    await pilot.press(decision, "tab", "tab")
    assert dialog.focused is dialog.query_one("#key")
    await type_text(pilot, key)
    await pilot.press("enter")
    await type_text(pilot, principal)
    await pilot.press("ctrl+s")
    return dialog


async def signed_and_verified(pilot: Pilot[Any], screen: SignoffScreen, before: object) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.screen is screen, tries=500, what="the dialog to sign and close")
    await wait_until(pilot, lambda: screen.verdict is not before, tries=300, what="the screen to read it again")
    await checked(pilot)
    assert statuses(screen)["Dana"] == "valid, signature verified (dana@example.com)"


@pytest.fixture
def ready(db_url: str) -> int:
    store = Store.open(db_url)
    try:
        return ready_assessment(store, bundled_registry())
    finally:
        store.close()


def dana_allowed(tmp_path: Path, public_key: Path) -> Path:
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"dana@example.com {public_key.read_text(encoding='utf-8')}", encoding="utf-8")
    return signers


@needs_ssh_keygen
async def test_signing_with_a_key_without_a_passphrase_needs_no_agent(
    tmp_path: Path, db_url: str, ready: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    keys = make_keys(tmp_path / "keys", ["dana"])
    app = make_app(db_url=db_url, allowed_signers=dana_allowed(tmp_path, keys.key("dana.pub")))
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, ready)
        before = screen.verdict
        await decide(pilot, screen, key=str(keys.key("dana")), principal="dana@example.com", decision="a")
        await signed_and_verified(pilot, screen, before)
        assert "✓ The deployment gate passes (signatures checked)" in screen_text(app)
        await pilot.press("ctrl+q")


@needs_agent
async def test_signing_through_ssh_agent_with_the_public_key(
    tmp_path: Path, db_url: str, ready: int, agent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key with a passphrase, held by a real ssh-agent: the dialog is given its public half, as the CLI is."""
    key = locked_key(tmp_path)
    add_to_agent(key, agent)
    monkeypatch.setenv("SSH_AUTH_SOCK", agent)
    public = key.with_name("locked.pub")
    app = make_app(db_url=db_url, allowed_signers=dana_allowed(tmp_path, public))
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, ready)
        before = screen.verdict
        await decide(pilot, screen, key=str(public), principal="dana@example.com")
        await signed_and_verified(pilot, screen, before)
        # And given the private key's path, which the agent holds: signed through the agent, no prompt.
        before = screen.verdict
        await decide(pilot, screen, key=str(key), principal="dana@example.com")
        await wait_until(pilot, lambda: app.screen is screen, tries=500, what="the second signing")
        await wait_until(pilot, lambda: screen.verdict is not before, tries=300, what="the screen to read it again")
        await checked(pilot)
        assert list(statuses(screen).values()) == ["valid, signature verified (dana@example.com)"]  # both "Dana"
        assert screen.query_one("#signoffs", DataTable).row_count == 2
        await pilot.press("ctrl+q")


async def refusal(pilot: Pilot[Any], dialog: DecisionDialog) -> str:
    def said() -> str:
        return plain(dialog.query_one("#error", Static))

    await wait_until(pilot, said, tries=500, what="the refusal in the dialog")
    assert pilot.app.screen is dialog and not dialog.busy
    return said()


def cli_refusal(run_cli: Any, db_url: str, assessment_id: int, key: Path) -> str:
    code, out, err = run_cli(
        "--db", db_url, "sign", assessment_id, "--reviewer", "Dana", "--decision", "reject", "--key", key,
        "--principal", "dana@example.com",
    )  # fmt: skip
    assert (code, out) == (2, "")
    return err.strip().removeprefix("fivefold: ")


@needs_agent
@pytest.mark.parametrize("half", ["private", "public"])
async def test_a_key_that_would_prompt_is_refused_with_the_clis_sentence(
    tmp_path: Path, db_url: str, ready: int, agent: str, monkeypatch: pytest.MonkeyPatch, run_cli, half: str
) -> None:
    """No agent, then an agent that does not hold the key, given as the private key or its public half: the
    dialog comes back with the CLI's refusal, and nothing is written. Nothing asks for the passphrase."""
    key = locked_key(tmp_path)
    if half == "public":
        key = key.with_name("locked.pub")
    # What `fivefold sign` says, first with no agent, then with one that does not hold the key.
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    cli_no_agent = cli_refusal(run_cli, db_url, ready, key)
    assert "has a passphrase, which Fivefold does not prompt for" in cli_no_agent
    monkeypatch.setenv("SSH_AUTH_SOCK", agent)
    cli_not_held = cli_refusal(run_cli, db_url, ready, key)
    assert "is not in the running ssh-agent" in cli_not_held

    monkeypatch.delenv("SSH_AUTH_SOCK")
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, ready)
        dialog = await decide(pilot, screen, key=str(key), principal="dana@example.com")
        assert await refusal(pilot, dialog) == cli_no_agent

        monkeypatch.setenv("SSH_AUTH_SOCK", agent)
        dialog.show_error("")
        await pilot.press("ctrl+s")
        assert await refusal(pilot, dialog) == cli_not_held
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the dialog to close")
        assert screen.query_one("#signoffs", DataTable).display is False
        await pilot.press("ctrl+q")
    store = Store.open(db_url)
    try:
        assert store.signoffs(ready) == []
    finally:
        store.close()


@needs_ssh_keygen
async def test_signoffs_signed_under_an_older_format_say_so_with_a_file_too(tmp_path: Path, run_cli) -> None:
    """The upgraded 0003 database (tests/data) with the key that signed it: never checked, as verify says."""
    import shutil

    data = Path(__file__).parent.parent / "data"
    path = tmp_path / "old.db"
    shutil.copyfile(data / "fivefold-0003.db", path)
    signers = data / "fivefold-0003.allowed_signers"
    db_url = f"sqlite:///{path}"
    said, _ = verify_says(run_cli, db_url, 1, "--allowed-signers", signers)
    assert said == dict.fromkeys(("Ana", "Ben"), "signed under an older format, does not count")
    app = make_app(db_url=db_url, allowed_signers=signers)
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, 1)
        assert statuses(screen) == said
        assert not screen.query_one("#signature-note").display
        await pilot.press("ctrl+q")


@needs_ssh_keygen
async def test_an_export_from_the_app_checks_signatures_as_the_cli_export_does(
    three_signed, db_url: str, tmp_path: Path, run_cli
) -> None:
    from textual.widgets import Input

    from fivefold.tui.dialogs.export import ExportDialog

    keys, assessment_id = three_signed
    by_cli = tmp_path / "cli.json"
    code, _, err = run_cli(
        "--db", db_url, "export", assessment_id, "--format", "json", "-o", by_cli,
        "--allowed-signers", keys.allowed_signers,
    )  # fmt: skip
    assert code == 0, err
    by_app = tmp_path / "app.json"
    app = make_app(db_url=db_url, allowed_signers=keys.allowed_signers)
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, assessment_id)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog), what="the export dialog")
        assert app.screen.focused is app.screen.query_one("#path", Input)
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, str(by_app))
        await pilot.press("tab", "j", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen, tries=300, what="the export dialog to close")
        await pilot.press("ctrl+q")

    def statuses_in(path: Path) -> list[str]:
        return [entry["status"] for entry in json.loads(path.read_text(encoding="utf-8"))["verdict"]["signoffs"]]

    assert statuses_in(by_app) == statuses_in(by_cli)
    assert statuses_in(by_app)[:2] == ["valid, signature verified", "valid, signature invalid"]


@needs_ssh_keygen
async def test_a_principal_that_looks_like_markup_is_shown_as_typed(tmp_path: Path, db_url: str, ready: int) -> None:
    keys = make_keys(tmp_path / "keys", ["ana"])
    principal = "[b]ana[/b]@[red]x"
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"{principal} {keys.key('ana.pub').read_text(encoding='utf-8')}", encoding="utf-8")
    store = Store.open(db_url)
    try:
        record_signoff(
            store, load_snapshot(store, bundled_registry(), ready), reviewer="[i]Ana", role="", decision="reject",
            key=keys.key("ana"), principal=principal,
        )  # fmt: skip
    finally:
        store.close()
    app = make_app(db_url=db_url, allowed_signers=signers)
    async with app.run_test(size=SIZE) as pilot:
        screen = await signoff_checked(pilot, ready)
        assert statuses(screen) == {"[i]Ana": f"valid, signature verified ({principal})"}
        assert f"verified ({principal})" in screen_text(app)
        await pilot.press("ctrl+q")


# The summary's approvals line counts what the sign-off screen counts --------------------------------


@pytest.fixture
def approved_by_an_unlisted_key(tmp_path: Path, db_url: str) -> Keys:
    """One signed approval of a ready assessment, by Ben, whose key the allowed signers file does not list."""
    keys = make_keys(tmp_path / "keys", ["ana", "ben"], allowed=["ana"])
    registry = bundled_registry()
    store = Store.open(db_url)
    try:
        assessment_id = ready_assessment(store, registry)
        record_signoff(
            store, load_snapshot(store, registry, assessment_id), reviewer="Ben", role="", decision="approve",
            comment="", key=keys.key("ben"), principal=Keys.principal("ben"),
        )  # fmt: skip
    finally:
        store.close()
    return keys


@needs_ssh_keygen
@pytest.mark.parametrize(
    ("with_file", "line"),
    [
        (True, "approvals 0/1 valid (signatures checked)"),
        (False, "approvals 1/1 valid (signatures not checked: no allowed signers file)"),
    ],
    ids=["checked", "no-file"],
)
async def test_the_summary_counts_an_approval_only_if_its_signature_verifies(
    approved_by_an_unlisted_key: Keys, db_url: str, with_file: bool, line: str
) -> None:
    """The summary said "approvals 1/1" for an approval the sign-off screen showed as invalid."""
    from fivefold.tui.screens.summary import SummaryScreen

    keys = approved_by_an_unlisted_key
    app = make_app(db_url=db_url, allowed_signers=keys.allowed_signers if with_file else None)
    async with app.run_test(size=SIZE) as pilot:
        await home_loaded(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AssessmentScreen", what="the assessment")
        await pilot.press("ctrl+r")

        def said() -> str:
            screen = app.screen
            return plain(screen.query_one("#signoff-line", Static)) if isinstance(screen, SummaryScreen) else ""

        await wait_until(pilot, lambda: "approvals" in said(), tries=300, what="the approvals line")
        assert line in said()
        await pilot.press("ctrl+q")
