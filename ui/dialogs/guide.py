"""Help → User guide (F1): the short guide bundled in ``resources/help/``, in the app's
language, in a window of its own beside the shop (not modal: the guide can stay open)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ui.i18n import RESOURCES

HELP = RESOURCES / "help"


def guide_file(language: str) -> Path:
    """The guide in ``language``, or the English one when there is none in it."""
    translated = HELP / f"guide_{language}.html"
    return translated if translated.is_file() else HELP / "guide_en.html"


class GuideWindow(QDialog):
    def __init__(self, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("GuideWindow")
        self.setWindowTitle(self.tr("ShopCircle user guide"))
        self.browser = QTextBrowser()
        self.browser.setObjectName("GuideText")
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDefaultStyleSheet(
            "h1 { font-size: 18pt; } h2 { font-size: 13pt; margin-top: 14px; } li { margin-bottom: 4px; }"
        )
        self.file = guide_file(language)
        try:
            self.browser.setHtml(self.file.read_text(encoding="utf-8"))
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(self.file)))
        except OSError:
            self.browser.setPlainText(self.tr("The user guide is missing from this installation."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(640, 620)
