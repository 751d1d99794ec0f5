"""Made `fivefold-0003.db` with Fivefold at commit 639fe84 (schema 0003), as a user of that release would.

Kept for the record: it ran once against that code and cannot run against a newer one. The
database holds what an upgrade must keep: two cycles, answers (drafts, carried-over, a value),
goals, an accepted blocker, two approvals needed, a signed approval (`fivefold-signoff/1`,
key in `fivefold-0003.allowed_signers`), an unsigned rejection and the audit chain.

    python tests/data/make_fivefold_0003_db.py OUT.db KEY_FOLDER
"""

import subprocess
import sys
from pathlib import Path

from fivefold.banks import BankRegistry
from fivefold.review import load_snapshot, record_answer, record_goal
from fivefold.review.cycles import start_next_cycle
from fivefold.review.signoff import accept_blocker, record_signoff
from fivefold.store import AnswerStatus, Store

out, keys = Path(sys.argv[1]), Path(sys.argv[2])
key = keys / "ana"
subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ana", "-f", str(key)], check=True)
(keys / "allowed_signers").write_text(f"ana@example.com {(keys / 'ana.pub').read_text()}", encoding="utf-8")

registry = BankRegistry.default()
bank = registry.get("five-phase")
store = Store.open(f"sqlite:///{out}")
first = store.create_assessment(
    title="Release 2.2 review", system_name="triage-clf", system_version="2.2.0",
    bank_id=bank.id, bank_version=bank.version, bank_hash=bank.content_hash(),
)  # fmt: skip
for place in bank.questions():
    question_id = place.question.id
    status = AnswerStatus.BLOCKER if question_id == "testing.practice.halt-anytime" else AnswerStatus.ADDRESSED
    record_answer(
        store, bank, first.id, question_id, status=status, rationale=f"Done: {question_id}", evidence=["doc.md"]
    )
record_goal(store, bank, first.id, "platonic", "theory", x="faster routing", y="shipping 2.2")
store.set_approvals_required(first.id, 2)
accept_blocker(store, load_snapshot(store, registry, first.id), "testing.practice.halt-anytime",
               reviewer="Ana", reason="Manual kill switch until 2.3")  # fmt: skip
record_signoff(store, load_snapshot(store, registry, first.id), reviewer="Ana", role="ML lead",
               decision="approve", comment="Fine.", key=key, principal="ana@example.com")  # fmt: skip
record_signoff(store, load_snapshot(store, registry, first.id), reviewer="Ben", role="Safety",
               decision="reject", comment="Not yet.")  # fmt: skip
second = start_next_cycle(store, registry, first.id)
record_answer(store, bank, second.id, "platonic.theory.ethically-virtuous", status=AnswerStatus.CONCERN,
              rationale="Re-checked for 2.3.")  # fmt: skip
store.close()
print(first.id, second.id)
