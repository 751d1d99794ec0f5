"""The Fivefold app and `make_app`, the factory the CLI, the tests and the screenshot script share."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input

from fivefold.tui.keys import APP_BINDINGS, FOCUS_BINDINGS
from fivefold.tui.screens.home import HomeScreen
from fivefold.tui.store_work import store_call
from fivefold.visible import has_hidden, visible
from fivefold.vocabulary import EXIT_BAD_INPUT, EXIT_OK

if TYPE_CHECKING:
    from fivefold.banks import BankRegistry
    from fivefold.store import Store


# Moving between fields is not an action anyone looks for in the palette.
PALETTE_SKIPS = frozenset({"focus.next", "focus.previous"})


class FivefoldApp(App[None]):
    """Opens the database in a worker so the home screen's first frame never waits on it."""

    TITLE = "Fivefold"
    SUB_TITLE = "pre-deployment self-assessment"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS, *FOCUS_BINDINGS]
    # Screens style themselves by these classes: at 80x24 and 60x20 they drop or shrink what matters least.
    # (Textual declares them so that a ClassVar annotation here fails mypy: hence the noqa.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012

    store: var[Store | None] = var(None)
    """The open database; None until the worker has opened it. Screens watch it to start reading."""
    registry: var[BankRegistry | None] = var(None)
    """The loaded banks, set together with (just before) `store`."""

    def __init__(self, db_url: str, bank_dirs: Sequence[Path] = (), allowed_signers: Path | None = None) -> None:
        super().__init__()
        self.db_url = db_url
        self.bank_dirs = list(bank_dirs)
        self.allowed_signers = allowed_signers
        """The file the sign-off screen checks signatures against; None: they show as unchecked."""
        self.failure: str | None = None
        """Why the database or the banks could not be opened (the app then exits with code 2)."""
        self.comment_author = ""
        """The name last given in the comments dialog: it is offered again until the app quits."""

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    def open_store(self) -> None:
        """Open the database and load the banks in a worker, once (the home screen asks when it has drawn its
        first rows, or at once when it cannot read them without the store).

        Why not at start-up: opening imports SQLAlchemy, pydantic and Alembic and builds their schemas, in
        one thread beside the event loop, and Python runs one thread at a time: the home screen's frames
        drawing its first rows waited 5 to 10 ms for it each (benchmarks/README.md)."""
        if not self._opening:
            self._opening = True
            store_call(self, self._open_store, self._opened, failed=self._cannot_open, group="open-store")

    _opening = False

    def _open_store(self) -> tuple[Store, BankRegistry]:
        from fivefold.tui.collector import building_to_keep

        # What is loaded here (SQLAlchemy, pydantic, the banks) lives as long as the app: with the collector
        # paused, a full collection elsewhere meanwhile (the home rows') would walk it all (200 ms seen).
        with building_to_keep(collect_first=False):  # nothing closed yet: a collection would walk Textual for naught
            # Imported here: SQLAlchemy, pydantic and Alembic cost more than a frame to import.
            from fivefold.banks import BankRegistry
            from fivefold.store import Store

            registry = BankRegistry.default(self.bank_dirs)
            registry.banks()
            return Store.open(self.db_url, upgrading=self._upgrading), registry

    def _upgrading(self, revision: str) -> None:
        """In the opening worker: an older database is being upgraded, which takes seconds at 10,000
        assessments; the home screen says so instead of "Opening the database…"."""
        from fivefold.store.schema import upgrade_span

        said = f"Upgrading the database {upgrade_span(revision)}…"
        with contextlib.suppress(RuntimeError):  # the app is closing: the upgrade goes on, unsaid
            self.call_from_thread(self._say_opening, said)

    def _say_opening(self, said: str) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.say_opening(said)

    def _opened(self, opened: tuple[Store, BankRegistry]) -> None:
        from fivefold.tui.collector import collect_fully_less_often

        collect_fully_less_often()
        self.registry = opened[1]
        self.store = opened[0]

    def _cannot_open(self, error: str) -> None:
        # `fivefold` prints it once the terminal is restored: as plain text on one line, as every command does
        # (Rich, printing an exit message, wrapped it at 80 columns and would read brackets as markup).
        self.failure = visible(error, keep_newlines=False)
        self.exit(return_code=EXIT_BAD_INPUT)

    async def on_event(self, event: events.Event) -> None:
        # A pasted title or short answer holding an ESC would be drawn raw by the Input, and stored so.
        if (
            isinstance(event, events.Paste)
            and not event.is_forwarded
            and isinstance(self.focused, Input)
            # A line break pasted from a terminal may come as CR (tmux, VTE): a line break, not a control character.
            and has_hidden(event.text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " "))
        ):
            self.notify(
                f"Not pasted: the text holds control characters ({visible(event.text[:60])}).",
                severity="warning",
                markup=False,
            )
            return
        await super().on_event(event)

    async def action_quit(self) -> None:
        """Quit after every screen has saved an answer still waiting for its autosave."""
        from fivefold.tui.dialogs.conflict import ConflictDialog
        from fivefold.tui.widgets.save_indicator import SaveIndicator

        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush_pending_save", None)
            if flush is not None and not await flush():
                # Quitting now would lose the text: its conflict dialog asks which to keep, or the save failed
                # (a full disk); said here too, as the note can cover the indicator on a small terminal.
                if not isinstance(self.screen, ConflictDialog):
                    reason = next((shown.failure for shown in screen.query(SaveIndicator) if shown.failure), None)
                    self.notify(
                        f"Not quit: the answer on screen is not saved ({visible(reason or 'see under it')}). "
                        "Press ctrl+q again once it can be saved.",
                        severity="warning",
                        markup=False,
                    )
                return
        if self.store is not None:
            self.store.close()
        self.exit(return_code=EXIT_OK)

    def action_help(self) -> None:
        from fivefold.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("focus_next", "focus_previous"):
            # The command palette and a widget that indents with tab keep the key for themselves.
            from textual.command import CommandPalette
            from textual.widgets import TextArea

            focused = self.focused
            if isinstance(self.screen, CommandPalette):
                return False
            return not (isinstance(focused, TextArea) and focused.tab_behavior == "indent")
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every action bound on the current screen, then Textual's own."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not binding.description or binding.action in seen or not active.enabled or binding.id in PALETTE_SKIPS:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)

            async def run(action: str = binding.action, target: object = node) -> None:
                await self.run_action(action, target)  # type: ignore[arg-type]

            yield SystemCommand(f"{binding.description} ({key})", binding.tooltip or binding.description, run)
        yield from super().get_system_commands(screen)


def make_app(db_url: str, bank_dirs: Sequence[Path] = (), allowed_signers: Path | None = None) -> FivefoldApp:
    """Build the app on a database URL and extra bank folders.

    `allowed_signers` is resolved as `fivefold.locations.allowed_signers_file` says: the one given, else
    $FIVEFOLD_ALLOWED_SIGNERS, else `allowed_signers` in the user config folder if it is there.
    """
    from fivefold.locations import allowed_signers_file

    return FivefoldApp(db_url=db_url, bank_dirs=bank_dirs, allowed_signers=allowed_signers_file(allowed_signers))
