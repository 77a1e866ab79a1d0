"""The filters above the customer list: levels, a community, a tag, 大C only, archived."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QHBoxLayout, QLabel, QPushButton, QWidget

from crm.services.customer_list import FilterChoices
from ui.words import LEVEL_COLORS, big_c, level_name


class CustomerFilterBar(QWidget):
    changed = Signal()  # a filter was chosen (not when set from code)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        filters = QHBoxLayout(self)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setSpacing(6)
        filters.addWidget(QLabel(self.tr("Level:")))
        self.level_buttons: list[QPushButton] = []
        for level, color in enumerate(LEVEL_COLORS):
            button = QPushButton(level_name(level))
            button.setCheckable(True)
            button.setObjectName(f"level_filter_{level}")
            button.setToolTip(self.tr("Show only this level (several may be chosen)"))
            text = "#212121" if level == 3 else "#ffffff"
            button.setStyleSheet(
                f"QPushButton {{ border: 1px solid {color}; border-radius: 10px; padding: 2px 10px; }}"
                f"QPushButton:checked {{ background: {color}; color: {text}; font-weight: bold; }}"
            )
            button.toggled.connect(lambda _=False: self.changed.emit())
            self.level_buttons.append(button)
            filters.addWidget(button)
        filters.addSpacing(12)
        self.community_combo = QComboBox()
        self.community_combo.setObjectName("community_filter")
        self.community_combo.setEditable(True)
        self.community_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.community_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.community_combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.community_combo.setMinimumWidth(160)
        self.community_combo.setToolTip(self.tr("Members and leader of one community"))
        self.community_combo.addItem(self.tr("All communities"), None)
        self.community_combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        filters.addWidget(self.community_combo)
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("tag_filter")
        self.tag_combo.setMinimumWidth(120)
        self.tag_combo.addItem(self.tr("All tags"), None)
        self.tag_combo.currentIndexChanged.connect(lambda _: self.changed.emit())
        filters.addWidget(self.tag_combo)
        self.big_c_check = QCheckBox(self.tr("%1 only").replace("%1", big_c()))
        self.big_c_check.setObjectName("big_c_filter")
        self.big_c_check.toggled.connect(lambda _: self.changed.emit())
        filters.addWidget(self.big_c_check)
        self.archived_check = QCheckBox(self.tr("Include archived"))
        self.archived_check.setObjectName("archived_filter")
        self.archived_check.toggled.connect(lambda _: self.changed.emit())
        filters.addWidget(self.archived_check)
        filters.addStretch(1)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setEnabled(False)
        filters.addWidget(self.clear_button)

    def values(self) -> dict:
        """The filters chosen, as :class:`crm.services.customer_list.CustomerFilter` takes them."""
        return {
            "levels": frozenset(i for i, b in enumerate(self.level_buttons) if b.isChecked()),
            "community_id": self.community_combo.currentData(),
            "tag": self.tag_combo.currentData(),
            "big_c_only": self.big_c_check.isChecked(),
            "include_archived": self.archived_check.isChecked(),
        }

    def clear(self) -> None:
        """Every filter off, quietly (the caller reads the list again)."""
        widgets = [self.community_combo, self.tag_combo, self.big_c_check, self.archived_check]
        widgets += self.level_buttons
        for widget in widgets:
            widget.blockSignals(True)
        self.community_combo.setCurrentIndex(0)
        self.tag_combo.setCurrentIndex(0)
        self.big_c_check.setChecked(False)
        self.archived_check.setChecked(False)
        for button in self.level_buttons:
            button.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)

    def set_choices(self, choices: FilterChoices) -> bool:
        """Offer these tags and communities; True when the community chosen is gone."""
        _refill(self.tag_combo, self.tr("All tags"), [(tag, tag) for tag in choices.tags])
        return _refill(self.community_combo, self.tr("All communities"), choices.communities)


def _refill(combo: QComboBox, everything: str, items: list[tuple]) -> bool:
    """``combo`` offers "all" then ``items`` (data, text); the choice stays where it still is.
    True when the chosen item is gone."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, None)
    for data, text in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)
    return current is not None and index < 0
