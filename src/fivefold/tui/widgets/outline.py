"""The outline of phases > lenses > questions that apply, with a status mark on every question."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from fivefold.tui.labels import (
    OUTLINE_STATUS_KEYS,
    STATUS_MARKS,
    STATUS_NAMES,
    answer_mark_key,
    literal,
    outline_status_keys_hint,
    theme_style,
)
from fivefold.tui.review_marks import COMMENT_MARK, OVERDUE_MARK
from fivefold.vocabulary import STATUSES

if TYPE_CHECKING:
    from fivefold.banks import Bank
    from fivefold.store import Answer

STATUS_KEYS = frozenset(OUTLINE_STATUS_KEYS.values())
DIALOG_KEYS = frozenset({"c", "o"})
"""The letters that open the comments and the owner dialogs."""

# A node's data: the index of its question in bank order, or None for a phase or lens.
NodeData = int | None


class Outline(Tree[NodeData]):
    """Arrows move, enter edits the question, a / ! / b / - set its status and ctrl+z undoes that;
    c opens its comments and o its owner and due date.

    The status keys stay out of the crowded footer; the status line, the help screen and the command
    palette show them. Every status set here is announced, naming the question and what it was.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                OUTLINE_STATUS_KEYS[status],
                f"screen.set_status_here('{status}')",
                STATUS_NAMES[status].capitalize(),
                id=f"outline.{status}",
                show=False,
            )
            for status in STATUSES
        ),
        Binding("ctrl+z", "screen.undo_status", "Undo status", id="outline.undo", show=False),
        Binding("n", "screen.search_step(1)", "Next hit", id="outline.next-hit", show=False),
        Binding("N", "screen.search_step(-1)", "Previous hit", id="outline.previous-hit", show=False),
        # c opens the comments, as issue 10 asks (a concern is "!" here); both open dialogs only from the outline, so
        # that typing an answer is never taken for a key.
        Binding(
            "c",
            "screen.comments",
            "Comments",
            id="outline.comments",
            show=False,
            tooltip="Comments on the question: read, write, reply, resolve",
        ),
        Binding(
            "o",
            "screen.owner",
            "Owner and due date",
            id="outline.owner",
            show=False,
            tooltip="Give the question's concern or blocker an owner and a due date",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Questions", id=id)
        self.show_root = False
        self.guide_depth = 2
        self._question_nodes: dict[str, TreeNode[NodeData]] = {}
        self._phase_nodes: dict[str, TreeNode[NodeData]] = {}
        self._lens_nodes: dict[tuple[str, str], TreeNode[NodeData]] = {}
        """Each lens listed, by phase id and lens name."""
        self._phase_counts: dict[str, tuple[int, int]] = {}
        """The (answered, total) each phase's label shows: moving to the next question changes none."""
        self._texts: dict[str, str] = {}
        self._kinds: dict[str, str] = {}
        self._answers: dict[str, Answer | None] = {}
        """The answer each question's mark was last drawn from."""
        self.open_comments: frozenset[str] = frozenset()
        """The questions marked as having an open comment thread."""
        self.overdue: frozenset[str] = frozenset()
        """The questions marked as having an overdue action item."""
        self.shown: frozenset[str] = frozenset()
        """The ids of the questions the outline lists (those whose `when` condition holds)."""
        self._typing = False
        """A letter that is no key came last: someone is typing here, and a status key is a letter too."""

    def build(self, bank: Bank, answers: dict[str, Answer], shown: Collection[str] | None = None) -> None:
        """Lay out the bank; only the questions in `shown` (all when None), and lenses and phases that keep one."""
        self.clear()
        self._question_nodes.clear()
        self._lens_nodes.clear()
        self._phase_nodes.clear()
        self._phase_counts.clear()
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
                            self._lens_nodes[phase.id, lens_name] = lens_node
                        self._question_nodes[question.id] = lens_node.add_leaf("", data=index)
                        self.set_mark(question.id, answers.get(question.id))
                    index += 1

    def show_only(self, bank: Bank, answers: dict[str, Answer], shown: Collection[str]) -> None:
        """List exactly the questions in `shown`, as `build` would, adding and removing only the nodes of those
        whose condition changed: building a 1,000-question bank's outline again took 30 to 90 ms, after a save."""
        shown = frozenset(shown)
        hidden, appearing = self.shown - shown, shown - self.shown
        self.shown = shown
        for question_id in hidden:
            node = self._question_nodes.pop(question_id, None)
            if node is not None:
                node.remove()
        for key, lens_node in list(self._lens_nodes.items()):
            if not lens_node.children:  # its last question is hidden now
                del self._lens_nodes[key]
                lens_node.remove()
        for phase_id, phase_node in list(self._phase_nodes.items()):
            if not phase_node.children:
                del self._phase_nodes[phase_id]
                self._phase_counts.pop(phase_id, None)
                phase_node.remove()
        if not appearing:
            return
        # One walk in bank order, counting the nodes listed before each place: where a new one goes.
        index = 0
        phases_before = 0
        for phase in bank.phases:
            lenses_before = 0
            for lens_name, lens in phase.lenses():
                questions_before = 0
                for question in lens.questions:
                    if question.id in shown:
                        if question.id not in self._question_nodes:
                            lens_node = self._lens_node(phase.id, phase.title, lens_name, phases_before, lenses_before)
                            node = lens_node.add_leaf("", data=index, before=questions_before)
                            self._question_nodes[question.id] = node
                            self.set_mark(question.id, answers.get(question.id))
                        questions_before += 1
                    index += 1
                if (phase.id, lens_name) in self._lens_nodes:
                    lenses_before += 1
            if phase.id in self._phase_nodes:
                phases_before += 1

    def _lens_node(
        self, phase_id: str, phase_title: str, lens_name: str, phase_position: int, lens_position: int
    ) -> TreeNode[NodeData]:
        """The node of a lens, added (with its phase's, if need be) at the positions given if it is not listed."""
        phase_node = self._phase_nodes.get(phase_id)
        if phase_node is None:
            phase_node = self.root.add(literal(phase_title), data=None, expand=True, before=phase_position)
            self._phase_nodes[phase_id] = phase_node
        lens_node = self._lens_nodes.get((phase_id, lens_name))
        if lens_node is None:
            lens_node = phase_node.add(Text(lens_name, style="italic"), data=None, expand=True, before=lens_position)
            self._lens_nodes[phase_id, lens_name] = lens_node
        return lens_node

    def set_mark(self, question_id: str, answer: Answer | None) -> None:
        self._answers[question_id] = answer
        node = self._question_nodes.get(question_id)
        if node is None:
            return  # skipped by its condition: not in the outline
        mark, colour = STATUS_MARKS[answer_mark_key(self._kinds[question_id], answer)]
        label = Text.assemble((mark, theme_style(self.app, colour)))
        # Right after the status mark, not at the end: a long question's end is cut off at the outline's edge.
        if question_id in self.open_comments:
            label.append(COMMENT_MARK, theme_style(self.app, "accent"))
        if question_id in self.overdue:
            label.append(OVERDUE_MARK, theme_style(self.app, "error"))
        label.append(" ")
        label.append_text(literal(self._texts[question_id]))
        node.set_label(label)

    def set_review_marks(self, open_comments: frozenset[str], overdue: frozenset[str]) -> None:
        """Mark the questions with an open comment thread or an overdue item (redrawing only those that change)."""
        changed = (open_comments ^ self.open_comments) | (overdue ^ self.overdue)
        self.open_comments, self.overdue = open_comments, overdue
        for question_id in changed:
            if question_id in self._answers:
                self.set_mark(question_id, self._answers[question_id])

    def set_phase_progress(self, phase_id: str, title: str, answered: int, total: int) -> None:
        if phase_id not in self._phase_nodes or self._phase_counts.get(phase_id) == (answered, total):
            return  # every question of the phase is skipped, or the label says so already
        self._phase_counts[phase_id] = (answered, total)
        self._phase_nodes[phase_id].set_label(Text.assemble(literal(title), (f"  {answered}/{total}", "dim")))

    def show_question(self, question_id: str) -> None:
        """Put the cursor on the question (it posts a highlight, which the screen takes as already shown)."""
        node = self._question_nodes.get(question_id)
        if node is None or self.cursor_node is node:
            return
        if node.line < 0:  # just built: the tree has not laid out its lines yet
            self.call_after_refresh(self.show_question, question_id)
        else:
            self.move_cursor(node)

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            self._typing = False  # an arrow, enter or escape: the status keys are keys again
        elif not self._is_bound(event.key):
            # A letter that is no key here was meant as text: say where text goes, change nothing.
            self._typing = True
            event.stop()
            self.notify("The outline takes no text: press enter to write the answer.", timeout=2)
            return
        elif self._typing and event.key in STATUS_KEYS:
            # The same sentence goes on: its a and b are letters, not statuses.
            event.stop()
            self.notify(
                "No status set: that looked like typing. Press enter to write the answer; "
                f"after an arrow key, {outline_status_keys_hint(' / ')} set the status again.",
                timeout=3,
            )
            return
        elif self._typing and event.key in DIALOG_KEYS:
            event.stop()  # its c and o are letters too: no dialog opens over the sentence
            return
        await super()._on_key(event)

    def _is_bound(self, key: str) -> bool:
        return key in self.screen.active_bindings

    def _on_focus(self, event: events.Focus) -> None:
        self._typing = False
