"""Reading one assessment in a worker, for the screens that show one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.message import Message

from fivefold.tui.messages import SnapshotLoaded, StoreOpened

if TYPE_CHECKING:
    from fivefold.review import AssessmentSnapshot
    from fivefold.review.snapshot import AuditCheck


class LoadsAssessment:
    """Mixed into a `Screen` with `assessment_id`, `snapshot` and a `#body` container.

    The snapshot is read in a thread worker as soon as the store is open, and comes back as
    `loaded_message(snapshot)`; a screen whose assessment cannot be read says why and closes.
    """

    assessment_id: int
    snapshot: AssessmentSnapshot | None
    app: Any
    audit_check: ClassVar[AuditCheck] = "chain"
    """How much of the audit log to check on loading (`review.snapshot.load_snapshot`)."""

    def start_loading(self) -> None:
        self.query_one("#body").loading = True  # type: ignore[attr-defined]
        if self.app.store is not None:
            self.load()

    def on_store_opened(self, _message: StoreOpened) -> None:
        if self.snapshot is None:
            self.load()

    @work(thread=True, exclusive=True, group="assessment-load")
    def load(self) -> None:
        from fivefold.errors import FivefoldError
        from fivefold.review import load_snapshot

        try:
            snapshot = load_snapshot(self.app.store, self.app.registry, self.assessment_id, audit=self.audit_check)
            message = self.loaded_message(snapshot)
        except FivefoldError as error:
            self.app.call_from_thread(self._load_failed, str(error))
            return
        self.post_message(message)  # type: ignore[attr-defined]

    def loaded_message(self, snapshot: AssessmentSnapshot) -> Message:
        """What the worker posts back (runs in the worker: keep it free of widgets)."""
        return SnapshotLoaded(snapshot)

    def _load_failed(self, error: str) -> None:
        self.notify(error, severity="error", markup=False)  # type: ignore[attr-defined]
        self.dismiss()  # type: ignore[attr-defined]
