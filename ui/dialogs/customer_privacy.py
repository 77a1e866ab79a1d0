"""A customer's privacy requests from the customer page: save everything the shop
holds about them, or erase their personal data for good (SPEC 8).

Erasing is confirmed by typing the customer's name, as a bank confirms closing an
account: a Yes button is too easy to press at a busy counter.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm.services.customers import CustomerInfo
from ui.context import AppContext
from ui.file_dialogs import save_file_name


def choose_data_file(parent: QWidget, info: CustomerInfo) -> str | None:
    """Ask where to save one customer's data; a workbook by default, JSON if chosen."""
    workbook = QCoreApplication.translate("CustomerPrivacy", "Excel workbook (*.xlsx)")
    json_file = QCoreApplication.translate("CustomerPrivacy", "JSON file (*.json)")
    path, chosen = save_file_name(
        parent,
        QCoreApplication.translate("CustomerPrivacy", "Save %1's data").replace("%1", info.name),
        f"{info.code}.xlsx",
        f"{workbook};;{json_file}",
        purpose="export",
    )
    if not path:
        return None
    if not path.lower().endswith((".xlsx", ".json")):
        path += ".json" if chosen == json_file else ".xlsx"
    return path


def save_customer_data(ctx: AppContext, info: CustomerInfo, path: str) -> Path:
    """Write the file as the signed-in staff member (the service checks the permission)."""
    from crm.io.customer_data import write_customer_data

    return write_customer_data(info.id, path, actor=ctx.actor, language=ctx.language)


class EraseDialog(QDialog):
    """Erase is enabled only once the customer's name is typed exactly."""

    def __init__(self, info: CustomerInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Erase %1").replace("%1", info.name))
        self.expected = info.name.strip()
        text = QLabel(
            self.tr(
                "This erases %1's name, phone, WeChat, birthday, notes and tags for good, and every copy "
                "of them in visit notes, tasks and the history. Their visits stay, anonymous, so the "
                "shop's figures stay true. It cannot be undone. Backups made before now keep the data "
                "until they age out (the app keeps its last seven daily copies)."
            ).replace("%1", info.name)
        )
        text.setWordWrap(True)
        prompt = QLabel(self.tr("Type the customer's name to confirm:"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("erase_name")
        self.name_edit.setPlaceholderText(info.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = buttons.addButton(
            self.tr("Erase for good"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.erase_button.setObjectName("erase")
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(prompt)
        layout.addWidget(self.name_edit)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def _check(self, typed: str) -> None:
        self.erase_button.setEnabled(typed.strip() == self.expected)

    def accept(self) -> None:  # Enter in the name field lands here too
        if self.name_edit.text().strip() == self.expected:
            super().accept()
