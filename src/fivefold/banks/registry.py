"""Find banks: the bundled ones, the user's bank folder and any `--bank-dir`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from fivefold.banks.loader import BankError, BankProblem, load_bank
from fivefold.banks.models import Bank
from fivefold.errors import FivefoldError
from fivefold.locations import bank_dirs, bundled_bank_dir

__all__ = ["BankRegistry", "bundled_bank_dir"]


class BankRegistry:
    """The banks found in a list of folders, loaded once on first use.

    A broken file does not hide the good ones: it is kept in `problems` and the
    banks it would have defined are simply absent.
    """

    def __init__(self, dirs: Iterable[Path]) -> None:
        self.dirs = list(dirs)
        self._banks: dict[str, list[Bank]] | None = None
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
                    banks.setdefault(bank.id, []).append(bank)
            self._banks = banks
        return self._banks

    def banks(self) -> list[Bank]:
        """The newest version of every bank, by id."""
        return [versions[-1] for _, versions in sorted(self._load().items())]

    def get(self, bank_id: str, version: str | None = None) -> Bank:
        versions = self._load().get(bank_id, [])
        matching = [bank for bank in versions if version is None or bank.version == version]
        if not matching:
            known = ", ".join(sorted(self._load())) or "none"
            wanted = f"'{bank_id}'" + (f" version {version}" if version else "")
            raise FivefoldError(f"no question bank {wanted} is installed (known banks: {known})")
        return matching[-1]
