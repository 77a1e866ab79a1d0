"""A page that reads its figures off the GUI thread and reads them again when
the shop's data changes: shortly after a change while it is shown (changes come
in bursts), at once when it is shown again after a change or after a minute."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from ui.context import AppContext
from ui.errors import error_text
from ui.jobs import JobRunner

DEBOUNCE_MS = 400
STALE_SECONDS = 60


class RefreshingPage(QWidget):
    """A subclass connects the bus signals it cares about to :meth:`_changed` (or
    :meth:`_changed_one` for those that carry a customer id), builds its busy bar
    and status label with :meth:`_make_refresh_widgets`, and implements
    ``refresh()`` (calling :meth:`_refresh_started`, then :meth:`_start` for each
    read) and ``_update_busy()``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = JobRunner(self)
        self.timings: dict[str, float] = {}  # wall time of each read, seconds
        self._started: dict[str, float] = {}
        self._loaded_at: float | None = None
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._debounced)

    def refresh(self) -> None:
        raise NotImplementedError

    def _update_busy(self) -> None:
        raise NotImplementedError

    def _make_refresh_widgets(self) -> None:
        """The busy bar, the status label and F5 for :meth:`refresh`."""
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(90)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.status = QLabel()
        self.status.setStyleSheet("color: #757575;")
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.refresh)

    def _refresh_started(self) -> None:
        self._dirty = False
        self._timer.stop()
        self._loaded_at = time.monotonic()

    def _start(self, key: str, fn: Callable[..., Any], shown: Callable[[Any], None], *args: Any) -> None:
        """Run ``fn(*args)`` in a worker; ``shown(result)`` gets the result of the latest read of ``key``."""
        self._started[key] = time.perf_counter()

        def done(result, key=key, shown=shown):
            self.timings[key] = time.perf_counter() - self._started[key]
            shown(result)
            self._update_busy()

        self.jobs.start(key, fn, *args, done=done, failed=self._failed)
        self._update_busy()

    def loading(self) -> bool:
        return self.jobs.busy()

    def activated(self) -> None:
        if self.jobs.busy():
            return
        stale = self._loaded_at is None or time.monotonic() - self._loaded_at > STALE_SECONDS
        if self._dirty or stale:
            self.refresh()

    @Slot()
    def _changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    @Slot(int)
    def _changed_one(self, _customer_id: int) -> None:
        self._changed()

    def _debounced(self) -> None:
        if self.isVisible():
            self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.status.setProperty("error", True)
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(error_text(exc))
        self._update_busy()
