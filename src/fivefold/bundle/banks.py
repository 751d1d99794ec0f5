"""The bank files a bundle carries: taken from where they are installed, checked, and installed elsewhere.

A bundle carries the TOML text of every bank its cycles use that was installed where it was
exported, so that a reviewer without that bank can open what they imported. Nothing carried is
installed unless asked (`fivefold bundle import --install-banks`): a bank installed silently would
change what new assessments ask. Asked, every bank is checked as a bank file is, and against what
the bundle declares, before anything is written, and written under a name made of its id and
hash (its version is free text), never over an existing file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from fivefold.banks import BankError, BankProblem, BankRegistry, bank_from_text
from fivefold.banks.files import UnreadableFile, read_regular_file
from fivefold.bundle.format import Bundle, BundleBankFile
from fivefold.errors import FivefoldError

Here = Literal["installed", "other content", "missing"]
"""Whether the bank a bundle carries is installed here as it is, with other content, or not at all."""


def carry_banks(used: Iterable[tuple[str, str]], registry: BankRegistry) -> list[BundleBankFile]:
    """The file of every bank (id, version) in `used` that is installed, as the registry loaded it."""
    carried = []
    for bank_id, version in sorted(set(used)):
        path = registry.origin(bank_id, version)
        if path is None:
            continue
        installed = registry.get(bank_id, version).content_hash()
        try:
            text = read_regular_file(path).decode("utf-8")
            same = bank_from_text(text, path).content_hash() == installed
        except (UnreadableFile, UnicodeDecodeError, BankError):
            same = False
        if not same:
            raise FivefoldError(f"the bank file {path} changed while the bundle was being written; export it again")
        carried.append(BundleBankFile(id=bank_id, version=version, hash=installed, toml=text))
    return carried


def banks_here(bundle: Bundle, registry: BankRegistry) -> list[tuple[BundleBankFile, Here]]:
    """Each bank the bundle carries, and whether it is installed here."""
    found: list[tuple[BundleBankFile, Here]] = []
    for carried in bundle.banks:
        try:
            installed = registry.get(carried.id, carried.version)
        except FivefoldError:
            found.append((carried, "missing"))
            continue
        found.append((carried, "installed" if installed.content_hash() == carried.hash else "other content"))
    return found


def file_name(carried: BundleBankFile) -> str:
    """The name a carried bank is installed under: its id (which matches ID_PATTERN: no "/", no leading
    ".") and the start of its hash, never its version, which is free text."""
    return f"{carried.id[:100]}-{carried.hash[:16]}.toml"


def check_carried(carried: BundleBankFile, folder: Path) -> None:
    """Raise FivefoldError saying what is wrong if the carried bank cannot be installed into `folder`
    exactly as it declares itself; reads nothing but the text and whether the target exists."""
    name = f"the bank '{carried.id}' version {carried.version} it carries"
    try:
        bank = bank_from_text(carried.toml, Path(file_name(carried)))
    except BankError as error:
        more = f" (and {len(error.problems) - 1} more problem(s))" if len(error.problems) > 1 else ""
        raise FivefoldError(f"{name} is not a valid bank: {_problem(error.problems[0])}{more}") from None
    if bank.id != carried.id:
        raise FivefoldError(f"{name} is not what it declares: its file defines the bank '{bank.id}'")
    if bank.version != carried.version:
        raise FivefoldError(f"{name} is not what it declares: its file defines version {bank.version}")
    if bank.content_hash() != carried.hash:
        raise FivefoldError(
            f"{name} is not what it declares: its content hash is {bank.content_hash()[:12]}…, not {carried.hash[:12]}…"
        )
    existing = next(path for path in (folder, *folder.parents) if path.exists() or path == path.parent)
    if not existing.is_dir():  # the folder, or the one it would be created in
        raise FivefoldError(f"{name} cannot be installed in {folder}: {existing} is not a folder")
    target = folder / file_name(carried)
    if target.exists() or target.is_symlink():
        raise FivefoldError(f"{name} cannot be installed: {target} already exists; move that file away")


def install_carried(carried: BundleBankFile, folder: Path) -> Path:
    """Write the carried bank into `folder` (created if needed) atomically, never over a file; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / file_name(carried)
    temp = folder / f".{target.name}.{os.getpid()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(temp, flags, 0o666)
    try:
        with open(descriptor, "wb") as out:
            out.write(carried.toml.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.link(temp, target)  # unlike a rename, fails if the target exists
    finally:
        temp.unlink(missing_ok=True)
    return target


def _problem(problem: BankProblem) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    return f"{where}{problem.place + ': ' if problem.place else ''}{problem.message}"
