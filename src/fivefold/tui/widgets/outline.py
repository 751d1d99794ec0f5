"""The outline of phases > lenses > questions, with a status mark on every question."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from fivefold.tui.labels import STATUS_MARKS, literal, mark_key, theme_style

if TYPE_CHECKING:
    from fivefold.banks import Bank
    from fivefold.store import Answer

# A node's data: the index of its question in bank order, or None for a phase or lens.
NodeData = int | None


class Outline(Tree[NodeData]):
    """Arrows move, enter edits the question, a/c/b/n set its status.

    The status letters stay out of the crowded footer; the status line, the help
    screen and the command palette show them.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "screen.set_status('addressed')", "Addressed", id="outline.addressed", show=False),
        Binding("c", "screen.set_status('concern')", "Concern", id="outline.concern", show=False),
        Binding("b", "screen.set_status('blocker')", "Blocker", id="outline.blocker", show=False),
        Binding("n", "screen.set_status('not-applicable')", "N/A", id="outline.not-applicable", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Questions", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._question_nodes: dict[str, TreeNode[NodeData]] = {}
        self._phase_nodes: dict[str, TreeNode[NodeData]] = {}
        self._texts: dict[str, str] = {}

    def build(self, bank: Bank, answers: dict[str, Answer]) -> None:
        self.clear()
        self._question_nodes.clear()
        self._phase_nodes.clear()
        index = 0
        for phase in bank.phases:
            phase_node = self.root.add(literal(phase.title), data=None, expand=True)
            self._phase_nodes[phase.id] = phase_node
            for lens_name, lens in phase.lenses():
                lens_node = phase_node.add(Text(lens_name, style="italic"), data=None, expand=True)
                for question in lens.questions:
                    self._texts[question.id] = question.text
                    node = lens_node.add_leaf("", data=index)
                    self._question_nodes[question.id] = node
                    answer = answers.get(question.id)
                    self.set_mark(question.id, answer.status if answer else None, bool(answer and answer.rationale))
                    index += 1

    def set_mark(self, question_id: str, status: str | None, has_text: bool) -> None:
        mark, colour = STATUS_MARKS[mark_key(status, has_text)]
        label = Text.assemble((mark, theme_style(self.app, colour)), " ", literal(self._texts[question_id]))
        self._question_nodes[question_id].set_label(label)

    def set_phase_progress(self, phase_id: str, title: str, answered: int, total: int) -> None:
        self._phase_nodes[phase_id].set_label(Text.assemble(literal(title), (f"  {answered}/{total}", "dim")))

    def show_question(self, question_id: str) -> None:
        node = self._question_nodes[question_id]
        if self.cursor_node is node:
            return
        if node.line < 0:  # just built: the tree has not laid out its lines yet
            self.call_after_refresh(self.move_cursor, node)
        else:
            self.move_cursor(node)
