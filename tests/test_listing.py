"""The fast listing (one grouped query, `review.listing`) against the full computation, assessment by assessment.

The full computation is `assessment_progress` on the bank `bank_for` opens the assessment with, over
every answer read through the ORM. Both are run on the same database: mixed banks and versions, a
bank version that is gone, a bank that is not installed, cycles with carried-over drafts, answers to
retired questions, values of every kind read by `when` conditions, and rationales that are blank
only in Unicode's sense of whitespace.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from mixed_database import BLANK, NOT_BLANK, mixed_database, new, save
from progress_banks import KINDS_QUESTIONS, kinds_bank, write_banks

from fivefold.banks import BankRegistry
from fivefold.cli.list_command import current_sqlite_file
from fivefold.errors import FivefoldError
from fivefold.locations import bank_dirs, bundled_bank_dir
from fivefold.review import assessment_progress
from fivefold.review.bank_facts import FACTS_FORMAT, InstalledBanks, facts_of
from fivefold.review.listing import LISTING_SCHEMA, WHITESPACE, listing_rows, read_sqlite_listing
from fivefold.review.snapshot import assessments_with_progress, bank_for, installed_bank
from fivefold.store import Assessment, Store
from fivefold.store.engine import sqlite_path
from fivefold.store.schema import SCHEMA_HEAD

# The test run must not write Hypothesis's example cache into the source tree.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="fivefold-hypothesis-"))

SERVER = os.environ.get("FIVEFOLD_TEST_POSTGRES")


def full_progress(store: Store, registry: BankRegistry, assessment: Assessment) -> tuple[int, int] | None:
    """The full computation: every answer read, progress computed over the whole bank."""
    try:
        bank, _ = bank_for(registry, assessment)
    except FivefoldError:
        return None
    assert assessment.id is not None
    progress = assessment_progress(bank, store.answers(assessment.id))
    return progress.answered, progress.total


def assert_listing_is_the_full_computation(store: Store, registry: BankRegistry, rows: list[Any]) -> None:
    assessments = store.assessments()
    assert [row.id for row in rows] == [
        a.id for a in sorted(assessments, key=lambda a: (a.updated_at, a.id), reverse=True)
    ]
    by_id = {assessment.id: assessment for assessment in assessments}
    computed = {a.id: (p.answered, p.total) if p else None for a, p in assessments_with_progress(store, registry)}
    for row in rows:
        assessment = by_id[row.id]
        expected = full_progress(store, registry, assessment)
        assert computed[row.id] == expected
        assert (None if row.total is None else (row.answered, row.total)) == expected, (
            f"assessment {row.id} ({assessment.bank_id} {assessment.bank_version})"
        )
        assert (row.title, row.system_name, row.system_version) == (
            assessment.title,
            assessment.system_name,
            assessment.system_version,
        )
        assert (row.bank_id, row.bank_version, row.cycle, row.previous_id) == (
            assessment.bank_id,
            assessment.bank_version,
            assessment.cycle,
            assessment.previous_id,
        )
        assert row.updated_at == assessment.updated_at


@pytest.fixture
def bank_folder(tmp_path: Path) -> Path:
    return write_banks(tmp_path / "banks")


@pytest.fixture
def registry(bank_folder: Path) -> BankRegistry:
    return BankRegistry.default([bank_folder])


def installed(bank_folder: Path, tmp_path: Path) -> InstalledBanks:
    return InstalledBanks(bank_dirs([bank_folder]), tmp_path / "cache")


def test_the_listing_is_the_full_computation(db_url: str, registry: BankRegistry, bank_folder: Path, tmp_path):
    store = Store.open(db_url)
    try:
        mixed_database(store, registry)
        through_store = listing_rows(store, registry)
        assert_listing_is_the_full_computation(store, registry, through_store)
        path = sqlite_path(db_url)
        assert path is not None
        resolve = installed(bank_folder, tmp_path).resolve
        through_sqlite3 = read_sqlite_listing(path, resolve)
        assert through_sqlite3 == through_store
        assert [row.total is None for row in through_store].count(True) == 1, "the 'nowhere' bank"
        # One row read again (the home screen after an assessment changed) is that row of the whole listing.
        for row in through_store:
            assert listing_rows(store, registry, only=row.id) == [row]
            assert read_sqlite_listing(path, resolve, only=row.id) == [row]
        assert listing_rows(store, registry, only=max(row.id for row in through_store) + 1) == []
        # The newest few (the home screen's first page) are the head of the whole listing.
        for count in (1, 3, len(through_store), len(through_store) + 5):
            assert listing_rows(store, registry, newest=count) == through_store[:count]
            assert read_sqlite_listing(path, resolve, newest=count) == through_store[:count]
    finally:
        store.close()


def test_list_json_prints_the_full_computation(db_url: str, registry: BankRegistry, bank_folder: Path, run_cli):
    store = Store.open(db_url)
    try:
        mixed_database(store, registry)
        expected = [
            {
                "id": a.id,
                "title": a.title,
                "system": a.system_name,
                "system_version": a.system_version,
                "bank": a.bank_id,
                "bank_version": a.bank_version,
                "answered": progress[0] if progress else None,
                "total": progress[1] if progress else None,
                "updated": a.updated_at.isoformat(timespec="seconds"),
            }
            for a in sorted(store.assessments(), key=lambda a: (a.updated_at, a.id), reverse=True)
            for progress in [full_progress(store, registry, a)]
        ]
    finally:
        store.close()
    code, out, err = run_cli("--db", db_url, "--bank-dir", bank_folder, "list", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == expected
    code, out, _ = run_cli("--db", db_url, "--bank-dir", bank_folder, "list")
    assert code == 0 and "bank?" in out


@pytest.mark.skipif(not SERVER, reason="no PostgreSQL server: .ci/run starts one (FIVEFOLD_TEST_POSTGRES)")
def test_the_listing_is_the_full_computation_on_postgresql(registry: BankRegistry) -> None:
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert SERVER is not None
    name = f"fivefold_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        store = Store.open(make_url(SERVER).set(database=name).render_as_string(hide_password=False))
        try:
            mixed_database(store, registry)
            rows = listing_rows(store, registry)
            assert_listing_is_the_full_computation(store, registry, rows)
            # One row again, and the first page, as the home screen reads them.
            assert [listing_rows(store, registry, only=row.id) for row in rows] == [[row] for row in rows]
            assert listing_rows(store, registry, newest=3) == rows[:3]
        finally:
            store.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


# Random answers ------------------------------------------------------------------------------------

ANSWER = st.tuples(
    st.sampled_from((*KINDS_QUESTIONS, "not-in-any-bank")),
    st.sampled_from([None, "addressed", "concern", "blocker", "not-applicable"]),
    st.sampled_from(BLANK + NOT_BLANK) | st.text(max_size=8),
    st.sampled_from([None, True, False, 1, 2, 3, 5, "high", "low", "Ana", ["encryption"], ["access logs"], []]),
)


def test_random_answers_list_as_the_full_computation(
    db_url: str, registry: BankRegistry, bank_folder: Path, tmp_path: Path
) -> None:
    store = Store.open(db_url)
    banks = installed(bank_folder, tmp_path)
    path = sqlite_path(db_url)
    assert path is not None

    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        version=st.sampled_from(["1.0.0", "2.0.0", "0.5.0"]),
        answers=st.lists(ANSWER, max_size=14),
        next_cycle=st.booleans(),
        confirmed=st.lists(ANSWER, max_size=4),
    )
    def check(version: str, answers: list[Any], next_cycle: bool, confirmed: list[Any]) -> None:
        assessment_id = new(store, "kinds", version)
        for question_id, status, rationale, value in answers:
            save(store, assessment_id, question_id, status, rationale, value)
        if next_cycle:
            assessment_id = store.start_cycle(store.assessment(assessment_id), bank_version="2.0.0", bank_hash="x").id
            assert assessment_id is not None
            for question_id, status, rationale, value in confirmed:
                save(store, assessment_id, question_id, status, rationale, value)
        rows = {row.id: row for row in read_sqlite_listing(path, banks.resolve)}
        row = rows[assessment_id]
        assert (row.answered, row.total) == full_progress(store, registry, store.assessment(assessment_id))

    try:
        check()
    finally:
        store.close()


# The banks behind the listing -------------------------------------------------------------------------


def test_installed_banks_choose_as_the_registry_does(tmp_path: Path) -> None:
    """Two versions, the same id and version in two folders with other content, a broken file, a gone version."""
    first, second = tmp_path / "first", tmp_path / "second"
    write_banks(first)
    second.mkdir()
    (second / "a-kinds-again.toml").write_text(
        kinds_bank("1.0.0").replace('text = "What is it for?"', 'text = "For what?"\nrequired = false'),
        encoding="utf-8",
    )
    (second / "b-more.toml").write_text(kinds_bank("1.0.0").replace('id = "purpose"', 'id = "why"'), "utf-8")
    (second / "c-newer.toml").write_text(kinds_bank("1.10.0"), "utf-8")
    (second / "broken.toml").write_text(kinds_bank("3.0.0").replace("kind = ", "kind_ = "), "utf-8")
    dirs = [bundled_bank_dir(), first, second]
    registry = BankRegistry(dirs)
    for banks in (InstalledBanks(dirs, tmp_path / "cache"), InstalledBanks(dirs, tmp_path / "cache")):
        versions = ("1.0.0", "1.10.0", "2.0.0", "3.0.0", "0.5.0")
        for bank_id, version in [(b, v) for b in ("kinds", "five-phase", "nowhere") for v in versions]:
            bank = installed_bank(registry, bank_id, version)
            facts = banks.resolve(bank_id, version)
            assert (facts is None) == (bank is None), (bank_id, version)
            if bank is not None and facts is not None:
                assert (facts.version, facts.questions) == (bank.version, facts_of(bank).questions), (
                    bank_id,
                    version,
                )


def test_the_bank_facts_cache_is_keyed_by_the_files_bytes(tmp_path: Path, bank_folder: Path) -> None:
    cache = tmp_path / "cache"
    InstalledBanks([bank_folder], cache)
    [cached] = cache.iterdir()
    assert cached.name.startswith(f"{FACTS_FORMAT}-")
    # A cache file that is not what it should be is ignored and written again.
    for nonsense in ('{"banks": [{"id": "kinds", "questions": "x"}], "exact": [0], "newest": []}', "not json", "[]"):
        cached.write_text(nonsense, encoding="utf-8")
        assert InstalledBanks([bank_folder], cache).resolve("kinds", "1.0.0").questions[0].id == "purpose"
        assert json.loads(cached.read_text())["banks"]
    # A changed file is new bytes: its facts are the loader's, not the old file's.
    path = bank_folder / "kinds-1.toml"
    path.write_text(kinds_bank("1.0.0").replace('id = "purpose"', 'id = "renamed"'), encoding="utf-8")
    assert InstalledBanks([bank_folder], cache).resolve("kinds", "1.0.0").questions[0].id == "renamed"
    # A file the loader refuses is left out as the registry leaves it out, from the cache too.
    path.write_text(kinds_bank("1.0.0").replace('kind = "scale"', 'kind = "dial"'), encoding="utf-8")
    assert InstalledBanks([bank_folder], cache).resolve("kinds", "1.0.0").version == "2.0.0"
    assert InstalledBanks([bank_folder], cache).resolve("kinds", "1.0.0").version == "2.0.0"
    path.unlink()
    assert InstalledBanks([bank_folder], cache).resolve("kinds", "1.0.0").version == "2.0.0"
    # A cache folder that cannot be written only costs speed.
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert InstalledBanks([bank_folder], blocked / "cache").resolve("kinds", "2.0.0") is not None


def test_a_warm_cache_lists_without_the_loader(tmp_path: Path, bank_folder: Path, subprocess_env) -> None:
    code = (
        "import sys\nfrom pathlib import Path\nfrom fivefold.review.bank_facts import InstalledBanks\n"
        f"banks = InstalledBanks([Path({str(bank_folder)!r})], Path({str(tmp_path / 'cache')!r}))\n"
        "assert banks.resolve('kinds', '1.0.0') is not None\n"
        "print('pydantic' in sys.modules)\n"
    )
    run = [sys.executable, "-c", code]
    cold = subprocess.run(run, capture_output=True, text=True, env=subprocess_env, check=True)
    warm = subprocess.run(run, capture_output=True, text=True, env=subprocess_env, check=True)
    assert (cold.stdout, warm.stdout) == ("True\n", "False\n")


# The SQL's view of the rules -----------------------------------------------------------------------


def test_whitespace_is_what_python_strips() -> None:
    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == WHITESPACE


def test_sqlite_calls_a_rationale_blank_exactly_when_python_does(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "blank.db")
    from fivefold.review.listing import _DIALECTS

    expression = _DIALECTS["sqlite"].blank
    for text in [
        *BLANK,
        *NOT_BLANK,
        "\x00",
        " \x00 ",
        WHITESPACE,
        WHITESPACE + "x" + WHITESPACE,
        "a" * 10_000 + "\u3000",
    ]:
        query = f"SELECT {expression} FROM (SELECT :text AS rationale) AS answer"
        (blank,) = connection.execute(query, {"text": text, "whitespace": WHITESPACE}).fetchone()
        assert bool(blank) == (text.strip() == ""), repr(text)


# The shortcut for `fivefold list` -------------------------------------------------------------------


def test_the_listing_schema_is_the_store_schema() -> None:
    assert LISTING_SCHEMA == SCHEMA_HEAD, (
        f"the schema is now {SCHEMA_HEAD}: check that review/listing.py's query still reads it right, "
        "then set LISTING_SCHEMA to it"
    )


@pytest.mark.parametrize(
    "name", ["fivefold.db", "folder/fivefold.db", "with space.db", "ünï.db", "a#b.db", "a%20b.db", "q.db?mode=ro"]
)
@pytest.mark.filterwarnings("ignore:Query string argument")  # SQLAlchemy on ?mode=ro without uri=true
def test_the_shortcut_finds_the_file_sqlalchemy_would_open(tmp_path: Path, name: str) -> None:
    url = f"sqlite:///{tmp_path}/{name}"
    (tmp_path / name).parent.mkdir(exist_ok=True)  # an explicit path's folder must exist
    store = Store.open(url)
    store.close()
    found = current_sqlite_file(url)
    assert found is None or found == sqlite_path(url), "a URL the shortcut reads must name the store's file"
    if not any(mark in name for mark in "?#%"):
        assert found == sqlite_path(url)


def test_the_shortcut_leaves_other_databases_to_the_store(tmp_path: Path) -> None:
    assert current_sqlite_file(f"sqlite:///{tmp_path}/missing.db") is None
    assert current_sqlite_file("sqlite://") is None and current_sqlite_file("sqlite:///:memory:") is None
    assert current_sqlite_file("postgresql+psycopg://u@h/db") is None
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("just text", encoding="utf-8")
    assert current_sqlite_file(f"sqlite:///{not_a_database}") is None
    older = tmp_path / "older.db"
    shutil.copyfile(Path(__file__).parent / "data" / "fivefold-0003.db", older)
    before = older.read_bytes()
    assert current_sqlite_file(f"sqlite:///{older}") is None
    assert older.read_bytes() == before and sorted(tmp_path.glob("older.db*")) == [older]


def test_an_older_database_is_upgraded_then_listed(tmp_path: Path, run_cli) -> None:
    older = tmp_path / "older.db"
    shutil.copyfile(Path(__file__).parent / "data" / "fivefold-0003.db", older)
    code, out, err = run_cli("--db", f"sqlite:///{older}", "list", "--json")
    assert (code, err) == (0, "") and json.loads(out)
    assert current_sqlite_file(f"sqlite:///{older}") == older
    assert json.loads(run_cli("--db", f"sqlite:///{older}", "list", "--json")[1]) == json.loads(out)
