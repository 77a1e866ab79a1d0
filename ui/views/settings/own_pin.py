"""Settings → My PIN: what the staff section is for everyone but the owner."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm.services.staff import StaffInfo
from ui.context import AppContext
from ui.dialogs.pin_dialog import NewPinDialog
from ui.views.settings.section import title
from ui.widgets.forms import OK_STYLE, note


class OwnPinPanel(QWidget):
    """What the staff section is for everyone but the owner: their own PIN."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: NewPinDialog | None = None
        self.me: StaffInfo | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(title(self.tr("My PIN")))
        self.status = note()
        layout.addWidget(self.status)
        layout.addWidget(note(self.tr("Only the owner adds staff, changes roles and resets PINs.")))
        row = QHBoxLayout()
        self.change_button = QPushButton()
        row.addWidget(self.change_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel()
        self.message.setObjectName("OwnPinMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.change_button.clicked.connect(self.change)
        self.show_me(None)

    def show_me(self, me: StaffInfo | None) -> None:
        """Who is signed in, as the page read them (None: nobody, or gone meanwhile)."""
        self.me = me
        self.change_button.setEnabled(me is not None)
        if me is not None and me.has_pin:
            self.status.setText(
                self.tr("Signed in as %1. Your PIN is asked when someone switches to you.").replace(
                    "%1", me.name
                )
            )
            self.change_button.setText(self.tr("Change my PIN…"))
        else:
            self.status.setText(
                self.tr("Signed in as %1. You have no PIN: anyone at the counter can act as you.").replace(
                    "%1", me.name if me else ""
                )
            )
            self.change_button.setText(self.tr("Set my PIN…"))

    def change(self) -> None:
        if self.me is None:
            return
        self.message.clear()
        self.dialog = NewPinDialog(self.ctx, self.me, parent=self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _saved(self) -> None:
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(self.tr("Your new PIN is saved."))

    def _closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None
