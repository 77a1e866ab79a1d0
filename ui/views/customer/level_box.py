"""Why the customer is at their level, and what moves them up."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from crm.levels import Explanation
from crm.services.lifetime import CustomerFigures
from ui.lifetime_words import outlook
from ui.words import explanation_text, step_text


class LevelBox(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("level_box")
        self.setStyleSheet(
            "#level_box { background: #fafafa; border: 1px solid #e0e0e0; border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.explanation_label = QLabel()
        self.explanation_label.setObjectName("explanation")
        self.explanation_label.setWordWrap(True)
        self.explanation_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.explanation_label)
        self.steps_label = QLabel()
        self.steps_label.setObjectName("next_steps")
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.steps_label)
        self.lifetime_label = QLabel()
        self.lifetime_label.setObjectName("lifetime")
        self.lifetime_label.setWordWrap(True)
        self.lifetime_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.lifetime_label)

    def show_lifetime(self, figures: CustomerFigures | None, currency: str) -> None:
        """Whether they are still a customer, what to expect of them and their worth, in words."""
        line, details = outlook(figures, currency)
        self.lifetime_label.setText(line and self.tr("Outlook: %1").replace("%1", line))
        self.lifetime_label.setToolTip(details)
        self.lifetime_label.setVisible(bool(line))

    def show_explanation(self, explanation: Explanation) -> None:
        self.explanation_label.setText(explanation_text(explanation))
        steps = [step_text(step) for step in explanation.next_steps]
        if not steps:
            self.steps_label.setText(html.escape(self.tr("Already at the highest level.")))
            return
        items = "".join(f"<li>{html.escape(s)}</li>" for s in steps)
        self.steps_label.setText(
            "<b>"
            + html.escape(self.tr("What moves them up:"))
            + "</b><ul style='margin: 0 0 0 -20px;'>"
            + items
            + "</ul>"
        )
