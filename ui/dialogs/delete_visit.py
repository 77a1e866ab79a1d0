"""Asks why a visit is deleted, naming the visit: Delete stays off until a reason is typed,
so nothing typed is thrown away by a refusal."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.widgets.forms import DialogButtons, note


class DeleteVisitDialog(QDialog):
    def __init__(self, visit: str, parent: QWidget | None = None):
        """``visit`` says which visit, as the timeline shows it ("Purchase ¥88.00 on 2026-12-01")."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Delete visit"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.visit_label = QLabel(visit)
        self.visit_label.setStyleSheet("font-weight: bold;")
        self.visit_label.setWordWrap(True)
        layout.addWidget(self.visit_label)
        layout.addWidget(QLabel(self.tr("Why is this visit deleted?")))
        self.reason = QLineEdit()
        self.reason.setObjectName("delete_reason")
        self.reason.setPlaceholderText(self.tr("e.g. typed on the wrong customer"))
        layout.addWidget(self.reason)
        layout.addWidget(note(self.tr("The reason is kept in the audit trail; Undo brings the visit back.")))
        self.buttons = DialogButtons(self, accept_text=self.tr("Delete visit"))
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._reason_changed)
        self._reason_changed("")

    def _reason_changed(self, text: str) -> None:
        self.buttons.ok_button.setEnabled(bool(text.strip()))

    def reason_text(self) -> str:
        return self.reason.text().strip()
