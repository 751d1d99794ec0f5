"""The store: SQLModel tables in SQLite (or PostgreSQL), changed only through Alembic.

The names below load on first use (PEP 562), as in `fivefold.review`: a command that needs one
module of the store (`fivefold db path` needs `store.engine` alone) must not pay for SQLModel and
pydantic (about 25 MiB and 150 ms) through this package's own import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fivefold.lazy import lazy_attributes

if TYPE_CHECKING:
    from fivefold.store.database import Store
    from fivefold.store.errors import AnswerConflict, StoreError
    from fivefold.store.models import Answer, AnswerStatus, Assessment, LensGoal

_HOMES = {
    "Store": "database",
    "AnswerConflict": "errors",
    "StoreError": "errors",
    "Answer": "models",
    "AnswerStatus": "models",
    "Assessment": "models",
    "LensGoal": "models",
}


__getattr__ = lazy_attributes(__name__, _HOMES)


__all__ = ["Answer", "AnswerConflict", "AnswerStatus", "Assessment", "LensGoal", "Store", "StoreError"]
