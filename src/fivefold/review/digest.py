"""The digest of an assessment's content: what a sign-off is bound to.

SHA-256 over the UTF-8 bytes of the canonical JSON (`fivefold.canonical`) of the document
`digest_document` builds from an assessment record. docs/digest.md spells the recipe out so
another program can recompute it. Standard library only: the gate recomputes it from a file.

Everything a reviewer approves and the rules judge is in it: the assessment's identity, title,
system, number of approvals needed and whether open comments block sign-off, the bank (whose
content hash covers every question's `required` and `when`), the team's goals, every answer row,
the blocker acceptances, the artifacts, every comment thread with its state and the owners and
due dates of open items. Times, local database ids and sign-offs are not.

A record of the previous schema (`fivefold-assessment/2`, before comments and owners) is hashed
with the recipe of its time, `fivefold-digest/2`, so an export signed before them still passes
the gate; docs/digest.md has both recipes.
"""

from __future__ import annotations

from typing import Any

from fivefold.canonical import canonical_json, sha256_hex

DIGEST_FORMAT = "fivefold-digest/3"
OLDER_DIGEST_FORMATS = ("fivefold-digest/2", "fivefold-digest/1")
RECORD_SCHEMA = "fivefold-assessment/3"
"""The schema of the assessment record, the JSON export (review/record.py, docs/json-export.md)."""
PREVIOUS_RECORD_SCHEMA = "fivefold-assessment/2"
"""Still judged, by the digest of its time: it has no comments, owners or open-comments setting."""


def digest_format(record: dict[str, Any]) -> str:
    """The digest recipe a record is hashed with: the one of its schema."""
    return "fivefold-digest/2" if record.get("schema") == PREVIOUS_RECORD_SCHEMA else DIGEST_FORMAT


def digest_document(record: dict[str, Any]) -> dict[str, Any]:
    """The document that is hashed, from an assessment record (an export, or one built from the database)."""
    document = _document_2(record)
    if digest_format(record) == DIGEST_FORMAT:
        document["format"] = DIGEST_FORMAT
        document["assessment"]["open_comments_block"] = record["assessment"]["open_comments_block"]
        document["comments"] = sorted(
            (
                {
                    "id": thread["id"],
                    "question_id": thread["question_id"],
                    "author": thread["author"],
                    "text": thread["text"],
                    "state": thread["state"],
                    "resolved_by": thread["resolved_by"],
                    "replies": sorted(
                        (
                            {"id": r["id"], "reply_to": r["reply_to"], "author": r["author"], "text": r["text"]}
                            for r in thread["replies"]
                        ),
                        key=lambda reply: reply["id"],
                    ),
                }
                for thread in record["comments"]
            ),
            key=lambda thread: thread["id"],
        )
        document["action_items"] = sorted(
            ({"question_id": a["question_id"], "owner": a["owner"], "due": a["due"]} for a in record["action_items"]),
            key=lambda item: item["question_id"],
        )
    return document


def _document_2(record: dict[str, Any]) -> dict[str, Any]:
    """`fivefold-digest/2`: everything but comments, owners and the open-comments setting."""
    assessment = record["assessment"]
    return {
        "format": "fivefold-digest/2",
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
