"""The digest of an assessment's content: what a sign-off is bound to.

SHA-256 over the UTF-8 bytes of the canonical JSON (`fivefold.canonical`) of the document
`digest_document` builds from an assessment record. docs/digest.md spells the recipe out so
another program can recompute it. Standard library only: the gate recomputes it from a file.

Everything a reviewer approves and the rules judge is in it: the assessment's identity, title,
system and number of approvals needed, the bank (whose content hash covers every question's
`required` and `when`), the team's goals, every answer row, the blocker acceptances and the
artifacts. Times, local database ids and sign-offs are not.
"""

from __future__ import annotations

from typing import Any

from fivefold.canonical import canonical_json, sha256_hex

DIGEST_FORMAT = "fivefold-digest/2"
OLDER_DIGEST_FORMATS = ("fivefold-digest/1",)


def digest_document(record: dict[str, Any]) -> dict[str, Any]:
    """The document that is hashed, from an assessment record (an export, or one built from the database)."""
    assessment = record["assessment"]
    return {
        "format": DIGEST_FORMAT,
        "assessment": {
            "uuid": assessment["uuid"],
            "cycle": assessment["cycle"],
            "previous_uuid": assessment["previous_uuid"],
            "title": assessment["title"],
            "system": {"name": assessment["system"]["name"], "version": assessment["system"]["version"]},
            "approvals_required": assessment["approvals_required"],
        },
        "bank": {"id": record["bank"]["id"], "version": record["bank"]["version"], "hash": record["bank"]["hash"]},
        "goals": sorted(
            ({"phase": g["phase"], "lens": g["lens"], "x": g["x"], "y": g["y"]} for g in record["goals"]),
            key=lambda goal: (goal["phase"], goal["lens"]),
        ),
        "answers": sorted(
            (
                {
                    "question_id": a["question_id"],
                    "status": a["status"],
                    "rationale": a["rationale"],
                    "evidence": list(a["evidence"]),
                    "value": a["value"],
                    "carried_over": a["carried_over"],
                    "revision": a["revision"],
                }
                for a in record["answers"]
            ),
            key=lambda answer: answer["question_id"],
        ),
        "blocker_acceptances": sorted(
            (
                {
                    "question_id": a["question_id"],
                    "answer_revision": a["answer_revision"],
                    "reviewer": a["reviewer"],
                    "reason": a["reason"],
                }
                for a in record["blocker_acceptances"]
            ),
            key=lambda acceptance: acceptance["question_id"],
        ),
        "artifacts": sorted(
            ({"name": a["name"], "size": a["size"], "sha256": a["sha256"]} for a in record["artifacts"]),
            key=lambda artifact: (artifact["name"], artifact["sha256"]),
        ),
    }


def content_digest(record: dict[str, Any]) -> str:
    """Recompute the digest from a record's own content."""
    return sha256_hex(canonical_json(digest_document(record)))
