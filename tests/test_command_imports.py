"""No command imports what it does not use: each one runs in a fresh interpreter, which then lists what it imported.

The libraries below cost tens to hundreds of milliseconds and megabytes each: SQLAlchemy and SQLModel
only for a command that opens the store, pydantic only for one that loads a bank, Alembic only to
upgrade a database, markdown and nh3 only for the HTML export, Textual only for the app. `gate FILE`
and the app's first frame have their own tests in tests/test_startup_imports.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fivefold.banks import BankRegistry
from fivefold.demo import create_demo_assessment
from fivefold.store import Store

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "pydantic", "textual", "markdown", "nh3", "questionary", "yaml")
STORE = ("sqlalchemy", "sqlmodel", "pydantic")
"""The store's tables are SQLModel classes, which are pydantic models."""
BANKS = ("pydantic",)

RUN_AND_LIST_IMPORTS = """
import contextlib, io, json, sys
from fivefold.cli.main import main

with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exit_:  # --version and --help
        code = exit_.code
print(json.dumps({"code": code, "imported": sorted({name.partition(".")[0] for name in sys.modules})}))
"""

# (command words, what it may import of HEAVY). {db}, {demo}, {banks}, {batch} are filled in below.
COMMANDS = [
    (["--version"], ()),
    (["banks", "list"], BANKS),
    (["banks", "show", "five-phase"], BANKS),
    (["banks", "validate", "{banks}/five-phase.toml"], BANKS),
    (["--db", "{db}", "db", "path"], ("sqlalchemy",)),
    (["--db", "{db}", "list"], ()),
    (["--db", "{db}", "list", "--json"], ()),
    (["--db", "{db}", "new", "--bank", "five-phase", "--title", "T", "--system", "s"], STORE + BANKS),
    (
        [
            "--db",
            "{db}",
            "answer",
            "{demo}",
            "platonic.theory.ethically-virtuous",
            "--status",
            "concern",
            "--text",
            "x",
        ],
        STORE + BANKS,
    ),
    (["--db", "{db}", "answer", "{demo}", "--batch", "{batch}"], STORE + BANKS),
    (["--db", "{db}", "goal", "{demo}", "platonic", "theory", "--x", "a", "--y", "b"], STORE + BANKS),
    (["--db", "{db}", "export", "{demo}", "--format", "md", "-o", "-"], STORE + BANKS),
    (["--db", "{db}", "export", "{demo}", "--format", "json", "-o", "-"], STORE + BANKS),
    (["--db", "{db}", "export", "{demo}", "--format", "html", "-o", "-"], (*STORE, *BANKS, "markdown", "nh3")),
    (["--db", "{db}", "verify", "{demo}"], STORE + BANKS),
    (["--db", "{db}", "artifact", "list", "{demo}"], STORE),
    (["--db", "{db}", "approvals", "{demo}", "1"], STORE),
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int, Path]:
    folder = tmp_path_factory.mktemp("imports")
    url = f"sqlite:///{folder / 'fivefold.db'}"
    store = Store.open(url)
    try:
        demo = create_demo_assessment(store, BankRegistry.default())
    finally:
        store.close()
    batch = folder / "batch.jsonl"
    batch.write_text(json.dumps({"question": "platonic.theory.ethically-virtuous", "status": "addressed", "text": "x"}))
    return url, demo, batch


def imported_by(argv: list[str], env: dict[str, str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_IMPORTS, *argv], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] in (0, 1), (argv, result.stderr)
    return set(report["imported"])


@pytest.mark.parametrize(
    ("words", "allowed"), COMMANDS, ids=lambda item: " ".join(item) if isinstance(item, list) else ""
)
def test_a_command_imports_only_what_it_uses(words, allowed, database, subprocess_env) -> None:
    url, demo, batch = database
    banks = BankRegistry.default().dirs[0]
    argv = [word.format(db=url, demo=demo, banks=banks, batch=batch) for word in words]
    if "list" in words:
        imported_by(argv, subprocess_env)  # the first run caches the banks' facts; the user's next runs find them
    unused = sorted((set(HEAVY) - set(allowed)) & imported_by(argv, subprocess_env))
    assert unused == [], f"`fivefold {' '.join(words)}` imported {unused}, which it does not use"


def test_list_reads_a_database_that_needs_upgrading_through_the_store(tmp_path: Path, subprocess_env) -> None:
    """The shortcut is for a current file only: an older one goes through the store, which upgrades it."""
    older = tmp_path / "older.db"
    older.write_bytes((Path(__file__).parent / "data" / "fivefold-0003.db").read_bytes())
    imported = imported_by(["--db", f"sqlite:///{older}", "list"], subprocess_env)
    assert {"sqlalchemy", "alembic"} <= imported
    assert "sqlalchemy" not in imported_by(["--db", f"sqlite:///{older}", "list"], subprocess_env)
