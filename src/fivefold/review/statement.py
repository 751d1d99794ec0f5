"""The signed statement: every fact the gate judges about one sign-off, in the text a reviewer's key signs.

A statement is canonical JSON (`fivefold.canonical`), documented in docs/digest.md:

    {"format": "fivefold-signoff/2",
     "assessment": {"uuid", "cycle", "previous_uuid"},   who and which cycle was reviewed
     "digest": "<content digest>",                        what was reviewed (review/digest.py)
     "decision", "reviewer", "role", "comment", "at",     the decision and who made it, when
     "principal": "<allowed_signers identity>" | null,    whose key signs it (null: unsigned)
     "audit_head": "<hash of the newest audit event>",    the history it was made on
     "previous_signoff": "<sha256 of the previous sign-off's statement>" | null}

A sign-off is identified by the SHA-256 of its statement, never by a database id, so it keeps its
identity in an export or another database. Standard library only: the gate reads it from a file.
"""

from __future__ import annotations

import json
from typing import Any

from fivefold.canonical import canonical_json, sha256_hex

STATEMENT_FORMAT = "fivefold-signoff/2"
OLDER_STATEMENT_FORMATS = ("fivefold-signoff/1",)
"""Statements made before the format above: kept and shown, "signed under an older format", never counted."""

FACTS = ("decision", "reviewer", "role", "comment", "at", "principal", "digest")
"""The facts a statement carries that an export also shows beside it, unsigned."""


def build_statement(
    *,
    identity: dict[str, Any],
    digest: str,
    decision: str,
    reviewer: str,
    role: str,
    comment: str,
    at: str,
    principal: str | None,
    audit_head: str,
    previous_signoff: str | None,
) -> str:
    """The exact text a reviewer signs."""
    return canonical_json(
        {
            "format": STATEMENT_FORMAT,
            "assessment": {
                "uuid": identity["uuid"],
                "cycle": identity["cycle"],
                "previous_uuid": identity["previous_uuid"],
            },
            "digest": digest,
            "decision": decision,
            "reviewer": reviewer,
            "role": role,
            "comment": comment,
            "at": at,
            "principal": principal,
            "audit_head": audit_head,
            "previous_signoff": previous_signoff,
        }
    )


def statement_id(statement: str) -> str:
    """A sign-off's identity: the SHA-256 of its statement text."""
    return sha256_hex(statement)


def parse_statement(statement: object) -> dict[str, Any] | None:
    """The statement's facts, or None when it is not a statement of any known format."""
    if not isinstance(statement, str):
        return None
    try:
        facts = json.loads(statement)
    except ValueError:
        return None
    if not isinstance(facts, dict):
        return None
    if facts.get("format") == STATEMENT_FORMAT and _well_formed(facts):
        return facts
    if facts.get("format") in OLDER_STATEMENT_FORMATS:
        return facts
    return None


def _well_formed(facts: dict[str, Any]) -> bool:
    """Every fact present with its type: a statement missing one is not a statement the gate can judge."""
    strings = ("digest", "decision", "reviewer", "role", "comment", "at", "audit_head")
    identity = facts.get("assessment")
    return (
        all(isinstance(facts.get(name), str) for name in strings)
        and isinstance(facts.get("principal"), str | None)
        and isinstance(facts.get("previous_signoff"), str | None)
        and isinstance(identity, dict)
        and isinstance(identity.get("uuid"), str)
        and type(identity.get("cycle")) is int
        and isinstance(identity.get("previous_uuid"), str | None)
    )
