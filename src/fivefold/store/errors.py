"""Errors raised by the store."""

from fivefold.errors import FivefoldError


class StoreError(FivefoldError):
    """The database cannot be used as asked; the text says which and what to do."""


class AnswerConflict(StoreError):
    """The answer was changed elsewhere (another window) since this one read it."""
