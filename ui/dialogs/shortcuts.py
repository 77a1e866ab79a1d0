"""Help → Keyboard shortcuts: the window's own (read from its actions, so the list is the
keys that work) and each page's, as the pages set them."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ui.words import page_title

# Keys the pages and dialogs set (ui/views/…, ui/dialogs/…), by where they work.
PAGE_SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "counter",
        (
            ("Up / Down, Enter", QT_TRANSLATE_NOOP("ShortcutsDialog", "Move through the results, pick one")),
            ("Esc", QT_TRANSLATE_NOOP("ShortcutsDialog", "Clear the search, or go back to it")),
            (
                "Alt+P / V / S / E / R",
                QT_TRANSLATE_NOOP("ShortcutsDialog", "Purchase, visit, service, event, refund"),
            ),
            ("Enter", QT_TRANSLATE_NOOP("ShortcutsDialog", "Save the visit")),
            ("Alt+U", QT_TRANSLATE_NOOP("ShortcutsDialog", "Undo the visit just saved")),
            ("Ctrl+E", QT_TRANSLATE_NOOP("ShortcutsDialog", "Edit the customer")),
            ("Ctrl+O", QT_TRANSLATE_NOOP("ShortcutsDialog", "Open the customer's page")),
        ),
    ),
    (
        "customers",
        (
            ("Ctrl+E", QT_TRANSLATE_NOOP("ShortcutsDialog", "Edit the customer")),
            ("Ctrl+Shift+V", QT_TRANSLATE_NOOP("ShortcutsDialog", "Log a visit for the customer")),
            ("Delete", QT_TRANSLATE_NOOP("ShortcutsDialog", "Delete the selected visit")),
            ("Ctrl+Z", QT_TRANSLATE_NOOP("ShortcutsDialog", "Put the deleted visit back")),
            ("Esc, Alt+Left", QT_TRANSLATE_NOOP("ShortcutsDialog", "Back to the list")),
        ),
    ),
    (
        "followup",
        (
            ("Ctrl+T", QT_TRANSLATE_NOOP("ShortcutsDialog", "New task")),
            ("Ctrl+D", QT_TRANSLATE_NOOP("ShortcutsDialog", "Mark the task done")),
            ("Ctrl+K", QT_TRANSLATE_NOOP("ShortcutsDialog", "Skip the task")),
            ("Ctrl+R", QT_TRANSLATE_NOOP("ShortcutsDialog", "Reopen the task")),
            ("Ctrl+Y", QT_TRANSLATE_NOOP("ShortcutsDialog", "Create tasks from the selected suggestions")),
            ("Delete", QT_TRANSLATE_NOOP("ShortcutsDialog", "Dismiss the selected suggestions")),
        ),
    ),
    (
        "communities",
        (
            ("Ctrl+T", QT_TRANSLATE_NOOP("ShortcutsDialog", "New community")),
            ("Delete", QT_TRANSLATE_NOOP("ShortcutsDialog", "Remove the selected members")),
        ),
    ),
    ("reports", (("Ctrl+E", QT_TRANSLATE_NOOP("ShortcutsDialog", "Export the month's workbook")),)),
    ("settings", (("Ctrl+S", QT_TRANSLATE_NOOP("ShortcutsDialog", "Save the section")),)),
)


def _rows(rows: list[tuple[str, str]]) -> str:
    return "".join(
        f"<tr><td style='padding: 2px 18px 2px 0'><b>{escape(keys)}</b></td><td>{escape(what)}</td></tr>"
        for keys, what in rows
    )


class ShortcutsDialog(QDialog):
    def __init__(self, window_actions: list[QAction], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ShortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        everywhere = [
            (
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                action.text().replace("&", "").rstrip("…"),
            )
            for action in window_actions
            if not action.shortcut().isEmpty()
        ]
        everywhere_title = self.tr("Everywhere")  # lupdate does not read inside f-strings
        parts = [f"<h3>{escape(everywhere_title)}</h3><table>{_rows(everywhere)}</table>"]
        for key, rows in PAGE_SHORTCUTS:
            translated = [(keys, QCoreApplication.translate("ShortcutsDialog", what)) for keys, what in rows]
            parts.append(f"<h3>{escape(page_title(key))}</h3><table>{_rows(translated)}</table>")
        self.browser = QTextBrowser()
        self.browser.setObjectName("ShortcutsText")
        self.browser.setHtml("".join(parts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(560, 600)
