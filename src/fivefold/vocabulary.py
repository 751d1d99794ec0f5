"""The words Fivefold's rules are spelled in: answer statuses, sign-off decisions and exit codes.

Standard library only, so that every layer derives from it without importing another: the
store's check constraints, the bank conditions, the CLI's choices, the TUI's dialogs and the
exports all read these tuples instead of spelling the words again.
"""

from __future__ import annotations

STATUSES: tuple[str, ...] = ("addressed", "concern", "blocker", "not-applicable")
"""An answer's status; no status (None) is a draft, and no answer row at all is unanswered."""

STATUS_MEANINGS: dict[str, str] = {
    "addressed": "Addressed: the question is answered and handled",
    "concern": "Concern: answered, with an open worry",
    "blocker": "Blocker: must be resolved before deploying",
    "not-applicable": "Not applicable: say why in the rationale",
}

OPEN_ITEM_STATUSES: tuple[str, ...] = ("concern", "blocker")
"""The statuses that make an answer an open item, which gets an owner and a due date (an action item)."""

COMMENT_STATES: tuple[str, ...] = ("open", "resolved")
"""A comment thread's state: open until its first comment is resolved."""

DECISIONS: tuple[str, ...] = ("approve", "approve-with-conditions", "reject")
"""A reviewer's sign-off decision."""

APPROVING: tuple[str, ...] = ("approve", "approve-with-conditions")
"""The decisions that count towards the approvals an assessment needs."""

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
"""`gate` or `verify` judged the assessment and it failed."""
EXIT_BAD_INPUT = 2
"""Bad input or usage: one sentence on stderr names what is at fault."""
EXIT_INTERRUPTED = 130


def sql_in(column: str, words: tuple[str, ...], *, nullable: bool = False) -> str:
    """A CHECK constraint's SQL allowing only `words` in `column` (and NULL when `nullable`)."""
    listed = ", ".join(f"'{word}'" for word in words)
    check = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {check}" if nullable else check
