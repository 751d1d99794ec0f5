"""Every assessment with its progress, from one grouped query: what the home screen and `fivefold list` show.

The cost grows with the assessments listed, not with the answers stored: no answer becomes a Python
object. The query sums each assessment's answers up by the facts `counts_as_answered` reads of an
answer (its status, whether it is a carried-over draft, whether it has a value, whether its rationale
is blank), and returns, for each kind of question, the ids of the answers that count, plus the status
and value of the answers a `when` condition reads. Which combinations of those facts count is found
by asking `counts_as_answered` itself about each one, and conditions are judged by `answered.shows`,
so both rules still live in one place. The result is exactly `assessment_progress` on the bank the
assessment opens with (tests/test_listing.py compares them on mixed banks, cycles, carried-over
drafts, retired questions and a bank version that is gone).

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

LISTING_SCHEMA = "0004"
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
# status position * 8 + carried over * 4 + has a value * 2 + blank rationale.
_STATUSES: tuple[str | None, ...] = (None, *STATUSES, "?")
"""The statuses in the order the query numbers them; "?" stands for any status this Fivefold does not know."""
_FACTS = tuple(itertools.product(_STATUSES, (False, True), (False, True), (False, True)))
"""Every combination of facts, at the position of its number."""


@cache
def counting_facts(kind: str) -> tuple[int, ...]:
    """The fact numbers of the answers that count as answered for a question of `kind`, found by asking the rule."""
    return tuple(
        number
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
    ids: str
    """An aggregate of question ids as a JSON array."""
    read: str
    """An aggregate of `[question_id, status, value]` as a JSON array."""


_DIALECTS = {
    "sqlite": _Dialect(
        carried_over="(carried_over <> 0)",
        has_value="(value IS NOT NULL AND json_type(value) <> 'null')",
        # A rationale that starts with a printable ASCII character is never blank; only the others are
        # trimmed (trim() with a set of characters costs about as much again as reading the rows).
        blank="(CASE WHEN unicode(rationale) BETWEEN 33 AND 126 THEN 0 ELSE trim(rationale, :whitespace) = '' END)",
        ids="json_group_array(question_id)",
        read="json_group_array(json_array(question_id, status, json(value)))",
    ),
    "postgresql": _Dialect(
        carried_over="CAST(carried_over AS INTEGER)",
        has_value="CAST(value IS NOT NULL AND json_typeof(value) <> 'null' AS INTEGER)",
        blank="CAST(btrim(rationale, :whitespace) = '' AS INTEGER)",
        ids="json_agg(question_id)",
        read="json_agg(json_build_array(question_id, status, value))",
    ),
}

_BANK_VERSIONS = "SELECT DISTINCT bank_id, bank_version FROM assessment"

_LISTING = """
WITH counted AS (
    SELECT assessment_id, {aggregates}
    FROM (
        SELECT assessment_id, question_id, status, value,
               ({status_number}) * 8 + {carried_over} * 4 + {has_value} * 2 + {blank} AS facts
        FROM answer
    ) AS answer_facts
    GROUP BY assessment_id
)
SELECT assessment.id, assessment.title, assessment.system_name, assessment.system_version,
       assessment.bank_id, assessment.bank_version, assessment.cycle, assessment.previous_id,
       assessment.updated_at, {columns}
FROM assessment LEFT JOIN counted ON counted.assessment_id = assessment.id
ORDER BY assessment.updated_at DESC, assessment.id DESC
"""


def _query(dialect: _Dialect, fact_sets: Sequence[tuple[int, ...]], read: Sequence[str]) -> tuple[str, dict[str, Any]]:
    """The listing SQL: a `counted_N` column per set of counting fact numbers, and a `read` column with the
    answers to the questions in `read`."""
    status_number = " ".join(
        ["CASE WHEN status IS NULL THEN 0"]
        + [f"WHEN status = '{status}' THEN {number}" for number, status in enumerate(_STATUSES) if status in STATUSES]
        + [f"ELSE {len(_STATUSES) - 1} END"]
    )
    aggregates = [
        f"{dialect.ids} FILTER (WHERE facts IN ({', '.join(map(str, numbers))})) AS counted_{index}"
        if numbers
        else f"NULL AS counted_{index}"
        for index, numbers in enumerate(fact_sets)
    ]
    params: dict[str, Any] = {"whitespace": WHITESPACE}
    if read:
        names = [f"read_{index}" for index in range(len(read))]
        params.update(zip(names, read, strict=True))
        placeholders = ", ".join(f":{name}" for name in names)
        aggregates.append(f"{dialect.read} FILTER (WHERE question_id IN ({placeholders})) AS read")
    else:
        aggregates.append("NULL AS read")
    columns = [f"counted.counted_{index}" for index in range(len(fact_sets))] + ["counted.read"]
    sql = _LISTING.format(
        aggregates=", ".join(aggregates),
        status_number=status_number,
        carried_over=dialect.carried_over,
        has_value=dialect.has_value,
        blank=dialect.blank,
        columns=", ".join(columns),
    )
    return sql, params


def read_listing(run: Run, dialect_name: str, resolve: Resolve) -> list[ListingRow]:
    """Every assessment, newest first, with its progress on the bank it opens with.

    Run both statements in one transaction where the database gives one snapshot (SQLite); elsewhere an
    assessment created on another bank between them is caught and the listing asked again.
    """
    dialect = _DIALECTS.get(dialect_name)
    if dialect is None:
        raise FivefoldError(f"Fivefold cannot list assessments in a {dialect_name} database; use SQLite or PostgreSQL")
    banks: dict[tuple[str, str], BankFacts | None] = {}
    wanted = {(bank_id, version) for bank_id, version in run(_BANK_VERSIONS, {})}
    while True:
        for bank_id, version in wanted - banks.keys():
            banks[bank_id, version] = resolve(bank_id, version)
        installed = [facts for facts in banks.values() if facts is not None]
        fact_sets = sorted({counting_facts(kind) for facts in installed for kind in facts.ids_by_kind})
        column_of = {kind: fact_sets.index(counting_facts(kind)) for facts in installed for kind in facts.ids_by_kind}
        read = sorted(set().union(*(facts.targets for facts in installed)))
        sql, params = _query(dialect, fact_sets, read)
        records = [tuple(record) for record in run(sql, params)]
        wanted = {(record[4], record[5]) for record in records}
        if wanted <= banks.keys():
            break
    return [_row(record, banks[record[4], record[5]], column_of) for record in records]


def _row(record: Sequence[Any], facts: BankFacts | None, column_of: Mapping[str, int]) -> ListingRow:
    assessment_id, title, system_name, system_version, bank_id, bank_version, cycle, previous_id, updated_at = record[
        :9
    ]
    answered = total = None
    if facts is not None:
        answered, total = _progress(facts, record[9:-1], record[-1], column_of)
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


def _progress(facts: BankFacts, counted: Sequence[Any], read: Any, column_of: Mapping[str, int]) -> tuple[int, int]:
    """(answered, total) from the ids of the answers that count per kind and the answers conditions read."""
    skipped: set[str] = set()
    if facts.conditions:
        answers = {question_id: {"status": status, "value": value} for question_id, status, value in _array(read)}
        skipped = facts.skipped(answers)
    answered = 0
    for kind, ids in facts.ids_by_kind.items():
        hits = ids.intersection(_array(counted[column_of[kind]]))
        answered += len(hits - skipped) if skipped else len(hits)
    return answered, len(facts.ids) - len(skipped)


def _array(value: Any) -> list[Any]:
    """A JSON array as SQLite returns it (text) or PostgreSQL does (a list); an aggregate over no rows is NULL."""
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def _datetime(value: Any) -> datetime:
    """A stored time as SQLAlchemy reads it: SQLite keeps `YYYY-MM-DD HH:MM:SS.ffffff` text, naive UTC."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# The two ways in -----------------------------------------------------------------------------------


def listing_rows(store: Store, registry: BankRegistry) -> list[ListingRow]:
    """Every assessment, newest first, with its progress: the rows of the home screen, through the store."""
    from sqlalchemy import text

    from fivefold.review.snapshot import installed_bank

    def resolve(bank_id: str, version: str) -> BankFacts | None:
        bank = installed_bank(registry, bank_id, version)
        return facts_of(bank) if bank is not None else None

    with store.engine.connect() as connection:
        return read_listing(
            lambda sql, params: connection.execute(text(sql), params).all(), connection.dialect.name, resolve
        )


def read_sqlite_listing(path: Path, resolve: Resolve) -> list[ListingRow]:
    """The same rows straight from a SQLite file at `LISTING_SCHEMA`, through `sqlite3` (the file must exist)."""
    try:
        # mode=rw never creates a file; the last connection to close removes the -wal and -shm files.
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error as error:
        raise FivefoldError(f"cannot open the database {path} ({error}); check the path and its permissions") from error
    try:
        connection.execute("BEGIN")  # both statements read one snapshot
        return read_listing(lambda sql, params: connection.execute(sql, params), "sqlite", resolve)
    except sqlite3.Error as error:
        raise FivefoldError(f"cannot read the assessments in {path} ({error})") from error
    finally:
        connection.close()
