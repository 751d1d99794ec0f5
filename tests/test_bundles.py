"""Bundles: an assessment moved between databases (SQLite and PostgreSQL) loses nothing and keeps its
verdicts; importing is idempotent; a diverged copy or a hostile bundle is refused and nothing written."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from root_powers import without_root_powers
from signing_helpers import BLOCKER, Keys, bundled_registry, make_keys, needs_ssh_keygen, ready_assessment, sign

from fivefold.banks.files import MAX_BANK_BYTES
from fivefold.bundle import MAX_BUNDLE_BYTES
from fivefold.review import load_snapshot, record_answer
from fivefold.review.comments import leave_comment, resolve_thread
from fivefold.review.cycles import start_next_cycle
from fivefold.store import AnswerStatus, Store

CORPUS = Path(__file__).parent / "data" / "bundles"
QUESTION = "platonic.theory.ethically-virtuous"
LOCAL_IDS = re.compile(r"assessment \d+")


def build_history(url: str, keys: Keys | None) -> tuple[int, int]:
    """Two cycles with everything a bundle carries: answers saved more than once, a goal, an accepted
    and owned blocker, an artifact, threads open and resolved, both settings changed, sign-offs
    (signed when `keys` is given) and the audit chain."""
    registry = bundled_registry()
    bank = registry.get("five-phase")
    store = Store.open(url)
    try:
        first = ready_assessment(store, registry, approvals=2)
        store.save_goal(first, "platonic", "theory", x="fast routing", y="release 2.3 — ünïcode ✓")
        store.add_artifact(first, name="weights.safetensors", size=123_456_789_012, sha256="ab" * 32)
        snapshot = load_snapshot(store, registry, first)
        thread = leave_comment(store, snapshot, BLOCKER, author="Cy", text="Who pulls the switch?\r\nAt night?")
        snapshot = load_snapshot(store, registry, first)
        leave_comment(store, snapshot, BLOCKER, author="Ana", text="On-call.", reply_to=thread.uuid)
        resolve_thread(store, load_snapshot(store, registry, first), thread.uuid, by="Cy")
        store.assign_action(first, BLOCKER, owner="Ana", due=date(2027, 1, 15))
        sign(store, registry, first, keys, "ana")
        sign(store, registry, first, keys, "ben", "approve-with-conditions")
        following = start_next_cycle(store, registry, first)
        assert following.id is not None
        for text in ("Draft one.", "Re-checked for 2.4, with the regional audit."):
            record_answer(store, bank, following.id, QUESTION, status=AnswerStatus.CONCERN, rationale=text)
        record_answer(
            store, bank, following.id, BLOCKER, status=AnswerStatus.BLOCKER, rationale="Still manual.", evidence=["x"]
        )
        snapshot = load_snapshot(store, registry, following.id)
        leave_comment(store, snapshot, QUESTION, author="Cy", text="Left open on purpose.")
        store.set_open_comments_block(following.id, False)
        store.set_approvals_required(following.id, 1)
        sign(store, registry, following.id, keys, "cy", "reject")
        for assessment_id in (first, following.id):
            assert store.audit_problems(assessment_id) == []
        return first, following.id
    finally:
        store.close()


def without(document: Any, *paths: tuple[str, ...]) -> Any:
    """A copy of a JSON document without the fields at `paths` (a "*" step goes into every list item)."""
    copy = json.loads(json.dumps(document))

    def drop(node: Any, path: tuple[str, ...]) -> None:
        if path[0] == "*":
            for item in node:
                drop(item, path[1:])
        elif len(path) == 1:
            node.pop(path[0], None)
        else:
            drop(node[path[0]], path[1:])

    for path in paths:
        drop(copy, path)
    return copy


LOCAL_FIELDS = (("exported_at",), ("assessment", "id"), ("assessment", "previous_id"), ("signoffs", "*", "id"))
"""The only fields of a JSON export that may differ between two databases: the time, and local ids."""


def exports(run_cli, url: str, assessment_id: int) -> dict[str, Any]:
    code, out, err = run_cli("--db", url, "export", assessment_id, "--format", "json", "-o", "-")
    assert code == 0, err
    return without(json.loads(out), *LOCAL_FIELDS)


def verdicts(run_cli, url: str, assessment_id: int, signers: Path | None) -> list[tuple[int, str]]:
    """What `verify` and `gate` say about the assessment, with local ids taken out."""
    check = ("--allowed-signers", signers) if signers else ()
    required = ("--require-signatures",) if signers else ()
    said = []
    for command in (("verify", assessment_id, *check), ("gate", assessment_id, *check, *required)):
        code, out, err = run_cli("--db", url, *command)
        assert err == "", err
        said.append((code, LOCAL_IDS.sub("assessment N", out)))
    return said


def round_trip(run_cli, tmp_path: Path, source: str, target: str, ids: tuple[int, int], signers: Path | None) -> None:
    """Export every cycle, import into `target`, export again: the same bundle, exports and verdicts."""
    first = tmp_path / "first.fivefold.json"
    second = tmp_path / "second.fivefold.json"
    assert run_cli("--db", source, "bundle", "export", ids[1], "--all-cycles", "-o", first)[0] == 0
    code, out, err = run_cli("--db", target, "bundle", "import", first)
    assert (code, err) == (0, ""), err
    imported = [int(n) for n in re.findall(r"imported as assessment (\d+)", out)]
    assert len(imported) == 2, out
    assert run_cli("--db", target, "bundle", "export", imported[0], "--all-cycles", "-o", second)[0] == 0
    before, after = (json.loads(path.read_text(encoding="utf-8")) for path in (first, second))
    assert before.pop("exported_at") != "" and after.pop("exported_at") != ""
    assert after == before, "every field of every row, event and digest comes back"
    for here, there in zip(ids, imported, strict=True):
        assert exports(run_cli, target, there) == exports(run_cli, source, here)
        assert verdicts(run_cli, target, there, signers) == verdicts(run_cli, source, here, signers)


@needs_ssh_keygen
def test_a_round_trip_through_sqlite_loses_nothing_and_keeps_the_verdicts(run_cli, tmp_path: Path) -> None:
    keys = make_keys(tmp_path / "keys", ["ana", "ben", "cy"])
    source, target = f"sqlite:///{tmp_path}/a.db", f"sqlite:///{tmp_path}/b.db"
    ids = build_history(source, keys)
    round_trip(run_cli, tmp_path, source, target, ids, keys.allowed_signers)
    gate = verdicts(run_cli, target, 1, keys.allowed_signers)[1]
    assert gate[0] == 0 and "2 valid approval(s) of 2 needed (ana@example.com, ben@example.com)" in gate[1]


@needs_ssh_keygen
def test_a_round_trip_through_postgresql_and_back(run_cli, tmp_path: Path, postgres_url: str) -> None:
    keys = make_keys(tmp_path / "keys", ["ana", "ben", "cy"])
    source = f"sqlite:///{tmp_path}/a.db"
    ids = build_history(source, keys)
    round_trip(run_cli, tmp_path, source, postgres_url, ids, keys.allowed_signers)
    back = tmp_path / "back"
    back.mkdir()
    round_trip(run_cli, back, postgres_url, f"sqlite:///{tmp_path}/c.db", (1, 2), keys.allowed_signers)


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a SQLite file, to show that a refused import wrote nothing."""
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(connection.execute(f"SELECT * FROM {table}"), key=repr) for table in tables}


@pytest.fixture
def source(tmp_path: Path) -> tuple[str, tuple[int, int]]:
    url = f"sqlite:///{tmp_path}/source.db"
    return url, build_history(url, None)


def test_importing_twice_changes_nothing(run_cli, tmp_path: Path, source) -> None:
    url, ids = source
    bundle = tmp_path / "b.fivefold.json"
    run_cli("--db", url, "bundle", "export", ids[0], "--all-cycles", "-o", bundle)
    target = tmp_path / "target.db"
    assert run_cli("--db", f"sqlite:///{target}", "bundle", "import", bundle)[0] == 0
    before = table_rows(target)
    code, out, _ = run_cli("--db", f"sqlite:///{target}", "bundle", "import", bundle)
    assert code == 0 and out.count("unchanged") == 2
    assert table_rows(target) == before


def test_a_newer_bundle_brings_a_copy_up_to_date_and_an_older_one_leaves_it(run_cli, tmp_path: Path, source) -> None:
    url, (_, second) = source
    older, newer = tmp_path / "older.fivefold.json", tmp_path / "newer.fivefold.json"
    run_cli("--db", url, "bundle", "export", second, "-o", older)
    run_cli("--db", url, "comment", second, BLOCKER, "--author", "Ana", "--text", "Added after the first bundle.")
    run_cli("--db", url, "bundle", "export", second, "-o", newer)
    target = f"sqlite:///{tmp_path}/target.db"
    run_cli("--db", target, "bundle", "import", older)
    code, out, _ = run_cli("--db", target, "bundle", "import", newer)
    assert code == 0 and "brought assessment 1 up to date" in out
    assert "Added after the first bundle." in run_cli("--db", target, "comments", 1)[1]
    code, out, _ = run_cli("--db", target, "bundle", "import", older)
    assert code == 0 and "here is newer" in out and "kept as it is" in out
    assert exports(run_cli, target, 1) == exports(run_cli, url, second)
    assert run_cli("--db", target, "verify", 1)[0] == run_cli("--db", url, "verify", second)[0]


def test_a_cycle_imported_alone_is_linked_once_the_one_it_continues_arrives(run_cli, tmp_path: Path, source) -> None:
    url, (first, second) = source
    run_cli("--db", url, "bundle", "export", second, "-o", tmp_path / "second.json")
    run_cli("--db", url, "bundle", "export", first, "-o", tmp_path / "first.json")
    target = f"sqlite:///{tmp_path}/target.db"
    assert "imported as assessment 1" in run_cli("--db", target, "bundle", "import", tmp_path / "second.json")[1]
    assert run_cli("--db", target, "bundle", "import", tmp_path / "first.json")[0] == 0
    store = Store.open(target)
    try:
        assert store.assessment(1).previous_id == 2 and store.assessment(1).cycle == 2
    finally:
        store.close()


def test_a_diverged_copy_is_refused_naming_the_first_differing_event(run_cli, tmp_path: Path, source) -> None:
    url, (_, second) = source
    shared = tmp_path / "shared.fivefold.json"
    run_cli("--db", url, "bundle", "export", second, "-o", shared)
    target = tmp_path / "target.db"
    run_cli("--db", f"sqlite:///{target}", "bundle", "import", shared)
    run_cli("--db", f"sqlite:///{target}", "comment", 1, QUESTION, "--author", "Ben", "--text", "Written here.")
    run_cli("--db", url, "comment", second, QUESTION, "--author", "Ana", "--text", "Written there.")
    theirs = tmp_path / "theirs.fivefold.json"
    run_cli("--db", url, "bundle", "export", second, "-o", theirs)
    events = len(json.loads(theirs.read_text(encoding="utf-8"))["cycles"][0]["audit_events"])
    before = table_rows(target)
    code, out, err = run_cli("--db", f"sqlite:///{target}", "bundle", "import", theirs)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert f"its history differs from audit event {events} on (here: comment.added at" in err
    assert "nothing was imported" in err
    assert table_rows(target) == before


HOSTILE = {
    "truncated.fivefold.json": "is not complete JSON",
    "edited-event.fivefold.json": "(answer.saved) was edited after it was written",
    "edited-row.fivefold.json": "table answer, row 'platonic.theory.ethically-virtuous', field rationale",
    "forged-chain.fivefold.json": "the history it signed was rewritten",
    "wrong-types.fivefold.json": "field cycles[0].answers[0].revision: input should be a valid integer",
    "huge-text.fivefold.json": "field cycles[0].comments[0].text: string should have at most 200000 characters",
    "duplicate-row.fivefold.json": "lists the answer 'platonic.theory.ethically-virtuous' more than once",
    "reply-to-nothing.fivefold.json": "replies to a comment that does not exist",
    "newer-format.fivefold.json": "written by a newer Fivefold",
    "not-a-bundle.json": "is not a Fivefold bundle",
    "deep-nesting.fivefold.json": "is not valid JSON (recursion limit exceeded",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_bundle_is_refused_in_one_sentence_and_writes_nothing(run_cli, tmp_path: Path, name: str) -> None:
    target = tmp_path / "target.db"
    Store.open(f"sqlite:///{target}").close()
    before = table_rows(target)
    code, out, err = run_cli("--db", f"sqlite:///{target}", "bundle", "import", CORPUS / name)
    assert (code, out) == (2, ""), err
    assert err.startswith("fivefold: ") and err.count("\n") == 1 and "Traceback" not in err
    assert HOSTILE[name] in err, err
    assert table_rows(target) == before


def test_the_corpus_is_what_its_readme_lists_and_the_valid_bundle_imports(run_cli, tmp_path: Path) -> None:
    listed = set(re.findall(r"^\| `([^`]+)` \|", (CORPUS / "README.md").read_text(encoding="utf-8"), re.MULTILINE))
    assert (
        listed
        == {path.name for path in CORPUS.glob("*.json")}
        == set(HOSTILE)
        | {
            "valid.fivefold.json",
            "uuid-clash.fivefold.json",
        }
    )
    code, out, _ = run_cli("--db", f"sqlite:///{tmp_path}/t.db", "bundle", "import", CORPUS / "valid.fivefold.json")
    assert code == 0 and "imported as assessment 1" in out


def test_another_history_under_the_same_uuid_is_refused(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "target.db"
    url = f"sqlite:///{target}"
    assert run_cli("--db", url, "bundle", "import", CORPUS / "valid.fivefold.json")[0] == 0
    before = table_rows(target)
    code, out, err = run_cli("--db", url, "bundle", "import", CORPUS / "uuid-clash.fivefold.json")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "is assessment 1 here, but its history differs from audit event 1 on (here: assessment.created" in err
    assert table_rows(target) == before
    alone = f"sqlite:///{tmp_path}/alone.db"
    assert run_cli("--db", alone, "bundle", "import", CORPUS / "uuid-clash.fivefold.json")[0] == 0, "consistent"


def test_a_bundle_over_the_size_limit_is_refused_unread(run_cli, tmp_path: Path) -> None:
    huge = tmp_path / "huge.fivefold.json"
    with huge.open("wb") as handle:  # sparse: no disk space used, and never read
        handle.truncate(MAX_BUNDLE_BYTES + 1)
    code, out, err = run_cli("--db", f"sqlite:///{tmp_path}/t.db", "bundle", "import", huge)
    assert (code, out) == (2, "") and f"over the {MAX_BUNDLE_BYTES:,} a bundle may have" in err


def test_a_hostile_key_in_a_bundle_is_shown_not_sent_to_the_terminal(run_cli, tmp_path: Path) -> None:
    document = json.loads((CORPUS / "valid.fivefold.json").read_text(encoding="utf-8"))
    document["cycles"][0]["assessment"]["\x1b]0;owned\x07"] = 1
    path = tmp_path / "key.fivefold.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run_cli("--db", f"sqlite:///{tmp_path}/t.db", "bundle", "import", path)
    assert code == 2 and "\x1b" not in err and "\\x1b]0;owned\\x07: extra inputs are not permitted" in err


def test_no_bundle_is_made_of_an_assessment_edited_outside_fivefold(run_cli, tmp_path: Path, source) -> None:
    url, (first, _) = source
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        connection.execute("UPDATE comment SET text = 'edited by hand' WHERE reply_to IS NULL")
    out_path = tmp_path / "b.fivefold.json"
    code, _, err = run_cli("--db", url, "bundle", "export", first, "-o", out_path)
    assert code == 2 and "no bundle written" in err and "table comment" in err and f"fivefold verify {first}" in err
    assert not out_path.exists()


def test_a_bank_not_installed_here_is_named_and_the_import_still_made(run_cli, tmp_path: Path) -> None:
    banks = tmp_path / "banks"
    banks.mkdir()
    text = (Path(__file__).parents[1] / "questionbanks" / "five-phase.toml").read_text(encoding="utf-8")
    (banks / "ours.toml").write_text(text.replace('id = "five-phase"', 'id = "our-phases"', 1), encoding="utf-8")
    url = f"sqlite:///{tmp_path}/a.db"
    code, out, err = run_cli(
        "--db", url, "--bank-dir", banks, "new", "--bank", "our-phases", "--title", "T", "--system", "S"
    )
    assert code == 0, err
    bundle = tmp_path / "b.fivefold.json"
    assert run_cli("--db", url, "--bank-dir", banks, "bundle", "export", 1, "-o", bundle)[0] == 0
    code, out, err = run_cli("--db", f"sqlite:///{tmp_path}/b.db", "bundle", "import", bundle)
    assert code == 0 and "imported as assessment 1" in out
    version = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    assert version is not None
    assert f"the bank 'our-phases' version {version[1]} is not installed here" in err


def test_the_database_refusing_a_value_is_one_sentence_and_writes_nothing(
    run_cli, tmp_path: Path, postgres_url: str
) -> None:
    """A SQLite file can hold a NUL in an answer (written before answers refused it, or by hand through the
    store); PostgreSQL text cannot: the import is refused whole, in one sentence. (The store refuses it
    before the server sees it; a value the server itself refuses is said the same way.)"""
    from fivefold.store.database import AnswerDraft

    url = f"sqlite:///{tmp_path}/a.db"
    registry = bundled_registry()
    store = Store.open(url)
    try:
        assessment_id = ready_assessment(store, registry)
        draft = AnswerDraft(question_id=QUESTION, status=AnswerStatus.ADDRESSED, rationale="NUL \x00 inside")
        store.save_answer(assessment_id, draft)  # below record_answer, which refuses NUL on every database
    finally:
        store.close()
    bundle = tmp_path / "nul.fivefold.json"
    assert run_cli("--db", url, "bundle", "export", assessment_id, "-o", bundle)[0] == 0
    code, out, err = run_cli("--db", postgres_url, "bundle", "import", bundle)
    assert (code, out) == (2, "") and err.count("\n") == 1 and "NUL" in err
    assert "nothing was imported" in err
    assert run_cli("--db", postgres_url, "list", "--json")[1].strip() == "[]"


def copy_corpus_file(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(CORPUS / name, target)
    return target


def test_export_refuses_to_overwrite_and_names_a_missing_assessment(run_cli, tmp_path: Path, source) -> None:
    url, (first, _) = source
    existing = copy_corpus_file(tmp_path, "valid.fivefold.json")
    code, _, err = run_cli("--db", url, "bundle", "export", first, "-o", existing)
    assert code == 2 and "already exists; pass --force" in err
    assert run_cli("--db", url, "bundle", "export", first, "-o", existing, "--force")[0] == 0
    code, _, err = run_cli("--db", url, "bundle", "export", 99, "-o", tmp_path / "x.json")
    assert code == 2 and "there is no assessment with id 99" in err


FIVE_PHASE = Path(__file__).parents[1] / "questionbanks" / "five-phase.toml"


def own_bank(folder: Path, *, version: str = "2.0.0", title: str | None = None) -> str:
    """A team's own bank `evolving` (the five phases under another id) in `folder`; its text."""
    text = FIVE_PHASE.read_text(encoding="utf-8").replace('id = "five-phase"', 'id = "evolving"', 1)
    text = re.sub(r'^version = "[^"]*"', lambda _: f"version = {json.dumps(version)}", text, count=1, flags=re.M)
    if title is not None:
        text = re.sub(r'^title = "[^"]*"', f'title = "{title}"', text, count=1, flags=re.M)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "evolving.toml").write_text(text, encoding="utf-8")
    return text


def bundle_with_own_bank(run_cli, tmp_path: Path, *, version: str = "2.0.0") -> tuple[Path, str]:
    """A bundle of an assessment on `evolving` from a --bank-dir, and the bank's text."""
    banks = tmp_path / "team-banks"
    text = own_bank(banks, version=version)
    url = f"sqlite:///{tmp_path}/source.db"
    code, _, err = run_cli(
        "--db", url, "--bank-dir", banks, "new", "--bank", "evolving", "--title", "T", "--system", "S"
    )
    assert code == 0, err
    bundle = tmp_path / "own.fivefold.json"
    assert run_cli("--db", url, "--bank-dir", banks, "bundle", "export", 1, "-o", bundle)[0] == 0
    return bundle, text


def folder_state(folder: Path) -> dict[str, str]:
    """Every file under `folder` (if it exists) with the SHA-256 of its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): "folder" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
    }


def test_a_bundle_carries_its_bank_and_install_banks_installs_it(run_cli, tmp_path: Path) -> None:
    from fivefold.banks import bank_from_text
    from fivefold.locations import user_bank_dir

    bundle, text = bundle_with_own_bank(run_cli, tmp_path)
    document = json.loads(bundle.read_text(encoding="utf-8"))
    assert document["format"] == "fivefold-bundle/2"
    digest = bank_from_text(text, Path("x")).content_hash()
    assert document["banks"] == [{"id": "evolving", "version": "2.0.0", "hash": digest, "toml": text}]
    assert not user_bank_dir().exists()
    target = f"sqlite:///{tmp_path}/target.db"
    code, out, err = run_cli("--db", target, "bundle", "import", bundle, "--install-banks")
    assert (code, err) == (0, ""), err
    installed = user_bank_dir() / f"evolving-{digest[:16]}.toml"
    assert f"installed the bank 'evolving' version 2.0.0 as {installed}" in out
    assert "imported as assessment 1" in out
    assert folder_state(user_bank_dir()) == {installed.name: hashlib.sha256(text.encode()).hexdigest()}
    assert run_cli("--db", target, "verify", 1)[0] == 0
    code, _, err = run_cli("--db", target, "export", 1, "--format", "json", "-o", "-")
    assert code == 0, err
    source = f"sqlite:///{tmp_path}/source.db"
    banks = ("--bank-dir", tmp_path / "team-banks")
    assert exports(run_cli, target, 1) == without(
        json.loads(run_cli("--db", source, *banks, "export", 1, "--format", "json", "-o", "-")[1]), *LOCAL_FIELDS
    )
    code, out, err = run_cli("--db", target, "bundle", "import", bundle, "--install-banks")
    assert (code, err) == (0, "") and "installed" not in out, "installed once: the second import finds it"


def test_a_bank_folder_that_cannot_be_written_is_said_after_the_import_and_a_second_import_installs(
    run_cli, tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    from fivefold.locations import user_bank_dir

    bundle, text = bundle_with_own_bank(run_cli, tmp_path)
    folder = user_bank_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    target = f"sqlite:///{tmp_path}/target.db"
    try:
        done = subprocess.run(
            [*without_root_powers(), sys.executable, "-m", "fivefold", "--db", target, "bundle", "import", bundle,
             "--install-banks"],
            capture_output=True, text=True, cwd=tmp_path, env=subprocess_env, timeout=120,
        )  # fmt: skip
    finally:
        folder.chmod(0o755)
    assert done.returncode == 2, done
    assert "imported as assessment 1" in done.stdout and "installed" not in done.stdout
    assert done.stderr == (
        f"fivefold: {bundle}: imported, but the bank 'evolving' version 2.0.0 could not be written into {folder} "
        "(Permission denied); import it again with --install-banks once it can\n"
    )
    assert folder_state(folder) == {}, "no half-written file is left in the folder"
    code, out, err = run_cli("--db", target, "bundle", "import", bundle, "--install-banks")
    assert (code, err) == (0, ""), err
    assert "installed the bank 'evolving' version 2.0.0" in out
    assert list(folder_state(folder).values()) == [hashlib.sha256(text.encode()).hexdigest()]
    assert run_cli("--db", target, "verify", 1)[0] == 0


def test_without_install_banks_nothing_is_installed_and_the_note_says_how(run_cli, tmp_path: Path) -> None:
    from fivefold.locations import user_bank_dir

    bundle, _ = bundle_with_own_bank(run_cli, tmp_path)
    target = f"sqlite:///{tmp_path}/target.db"
    code, out, err = run_cli("--db", target, "bundle", "import", bundle)
    assert code == 0 and "imported as assessment 1" in out and "installed" not in out
    assert err == (
        "fivefold: note: the bank 'evolving' version 2.0.0 is not installed here; the bundle carries it: "
        "import it again with --install-banks to install it and open assessment 1\n"
    )
    assert not user_bank_dir().exists()
    assert run_cli("--db", target, "verify", 1)[0] == 2


def test_a_version_that_is_a_path_installs_inside_the_bank_folder(run_cli, tmp_path: Path) -> None:
    from fivefold.locations import user_bank_dir

    bundle, text = bundle_with_own_bank(run_cli, tmp_path, version="../../../escaped")
    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    code, out, err = run_cli("--db", f"sqlite:///{tmp_path}/t.db", "bundle", "import", bundle, "--install-banks")
    assert (code, err) == (0, ""), err
    assert "installed the bank 'evolving' version ../../../escaped as" in out
    [written] = [p for p in tmp_path.rglob("*") if p.is_file() and p not in before and p.suffix == ".toml"]
    assert written.parent == user_bank_dir() and written.name.startswith("evolving-")
    assert written.read_text(encoding="utf-8") == text
    assert run_cli("--db", f"sqlite:///{tmp_path}/t.db", "verify", 1)[0] == 0


def _set_toml(pattern: str, replacement: str) -> Any:
    def change(bank: dict[str, Any]) -> None:
        bank["toml"] = re.sub(pattern, replacement, bank["toml"], count=1, flags=re.M)

    return change


def another_version(text: str, version: str) -> dict[str, str]:
    """A carried bank's fields for the bank in `text` under another version: consistent, and used by no cycle."""
    from fivefold.banks import bank_from_text

    toml = re.sub(r'^version = "[^"]*"', f'version = "{version}"', text, count=1, flags=re.M)
    return {"version": version, "toml": toml, "hash": bank_from_text(toml, Path("x")).content_hash()}


CARRIED_HOSTILE: dict[str, tuple[Any, str]] = {
    "not-toml": (lambda bank: bank.update(toml="id = "), "it carries is not a valid bank: is not valid TOML"),
    "not-a-bank": (
        _set_toml(r"^title = ", "titel = "),
        "it carries is not a valid bank: missing field 'title' (and 1 more problem(s))",
    ),
    "other-id": (_set_toml(r'^id = "evolving"', 'id = "someone-else"'), "its file defines the bank 'someone-else'"),
    "other-version": (_set_toml(r'^version = "2.0.0"', 'version = "2.0.1"'), "its file defines version 2.0.1"),
    "hostile-version": (
        _set_toml(r'^version = "2.0.0"', r'version = "\\u001b]0;owned\\u0007"'),
        "its file defines version \\x1b]0;owned\\x07",
    ),
    "other-hash": (lambda bank: bank.update(hash="0" * 64), "its content hash is"),
    "other-content": (
        _set_toml(r'^title = "[^"]*"', 'title = "Changed on the way"'),
        "is not what it declares: its content hash is",
    ),
    "too-large": (
        lambda bank: bank.update(toml=bank["toml"] + "#" * MAX_BANK_BYTES),
        "field banks[0].toml: it holds 8,",
    ),
    "lone-surrogate": (lambda bank: bank.update(toml="\ud800"), "is not valid JSON"),
    "id-not-an-id": (lambda bank: bank.update(id="../evolving"), "field banks[0].id: string should match pattern"),
    "not-used": (
        lambda bank: bank.update(**another_version(bank["toml"], "9.9.9")),
        "the bundle carries the bank 'evolving' version 9.9.9, which none of its cycles uses",
    ),
}


@pytest.mark.parametrize("case", sorted(CARRIED_HOSTILE))
def test_a_carried_bank_that_is_not_what_it_declares_refuses_the_whole_import(
    run_cli, tmp_path: Path, case: str
) -> None:
    from fivefold.locations import user_bank_dir

    bundle, _ = bundle_with_own_bank(run_cli, tmp_path)
    document = json.loads(bundle.read_text(encoding="utf-8"))
    change, expected = CARRIED_HOSTILE[case]
    change(document["banks"][0])
    hostile = tmp_path / f"{case}.fivefold.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    user_bank_dir().mkdir(parents=True)
    (user_bank_dir() / "notes.txt").write_text("kept\n", encoding="utf-8")
    target = tmp_path / "target.db"
    Store.open(f"sqlite:///{target}").close()
    before, folder_before = table_rows(target), folder_state(user_bank_dir())
    code, out, err = run_cli("--db", f"sqlite:///{target}", "bundle", "import", hostile, "--install-banks")
    assert (code, out) == (2, ""), err
    assert err.startswith(f"fivefold: {hostile}") and err.count("\n") == 1 and "\x1b" not in err
    assert expected in err, err
    assert table_rows(target) == before
    assert folder_state(user_bank_dir()) == folder_before


def test_a_carried_bank_installed_here_with_other_content_is_noted_and_not_overwritten(run_cli, tmp_path: Path) -> None:
    from fivefold.locations import user_bank_dir

    bundle, _ = bundle_with_own_bank(run_cli, tmp_path)
    ours = own_bank(user_bank_dir().parent / "banks", title="Our own evolving")
    assert user_bank_dir() / "evolving.toml" == user_bank_dir().parent / "banks" / "evolving.toml"
    folder_before = folder_state(user_bank_dir())
    code, out, err = run_cli("--db", f"sqlite:///{tmp_path}/t.db", "bundle", "import", bundle, "--install-banks")
    assert code == 0 and "imported as assessment 1" in out and "installed" not in out
    assert err == (
        "fivefold: note: the bundle carries the bank 'evolving' version 2.0.0, which is installed here with "
        "other content; the one installed here is kept and used\n"
    )
    assert folder_state(user_bank_dir()) == folder_before
    assert (user_bank_dir() / "evolving.toml").read_text(encoding="utf-8") == ours


def test_a_file_already_at_the_install_name_refuses_the_import(run_cli, tmp_path: Path) -> None:
    from fivefold.locations import user_bank_dir

    bundle, _ = bundle_with_own_bank(run_cli, tmp_path)
    digest = json.loads(bundle.read_text(encoding="utf-8"))["banks"][0]["hash"]
    user_bank_dir().mkdir(parents=True)
    (user_bank_dir() / f"evolving-{digest[:16]}.toml").mkdir()  # not a bank: the registry skips it
    target = tmp_path / "target.db"
    Store.open(f"sqlite:///{target}").close()
    before, folder_before = table_rows(target), folder_state(user_bank_dir())
    code, out, err = run_cli("--db", f"sqlite:///{target}", "bundle", "import", bundle, "--install-banks")
    assert (code, out) == (2, "") and "already exists; move that file away" in err, err
    assert table_rows(target) == before and folder_state(user_bank_dir()) == folder_before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"format": "fivefold-bundle/2"}, 'a fivefold-bundle/2 bundle lists its "banks"'),
        ({"banks": []}, 'a fivefold-bundle/1 bundle has no "banks"'),
    ],
)
def test_banks_belong_to_the_second_format_only(run_cli, tmp_path: Path, change: dict[str, Any], expected: str) -> None:
    document = json.loads((CORPUS / "valid.fivefold.json").read_text(encoding="utf-8"))
    assert document["format"] == "fivefold-bundle/1" and "banks" not in document, "a /1 bundle: it imports above"
    path = tmp_path / "b.fivefold.json"
    path.write_text(json.dumps({**document, **change}), encoding="utf-8")
    code, out, err = run_cli("--db", f"sqlite:///{tmp_path}/t.db", "bundle", "import", path)
    assert (code, out) == (2, "") and expected in err, err


def test_a_newer_version_of_a_bundled_bank_travels_with_its_bundle(run_cli, tmp_path: Path) -> None:
    """The reviewer's Fivefold ships an older five-phase than the one the assessment was made with."""
    from fivefold.locations import user_bank_dir

    shipped = re.search(r'^version = "([^"]+)"', FIVE_PHASE.read_text(encoding="utf-8"), re.M)
    assert shipped is not None
    newer = tmp_path / "newer"
    newer.mkdir()
    text = FIVE_PHASE.read_text(encoding="utf-8").replace(f'version = "{shipped[1]}"', 'version = "99.0.0"', 1)
    (newer / "five-phase.toml").write_text(text, encoding="utf-8")
    source = f"sqlite:///{tmp_path}/source.db"
    assert (
        run_cli("--db", source, "--bank-dir", newer, "new", "--bank", "five-phase", "--title", "T", "--system", "S")[0]
        == 0
    )
    bundle = tmp_path / "b.fivefold.json"
    assert run_cli("--db", source, "--bank-dir", newer, "bundle", "export", 1, "-o", bundle)[0] == 0
    carried = json.loads(bundle.read_text(encoding="utf-8"))["banks"]
    assert [(b["id"], b["version"]) for b in carried] == [("five-phase", "99.0.0")], "the version it uses, alone"
    target = f"sqlite:///{tmp_path}/target.db"
    code, out, err = run_cli("--db", target, "bundle", "import", bundle)
    assert code == 0 and "the bank 'five-phase' version 99.0.0 is not installed here; the bundle carries it" in err
    code, out, err = run_cli("--db", target, "bundle", "import", bundle, "--install-banks")
    assert (code, err) == (0, "") and "installed the bank 'five-phase' version 99.0.0" in out
    assert [p.name for p in user_bank_dir().iterdir()] == [f"five-phase-{carried[0]['hash'][:16]}.toml"]
    assert run_cli("--db", target, "verify", 1)[0] == run_cli("--db", source, "--bank-dir", newer, "verify", 1)[0] == 0


def test_a_bank_folder_that_cannot_be_made_refuses_the_import_before_writing(run_cli, tmp_path: Path) -> None:
    from fivefold.locations import user_bank_dir

    bundle, _ = bundle_with_own_bank(run_cli, tmp_path)
    config = user_bank_dir().parent
    config.parent.mkdir(parents=True)
    config.write_text("a file where the config folder would be\n", encoding="utf-8")
    target = tmp_path / "target.db"
    Store.open(f"sqlite:///{target}").close()
    before = table_rows(target)
    code, out, err = run_cli("--db", f"sqlite:///{target}", "bundle", "import", bundle, "--install-banks")
    assert (code, out) == (2, "") and f"cannot be installed in {user_bank_dir()}: {config} is not a folder" in err
    assert table_rows(target) == before
    assert config.read_text(encoding="utf-8") == "a file where the config folder would be\n"
