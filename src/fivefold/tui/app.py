"""The Fivefold app and `make_app`, the factory the CLI, the tests and the screenshot script share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from fivefold.tui.messages import StoreFailed, StoreOpened
from fivefold.tui.screens.home import HomeScreen
from fivefold.vocabulary import EXIT_BAD_INPUT

if TYPE_CHECKING:
    from fivefold.banks import BankRegistry
    from fivefold.store import Store


class FivefoldApp(App[int]):
    """Opens the database in a worker so the home screen's first frame never waits on it."""

    TITLE = "Fivefold"
    SUB_TITLE = "pre-deployment self-assessment"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Save any pending answer and quit"),
        Binding("f1", "help", "Help", id="help", tooltip="Every key of every screen"),
    ]

    def __init__(self, db_url: str, bank_dirs: Sequence[Path] = ()) -> None:
        super().__init__()
        self.db_url = db_url
        self.bank_dirs = list(bank_dirs)
        self.store: Store | None = None
        self.registry: BankRegistry | None = None

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.open_store()

    @work(thread=True, exclusive=True, group="store")
    def open_store(self) -> None:
        # Imported here: SQLAlchemy, pydantic and Alembic cost more than a frame to import.
        from fivefold.banks import BankRegistry
        from fivefold.errors import FivefoldError
        from fivefold.store import Store

        try:
            registry = BankRegistry.default(self.bank_dirs)
            registry.banks()
            store = Store.open(self.db_url)
        except FivefoldError as error:
            self.post_message(StoreFailed(str(error)))
            return
        self.post_message(StoreOpened(store, registry))

    def on_store_opened(self, message: StoreOpened) -> None:
        self.store, self.registry = message.store, message.registry
        for screen in self.screen_stack:
            screen.post_message(StoreOpened(message.store, message.registry))

    def on_store_failed(self, message: StoreFailed) -> None:
        self.exit(EXIT_BAD_INPUT, message=f"fivefold: {message.error}")

    async def action_quit(self) -> None:
        """Quit after every screen has flushed an answer still waiting for its autosave."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_pending_save", None)
            if flush is not None and not flush():
                return  # its conflict dialog asks which text to keep; quitting now would lose one
        if self.store is not None:
            self.store.close()
        self.exit(0)

    def action_help(self) -> None:
        from fivefold.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every action bound on the current screen, then Textual's own."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            key = self.get_key_display(binding)

            async def run(action: str = binding.action, target: object = node) -> None:
                await self.run_action(action, target)  # type: ignore[arg-type]

            yield SystemCommand(f"{binding.description} ({key})", binding.tooltip or binding.description, run)
        yield from super().get_system_commands(screen)


def make_app(db_url: str, bank_dirs: Sequence[Path] = ()) -> FivefoldApp:
    """Build the app on a database URL and extra bank folders."""
    return FivefoldApp(db_url=db_url, bank_dirs=bank_dirs)
