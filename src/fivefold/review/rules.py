"""The review rules, in one place: what blocks sign-off, which sign-offs count, what the gate needs.

Every front end (TUI summary and sign-off screen, `fivefold sign`, `fivefold gate`, `fivefold
verify`, the exports) calls `evaluate` on an assessment record, built from the database or read
from an exported JSON file, and shows the reasons it returns.

The gate believes only what a reviewer's key signed and what the signed digest covers: every fact
about a sign-off comes from its statement, the questions and their `required` and `when` come from
the bank whose hash is in the digest, and an unsigned field that disagrees with what it copies is
itself a reason to fail. Standard library only, so that `fivefold gate FILE` imports no store,
SQLAlchemy, pydantic or Textual (tests/test_startup_imports.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, NamedTuple

from fivefold.canonical import bank_content_hash
from fivefold.review.answered import applicable_ids, counts_as_answered, missing_rationale
from fivefold.review.digest import PREVIOUS_RECORD_SCHEMA, content_digest
from fivefold.review.statement import FACTS, STATEMENT_FORMAT, parse_statement, statement_id
from fivefold.review.threads import open_threads, short_id
from fivefold.vocabulary import APPROVING

SignatureState = Literal["verified", "invalid", "unchecked", "unsigned"]
Standing = Literal["valid", "stale", "older format", "other assessment", "unreadable"]

SignatureCheck = Callable[[str, str, str], "str | None"]
"""Checks a signature: (statement, armored signature, principal) -> None when valid, else the reason."""

# The unsigned copy of each statement fact in a sign-off entry (the database row, the export).
ENTRY_FIELDS: dict[str, str] = {name: name for name in FACTS} | {"principal": "signer_principal"}

LENSES = ("theory", "practice")


# NamedTuples and a plain class, not dataclasses: `dataclasses` imports `inspect`, about a third of
# what `fivefold gate FILE` spends importing (benchmarks/gate_start.py).


class ReviewedFile(NamedTuple):
    """A file the gate was asked about (`gate --artifact PATH`): where it is and what it hashes to."""

    path: str
    sha256: str
    size: int


class SignOffView(NamedTuple):
    """A sign-off as the rules see it: the facts of its statement, how it stands, and its signature."""

    entry: dict[str, Any]
    """The sign-off as recorded (an export's entry or a database row): shown, never believed."""
    facts: dict[str, Any]
    """What its statement says ({} when the statement cannot be read)."""
    standing: Standing
    signature: SignatureState
    signature_problem: str | None = None

    @property
    def id(self) -> str:
        """The sign-off's identity: the SHA-256 of its statement."""
        statement = self.entry.get("statement")
        return statement_id(statement) if isinstance(statement, str) else ""

    def fact(self, name: str) -> Any:
        """A fact from the statement (an unreadable statement's facts read as empty)."""
        value = self.facts.get(name)
        if name == "principal" and self.standing == "older format":
            value = self.entry.get("signer_principal")  # the old format did not sign it
        return value if value is not None else ("" if name != "principal" else None)

    @property
    def reviewer(self) -> str:
        return str(self.fact("reviewer"))

    @property
    def decision(self) -> str:
        return str(self.fact("decision"))

    @property
    def who(self) -> str:
        """The reviewer and the decision, for a reason or a report line."""
        return f"{self.reviewer or 'an unknown reviewer'} ({self.decision or 'no decision'}, {self.fact('at')})"

    @property
    def counts(self) -> bool:
        """Whether it may count as an approval: current, readable, for this assessment, not forged."""
        return self.standing == "valid" and self.decision in APPROVING and self.signature != "invalid"

    @property
    def approver(self) -> str:
        """Who approved, for counting approvals once each: the signing principal, else the reviewer."""
        return self.fact("principal") or f"reviewer {self.reviewer}"

    @property
    def status(self) -> str:
        if self.standing == "older format":
            return "signed under an older format, does not count"
        if self.standing in ("other assessment", "unreadable"):
            return f"{self.standing}, does not count"
        if self.signature == "unsigned":
            return f"{self.standing}, unsigned"  # not "signature unsigned", which reads as a contradiction
        return f"{self.standing}, signature {self.signature}"


class Verdict:
    """What the rules decided about one record."""

    def __init__(self, *, ready_reasons: list[str], digest: str) -> None:
        self.ready_reasons = ready_reasons
        """Why the assessment is not ready for sign-off (empty: it is)."""
        self.digest = digest
        self.gate_reasons: list[str] = []
        """Why a deployment gate must fail (empty: it may pass)."""
        self.integrity_reasons: list[str] = []
        """The gate reasons that say the record was changed outside Fivefold (what `verify` reports)."""
        self.signoffs: list[SignOffView] = []
        self.approvals_needed = 1
        self.approvers: list[str] = []
        """The distinct principals (or, unsigned, reviewers) whose approvals count."""
        self.matched_artifacts: list[tuple[ReviewedFile, dict[str, Any]]] = []
        """Each file asked about with the reviewed artifact it matched."""

    @property
    def ready(self) -> bool:
        return not self.ready_reasons

    @property
    def passes(self) -> bool:
        return not self.gate_reasons

    @property
    def valid_approvals(self) -> int:
        return len(self.approvers)


# The bank and its questions ---------------------------------------------------------------


def bank_questions(content: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The questions of a bank's content (its JSON data) in bank order, as the rules read them."""
    return [
        {
            "id": question["id"],
            "phase": phase["id"],
            "lens": lens,
            "text": question["text"],
            "kind": question.get("kind", "rationale"),
            "required": question.get("required", True),
            "when": {k: v for k, v in question["when"].items() if v is not None} if question.get("when") else None,
            "source": question.get("source"),
            "locator": question.get("locator", ""),
            "example": question.get("example"),
        }
        for phase in content["phases"]
        for lens in LENSES
        if phase.get(lens) is not None
        for question in phase[lens]["questions"]
    ]


def _bank_reasons(record: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The questions to judge by, from the bank content whose hash the digest covers; and every mismatch."""
    bank = record["bank"]
    content = bank["content"]
    reasons = []
    if bank_content_hash(content) != bank["hash"]:
        reasons.append(f"the bank in the record does not match its hash {str(bank['hash'])[:12]}… (it was changed)")
    if (content.get("id"), content.get("version")) != (bank["id"], bank["version"]):
        reasons.append(f"the bank in the record is {content.get('id')} {content.get('version')}, not the one it names")
    questions = bank_questions(content)
    if "questions" in record and not _same_questions(record["questions"], questions):
        reasons.append("the record's list of questions differs from its bank's (required or when was changed)")
    return questions, reasons


JUDGED_QUESTION_FIELDS = ("id", "phase", "lens", "text", "kind", "required", "when")
"""What every record's `questions` list has held; later exports add fields (source, locator, example)."""


def _same_questions(listed: Any, questions: list[dict[str, Any]]) -> bool:
    """Whether a record's `questions` copy agrees with its bank's, field for field. An export made before a
    field was added lacks it and still agrees (its signed content is judged from the bank regardless); a
    field it has must match, and the judged ones must all be there."""
    if not isinstance(listed, list) or len(listed) != len(questions):
        return False
    return all(
        isinstance(given, dict)
        and all(name in given for name in JUDGED_QUESTION_FIELDS)
        and all(name in expected and given[name] == expected[name] for name in given)
        for given, expected in zip(listed, questions, strict=True)
    )


# Readiness ---------------------------------------------------------------------------------


def _named(question: Mapping[str, Any]) -> str:
    """A question as the summary shows it, by its text, with its id to find it by."""
    return f'"{question["text"]}" ({question["id"]})'


def readiness_reasons(record: Mapping[str, Any], questions: list[dict[str, Any]] | None = None) -> list[str]:
    """Every required question answered, every answer explained, every blocker resolved or accepted,
    and, unless the assessment's setting lets them stay open, every comment thread resolved."""
    if questions is None:
        questions = bank_questions(record["bank"]["content"])
    answers = {answer["question_id"]: answer for answer in record["answers"]}
    accepted = {a["question_id"]: a for a in record["blocker_acceptances"]}
    shown = applicable_ids(questions, answers)
    reasons: list[str] = []
    for question in questions:
        if question["id"] not in shown:
            continue
        answer = answers.get(question["id"])
        status = answer["status"] if answer else None
        where = _named(question)
        answered = answer is not None and counts_as_answered(
            kind=question["kind"],
            status=status,
            value=answer.get("value"),
            carried_over=bool(answer.get("carried_over")),
            rationale=answer["rationale"],
        )
        if answer is not None and answer.get("carried_over"):
            reasons.append(f"question {where} was carried over from the previous cycle and is not yet confirmed")
        elif answer is not None and missing_rationale(status, answer["rationale"]):
            why = "a justification" if status == "not-applicable" else "a rationale"
            reasons.append(f"question {where} is marked {status} without {why}")
        elif not answered and question["required"]:
            reasons.append(f"required question {where} is unanswered")
        elif answer is not None and status == "blocker":
            acceptance = accepted.get(question["id"])
            if acceptance is None:
                reasons.append(f"blocker {where} is neither resolved nor accepted by a reviewer")
            elif answer is not None and acceptance["answer_revision"] != answer["revision"]:
                reasons.append(f"blocker {where} changed after it was accepted; a reviewer must accept it again")
    return reasons + open_comment_reasons(record, questions)


def open_comments_block(record: Mapping[str, Any]) -> bool:
    """Whether open comments keep the record from being ready: anything but a plain `false` says yes."""
    if record.get("schema") == PREVIOUS_RECORD_SCHEMA:
        return False  # that schema had no comments
    return record["assessment"]["open_comments_block"] is not False


def open_comment_reasons(record: Mapping[str, Any], questions: list[dict[str, Any]]) -> list[str]:
    """Each open comment thread, by its question, when open comments block sign-off."""
    if not open_comments_block(record):
        return []
    texts = {question["id"]: question for question in questions}
    reasons = []
    for thread in open_threads(record["comments"]):
        question = texts.get(thread["question_id"])
        where = _named(question) if question else f"'{thread['question_id']}'"
        reasons.append(
            f"question {where} has an open comment {short_id(str(thread['id']))} by {thread['author']}: "
            f'"{_excerpt(str(thread["text"]))}"'
        )
    return reasons


def _excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# Sign-offs ---------------------------------------------------------------------------------


def identity_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """The assessment's identity as a statement names it: its UUID, its cycle and the previous cycle's UUID."""
    assessment = record["assessment"]
    return {"uuid": assessment["uuid"], "cycle": assessment["cycle"], "previous_uuid": assessment["previous_uuid"]}


def judge_signoff(
    entry: dict[str, Any], *, identity: dict[str, Any], digest: str, check_signature: SignatureCheck | None
) -> SignOffView:
    """How one sign-off stands against the record's identity and current digest, and its signature."""
    facts = parse_statement(entry.get("statement"))
    signature = entry.get("signature")
    if facts is None:
        return SignOffView(entry, {}, "unreadable", "unsigned" if not signature else "unchecked")
    if facts["format"] != STATEMENT_FORMAT:
        return SignOffView(entry, facts, "older format", "unsigned" if not signature else "unchecked")
    standing: Standing = "valid"
    if facts["assessment"] != identity:
        standing = "other assessment"
    elif facts["digest"] != digest:
        standing = "stale"
    if not signature:
        return SignOffView(entry, facts, standing, "unsigned")
    if check_signature is None:
        return SignOffView(entry, facts, standing, "unchecked")
    if not isinstance(signature, str) or not facts["principal"]:
        return SignOffView(entry, facts, standing, "invalid", "its statement names no principal to check it for")
    problem = check_signature(entry["statement"], signature, facts["principal"])
    return SignOffView(entry, facts, standing, "invalid" if problem else "verified", problem)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _signoff_reasons(views: list[SignOffView]) -> list[str]:
    """Every way the recorded sign-offs disagree with their statements or with each other."""
    reasons = []
    seen: set[str] = set()
    ids = {view.id for view in views}
    for view in views:
        if view.standing == "unreadable":
            reasons.append("a sign-off's statement cannot be read (it is not a Fivefold sign-off statement)")
            continue
        if view.id in seen:
            reasons.append(f"the sign-off by {view.who} appears more than once")
        seen.add(view.id)
        if view.standing == "older format":
            continue
        if view.standing == "other assessment":
            named = view.facts["assessment"]
            reasons.append(
                f"the sign-off by {view.who} was made for another assessment or cycle "
                f"(its statement names {named.get('uuid')}, cycle {named.get('cycle')})"
            )
        for fact, column in ENTRY_FIELDS.items():
            if column in view.entry and view.entry[column] != view.facts[fact]:
                reasons.append(
                    f"the sign-off by {view.who}: its field '{column}' says {_shown(view.entry[column])} "
                    f"but its statement says {_shown(view.facts[fact])}"
                )
        previous = view.facts["previous_signoff"]
        if previous is not None and previous not in ids:
            reasons.append(f"the sign-off by {view.who} follows a sign-off that is missing from the record")
        if view.signature == "invalid":
            reasons.append(f"the signature of the sign-off by {view.who} does not verify: {view.signature_problem}")
    return reasons


# Artifacts ---------------------------------------------------------------------------------


def _artifact_reasons(
    record: Mapping[str, Any], files: Iterable[ReviewedFile], matched: list[tuple[ReviewedFile, dict[str, Any]]]
) -> list[str]:
    reasons = []
    artifacts = record["artifacts"]
    for reviewed in files:
        match = next((artifact for artifact in artifacts if artifact["sha256"] == reviewed.sha256), None)
        if match is None:
            listed = f"none of the {len(artifacts)} reviewed artifact(s)" if artifacts else "no reviewed artifact"
            reasons.append(f"the file {reviewed.path} (sha256 {reviewed.sha256[:16]}…) is {listed}")
        else:  # only what the digest covers: the gate reports nothing unsigned
            matched.append((reviewed, {name: match[name] for name in ("name", "size", "sha256")}))
    return reasons


# The verdict -------------------------------------------------------------------------------


def evaluate(
    record: dict[str, Any],
    *,
    check_signature: SignatureCheck | None = None,
    require_signatures: bool = False,
    min_approvals: int = 1,
    artifacts: Iterable[ReviewedFile] = (),
) -> Verdict:
    """Judge a record: readiness, each sign-off's standing, and every reason a gate must fail.

    `min_approvals` can only raise the number of approvals the signed content asks for.
    """
    digest = content_digest(record)
    questions, bank_reasons = _bank_reasons(record)
    verdict = Verdict(ready_reasons=readiness_reasons(record, questions), digest=digest)
    identity = identity_of(record)
    verdict.signoffs = [
        judge_signoff(entry, identity=identity, digest=digest, check_signature=check_signature)
        for entry in record["signoffs"]
    ]
    integrity = verdict.integrity_reasons
    stated = record.get("digest", {}).get("value")
    if stated is not None and stated != digest:
        integrity.append(
            f"the content does not match its recorded digest {str(stated)[:12]}… (it was changed after export)"
        )
    integrity.extend(bank_reasons)
    integrity.extend(f"audit log: {problem}" for problem in record.get("audit", {}).get("problems", []))
    integrity.extend(_signoff_reasons(verdict.signoffs))
    gate = verdict.gate_reasons
    gate.extend(integrity)
    gate.extend(verdict.ready_reasons)
    gate.extend(
        f"{view.reviewer} rejected the assessment"
        for view in verdict.signoffs
        if view.standing == "valid" and view.decision == "reject"
    )
    gate.extend(_artifact_reasons(record, artifacts, verdict.matched_artifacts))

    required = record["assessment"]["approvals_required"]
    if type(required) is not int or required < 1:
        gate.append(f"the record asks for {_shown(required)} approvals; an assessment needs at least 1")
        required = 1
    verdict.approvals_needed = max(required, min_approvals)
    counted = [view for view in verdict.signoffs if view.counts]
    if require_signatures:
        counted = [view for view in counted if view.signature == "verified"]
    verdict.approvers = sorted({view.approver for view in counted})
    if verdict.valid_approvals < verdict.approvals_needed:
        gate.append(_too_few(verdict, len(counted), require_signatures=require_signatures))
    return verdict


def _too_few(verdict: Verdict, counted: int, *, require_signatures: bool) -> str:
    notes = []
    stale = sum(1 for view in verdict.signoffs if view.standing == "stale")
    if stale:
        notes.append(f"{stale} stale sign-off(s) no longer count")
    older = sum(1 for view in verdict.signoffs if view.standing == "older format")
    if older:
        notes.append(f"{older} signed under an older format no longer count")
    if require_signatures:
        unverified = sum(1 for view in verdict.signoffs if view.counts and view.signature != "verified")
        if unverified:
            notes.append(f"{unverified} approval(s) not signed by a key in the allowed signers")
    repeated = counted - verdict.valid_approvals
    if repeated > 0:
        notes.append(f"{repeated} more by a principal already counted")
    note = f" ({'; '.join(notes)})" if notes else ""
    return f"{verdict.valid_approvals} valid approval(s), {verdict.approvals_needed} needed{note}"
