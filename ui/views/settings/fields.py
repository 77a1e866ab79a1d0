"""Fields of the settings sections: a sentence with number boxes inside it."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

_TOKEN = re.compile(r"(%[1-9])")


def sentence(template: str, fields: dict[str, QWidget], parent: QWidget | None = None) -> QWidget:
    """A row that reads as a sentence: ``"at least %1 days"`` with a widget for %1.

    The translated template decides the word order, so fields land where the
    language puts them.
    """
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    for part in _TOKEN.split(template):
        if not part:
            continue
        if part in fields:
            layout.addWidget(fields[part])
        else:
            label = QLabel(part.strip())
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            if label.text():
                layout.addWidget(label)
    layout.addStretch(1)
    return row


def number_box(maximum: int = 100_000, width: int = 84) -> QSpinBox:
    """A whole number as the settings store them (0 … 100,000)."""
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setFixedWidth(width)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.setGroupSeparatorShown(False)
    return box
