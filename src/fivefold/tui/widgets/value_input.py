"""The value of a choice, scale, yes/no or short-text question, entered from the keyboard above the editor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from fivefold.tui.labels import literal

if TYPE_CHECKING:
    from fivefold.banks import Question

# Digits pick the first nine options directly; a longer list is reached with the arrows.
DIGIT_KEYS = 9

HINTS = {
    "single-choice": "1-9 or ↑↓ enter: choose one · backspace: clear",
    "multiple-choice": "1-9 or ↑↓ space: tick or untick · backspace: clear all",
    "scale": "1-5 or ↑↓ enter: choose · backspace: clear",
    "yes-no": "y / n, or ↑↓ enter · backspace: clear",
    "short-text": "type a short answer; it saves as you type · enter: on to the rationale",
}


class ChoiceList(OptionList):
    """One or several of a fixed list of values; the value only changes on a key press, never on focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Choose", id="value.choose", show=False),
        *(Binding(str(n), f"pick({n - 1})", f"Choose {n}", id=f"value.pick-{n}", show=False) for n in range(1, 10)),
        Binding("y", "pick_value(True)", "Yes", id="value.yes"),
        Binding("n", "pick_value(False)", "No", id="value.no"),
        Binding("backspace,delete", "clear", "Clear", id="value.clear"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.multiple = False
        self.yes_no = False
        self.values: list[Any] = []
        self.labels: list[str] = []
        self.chosen: list[Any] = []

    def load(self, values: list[Any], labels: list[str], *, multiple: bool, current: Any, yes_no: bool = False) -> None:
        """Show `values` (as `labels`) with `current` ticked; posts nothing."""
        self.values, self.labels, self.multiple, self.yes_no = values, labels, multiple, yes_no
        if current is None:
            self.chosen = []
        elif multiple:
            self.chosen = [value for value in values if value in current]
        else:
            self.chosen = [current] if current in values else []
        self.set_options(Option(self._prompt(i)) for i in range(len(values)))
        self.highlighted = values.index(self.chosen[0]) if self.chosen else 0
        self.refresh_bindings()

    @property
    def value(self) -> Any:
        if self.multiple:
            return list(self.chosen) or None
        return self.chosen[0] if self.chosen else None

    def _prompt(self, index: int) -> Text:
        value = self.values[index]
        ticked = value in self.chosen
        marker = ("[x]" if ticked else "[ ]") if self.multiple else ("(•)" if ticked else "( )")
        key = f"{index + 1} " if index < DIGIT_KEYS else "  "
        return Text.assemble((key, "dim"), (marker, "bold" if ticked else ""), " ", literal(self.labels[index]))

    def _choose(self, index: int) -> None:
        value = self.values[index]
        if self.multiple:
            self.chosen = [v for v in self.values if (v in self.chosen) != (v == value)]
        elif self.chosen == [value]:
            return  # already the answer: nothing to save
        else:
            self.chosen = [value]
        self._changed()
        self.highlighted = index

    def _changed(self) -> None:
        for index in range(len(self.values)):
            self.replace_option_prompt_at_index(index, self._prompt(index))
        self.post_message(ValueInput.Picked(self.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return isinstance(parameters[0], int) and parameters[0] < min(len(self.values), DIGIT_KEYS)
        if action == "pick_value":
            return self.yes_no
        if action == "clear":
            return bool(self.chosen) or None
        return True

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_index)

    def action_pick(self, index: int) -> None:
        self._choose(index)

    def action_pick_value(self, value: Any) -> None:
        self._choose(self.values.index(value))

    def action_clear(self) -> None:
        if self.chosen:
            self.chosen = []
            self._changed()


class ValueInput(Vertical, can_focus=False):
    """Shows the input that fits the question's kind, and nothing for a rationale question.

    Posts `Picked` at once for a choice (one key press, one save) and `Typed` for short
    text, which the screen saves after the same pause as the editor.
    """

    DEFAULT_CSS = """
    ValueInput { height: auto; }
    ValueInput > #value-hint { height: 1; color: $text-muted; }
    ValueInput > ChoiceList { max-height: 9; }
    """

    @dataclass
    class Picked(Message):
        """The user chose a value (None: cleared)."""

        value: Any

    @dataclass
    class Typed(Message):
        """The user typed into the short-text field; `value` is None when it is empty."""

        value: Any

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = "rationale"

    def compose(self) -> ComposeResult:
        # Imported here, like every core module the screens use: the app's first frame never loads pydantic.
        from fivefold.banks.kinds import SHORT_TEXT_LIMIT

        yield Static(id="value-hint")
        yield ChoiceList(id="value-choices")
        yield Input(id="value-text", max_length=SHORT_TEXT_LIMIT, placeholder="a short answer")

    def show(self, question: Question, current: Any) -> None:
        """Fit the input to `question` and show `current`; posts nothing."""
        from fivefold.banks.models import SCALE

        self.kind = question.kind
        self.display = question.kind != "rationale"
        choices, text = self.query_one(ChoiceList), self.query_one(Input)
        choices.display = question.kind in ("single-choice", "multiple-choice", "scale", "yes-no")
        text.display = question.kind == "short-text"
        self.query_one("#value-hint", Static).update(Text(f"Value: {HINTS.get(question.kind, '')}"))
        if question.kind in ("single-choice", "multiple-choice"):
            options = list(question.options)
            choices.load(options, options, multiple=question.kind == "multiple-choice", current=current)
        elif question.kind == "scale":
            values = list(SCALE)
            labels = [f"{value} of 5" for value in values]
            choices.load(values, labels, multiple=False, current=current)
        elif question.kind == "yes-no":
            choices.load([True, False], ["yes", "no"], multiple=False, current=current, yes_no=True)
        elif question.kind == "short-text":
            with text.prevent(Input.Changed):
                text.value = current if isinstance(current, str) else ""

    @property
    def value(self) -> Any:
        if self.kind == "short-text":
            return self.query_one(Input).value.strip() or None
        if self.kind == "rationale":
            return None
        return self.query_one(ChoiceList).value

    @property
    def field(self) -> ChoiceList | Input:
        """The focusable part in use."""
        return self.query_one(Input) if self.kind == "short-text" else self.query_one(ChoiceList)

    @on(Input.Changed, "#value-text")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Typed(self.value))

    @on(Input.Submitted, "#value-text")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()  # on to the rationale
