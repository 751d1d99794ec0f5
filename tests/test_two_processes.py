"""Two processes on one database: the author saves answers while a reviewer comments from the command line.
Nothing is lost: every save and every comment is there, in one unbroken audit chain, and the author's
next read of the assessment shows the comments."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from signing_helpers import bundled_registry

from fivefold.review import load_snapshot
from fivefold.store import Store

AUTHOR = Path(__file__).parent / "concurrent_author.py"
COMMENTS = 6


def author_and_reviewer(url: str, tmp_path: Path, run_fivefold) -> None:
    created = run_fivefold("--db", url, "new", "--bank", "five-phase", "--title", "Shared", "--system", "clf")
    assert created.returncode == 0, created.stderr
    assessment_id = int(created.stdout)
    started, stop = tmp_path / "started", tmp_path / "stop"
    author = subprocess.Popen(
        [sys.executable, str(AUTHOR), url, str(assessment_id), str(started), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(6000):  # wait for the author's first save, not for a time
            if started.exists() or author.poll() is not None:
                break
            time.sleep(0.01)
        assert started.exists(), author.stderr.read() if author.stderr else ""
        ids = []
        for number in range(COMMENTS):
            question = "testing.practice.halt-anytime" if number % 2 else "platonic.theory.ethically-virtuous"
            reply = ("--reply-to", ids[-2]) if number >= 2 else ()
            said = run_fivefold(
                "--db", url, "comment", assessment_id, question, "--author", "Rev", "--text", f"remark {number}", *reply
            )  # fmt: skip
            assert said.returncode == 0, said.stderr
            ids.append(said.stdout.strip())
        still_saving = author.poll() is None
    finally:
        stop.touch()
        out, err = author.communicate(timeout=300)
    assert author.returncode == 0, err
    assert still_saving, "the author was saving all along, so the two wrote at the same time"
    saves = int(out)
    store = Store.open(url)
    try:
        assert store.audit_problems(assessment_id) == []
        events = store.audit_events(assessment_id)
        assert len(events) == 1 + saves + COMMENTS
        assert sum(answer.revision for answer in store.answers(assessment_id).values()) == saves
        snapshot = load_snapshot(store, bundled_registry(), assessment_id)  # what the author's screen reads next
        assert sorted(comment.text for comment in snapshot.comments) == [f"remark {n}" for n in range(COMMENTS)]
        assert {c.uuid[:8] for c in snapshot.comments} == set(ids)
    finally:
        store.close()


@pytest.mark.slow  # about a dozen real processes
def test_on_postgresql(tmp_path: Path, postgres_url: str, run_fivefold) -> None:
    author_and_reviewer(postgres_url, tmp_path, run_fivefold)


@pytest.mark.slow
def test_on_sqlite(tmp_path: Path, run_fivefold) -> None:
    author_and_reviewer(f"sqlite:///{tmp_path}/shared.db", tmp_path, run_fivefold)
