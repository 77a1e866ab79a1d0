"""The follow-up page: whose tasks (the filter), the task lists above, the
suggestions and the customers slipping away below (two tabs), a status line.

The page reads its tasks (with the staff they can go to) in one off-thread call
(:func:`crm.services.followup_page.load`) and the suggestions in another
(:func:`crm.services.followup_page.daily_suggestions`: every suggestion ranked a page at a
time, its first page, and the signed-in staff member's share for today), so the tasks never
wait for the suggestions; the customers slipping away (:func:`crm.services.slipping.slipping`,
from the whole shop's lifetime figures) in a third, once their tab is shown. All are read
again when a published change concerns them (:class:`ui.views.page.Page`); after a change to
a few customers (a task done, a visit) only their suggestions are found again.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout

from crm.services import followup_page, slipping
from crm.services.changes import Changes
from crm.services.followup_page import DailySuggestions, FollowUpTasks
from crm.services.tasks import TaskInfo
from ui.dialogs.task_dialog import TaskDialog
from ui.views.followup.filters import AssigneeFilter
from ui.views.followup.slipping_panel import SlippingPanel
from ui.views.followup.suggestions_panel import INLINE_ANSWERS, SuggestionsPanel
from ui.views.followup.task_lists import TaskLists
from ui.views.page import STALE_SECONDS, Page
from ui.widgets.page_parts import header_row, push_button, refresh_button, shortcut

SAID_STYLE = "color: #2e7d32;"


class FollowUpView(Page):
    def build(self) -> None:
        self.dialog: TaskDialog | None = None  # the new-task dialog open now, if any
        # What changed since the last read: a few customers (and whether by a visit), or more.
        self._touched: set[int] = set()
        self._visits = False
        self._everything = False
        self.make_refresh_widgets()
        self.status.setObjectName("followup_status")
        self.filter = AssigneeFilter(self.ctx.staff_id, self)
        self.tasks = TaskLists(self.ctx, self.filter.matches, self)
        self.tasks.watch(self)
        self.suggestions = SuggestionsPanel(self, self)
        self.slipping = SlippingPanel(self, self)
        # The suggestions and the customers slipping away, side by side as tabs: both are whom
        # to follow up next, each list ranked most at stake first.
        self.below = QTabWidget(self)
        self.below.setObjectName("followup_tabs")
        self.below.setDocumentMode(True)
        self.below.addTab(self.suggestions, self.tr("Suggestions"))
        self.below.addTab(self.slipping, self.tr("Slipping away"))
        self._slipping_stale = True  # read when its tab is next shown
        self.below.currentChanged.connect(self._read_slipping)
        self.new_button = push_button(
            self.tr("New task…"), self.new_task, self.tr("Create a follow-up task (Ctrl+T)")
        )
        refresh = refresh_button(self, self.tr("Refresh"), self.tr("Reload tasks and suggestions (F5)"))

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.tasks)
        splitter.addWidget(self.below)
        splitter.setSizes([380, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        assigned = QLabel(self.tr("Assigned to"), self)
        layout.addLayout(
            header_row(self.tr("Follow-up"), self.busy, assigned, self.filter, refresh, self.new_button)
        )
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)

        self.filter.currentIndexChanged.connect(self.read_tasks)
        self.tasks.said.connect(self.say)
        self.tasks.out_of_date.connect(self.refresh)
        self.suggestions.said.connect(self.say)
        self.suggestions.tasks_made.connect(self._tasks_made)
        self.slipping.said.connect(self.say)
        self.slipping.task_made.connect(self._task_created)
        for keys, slot in (
            ("Ctrl+T", self.new_task),
            ("Ctrl+D", self.tasks.complete_selected),
            ("Ctrl+K", self.tasks.skip_selected),
            ("Ctrl+R", self.tasks.reopen_selected),
            ("Ctrl+Y", self.suggestions.accept_selected),
        ):
            shortcut(self, keys, slot)
        self.refresh()

    def cares(self, changes: Changes) -> bool:
        # The lists show customers' and staff's names; the suggestions follow purchases, levels and
        # birthdays, open tasks, communities (the 大C a task goes via) and the rules' settings; the
        # customers slipping away follow purchases, open tasks, the settings and a new lifetime fit.
        cares = (
            changes.tasks
            or changes.any_customer
            or changes.visits
            or changes.staff
            or changes.communities
            or changes.settings
            or changes.lifetime
        )
        if cares:
            self._note(changes)
        return cares

    def _note(self, changes: Changes) -> None:
        """Remember what the next read must cover: a few customers' tasks or visits (only their
        suggestions are found again), or more."""
        few = changes.customers and not (
            changes.every_customer
            or changes.staff
            or changes.communities
            or changes.settings
            or changes.lifetime
        )
        if few:
            self._touched |= changes.customers
            self._visits = self._visits or changes.visits
        else:
            self._everything = True

    def activated(self) -> None:
        if self._loaded_at is None or time.monotonic() - self._loaded_at > STALE_SECONDS:
            self._everything = True  # another counter may have written meanwhile: read it all
        super().activated()

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        touched, everything, visits = self._touched, self._everything, self._visits
        self._touched, self._everything, self._visits = set(), False, False
        self.refresh_started()
        self.read_tasks()
        self.suggestions.reading()
        book = self.suggestions.model.book
        targeted = (
            touched
            and not everything
            and len(touched) <= followup_page.TARGETED_MAX
            and book is not None
            and getattr(book, "complete", True)
            and not self.jobs.busy("suggestions")
            and not self.jobs.busy("suggestions_rest")
        )
        if targeted:
            # A task done or a visit logged: only those customers' suggestions are found again.
            self.read(
                "suggestions_refound",
                followup_page.refound_suggestions,
                self.suggestions.show_refound,
                book,
                touched,
                self.suggestions.wanted(),
            )
        else:
            self.read(
                "suggestions",
                followup_page.daily_suggestions,
                self._first_suggestions,
                self.ctx.staff_id,
                None,
                self.suggestions.more,
                True,
            )
        # Who is slipping away changes with purchases and the fit, not with a task done here. It
        # takes the whole shop's lifetime figures (kept while no visit changes, a few customers'
        # caught up on after a visit; a chain's whole shop takes about 5 s when not kept): read
        # while its tab is shown, else when it is next shown.
        if not targeted or visits:
            self._slipping_stale = True
            self._read_slipping()

    def _first_suggestions(self, found: DailySuggestions) -> None:
        """The first page, shown while the rest are counted (the rules of the lower levels)."""
        self.suggestions.show_suggestions(found)
        if not found.book.complete:
            self.read(
                "suggestions_rest",
                followup_page.rest_of_suggestions,
                self.suggestions.show_suggestions,
                found,
            )

    def _read_slipping(self, *_args) -> None:
        if self._slipping_stale and self.below.currentWidget() is self.slipping:
            self._slipping_stale = False
            self.read("slipping", slipping.slipping, self.slipping.show_slipping)

    def read_tasks(self, *_args) -> None:
        self.read("tasks", followup_page.load, self._show_tasks, *self.filter.query())

    def _show_tasks(self, lists: FollowUpTasks) -> None:
        self.suggestions.show_staff(lists.staff)
        self.slipping.show_staff(lists.staff)
        if not self.filter.show_staff(lists.staff):
            self.read_tasks()  # the one filtered on is no longer on the staff: everyone's tasks
            return
        self.tasks.show_lists(lists)

    def update_busy(self) -> None:
        super().update_busy()
        self.suggestions.update_state()

    def say(self, text: str) -> None:
        self.status.setStyleSheet(SAID_STYLE)
        self.status.setText(text)

    # --- tasks made here -------------------------------------------------------------------

    def new_task(self) -> TaskDialog:
        dialog = TaskDialog(self.ctx, self)
        dialog.created.connect(self._task_created)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def _task_created(self, info: TaskInfo) -> None:
        self.tasks.place(info)
        # The rules never suggest a kind the customer already has an open task for.
        self.suggestions.forget(lambda s: (s.customer_id, s.kind) == (info.customer_id, info.kind))
        self.say(self.tr("Task created for %1.").replace("%1", info.customer_name))

    def _tasks_made(self, made: list[TaskInfo]) -> None:
        """Tasks accepted from suggestions: a few go to their lists at once; after many, the
        lists are read again (shortly, as after any change)."""
        if len(made) <= INLINE_ANSWERS:
            for info in made:
                self.tasks.place(info)
