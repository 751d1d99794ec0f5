"""The `Store`: one open database and the queries Fivefold runs on it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from fivefold.store.answer_writer import AnswerWriter
from fivefold.store.audit import answer_event_data, chain_problems
from fivefold.store.engine import make_engine, sqlite_path
from fivefold.store.errors import AnswerConflict, StoreError
from fivefold.store.models import (
    Answer,
    AnswerStatus,
    Assessment,
    AuditEvent,
    BlockerAcceptance,
    LensGoal,
    SignOff,
    utcnow,
)
from fivefold.store.schema import upgrade_to_head


@dataclass(frozen=True)
class AnswerDraft:
    """What a front end asks to save for one question."""

    question_id: str
    status: AnswerStatus | None
    rationale: str
    evidence: tuple[str, ...] = ()
    value: Any = None


class Store:
    """An open, up-to-date database. Build it with `Store.open(url)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = AnswerWriter(engine.dialect)

    def _append_event(self, session: Session, assessment_id: int, kind: str, data: dict[str, Any]) -> None:
        if not self._writer.append_event(session.connection(), assessment_id, kind, data, utcnow()):
            raise StoreError(f"there is no assessment with id {assessment_id}; 'fivefold list' shows the ids")

    @classmethod
    def open(cls, url: str) -> Store:
        """Open `url`, refusing a newer database untouched and upgrading an older one.

        `make_engine` does not connect: the first connection comes after `upgrade_to_head`
        has checked a SQLite file through a read-only handle.
        """
        engine = make_engine(url)
        try:
            upgrade_to_head(engine)
        except OperationalError as error:
            engine.dispose()
            raise StoreError(f"cannot use the database {_where(url)}: {error.orig}") from error
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    # Assessments ----------------------------------------------------------------

    def create_assessment(
        self, *, title: str, system_name: str, system_version: str, bank_id: str, bank_version: str, bank_hash: str
    ) -> Assessment:
        assessment = Assessment(
            title=title,
            system_name=system_name,
            system_version=system_version,
            bank_id=bank_id,
            bank_version=bank_version,
            bank_hash=bank_hash,
        )
        with self.session() as session:
            session.add(assessment)
            session.flush()
            created = {
                "title": title,
                "system_name": system_name,
                "system_version": system_version,
                "bank": {"id": bank_id, "version": bank_version, "hash": bank_hash},
            }
            assert assessment.id is not None  # flushed: the database gave it one
            self._append_event(session, assessment.id, "assessment.created", created)
            session.commit()
            session.refresh(assessment)
        return assessment

    def assessments(self) -> list[Assessment]:
        with self.session() as session:
            return list(session.exec(select(Assessment).order_by(col(Assessment.updated_at).desc())))

    def assessment(self, assessment_id: int) -> Assessment:
        with self.session() as session:
            found = session.get(Assessment, assessment_id)
        if found is None:
            raise StoreError(f"there is no assessment with id {assessment_id}; 'fivefold list' shows the ids")
        return found

    def start_cycle(self, previous: Assessment, *, bank_version: str, bank_hash: str) -> Assessment:
        """Create cycle N+1 of `previous`'s system: its answers become carried-over drafts, its X and Y stay."""
        with self.session() as session:
            following = Assessment(
                title=previous.title,
                system_name=previous.system_name,
                system_version=previous.system_version,
                bank_id=previous.bank_id,
                bank_version=bank_version,
                bank_hash=bank_hash,
                approvals_required=previous.approvals_required,
                cycle=previous.cycle + 1,
                previous_id=previous.id,
            )
            session.add(following)
            session.flush()
            assert following.id is not None and previous.id is not None
            carried = []
            for answer in session.exec(select(Answer).where(Answer.assessment_id == previous.id)):
                copy = Answer(
                    assessment_id=following.id,
                    question_id=answer.question_id,
                    status=answer.status,
                    rationale=answer.rationale,
                    evidence=list(answer.evidence),
                    value=answer.value,
                    carried_over=True,
                    revision=1,
                )
                session.add(copy)
                carried.append(answer_event_data(copy))
            goals = []
            for goal in session.exec(select(LensGoal).where(LensGoal.assessment_id == previous.id)):
                session.add(
                    LensGoal(assessment_id=following.id, phase_id=goal.phase_id, lens=goal.lens, x=goal.x, y=goal.y)
                )
                goals.append({"phase": goal.phase_id, "lens": goal.lens, "x": goal.x, "y": goal.y})
            session.flush()
            started = {
                "previous_id": previous.id,
                "cycle": following.cycle,
                "bank": {"id": following.bank_id, "version": bank_version, "hash": bank_hash},
                "answers": sorted(carried, key=lambda answer: answer["question_id"]),
                "goals": goals,
            }
            self._append_event(session, following.id, "cycle.started", started)
            session.commit()
            session.refresh(following)
        return following

    def edit_assessment(self, assessment_id: int, *, title: str, system_name: str, system_version: str) -> Assessment:
        """Rename an assessment or change its system and version; the audit log records it in the same commit."""
        if not title.strip() or not system_name.strip():
            raise StoreError("an assessment needs a title and a system; give both")
        with self.session() as session:
            found = session.get(Assessment, assessment_id)
            if found is None:
                raise StoreError(f"there is no assessment with id {assessment_id}; 'fivefold list' shows the ids")
            found.title, found.system_name, found.system_version = title, system_name, system_version
            session.add(found)
            session.flush()
            edited = {"title": title, "system_name": system_name, "system_version": system_version}
            self._append_event(session, assessment_id, "assessment.edited", edited)
            session.commit()
            session.refresh(found)
        return found

    def delete_assessment(self, assessment_id: int) -> None:
        with self.session() as session:
            found = session.get(Assessment, assessment_id)
            if found is None:
                raise StoreError(f"there is no assessment with id {assessment_id}; 'fivefold list' shows the ids")
            session.delete(found)
            session.commit()

    # Answers --------------------------------------------------------------------

    def answers(self, assessment_id: int) -> dict[str, Answer]:
        with self.session() as session:
            rows = session.exec(select(Answer).where(Answer.assessment_id == assessment_id))
            return {row.question_id: row for row in rows}

    def save_answer(self, assessment_id: int, draft: AnswerDraft, *, expected_revision: int | None = None) -> int:
        """Save one answer and commit; returns the new revision (see `write_answer`)."""
        return self.write_answer(assessment_id, draft, expected_revision=expected_revision).revision

    def write_answer(self, assessment_id: int, draft: AnswerDraft, *, expected_revision: int | None = None) -> Answer:
        """Save one answer and commit; returns the row as written, so a front end need not read it back.

        With `expected_revision` (0 for "no answer yet") the save only happens if
        nobody else saved since that revision, else `AnswerConflict` is raised and
        nothing is written: a second window never silently overwrites the first.
        """
        now = utcnow()
        values = {
            "assessment_id": assessment_id,
            "question_id": draft.question_id,
            "status": draft.status.value if draft.status else None,
            "rationale": draft.rationale,
            "evidence": list(draft.evidence),
            "value": draft.value,
            "carried_over": False,
            "updated_at": now,
        }
        writer = self._writer
        with self.engine.connect() as connection:
            changed = writer.update(connection, values, expected_revision)
            if changed is None:
                current = writer.current_revision(connection, assessment_id, draft.question_id)
                if current is not None:
                    raise AnswerConflict(
                        f"the answer to '{draft.question_id}' was changed elsewhere (now revision {current}); "
                        "reload it before saving"
                    )
                if expected_revision not in (None, 0):
                    raise AnswerConflict(f"the answer to '{draft.question_id}' was deleted elsewhere; reload it")
                try:
                    writer.insert_new(connection, values)
                except IntegrityError as error:
                    raise _insert_error(assessment_id, draft.question_id, error) from error
                changed = 1
            event = {key: values[key] for key in ("question_id", "status", "rationale", "evidence", "value")}
            event.update(carried_over=False, revision=changed)
            if not writer.append_event(connection, assessment_id, "answer.saved", event, now):
                raise StoreError(f"there is no assessment with id {assessment_id}; 'fivefold list' shows the ids")
            connection.commit()
        return Answer(
            assessment_id=assessment_id,
            question_id=draft.question_id,
            status=values["status"],
            rationale=draft.rationale,
            evidence=list(draft.evidence),
            value=draft.value,
            carried_over=False,
            revision=changed,
            updated_at=now,
        )

    # The team's X and Y ---------------------------------------------------------

    def goals(self, assessment_id: int) -> dict[tuple[str, str], LensGoal]:
        with self.session() as session:
            rows = session.exec(select(LensGoal).where(LensGoal.assessment_id == assessment_id))
            return {(row.phase_id, row.lens): row for row in rows}

    def save_goal(self, assessment_id: int, phase_id: str, lens: str, *, x: str, y: str) -> None:
        with self.session() as session:
            goal = session.get(LensGoal, (assessment_id, phase_id, lens))
            if goal is None:
                goal = LensGoal(assessment_id=assessment_id, phase_id=phase_id, lens=lens)
            goal.x, goal.y, goal.updated_at = x, y, utcnow()
            session.add(goal)
            session.flush()
            self._append_event(session, assessment_id, "goal.saved", {"phase": phase_id, "lens": lens, "x": x, "y": y})
            session.execute(update(Assessment).where(col(Assessment.id) == assessment_id).values(updated_at=utcnow()))
            session.commit()

    # Review: approvals, blocker acceptances, sign-offs ----------------------------

    def set_approvals_required(self, assessment_id: int, count: int) -> None:
        if count < 1:
            raise StoreError(f"an assessment needs at least 1 approval, not {count}")
        with self.session() as session:
            session.execute(
                update(Assessment).where(col(Assessment.id) == assessment_id).values(approvals_required=count)
            )
            self._append_event(session, assessment_id, "settings.approvals", {"approvals_required": count})
            session.commit()

    def acceptances(self, assessment_id: int) -> dict[str, BlockerAcceptance]:
        with self.session() as session:
            rows = session.exec(select(BlockerAcceptance).where(BlockerAcceptance.assessment_id == assessment_id))
            return {row.question_id: row for row in rows}

    def accept_blocker(
        self, assessment_id: int, question_id: str, *, answer_revision: int, reviewer: str, reason: str
    ) -> None:
        """Record (or replace) a reviewer's acceptance of a blocker, for the answer revision they read."""
        with self.session() as session:
            found = session.get(BlockerAcceptance, (assessment_id, question_id))
            if found is not None:
                session.delete(found)
                session.flush()
            session.add(
                BlockerAcceptance(
                    assessment_id=assessment_id,
                    question_id=question_id,
                    answer_revision=answer_revision,
                    reviewer=reviewer,
                    reason=reason,
                )
            )
            session.flush()
            data = {
                "question_id": question_id,
                "answer_revision": answer_revision,
                "reviewer": reviewer,
                "reason": reason,
            }
            self._append_event(session, assessment_id, "blocker.accepted", data)
            session.commit()

    def signoffs(self, assessment_id: int) -> list[SignOff]:
        with self.session() as session:
            rows = session.exec(select(SignOff).where(SignOff.assessment_id == assessment_id).order_by(col(SignOff.id)))
            return list(rows)

    def add_signoff(self, signoff: SignOff) -> SignOff:
        """Store a sign-off and its audit event in one transaction."""
        with self.session() as session:
            session.add(signoff)
            session.flush()
            data = {
                "id": signoff.id,
                "reviewer": signoff.reviewer,
                "role": signoff.role,
                "decision": signoff.decision,
                "digest": signoff.digest,
                "statement": signoff.statement,
                "signature": signoff.signature,
            }
            self._append_event(session, signoff.assessment_id, "signoff.recorded", data)
            session.commit()
            session.refresh(signoff)
        return signoff

    # The audit log -----------------------------------------------------------------

    def audit_events(self, assessment_id: int) -> list[AuditEvent]:
        with self.session() as session:
            rows = session.exec(
                select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(col(AuditEvent.seq))
            )
            return list(rows)

    def audit_problems(self, assessment_id: int) -> list[str]:
        """Every sign that the assessment's rows were changed outside Fivefold (empty when intact)."""
        assessment = self.assessment(assessment_id)
        return chain_problems(
            self.audit_events(assessment_id),
            head=assessment.audit_head,
            seq=assessment.audit_seq,
            answers=self.answers(assessment_id),
        )


def _insert_error(assessment_id: int, question_id: str, error: IntegrityError) -> StoreError:
    if "foreign key" in str(error.orig).lower():
        return StoreError(f"there is no assessment with id {assessment_id}; 'fivefold list' shows the ids")
    return AnswerConflict(f"the answer to '{question_id}' was saved elsewhere at the same moment; reload it")


def _where(url: str) -> str:
    path = sqlite_path(url)
    return str(path) if path is not None else url


__all__: Sequence[str] = ["AnswerDraft", "Store"]
