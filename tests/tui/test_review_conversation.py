"""The review conversation from the keyboard: comments, replies, resolving, the open-comments setting,
owners and due dates; checked in the database and through the CLI, not only on the screen."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea
from tui_helpers import (
    assessment_loaded,
    editor,
    home_loaded,
    outline_label,
    plain,
    screen_text,
    type_text,
    wait_saved,
    wait_until,
)

from fivefold.banks import Bank
from fivefold.store import Store
from fivefold.tui.app import make_app
from fivefold.tui.dialogs.comments import CommentsDialog
from fivefold.tui.dialogs.confirm import ConfirmDialog
from fivefold.tui.dialogs.owner import OwnerDialog
from fivefold.tui.screens.assessment import AssessmentScreen
from fivefold.tui.screens.help import HelpScreen
from fivefold.tui.screens.signoff import SignoffScreen
from fivefold.tui.screens.summary import SummaryScreen

SIZE = (120, 45)
REVIEWER, AUTHOR = "Rita Reviewer", "Arun Author"
QUESTION_TEXT = "Why 0.8 and not 0.9?"
REPLY_TEXT = "The 0.9 run overfit; see eval/2.3.md."
SECOND_LINE = "Where is the sweep?"


@pytest.fixture
def all_addressed(bank: Bank, new_assessment: Callable[..., int], save_answer: Callable[..., int]) -> int:
    """Every question answered and addressed: ready for sign-off but for comments."""
    assessment_id = new_assessment(title="Release 2.3")
    for place in bank.questions():
        save_answer(assessment_id, place.question.id, "addressed", f"Done: {place.question.id}")
    return assessment_id


async def open_assessment(pilot: Pilot[Any]) -> AssessmentScreen:
    await home_loaded(pilot)
    await pilot.press("enter")
    return await assessment_loaded(pilot)


async def open_comments(pilot: Pilot[Any]) -> CommentsDialog:
    """m in the outline, once the dialog has read the question's threads."""
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommentsDialog), what="the comments dialog")
    dialog = pilot.app.screen
    assert isinstance(dialog, CommentsDialog)
    await wait_until(pilot, lambda: dialog.comments is not None, tries=300, what="the threads to be read")
    return dialog


def prompts(options: OptionList) -> list[str]:
    found = (options.get_option_at_index(i).prompt for i in range(options.option_count))
    return [prompt.plain if isinstance(prompt, Text) else str(prompt) for prompt in found]


def thread_prompts(dialog: CommentsDialog) -> list[str]:
    return prompts(dialog.query_one("#threads", OptionList))


def summary_prompts(summary: object) -> list[str]:
    assert isinstance(summary, SummaryScreen)
    return prompts(summary.query_one("#open-items", OptionList))


async def to_signoff(pilot: Pilot[Any]) -> SignoffScreen:
    """From the assessment: the summary, then its sign-off screen once judged."""
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen), what="the summary")
    await pilot.press("s")

    def loaded() -> bool:
        screen = pilot.app.screen
        return (
            isinstance(screen, SignoffScreen) and screen.verdict is not None and not screen.query_one("#body").loading
        )

    await wait_until(pilot, loaded, tries=300, what="the sign-off screen")
    screen = pilot.app.screen
    assert isinstance(screen, SignoffScreen)
    return screen


def open_comments_line(screen: SignoffScreen) -> str:
    return plain(screen.query_one("#open-comments", Static))


async def back_to_assessment(pilot: Pilot[Any], screen: AssessmentScreen) -> None:
    await pilot.press("escape", "escape")  # sign-off → summary → assessment
    await wait_until(pilot, lambda: pilot.app.screen is screen, what="back to the assessment")


async def test_a_reviewer_comments_the_author_replies_and_resolves_and_signoff_turns_ready(
    db_url: str, store: Store, all_addressed: int
) -> None:
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_assessment(pilot)
        question_id = screen.place.question.id
        assert screen.focused is screen.outline
        assert outline_label(screen, question_id).startswith("✓ ")  # no comment mark yet

        # The reviewer: c, name, enter, a comment of two lines (enter starts the second), ctrl+s.
        dialog = await open_comments(pilot)
        assert thread_prompts(dialog) == ["No comments on this question yet."]
        assert dialog.focused is dialog.query_one("#author", Input)
        await type_text(pilot, REVIEWER)
        await pilot.press("enter")
        assert dialog.focused is dialog.query_one("#text", TextArea)
        await type_text(pilot, QUESTION_TEXT + "\n" + SECOND_LINE)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(store.comments(all_addressed)) == 1, tries=300, what="the comment")
        await wait_until(pilot, lambda: not dialog.busy, what="the dialog to show it")
        (asked,) = store.comments(all_addressed)
        assert (asked.question_id, asked.author, asked.text, asked.resolved) == (
            question_id,
            REVIEWER,
            f"{QUESTION_TEXT}\n{SECOND_LINE}",
            False,
        )
        (prompt,) = thread_prompts(dialog)
        assert prompt.startswith(f"OPEN  {asked.uuid[:8]}  {REVIEWER}")
        assert f"\n  {QUESTION_TEXT}\n  {SECOND_LINE}" in prompt  # each line under the heading
        assert dialog.query_one("#text", TextArea).text == ""  # ready for the next one
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the dialog to close")
        assert outline_label(screen, question_id).startswith("✓? ")
        assert "Comments 1 thread, 1 open" in plain(screen.query_one("#review", Static))

        # The summary lists the open thread; the sign-off screen says it blocks, and the setting can say otherwise.
        signoff = await to_signoff(pilot)
        summary = app.screen_stack[-2]
        assert isinstance(summary, SummaryScreen)
        (comment_item,) = [p for p in summary_prompts(summary) if p.startswith("COMMENT")]
        assert QUESTION_TEXT in comment_item and REVIEWER in comment_item
        assert not signoff.verdict.ready
        assert open_comments_line(signoff).startswith("1 open comment blocks sign-off")
        assert "has an open comment" in screen_text(app)
        before = signoff.verdict
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        await pilot.press("y")
        await wait_until(pilot, lambda: signoff.verdict is not before, tries=300, what="the sign-off screen to reload")
        assert store.assessment(all_addressed).open_comments_block is False
        assert signoff.verdict.ready
        assert open_comments_line(signoff).startswith("Open comments do not block sign-off (setting); 1 open comment")
        before = signoff.verdict
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        await pilot.press("n")  # cancelled: nothing changes
        await wait_until(pilot, lambda: app.screen is signoff, what="the confirmation to close")
        assert store.assessment(all_addressed).open_comments_block is False
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        await pilot.press("y")
        await wait_until(pilot, lambda: signoff.verdict is not before, tries=300, what="the sign-off screen to reload")
        assert store.assessment(all_addressed).open_comments_block is True
        assert not signoff.verdict.ready
        await back_to_assessment(pilot, screen)

        # The author: m, their own name in place of the remembered one, a reply (ctrl+r), then resolve (ctrl+t).
        dialog = await open_comments(pilot)
        assert dialog.query_one("#author", Input).value == REVIEWER  # remembered for the session
        assert dialog.focused is dialog.query_one("#text", TextArea)
        await pilot.press("shift+tab", "ctrl+u")
        await type_text(pilot, AUTHOR)
        await pilot.press("tab")
        await type_text(pilot, REPLY_TEXT)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: len(store.comments(all_addressed)) == 2, tries=300, what="the reply")
        await wait_until(pilot, lambda: not dialog.busy, what="the dialog to show it")
        await pilot.press("ctrl+t")
        await wait_until(
            pilot, lambda: store.comments(all_addressed)[0].resolved, tries=300, what="the thread to be resolved"
        )
        await wait_until(pilot, lambda: not dialog.busy, what="the dialog to show it")
        (prompt,) = thread_prompts(dialog)
        assert prompt.startswith(f"RESOLVED by {AUTHOR}  {asked.uuid[:8]}  {REVIEWER}")
        assert f"↳ {AUTHOR}" in prompt and REPLY_TEXT in prompt
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the dialog to close")
        assert outline_label(screen, question_id).startswith("✓ ")  # resolved: no mark

        root, reply = store.comments(all_addressed)
        assert (root.uuid, root.resolved, root.resolved_by) == (asked.uuid, True, AUTHOR)
        assert (reply.reply_to, reply.author, reply.text, reply.question_id) == (
            asked.uuid,
            AUTHOR,
            REPLY_TEXT,
            question_id,
        )
        assert store.audit_problems(all_addressed) == []

        signoff = await to_signoff(pilot)
        assert signoff.verdict.ready
        assert open_comments_line(signoff).startswith("No open comments (open comments block sign-off)")
        assert "Ready for sign-off" in screen_text(app)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_a_comment_without_a_name_or_text_is_refused_in_the_dialog(
    db_url: str, store: Store, all_addressed: int
) -> None:
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_assessment(pilot)
        dialog = await open_comments(pilot)
        await pilot.press("tab")
        await type_text(pilot, "no name")
        await pilot.press("ctrl+s")
        error = dialog.query_one("#error", Static)
        assert plain(error) == "Give your name: a comment says who wrote it."
        assert dialog.focused is dialog.query_one("#author", Input)
        await type_text(pilot, REVIEWER)
        await pilot.press("tab", "ctrl+u", "ctrl+s")  # an empty comment: the review layer's sentence
        await wait_until(pilot, lambda: "is empty" in plain(error), tries=300, what="the refusal")
        assert "say what needs looking at" in plain(error)
        await pilot.press("ctrl+r")  # no thread to reply to
        assert plain(error) == "No thread to reply to: ctrl+s starts one."
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    assert store.comments(all_addressed) == []


HOSTILE = "[bold red]x[/] \x1b[31mred\x1b[0m <script>alert(1)</script> [@click=app.quit]q[/]"
HOSTILE_AUTHOR = "[i]Eve[/i]"


async def test_hostile_comment_text_shows_literally(db_url: str, store: Store, all_addressed: int) -> None:
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_assessment(pilot)
        store.add_comment(all_addressed, question_id=screen.place.question.id, author=HOSTILE_AUTHOR, text=HOSTILE)
        await pilot.press("f5")  # the comment came from elsewhere: read again
        await wait_until(
            pilot, lambda: outline_label(screen, screen.place.question.id).startswith("✓?"), what="the mark"
        )
        dialog = await open_comments(pilot)
        shown = "\n".join(thread_prompts(dialog))
        assert "[bold red]x[/] \\x1b[31mred\\x1b[0m <script>alert(1)</script> [@click=app.quit]q[/]" in shown
        assert HOSTILE_AUTHOR in shown
        text = screen_text(app)
        assert "[bold red]x[/]" in text and "<script>alert(1)</script>" in text and "\\x1b[31mred" in text
        assert HOSTILE_AUTHOR in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="the dialog to close")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary")
        (item,) = [p for p in summary_prompts(app.screen) if p.startswith("COMMENT")]
        assert "[bold red]x[/] \\x1b[31mred\\x1b[0m <script>" in item and HOSTILE_AUTHOR in item
        await pilot.press("enter")  # the thread's line jumps to its question, as every open item does
        await wait_until(pilot, lambda: app.screen is screen, what="back on the question")
        assert screen.focused is editor(screen)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_an_owner_and_a_due_date_from_the_keyboard_reach_the_cli_and_the_export(
    db_url: str, store: Store, new_assessment: Callable[..., int], run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    assessment_id = new_assessment()
    past = date.today() - timedelta(days=3)
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_assessment(pilot)
        question_id = screen.place.question.id
        # Not an open item yet: o says so and opens nothing.
        await pilot.press("o")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#review", Static).display is False  # nothing to say yet
        await pilot.press("exclamation_mark")  # a concern, from the outline
        await wait_until(pilot, lambda: outline_label(screen, question_id).startswith("! "), what="the concern")
        assert plain(screen.query_one("#review", Static)).startswith("No owner yet   c / o in the outline")

        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OwnerDialog), what="the owner dialog")
        dialog = app.screen
        await type_text(pilot, "Sam")
        await pilot.press("enter")
        await type_text(pilot, "2026-02-30")
        await pilot.press("enter")
        error = dialog.query_one("#error", Static)
        assert plain(error) == "--due '2026-02-30' is not a date of the calendar; give it as YYYY-MM-DD"
        assert dialog.focused is dialog.query_one("#due", Input)
        assert store.action_items(assessment_id) == {}
        await pilot.press("ctrl+u")
        await type_text(pilot, past.isoformat())
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, tries=300, what="the owner dialog to close")
        item = store.action_items(assessment_id)[question_id]
        assert (item.owner, item.due) == ("Sam", past)

        # Overdue: marked in the outline, the panel and the summary.
        await wait_until(pilot, lambda: outline_label(screen, question_id).startswith("!⚑ "), what="the overdue mark")
        review = plain(screen.query_one("#review", Static))
        assert f"Owner Sam · due {past.isoformat()}  OVERDUE" in review
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), what="the summary")
        (concern,) = [p for p in summary_prompts(app.screen) if p.startswith("CONCERN")]
        assert f"⚑ OVERDUE  owner Sam, due {past.isoformat()}" in concern
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="back to the assessment")

        # Addressed now: no longer an open item, so no longer overdue (the owner stays recorded).
        await pilot.press("a")
        await wait_until(pilot, lambda: outline_label(screen, question_id).startswith("✓ "), what="no mark")
        await pilot.press("ctrl+z")  # a concern again: overdue again
        await wait_until(pilot, lambda: outline_label(screen, question_id).startswith("!⚑ "), what="the mark again")

        # Given by mistake: ctrl+d in the dialog takes the owner and date away, as `owner --clear` does.
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OwnerDialog), what="the owner dialog again")
        await pilot.press("ctrl+d")
        await wait_until(pilot, lambda: app.screen is screen, tries=300, what="the owner dialog to close")
        assert store.action_items(assessment_id) == {}
        await wait_until(pilot, lambda: outline_label(screen, question_id).startswith("! "), what="no overdue mark")
        assert plain(screen.query_one("#review", Static)).startswith("No owner yet")
        assert store.audit_problems(assessment_id) == []
        await pilot.press("o")  # nothing to clear now: ctrl+d is dimmed and does nothing
        await wait_until(pilot, lambda: isinstance(app.screen, OwnerDialog), what="the owner dialog, empty")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, OwnerDialog)
        await type_text(pilot, "Sam")  # and given again, for the CLI and the export below
        await pilot.press("enter")
        await type_text(pilot, past.isoformat())
        await pilot.press("enter")
        await wait_until(pilot, lambda: outline_label(screen, question_id).startswith("!⚑ "), what="overdue again")
        await pilot.press("ctrl+q")
    assert app.return_code == 0

    code, out, err = run_cli("--db", db_url, "actions", assessment_id, "--json")
    assert code == 0, err
    (entry,) = json.loads(out)["items"]
    assert (entry["question_id"], entry["owner"], entry["due"], entry["overdue"]) == (
        question_id,
        "Sam",
        past.isoformat(),
        True,
    )
    exported = tmp_path / "out.md"
    code, out, err = run_cli("--db", db_url, "export", assessment_id, "--format", "md", "-o", exported)
    assert code == 0, err
    markdown = exported.read_text(encoding="utf-8")
    assert f"| {past.isoformat()} | Sam | CONCERN |" in markdown and "**OVERDUE**" in markdown


async def test_help_lists_the_review_keys_and_marks(db_url: str, all_addressed: int) -> None:
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_assessment(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        tables = [section.content for section in app.screen.query(".help-section").results(Static)]
        help_text = "\n".join(str(cell) for table in tables for column in table.columns for cell in column.cells)
        for line in (
            "Comments on the question: read, write, reply, resolve",
            "Give the question's concern or blocker an owner and a due date",
            "Read answers, comments, owners and due dates again",
            "Reply in the highlighted thread",
            "Resolve the highlighted thread, or reopen it",
            "an open comment thread on the question",
            "an overdue action item",
        ):
            assert line in help_text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, what="help to close")

        # The keys hidden from the footer are in the palette, with the key to press.
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the command palette")
        commands = app.screen.query_one(CommandList)
        await type_text(pilot, "comments")

        def offered(title: str) -> bool:
            return any(prompt.startswith(title) for prompt in prompts(commands))

        await wait_until(pilot, lambda: offered("Comments (c)"), what="the palette to offer c")
        await wait_until(pilot, lambda: offered("Reload answers and comments (f5)"), what="the palette to offer f5")
        await pilot.press("escape")
        await pilot.press("ctrl+q")


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
async def test_the_author_answers_while_a_reviewer_comments_from_another_process(
    database: str, tmp_path: Path, subprocess_env: dict[str, str], request: pytest.FixtureRequest
) -> None:
    """Two processes on one database: the app's autosave and the CLI's comment both land, and f5 shows it."""
    from fivefold.banks import BankRegistry

    url = request.getfixturevalue("postgres_url") if database == "postgresql" else f"sqlite:///{tmp_path}/shared.db"
    store = Store.open(url)
    bank = BankRegistry.default().get("five-phase")
    created = store.create_assessment(
        title="Shared",
        system_name="clf",
        system_version="1",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )
    assessment_id = created.id
    assert assessment_id is not None
    app = make_app(db_url=url)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_assessment(pilot)
            question_id = screen.place.question.id
            await pilot.press("enter")
            assert screen.focused is editor(screen)
            await type_text(pilot, "first half")
            comment = ["comment", str(assessment_id), question_id, "--author", REVIEWER, "--text", QUESTION_TEXT]
            reviewer = subprocess.Popen(  # the reviewer's process, while the author goes on typing
                [sys.executable, "-m", "fivefold", "--db", url, *comment],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=subprocess_env,
                cwd=tmp_path,
            )
            await type_text(pilot, " and second half")
            await wait_until(pilot, lambda: reviewer.poll() is not None, tries=3000, what="the reviewer's comment")
            out, err = reviewer.communicate()
            assert reviewer.returncode == 0, err
            await type_text(pilot, ", done")
            await wait_saved(pilot, screen, "first half and second half, done")
            assert outline_label(screen, question_id).startswith("✎ ")  # not read yet

            await pilot.press("escape", "f5")  # to the outline; f5 reads comments again
            await wait_until(
                pilot, lambda: outline_label(screen, question_id).startswith("✎? "), tries=300, what="the mark"
            )
            assert "Comments 1 thread, 1 open" in plain(screen.query_one("#review", Static))
            dialog = await open_comments(pilot)
            (prompt,) = thread_prompts(dialog)
            assert prompt.startswith(f"OPEN  {out.strip()}  {REVIEWER}") and QUESTION_TEXT in prompt
            await pilot.press("escape")
            await pilot.press("ctrl+q")
        assert app.return_code == 0
        assert store.answers(assessment_id)[question_id].rationale == "first half and second half, done"
        (made,) = store.comments(assessment_id)
        assert (made.author, made.text) == (REVIEWER, QUESTION_TEXT)
        assert store.audit_problems(assessment_id) == []
    finally:
        store.close()


async def test_c_and_o_typed_inside_a_word_open_no_dialog(db_url: str, store: Store, all_addressed: int) -> None:
    """After a letter that is no key, the outline takes c and o for letters, as it does the status keys."""
    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_assessment(pilot)
        await type_text(pilot, "hello")  # h is no key: the o is a letter
        await pilot.pause()
        assert app.screen is screen
        await type_text(pilot, "sac")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("down", "c")  # after an arrow, c is the comments key again
        await wait_until(pilot, lambda: isinstance(app.screen, CommentsDialog), what="the comments dialog")
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    assert store.comments(all_addressed) == []


async def test_a_paste_holding_control_characters_is_refused_in_the_comment(
    db_url: str, store: Store, all_addressed: int
) -> None:
    """A TextArea draws control characters raw: pasted into the comment, an OSC sequence would retitle the
    terminal (and an ESC [2J clear it), as a stored answer once did. Refused, as in the answer editor."""
    from textual import events

    app = make_app(db_url=db_url)
    async with app.run_test(size=SIZE) as pilot:
        await open_assessment(pilot)
        dialog = await open_comments(pilot)
        await type_text(pilot, REVIEWER)
        await pilot.press("enter")
        text = dialog.query_one("#text", TextArea)
        assert dialog.focused is text
        app.post_message(events.Paste("see\x1b]0;pwned\x07 this\x1b[2J"))
        await wait_until(
            pilot, lambda: any("control characters" in str(n.message) for n in app._notifications), what="refusal"
        )
        assert text.text == ""
        app.post_message(events.Paste("A pasted line.\r\nAnd a second one."))  # CRLF or CR: one line break
        await wait_until(pilot, lambda: text.text == "A pasted line.\nAnd a second one.", what="a plain paste")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(store.comments(all_addressed)) == 1, tries=300, what="the comment")
        assert store.comments(all_addressed)[0].text == "A pasted line.\nAnd a second one."
        await pilot.press("escape")
        await pilot.press("ctrl+q")
