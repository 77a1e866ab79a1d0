"""The counter: find a customer, see who they are, log what they bought.

Used dozens of times a day for a few seconds each, so everything is on the
keyboard: type in the search box (results as you type, Up/Down to move, Enter
to pick, Esc to clear), type the amount, Enter to save. Alt+P/V/S/E/R choose
the kind of visit, Ctrl+N adds a customer with what was typed, F2 goes back to
the amount, Ctrl+F to the search. After a save, a banner says what was saved,
shows a level change in colour and offers Undo for a few seconds.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QEvent, QObject, QSettings, Qt, QTime, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm import clock
from crm.errors import InvalidInput, ShopError
from crm.money import format_amount
from crm.services import search as search_service
from crm.services import settings, staff, visits
from crm.services.visits import VisitResult
from ui.context import AppContext
from ui.dialogs.customer_dialog import CustomerDialog
from ui.errors import error_text
from ui.widgets.counter_banner import CounterBanner
from ui.widgets.counter_card import CounterCard
from ui.widgets.counter_results import CounterResultsModel, CounterResultsTable
from ui.widgets.forms import FieldErrors
from ui.widgets.money_edit import MoneyEdit
from ui.words import level_name, visit_kind

STAFF_KEY = "counter/staff_id"
RESULT_LIMIT = 30
UNDO_REASON = "undo at counter"

# Kind of visit and its Alt+ key; the first is the default.
KINDS = (("purchase", "P"), ("visit", "V"), ("service", "S"), ("event", "E"), ("refund", "R"))

_PHONE_TYPED = re.compile(r"^[+\d][\d\s\-()]*$")


def prefill_from(text: str) -> dict:
    """What a clerk typed in the search, as the new customer's phone or name."""
    text = text.strip()
    if not text:
        return {}
    if _PHONE_TYPED.match(text) and any(ch.isdigit() for ch in text):
        return {"phone": text}
    return {"name": text}


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
        self._currency = str(settings.get("currency"))
        self._build()
        self._connect_bus()
        self.reload_staff()
        self._show_now()
        self._show_results_page()
        self._set_entry_enabled(False)

    # --- building ----------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("CounterSearch")
        self.search.setPlaceholderText(
            self.tr("Phone, last 4 digits, name or pinyin initials (e.g. 5678, 王丽, wl)")
        )
        self.search.setToolTip(
            self.tr("Up/Down to move, Enter to pick, Esc to clear (Ctrl+F to come back here)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(40)
        font = QFont(self.search.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.search.setFont(font)
        self.search.textChanged.connect(self.run_search)
        self.search.installEventFilter(self)

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
        self.results = CounterResultsTable(self.results_model)
        self.results.clicked.connect(lambda index: self.pick_row(index.row()))
        self.more_label = QLabel(self.tr("Only the best matches are shown; type more to narrow down."))
        self.more_label.setStyleSheet("color: #757575;")
        self.more_label.setWordWrap(True)
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.results, 1)
        table_layout.addWidget(self.more_label)

        self.hint_label = QLabel(
            self.tr(
                "Type a phone number, its last 4 digits, a name or pinyin initials.\n\n"
                "Up/Down moves, Enter picks, Esc clears.\n"
                "Ctrl+N adds a new customer, F2 logs a visit."
            )
        )
        self.hint_label.setObjectName("CounterHint")
        self.hint_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #757575; padding: 24px;")

        self.no_match_label = QLabel()
        self.no_match_label.setObjectName("CounterNoMatch")
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setStyleSheet("color: #555555;")
        self.no_match_button = QPushButton(self.tr("Add as a new customer (Ctrl+N)"))
        self.no_match_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.no_match_button.clicked.connect(self.new_customer)
        no_match_page = QWidget()
        no_match_layout = QVBoxLayout(no_match_page)
        no_match_layout.addStretch(1)
        no_match_layout.addWidget(self.no_match_label)
        no_match_layout.addWidget(self.no_match_button, 0, Qt.AlignmentFlag.AlignHCenter)
        no_match_layout.addStretch(2)

        self.results_stack = QStackedWidget()
        self.results_stack.addWidget(self.hint_label)
        self.results_stack.addWidget(table_page)
        self.results_stack.addWidget(no_match_page)
        self._table_page = table_page
        self._no_match_page = no_match_page

        # Right: the card, the entry form and the banner.
        self.card = CounterCard()
        self.card.open_requested.connect(self.ctx.bus.open_customer)
        self.card.edit_requested.connect(self.edit_customer)
        self.entry = self._build_entry()
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
        QWidget.setTabOrder(self.amount, self.staff)
        QWidget.setTabOrder(self.staff, self.note)
        QWidget.setTabOrder(self.note, self.now_check)
        QWidget.setTabOrder(self.now_check, self.when)
        QWidget.setTabOrder(self.when, self.save_button)

    def _build_entry(self) -> QFrame:
        frame = QFrame()
        frame.setObjectName("CounterEntry")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setStyleSheet(
            "#CounterEntry QPushButton[kind]:checked { background: #1976d2; color: white;"
            " border: 1px solid #1565c0; border-radius: 4px; }"
            "#CounterEntry QPushButton[kind='refund']:checked { background: #c62828;"
            " border-color: #b71c1c; }"
        )
        self.errors = FieldErrors()

        self.currency_label = QLabel(format_amount(0, self._currency).replace("0.00", "").strip() or "¤")
        self.amount = MoneyEdit(self._currency)
        self.amount.setObjectName("CounterAmount")
        self.amount.setToolTip(self.tr("Amount; Enter saves. A minus amount is a refund."))
        self.amount.setMinimumHeight(38)
        self.amount.setMinimumWidth(150)
        font = QFont(self.amount.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.amount.setFont(font)
        self.currency_label.setFont(font)
        self.amount.returnPressed.connect(self.save_visit)
        self.amount.installEventFilter(self)

        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        self.kind_buttons: dict[str, QPushButton] = {}
        kinds = QHBoxLayout()
        kinds.setSpacing(4)
        for kind, key in KINDS:
            button = QPushButton(visit_kind(kind))
            button.setCheckable(True)
            button.setProperty("kind", kind)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # A QShortcut rather than the button's own: that one clicks 100 ms later
            # (animated), and an Enter typed right after would still save the old kind.
            shortcut = QShortcut(QKeySequence(f"Alt+{key}"), self)
            shortcut.activated.connect(lambda k=kind: self._choose_kind(k))
            button.setToolTip(f"{visit_kind(kind)} (Alt+{key})")
            button.setMinimumHeight(34)
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        self.kind_buttons["purchase"].setChecked(True)
        self.kind_group.buttonToggled.connect(self._kind_toggled)

        self.staff = QComboBox()
        self.staff.setObjectName("CounterStaff")
        self.staff.setToolTip(self.tr("Who served the customer; remembered for the next visit"))
        self.staff.setMinimumWidth(140)
        self.staff.activated.connect(self._staff_chosen)
        self.staff.installEventFilter(self)

        self.note = QLineEdit()
        self.note.setObjectName("CounterNote")
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.note.returnPressed.connect(self.save_visit)
        self.note.installEventFilter(self)

        self.now_check = QCheckBox(self.tr("Now"))
        self.now_check.setChecked(True)
        self.now_check.setToolTip(self.tr("Untick to log a visit at another date and time"))
        self.when = QDateTimeEdit()
        self.when.setObjectName("CounterWhen")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setEnabled(False)
        self.when.installEventFilter(self)
        self.now_check.toggled.connect(self._now_toggled)

        self.save_button = QPushButton(self.tr("Save (Enter)"))
        self.save_button.setObjectName("CounterSave")
        self.save_button.setToolTip(self.tr("Save the visit (Enter in any field)"))
        self.save_button.setMinimumHeight(34)
        self.save_button.setStyleSheet(
            "QPushButton { background: #2e7d32; color: white; border-radius: 4px; padding: 4px 18px; }"
            "QPushButton:disabled { background: #bdbdbd; }"
        )
        self.save_button.clicked.connect(self.save_visit)

        title = QLabel(self.tr("Log a visit"))
        title_font = QFont(title.font())
        title_font.setBold(True)
        title.setFont(title_font)

        amount_row = QHBoxLayout()
        amount_row.setSpacing(6)
        amount_row.addWidget(self.currency_label)
        amount_row.addWidget(self.amount)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        grid.addWidget(QLabel(self.tr("Amount")), 0, 0)
        grid.addLayout(amount_row, 0, 1)
        grid.addWidget(self.errors.label_for("amount"), 1, 1)
        grid.addWidget(QLabel(self.tr("Kind")), 2, 0)
        grid.addLayout(kinds, 2, 1)
        grid.addWidget(self.errors.label_for("kind"), 3, 1)
        grid.addWidget(QLabel(self.tr("Staff")), 4, 0)
        staff_row = QHBoxLayout()
        staff_row.addWidget(self.staff)
        staff_row.addWidget(self.note, 1)
        grid.addLayout(staff_row, 4, 1)
        grid.addWidget(self.errors.label_for("staff"), 5, 1)
        grid.addWidget(QLabel(self.tr("When")), 6, 0)
        when_row = QHBoxLayout()
        when_row.addWidget(self.now_check)
        when_row.addWidget(self.when)
        when_row.addStretch(1)
        when_row.addWidget(self.save_button)
        grid.addLayout(when_row, 6, 1)
        grid.addWidget(self.errors.label_for("at"), 7, 1)
        self.errors.general_label()

        layout = QVBoxLayout(frame)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(self.errors.general)
        frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return frame

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
        self.amount.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.amount.selectAll()

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
            self.card.reload()
        else:
            # A new customer: on the counter, ready for their first purchase.
            self.pick(dialog.customer_id)
        self.run_search(self.search.text())
        self._highlight_current()

    def _pick_existing(self, customer_id: int) -> None:
        self.pick(customer_id)

    # --- search -----------------------------------------------------------------

    def run_search(self, text: str | None = None) -> None:
        """Search as you type: one indexed query per keystroke, results replaced."""
        text = self.search.text() if text is None else text
        started = time.perf_counter()
        hits = search_service.search(text, limit=RESULT_LIMIT) if text.strip() else []
        self.results_model.set_hits(hits)
        self.last_search_ms = (time.perf_counter() - started) * 1000
        more = len(hits) >= RESULT_LIMIT
        if self.more_label.isVisibleTo(self._table_page) != more:
            self.more_label.setVisible(more)
        if hits:
            self.results.highlight(0)
        self._show_results_page()

    def _show_results_page(self) -> None:
        text = self.search.text().strip()
        if not text:
            page = self.hint_label
        elif self.results_model.rowCount() == 0:
            self.no_match_label.setText(self.tr("No customer matches “%1”.").replace("%1", text))
            page = self._no_match_page
        else:
            page = self._table_page
        if self.results_stack.currentWidget() is not page:
            self.results_stack.setCurrentWidget(page)

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
        hit = self.results_model.hit(row)
        if hit is None:
            return False
        self.results.highlight(row)
        return self.pick(hit.id)

    def _highlight_current(self) -> None:
        cid = self.customer_id()
        row = self.results_model.row_of(cid) if cid is not None else -1
        if row >= 0:
            self.results.highlight(row)

    # --- the picked customer ------------------------------------------------------

    def customer_id(self) -> int | None:
        return self.card.customer_id()

    def pick(self, customer_id: int) -> bool:
        """Show the customer's card and get ready to log their visit."""
        try:
            self.card.show_customer(customer_id)
        except ShopError as exc:
            self.card.clear()
            self._set_entry_enabled(False)
            self.banner.show_notice(error_text(exc), tone="error")
            return False
        self.errors.clear()
        self._reset_entry()
        self._set_entry_enabled(True)
        self.picked.emit(customer_id)
        self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _set_entry_enabled(self, enabled: bool) -> None:
        self.entry.setEnabled(enabled)

    def _reset_entry(self) -> None:
        self.amount.clear()
        self.note.clear()
        self.kind_buttons[KINDS[0][0]].setChecked(True)
        self.now_check.setChecked(True)
        self._show_now()

    def _show_now(self) -> None:
        now = clock.now()
        self.when.setMaximumDateTime(QDateTime(now.date(), QTime(23, 59, 59)))
        self.when.setDateTime(QDateTime(now.date(), QTime(now.hour, now.minute)))

    def _now_toggled(self, checked: bool) -> None:
        self.when.setEnabled(not checked)
        if checked:
            self._show_now()
        else:
            self.when.setFocus(Qt.FocusReason.OtherFocusReason)

    def _kind_toggled(self, button, checked: bool) -> None:
        if checked and self.entry.isEnabled():
            self.amount.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choose_kind(self, kind: str) -> None:
        if self.entry.isEnabled():
            self.set_kind(kind)

    def kind(self) -> str:
        button = self.kind_group.checkedButton()
        return button.property("kind") if button is not None else KINDS[0][0]

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    # --- staff ------------------------------------------------------------------

    def _settings(self) -> QSettings:
        from ui.session import app_settings

        return app_settings()

    def reload_staff(self) -> None:
        """Active staff; the one chosen last at this counter, else the signed-in one."""
        current = self.staff.currentData() if self.staff.count() else None
        members = staff.list_staff()
        self.staff.blockSignals(True)
        self.staff.clear()
        for member in members:
            self.staff.addItem(member.name, member.id)
        if not members:
            self.staff.addItem(self.tr("(no staff)"), None)
        self.staff.blockSignals(False)
        remembered = self._settings().value(STAFF_KEY)
        for wanted in (current, remembered, self.ctx.staff_id):
            if wanted in (None, ""):
                continue
            index = self.staff.findData(int(wanted))
            if index >= 0:
                self.staff.setCurrentIndex(index)
                return
        self.staff.setCurrentIndex(0)

    def _staff_chosen(self, index: int) -> None:
        staff_id = self.staff.itemData(index)
        if staff_id is not None:
            self._settings().setValue(STAFF_KEY, int(staff_id))

    def staff_id(self) -> int | None:
        value = self.staff.currentData()
        return None if value is None else int(value)

    # --- logging a visit ------------------------------------------------------------

    def save_visit(self) -> VisitResult | None:
        customer_id = self.customer_id()
        if customer_id is None:
            self.focus_search()
            return None
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
        at = None
        if not self.now_check.isChecked():
            at = self.when.dateTime().toPython().replace(second=0, microsecond=0)
        staff_id = self.staff_id()
        try:
            result = visits.log_visit(
                customer_id,
                amount=amount,
                kind=kind,
                at=at,
                staff_id=staff_id,
                note=self.note.text(),
                actor=self.ctx.actor,
            )
        except ShopError as exc:
            self._field_error(exc, self.amount)
            return None
        if staff_id is not None:
            self._settings().setValue(STAFF_KEY, staff_id)
        name = self.card.data.info.name if self.card.data else ""
        self.last_visit = LastVisit(
            result.visit.id, customer_id, name, result.visit.kind, result.visit.amount, result.changed
        )
        self.card.reload()
        self._sync_result_level()
        self._announce(result, name)
        self._reset_entry()
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

    def _what(self, kind: str, amount: int) -> str:
        if amount:
            return f"{visit_kind(kind)} {format_amount(amount, self._currency)}"
        return visit_kind(kind)

    def _announce(self, result: VisitResult, name: str) -> None:
        saved = (
            self.tr("Saved: %1 for %2")
            .replace("%1", self._what(result.visit.kind, result.visit.amount))
            .replace("%2", name)
        )
        data = self.card.data
        next_step = data.next_step if data is not None else None
        moved = result.level_moved
        if moved:
            headline = (
                self.tr("%1: %2 → %3")
                .replace("%1", name)
                .replace("%2", level_name(result.level_before))
                .replace("%3", level_name(result.level_after))
            )
            detail = saved
            if next_step:
                detail += "  ·  " + self.tr("Next: %1").replace("%1", next_step)
            self.banner.show_notice(headline, detail, "up" if moved > 0 else "down", undo=True)
            return
        detail = self.tr("Level stays %1").replace("%1", level_name(result.level_after))
        if next_step:
            detail += "  ·  " + self.tr("Next: %1").replace("%1", next_step)
        self.banner.show_notice(saved, detail, "info", undo=True)

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
        self.banner.show_notice(
            self.tr("Undone: %1 for %2 removed")
            .replace("%1", self._what(last.kind, last.amount))
            .replace("%2", last.customer_name),
            tone="info",
        )
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

    # --- keyboard ---------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if watched is self.search and plain:
            if key == Qt.Key.Key_Down:
                self.move_highlight(1)
                return True
            if key == Qt.Key.Key_Up:
                self.move_highlight(-1)
                return True
            if key == Qt.Key.Key_PageDown:
                self.move_highlight(10)
                return True
            if key == Qt.Key.Key_PageUp:
                self.move_highlight(-10)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.pick_highlighted()
                return True
            if key == Qt.Key.Key_Escape:
                self.clear_search()
                return True
        elif watched in (self.amount, self.note, self.staff, self.when) and plain:
            if key == Qt.Key.Key_Escape:
                self.focus_search()
                return True
            if watched in (self.staff, self.when) and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save_visit()
                return True
        return super().eventFilter(watched, event)

    # --- the bus --------------------------------------------------------------------

    def _on_customers_changed(self) -> None:
        if self._emitting:
            return
        if not self.isVisible():
            self._stale = True
            return
        self.run_search(self.search.text())
        self._highlight_current()
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
        self.amount.currency = self._currency
        self.reload_staff()
        self.card.reload()
