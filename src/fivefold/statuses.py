"""What each answer status means, in words: one wording for every front end.

Standard library only, so the TUI can import it before the store is open.
"""

STATUS_MEANINGS: dict[str, str] = {
    "addressed": "Addressed: the question is answered and handled",
    "concern": "Concern: answered, with an open worry",
    "blocker": "Blocker: must be resolved before deploying",
    "not-applicable": "Not applicable: say why in the rationale",
}
