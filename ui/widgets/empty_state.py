"""What a list says when it has no rows: why, and the next step (a button where there is one).

An :class:`EmptyState` lies over an item view's viewport. It shows itself when the view's
model has no rows and nothing is on its way (``loading()``), so it never flashes while a
list is still being read; it follows the model's signals and, given a page, the page's reads.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TITLE_STYLE = "font-size: 13pt; font-weight: 600; color: #424242;"
DETAIL_STYLE = "color: #757575;"


class EmptyState(QWidget):
    """Over ``view``: ``say(title, detail, *buttons)`` sets what it says; it is shown whenever
    the model is empty and ``loading()`` is false. ``page`` (a :class:`ui.views.page.Page`)
    makes it look again when a read starts or ends; ``loading`` is then the page's own by
    default."""

    def __init__(
        self,
        view: QAbstractItemView,
        loading: Callable[[], bool] | None = None,
        page=None,
        name: str = "",
    ):
        super().__init__(view.viewport())
        self.setObjectName(name or "empty_state")
        self.view = view
        self.loading = loading or (page.loading if page is not None else (lambda: False))
        self.buttons: list[QPushButton] = []
        self.title = QLabel(self)
        self.title.setObjectName("empty_title")
        self.title.setStyleSheet(TITLE_STYLE)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("empty_detail")
        self.detail.setStyleSheet(DETAIL_STYLE)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.button_row = QHBoxLayout()
        self.button_row.setSpacing(8)
        self.button_row.addStretch(1)
        self.button_row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 16, 24, 16)
        column.setSpacing(8)
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.detail)
        column.addSpacing(4)
        column.addLayout(self.button_row)
        column.addStretch(2)
        self.hide()

        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update_shown)
        if page is not None:
            page.loading_changed.connect(self.update_shown)
        self._fit()

    def say(self, title: str, detail: str = "", *buttons: QPushButton) -> None:
        """What the empty list says, and its buttons (the next steps), in order."""
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        if list(buttons) != self.buttons:
            for button in self.buttons:
                self.button_row.removeWidget(button)
                button.hide()
            for n, button in enumerate(buttons):
                button.setParent(self)
                self.button_row.insertWidget(1 + n, button)
                button.show()
            self.buttons = list(buttons)
        self.update_shown()

    def is_empty(self) -> bool:
        return self.view.model().rowCount() == 0

    def update_shown(self, *_args) -> None:
        show = self.is_empty() and not self.loading() and bool(self.title.text())
        if show != self.isVisibleTo(self.view.viewport()):
            self.setVisible(show)
            if show:
                self._fit()
                self.raise_()

    def _fit(self) -> None:
        self.setGeometry(self.view.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False
