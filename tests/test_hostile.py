"""The hostile corpus (tests/data/hostile/texts.json) through every command that prints and every export.

Two promises are checked for every text: nothing it holds reaches a terminal or an exported page
as a control or invisible character (it is shown as an escape such as `\\x1b`), and what was given
comes back byte for byte from `export --format json`, whichever way it came in (argument, file,
stdin). Text that cannot be stored (bytes that were not UTF-8) is refused in one sentence.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fivefold.banks import BankRegistry
from fivefold.export import render
from fivefold.review import load_snapshot, record_answer, record_goal
from fivefold.review.answering import MAX_TEXT_CHARS
from fivefold.store import AnswerStatus, Store

CORPUS = json.loads((Path(__file__).parent / "data" / "hostile" / "texts.json").read_text(encoding="utf-8"))
TEXTS: dict[str, str] = {entry["name"]: entry["text"] for entry in CORPUS["texts"]}
REFUSED: dict[str, str] = {entry["name"]: entry["text"] for entry in CORPUS["refused"]}
REFUSED_EVERYWHERE: dict[str, str] = {entry["name"]: entry["text"] for entry in CORPUS["refused_everywhere"]}
PATHOLOGICAL: dict[str, str] = {
    entry["name"]: entry["unit"] * entry.get("times", MAX_TEXT_CHARS // len(entry["unit"]))
    for entry in CORPUS["pathological"]
}
ARGUMENT_SAFE = {name: text for name, text in TEXTS.items() if "\x00" not in text}  # argv cannot hold NUL

# What must never reach a terminal or a page: C0 controls but tab and newline, DEL, C1, lone
# surrogates, bidi controls and zero-width characters (the set fivefold.visible escapes).
HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
BANK = "five-phase"


def assert_shown_safely(*outputs: str) -> None:
    for output in outputs:
        found = HIDDEN.search(output)
        assert found is None, (
            f"{found.group()!r} reached the output at {found.start()}: {output[max(0, found.start() - 60) : found.start() + 20]!r}"
        )


@pytest.fixture
def hostile_db(db_url: str, registry: BankRegistry) -> Iterator[tuple[str, int, dict[str, str]]]:
    """A database holding every text of the corpus: as answers (one question each), as the title,
    system and version, as a goal's X and Y and as evidence. Yields (url, assessment id, question -> text)."""
    store = Store.open(db_url)
    bank = registry.get(BANK)
    questions = [place.question.id for place in bank.questions()]
    assert len(questions) >= len(TEXTS), "the corpus outgrew one assessment: spread it over two"
    texts = list(TEXTS.values())
    assessment = store.create_assessment(
        title=f"Review {TEXTS['esc-clear-screen']} {TEXTS['rtl-override']}",
        system_name=TEXTS["osc-window-title"],
        system_version=TEXTS["c1-csi"],
        bank_id=bank.id,
        bank_version=bank.version,
        bank_hash=bank.content_hash(),
    )
    assert assessment.id is not None
    answered = dict(zip(questions, texts, strict=False))
    statuses = [AnswerStatus.CONCERN, AnswerStatus.BLOCKER, AnswerStatus.ADDRESSED, None]
    for number, (question, text) in enumerate(answered.items()):
        record_answer(
            store, bank, assessment.id, question, status=statuses[number % 4], rationale=text, evidence=[text[:200]]
        )
    record_goal(store, bank, assessment.id, "platonic", "theory", x=TEXTS["bidi-isolates"], y=TEXTS["zero-width"])
    store.close()
    yield db_url, assessment.id, answered


# Every command that prints -----------------------------------------------------------------------------


def test_list_shows_hostile_text_visibly(run_cli, hostile_db) -> None:
    url, _, _ = hostile_db
    code, out, err = run_cli("--db", url, "list")
    assert code == 0
    assert_shown_safely(out, err)
    assert "\\x1b[2J" in out


def test_list_json_is_exact_and_inert(run_cli, hostile_db) -> None:
    url, _assessment_id, _ = hostile_db
    code, out, err = run_cli("--db", url, "list", "--json")
    assert code == 0
    assert_shown_safely(out, err)
    [row] = json.loads(out)
    assert row["system"] == TEXTS["osc-window-title"]
    assert row["system_version"] == TEXTS["c1-csi"]
    assert row["title"] == f"Review {TEXTS['esc-clear-screen']} {TEXTS['rtl-override']}"


@pytest.mark.parametrize("export_format", ["md", "html", "json"])
def test_export_to_stdout_is_inert(run_cli, hostile_db, export_format: str) -> None:
    url, assessment_id, answered = hostile_db
    code, out, err = run_cli("--db", url, "export", assessment_id, "--format", export_format, "-o", "-")
    assert code == 0
    assert_shown_safely(out, err)
    if export_format == "json":
        document = json.loads(out)
        assert {answer["question_id"]: answer["rationale"] for answer in document["answers"]} == answered


@pytest.mark.parametrize("export_format", ["md", "html"])
def test_export_files_for_people_hold_no_hidden_character(
    run_cli, hostile_db, tmp_path: Path, export_format: str
) -> None:
    url, assessment_id, _ = hostile_db
    target = tmp_path / f"rationale.{export_format}"
    code, out, err = run_cli("--db", url, "export", assessment_id, "--format", export_format, "-o", target)
    assert code == 0
    assert_shown_safely(out, err, target.read_text(encoding="utf-8"))


def test_the_json_export_file_keeps_every_text_exact(run_cli, hostile_db, tmp_path: Path) -> None:
    url, assessment_id, answered = hostile_db
    target = tmp_path / "rationale.json"
    assert run_cli("--db", url, "export", assessment_id, "--format", "json", "-o", target)[0] == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert {answer["question_id"]: answer["rationale"] for answer in document["answers"]} == answered
    assert {answer["question_id"]: answer["evidence"] for answer in document["answers"]} == {
        question: [text[:200]] for question, text in answered.items()
    }


def test_html_title_and_page_hold_no_hidden_character(hostile_db, registry: BankRegistry) -> None:
    url, assessment_id, _ = hostile_db
    store = Store.open(url)
    try:
        page = render(load_snapshot(store, registry, assessment_id), "html")
    finally:
        store.close()
    assert_shown_safely(page)
    title = re.search("<title>(.*)</title>", page)
    assert title is not None
    assert "\\x1b[2J" in title.group(1) and "\\u202e" in title.group(1)


def test_delete_without_yes_echoes_the_title_visibly(run_cli, hostile_db) -> None:
    url, assessment_id, _ = hostile_db
    code, out, err = run_cli("--db", url, "delete", assessment_id)
    assert code == 2
    assert_shown_safely(out, err)
    assert "\\x1b[2J" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("name", sorted(ARGUMENT_SAFE))
def test_error_messages_show_typed_text_visibly(run_cli, hostile_db, name: str) -> None:
    url, assessment_id, _ = hostile_db
    typed = ARGUMENT_SAFE[name]
    attempts = [
        ("answer", assessment_id, f"{typed}.question", "--status", "addressed", f"--text={typed}"),  # unknown question
        ("answer", assessment_id, "platonic.theory.ethically-virtuous", f"--status={typed}", "--text=x"),  # bad status
        ("new", f"--bank={typed}", "--title=T", "--system=S"),  # unknown bank
        ("goal", assessment_id, typed, "theory", f"--x={typed}", "--y=y"),  # unknown phase
        ("export", assessment_id, f"--format={typed}"),  # argparse's own "invalid choice: ..."
    ]
    for argv in attempts:
        code, out, err = run_cli("--db", url, *argv)
        assert code == 2, (argv, err)
        assert_shown_safely(out, err)
        assert len([line for line in err.splitlines() if line.startswith("fivefold")]) == 1, err


def test_diff_shows_hostile_text_visibly(run_cli, hostile_db) -> None:
    url, assessment_id, answered = hostile_db
    code, out, _ = run_cli("--db", url, "cycle", assessment_id)
    assert code == 0
    following = int(out)
    for question, text in list(answered.items())[:10]:
        assert (
            run_cli("--db", url, "answer", following, question, "--status", "concern", f"--text={text[::-1]}")[0] == 0
        )
    for extra in ([], ["--all"], ["--json"]):
        code, out, err = run_cli("--db", url, "diff", assessment_id, following, *extra)
        assert code == 0
        assert_shown_safely(out, err)


def test_db_path_and_export_path_show_a_hostile_file_name_visibly(run_cli, hostile_db, tmp_path: Path) -> None:
    url, assessment_id, _ = hostile_db
    folder = tmp_path / "out\x1b[2J"
    folder.mkdir()
    code, out, err = run_cli("--db", folder / "x\x07.db", "db", "path")
    assert code == 0
    assert_shown_safely(out, err)
    code, out, err = run_cli("--db", url, "export", assessment_id, "-o", folder / "r\x1b]0;t\x07.md")
    assert code == 0
    assert_shown_safely(out, err)


@pytest.mark.parametrize("command", ["sign", "verify", "gate"])
def test_review_commands_show_a_hostile_reviewer_visibly(run_cli, hostile_db, command: str) -> None:
    url, assessment_id, _ = hostile_db
    reviewer = TEXTS["esc-clear-screen"]
    signed = run_cli("--db", url, "sign", assessment_id, f"--reviewer={reviewer}", "--decision", "reject")
    outputs = {"sign": signed, "verify": run_cli("--db", url, "verify", assessment_id)}
    outputs["gate"] = run_cli("--db", url, "gate", assessment_id)
    code, out, err = outputs[command]
    assert code in (0, 1)
    assert_shown_safely(out, err)


def test_comments_owners_actions_and_bundles_show_hostile_text_visibly(run_cli, hostile_db, tmp_path: Path) -> None:
    """Every text of the corpus as a comment (and its author), a reply and an owner: what `comments`,
    `actions`, the exports and a bundle moved to another database show is inert, and the JSON is exact."""
    url, assessment_id, answered = hostile_db
    concerns = [q for q, _ in answered.items() if list(answered).index(q) % 4 in (0, 1)]  # concern or blocker
    for number, text in enumerate(ARGUMENT_SAFE.values()):
        question = concerns[number % len(concerns)]
        code, out, err = run_cli(
            "--db", url, "comment", assessment_id, question, f"--author={text[:150]}", f"--text={text}"
        )
        assert code == 0 or (code == 2 and not text[:150].strip()), err
        if code == 0:
            run_cli(
                "--db",
                url,
                "comment",
                assessment_id,
                question,
                "--author=R",
                f"--text={text}",
                "--reply-to",
                out.strip(),
            )
        run_cli("--db", url, "owner", assessment_id, question, f"--owner={text[:150]}", "--due", "2001-01-01")
    for command in (("comments", assessment_id), ("actions", assessment_id), ("actions", assessment_id, "--overdue")):
        code, out, err = run_cli("--db", url, *command)
        assert code == 0, err
        assert_shown_safely(out, err)
    for command in (("comments", assessment_id, "--json"), ("actions", assessment_id, "--json")):
        code, out, err = run_cli("--db", url, *command)
        assert code == 0 and out.isascii()
        json.loads(out)
    stored = json.loads(run_cli("--db", url, "comments", assessment_id, "--json")[1])
    assert {t["text"] for t in stored["threads"]} <= set(ARGUMENT_SAFE.values())
    for export_format in ("md", "html"):
        code, out, err = run_cli("--db", url, "export", assessment_id, "--format", export_format, "-o", "-")
        assert code == 0
        assert_shown_safely(out, err)
    bundle = tmp_path / "hostile.fivefold.json"
    assert run_cli("--db", url, "bundle", "export", assessment_id, "-o", bundle)[0] == 0
    code, out, err = run_cli("--db", f"sqlite:///{tmp_path}/other.db", "bundle", "import", bundle)
    assert code == 0, err
    assert_shown_safely(out, err)
    moved = json.loads(run_cli("--db", f"sqlite:///{tmp_path}/other.db", "comments", 1, "--json")[1])
    assert moved["threads"] == stored["threads"]


# Round trips, byte for byte -----------------------------------------------------------------------------


def stored_rationale(run_cli, url: str, assessment_id: int, question: str) -> str:
    code, out, err = run_cli("--db", url, "export", assessment_id, "--format", "json", "-o", "-")
    assert code == 0, err
    [answer] = [answer for answer in json.loads(out)["answers"] if answer["question_id"] == question]
    return answer["rationale"]


@pytest.fixture
def fresh(run_cli, db_url: str) -> tuple[str, int]:
    code, out, _ = run_cli("--db", db_url, "new", "--bank", BANK, "--title", "Round trips", "--system", "S")
    assert code == 0
    return db_url, int(out)


def with_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


QUESTION = "platonic.theory.ethically-virtuous"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_text_round_trips_through_answer(run_cli, fresh, tmp_path: Path, monkeypatch, name: str) -> None:
    url, assessment_id = fresh
    text = TEXTS[name]
    answer = ("--db", url, "answer", assessment_id, QUESTION, "--status", "concern")
    ways: dict[str, Callable[[], Any]] = {}
    if name in ARGUMENT_SAFE:
        ways["argument"] = lambda: run_cli(*answer, f"--text={text}")
    source = tmp_path / "answer.md"
    source.write_bytes(text.encode("utf-8"))
    ways["file"] = lambda: run_cli(*answer, "--text-file", source)

    def from_stdin() -> Any:
        with_stdin(monkeypatch, text.encode("utf-8"))
        return run_cli(*answer, "--text-file", "-")

    ways["stdin"] = from_stdin
    for way, send in ways.items():
        run_cli(*answer, "--text=reset")
        code, _out, err = send()
        assert (code, err) == (0, ""), way
        assert stored_rationale(run_cli, url, assessment_id, QUESTION) == text, way


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_text_that_is_not_utf8_is_refused_in_one_sentence(
    run_cli, fresh, tmp_path: Path, monkeypatch, name: str
) -> None:
    url, assessment_id = fresh
    raw = (
        REFUSED[name].encode("utf-8", "surrogateescape")
        if "\udcff" in REFUSED[name]
        else REFUSED[name].encode("utf-8", "surrogatepass")
    )
    source = tmp_path / "answer.md"
    source.write_bytes(raw)
    answer = ("--db", url, "answer", assessment_id, QUESTION, "--status", "concern")
    code, out, err = run_cli(*answer, "--text-file", source)
    assert (code, out) == (2, "") and "is not UTF-8 text" in err and len(err.splitlines()) == 1
    with_stdin(monkeypatch, raw)
    code, out, err = run_cli(*answer, "--text-file", "-")
    assert (code, out) == (2, "") and "(stdin) is not UTF-8 text" in err
    # As an argument, Python hands the bad bytes over as lone surrogates; argparse names the option.
    code, out, err = run_cli(*answer, f"--text={REFUSED[name]}")
    assert code == 2 and "argument --text: is not valid UTF-8" in err
    assert_shown_safely(out, err)
    assert stored_rationale_or_none(run_cli, url, assessment_id) is None


@pytest.mark.parametrize("name", sorted(REFUSED_EVERYWHERE))
def test_text_no_database_pair_keeps_alike_is_refused_in_one_sentence(
    run_cli, fresh, tmp_path: Path, monkeypatch, name: str
) -> None:
    """NUL is valid UTF-8 that PostgreSQL text cannot hold: refused on SQLite too, so every answer can
    move between databases in a bundle. (An argument cannot hold NUL at all.)"""
    url, assessment_id = fresh
    raw = REFUSED_EVERYWHERE[name].encode("utf-8")
    source = tmp_path / "answer.md"
    source.write_bytes(raw)
    answer = ("--db", url, "answer", assessment_id, QUESTION, "--status", "concern")
    code, out, err = run_cli(*answer, "--text-file", source)
    assert (code, out) == (2, "") and "holds a NUL character" in err and len(err.splitlines()) == 1
    with_stdin(monkeypatch, raw)
    code, out, err = run_cli(*answer, "--text-file", "-")
    assert (code, out) == (2, "") and "holds a NUL character" in err
    assert_shown_safely(out, err)
    assert stored_rationale_or_none(run_cli, url, assessment_id) is None


def stored_rationale_or_none(run_cli, url: str, assessment_id: int) -> str | None:
    code, out, _ = run_cli("--db", url, "export", assessment_id, "--format", "json", "-o", "-")
    assert code == 0
    return next((answer["rationale"] for answer in json.loads(out)["answers"]), None)


TEXT_OPTIONS = [
    ("new", "--title"),
    ("new", "--system"),
    ("new", "--system-version"),
    ("answer", "--text"),
    ("answer", "--evidence"),
    ("answer", "--status"),
    ("answer", "QUESTION_ID"),
    ("goal", "--x"),
    ("goal", "--y"),
    ("sign", "--reviewer"),
    ("sign", "--role"),
    ("sign", "--comment"),
    ("accept-blocker", "--reason"),
    ("banks", "BANK_ID"),
    ("list", "--db"),
    ("comment", "--author"),
    ("comment", "--text"),
    ("comment", "--reply-to"),
    ("resolve", "COMMENT_ID"),
    ("resolve", "--by"),
    ("owner", "--owner"),
    ("owner", "--due"),
]


@pytest.mark.parametrize(("command", "option"), TEXT_OPTIONS, ids=[f"{c} {o}" for c, o in TEXT_OPTIONS])
def test_every_text_argument_refuses_bytes_that_are_not_utf8(run_cli, fresh, command: str, option: str) -> None:
    url, assessment_id = fresh
    bad = "caf\udce9"  # "café" in Latin-1, as Python decodes it from a UTF-8 command line
    valid: dict[str, list[Any]] = {
        "new": ["new", "--bank", BANK, "--title", "T", "--system", "S", "--system-version", "1"],
        "answer": ["answer", assessment_id, QUESTION, "--status", "concern", "--text", "t", "--evidence", "e"],
        "goal": ["goal", assessment_id, "platonic", "theory", "--x", "x", "--y", "y"],
        "sign": ["sign", assessment_id, "--reviewer", "R", "--role", "r", "--decision", "reject", "--comment", "c"],
        "accept-blocker": ["accept-blocker", assessment_id, QUESTION, "--reviewer", "R", "--reason", "r"],
        "banks": ["banks", "show", BANK],
        "list": ["list"],
        "comment": ["comment", assessment_id, QUESTION, "--author", "A", "--text", "t", "--reply-to", "abcd"],
        "resolve": ["resolve", assessment_id, "abcd", "--by", "B"],
        "owner": ["owner", assessment_id, QUESTION, "--owner", "O", "--due", "2030-01-01"],
    }
    argv = [str(arg) for arg in valid[command]]
    if option == "--db":
        argv = ["--db", bad, *argv]
    elif option.startswith("--"):
        argv[argv.index(option) + 1] = bad
    else:
        argv[{"QUESTION_ID": 2, "BANK_ID": 2, "COMMENT_ID": 2}[option]] = bad
    full = argv if option == "--db" else ["--db", url, *argv]
    code, out, err = run_cli(*full)
    assert code == 2, err
    assert f"argument {option}: is not valid UTF-8 (byte 0xe9 at character 4)" in err
    assert_shown_safely(out, err)
    assert "Traceback" not in err


def test_bytes_that_are_not_utf8_through_the_real_command_line(run_fivefold, subprocess_env, tmp_path: Path) -> None:
    import subprocess

    db = f"sqlite:///{tmp_path}/real.db".encode()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "fivefold",
            b"--db",
            db,
            b"new",
            b"--bank",
            b"five-phase",
            b"--title",
            b"caf\xe9",
            b"--system",
            b"S",
        ],
        capture_output=True,
        env=subprocess_env,
        timeout=120,
    )
    assert result.returncode == 2
    assert b"argument --title: is not valid UTF-8 (byte 0xe9 at character 4)" in result.stderr
    assert b"Traceback" not in result.stderr
    environment = {
        **{key.encode(): value.encode() for key, value in subprocess_env.items()},
        b"FIVEFOLD_DB": b"/tmp/caf\xe9.db",
    }
    result = subprocess.run(
        [sys.executable, "-m", "fivefold", b"list"], capture_output=True, env=environment, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.startswith(b"fivefold: FIVEFOLD_DB is not valid UTF-8 ('/tmp/caf\\udce9.db')")


def test_text_files_keep_their_bytes(run_cli, fresh, tmp_path: Path, monkeypatch) -> None:
    url, assessment_id = fresh
    source = tmp_path / "windows.md"
    source.write_bytes(b"\xef\xbb\xbfline one\r\nline two\rline three\n")
    assert run_cli("--db", url, "answer", assessment_id, QUESTION, "--status", "concern", "--text-file", source)[0] == 0
    assert stored_rationale(run_cli, url, assessment_id, QUESTION) == "\ufeffline one\r\nline two\rline three\n"


@pytest.mark.parametrize("source", ["/dev/zero", "folder"])
def test_a_text_file_that_is_not_a_text_is_refused(run_cli, fresh, tmp_path: Path, source: str) -> None:
    url, assessment_id = fresh
    path = tmp_path if source == "folder" else Path(source)
    code, out, err = run_cli("--db", url, "answer", assessment_id, QUESTION, "--status", "concern", "--text-file", path)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and str(path) in err


# Pathological Markdown ------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_a_pathological_answer_at_the_limit_exports_to_html(db_url: str, registry: BankRegistry, name: str) -> None:
    """Python-Markdown took 82 s on "![" * 20,000 and hours at the limit; this keeps a quadratic renderer
    from coming back (benchmarks/html_export.py times it against its 2 s target)."""
    store = Store.open(db_url)
    try:
        bank = registry.get(BANK)
        assessment = store.create_assessment(
            title="Pathological", system_name="S", system_version="1", bank_id=bank.id, bank_version=bank.version,
            bank_hash=bank.content_hash(),
        )  # fmt: skip
        assert assessment.id is not None
        text = PATHOLOGICAL[name]
        record_answer(store, bank, assessment.id, QUESTION, status=AnswerStatus.CONCERN, rationale=text)
        page = render(load_snapshot(store, registry, assessment.id), "html")
    finally:
        store.close()
    assert_shown_safely(page)
    assert len(page) > len(text)  # every character is on the page, as text


# Bank text -----------------------------------------------------------------------------------------------


@pytest.fixture
def hostile_bank_dir(tmp_path: Path) -> Path:
    """The five-phase bank renamed, its title and first question holding an escape sequence and an RTL override."""
    bundled = (Path(__file__).parent.parent / "questionbanks" / "five-phase.toml").read_text(encoding="utf-8")
    hostile = (
        bundled.replace('id = "five-phase"', 'id = "hostile-bank"', 1)
        .replace('title = "Five-phase training rationale"', 'title = "Bank \\u001b]0;retitled\\u0007 \\u202eeltit"', 1)
        .replace("Is the goal we are pursuing", "Is the goal \\u001b[2J we are pursuing", 1)
    )
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "hostile.toml").write_text(hostile, encoding="utf-8")
    return folder


def test_bank_text_is_shown_visibly_in_exports_list_and_diff(run_cli, db_url: str, hostile_bank_dir: Path) -> None:
    options = ("--db", db_url, "--bank-dir", hostile_bank_dir)
    code, out, err = run_cli(*options, "new", "--bank", "hostile-bank", "--title", "T", "--system", "S")
    assert code == 0, err
    first = out.strip()
    assert run_cli(*options, "answer", first, QUESTION, "--status", "concern", "--text", "x")[0] == 0
    second = run_cli(*options, "cycle", first)[1].strip()
    assert run_cli(*options, "answer", second, QUESTION, "--status", "blocker", "--text", "y")[0] == 0
    for argv in (
        ("list",),
        ("export", first, "--format", "md", "-o", "-"),
        ("export", first, "--format", "html", "-o", "-"),
        ("diff", first, second, "--all"),
    ):
        code, out, err = run_cli(*options, *argv)
        assert code == 0, (argv, err)
        assert_shown_safely(out, err)


def test_banks_commands_show_bank_text_visibly(run_cli, hostile_bank_dir: Path) -> None:
    outputs = [
        run_cli("--bank-dir", hostile_bank_dir, "banks", *argv) for argv in (("show", "hostile-bank"), ("list",))
    ]
    for code, out, err in outputs:
        assert code == 0
        assert_shown_safely(out, err)


def test_no_text_of_a_deeply_nested_answer_is_dropped_from_the_html(hostile_db, registry: BankRegistry) -> None:
    """markdown-it drops blocks nested past its limit, text and all; openers past 20 levels read as text."""
    url, assessment_id, _ = hostile_db
    store = Store.open(url)
    try:
        page = render(load_snapshot(store, registry, assessment_id), "html")
    finally:
        store.close()
    assert "deep text" in page
    assert all(f"level {number}" in page for number in range(60))
