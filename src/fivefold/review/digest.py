"""The digest of an assessment's content: what a sign-off is bound to.

SHA-256 over the UTF-8 bytes of a canonical JSON document (keys sorted, no spaces,
non-ASCII kept as is), documented in docs/digest.md so another program can recompute it:

    {"format": "fivefold-digest/1",
     "bank": {"id", "version", "hash"},
     "system": {"name", "version"},
     "goals": [{"phase", "lens", "x", "y"}, ...]            sorted by phase, lens
     "answers": [{"question_id", "status", "rationale", "evidence", "value"}, ...]   sorted by question_id}

Every answer row counts: drafts (status null), carried-over drafts and answers to questions
a newer bank retired included.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fivefold.store.audit import canonical_json

DIGEST_FORMAT = "fivefold-digest/1"


def digest_document(
    *,
    bank: dict[str, str],
    system: dict[str, str],
    goals: list[dict[str, str]],
    answers: list[dict[str, Any]],
) -> dict[str, Any]:
    """The document that is hashed, from plain data (the exporter and the verifier both build it)."""
    return {
        "format": DIGEST_FORMAT,
        "bank": {"id": bank["id"], "version": bank["version"], "hash": bank["hash"]},
        "system": {"name": system["name"], "version": system["version"]},
        "goals": sorted(
            ({"phase": g["phase"], "lens": g["lens"], "x": g["x"], "y": g["y"]} for g in goals),
            key=lambda goal: (goal["phase"], goal["lens"]),
        ),
        "answers": sorted(
            (
                {
                    "question_id": a["question_id"],
                    "status": a["status"],
                    "rationale": a["rationale"],
                    "evidence": list(a["evidence"]),
                    "value": a.get("value"),
                }
                for a in answers
            ),
            key=lambda answer: answer["question_id"],
        ),
    }


def digest_of(document: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()
