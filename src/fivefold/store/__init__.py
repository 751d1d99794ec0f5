"""The store: SQLModel tables in SQLite (or PostgreSQL), changed only through Alembic."""

from fivefold.store.database import Store
from fivefold.store.errors import AnswerConflict, StoreError
from fivefold.store.models import Answer, AnswerStatus, Assessment, LensGoal

__all__ = ["Answer", "AnswerConflict", "AnswerStatus", "Assessment", "LensGoal", "Store", "StoreError"]
