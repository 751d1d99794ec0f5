"""The JSON export: the assessment record plus the rules' verdict, for other tools to check."""

from __future__ import annotations

import json
from typing import Any

from fivefold.review import AssessmentSnapshot
from fivefold.review.record import build_record
from fivefold.review.rules import SignatureCheck, evaluate


def render_json(snapshot: AssessmentSnapshot, *, check_signature: SignatureCheck | None = None) -> str:
    """`fivefold-assessment/1` (docs/json-export.md). `verdict` is informative: `fivefold gate`
    recomputes it from the content, so editing it changes nothing."""
    record = build_record(snapshot)
    verdict = evaluate(record, check_signature=check_signature)
    document: dict[str, Any] = {
        **record,
        "verdict": {
            "ready": verdict.ready,
            "ready_reasons": verdict.ready_reasons,
            "gate_passes": verdict.passes,
            "gate_reasons": verdict.gate_reasons,
            "valid_approvals": verdict.valid_approvals,
            "signoffs": [{"id": view.signoff["id"], "status": view.status} for view in verdict.signoffs],
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
