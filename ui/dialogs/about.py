"""Help → About ShopCircle: its name, version and licence, the icon set's, and the
database in use."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from crm import version
from crm.errors import without_password
from ui import icons

LICENCE = "GPL-3.0-or-later"


class AboutDialog(QDialog):
    def __init__(self, location: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setWindowTitle(self.tr("About ShopCircle"))
        logo = QLabel()
        window_icon = parent.windowIcon() if parent is not None else None
        if window_icon is not None and not window_icon.isNull():
            logo.setPixmap(window_icon.pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        name = self.tr("ShopCircle 店圈")  # lupdate does not read inside f-strings
        lines = [
            f"<h2>{escape(name)}</h2>",
            escape(self.tr("Version %1").replace("%1", version())),
            escape(self.tr("A customer relationship app for small shops.")),
            escape(self.tr("Free software under the %1 licence.").replace("%1", LICENCE)),
            escape(
                self.tr("Icons: %1 %2, %3 licence.")
                .replace("%1", icons.ICON_SET)
                .replace("%2", icons.ICON_SET_VERSION)
                .replace("%3", icons.ICON_LICENCE)
            ),
            escape(self.tr("Database in use: %1").replace("%1", without_password(location))),
        ]
        self.text = QLabel("<br>".join(lines[:1]) + "<p>" + "<br>".join(lines[1:]) + "</p>")
        self.text.setObjectName("AboutText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(logo)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
