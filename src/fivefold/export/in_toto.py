"""The in-toto export: an in-toto Statement v1 whose subjects are the reviewed artifacts.

Supply-chain tools (`cosign attest --type`, in-toto verifiers, policy engines) carry a
statement with the model it describes; its predicate is the `fivefold-assessment/3` JSON
export, unchanged, so `fivefold gate` judges it like the JSON export. docs/json-export.md
documents the mapping.
"""

from __future__ import annotations

import json
from typing import Any

from fivefold.export.files import ExportError
from fivefold.export.json_export import assessment_document
from fivefold.review import AssessmentSnapshot
from fivefold.review.rules import SignatureCheck

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "urn:fivefold:assessment:3"
"""Names the predicate's schema, `fivefold-assessment/3`. A URN, as the project has no web address
whose page it could name; the spec only asks for a URI that identifies the type."""


def in_toto_statement(predicate: dict[str, Any]) -> dict[str, Any]:
    """The statement around an assessment document: one subject per artifact, digest by SHA-256."""
    subjects = [{"name": a["name"], "digest": {"sha256": a["sha256"]}} for a in predicate["artifacts"]]
    return {"_type": STATEMENT_TYPE, "subject": subjects, "predicateType": PREDICATE_TYPE, "predicate": predicate}


def render_in_toto(snapshot: AssessmentSnapshot, *, check_signature: SignatureCheck | None = None) -> str:
    if not snapshot.artifacts:
        raise ExportError(
            f"assessment {snapshot.assessment.id} has no artifacts, and an in-toto statement needs a subject; "
            f"add the files reviewed with 'fivefold artifact add {snapshot.assessment.id} PATH'"
        )
    document = in_toto_statement(assessment_document(snapshot, check_signature=check_signature))
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
