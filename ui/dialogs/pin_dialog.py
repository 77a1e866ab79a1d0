"""PIN dialogs: typing one's PIN at sign-in, and choosing a new PIN.

:class:`PinDialog` asks a staff member's PIN when they sign in. A wrong PIN is
said and asked again; after five wrong PINs in a row the service makes each
further try wait, and the dialog shows the seconds left, counting down, and
lets them type again when the wait is over (also a wait that began before the
app was restarted).

:class:`NewPinDialog` sets a PIN: one's own (typing the current one first when
there is one), or, for the owner, someone else's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRegularExpression, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from crm.errors import InvalidInput, PinLocked, ShopError, WrongPin
from crm.services import staff as staff_service
from crm.services.common import Actor
from crm.services.staff import StaffInfo
from ui.errors import error_text
from ui.widgets.forms import ERROR_STYLE, OK_STYLE, DialogButtons, FieldErrors, form_layout, note, reason_text
from ui.widgets.kept_input import KeepsInput

if TYPE_CHECKING:
    from ui.context import AppContext

TITLE = "ShopCircle 店圈"


def pin_edit() -> QLineEdit:
    """A hidden field of up to 8 digits."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9]{0,8}")))
    edit.setMaxLength(8)
    edit.setMaximumWidth(180)
    return edit


def pins_differ(field_errors: FieldErrors, pin: QLineEdit, again: QLineEdit) -> bool:
    """A new PIN typed twice: when the two differ, say so under the second and select it."""
    if pin.text().strip() == again.text().strip():
        return False
    field_errors.show(
        InvalidInput(
            "confirm",
            QCoreApplication.translate("NewPinDialog", "The two PINs are not the same. Type the PIN again."),
        )
    )
    again.setFocus()
    again.selectAll()
    return True


class PinDialog(QDialog):
    """``PinDialog(person)``: accepted once their PIN was right; ``actor`` is then who signed in."""

    def __init__(self, person: StaffInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.person = person
        self.actor: Actor | None = None
        self.waiting = False
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(340)

        self.prompt = QLabel(self.tr("PIN for %1:").replace("%1", person.name))
        self.pin_edit = pin_edit()
        self.message = QLabel()
        self.message.setObjectName("PinMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = DialogButtons(self)
        self.ok_button = self.buttons.ok_button

        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.tick()  # a wait may still run from wrong PINs typed before
        self.pin_edit.setFocus()

    def _say(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def accept(self) -> None:  # OK and Enter
        if self.waiting:
            return
        pin = self.pin_edit.text().strip()
        if not pin:
            self.pin_edit.setFocus()
            return
        try:
            self.actor = staff_service.sign_in(self.person.id, pin)
        except PinLocked as exc:
            self.show_wait(exc.seconds)
            return
        except WrongPin as exc:
            self.pin_edit.clear()
            self.pin_edit.setFocus()
            if not self.tick():  # the fifth wrong PIN starts the wait at once
                self._say(self.wrong_text(exc.tries_left))
            return
        except ShopError as exc:  # no longer active, or removed meanwhile
            self._say(error_text(exc))
            return
        super().accept()

    def wrong_text(self, tries_left: int) -> str:
        if 0 < tries_left <= 2:
            return self.tr("Wrong PIN. %n more wrong PIN(s) and you must wait.", "", tries_left)
        return self.tr("Wrong PIN. Try again.")

    def show_wait(self, seconds: int) -> None:
        self.waiting = True
        self.pin_edit.clear()
        self.pin_edit.setEnabled(False)
        self.ok_button.setEnabled(False)
        self._say(self.tr("Too many wrong PINs. Try again in %1 s.").replace("%1", str(seconds)))
        if not self.timer.isActive():
            self.timer.start()

    def tick(self) -> bool:
        """Show the wait the service asks for (True while there is one), or end it. A closed
        dialog stops counting; so does one whose person or shop is gone meanwhile."""
        if self.waiting and not self.isVisible():
            self.timer.stop()
            return False
        try:
            seconds = staff_service.pin_wait(self.person.id)
        except Exception:  # noqa: BLE001 - a countdown must never raise from a timer
            self.timer.stop()
            return False
        if seconds > 0:
            self.show_wait(seconds)
            return True
        if self.waiting:
            self.waiting = False
            self.timer.stop()
            self.pin_edit.setEnabled(True)
            self.ok_button.setEnabled(True)
            self.pin_edit.setFocus()
            self._say(self.tr("You can type the PIN again."), error=False)
        return False


class NewPinDialog(KeepsInput, QDialog):
    """A new PIN for ``person``, typed twice. One's own PIN asks for the current one first
    (when there is one); the owner sets anyone else's without it. ``intro`` says why
    (e.g. the owner needs a PIN before a second person joins). Accepted once stored (through
    ``ctx.actions``); ``saved`` is then the stored :class:`StaffInfo`."""

    def __init__(self, ctx: AppContext, person: StaffInfo, intro: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person = person
        self.saved: StaffInfo | None = None
        self.own = ctx.actor is not None and ctx.actor.staff_id == person.id
        self.setWindowTitle(self.tr("PIN for %1").replace("%1", person.name))
        self.setMinimumWidth(420)

        self.old_edit = pin_edit()
        self.new_edit = pin_edit()
        self.confirm_edit = pin_edit()
        self.field_errors = FieldErrors(field_text=reason_text)
        self.errors = self.field_errors.labels
        form = form_layout()
        self.asks_old = self.own and person.has_pin
        if self.asks_old:
            form.addRow(self.tr("Current PIN"), self.field_errors.with_label(self.old_edit, "old_pin"))
        form.addRow(self.tr("New PIN"), self.field_errors.with_label(self.new_edit, "pin"))
        form.addRow(self.tr("Repeat new PIN"), self.field_errors.with_label(self.confirm_edit, "confirm"))
        form.addRow(
            "",
            note(
                self.tr("4 to 8 digits, asked when switching to %1 at the counter.").replace(
                    "%1", person.name
                )
            ),
        )

        self.general = self.field_errors.general_label("NewPinError")
        self.buttons = DialogButtons(self, self.save, save=True)

        layout = QVBoxLayout(self)
        if intro:
            self.intro = QLabel(intro)
            self.intro.setObjectName("NewPinIntro")
            self.intro.setWordWrap(True)
            layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        (self.old_edit if self.asks_old else self.new_edit).setFocus()
        self.remember_input()

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, (WrongPin, PinLocked)):
            label = self.errors["old_pin"]
            label.setText(error_text(exc))
            label.show()
            self.old_edit.clear()
            self.old_edit.setFocus()
            return
        self.field_errors.show(exc)

    def save(self) -> None:
        self.field_errors.clear()
        if pins_differ(self.field_errors, self.new_edit, self.confirm_edit):
            return
        new = self.new_edit.text().strip()
        if not new:
            self.show_error(InvalidInput("pin", "must be 4 to 8 digits"))
            self.new_edit.setFocus()
            return
        try:
            if self.own:
                old = self.old_edit.text() if self.asks_old else None
                self.saved = self.ctx.actions.change_own_pin(self.person.id, old, new)
            else:
                self.saved = self.ctx.actions.update_staff(self.person.id, pin=new)
        except ShopError as exc:
            self.show_error(exc)
            return
        self.accept()
