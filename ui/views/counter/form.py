"""The counter's entry form: amount, kind, staff, note, when, and a save button that says
what it books and for whom ("Save ¥50.00 for 史欣怡").

The form belongs to one customer at a time, the one highlighted in the counter's
results, and is given them with :meth:`CounterForm.set_customer`. Moving to
another customer clears what was typed for the previous one (a sale typed for A
is never carried over to B, nor brought back to A later) and says so under the
form, so a clerk who moved by mistake sees what was not saved. With nobody
highlighted the form is disabled and the button says why.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm import clock
from crm.errors import InvalidInput
from crm.money import format_amount
from crm.services.counter_card import CounterSetup
from ui.views.counter.save_button import SaveButton
from ui.views.counter.staff_box import StaffBox
from ui.widgets.forms import FieldErrors
from ui.widgets.money_edit import MoneyEdit
from ui.words import visit_kind

# Kind of visit and its Alt+ key; the first is the default.
KINDS = (("purchase", "P"), ("visit", "V"), ("service", "S"), ("event", "E"), ("refund", "R"))


class CounterForm(QFrame):
    save_requested = Signal()  # Enter in a field, or the save button
    leave_requested = Signal()  # Esc in a field: back to the search
    NOW_EVERY_MS = 15_000  # how often the "Now" time shown follows the clock

    def __init__(self, setup: CounterSetup, signed_in: int | None, parent=None):
        super().__init__(parent)
        self.currency = setup.currency
        self._customer_id: int | None = None
        self._customer_name = ""
        self._build(signed_in)
        self.set_setup(setup)
        self.show_now()
        self.set_customer(None)
        # "Now" shows the time a visit would be booked at, not when the page was opened.
        self.now_clock = QTimer(self)
        self.now_clock.setInterval(self.NOW_EVERY_MS)
        self.now_clock.timeout.connect(self._tick)
        self.now_clock.start()

    # --- building ----------------------------------------------------------

    def _build(self, signed_in: int | None) -> None:
        self.setObjectName("CounterEntry")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#CounterEntry QPushButton[kind]:checked { background: #1976d2; color: white;"
            " border: 1px solid #1565c0; border-radius: 4px; }"
            "#CounterEntry QPushButton[kind='refund']:checked { background: #c62828;"
            " border-color: #b71c1c; }"
        )
        self.errors = FieldErrors(reserve=False)  # no empty lines: the card and banner need the height

        self.currency_label = QLabel()
        self.amount = MoneyEdit(self.currency)
        self.amount.setObjectName("CounterAmount")
        self.amount.setToolTip(self.tr("Amount; Enter saves. A minus amount is a refund."))
        self.amount.setMinimumHeight(38)
        self.amount.setMinimumWidth(150)
        font = QFont(self.amount.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.amount.setFont(font)
        self.currency_label.setFont(font)
        self.amount.returnPressed.connect(self.save_requested)
        self.amount.valueChanged.connect(self._typed)
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
        self.kind_buttons[KINDS[0][0]].setChecked(True)
        self.kind_group.buttonToggled.connect(self._kind_toggled)

        self.staff = StaffBox(signed_in)
        self.staff.installEventFilter(self)

        self.note = QLineEdit()
        self.note.setObjectName("CounterNote")
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.note.returnPressed.connect(self.save_requested)
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

        self.save_button = SaveButton()
        self.save_button.clicked.connect(self.save_requested)

        self.title = QLabel()
        self.title.setObjectName("CounterFormTitle")
        title_font = QFont(self.title.font())
        title_font.setBold(True)
        self.title.setFont(title_font)

        # What was typed for the previous customer and cleared, so it is not lost unseen.
        self.dropped_label = QLabel()
        self.dropped_label.setObjectName("CounterDropped")
        self.dropped_label.setWordWrap(True)
        self.dropped_label.setStyleSheet("color: #8d6e00;")
        self.dropped_label.hide()

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
        grid.addLayout(when_row, 6, 1)
        grid.addWidget(self.errors.label_for("at"), 7, 1)
        self.errors.general_label()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addWidget(self.save_button)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.dropped_label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.set_currency(self.currency)

    def chain_tab_order(self) -> None:
        chain = (self.amount, self.staff, self.note, self.now_check, self.when, self.save_button)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # --- the customer ---------------------------------------------------------

    def customer_id(self) -> int | None:
        return self._customer_id

    def customer_name(self) -> str:
        return self._customer_name

    def set_customer(self, customer_id: int | None, name: str = "") -> None:
        """The form now books to this customer (None: nobody highlighted, nothing can be saved)."""
        if customer_id is not None and customer_id == self._customer_id:
            self._customer_name = name or self._customer_name  # renamed meanwhile
            self._show_customer()
            return
        dropped = self._unsaved()
        previous = self._customer_name
        self._customer_id = customer_id
        self._customer_name = name if customer_id is not None else ""
        self.errors.clear()
        self.reset()
        if dropped and previous:
            # Stays while the clerk types on in the search (each keystroke may move the
            # highlight again) until they type an amount or save.
            self.dropped_label.setText(
                self.tr("Not saved: %1 typed for %2 was cleared.")
                .replace("%1", dropped)
                .replace("%2", previous)
            )
            self.dropped_label.show()
        self.setEnabled(customer_id is not None)
        self._show_customer()

    def _unsaved(self) -> str:
        """What was typed and not saved, as the clerk would recognise it ('' for nothing)."""
        text = self.amount.text().strip()
        if text:
            try:
                return format_amount(self.amount.value(), self.currency)
            except InvalidInput:
                return f"“{text}”"
        note = self.note.text().strip()
        return f"“{note}”" if note else ""

    def _show_customer(self) -> None:
        if self._customer_id is None:
            self.title.setText(self.tr("Log a visit"))
        else:
            self.title.setText(self.tr("Log a visit for %1").replace("%1", self._customer_name))
        self.update_button()

    # --- the save button -------------------------------------------------------

    def typed_amount(self) -> int | None:
        """The amount typed, in minor units (None: not a number the shop can book)."""
        try:
            return self.amount.value()
        except InvalidInput:
            return None

    def update_button(self) -> None:
        name = self._customer_name if self._customer_id is not None else None
        self.save_button.show_for(name, self.kind(), self.typed_amount(), self.currency)

    def _typed(self) -> None:
        if self.amount.text():
            self.dropped_label.hide()
        # What the last try said no longer speaks of what is typed now; the next Enter checks again.
        self.errors.clear()
        self.update_button()

    def saved(self) -> None:
        """A visit was booked: ready for the next one, for the same customer."""
        self.dropped_label.hide()
        self.reset()

    # --- values ----------------------------------------------------------------

    def set_setup(self, setup: CounterSetup) -> None:
        """The staff to credit and the shop's currency (read again when they change)."""
        self.staff.set_staff(setup.staff)
        if setup.currency != self.currency or not self.currency_label.text():
            self.set_currency(setup.currency)

    def set_currency(self, currency: str) -> None:
        self.currency = currency
        self.amount.currency = currency
        self.currency_label.setText(format_amount(0, currency).replace("0.00", "").strip() or "¤")
        self.update_button()

    def reset(self) -> None:
        """Ready for the next entry for the same customer (the staff member stays). The fields'
        undo history goes too: Ctrl+Z must not bring back an amount already booked."""
        self.amount.setText("")
        self.note.setText("")
        self.kind_buttons[KINDS[0][0]].setChecked(True)
        self.now_check.setChecked(True)
        self.show_now()
        self.update_button()

    def show_now(self) -> None:
        now = clock.now()
        self.when.setMaximumDateTime(QDateTime(now.date(), QTime(23, 59, 59)))
        self.when.setDateTime(QDateTime(now.date(), QTime(now.hour, now.minute)))

    def _tick(self) -> None:
        if self.now_check.isChecked():
            self.show_now()

    def chosen_time(self):
        """None for now, else the date-time chosen (to the minute)."""
        if self.now_check.isChecked():
            return None
        return self.when.dateTime().toPython().replace(second=0, microsecond=0)

    def _now_toggled(self, checked: bool) -> None:
        self.when.setEnabled(not checked)
        if checked:
            self.show_now()
        else:
            self.when.setFocus(Qt.FocusReason.OtherFocusReason)

    def _kind_toggled(self, button, checked: bool) -> None:
        if checked:
            self.update_button()
            if self.isEnabled():
                self.amount.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choose_kind(self, kind: str) -> None:
        if self.isEnabled():
            self.set_kind(kind)

    def kind(self) -> str:
        button = self.kind_group.checkedButton()
        return button.property("kind") if button is not None else KINDS[0][0]

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    def focus_amount(self) -> None:
        self.amount.setFocus(Qt.FocusReason.OtherFocusReason)
        self.amount.selectAll()

    def staff_id(self) -> int | None:
        return self.staff.staff_id()

    # --- keyboard ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
            key = event.key()
            if plain and key == Qt.Key.Key_Escape:
                self.leave_requested.emit()
                return True
            if plain and watched in (self.staff, self.when) and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.save_requested.emit()
                return True
        return super().eventFilter(watched, event)
