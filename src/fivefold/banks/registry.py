"""Find banks: the bundled ones, the user's bank folder and any `--bank-dir`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from fivefold.banks.loader import BankError, BankProblem, load_bank
from fivefold.banks.models import Bank
from fivefold.errors import FivefoldError
from fivefold.locations import bank_dirs, bundled_bank_dir
from fivefold.visible import visible

__all__ = ["BankRegistry", "bundled_bank_dir", "version_key"]


class BankRegistry:
    """The banks found in a list of folders, loaded once on first use.

    A broken file does not hide the good ones: it is kept in `problems` and the banks it would
    have defined are simply absent. Folders are read in order (the bundled banks first), and
    the first file to define a bank id and version keeps it: a later file with the same id and
    version but other content is skipped and reported, so a `--bank-dir` can never silently
    change what a bundled bank asks.
    """

    def __init__(self, dirs: Iterable[Path]) -> None:
        self.dirs = list(dirs)
        self._banks: dict[str, list[Bank]] | None = None
        self._origins: dict[tuple[str, str], Path] = {}
        self.problems: list[BankProblem] = []

    @classmethod
    def default(cls, extra_dirs: Iterable[Path] = ()) -> BankRegistry:
        return cls(bank_dirs(extra_dirs))

    def _load(self) -> dict[str, list[Bank]]:
        if self._banks is None:
            banks: dict[str, list[Bank]] = {}
            for folder in self.dirs:
                for path in sorted(folder.glob("*.toml")) if folder.is_dir() else ():
                    try:
                        bank = load_bank(path)
                    except BankError as error:
                        self.problems.extend(error.problems)
                        continue
                    if self._is_new(bank, path, banks):
                        banks.setdefault(bank.id, []).append(bank)
            for versions in banks.values():
                versions.sort(key=lambda bank: version_key(bank.version))
            self._banks = banks
        return self._banks

    def _is_new(self, bank: Bank, path: Path, banks: dict[str, list[Bank]]) -> bool:
        """Whether `bank` adds a version; an identical copy is quietly the same bank."""
        first = next((known for known in banks.get(bank.id, []) if known.version == bank.version), None)
        if first is None:
            self._origins[(bank.id, bank.version)] = path
            return True
        if first.content_hash() != bank.content_hash():
            origin = self._origins[(bank.id, bank.version)]
            message = (
                f"defines bank '{bank.id}' version {bank.version}, which {origin} already defines "
                "with other content; this file is skipped (give it a new version or id to use it)"
            )
            self.problems.append(BankProblem(path, "", message))
        return False

    def banks(self) -> list[Bank]:
        """The newest version of every bank, by id."""
        return [versions[-1] for _, versions in sorted(self._load().items())]

    def get(self, bank_id: str, version: str | None = None) -> Bank:
        versions = self._load().get(bank_id, [])
        matching = [bank for bank in versions if version is None or bank.version == version]
        if not matching:
            known = ", ".join(sorted(self._load())) or "none"
            wanted = visible(f"'{bank_id}'" + (f" version {version}" if version else ""), keep_newlines=False)
            raise FivefoldError(f"no question bank {wanted} is installed (known banks: {known})")
        return matching[-1]

    def origin(self, bank_id: str, version: str) -> Path | None:
        """The file that defines the bank `bank_id` version `version` here, or None if none does."""
        self._load()
        return self._origins.get((bank_id, version))


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order versions as people read them: 1.10.0 after 1.9.2, numbers before words at each place."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[.+-]", version))
