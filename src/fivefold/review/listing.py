"""Every assessment with its progress, from one grouped query: what the home screen and `fivefold list` show.

The cost grows with the assessments listed, not with what is stored: no answer becomes a Python
object, and no bank is hashed. The query hands back, per assessment, each answer as one character
that encodes the facts `counts_as_answered` reads of it (its status, whether it is a carried-over
draft, whether it has a value, whether its rationale is blank) followed by its question id, plus the
status and value of the answers a `when` condition reads. Which characters count for which kind of
question is found by asking `counts_as_answered` itself about every combination of facts, and
conditions are judged by `answered.shows`, so both rules still live in one place. The result is
exactly `assessment_progress` on the bank the assessment opens with (tests/test_listing.py compares
them on mixed banks, cycles, carried-over drafts, retired questions and a bank version that is gone).

Standard library only: on a current SQLite file `fivefold list` runs this same SQL through `sqlite3`,
without SQLAlchemy or pydantic (benchmarks/list_json.py); the app runs it through the store.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from fivefold.errors import FivefoldError
from fivefold.review.answered import counts_as_answered
from fivefold.review.bank_facts import BankFacts, facts_of
from fivefold.vocabulary import STATUSES

if TYPE_CHECKING:
    from fivefold.banks import BankRegistry
    from fivefold.store import Store

LISTING_SCHEMA = "0005"
"""The schema revision whose tables the query reads. tests/test_listing.py keeps it equal to the store's
SCHEMA_HEAD: a new revision makes someone check this query before `fivefold list` reads a database of it
without the store."""

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character `str.strip()` removes (`str.isspace()`), so that SQL calls a rationale blank exactly when
Python does; spelled out because finding them takes 60 ms (a test checks the list)."""


class ListingRow(NamedTuple):
    """One assessment as the home screen and `fivefold list` show it."""

    id: int
    title: str
    system_name: str
    system_version: str
    bank_id: str
    bank_version: str
    cycle: int
    previous_id: int | None
    updated_at: datetime
    answered: int | None
    """Questions answered among those that apply; None when no version of the bank is installed."""
    total: int | None
    """Questions that apply (a `when` condition can skip some); None when no version of the bank is installed."""


Resolve = Callable[[str, str], "BankFacts | None"]
"""The facts of the bank an assessment with this bank id and version opens with, or None when none is installed."""

Run = Callable[[str, Mapping[str, Any]], Iterable[Sequence[Any]]]
"""Runs one SQL statement (named `:parameters`) and returns its rows."""


# An answer's facts as one number, which the query computes for each answer row:
# status position * 8 + carried over * 4 + has a value * 2 + blank rationale (0 to 47). It travels
# as one character, chr(48 + number), just before the question id.
_STATUSES: tuple[str | None, ...] = (None, *STATUSES, "?")
"""The statuses in the order the query numbers them; "?" stands for any status this Fivefold does not know."""
_FACTS = tuple(itertools.product(_STATUSES, (False, True), (False, True), (False, True)))
"""Every combination of facts, at the position of its number."""
_SEPARATOR = ","
"""Between answers in the query's text. No question id of a bank holds one (ids match `[a-z0-9][a-z0-9._-]*`),
so an answer whose id does is left out: it can count for no question."""


@cache
def counting_marks(kind: str) -> frozenset[str]:
    """The fact characters of the answers that count as answered for a question of `kind`, found by asking
    `counts_as_answered` about every combination of facts."""
    return frozenset(
        chr(48 + number)
        for number, (status, carried_over, has_value, blank) in enumerate(_FACTS)
        if counts_as_answered(
            kind=kind,
            status=status,
            value=True if has_value else None,
            carried_over=carried_over,
            rationale="" if blank else "rationale",
        )
    )


class _Dialect(NamedTuple):
    carried_over: str
    has_value: str
    blank: str
    """Whether the rationale is blank, as 0 or 1; `:whitespace` is `WHITESPACE`."""
    answers: str
    """An aggregate of `{mark}` (the fact character followed by the question id), joined by `_SEPARATOR`."""
    read: str
    """An aggregate of `[question_id, status, value]` as a JSON array."""
    char: str
    """The function that makes a character of a code point."""


_DIALECTS = {
    "sqlite": _Dialect(
        carried_over="(answer.carried_over <> 0)",
        # json_type() parses the value: only for one that is not plainly SQL NULL or JSON null (most are).
        has_value=(
            "(CASE WHEN answer.value IS NULL OR answer.value = 'null' THEN 0 "
            "WHEN json_type(answer.value) = 'null' THEN 0 ELSE 1 END)"
        ),
        # A rationale that starts with a printable ASCII character is never blank; only the others are
        # trimmed (trim() with a set of characters costs about as much again as reading the rows).
        blank=(
            "(CASE WHEN unicode(answer.rationale) BETWEEN 33 AND 126 THEN 0 "
            "ELSE trim(answer.rationale, :whitespace) = '' END)"
        ),
        answers=f"group_concat({{mark}}) FILTER (WHERE instr(answer.question_id, '{_SEPARATOR}') = 0)",
        read="json_group_array(json_array(answer.question_id, answer.status, json(answer.value)))",
        char="char",
    ),
    "postgresql": _Dialect(
        carried_over="CAST(answer.carried_over AS INTEGER)",
        has_value="CAST(answer.value IS NOT NULL AND json_typeof(answer.value) <> 'null' AS INTEGER)",
        blank="CAST(btrim(answer.rationale, :whitespace) = '' AS INTEGER)",
        answers=f"string_agg({{mark}}, '{_SEPARATOR}') FILTER (WHERE strpos(answer.question_id, '{_SEPARATOR}') = 0)",
        read="json_agg(json_build_array(answer.question_id, answer.status, answer.value))",
        char="chr",
    ),
}

_BANK_VERSIONS = "SELECT DISTINCT bank_id, bank_version FROM assessment"

_LISTING = """
SELECT assessment.id, assessment.title, assessment.system_name, assessment.system_version,
       assessment.bank_id, assessment.bank_version, assessment.cycle, assessment.previous_id,
       assessment.updated_at, {answers} AS answers, {read} AS read
FROM assessment LEFT JOIN answer ON answer.assessment_id = assessment.id
{where}GROUP BY assessment.id
ORDER BY assessment.updated_at DESC, assessment.id DESC
"""


def _query(
    dialect: _Dialect, read: Sequence[str], only: int | None = None, newest: int | None = None
) -> tuple[str, dict[str, Any]]:
    """The listing SQL: per assessment (only the one with id `only`, or the `newest` most recently updated), every
    answer as its fact character and question id, and the status and value of the answers to the questions in
    `read`."""
    status_number = " ".join(
        ["CASE WHEN answer.status IS NULL THEN 0"]
        + [f"WHEN answer.status = '{status}' THEN {n}" for n, status in enumerate(_STATUSES) if status in STATUSES]
        + [f"ELSE {len(_STATUSES) - 1} END"]
    )
    facts = f"({status_number}) * 8 + {dialect.carried_over} * 4 + {dialect.has_value} * 2 + {dialect.blank}"
    mark = f"{dialect.char}(48 + {facts}) || answer.question_id"
    params: dict[str, Any] = {"whitespace": WHITESPACE}
    read_column = "NULL"
    if read:
        names = [f"read_{index}" for index in range(len(read))]
        params.update(zip(names, read, strict=True))
        placeholders = ", ".join(f":{name}" for name in names)
        read_column = f"{dialect.read} FILTER (WHERE answer.question_id IN ({placeholders}))"
    where = ""
    if only is not None:
        where, params["only"] = "WHERE assessment.id = :only\n", only
    elif newest is not None:
        where = "WHERE assessment.id IN (SELECT id FROM assessment ORDER BY updated_at DESC, id DESC LIMIT :newest)\n"
        params["newest"] = newest
    sql = _LISTING.format(answers=dialect.answers.format(mark=mark), read=read_column, where=where)
    return sql, params


def read_listing(
    run: Run, dialect_name: str, resolve: Resolve, *, only: int | None = None, newest: int | None = None
) -> list[ListingRow]:
    """Every assessment, newest first, with its progress on the bank it opens with. Or only the one with id
    `only`, for a screen that shows one row again after it changed; or the first `newest` rows, for a screen
    that shows those while it reads the rest (either costs what those assessments' answers cost).

    Run both statements in one transaction where the database gives one snapshot (SQLite); elsewhere an
    assessment created on another bank between them is caught and the listing asked again.
    """
    dialect = _DIALECTS.get(dialect_name)
    if dialect is None:
        raise FivefoldError(f"Fivefold cannot list assessments in a {dialect_name} database; use SQLite or PostgreSQL")
    banks: dict[tuple[str, str], _Counting | None] = {}
    if only is None:
        wanted = {(bank_id, version) for bank_id, version in run(_BANK_VERSIONS, {})}
    else:
        wanted = {(bank_id, version) for bank_id, version in run(_BANK_VERSIONS + " WHERE id = :only", {"only": only})}
    while True:
        for bank_id, version in wanted - banks.keys():
            facts = resolve(bank_id, version)
            banks[bank_id, version] = _Counting(facts) if facts is not None else None
        read = sorted(set().union(*(counting.facts.targets for counting in banks.values() if counting)))
        sql, params = _query(dialect, read, only, newest)
        records = [tuple(record) for record in run(sql, params)]
        wanted = {(record[4], record[5]) for record in records}
        if wanted <= banks.keys():
            break
    return [_row(record, banks[record[4], record[5]]) for record in records]


class _Counting:
    """A bank's questions grouped by the fact characters that count for them (kinds that agree share a group)."""

    __slots__ = ("facts", "groups")

    def __init__(self, facts: BankFacts) -> None:
        self.facts = facts
        groups: dict[frozenset[str], set[str]] = {}
        for kind, ids in facts.ids_by_kind.items():
            groups.setdefault(counting_marks(kind), set()).update(ids)
        self.groups = [(marks, frozenset(ids)) for marks, ids in groups.items()]

    def progress(self, answers: str | None, read: Any) -> tuple[int, int]:
        """(answered, total) from the answers' fact characters and ids, and the answers conditions read."""
        facts = self.facts
        skipped: set[str] = set()
        if facts.conditions:
            read_answers = {
                question_id: {"status": status, "value": value} for question_id, status, value in _array(read)
            }
            skipped = facts.skipped(read_answers)
        answered = 0
        if answers:
            marked = answers.split(_SEPARATOR)
            for marks, ids in self.groups:
                hits = ids.intersection([answer[1:] for answer in marked if answer[:1] in marks])
                answered += len(hits - skipped) if skipped else len(hits)
        return answered, len(facts.ids) - len(skipped)


def _row(record: Sequence[Any], counting: _Counting | None) -> ListingRow:
    assessment_id, title, system_name, system_version, bank_id, bank_version, cycle, previous_id, updated_at = record[
        :9
    ]
    answered, total = counting.progress(record[9], record[10]) if counting is not None else (None, None)
    return ListingRow(
        assessment_id,
        title,
        system_name,
        system_version,
        bank_id,
        bank_version,
        cycle,
        previous_id,
        _datetime(updated_at),
        answered,
        total,
    )


def _array(value: Any) -> list[Any]:
    """A JSON array as SQLite returns it (text) or PostgreSQL does (a list); an aggregate over no rows is NULL."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def _datetime(value: Any) -> datetime:
    """A stored time as SQLAlchemy reads it: SQLite keeps `YYYY-MM-DD HH:MM:SS.ffffff` text, naive UTC."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# The two ways in -----------------------------------------------------------------------------------


def listing_rows(
    store: Store, registry: BankRegistry, *, only: int | None = None, newest: int | None = None
) -> list[ListingRow]:
    """Every assessment, newest first, with its progress: the rows of the home screen, through the store.
    With `only`, the row of that one assessment (none when it is gone); with `newest`, the first that many."""
    from sqlalchemy import text

    from fivefold.review.snapshot import installed_bank

    def resolve(bank_id: str, version: str) -> BankFacts | None:
        bank = installed_bank(registry, bank_id, version)
        return facts_of(bank) if bank is not None else None

    with store.engine.connect() as connection:
        return read_listing(
            lambda sql, params: connection.execute(text(sql), params).all(),
            connection.dialect.name,
            resolve,
            only=only,
            newest=newest,
        )


def read_sqlite_listing(
    path: Path, resolve: Resolve, *, only: int | None = None, newest: int | None = None
) -> list[ListingRow]:
    """The same rows straight from a SQLite file at `LISTING_SCHEMA`, through `sqlite3` (the file must exist);
    `only` and `newest` as for `read_listing`."""
    from fivefold.store.sqlite_files import connect_read_only

    try:
        # Read-only: a listing never writes, so a read-only file or folder lists as any other, and
        # no -wal or -shm is left beside a file nobody else has open.
        connection = connect_read_only(path)
    except sqlite3.Error as error:
        raise FivefoldError(f"cannot open the database {path} ({error}); check the path and its permissions") from error
    try:
        connection.execute("BEGIN")  # both statements read one snapshot
        return read_listing(
            lambda sql, params: connection.execute(sql, params), "sqlite", resolve, only=only, newest=newest
        )
    except sqlite3.Error as error:
        raise FivefoldError(f"cannot read the assessments in {path} ({error})") from error
    finally:
        connection.close()
