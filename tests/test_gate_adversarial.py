"""The gate as an attacker meets it: someone who can edit the export but holds no reviewer's key.

A signed export that passes (two signed approvals of two needed, an artifact) is mutated one leaf
at a time, sign-off entries are duplicated, dropped and grafted from other exports: the gate must
either fail with a reason or decide and report exactly what it did before. A rejected export must
not pass by any single field grafted from a passing one.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from signing_helpers import (
    BLOCKER,
    Keys,
    bundled_registry,
    exported,
    facts,
    judge,
    make_keys,
    needs_ssh_keygen,
    ready_assessment,
    sign,
)

from fivefold.errors import FivefoldError
from fivefold.review.cycles import start_next_cycle
from fivefold.review.rules import ReviewedFile
from fivefold.signing import signature_check
from fivefold.store import Store

pytestmark = needs_ssh_keygen

# Hypothesis caches what it finds in the source under its home folder, `.hypothesis` in the working
# directory by default: the test run must not write into the source tree.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="fivefold-hypothesis-"))

WEIGHTS = b"\x00model weights\xff" * 64

Path_ = tuple[str | int, ...]


class Exports:
    """Exports of one database: `passing` (two signed approvals of two needed), `rejected` (the same
    assessment after a third reviewer's signed rejection), `next_cycle` (cycle 2, rejected) and
    `other` (another assessment: approved, rejected, then approved again)."""

    def __init__(self, folder: Path) -> None:
        self.keys: Keys = make_keys(folder / "keys", ["ana", "ben", "cy"])
        registry = bundled_registry()
        store = Store.open(f"sqlite:///{folder / 'gate.db'}")
        try:
            first = ready_assessment(store, registry, approvals=2)
            weights = folder / "weights.bin"
            weights.write_bytes(WEIGHTS)
            self.artifact = ReviewedFile(str(weights), hashlib.sha256(WEIGHTS).hexdigest(), len(WEIGHTS))
            store.add_artifact(first, name="weights.bin", size=self.artifact.size, sha256=self.artifact.sha256)
            # A resolved thread with a reply and an owned blocker: their leaves are signed too.
            thread = store.add_comment(first, question_id=BLOCKER, author="Cy", text="Who pulls the switch?")
            store.add_comment(first, question_id=BLOCKER, author="Ana", text="On-call.", reply_to=thread.uuid)
            store.resolve_comment(first, thread.uuid, by="Cy")
            store.assign_action(first, BLOCKER, owner="Ana", due=date(2027, 1, 15))
            sign(store, registry, first, self.keys, "ana")
            sign(store, registry, first, self.keys, "ben", "approve-with-conditions")
            self.passing = exported(store, registry, first)
            sign(store, registry, first, self.keys, "cy", "reject")
            self.rejected = exported(store, registry, first)
            following = start_next_cycle(store, registry, first)
            assert following.id is not None
            sign(store, registry, following.id, self.keys, "cy", "reject")
            self.next_cycle = exported(store, registry, following.id)
            other = ready_assessment(store, registry, approvals=2, title="Another release")
            sign(store, registry, other, self.keys, "ana")
            sign(store, registry, other, self.keys, "cy", "reject")
            sign(store, registry, other, self.keys, "ben")
            self.other = exported(store, registry, other)
        finally:
            store.close()
        self.check = signature_check(self.keys.allowed_signers)

    def judge(self, document: Any, **options: Any) -> Any:
        return judge(document, self.keys, check=self.check, artifacts=(self.artifact,), **options)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Exports:
    return Exports(tmp_path_factory.mktemp("adversarial"))


def leaves(node: Any, path: Path_ = ()) -> Iterator[Path_]:
    """The path of every leaf and of every list (a list's elements can be dropped or duplicated)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        yield path
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))
    else:
        yield path


def get(document: Any, path: Path_) -> Any:
    for step in path:
        document = document[step]
    return document


def put(document: Any, path: Path_, value: Any) -> None:
    get(document, path[:-1])[path[-1]] = value


def mutated(value: Any, choice: int) -> Any:
    """One of a few changes of a leaf's value, each different from it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return [value + 1, value - 1, 0, str(value)][choice % 4]
    if isinstance(value, str):
        return [value + "x", value[:-1] if value else "y", value.upper() if value != value.upper() else value + "Z"][
            choice % 3
        ]
    if value is None:
        return ["", 0, False][choice % 3]
    raise AssertionError(f"not a leaf: {value!r}")


def outcome(exports: Exports, document: Any) -> tuple[Any, ...] | None:
    """The facts of the verdict, or None when the gate fails (with a reason) or refuses the file."""
    try:
        verdict = exports.judge(document)
    except FivefoldError as error:
        assert str(error), "a refusal says why"
        return None
    if not verdict.passes:
        assert verdict.gate_reasons and all(reason.strip() for reason in verdict.gate_reasons)
        return None
    return facts(verdict)


def test_the_passing_export_passes_and_reports_both_principals(exports: Exports) -> None:
    verdict = exports.judge(exports.passing)
    assert verdict.passes, verdict.gate_reasons
    assert verdict.approvers == ["ana@example.com", "ben@example.com"]
    assert [artifact["name"] for _, artifact in verdict.matched_artifacts] == ["weights.bin"]
    assert [thread["state"] for thread in exports.passing["comments"]] == ["resolved"]
    assert exports.passing["action_items"][0]["owner"] == "Ana"
    for document in (exports.rejected, exports.next_cycle, exports.other):
        assert not exports.judge(document).passes


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_single_mutation_fails_or_changes_nothing(exports: Exports, data: st.DataObject) -> None:
    before = facts(exports.judge(exports.passing))
    document = copy.deepcopy(exports.passing)
    everywhere = sorted(leaves(document), key=repr)
    outside_bank = [path for path in everywhere if path[:2] != ("bank", "content")]
    # The embedded bank holds most leaves; half the draws go to the rest, where sign-offs live.
    path = data.draw(st.sampled_from(outside_bank) | st.sampled_from(everywhere), label="path")
    target = get(document, path)
    if isinstance(target, list):
        if not target:
            return
        index = data.draw(st.integers(0, len(target) - 1), label="index")
        if data.draw(st.booleans(), label="drop (else duplicate)"):
            del target[index]
        else:
            target.insert(index, copy.deepcopy(target[index]))
    else:
        put(document, path, mutated(target, data.draw(st.integers(0, 11), label="change")))
    after = outcome(exports, document)
    assert after is None or after == before, f"{path}: the gate passed with other facts"


def test_every_leaf_outside_the_bank_changed_fails_or_changes_nothing(exports: Exports) -> None:
    """Exhaustively, one change per leaf: the sign-offs, identity, answers, digest and artifacts."""
    before = facts(exports.judge(exports.passing))
    paths = [path for path in leaves(exports.passing) if path[:2] != ("bank", "content")]
    assert len(paths) > 300
    for path in paths:
        document = copy.deepcopy(exports.passing)
        target = get(document, path)
        if isinstance(target, list):
            if not target:
                continue
            target.append(copy.deepcopy(target[-1]))
        else:
            put(document, path, mutated(target, len(path)))
        after = outcome(exports, document)
        assert after is None or after == before, f"{path}: the gate passed with other facts"


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_signoff_entry_duplicated_dropped_or_grafted_fails_or_changes_nothing(
    exports: Exports, data: st.DataObject
) -> None:
    before = facts(exports.judge(exports.passing))
    document = copy.deepcopy(exports.passing)
    signoffs = document["signoffs"]
    donors = [entry for other in (exports.rejected, exports.next_cycle, exports.other) for entry in other["signoffs"]]
    action = data.draw(st.sampled_from(["duplicate", "drop", "graft", "replace"]), label="action")
    index = data.draw(st.integers(0, len(signoffs) - 1), label="index")
    donor = copy.deepcopy(data.draw(st.sampled_from(donors), label="donor"))
    if action == "duplicate":
        signoffs.insert(index, copy.deepcopy(signoffs[index]))
    elif action == "drop":
        del signoffs[index]
    elif action == "graft":
        signoffs.insert(index, donor)
    else:
        signoffs[index] = donor
    after = outcome(exports, document)
    assert after is None or after == before, f"{action} {index}: the gate passed with other facts"


def differing_leaves(passing: Any, rejected: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every path in `rejected` whose value (a leaf, or a whole sign-off entry) differs in `passing`."""
    if isinstance(rejected, dict) and isinstance(passing, dict):
        for key, value in rejected.items():
            if key in passing:
                yield from differing_leaves(passing[key], value, (*path, key))
    elif isinstance(rejected, list) and isinstance(passing, list):
        for index, value in enumerate(rejected):
            if index < len(passing):
                if path == ("signoffs",) and passing[index] != value:
                    yield (*path, index), passing[index]
                yield from differing_leaves(passing[index], value, (*path, index))
    elif rejected != passing:
        yield path, passing


@pytest.mark.parametrize("which", ["rejected", "next_cycle", "other"])
def test_no_single_field_from_a_passing_export_makes_a_rejected_one_pass(exports: Exports, which: str) -> None:
    rejected = getattr(exports, which)
    grafts = list(differing_leaves(exports.passing, rejected))
    assert len(grafts) >= 3, "the exports hardly differ: this test would graft nothing"
    for path, value in grafts:
        document = copy.deepcopy(rejected)
        put(document, path, copy.deepcopy(value))
        assert outcome(exports, document) is None, f"grafting {path} from the passing export made it pass"


def _reasons(exports: Exports, document: Any, **options: Any) -> str:
    verdict = exports.judge(document, **options)
    assert not verdict.passes
    return "\n".join(verdict.gate_reasons)


def test_the_attacks_the_issue_found_each_fail_with_their_reason(exports: Exports) -> None:
    passing, rejected = exports.passing, exports.rejected

    forged = copy.deepcopy(rejected)  # a signed reject relabelled as an approval beside its statement
    forged["signoffs"][2]["decision"] = "approve"
    assert "its field 'decision' says 'approve' but its statement says 'reject'" in _reasons(exports, forged)

    forged = copy.deepcopy(rejected)  # ... and inside its statement: the signature no longer verifies
    statement = json.loads(forged["signoffs"][2]["statement"])
    forged["signoffs"][2]["statement"] = json.dumps({**statement, "decision": "approve"})
    assert "does not verify" in _reasons(exports, forged)

    copied = copy.deepcopy(passing)  # one approval copied and renamed counts once, and is named
    copied["signoffs"].append({**copy.deepcopy(passing["signoffs"][0]), "reviewer": "Zed"})
    assert "appears more than once" in _reasons(exports, copied, min_approvals=3)

    zero = copy.deepcopy(passing)
    zero["assessment"]["approvals_required"] = 0
    reasons = _reasons(exports, zero)
    assert "does not match its recorded digest" in reasons and "needs at least 1" in reasons

    optional = copy.deepcopy(passing)  # every question made optional, in the list and in the bank
    for question in optional["questions"]:
        question["required"] = False
    for phase in optional["bank"]["content"]["phases"]:
        for lens in ("theory", "practice"):
            for question in (phase.get(lens) or {}).get("questions", []):
                question["required"] = False
    assert "the bank in the record does not match its hash" in _reasons(exports, optional)

    pasted = copy.deepcopy(exports.next_cycle)  # cycle 1's approvals pasted into cycle 2
    pasted["signoffs"] = copy.deepcopy(passing["signoffs"])
    assert "was made for another assessment or cycle" in _reasons(exports, pasted)

    relabelled = copy.deepcopy(passing)  # a cycle-1 export relabelled as cycle 2
    relabelled["assessment"]["cycle"] = 2
    assert "does not match its recorded digest" in _reasons(exports, relabelled)

    dropped = copy.deepcopy(exports.other)  # a rejection removed from under a later sign-off
    assert [entry["decision"] for entry in dropped["signoffs"]] == ["approve", "reject", "approve"]
    del dropped["signoffs"][1]
    assert "follows a sign-off that is missing from the record" in _reasons(exports, dropped)


def test_min_approvals_can_raise_the_number_never_lower_it(exports: Exports) -> None:
    assert exports.judge(exports.passing, min_approvals=2).passes
    assert exports.judge(exports.passing, min_approvals=1).approvals_needed == 2
    assert "2 valid approval(s), 3 needed" in _reasons(exports, exports.passing, min_approvals=3)


def test_an_unlisted_signer_does_not_count(exports: Exports, tmp_path: Path) -> None:
    only_ana = tmp_path / "allowed_signers"
    line = next(
        line
        for line in exports.keys.allowed_signers.read_text(encoding="utf-8").splitlines()
        if line.startswith("ana@")
    )
    only_ana.write_text(line + "\n", encoding="utf-8")
    verdict = judge(exports.passing, Keys(exports.keys.folder, only_ana), artifacts=(exports.artifact,))
    assert not verdict.passes
    assert any("does not verify" in reason for reason in verdict.gate_reasons)
    assert verdict.approvers == ["ana@example.com"]
