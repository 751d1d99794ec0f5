"""Banks with conditions, kinds and versions for the progress tests: the listing, incremental progress, batches.

`kinds` 1.0.0 and 2.0.0 differ (2.0.0 retires `why-low` and asks `retention`); conditions chain
(`pii-controls` reads `uses-pii`, `pii-audit` reads `pii-controls`' status) and read every kind of
value. `write_banks` puts them in a folder for `--bank-dir` or a `BankRegistry`.
"""

from __future__ import annotations

from pathlib import Path

HEADER = """
id = "kinds"
version = "{version}"
title = "Kinds and conditions"

[[sources]]
id = "here"
title = "This test"

[[phases]]
id = "p"
title = "Phase"

[phases.theory]
goal = "I wonder if {{X}} could be checked by means of {{Y}}."
x = "x"
y = "y"
source = "here"

[[phases.theory.questions]]
id = "purpose"
text = "What is it for?"
source = "here"

[[phases.theory.questions]]
id = "optional-note"
text = "Anything else?"
required = false
source = "here"

[phases.practice]
goal = "I wish to check {{X}} by means of {{Y}}."
x = "x"
y = "y"
source = "here"

[[phases.practice.questions]]
id = "uses-pii"
text = "Does the model see personal data?"
kind = "yes-no"
source = "here"

[[phases.practice.questions]]
id = "pii-controls"
text = "Which controls protect it?"
kind = "multiple-choice"
options = ["encryption", "access logs", "retention limit"]
source = "here"
when = {{ question = "uses-pii", equals = true }}

[[phases.practice.questions]]
id = "pii-audit"
text = "Who audits the controls?"
source = "here"
when = {{ question = "pii-controls", status = "concern" }}

[[phases.practice.questions]]
id = "confidence"
text = "How confident are you?"
kind = "scale"
source = "here"

[[phases.practice.questions]]
id = "owner"
text = "Who owns the model?"
kind = "short-text"
source = "here"

[[phases.practice.questions]]
id = "tier"
text = "Risk tier?"
kind = "single-choice"
options = ["low", "high"]
source = "here"

[[phases.practice.questions]]
id = "high-tier-review"
text = "Who reviewed the high tier?"
source = "here"
when = {{ question = "tier", any_of = ["high"] }}

[[phases.practice.questions]]
id = "encrypted-how"
text = "How is it encrypted?"
kind = "short-text"
required = false
source = "here"
when = {{ question = "pii-controls", equals = "encryption" }}
"""

VERSION_1_ONLY = """
[[phases.practice.questions]]
id = "why-low"
text = "Why so low?"
source = "here"
when = { question = "confidence", any_of = [1, 2] }
"""

VERSION_2_ONLY = """
[[phases.practice.questions]]
id = "retention"
text = "How long is data kept?"
kind = "short-text"
source = "here"
"""

KINDS_QUESTIONS = (
    "purpose",
    "optional-note",
    "uses-pii",
    "pii-controls",
    "pii-audit",
    "confidence",
    "owner",
    "tier",
    "high-tier-review",
    "encrypted-how",
    "why-low",
    "retention",
)
"""Every question id of either version; `why-low` is retired in 2.0.0."""


def kinds_bank(version: str) -> str:
    return HEADER.format(version=version) + (VERSION_1_ONLY if version.startswith("1.") else VERSION_2_ONLY)


def write_banks(folder: Path) -> Path:
    """kinds 1.0.0 and 2.0.0 in `folder` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kinds-1.toml").write_text(kinds_bank("1.0.0"), encoding="utf-8")
    (folder / "kinds-2.toml").write_text(kinds_bank("2.0.0"), encoding="utf-8")
    return folder
