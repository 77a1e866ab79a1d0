"""The tasks the shop's rules suggest, to accept (a task is made) or dismiss (that
occasion is not suggested again), one at a time or many at once.

Suggestions are found over the whole shop (most of a second on 100,000
customers): the page reads them off the GUI thread into a lazy model. An answer
goes through ``ctx.actions`` and takes its suggestions out of the list at once;
more than ``INLINE_ANSWERS`` are answered in a worker, whose changes are published
when it is done. A read that began before an answer never brings its suggestions back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from crm.services import suggestions
from crm.services.staff import StaffInfo
from crm.services.suggestions import Suggestion
from ui.dialogs.task_dialog import fill_staff_combo
from ui.errors import error_text
from ui.models.suggestion_model import SuggestionTableModel, runs, suggestion_reason
from ui.views.followup.answers import ACCEPT, DISMISS, Answered, answer_each
from ui.views.followup.task_lists import open_customer_at
from ui.views.page import Page
from ui.widgets.confirm import confirm
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.empty_state import EmptyState
from ui.widgets.page_parts import button_row, fit_columns, muted_label, push_button, row_table, shortcut

INLINE_ANSWERS = 20  # answering more than this many at once runs in a worker
SECTION_STYLE = "font-size: 14px; font-weight: 600;"
M = SuggestionTableModel


class SuggestionsPanel(QWidget):
    said = Signal(str)  # what the last answer did, for the page's status line
    tasks_made = Signal(object)  # list[TaskInfo]: the tasks accepting made

    def __init__(self, page: Page, parent: QWidget | None = None):
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        # What answers since the latest read began settled: that read may still show them.
        self._settled: list[Callable[[Suggestion], bool]] = []
        self._first_selected = 0  # where the clerk was when answering began
        self._answering = ""  # what the worker answering now is doing, said while it works

        self.model = SuggestionTableModel(self)
        self.table = row_table(self.model, self, SuggestionTableModel.DUE, multi=True)
        self.table.setObjectName("suggestions")
        self.table.activated.connect(lambda index: open_customer_at(self.ctx, index))
        self.menu = CustomerMenu(self.table, self.ctx)
        self.empty = EmptyState(self.table, lambda: page.jobs.busy("suggestions"), page, "suggestions_empty")
        self.empty.say(
            self.tr("No suggestions now"),
            self.tr(
                "When the shop's rules find someone to follow up (a customer who stopped coming, "
                "a birthday, a new customer to welcome back), they are suggested here."
            ),
        )
        self.table.selectionModel().selectionChanged.connect(self.update_state)
        fit_columns(self.table, stretch=SuggestionTableModel.REASON)
        shortcut(self.table, Qt.Key.Key_Delete, self.dismiss_selected, Qt.ShortcutContext.WidgetShortcut)

        heading = QLabel(self.tr("Suggestions"), self)
        heading.setStyleSheet(SECTION_STYLE)
        self.count = QLabel(self)
        self.count.setObjectName("suggestion_count")
        self.working = muted_label(parent=self)
        self.accept_assignee = QComboBox(self)
        self.accept_assignee.setObjectName("accept_assignee")
        self.accept_assignee.setMinimumWidth(130)
        self.accept_assignee.setToolTip(self.tr("Who the accepted tasks are assigned to"))
        fill_staff_combo(self.accept_assignee, self.tr("Unassigned"), [])
        self.accept_button = push_button(
            self.tr("Accept"),
            self.accept_selected,
            self.tr("Create tasks from the selected suggestions (Ctrl+Y)"),
        )
        self.dismiss_button = push_button(
            self.tr("Dismiss"),
            self.dismiss_selected,
            self.tr("Hide the selected suggestions; this occasion is not suggested again (Del)"),
        )
        bar = button_row(
            (heading, self.count, self.working),
            (
                QLabel(self.tr("Assign to"), self),
                self.accept_assignee,
                self.accept_button,
                self.dismiss_button,
            ),
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        self.update_state()

    # --- showing ------------------------------------------------------------------------

    def reading(self) -> None:
        """A read of the suggestions begins: it sees every answer given so far."""
        self._settled.clear()

    def show_suggestions(self, found: list[Suggestion]) -> None:
        """Show what was read; the selected suggestions stay selected where they still stand."""
        if self._settled:
            found = [s for s in found if not any(settled(s) for settled in self._settled)]
        key = SuggestionTableModel.row_key
        selected = {key(s) for s in self.selected_suggestions()}
        first = self._first_selected_row()
        self.model.set_suggestions(found)
        rows = (
            [row for row, s in enumerate(self.model.suggestions()) if key(s) in selected] if selected else []
        )
        if rows:
            self.select_suggestions(rows)
        elif first is not None:
            self._select_near(first)
        self._show_count()
        self.update_state()

    def show_staff(self, members: list[StaffInfo]) -> None:
        # The signed-in one at first; afterwards whoever was chosen, "Unassigned" included.
        loaded = self.accept_assignee.count() > 1
        chosen = self.accept_assignee.currentData() if loaded else self.ctx.staff_id
        fill_staff_combo(self.accept_assignee, self.tr("Unassigned"), members, chosen)

    def forget(self, settled: Callable[[Suggestion], bool]) -> None:
        """Take out the suggestions an answer (or a task made here) settled."""
        self._settled.append(settled)
        self.model.remove_where(settled)
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(self.tr("%1 to review").replace("%1", f"{self.model.total():,}"))

    def answering(self) -> bool:
        return self.page.jobs.busy("answer")

    def update_state(self, *_args) -> None:
        """The buttons follow the selection; the note says what is being done in the background."""
        can_answer = bool(self.table.selectionModel().selectedRows()) and not self.answering()
        self.accept_button.setEnabled(can_answer)
        self.dismiss_button.setEnabled(can_answer)
        if self.answering():
            self.working.setText(self._answering)
        elif self.page.jobs.busy("suggestions"):
            self.working.setText(self.tr("Looking for suggestions…"))
        else:
            self.working.clear()

    # --- selection ------------------------------------------------------------------------

    def selected_suggestions(self) -> list[Suggestion]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.suggestion(r) for r in rows]

    def select_suggestions(self, rows: list[int]) -> None:
        """Select these rows (in one selection of runs: thousands stay quick)."""
        self.model.reveal(max(rows, default=0))
        chosen = QItemSelection()
        for first, last in runs(sorted(rows)):
            chosen.select(self.model.index(first, 0), self.model.index(last, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(chosen, flags)

    def _first_selected_row(self) -> int | None:
        return min((i.row() for i in self.table.selectionModel().selectedRows()), default=None)

    def _select_near(self, row: int) -> None:
        """Keep the keyboard user's place: the next row takes the one that left."""
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))

    # --- answering ------------------------------------------------------------------------

    def accept_selected(self) -> None:
        chosen = self.selected_suggestions()
        if not chosen or self.answering():
            return
        assignee_id = self.accept_assignee.currentData()
        # Titled with the reason the list showed, in the app's language (the service's own
        # reason is English); worded here, on the GUI thread, before any worker runs.
        titles = {s: suggestion_reason(s) for s in chosen}
        options = lambda s: {"assignee_id": assignee_id, "title": titles[s]}  # noqa: E731
        self._answer(
            ACCEPT, chosen, self.ctx.actions.accept_suggestion, suggestions.accept_suggestion, options
        )

    def dismiss_selected(self) -> None:
        chosen = self.selected_suggestions()
        if not chosen or self.answering():
            return
        question = self.tr(
            "Dismiss %1 suggestions? They will not be suggested again for these occasions."
        ).replace("%1", str(len(chosen)))
        if len(chosen) > 1 and not confirm(self, self.tr("Dismiss suggestions"), question):
            return
        self._answer(DISMISS, chosen, self.ctx.actions.dismiss_suggestion, suggestions.dismiss_suggestion)

    def _answer(
        self,
        kind: str,
        chosen: list[Suggestion],
        action: Callable[..., Any],
        service: Callable[..., Any],
        options: Callable[[Suggestion], dict[str, Any]] = lambda _s: {},
    ) -> None:
        """A few through ``action`` (each publishes its change) at once; many through the
        ``service`` in a worker, signed by the one at the counter, their changes published after."""
        self._first_selected = self._first_selected_row() or 0
        if len(chosen) <= INLINE_ANSWERS:
            self._answered(answer_each(kind, chosen, lambda s: action(s, **options(s))))
            return
        actor = self.ctx.actor
        doing = (
            self.tr("Accepting %1 suggestions…") if kind == ACCEPT else self.tr("Dismissing %1 suggestions…")
        )
        self._answering = doing.replace("%1", str(len(chosen)))
        work = lambda s: service(s, actor=actor, **options(s))  # noqa: E731
        self.page.read("answer", answer_each, self._answered_in_background, kind, chosen, work)

    def _answered_in_background(self, answered: Answered) -> None:
        self.ctx.actions.publish(answered.changes)
        self._answered(answered)

    def _answered(self, answered: Answered) -> None:
        self.forget(answered.settled())
        self._select_near(self._first_selected)
        if answered.created:
            self.tasks_made.emit(answered.created)
        done = (
            self.tr("Accepted %1 suggestion(s); the tasks are in the lists above.")
            if answered.kind == ACCEPT
            else self.tr("Dismissed %1 suggestion(s).")
        )
        self.said.emit(done.replace("%1", str(len(answered.done))))
        if answered.refused:
            first = error_text(answered.refused[0][1])
            if len(answered.refused) > 1:
                first = (
                    self.tr("%1 could not be done; the first: %2")
                    .replace("%1", str(len(answered.refused)))
                    .replace("%2", first)
                )
            QMessageBox.warning(self, self.tr("Follow-up"), first)
        self.update_state()
