"""The counter: find a customer, see who they are, log what they bought.

Used dozens of times a day for a few seconds each, so everything is on the
keyboard: type in the search box (results as you type, Up/Down to move, Enter
to pick, Esc to clear), type the amount, Enter to save. Alt+P/V/S/E/R choose
the kind of visit, Ctrl+N adds a customer with what was typed, F2 goes back to
the amount, Ctrl+F to the search. After a save, a banner says what was saved,
shows a level change in colour and offers Undo for a few seconds.

The card and the form always belong to the customer highlighted in the results:
whatever moves the highlight (new results, Up/Down, a click) moves them with it,
and no highlight (no results) leaves no card and nothing to save. The card's
name, level and contact come at once from the search hit; the rest is read when
the typing pauses (a card is a dozen queries, too many for every keystroke).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm.errors import InvalidInput, LargePurchase, ShopError
from crm.services import customers, purchase_limit, settings, visits
from crm.services import search as search_service
from crm.services.common import may
from crm.services.visits import VisitResult
from ui.context import AppContext
from ui.dialogs.customer_dialog import CustomerDialog
from ui.errors import error_text
from ui.jobs import BackgroundCall
from ui.widgets.counter_banner import CounterBanner
from ui.widgets.counter_card import CounterCard
from ui.widgets.counter_form import KINDS, STAFF_KEY, CounterForm
from ui.widgets.counter_results import CounterResultsModel, CounterResultsPane
from ui.widgets.counter_search import CounterSearchBox, prefill_from
from ui.widgets.large_purchase import confirm_large_purchase

__all__ = ["KINDS", "STAFF_KEY", "CounterView", "LastVisit", "prefill_from"]

RESULT_LIMIT = 30
UNDO_REASON = "undo at counter"
CARD_DELAY_MS = 150  # the full card once the typing pauses this long


@dataclass
class LastVisit:
    """The visit the banner's Undo removes."""

    visit_id: int
    customer_id: int
    customer_name: str
    kind: str
    amount: int
    changed: tuple[int, ...]


class CounterView(QWidget):
    picked = Signal(int)  # a customer was picked (their card is shown)
    visit_logged = Signal(object)  # VisitResult

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.setObjectName("CounterView")
        self.last_visit: LastVisit | None = None
        self.last_search_ms = 0.0
        self.dialog: CustomerDialog | None = None
        self._stale = False
        self._emitting = False
        self._searched: str | None = None  # the text the results are for
        self._currency = str(settings.get("currency"))
        self._card_timer = QTimer(self, singleShot=True, interval=CARD_DELAY_MS)
        self._card_timer.timeout.connect(self._load_card)
        self._build()
        self._connect_bus()
        self._show_results_page()
        # The shop's usual ticket (for the large-purchase limit) is read once in the
        # background, so the first save does not wait for it on a big shop.
        self._warm_up = BackgroundCall(self)
        self._warm_up.start(purchase_limit.usual_ticket)

    # --- building ----------------------------------------------------------

    def _build(self) -> None:
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
        self.hint_label = self.results_stack.hint_label
        self.no_match_label = self.results_stack.no_match_label
        self._no_match_page = self.results_stack.no_match_page

        # Right: the card, the entry form and the banner.
        self.card = CounterCard()
        self.card.allow_editing(may(self.ctx.actor, "edit customers"))  # as the service would
        self.card.open_requested.connect(self.ctx.bus.open_customer)
        self.card.edit_requested.connect(self.edit_customer)
        self.form = CounterForm(self.ctx, self._currency)
        self.form.save_requested.connect(self.save_visit)
        self.form.leave_requested.connect(self.focus_search)
        # The form's parts by their old names (the main window and tests use them).
        self.entry = self.form
        self.amount = self.form.amount
        self.note = self.form.note
        self.staff = self.form.staff
        self.now_check = self.form.now_check
        self.when = self.form.when
        self.save_button = self.form.save_button
        self.errors = self.form.errors
        self.kind_buttons = self.form.kind_buttons
        self.banner = CounterBanner()
        self.banner.undo_requested.connect(self.undo_last)

        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self.card)
        right.addWidget(self.entry)
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
        QWidget.setTabOrder(self.new_button, self.amount)
        self.form.chain_tab_order()

    def _connect_bus(self) -> None:
        bus = self.ctx.bus
        bus.customers_changed.connect(self._on_customers_changed)
        bus.customer_changed.connect(self._on_customer_changed)
        bus.visits_changed.connect(self._on_customer_changed)
        bus.tasks_changed.connect(self._on_card_context_changed)
        bus.communities_changed.connect(self._on_card_context_changed)
        bus.settings_changed.connect(self._on_settings_changed)
        bus.staff_changed.connect(self.reload_staff)

    # --- the main window's entry points ---------------------------------------

    def activated(self) -> None:
        self.reload_staff()
        if self._stale:
            self._stale = False
            self.run_search(self.search.text())
            self.card.reload()
        if self.customer_id() is None:
            self.focus_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def log_visit(self) -> None:
        if self.customer_id() is None:
            self.focus_search()
            return
        self._ensure_card()
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
        dialog.existing_requested.connect(self._pick_existing)
        dialog.finished.connect(lambda _result, d=dialog: self._dialog_done(d))
        dialog.open()
        return dialog

    def _dialog_done(self, dialog: CustomerDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if dialog.customer_id is None:
            return
        if dialog.customer_id == self.customer_id():
            # The card's customer was edited: show the changes, keep what was typed.
            self.run_search(self.search.text())
            self.card.reload()
        else:
            # A new customer: highlighted, on the counter, ready for their first purchase.
            self.pick(dialog.customer_id)

    def _pick_existing(self, customer_id: int) -> None:
        self.pick(customer_id)

    # --- search and the highlight -------------------------------------------------

    def run_search(self, text: str | None = None) -> None:
        """Search as you type: one indexed query per keystroke, results replaced.

        New text highlights the best match; the same text searched again (the shop's
        data changed) keeps the highlighted customer while they are still found."""
        text = self.search.text() if text is None else text
        keep = self.customer_id() if text == self._searched else None
        self._searched = text
        started = time.perf_counter()
        hits = search_service.search(text, limit=RESULT_LIMIT) if text.strip() else []
        self.results_model.set_hits(hits)
        self.last_search_ms = (time.perf_counter() - started) * 1000
        if hits:
            row = self.results_model.row_of(keep) if keep is not None else -1
            self.results.highlight(max(row, 0))
        self._show_results_page(more=len(hits) >= RESULT_LIMIT)
        self._follow_highlight()

    def _show_results_page(self, more: bool = False) -> None:
        self.results_stack.show_for(self.search.text(), self.results_model.rowCount(), more)

    def clear_search(self) -> None:
        self.search.clear()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_highlight(self, step: int) -> None:
        rows = self.results_model.rowCount()
        if rows == 0:
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
        if not self._ensure_card():
            return False
        self.picked.emit(hit.id)
        self.form.focus_amount()
        return True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.form.customer_id() is not None and not self.card.loaded():
            self._card_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._card_timer.stop()  # read when shown again; never for a page nobody sees
        super().hideEvent(event)

    def _highlight_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
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

    def _load_card(self) -> bool:
        """The full card of the form's customer; a customer gone meanwhile leaves neither."""
        self._card_timer.stop()
        customer_id = self.form.customer_id()
        if customer_id is None:
            return False
        try:
            self.card.show_customer(customer_id)
        except ShopError as exc:
            self.card.clear()
            self.form.set_customer(None)
            self.banner.show_notice(error_text(exc), tone="error")
            return False
        return True

    def _ensure_card(self) -> bool:
        if self.card.loaded() and self.card.customer_id() == self.form.customer_id():
            return True
        return self._load_card()

    # --- the highlighted customer ---------------------------------------------------

    def customer_id(self) -> int | None:
        """Whom the form books to: always the highlighted customer."""
        return self.form.customer_id()

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

    def kind(self) -> str:
        return self.form.kind()

    def set_kind(self, kind: str) -> None:
        self.form.set_kind(kind)

    def reload_staff(self) -> None:
        self.form.reload_staff()

    def staff_id(self) -> int | None:
        return self.form.staff_id()

    # --- logging a visit ------------------------------------------------------------

    def save_visit(self) -> VisitResult | None:
        customer_id = self.customer_id()
        if customer_id is None:
            self.focus_search()
            return None
        name = self.form.customer_name()
        self.errors.clear()
        kind = self.kind()
        try:
            amount = self.amount.value()
        except InvalidInput as exc:
            self._field_error(exc, self.amount)
            return None
        if amount < 0 and kind == "purchase":
            kind = "refund"  # "-20" typed as a purchase is money back
            self.set_kind(kind)
        values = dict(
            amount=amount,
            kind=kind,
            at=self.form.chosen_time(),
            staff_id=self.staff_id(),
            note=self.note.text(),
            actor=self.ctx.actor,
        )
        try:
            try:
                result = visits.log_visit(customer_id, **values)
            except LargePurchase as exc:
                confirmed = confirm_large_purchase(self, exc, name)
                self.window().activateWindow()  # back from the question, on with the keyboard
                if not confirmed:
                    self.form.focus_amount()
                    return None
                if self.customer_id() != customer_id:  # the highlight moved while asking
                    return None
                result = visits.log_visit(customer_id, confirm_large=True, **values)
        except ShopError as exc:
            self._field_error(exc, self.amount)
            return None
        self.form.remember_staff()
        self.last_visit = LastVisit(
            result.visit.id, customer_id, name, result.visit.kind, result.visit.amount, result.changed
        )
        self.card.reload()
        self._sync_result_level()
        data = self.card.data
        self.banner.show_saved(result, name, data.next_step if data is not None else None, self._currency)
        self.form.saved()
        self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        self._emit_changes(customer_id, result.changed)
        self.visit_logged.emit(result)
        return result

    def _sync_result_level(self) -> None:
        if self.card.data is not None:
            self.results_model.set_level(self.card.data.info.id, self.card.data.info.level)

    def _field_error(self, exc: BaseException, focus: QWidget) -> None:
        self.errors.show(exc)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(focus, QLineEdit):
            focus.selectAll()

    def undo_last(self) -> bool:
        """Remove the visit just logged (the banner's Undo)."""
        last = self.last_visit
        if last is None:
            return False
        try:
            visits.delete_visit(last.visit_id, UNDO_REASON, actor=self.ctx.actor)
        except ShopError as exc:
            self.banner.show_notice(self.tr("Could not undo"), error_text(exc), "error")
            return False
        self.last_visit = None
        self.banner.end_undo()
        if self.customer_id() == last.customer_id:
            self.card.reload()
            self._sync_result_level()
        self.banner.show_undone(last.kind, last.amount, last.customer_name, self._currency)
        self._emit_changes(last.customer_id, last.changed)
        if self.customer_id() is not None:
            self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _emit_changes(self, customer_id: int, changed: tuple[int, ...]) -> None:
        self._emitting = True
        try:
            self.ctx.bus.visits_changed.emit(customer_id)
            if changed:
                self.ctx.bus.customers_changed.emit()
        finally:
            self._emitting = False

    # --- the bus --------------------------------------------------------------------

    def _on_customers_changed(self) -> None:
        if self._emitting:
            return
        if not self.isVisible():
            self._stale = True
            return
        self.run_search(self.search.text())
        self.card.reload()

    def _on_customer_changed(self, customer_id: int) -> None:
        if self._emitting or customer_id != self.customer_id():
            return
        if not self.isVisible():
            self._stale = True
            return
        self.card.reload()

    def _on_card_context_changed(self) -> None:
        if self.customer_id() is None:
            return
        if not self.isVisible():
            self._stale = True
            return
        self.card.reload()

    def _on_settings_changed(self) -> None:
        self._currency = str(settings.get("currency"))
        self.form.set_currency(self._currency)
        self.reload_staff()
        self.card.reload()
