"""The `Store`: one open database and the queries Fivefold runs on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from fivefold.store.answer_writer import AnswerWriter
from fivefold.store.audit import (
    Tables,
    action_event_data,
    artifact_event_data,
    audited_tables,
    chain_problems,
    comment_event_data,
    head_problems,
    signoff_event_data,
    state_event_data,
)
from fivefold.store.engine import make_engine, sqlite_path
from fivefold.store.errors import AnswerConflict, StoreError
from fivefold.store.models import (
    ActionItem,
    Answer,
    AnswerStatus,
    Artifact,
    Assessment,
    AuditEvent,
    BlockerAcceptance,
    Comment,
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

    def _append_event(
        self,
        session: Session,
        assessment_id: int,
        kind: str,
        data: dict[str, Any],
        *,
        expected_head: str | None = None,
    ) -> None:
        connection = session.connection()
        if self._writer.append_event(connection, assessment_id, kind, data, utcnow(), expected_head=expected_head):
            return
        if expected_head is not None and session.get(Assessment, assessment_id) is not None:
            raise StoreError(
                f"assessment {assessment_id} changed while this was being recorded; read it again and repeat"
            )
        raise StoreError(f"there is no assessment with id {assessment_id}; 'fivefold list' shows the ids")

    @classmethod
    def open(cls, url: str, *, upgrading: Callable[[str], None] | None = None) -> Store:
        """Open `url`, refusing a newer database untouched and upgrading an older one (`upgrading` is
        told its revision first, so that a front end can say why this takes long).

        `make_engine` does not connect: the first connection comes after `upgrade_to_head`
        has checked a SQLite file through a read-only handle.
        """
        engine = make_engine(url)
        try:
            upgrade_to_head(engine, upgrading=upgrading)
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
            assert assessment.id is not None
            self._append_event(session, assessment.id, "assessment.created", state_event_data(assessment.model_dump()))
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
        """Create cycle N+1 of `previous`'s system: its answers become carried-over drafts, its X and Y and
        its open items' owners and due dates stay."""
        with self.session() as session:
            following = Assessment(
                title=previous.title,
                system_name=previous.system_name,
                system_version=previous.system_version,
                bank_id=previous.bank_id,
                bank_version=bank_version,
                bank_hash=bank_hash,
                approvals_required=previous.approvals_required,
                open_comments_block=previous.open_comments_block,
                cycle=previous.cycle + 1,
                previous_id=previous.id,
                previous_uuid=previous.uuid,
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
                carried.append(copy.model_dump())
            goals = []
            for goal in session.exec(select(LensGoal).where(LensGoal.assessment_id == previous.id)):
                session.add(
                    LensGoal(assessment_id=following.id, phase_id=goal.phase_id, lens=goal.lens, x=goal.x, y=goal.y)
                )
                goals.append({"phase": goal.phase_id, "lens": goal.lens, "x": goal.x, "y": goal.y})
            # Who follows up an open item, and by when, carries over with its answer (the answer stays an open
            # item until someone confirms or changes it).
            owners = []
            for item in session.exec(select(ActionItem).where(ActionItem.assessment_id == previous.id)):
                copied = ActionItem(
                    assessment_id=following.id,
                    question_id=item.question_id,
                    owner=item.owner,
                    due=item.due,
                    set_at=item.set_at,
                )
                session.add(copied)
                owners.append(copied.model_dump())
            session.flush()
            # The previous cycle's head pins the history this cycle continues from.
            started = state_event_data(
                following.model_dump(),
                answers=carried,
                goals=goals,
                action_items=owners,
                previous_head=previous.audit_head,
            )
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
        """Save one answer and commit; returns the new revision (see `save_answers`)."""
        return self.save_answers(assessment_id, [draft], expected_revisions=[expected_revision])[0].revision

    def save_answers(
        self,
        assessment_id: int,
        drafts: Sequence[AnswerDraft],
        *,
        expected_revisions: Sequence[int | None] | None = None,
    ) -> list[Answer]:
        """Save answers, each with its audit event, in one transaction: all of them or none. Returns them as saved.

        With an expected revision (0 for "no answer yet") an answer is only saved if nobody
        else saved it since that revision, else `AnswerConflict` is raised and nothing is
        written: a second window never silently overwrites the first.
        """
        expected = list(expected_revisions) if expected_revisions is not None else [None] * len(drafts)
        if len(expected) != len(drafts):
            raise ValueError("one expected revision per draft, or none at all")
        now = utcnow()
        saved = []
        with self.engine.connect() as connection:
            for draft, expected_revision in zip(drafts, expected, strict=True):
                saved.append(self._save_one(connection, assessment_id, draft, expected_revision, now))
            connection.commit()
        return saved

    def _save_one(
        self,
        connection: Connection,
        assessment_id: int,
        draft: AnswerDraft,
        expected_revision: int | None,
        now: datetime,
    ) -> Answer:
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
        return Answer(**values, revision=changed)

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

    def add_signoff(self, signoff: SignOff, *, expected_head: str) -> SignOff:
        """Store a sign-off and its audit event in one transaction, only if the audit head is still
        `expected_head`, the one its statement names: nothing may have changed since it was made."""
        with self.session() as session:
            session.add(signoff)
            session.flush()
            data = signoff_event_data(signoff.model_dump())
            self._append_event(session, signoff.assessment_id, "signoff.recorded", data, expected_head=expected_head)
            session.commit()
            session.refresh(signoff)
        return signoff

    def set_open_comments_block(self, assessment_id: int, blocks: bool) -> None:
        """Whether an open comment keeps the assessment from being ready for sign-off."""
        with self.session() as session:
            session.execute(
                update(Assessment).where(col(Assessment.id) == assessment_id).values(open_comments_block=blocks)
            )
            self._append_event(session, assessment_id, "settings.open_comments", {"open_comments_block": blocks})
            session.commit()

    # Comments and action items ------------------------------------------------------

    def comments(self, assessment_id: int) -> list[Comment]:
        """Every comment of the assessment, oldest first."""
        with self.session() as session:
            query = (
                select(Comment)
                .where(col(Comment.assessment_id) == assessment_id)
                .order_by(col(Comment.created_at), col(Comment.uuid))
            )
            return list(session.scalars(query))

    def add_comment(
        self, assessment_id: int, *, question_id: str, author: str, text: str, reply_to: str | None = None
    ) -> Comment:
        """Record a comment on a question, or a reply to a comment of the same question's thread."""
        comment = Comment(
            assessment_id=assessment_id, question_id=question_id, reply_to=reply_to, author=author, text=text
        )
        with self.session() as session:
            if reply_to is not None:
                parent = session.get(Comment, (assessment_id, reply_to))
                if parent is None:
                    raise StoreError(f"assessment {assessment_id} has no comment {reply_to} to reply to")
                if parent.question_id != question_id:
                    raise StoreError(
                        f"comment {reply_to[:8]} is on '{parent.question_id}', not '{question_id}'; "
                        "a reply stays on its thread's question"
                    )
            session.add(comment)
            session.flush()
            self._append_event(session, assessment_id, "comment.added", comment_event_data(comment.model_dump()))
            session.commit()
            session.refresh(comment)
        return comment

    def resolve_comment(self, assessment_id: int, thread: str, *, by: str, resolved: bool = True) -> Comment:
        """Resolve (or, with `resolved=False`, reopen) the thread that the comment `thread` opens."""
        kind = "comment.resolved" if resolved else "comment.reopened"
        with self.session() as session:
            comment = session.get(Comment, (assessment_id, thread))
            if comment is None or comment.reply_to is not None:
                raise StoreError(f"assessment {assessment_id} has no comment thread {thread}")
            comment.resolved, comment.resolved_by = resolved, by if resolved else ""
            comment.resolved_at = utcnow() if resolved else None
            session.add(comment)
            session.flush()
            self._append_event(session, assessment_id, kind, {"id": thread, "by": by})
            session.commit()
            session.refresh(comment)
        return comment

    def action_items(self, assessment_id: int) -> dict[str, ActionItem]:
        """The owner and due date of every question that was given one, by question id."""
        with self.session() as session:
            rows = session.scalars(select(ActionItem).where(col(ActionItem.assessment_id) == assessment_id))
            return {row.question_id: row for row in rows}

    def assign_action(self, assessment_id: int, question_id: str, *, owner: str, due: date) -> ActionItem:
        """Give a question's open item an owner and a due date, replacing any earlier ones."""
        with self.session() as session:
            item = session.get(ActionItem, (assessment_id, question_id))
            if item is None:
                item = ActionItem(assessment_id=assessment_id, question_id=question_id, owner=owner, due=due)
            item.owner, item.due, item.set_at = owner, due, utcnow()
            session.add(item)
            session.flush()
            self._append_event(session, assessment_id, "action.assigned", action_event_data(item.model_dump()))
            session.commit()
            session.refresh(item)
        return item

    def clear_action(self, assessment_id: int, question_id: str) -> bool:
        """Take a question's owner and due date away; False when it had none (nothing is written then)."""
        with self.session() as session:
            item = session.get(ActionItem, (assessment_id, question_id))
            if item is None:
                return False
            session.delete(item)
            session.flush()
            self._append_event(session, assessment_id, "action.cleared", {"question_id": question_id})
            session.commit()
        return True

    # Artifacts ----------------------------------------------------------------------

    def artifacts(self, assessment_id: int) -> list[Artifact]:
        with self.session() as session:
            query = select(Artifact).where(col(Artifact.assessment_id) == assessment_id).order_by(col(Artifact.name))
            return list(session.scalars(query))

    def add_artifact(self, assessment_id: int, *, name: str, size: int, sha256: str) -> Artifact:
        """Record a file the review is about; an artifact of the same name is replaced."""
        with self.session() as session:
            artifact = session.get(Artifact, (assessment_id, name))
            if artifact is None:
                artifact = Artifact(assessment_id=assessment_id, name=name, size=size, sha256=sha256)
            artifact.size, artifact.sha256, artifact.added_at = size, sha256, utcnow()
            session.add(artifact)
            session.flush()
            self._append_event(session, assessment_id, "artifact.added", artifact_event_data(artifact.model_dump()))
            session.commit()
            session.refresh(artifact)
        return artifact

    # The audit log -----------------------------------------------------------------

    def audit_events(self, assessment_id: int) -> list[AuditEvent]:
        with self.session() as session:
            rows = session.exec(
                select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(col(AuditEvent.seq))
            )
            return list(rows)

    def audit_problems(self, assessment_id: int) -> list[str]:
        """Every sign that the assessment's rows were changed outside Fivefold (empty when intact):
        the audit chain replayed and compared with every table, naming the table, row and field."""
        assessment = self.assessment(assessment_id)
        # Plain rows, not ORM objects: replaying 5,000 events took 125 ms to load them as `AuditEvent`s.
        columns = [getattr(AuditEvent, name) for name in ("seq", "kind", "at", "data", "prev_hash", "hash")]
        query = select(*columns).where(col(AuditEvent.assessment_id) == assessment_id).order_by(col(AuditEvent.seq))
        with self.engine.connect() as connection:
            events = connection.execute(query).all()
        return chain_problems(
            events,
            head=assessment.audit_head,
            seq=assessment.audit_seq,
            tables=self.audited_rows(assessment_id),
        )

    def audit_head_problems(self, assessment_id: int) -> list[str]:
        """The audit log's newest event checked against the assessment's head, in constant time however long
        the log (`audit.head_problems`): what opening an assessment checks. `audit_problems` replays it all."""
        assessment = self.assessment(assessment_id)
        with self.session() as session:
            query = (
                select(AuditEvent)
                .where(col(AuditEvent.assessment_id) == assessment_id, col(AuditEvent.seq) >= assessment.audit_seq)
                .order_by(col(AuditEvent.seq))
                .limit(2)
            )
            newest = list(session.scalars(query))
        return head_problems(newest, head=assessment.audit_head, seq=assessment.audit_seq)

    def audited_rows(self, assessment_id: int) -> Tables:
        """Every row the audit chain vouches for, as stored, named and shaped as its replay derives them."""
        return audited_tables(
            self.assessment(assessment_id).model_dump(),
            answers=[row.model_dump() for row in self.answers(assessment_id).values()],
            goals=[row.model_dump() for row in self.goals(assessment_id).values()],
            acceptances=[row.model_dump() for row in self.acceptances(assessment_id).values()],
            signoffs=[row.model_dump() for row in self.signoffs(assessment_id)],
            artifacts=[row.model_dump() for row in self.artifacts(assessment_id)],
            comments=[row.model_dump() for row in self.comments(assessment_id)],
            action_items=[row.model_dump() for row in self.action_items(assessment_id).values()],
        )


def _insert_error(assessment_id: int, question_id: str, error: IntegrityError) -> StoreError:
    if "foreign key" in str(error.orig).lower():
        return StoreError(f"there is no assessment with id {assessment_id}; 'fivefold list' shows the ids")
    return AnswerConflict(f"the answer to '{question_id}' was saved elsewhere at the same moment; reload it")


def _where(url: str) -> str:
    path = sqlite_path(url)
    return str(path) if path is not None else url


__all__: Sequence[str] = ["AnswerDraft", "Store"]
