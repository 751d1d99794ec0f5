"""Made `fivefold-0004.db` and `fivefold-0004.json` with Fivefold at commit fd13f2d (schema 0004).

Kept for the record: it ran once against that code (`git archive fd13f2d src questionbanks
migrations`, then `PYTHONPATH=src python ...`) and cannot run against a newer one. The database
holds what the 0005 upgrade must keep: two cycles, answers, a goal, an accepted blocker, two
approvals needed, an artifact, two approvals signed under `fivefold-signoff/2` over
`fivefold-digest/2` (keys in `fivefold-0004.allowed_signers`) and the audit chain. The JSON is
cycle 1 exported at that moment: a `fivefold-assessment/2` export that passes the gate.

    python tests/data/make_fivefold_0004_db.py OUT.db OUT.json KEY_FOLDER
"""

import subprocess
import sys
from pathlib import Path

from fivefold.banks import BankRegistry
from fivefold.export import render
from fivefold.review import load_snapshot, record_answer, record_goal
from fivefold.review.cycles import start_next_cycle
from fivefold.review.signoff import accept_blocker, record_signoff
from fivefold.store import AnswerStatus, Store

out, exported, keys = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
signers = []
for name in ("ana", "ben"):
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(keys / name)], check=True)
    signers.append(f"{name}@example.com {(keys / f'{name}.pub').read_text()}")
(keys / "allowed_signers").write_text("".join(signers), encoding="utf-8")

registry = BankRegistry.default()
bank = registry.get("five-phase")
store = Store.open(f"sqlite:///{out}")
first = store.create_assessment(
    title="Release 2.3 review", system_name="triage-clf", system_version="2.3.0",
    bank_id=bank.id, bank_version=bank.version, bank_hash=bank.content_hash(),
)  # fmt: skip
for place in bank.questions():
    question_id = place.question.id
    status = AnswerStatus.BLOCKER if question_id == "testing.practice.halt-anytime" else AnswerStatus.ADDRESSED
    record_answer(
        store, bank, first.id, question_id, status=status, rationale=f"Done: {question_id}", evidence=["doc.md"]
    )
record_goal(store, bank, first.id, "platonic", "theory", x="faster routing", y="shipping 2.3")
store.set_approvals_required(first.id, 2)
store.add_artifact(first.id, name="weights.safetensors", size=1234, sha256="ab" * 32)
accept_blocker(store, load_snapshot(store, registry, first.id), "testing.practice.halt-anytime",
               reviewer="Ana", reason="Manual kill switch until 2.4")  # fmt: skip
for name, role in (("ana", "ML lead"), ("ben", "Safety")):
    record_signoff(store, load_snapshot(store, registry, first.id), reviewer=name.capitalize(), role=role,
                   decision="approve", comment="Fine.", key=keys / name, principal=f"{name}@example.com")  # fmt: skip
exported.write_text(render(load_snapshot(store, registry, first.id), "json"), encoding="utf-8")
second = start_next_cycle(store, registry, first.id)
record_answer(store, bank, second.id, "platonic.theory.ethically-virtuous", status=AnswerStatus.CONCERN,
              rationale="Re-checked for 2.4.")  # fmt: skip
store.close()
print(first.id, second.id)
