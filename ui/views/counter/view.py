"""The counter page: the search and its results on the left; the highlighted
customer's card, the entry form and the banner on the right.

The card and the form always belong to the customer highlighted in the results:
whatever moves the highlight (new results, Up/Down, a click) moves them with it,
and no highlight (no results) leaves no card and nothing to save. The card's
name, level and contact come at once from the search hit; the rest is read off
the GUI thread in one call (:func:`crm.services.counter_card.card`) once the
typing pauses, at once after a pick or a save.

The results come as the clerk types (one indexed query per keystroke, on the
GUI thread, so Enter always picks what is shown). Everything that changes the
shop goes through ``ctx.actions``; the page reads again by the one rule of
:class:`~ui.views.page.Page`, and reads the card at once after its own save or undo.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from crm.errors import InvalidInput, ShopError
from crm.levels import Explanation
from crm.services import counter_card, customers, purchase_limit, visits
from crm.services import search as search_service
from crm.services.changes import Changes
from crm.services.common import may
from crm.services.counter_card import CardData
from crm.services.purchase_limit import LargePurchase
from crm.services.visits import VisitResult
from ui.dialogs.customer_dialog import CustomerDialog
from ui.errors import error_text
from ui.views.counter.banner import CounterBanner, what
from ui.views.counter.card import CounterCard, next_step
from ui.views.counter.form import CounterForm
from ui.views.counter.results import CounterResultsModel, CounterResultsPane
from ui.views.counter.save_button import booked_kind
from ui.views.counter.search_box import CounterSearchBox, prefill_from
from ui.views.page import STALE_SECONDS, Page
from ui.widgets.customer_menu import CustomerMenu
from ui.widgets.large_purchase import confirm_large_purchase

RESULT_LIMIT = 30
UNDO_REASON = "undo at counter"
CARD_DELAY_MS = 150  # the full card once the typing pauses this long


@dataclass(frozen=True)
class LastVisit:
    """The visit the banner's Undo removes."""

    visit_id: int
    customer_id: int
    customer_name: str
    kind: str
    amount: int


class CounterView(Page):
    def build(self) -> None:
        self.setObjectName("CounterView")
        self.last_visit: LastVisit | None = None
        self.last_search_ms = 0.0
        self.dialog: CustomerDialog | None = None
        self._searched: str | None = None  # the text the results are for
        self._changed_at = 0.0  # when the last change this page cares about came
        self._card_asked: tuple[int, float] | None = None  # whose card was last asked for, and when
        self._card_timer = QTimer(self, singleShot=True, interval=CARD_DELAY_MS)
        self._card_timer.timeout.connect(self.read_card)
        # The staff box is filled before anything can be saved: a sale is never credited
        # to nobody because the list was still on its way.
        self._build(counter_card.setup())
        self._show_results_page()
        # The shop's usual ticket (for the large-purchase limit) is read once in the
        # background, so the first save does not wait for it on a big shop.
        # (A failure here is the first save's to say.)
        self.jobs.start("warm up", purchase_limit.usual_ticket, done=lambda _: None, failed=lambda _: None)

    def _build(self, setup: counter_card.CounterSetup) -> None:
        self.search = CounterSearchBox()
        self.search.textChanged.connect(self.run_search)
        self.search.move_requested.connect(self.move_highlight)
        self.search.pick_requested.connect(self.pick_highlighted)
        self.search.clear_requested.connect(self.clear_search)

        self.new_button = QPushButton(self.tr("New customer"))
        self.new_button.setObjectName("CounterNewCustomer")
        self.new_button.setToolTip(self.tr("Add a customer; what you typed is filled in (Ctrl+N)"))
        self.new_button.setMinimumHeight(40)
        self.new_button.clicked.connect(self.new_customer)

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)

        # Left: the results, or a hint when there is nothing to show.
        self.results_model = CounterResultsModel(self)
        self.results_stack = CounterResultsPane(self.results_model)
        self.results_stack.new_customer_requested.connect(self.new_customer)
        self.results = self.results_stack.table
        self.results.clicked.connect(lambda index: self.pick_row(index.row()))
        self.results.selectionModel().currentRowChanged.connect(self._highlight_moved)
        # The results never take the focus: the Menu key in the search box opens the highlighted one's.
        self.results_menu = CustomerMenu(self.results, self.ctx, log_visit=self.pick, keys_on=self.search)

        # Right: the card, the entry form and the banner.
        self.card = CounterCard()
        self.card.allow_editing(may(self.ctx.actor, "edit customers"))  # as the service would
        self.card.open_requested.connect(self.ctx.bus.open_customer)
        self.card.edit_requested.connect(self.edit_customer)
        self.form = CounterForm(setup, self.ctx.staff_id)
        self.form.save_requested.connect(self.save_visit)
        self.form.leave_requested.connect(self.focus_search)
        self.banner = CounterBanner()
        self.banner.undo_requested.connect(self.undo_last)

        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.card)
        right.addWidget(self.form)
        right.addWidget(self.banner)
        right.addStretch(1)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(self.results_stack, 5)
        columns.addLayout(right, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addLayout(columns, 1)

        QWidget.setTabOrder(self.search, self.new_button)
        QWidget.setTabOrder(self.new_button, self.form.amount)
        self.form.chain_tab_order()

    # --- the refresh rule ---------------------------------------------------------

    def cares(self, changes: Changes) -> bool:
        # Any customer may be in the results (name, phone, level); the staff box and the
        # currency follow staff and settings; the card shows its customer's open tasks and
        # their outlook from the stored lifetime fit.
        return (
            changes.any_customer
            or changes.staff
            or changes.settings
            or ((changes.tasks or changes.lifetime) and self.card.customer_id() is not None)
        )

    def refresh(self) -> None:
        """The results searched again (the highlighted customer kept while found), the staff
        box and currency, and the card of whoever is highlighted."""
        self.refresh_started()
        self.run_search()
        self.read("setup", counter_card.setup, self.form.set_setup)
        if not self._card_is_current():
            self.read_card()
        if self.last_visit is not None and self.banner.undo_available():
            self.read("last visit", visits.exists, self._last_visit_checked, self.last_visit.visit_id)

    def _last_visit_checked(self, booked: bool) -> None:
        """The visit the banner offers to undo was deleted elsewhere (its customer's page):
        the banner says so instead of offering an Undo that can only fail."""
        last = self.last_visit
        if booked or last is None:
            return
        self.last_visit = None
        self.banner.end_undo()
        self.banner.show_notice(
            self.tr("%1 for %2 was deleted on the customer's page")
            .replace("%1", what(last.kind, last.amount, self.form.currency))
            .replace("%2", last.customer_name),
            tone="info",
        )

    def mark_changed(self) -> None:
        self._changed_at = time.monotonic()
        super().mark_changed()

    def _card_is_current(self) -> bool:
        """The highlighted customer's card was asked for after the last change, and lately
        (a save reads it at once, with the explanation the save made: no second read)."""
        asked = self._card_asked
        return (
            asked is not None
            and asked[0] == self.form.customer_id()
            and asked[1] > self._changed_at
            and time.monotonic() - asked[1] < STALE_SECONDS
        )

    def read_card(self, explanation: Explanation | None = None) -> None:
        """Read the full card of the highlighted customer (off the GUI thread); a save
        hands over the level explanation it has just worked out."""
        self._card_timer.stop()
        customer_id = self.form.customer_id()
        if customer_id is not None:
            self._card_asked = (customer_id, time.monotonic())
            read_card = partial(counter_card.card, explanation=explanation)
            self.read("card", read_card, self._card_read, customer_id)

    def _card_read(self, data: CardData) -> None:
        if data.customer_id != self.form.customer_id():
            return  # the highlight moved on meanwhile; its own card is on its way
        self.card.set_data(data)
        self.results_model.set_level(data.customer_id, data.level)  # before the results are searched again
        self.banner.show_next_step(data.customer_id, next_step(data))

    def read_failed(self, exc: BaseException) -> None:
        """The card could not be read (the customer was removed meanwhile): no card, nothing to book to."""
        self.card.clear()
        self.form.set_customer(None)
        self.banner.show_notice(error_text(exc), tone="error")
        self.update_busy()

    # --- the main window's entry points ---------------------------------------

    def activated(self) -> None:
        super().activated()
        if self.customer_id() is None:
            self.focus_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def log_visit(self) -> None:
        if self.customer_id() is None:
            self.focus_search()
            return
        if not self.card.loaded():
            self.read_card()
        self.form.focus_amount()

    def new_customer(self) -> CustomerDialog:
        """Open the new-customer form, prefilled from what was typed in the search."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        return self._open_dialog(
            CustomerDialog(self.ctx, prefill=prefill_from(self.search.text()), parent=self)
        )

    def edit_customer(self, customer_id: int) -> CustomerDialog:
        return self._open_dialog(CustomerDialog(self.ctx, customer_id=customer_id, parent=self))

    def _open_dialog(self, dialog: CustomerDialog) -> CustomerDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.existing_requested.connect(self.pick)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_done(d))
        dialog.open()
        return dialog

    def _dialog_done(self, dialog: CustomerDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if dialog.customer_id is None:
            return
        if dialog.customer_id == self.customer_id():
            self.refresh()  # the card's customer was edited: show it now, keep what was typed
        else:
            self.pick(dialog.customer_id)  # a new customer, ready for their first purchase

    # --- search and the highlight -------------------------------------------------

    def run_search(self, text: str | None = None) -> None:
        """Search as you type: one indexed query per keystroke, results replaced.

        New text highlights the best match; the same text searched again (the shop's
        data changed) keeps the highlighted customer while they are still found."""
        text = self.search.text() if text is None else text
        keep = self.customer_id() if text == self._searched else None
        self._searched = text
        started = time.perf_counter()
        found = (
            search_service.find(text, limit=RESULT_LIMIT) if text.strip() else search_service.SearchResult([])
        )
        hits = found.hits
        self.results_model.set_hits(hits)
        self.last_search_ms = (time.perf_counter() - started) * 1000
        if hits:
            row = self.results_model.row_of(keep) if keep is not None else -1
            self.results.highlight(max(row, 0))
        self._show_results_page(found.more, found.total)
        self._follow_highlight()

    def _show_results_page(self, more: bool = False, total: int | None = None) -> None:
        self.results_stack.show_for(self.search.text(), self.results_model.rowCount(), more, total)

    def clear_search(self) -> None:
        self.search.clear()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_highlight(self, step: int) -> None:
        if self.results_model.rowCount() == 0:
            return
        current = self.results.current_row()
        self.results.highlight(0 if current < 0 else current + step)

    def pick_highlighted(self) -> bool:
        """Enter in the search box: the highlighted result, else the first."""
        if self.results_model.rowCount() == 0:
            return False
        row = self.results.current_row()
        return self.pick_row(row if row >= 0 else 0)

    def pick_row(self, row: int) -> bool:
        """Enter or a click: highlight the row (card and form follow) and go to the amount."""
        hit = self.results_model.hit(row)
        if hit is None:
            return False
        self.results.highlight(row)
        self._follow_highlight()
        if not self.card.loaded():
            self.read_card()  # picked: no need to wait for the typing to pause
        self.form.focus_amount()
        return True

    def pick(self, customer_id: int) -> bool:
        """Show this customer (a new one, or one named by a dialog) and get ready for their visit.

        They are highlighted like any other: when the search does not find them, their
        code goes into the search box, so the list, the card and the form agree."""
        row = self.results_model.row_of(customer_id)
        if row < 0:
            try:
                code = customers.get_customer(customer_id).code
            except ShopError as exc:
                self.banner.show_notice(error_text(exc), tone="error")
                return False
            self.search.setText(code)  # searches
            row = self.results_model.row_of(customer_id)
        if row < 0:  # not found by their own code: archived
            self.banner.show_notice(self.tr("This customer is archived; restore them first."), tone="error")
            return False
        return self.pick_row(row)

    def _highlight_moved(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._follow_highlight()

    def _follow_highlight(self) -> None:
        """The card and the form go to the highlighted customer, or away with no highlight."""
        hit = self.results_model.hit(self.results.current_row())
        if hit is None:
            if self.form.customer_id() is not None or self.card.customer_id() is not None:
                self._card_timer.stop()
                self.card.clear()
                self.form.set_customer(None)
            return
        if hit.id == self.form.customer_id() and hit.id == self.card.customer_id():
            self.form.set_customer(hit.id, hit.name)  # a new name, if it was changed
            return
        self.card.show_summary(hit)
        self.form.set_customer(hit.id, hit.name)
        self._card_timer.start()

    def customer_id(self) -> int | None:
        """Whom the form books to: always the highlighted customer."""
        return self.form.customer_id()

    def kind(self) -> str:
        return self.form.kind()

    def staff_id(self) -> int | None:
        return self.form.staff_id()

    # --- logging a visit, and undoing it -----------------------------------------------

    def save_visit(self) -> VisitResult | None:
        customer_id = self.customer_id()
        if customer_id is None:
            self.focus_search()
            return None
        name = self.form.customer_name()
        self.form.errors.clear()
        try:
            amount = self.form.amount.value()
        except InvalidInput as exc:
            self._field_error(exc, self.form.amount)
            return None
        kind = booked_kind(self.kind(), amount)
        self.form.set_kind(kind)
        values = dict(
            amount=amount,
            kind=kind,
            at=self.form.chosen_time(),
            staff_id=self.staff_id(),
            note=self.form.note.text(),
        )

        def confirm(exc: LargePurchase) -> bool:
            confirmed = confirm_large_purchase(self, exc, name)
            self.window().activateWindow()  # back from the question, on with the keyboard
            return confirmed and self.customer_id() == customer_id  # the highlight may have moved

        try:
            result = self.ctx.actions.log_visit(customer_id, confirm, **values)
        except ShopError as exc:
            self._field_error(exc, self.form.amount)
            return None
        if result is None:
            self.form.focus_amount()
            return None
        self.form.staff.remember()
        visit = result.visit
        self.last_visit = LastVisit(visit.id, customer_id, name, visit.kind, visit.amount)
        self.banner.show_saved(result, name, self.form.currency)
        self.form.saved()
        self.form.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        # At once: the clerk looks for the new level now; the rest follows by the rule.
        self.read_card(result.explanation)
        return result

    def _field_error(self, exc: BaseException, focus: QWidget) -> None:
        self.form.errors.show(exc)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(focus, QLineEdit):
            focus.selectAll()

    def undo_last(self) -> bool:
        """Remove the visit just logged (the banner's Undo)."""
        last = self.last_visit
        if last is None:
            return False
        try:
            self.ctx.actions.delete_visit(last.visit_id, UNDO_REASON)
        except ShopError as exc:
            self.banner.show_notice(self.tr("Could not undo"), error_text(exc), "error")
            return False
        self.last_visit = None
        self.form.errors.clear()  # a refused try since the save spoke of the visit now gone
        self.banner.end_undo()
        self.banner.show_undone(last.kind, last.amount, last.customer_name, self.form.currency)
        self.read_card()
        if self.customer_id() is not None:
            self.form.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        return True
