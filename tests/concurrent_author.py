"""A second process for tests/test_two_processes.py: the author, saving answers until told to stop.

    python tests/concurrent_author.py DB_URL ASSESSMENT_ID STARTED_FILE STOP_FILE

Saves answers to two questions in turn through the store (as the app's autosave does), touches
STARTED_FILE after the first save, stops once STOP_FILE exists (after at least 20 saves), and
prints how many it saved.
"""

import sys
from pathlib import Path

from fivefold.banks import BankRegistry
from fivefold.banks.registry import bundled_bank_dir
from fivefold.review import record_answer
from fivefold.store import AnswerStatus, Store

QUESTIONS = ("platonic.theory.ethically-virtuous", "testing.practice.halt-anytime")

url, assessment_id, started, stop = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
bank = BankRegistry([bundled_bank_dir()]).get("five-phase")
store = Store.open(url)
saved = 0
while saved < 20 or not stop.exists():
    question = QUESTIONS[saved % 2]
    record_answer(store, bank, assessment_id, question, status=AnswerStatus.CONCERN, rationale=f"save {saved}")
    saved += 1
    started.touch()
store.close()
print(saved)
