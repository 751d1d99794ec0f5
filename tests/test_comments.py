"""Comments on questions, from the command line: threads, replies, resolving, and what they block."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from signing_helpers import BLOCKER, bundled_registry, ready_assessment

from fivefold.store import Store

QUESTION = "platonic.theory.ethically-virtuous"


@pytest.fixture
def ready(db_url: str) -> int:
    """An assessment ready for sign-off (every question answered, the blocker accepted)."""
    store = Store.open(db_url)
    try:
        return ready_assessment(store, bundled_registry())
    finally:
        store.close()


def comment(run_cli, db_url: str, assessment_id: int, *args: object, question: str = QUESTION) -> str:
    code, out, err = run_cli("--db", db_url, "comment", assessment_id, question, *args)
    assert (code, err) == (0, ""), err
    return out.strip()


def test_a_thread_with_replies_lists_in_order_with_its_state(run_cli, db_url: str, ready: int) -> None:
    first = comment(run_cli, db_url, ready, "--author", "Ana", "--text", "Fair to whom?\nSay which groups.")
    assert len(first) == 8
    reply = comment(run_cli, db_url, ready, "--author", "Ben", "--text", "Every region.", "--reply-to", first)
    deeper = comment(run_cli, db_url, ready, "--author", "Ana", "--text", "Thanks.", "--reply-to", reply)
    code, out, _ = run_cli("--db", db_url, "comments", ready)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"{first}  open  {QUESTION}  Ana  ")
    assert lines[1:3] == ["    Fair to whom?", "    Say which groups."]
    assert lines[3].startswith(f"  ↳ {reply}  Ben") and lines[5].startswith(f"  ↳ {deeper}  Ana")
    code, out, _ = run_cli("--db", db_url, "comments", ready, "--json")
    document = json.loads(out)
    assert document["format"] == "fivefold-comments/1"
    [thread] = document["threads"]
    assert (thread["state"], thread["resolved_by"], thread["author"]) == ("open", None, "Ana")
    assert [(r["author"], r["reply_to"][:8]) for r in thread["replies"]] == [("Ben", first), ("Ana", reply)]


def test_an_open_comment_blocks_approval_until_it_is_resolved(run_cli, db_url: str, ready: int) -> None:
    first = comment(run_cli, db_url, ready, "--author", "Cy", "--text", "Who decided this?")
    reply = comment(run_cli, db_url, ready, "--author", "Ana", "--text", "The board.", "--reply-to", first)
    sign = ("--db", db_url, "sign", ready, "--reviewer", "Cy", "--decision", "approve")
    code, _, err = run_cli(*sign)
    assert code == 2 and f"has an open comment {first} by Cy" in err and QUESTION in err
    code, out, _ = run_cli("--db", db_url, "resolve", ready, reply, "--by", "Cy")  # a reply names its thread
    assert (code, out) == (0, f"resolved thread {first} on {QUESTION}\n")
    code, out, _ = run_cli("--db", db_url, "resolve", ready, first)
    assert (code, out) == (0, f"thread {first} on {QUESTION} was already resolved\n"), "twice records nothing"
    assert run_cli(*sign)[0] == 0
    assert run_cli("--db", db_url, "gate", ready)[0] == 0
    code, out, _ = run_cli("--db", db_url, "comments", ready, "--open")
    assert out.startswith("No open comments.")


def test_reopening_or_a_new_comment_after_a_signoff_makes_it_stale(run_cli, db_url: str, ready: int) -> None:
    first = comment(run_cli, db_url, ready, "--author", "Cy", "--text", "Check the logs.")
    assert run_cli("--db", db_url, "resolve", ready, first, "--by", "Cy")[0] == 0
    assert run_cli("--db", db_url, "sign", ready, "--reviewer", "Cy", "--decision", "approve")[0] == 0
    assert run_cli("--db", db_url, "resolve", ready, first, "--reopen", "--by", "Cy")[0] == 0
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 1 and "1 stale sign-off(s) no longer count" in out and f"open comment {first}" in out


def test_the_setting_lets_open_comments_stay_and_is_itself_signed(run_cli, db_url: str, ready: int) -> None:
    first = comment(run_cli, db_url, ready, "--author", "Cy", "--text", "A note for the next cycle.")
    code, out, _ = run_cli("--db", db_url, "settings", ready)
    assert "open comments: block sign-off" in out
    code, out, _ = run_cli("--db", db_url, "settings", ready, "--open-comments", "allow")
    assert code == 0 and "open comments: allowed at sign-off" in out
    assert run_cli("--db", db_url, "sign", ready, "--reviewer", "Cy", "--decision", "approve")[0] == 0
    assert run_cli("--db", db_url, "gate", ready)[0] == 0, "the open thread no longer blocks"
    assert run_cli("--db", db_url, "settings", ready, "--open-comments", "block")[0] == 0
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 1 and "stale" in out and f"open comment {first}" in out
    code, out, _ = run_cli("--db", db_url, "verify", ready)
    assert code == 1 and "FAILED: the content changed after the sign-off by Cy" in out and "audit log" not in out


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        (("--author", "Ana"), "give the comment with --text or --text-file"),
        (("--author", " ", "--text", "x"), "the comment's author (--author) is empty"),
        (("--author", "Ana", "--text", " \n"), "is empty; say what needs looking at"),
        (("--author", "Ana", "--text", "a\x00b"), "holds a NUL character"),
        (("--author", "A" * 201, "--text", "x"), "over the limit of 200"),
        (("--author", "Ana", "--text", "x" * 200_001), "over the limit of 200,000"),
        (("--author", "Ana", "--text", "x", "--reply-to", "abc"), "too short for a comment id"),
        (("--author", "Ana", "--text", "x", "--reply-to", "ffffffff"), "has no comment 'ffffffff'"),
    ],
)
def test_bad_comments_are_refused_in_one_sentence_and_store_nothing(
    run_cli, db_url: str, ready: int, args: tuple[str, ...], sentence: str
) -> None:
    code, out, err = run_cli("--db", db_url, "comment", ready, QUESTION, *args)
    assert (code, out) == (2, "") and sentence in err and err.count("\n") == 1, err
    assert run_cli("--db", db_url, "comments", ready, "--json")[1].count('"id"') == 0


def test_a_question_the_bank_lacks_and_a_reply_on_another_question_are_refused(run_cli, db_url, ready) -> None:
    code, _, err = run_cli("--db", db_url, "comment", ready, "no.such.question", "--author", "A", "--text", "x")
    assert code == 2 and "has no question 'no.such.question'" in err
    first = comment(run_cli, db_url, ready, "--author", "Ana", "--text", "x")
    code, _, err = run_cli(
        "--db", db_url, "comment", ready, BLOCKER, "--author", "B", "--text", "y", "--reply-to", first
    )
    assert code == 2 and "a reply stays on its thread's question" in err
    code, _, err = run_cli("--db", db_url, "resolve", ready, "0000")
    assert code == 2 and "has no comment '0000'" in err


def test_text_from_a_file_or_stdin_and_a_file_that_is_not_utf8(run_cli, db_url, ready, tmp_path: Path) -> None:
    good = tmp_path / "comment.md"
    good.write_text("From a file:\r\n- one\n", encoding="utf-8")
    comment(run_cli, db_url, ready, "--author", "Ana", "--text-file", good)
    document = json.loads(run_cli("--db", db_url, "comments", ready, "--json")[1])
    assert document["threads"][0]["text"] == "From a file:\r\n- one\n", "kept byte for byte"
    bad = tmp_path / "latin1.md"
    bad.write_bytes("caf\xe9".encode("latin-1"))
    code, _, err = run_cli("--db", db_url, "comment", ready, QUESTION, "--author", "A", "--text-file", bad)
    assert code == 2 and "is not UTF-8 text" in err


def test_hostile_text_is_shown_as_text_and_json_stays_exact(run_cli, db_url: str, ready: int) -> None:
    hostile = "\x1b]0;owned\x07\x1b[2J<script>alert(1)</script> \u202eexe.txt [bold]x[/bold]"
    comment(run_cli, db_url, ready, "--author", "Mallory\x1b[31m", "--text", hostile)
    code, out, _ = run_cli("--db", db_url, "comments", ready)
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b]0;owned\\x07" in out and "Mallory\\x1b[31m" in out and "\\u202eexe.txt" in out
    code, out, _ = run_cli("--db", db_url, "comments", ready, "--json")
    assert out.isascii() and json.loads(out)["threads"][0]["text"] == hostile
    code, out, _ = run_cli("--db", db_url, "gate", ready)
    assert code == 1 and "\x1b" not in out and "has an open comment" in out
    html = run_cli("--db", db_url, "export", ready, "--format", "html", "-o", "-")[1]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_exports_show_each_thread_under_its_question_with_its_state(run_cli, db_url: str, ready: int) -> None:
    first = comment(run_cli, db_url, ready, "--author", "Ana", "--text", "Fair to *whom*?")
    comment(run_cli, db_url, ready, "--author", "Ben", "--text", "# Not a heading", "--reply-to", first)
    other = comment(run_cli, db_url, ready, "--author", "Cy", "--text", "Who pulls it?", question=BLOCKER)
    run_cli("--db", db_url, "resolve", ready, other, "--by", "Ana")
    markdown = run_cli("--db", db_url, "export", ready, "--format", "md", "-o", "-")[1]
    section = markdown.split(f"`{QUESTION}`")[1].split("####")[0]
    assert f"**Comment thread `{first}` · open**" in section
    assert "> Fair to *whom*?" in section and "> \\# Not a heading" in section
    assert "*Ben*, replying" in section
    blocker = markdown.split(f"`{BLOCKER}`")[1].split("####")[0]
    assert f"**Comment thread `{other}` · resolved by Ana**" in blocker
    assert "- **Open comments:** block sign-off" in markdown
    html = run_cli("--db", db_url, "export", ready, "--format", "html", "-o", "-")[1]
    assert f"Comment thread <code>{first}</code> · open" in html and "<h1>Not a heading" not in html
    document = json.loads(run_cli("--db", db_url, "export", ready, "--format", "json", "-o", "-")[1])
    assert [(t["id"][:8], t["state"]) for t in document["comments"]] == sorted(
        [(first, "open"), (other, "resolved")], key=lambda pair: QUESTION if pair[0] == first else BLOCKER
    )


def test_the_core_says_which_questions_have_open_threads(run_cli, db_url: str, ready: int) -> None:
    """What the app's outline marks and summary will read (review.comments)."""
    from fivefold.review import load_snapshot
    from fivefold.review.comments import questions_with_open_threads, threads_by_question

    first = comment(run_cli, db_url, ready, "--author", "Ana", "--text", "Open.")
    other = comment(run_cli, db_url, ready, "--author", "Ana", "--text", "Closed.", question=BLOCKER)
    run_cli("--db", db_url, "resolve", ready, other)
    store = Store.open(db_url)
    try:
        snapshot = load_snapshot(store, bundled_registry(), ready)
        assert questions_with_open_threads(snapshot) == {QUESTION}
        by_question = threads_by_question(snapshot)
        assert [t["id"][:8] for t in by_question[QUESTION]] == [first]
        assert [t["state"] for t in by_question[BLOCKER]] == ["resolved"]
    finally:
        store.close()
