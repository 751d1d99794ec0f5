"""Importing deon's own shipped checklist as a bank keeps every line."""

from __future__ import annotations

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
