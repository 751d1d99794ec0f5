"""The JSON export: the assessment record plus the rules' verdict, for other tools to check."""

from __future__ import annotations

import json
from typing import Any

from fivefold.review import AssessmentSnapshot
from fivefold.review.record import build_record
from fivefold.review.rules import SignatureCheck, evaluate


def assessment_document(
    snapshot: AssessmentSnapshot, *, check_signature: SignatureCheck | None = None
) -> dict[str, Any]:
    """`fivefold-assessment/3` (docs/json-export.md). `verdict` is informative: `fivefold gate`
    recomputes it from the content, so editing it changes nothing."""
    record = build_record(snapshot)
    verdict = evaluate(record, check_signature=check_signature)
    return {
        **record,
        "verdict": {
            "ready": verdict.ready,
            "ready_reasons": verdict.ready_reasons,
            "gate_passes": verdict.passes,
            "gate_reasons": verdict.gate_reasons,
            "valid_approvals": verdict.valid_approvals,
            "approvals_needed": verdict.approvals_needed,
            "signoffs": [{"statement_sha256": view.id, "status": view.status} for view in verdict.signoffs],
        },
    }


def render_json(snapshot: AssessmentSnapshot, *, check_signature: SignatureCheck | None = None) -> str:
    return (
        json.dumps(assessment_document(snapshot, check_signature=check_signature), indent=2, ensure_ascii=False) + "\n"
    )
