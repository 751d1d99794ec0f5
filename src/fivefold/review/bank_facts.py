"""What progress reads of a bank, as plain data: each question's id and kind, and the conditions that skip some.

The listing (`review.listing`) and the incremental progress of an autosave work from these facts
rather than from the pydantic `Bank`. `facts_of` takes them from a loaded bank; `InstalledBanks`
knows them for every installed bank without loading one: the registry's choices are kept in the
user's cache folder under the SHA-256 of the bank files, so `fivefold list` pays neither for
pydantic (about 20 MiB and 150 ms before the first row) nor for parsing a large bank again.
Standard library only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from fivefold import __version__
from fivefold.banks.files import UnreadableFile, read_regular_file
from fivefold.errors import FivefoldError
from fivefold.review.answered import shows

if TYPE_CHECKING:
    from fivefold.banks import Bank

FACTS_FORMAT = 2
"""Bump it whenever what `facts_of` keeps changes: cached facts of another format are never read."""


class QuestionFacts(NamedTuple):
    id: str
    kind: str
    when: dict[str, Any] | None
    """The condition as `Condition.model_dump()` gives it: `question` and one of `equals`, `any_of`, `status`."""


class ConditionFacts(NamedTuple):
    """A question with a `when` condition, and whether the question it reads comes before it in the bank."""

    question_id: str
    when: dict[str, Any]
    reads_earlier: bool


class BankFacts:
    """One bank version's questions, in bank order, with what progress derives from them once."""

    __slots__ = ("conditions", "id", "ids", "ids_by_kind", "questions", "targets", "version")

    def __init__(self, bank_id: str, version: str, questions: Iterable[QuestionFacts]) -> None:
        self.id = bank_id
        self.version = version
        self.questions = tuple(questions)
        seen: set[str] = set()
        by_kind: dict[str, set[str]] = {}
        conditions = []
        for question in self.questions:
            by_kind.setdefault(question.kind, set()).add(question.id)
            if question.when is not None:
                conditions.append(ConditionFacts(question.id, question.when, question.when["question"] in seen))
            seen.add(question.id)
        self.ids = frozenset(seen)
        self.ids_by_kind = {kind: frozenset(ids) for kind, ids in by_kind.items()}
        self.conditions = tuple(conditions)
        """The questions with a condition, in bank order."""
        self.targets = frozenset(condition.when["question"] for condition in conditions)
        """The questions whose answer some condition reads."""

    def skipped(self, answers: Mapping[str, Mapping[str, Any]]) -> set[str]:
        """The questions a `when` condition skips, given the answers' facts (`status` and `value` are read).

        The same questions `answered.applicable_ids` leaves out, in time proportional to the number of
        conditions rather than of questions: a question without a condition is always asked.
        """
        skipped: set[str] = set()
        for condition in self.conditions:
            target = condition.when["question"]
            target_shown = condition.reads_earlier and target not in skipped
            if not shows(condition.when, target_shown=target_shown, target_answer=answers.get(target)):
                skipped.add(condition.question_id)
        return skipped

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "questions": [list(q) for q in self.questions]}

    @classmethod
    def from_json(cls, data: Any) -> BankFacts:
        """Facts from `to_json`'s data; ValueError for anything else (a cache file is never trusted blindly)."""
        if not (isinstance(data, dict) and isinstance(data.get("id"), str) and isinstance(data.get("version"), str)):
            raise ValueError("not bank facts")
        entries = data.get("questions")
        if not isinstance(entries, list):
            raise ValueError("no list of questions")
        questions = []
        for entry in entries:
            question_id, kind, when = entry
            if not (isinstance(question_id, str) and isinstance(kind, str)):
                raise ValueError("not question facts")
            if when is not None and not (isinstance(when, dict) and isinstance(when.get("question"), str)):
                raise ValueError("not a condition")
            questions.append(QuestionFacts(question_id, kind, when))
        return cls(data["id"], data["version"], questions)


def facts_of(bank: Bank) -> BankFacts:
    """The facts of a loaded bank."""
    return BankFacts(
        bank.id,
        bank.version,
        (
            QuestionFacts(
                place.question.id,
                place.question.kind,
                place.question.when.model_dump() if place.question.when else None,
            )
            for place in bank.questions()
        ),
    )


class InstalledBanks:
    """The banks in `dirs`, as facts, chosen for an assessment as `review.snapshot.installed_bank` chooses.

    The choices are the `BankRegistry`'s own (which files it loads, which copy of an id and version
    it keeps, which version is the newest), asked of it once and kept in `cache_dir` under the
    SHA-256 of every bank file's path and bytes: a bank file added, removed or changed is a new key.
    """

    def __init__(self, dirs: Sequence[Path], cache_dir: Path) -> None:
        key = _files_key(dirs)
        cached = cache_dir / f"{FACTS_FORMAT}-{__version__}-{key}.json" if key is not None else None
        data = _cached_data(cached) if cached is not None else None
        if data is None:
            data = _ask_the_registry(dirs)
            if cached is not None and _files_key(dirs) == key:  # the registry read these same files
                _write_quietly(cached, data)
        self._exact, self._newest = _choices(data)
        self.problems: list[str] = list(data["problems"])
        """Why each bank file the registry skipped was skipped, one sentence each (as `BankRegistry.problems`)."""

    def resolve(self, bank_id: str, version: str) -> BankFacts | None:
        """The bank an assessment opens with: its own version, else the newest of its id (None: no such bank)."""
        return self._exact.get((bank_id, version)) or self._newest.get(bank_id)


Choices = tuple[dict[tuple[str, str], BankFacts], dict[str, BankFacts]]
"""The registry's bank for each installed id and version, and its newest bank of each id."""


def _choices(data: dict[str, Any]) -> Choices:
    banks = [BankFacts.from_json(entry) for entry in data["banks"]]
    exact = {(banks[index].id, banks[index].version): banks[index] for index in data["exact"]}
    newest = {banks[index].id: banks[index] for index in data["newest"]}
    return exact, newest


def _cached_data(path: Path) -> dict[str, Any] | None:
    """The choices kept in `path`, or None when it is missing or not what it should be (never trusted blindly)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        _choices(data)
        if not all(isinstance(problem, str) for problem in data["problems"]):
            return None
    except (OSError, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _bank_files(dirs: Sequence[Path]) -> list[Path]:
    """The files `BankRegistry` reads: every `*.toml` of each folder in turn, in name order."""
    return [path for folder in dirs if folder.is_dir() for path in sorted(folder.glob("*.toml"))]


def _files_key(dirs: Sequence[Path]) -> str | None:
    """The SHA-256 of every bank file's path and bytes, in order (None when one cannot be read: do not cache)."""
    digest = hashlib.sha256(json.dumps([str(folder) for folder in dirs]).encode())
    for path in _bank_files(dirs):
        try:
            # As the registry reads a bank file: a FIFO named *.toml must not hang `fivefold list`,
            # nor a link to /dev/zero exhaust it.
            content = read_regular_file(path)
        except UnreadableFile:
            return None
        digest.update(f"\n{path}\n{hashlib.sha256(content).hexdigest()}".encode())
    return digest.hexdigest()


def _ask_the_registry(dirs: Sequence[Path]) -> dict[str, Any]:
    """Every bank version the registry chooses, as cacheable data (pydantic loads here, on a cache miss only).

    Every installed id and version is defined by some file, so asking the registry about each file's
    own id and version, and about the newest of each id, covers every answer `resolve` can give.
    """
    from fivefold.banks import BankError, BankRegistry, load_bank

    registry = BankRegistry(dirs)
    registry.banks()  # loads every file now, so that `registry.problems` names every one it skipped
    defined = set()
    for path in _bank_files(dirs):
        try:
            bank = load_bank(path)
        except BankError:
            continue
        defined.add((bank.id, bank.version))
    chosen: list[Bank] = []

    def index_of(bank: Bank) -> int:
        """Its place in `chosen` (the same bank is often both a version asked for and the newest)."""
        for index, known in enumerate(chosen):
            if known is bank:
                return index
        chosen.append(bank)
        return len(chosen) - 1

    exact, newest = [], []
    for bank_id, version in sorted(defined):
        with contextlib.suppress(FivefoldError):  # a file that changed since it was read above
            exact.append(index_of(registry.get(bank_id, version)))
    for bank_id in sorted({bank_id for bank_id, _ in defined}):
        with contextlib.suppress(FivefoldError):
            newest.append(index_of(registry.get(bank_id)))
    return {
        "banks": [facts_of(bank).to_json() for bank in chosen],
        "exact": exact,
        "newest": newest,
        "problems": [str(problem) for problem in registry.problems],
    }


def _write_quietly(path: Path, data: dict[str, Any]) -> None:
    """Write a cache file whole or not at all; a cache that cannot be written only costs speed."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
