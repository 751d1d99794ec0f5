"""Make the bundle corpus: one valid bundle and the hostile ones derived from it (README.md lists them).

Run from the repository root, with Fivefold installed; it writes into this folder and replaces
what is there. Each hostile bundle changes one thing, as an attacker with a text editor (and no
reviewer's key) would, and `tests/test_bundles.py` checks that importing it gives exit code 2,
one sentence, and writes nothing.

    python tests/data/bundles/make_bundles.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from fivefold.banks import BankRegistry
from fivefold.banks.registry import bundled_bank_dir
from fivefold.bundle import build_bundle, parse_bundle, render_bundle
from fivefold.bundle.check import cycle_record
from fivefold.review import load_snapshot, record_answer
from fivefold.review.comments import leave_comment
from fivefold.review.digest import content_digest
from fivefold.review.signoff import record_signoff
from fivefold.store import AnswerStatus, Store
from fivefold.store.audit import GENESIS, event_hash

HERE = Path(__file__).parent
QUESTION = "platonic.theory.ethically-virtuous"


def make_store(path: Path, title: str, *, sign: bool) -> tuple[Store, int]:
    registry = BankRegistry([bundled_bank_dir()])
    bank = registry.get("five-phase")
    store = Store.open(f"sqlite:///{path}")
    assessment = store.create_assessment(
        title=title, system_name="triage-clf", system_version="2.3.0",
        bank_id=bank.id, bank_version=bank.version, bank_hash=bank.content_hash(),
    )  # fmt: skip
    assert assessment.id is not None
    record_answer(store, bank, assessment.id, QUESTION, status=AnswerStatus.CONCERN, rationale="First thoughts.")
    record_answer(store, bank, assessment.id, QUESTION, status=AnswerStatus.CONCERN, rationale="Fair to all regions.")
    snapshot = load_snapshot(store, registry, assessment.id)
    thread = leave_comment(store, snapshot, QUESTION, author="Ana", text="Which regions?")
    snapshot = load_snapshot(store, registry, assessment.id)
    leave_comment(store, snapshot, QUESTION, author="Ben", text="All twelve.", reply_to=thread.uuid)
    if sign:
        record_signoff(
            store, load_snapshot(store, registry, assessment.id), reviewer="Cy", role="Safety", decision="reject",
            comment="Not before the regional audit.",
        )  # fmt: skip
    return store, assessment.id


def rechain(cycle: dict[str, Any], start: int = 0) -> None:
    """Recompute every event hash from event `start` on, and the head, as someone forging a chain would."""
    events = cycle["audit_events"]
    prev = events[start - 1]["hash"] if start else GENESIS
    for event in events[start:]:
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(prev, event["seq"], event["kind"], event["at"], event["data"])
    cycle["assessment"]["audit_head"] = prev


def write(name: str, document: Any) -> None:
    text = document if isinstance(document, str) else json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    (HERE / name).write_text(text, encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store, valid_id = make_store(Path(folder) / "valid.db", "Release 2.3 review", sign=True)
        valid_text = render_bundle(build_bundle(store, valid_id))
        store.close()
        other, other_id = make_store(Path(folder) / "other.db", "Another system's review", sign=False)
        other_bundle = json.loads(render_bundle(build_bundle(other, other_id)))
        other.close()
    write("valid.fivefold.json", valid_text)
    valid = json.loads(valid_text)
    cycle = valid["cycles"][0]
    uuid = cycle["assessment"]["uuid"]

    def changed() -> tuple[dict[str, Any], dict[str, Any]]:
        copy = json.loads(valid_text)
        return copy, copy["cycles"][0]

    write("truncated.fivefold.json", valid_text[: len(valid_text) // 2])

    document, copy = changed()
    saved = next(e for e in copy["audit_events"] if e["kind"] == "answer.saved")
    saved["data"] = saved["data"].replace("First thoughts.", "First thoughts, edited.")
    write("edited-event.fivefold.json", document)

    document, copy = changed()
    copy["answers"][0]["rationale"] = "Fair to every region, said nobody."
    write("edited-row.fivefold.json", document)

    # The answer and its event both rewritten, every hash after it recomputed: the chain is whole again,
    # but the sign-off's statement still names the head it was made on.
    document, copy = changed()
    copy["answers"][0]["rationale"] = "Rewritten."
    index = max(i for i, e in enumerate(copy["audit_events"]) if e["kind"] == "answer.saved")
    copy["audit_events"][index]["data"] = copy["audit_events"][index]["data"].replace(
        "Fair to all regions.", "Rewritten."
    )
    rechain(copy, index)
    write("forged-chain.fivefold.json", document)

    document, copy = changed()
    copy["answers"][0]["revision"] = str(copy["answers"][0]["revision"])
    write("wrong-types.fivefold.json", document)

    document, copy = changed()
    copy["comments"][0]["text"] = "x" * 200_001
    write("huge-text.fivefold.json", document)

    document, copy = changed()
    copy["answers"].append(dict(copy["answers"][0]))
    write("duplicate-row.fivefold.json", document)

    # A reply to a comment that never existed, in the rows and in a chain recomputed to match.
    document, copy = changed()
    ghost = "00000000-0000-4000-8000-000000000000"
    reply = next(c for c in copy["comments"] if c["reply_to"] is not None)
    added = next(e for e in copy["audit_events"] if e["kind"] == "comment.added" and reply["id"] in e["data"])
    added["data"] = added["data"].replace(reply["reply_to"], ghost)
    reply["reply_to"] = ghost
    copy["signoffs"], copy["audit_events"] = [], [e for e in copy["audit_events"] if e["kind"] != "signoff.recorded"]
    copy["assessment"]["audit_seq"] = len(copy["audit_events"])
    rechain(copy)
    write("reply-to-nothing.fivefold.json", document)

    # Another assessment's whole history, under this one's UUID: a consistent chain, different content.
    clash = other_bundle["cycles"][0]
    other_uuid = clash["assessment"]["uuid"]
    clash["assessment"]["uuid"] = uuid
    for event in clash["audit_events"]:
        event["data"] = event["data"].replace(other_uuid, uuid)
    rechain(clash)
    record = cycle_record(parse_bundle(json.dumps(other_bundle).encode(), name="clash").cycles[0])
    clash["digest"]["value"] = content_digest(record)
    write("uuid-clash.fivefold.json", other_bundle)

    document, copy = changed()
    document["format"] = "fivefold-bundle/3"
    write("newer-format.fivefold.json", document)

    write("not-a-bundle.json", {"schema": "fivefold-assessment/3", "assessment": {"uuid": uuid}})
    write(
        "deep-nesting.fivefold.json",
        '{"format": "fivefold-bundle/1", "cycles": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
    )
    print(f"wrote {len(list(HERE.glob('*.json')))} files to {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
