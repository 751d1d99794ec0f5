"""The outline of phases > lenses > questions that apply, with a status mark on every question."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from fivefold.tui.labels import STATUS_MARKS, answer_mark_key, literal, theme_style

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
        self._kinds: dict[str, str] = {}
        self.shown: frozenset[str] = frozenset()
        """The ids of the questions the outline lists (those whose `when` condition holds)."""

    def build(self, bank: Bank, answers: dict[str, Answer], shown: Collection[str] | None = None) -> None:
        """Lay out the bank; only the questions in `shown` (all when None), and lenses and phases that keep one."""
        self.clear()
        self._question_nodes.clear()
        self._phase_nodes.clear()
        self.shown = frozenset(shown) if shown is not None else bank.question_ids()
        index = 0
        for phase in bank.phases:
            phase_node: TreeNode[NodeData] | None = None
            for lens_name, lens in phase.lenses():
                lens_node: TreeNode[NodeData] | None = None
                for question in lens.questions:
                    self._texts[question.id] = question.summary or question.text  # the short label, if any
                    self._kinds[question.id] = question.kind
                    if question.id in self.shown:
                        if phase_node is None:
                            phase_node = self.root.add(literal(phase.title), data=None, expand=True)
                            self._phase_nodes[phase.id] = phase_node
                        if lens_node is None:
                            lens_node = phase_node.add(Text(lens_name, style="italic"), data=None, expand=True)
                        self._question_nodes[question.id] = lens_node.add_leaf("", data=index)
                        self.set_mark(question.id, answers.get(question.id))
                    index += 1

    def set_mark(self, question_id: str, answer: Answer | None) -> None:
        node = self._question_nodes.get(question_id)
        if node is None:
            return  # skipped by its condition: not in the outline
        mark, colour = STATUS_MARKS[answer_mark_key(self._kinds[question_id], answer)]
        label = Text.assemble((mark, theme_style(self.app, colour)), " ", literal(self._texts[question_id]))
        node.set_label(label)

    def set_phase_progress(self, phase_id: str, title: str, answered: int, total: int) -> None:
        if phase_id not in self._phase_nodes:
            return  # every question of the phase is skipped
        self._phase_nodes[phase_id].set_label(Text.assemble(literal(title), (f"  {answered}/{total}", "dim")))

    def show_question(self, question_id: str) -> None:
        node = self._question_nodes.get(question_id)
        if node is None or self.cursor_node is node:
            return
        if node.line < 0:  # just built: the tree has not laid out its lines yet
            self.call_after_refresh(self.move_cursor, node)
        else:
            self.move_cursor(node)
