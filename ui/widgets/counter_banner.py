"""The notice under the counter's entry form: what was just saved, a coloured
line when the customer's level moved, and an Undo button for a few seconds."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

UNDO_SECONDS = 10

# (background, border, text) for each tone.
TONES = {
    "info": ("#eef4fb", "#c5d9f0", "#1a3c5e"),
    "up": ("#e8f5e9", "#a5d6a7", "#1b5e20"),
    "down": ("#fff3e0", "#ffcc80", "#8a3b00"),
    "error": ("#ffebee", "#ef9a9a", "#b71c1c"),
}


class CounterBanner(QFrame):
    undo_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("CounterBanner")
        self.tone = "info"
        self.headline = QLabel()
        self.headline.setObjectName("BannerHeadline")
        font = QFont(self.headline.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("BannerDetail")
        self.detail.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("BannerUndo")
        self.undo_button.setToolTip(self.tr("Remove the visit just logged (Alt+U)"))
        self.undo_button.setShortcut("Alt+U")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.undo_button.clicked.connect(self.undo_requested)
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.setInterval(UNDO_SECONDS * 1000)
        self.undo_timer.timeout.connect(self.undo_button.hide)

        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.headline)
        texts.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 10)
        layout.addLayout(texts, 1)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_notice(self, headline: str, detail: str = "", tone: str = "info", undo: bool = False) -> None:
        self.tone = tone
        background, border, text = TONES[tone]
        self.setStyleSheet(
            f"#CounterBanner {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 8px; }} #CounterBanner QLabel {{ color: {text}; }}"
        )
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.undo_timer.stop()
        self.undo_button.setVisible(undo)
        if undo:
            self.undo_timer.start()
        self.show()

    def undo_available(self) -> bool:
        return not self.undo_button.isHidden()

    def end_undo(self) -> None:
        self.undo_timer.stop()
        self.undo_button.hide()
