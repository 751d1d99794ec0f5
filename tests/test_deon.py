"""Importing deon's own shipped checklist as a bank keeps every line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fivefold.banks import BankError
from fivefold.banks.deon import import_deon

deon = pytest.importorskip("deon", reason="deon is a test dependency: pip install -e '.[test]'")
import yaml  # noqa: E402

SHIPPED = Path(deon.__file__).parent / "assets" / "checklist.yml"


def test_the_shipped_checklist_round_trips_every_line(tmp_path: Path) -> None:
    checklist = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    target, bank = import_deon(SHIPPED, tmp_path)
    assert target.is_file()
    lines = [line for section in checklist["sections"] for line in section["lines"]]
    assert len(bank.questions()) == len(lines) > 10
    for line in lines:
        place = bank.question(line["line_id"].lower())
        assert place is not None, line["line_id"]
        assert place.question.text == line["line"].strip()
        assert place.question.summary == line["line_summary"].strip()
    assert [phase.title for phase in bank.phases] == [section["title"] for section in checklist["sections"]]


def test_reimporting_the_same_checklist_gives_the_same_bank(tmp_path: Path) -> None:
    _, first = import_deon(SHIPPED, tmp_path / "one")
    _, second = import_deon(SHIPPED, tmp_path / "two")
    assert first.content_hash() == second.content_hash()


def test_the_cli_imports_into_the_user_bank_folder(tmp_path: Path, run_cli) -> None:
    code, out, err = run_cli("banks", "import-deon", str(SHIPPED))
    assert code == 0, err
    code, out, _ = run_cli("banks", "list")
    assert "deon-data-science-ethics-checklist" in out


@pytest.mark.parametrize(
    ("content", "place"),
    [
        ("sections:\n  - title: A\n    lines: [}\n", "line 3"),
        ("title: x\n", "sections"),
        ("sections:\n  - title: A\n    lines:\n      - line_id: A.1\n        line: Asked?\n", "line_summary"),
    ],
)
def test_a_bad_checklist_names_the_place(tmp_path: Path, content: str, place: str) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(BankError) as caught:
        import_deon(bad, tmp_path / "out")
    assert str(bad) in str(caught.value) and place in str(caught.value)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# Hostile checklists (tests/data/banks/deon-*.yml) ------------------------------------------------

DATA = Path(__file__).resolve().parent / "data" / "banks"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        # Its last line's text is 9**9 strings once expanded (was 35 s, then MemoryError).
        ("deon-billion-laughs.yml", "line 2: uses the alias *a"),
        # 22 KB, 2,000 aliases of one section (an alias fan-out was 50 s).
        ("deon-alias-fanout.yml", "uses the alias *section"),
        # Flow sequences 10,000 deep (was a RecursionError traceback).
        ("deon-deep-nesting.yml", "nests deeper than 16 levels"),
    ],
)
def test_a_checklist_that_could_exhaust_memory_is_refused_and_writes_nothing(
    tmp_path: Path, name: str, why: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(BankError) as caught:
        import_deon(DATA / name, out)
    assert f"{DATA / name}: is refused: " in str(caught.value) and why in str(caught.value)
    assert not out.exists()


def test_duplicate_line_ids_write_nothing(tmp_path: Path, run_cli) -> None:
    # Before: exit 2, but the broken bank file was left in the bank folder.
    out = tmp_path / "out"
    code, _, err = run_cli("banks", "import-deon", DATA / "deon-duplicate-line-ids.yml", "-o", out)
    assert code == 2
    assert "line id 'A.1' repeats line id 'A.1' of section 'Data Collection'" in err
    assert not out.exists()


def test_an_oversized_checklist_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    from fivefold.banks.deon import MAX_CHECKLIST_BYTES

    big = tmp_path / "big.yml"
    with big.open("wb") as file:
        file.truncate(MAX_CHECKLIST_BYTES + 1)
    with pytest.raises(BankError, match="is larger than"):
        import_deon(big, tmp_path / "out")


def test_the_bank_is_written_as_toml_data_that_loads_as_itself(tmp_path: Path) -> None:
    import tomllib

    from fivefold.banks import Bank
    from fivefold.banks.deon import checklist_as_bank_data, read_checklist

    target, bank = import_deon(SHIPPED, tmp_path)
    written = tomllib.loads(target.read_text(encoding="utf-8"))
    data = checklist_as_bank_data(read_checklist(SHIPPED), file_name=SHIPPED.name, digest=bank.version[-8:])
    assert written == data
    assert Bank.model_validate(written) == bank
    # Every question cites the checklist section it comes from, a heading the source lists.
    source = bank.source("deon")
    assert source is not None
    for place in bank.questions():
        assert place.question.source == "deon" and place.question.locator == place.phase.title
        assert place.question.locator in source.contents


def test_checklist_text_that_toml_must_escape_survives(tmp_path: Path) -> None:
    checklist = tmp_path / "quotes.yml"
    line = 'Did we say "no" \\ and mean it?\ttabbed'
    checklist.write_text(
        "title: Quotes\nsections:\n  - title: A\n    lines:\n      - line_id: A.1\n"
        f"        line_summary: 'Quote \"x\"'\n        line: {json.dumps(line)}\n",
        encoding="utf-8",
    )
    _, bank = import_deon(checklist, tmp_path / "out")
    assert bank.questions()[0].question.text == line
