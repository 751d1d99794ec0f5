"""What every command needs, built lazily from the global options."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fivefold.locations import db_url
from fivefold.visible import visible

if TYPE_CHECKING:
    from fivefold.banks import BankRegistry
    from fivefold.store import Store


class Context:
    """The banks and the store are imported on first use: pydantic and SQLAlchemy take about
    400 ms to import, which `fivefold` (the app opens the store in a worker) must not pay before
    its first frame. A plain class: `dataclasses` would import `inspect`, a third of what
    `fivefold gate FILE` spends importing."""

    def __init__(self, db: str | None = None, bank_dirs: list[Path] | None = None) -> None:
        self.db = db
        self.bank_dirs = bank_dirs or []
        self._store: Store | None = None
        self._registry: BankRegistry | None = None
        self.bank_problems: list[str] = []
        """Bad bank files a command found without the registry (`fivefold list` reads cached bank facts)."""

    @property
    def db_url(self) -> str:
        return db_url(self.db)

    @property
    def registry(self) -> BankRegistry:
        if self._registry is None:
            from fivefold.banks import BankRegistry

            self._registry = BankRegistry.default(self.bank_dirs)
        return self._registry

    @property
    def store(self) -> Store:
        if self._store is None:
            from fivefold.cli.progress import ProgressLine
            from fivefold.store import Store
            from fivefold.store.engine import sqlite_path, where
            from fivefold.store.schema import upgrade_span

            url = self.db_url
            path = sqlite_path(url)
            was_empty = path is not None and path.is_file() and path.stat().st_size == 0
            with ProgressLine(f"upgrading {path.name if path is not None else where(url)}") as line:
                # An upgrade of 10,000 assessments takes seconds: said on a terminal while it runs.
                self._store = Store.open(url, upgrading=lambda revision: line.say(f"{upgrade_span(revision)}…"))
            if was_empty:
                # Said once: from now on the file is a database, no longer empty.
                print(
                    f"fivefold: {visible(str(path))} was an empty file; it is now a new Fivefold database",
                    file=sys.stderr,
                )
        return self._store

    def skipped_banks(self) -> list[str]:
        """Why each bank file that failed to load was skipped (only when a command read the banks)."""
        found = [str(problem) for problem in self._registry.problems] if self._registry is not None else []
        return found + [problem for problem in self.bank_problems if problem not in found]

    def close(self, *, clean: bool = False) -> None:
        """Close the store. After a command that ran to the end, the SQLite file's state is
        remembered as sound, so the next command need not check it again (fivefold.store.integrity)."""
        if self._store is None:
            return
        self._store.close()
        if clean:
            from fivefold.store.engine import sqlite_path
            from fivefold.store.integrity import remember_sound

            path = sqlite_path(self.db_url)
            if path is not None and path.is_file():
                remember_sound(path)
