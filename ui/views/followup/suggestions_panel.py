"""The tasks the shop's rules suggest, to accept (a task is made) or dismiss (that
occasion is not suggested again), one at a time or many at once.

The list is ranked, most at stake first, and shows the signed-in staff member's
share for today (the shop's daily number less what they answered today), saying
how many more are waiting; Show more lets the next ones in. Each row has the
customer's phone and WeChat id, and Copy message puts a message for its kind on
the clipboard.

Suggestions are found over the whole shop (seconds on a chain): the page reads
them off the GUI thread into a book, ranked a page at a time, and the model
reads further pages off the GUI thread as the list scrolls. After a change to a
few customers only theirs are found again. An answer goes through
``ctx.actions`` and takes its suggestions out of the list at once;
more than ``INLINE_ANSWERS`` are answered in a worker, whose changes are published
when it is done. A read that began before an answer never brings its suggestions back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from crm.services import followup_page, suggestions
from crm.services.followup_page import DailySuggestions
from crm.services.staff import StaffInfo
from crm.services.suggestion_book import SuggestionBook
from crm.services.suggestions import Suggestion
from ui.dialogs.task_dialog import fill_staff_combo
from ui.errors import error_text
from ui.models.suggestion_model import SuggestionTableModel, runs, suggestion_reason
from ui.models.task_model import kind_line
from ui.views.followup.answers import ACCEPT, DISMISS, Answered, answer_each
from ui.views.followup.messages import copy_message
from ui.views.followup.task_lists import open_customer_at
from ui.views.page import Page
from ui.widgets.confirm import confirm
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.empty_state import EmptyState
from ui.widgets.page_parts import button_row, fit_columns, muted_label, push_button, row_table, shortcut

INLINE_ANSWERS = 20  # answering more than this many at once runs in a worker
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
        self.daily = 0  # how many a staff member is given a day, as last read
        self.share = 0  # how many may be shown: today's share less those answered, and the more asked for
        self.more = 0  # how many more than today's the clerk asked to see

        self.model = SuggestionTableModel(self)
        self.model.fetcher = self._read_page  # pages after the first are read off the GUI thread
        # Ranked (# ascending) at first: the most at stake on top.
        self.table = row_table(self.model, self, SuggestionTableModel.RANK, multi=True)
        self.table.setObjectName("suggestions")
        self.table.activated.connect(lambda index: open_customer_at(self.ctx, index))
        self.menu = CustomerMenu(self.table, self.ctx)
        self.empty = EmptyState(self.table, lambda: page.jobs.busy("suggestions"), page, "suggestions_empty")
        self._nothing_suggested = (
            self.tr("No suggestions now"),
            self.tr(
                "When the shop's rules find someone to follow up (a customer who stopped coming, "
                "a birthday, a new customer to welcome back), they are suggested here."
            ),
        )
        self.empty.say(*self._nothing_suggested)
        self.table.selectionModel().selectionChanged.connect(self.update_state)
        fit_columns(self.table, stretch=SuggestionTableModel.REASON)
        # The due day is today but for a birthday, which the reason dates: the room goes to the reason.
        self.table.setColumnHidden(SuggestionTableModel.DUE, True)
        shortcut(self.table, Qt.Key.Key_Delete, self.dismiss_selected, Qt.ShortcutContext.WidgetShortcut)

        self.count = QLabel(self)
        self.count.setObjectName("suggestion_count")
        self.more_button = push_button("", self.show_more, self.tr("Show the next suggestions waiting"))
        self.more_button.setObjectName("show_more")
        self.more_button.hide()
        self.working = muted_label(parent=self)
        self.kind_hint = muted_label(parent=self)
        self.kind_hint.setObjectName("kind_hint")
        self.copy_button = push_button(
            self.tr("Copy message"),
            self.copy_selected,
            self.tr("Copy a message for this suggestion's kind and customer, to paste into WeChat"),
        )
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
            (self.count, self.more_button, self.working),
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
        column.addLayout(button_row((self.kind_hint,), (self.copy_button,)))
        shortcut(self.table, "Ctrl+Shift+C", self.copy_selected, Qt.ShortcutContext.WidgetShortcut)
        self.update_state()

    # --- showing ------------------------------------------------------------------------

    def reading(self) -> None:
        """A read of the suggestions begins: it sees every answer given so far."""
        self._settled.clear()

    def _standing(self, s: Suggestion) -> bool:
        """Not answered since the latest read began."""
        return not any(settled(s) for settled in self._settled)

    def show_suggestions(self, daily: DailySuggestions) -> None:
        """Show what was read, today's share of it first; the selected suggestions stay selected
        where they still stand."""
        self.daily = daily.daily
        self.share = max(0, daily.daily - daily.answered) + self.more
        self._show_book(daily.book, daily.first)

    def show_refound(self, found: tuple[SuggestionBook, list[Suggestion]]) -> None:
        """Show the book after a few customers' suggestions were found again (a task done, a
        visit): the list as it was, those customers' rows where they stand now."""
        book, first = found
        if book is self.model.book:
            self._show_book(book, first)

    def _show_book(self, book: SuggestionBook, first: list[Suggestion]) -> None:
        read, gone = len(first), 0
        if self._settled:
            # Answered since the read began: they leave, and today's share is that much smaller.
            went = [not self._standing(s) for s in first]
            self.share -= sum(went[: self.share])
            gone = sum(went)
            first = [s for s, left in zip(first, went, strict=True) if not left]
        key = SuggestionTableModel.row_key
        selected = {key(s) for s in self.selected_suggestions()}
        first_row = self._first_selected_row()
        self.model.set_book(book, first, self.share, read, gone)
        rows = (
            [row for row, s in enumerate(self.model.suggestions()) if key(s) in selected] if selected else []
        )
        if rows:
            self.select_suggestions(rows)
        elif first_row is not None:
            self._select_near(first_row)
        self._show_count()
        self.update_state()

    def wanted(self) -> int:
        """How many of the first ranks to read again after a change: those read, at least today's."""
        return max(self.model.rowCount(), min(self.share, followup_page.FIRST_PAGE))

    def _read_page(self, start: int, count: int) -> None:
        self.page.read(
            "suggestions_page", followup_page.suggestions_page, self._page_read, self.model.book, start, count
        )

    def _page_read(self, page: tuple[int, list[Suggestion]]) -> None:
        self.model.add_page(page, self._standing)
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
        self.share -= self.model.remove_where(settled)
        self._show_count()

    def _show_count(self) -> None:
        """How many are today's and how many wait ("20 for today · 5,739 more waiting"), and
        Show more while some wait."""
        shown, waiting = self.model.limit(), self.model.waiting()
        counted = getattr(self.model.book, "complete", True)  # False: the first page is in, the rest not yet
        if not counted:
            waiting = 0
        parts = []
        if shown:
            parts.append(self.tr("%Ln for today", "", shown))
        elif waiting:
            parts.append(self.tr("Done for today"))
        if waiting:
            parts.append(self.tr("%Ln more waiting", "", waiting))
        if not counted:
            parts.append(self.tr("counting the others…"))
        self.count.setText(" · ".join(parts))
        self.more_button.setText(self.tr("Show %Ln more", "", min(max(self.daily, 1), waiting)))
        self.more_button.setVisible(waiting > 0)
        if waiting and not shown:
            self.empty.say(
                self.tr("Done for today"),
                self.tr("Every suggestion for today is answered. Show more to go on with the next ones."),
            )
        else:
            self.empty.say(*self._nothing_suggested)

    def show_more(self) -> None:
        """Let the next suggestions waiting in (as many as a day's number)."""
        more = min(max(self.daily, 1), self.model.waiting())
        self.more += more
        self.share = self.model.limit() + more
        self.model.show_more(more)
        self._show_count()

    def copy_selected(self) -> str | None:
        """Copy the message for the selected suggestion's kind and customer."""
        chosen = self.selected_suggestions()
        if len(chosen) != 1:
            return None
        s = chosen[0]
        text = copy_message(self.ctx, s.kind, s.customer_name)
        self.said.emit(self.tr("Message copied for %1.").replace("%1", s.customer_name))
        return text

    def answering(self) -> bool:
        return self.page.jobs.busy("answer")

    def update_state(self, *_args) -> None:
        """The buttons follow the selection; the note says what is being done in the background."""
        rows = self.table.selectionModel().selectedRows()
        can_answer = bool(rows) and not self.answering()
        self.accept_button.setEnabled(can_answer)
        self.dismiss_button.setEnabled(can_answer)
        self.copy_button.setEnabled(len(rows) == 1)
        kinds = {self.model.suggestion(i.row()).kind for i in rows}
        self.kind_hint.setText(kind_line(kinds.pop()) if len(kinds) == 1 else "")
        if self.answering():
            self.working.setText(self._answering)
        elif self.page.jobs.busy("suggestions"):
            self.working.setText(self.tr("Looking for suggestions…"))
        elif self.model.fetching():
            self.working.setText(self.tr("Reading more suggestions…"))
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
        n = len(answered.done)
        self.said.emit(
            self.tr("Accepted %Ln suggestion(s); the tasks are in the lists above.", "", n)
            if answered.kind == ACCEPT
            else self.tr("Dismissed %Ln suggestion(s).", "", n)
        )
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
