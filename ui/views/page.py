"""The one refresh rule every page follows.

A page reads what it shows off the GUI thread. When the shop changes (an
:class:`~ui.actions.Actions` method published a :class:`Changes` the page
:meth:`~Page.cares` about) the page is out of date: while it is shown it reads
again shortly after (changes come in bursts), while it is hidden it waits and
reads again when it is shown. A page shown after more than a minute reads
again too, since another counter may have written meanwhile.

A subclass implements :meth:`refresh`, starting each read with :meth:`read`
(only the newest read of a kind is delivered), and says in :meth:`cares` which
changes concern it. :meth:`make_refresh_widgets` gives it a busy bar, a status
line and F5.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from crm.services.changes import Changes
from ui.context import AppContext
from ui.errors import error_text
from ui.jobs import JobRunner
from ui.widgets.page_parts import shortcut

# How a page, or a part of one, reads off the GUI thread: ``read(key, fn, shown, *args)``
# (:meth:`Page.read`).
Reader = Callable[..., None]

DEBOUNCE_MS = 250
STALE_SECONDS = 60


class Page(QWidget):
    # A read started or ended (:meth:`loading` may have changed): an empty state waits on it.
    loading_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.jobs = JobRunner(self)
        self.timings: dict[str, float] = {}  # wall time of each read, seconds
        self.busy: QProgressBar | None = None
        self.status: QLabel | None = None
        self._started: dict[str, float] = {}
        self._failed: set[str] = set()  # the reads whose last try failed (said in the status line)
        self._loaded_at: float | None = None
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._debounced)
        ctx.actions.changed.connect(self._on_changes)
        self.build()

    # --- what a page implements ---------------------------------------------------------

    def build(self) -> None:
        """Make the page's widgets (and start its first read, most pages)."""

    def refresh(self) -> None:
        """Read everything the page shows again (start each read with :meth:`read`)."""
        raise NotImplementedError

    def cares(self, changes: Changes) -> bool:
        """Whether ``changes`` make what this page shows out of date (all of them, unless a page says)."""
        return bool(changes)

    # --- reading ------------------------------------------------------------------------

    def read(self, key: str, fn: Callable[..., Any], shown: Callable[[Any], None], *args: Any) -> None:
        """Run ``fn(*args)`` in a worker; ``shown(result)`` gets the result of the latest read of ``key``."""
        self._started[key] = time.perf_counter()

        def done(result, key=key, shown=shown):
            self.timings[key] = time.perf_counter() - self._started[key]
            self._failed.discard(key)
            if not self._failed:
                self._clear_failure()
            shown(result)
            self.update_busy()

        def failed(exc, key=key):
            self._failed.add(key)
            self.read_failed(exc)

        self.jobs.start(key, fn, *args, done=done, failed=failed)
        self.update_busy()

    def refresh_started(self) -> None:
        """Call at the start of :meth:`refresh`: the page is up to date from now."""
        self._dirty = False
        self._timer.stop()
        self._loaded_at = time.monotonic()

    def loading(self) -> bool:
        return self.jobs.busy()

    def is_dirty(self) -> bool:
        """What the page shows is out of date (it reads again when shown, or soon)."""
        return self._dirty

    def refresh_scheduled(self) -> bool:
        """A read is due shortly (the pause after a burst of changes)."""
        return self._timer.isActive()

    def update_busy(self) -> None:
        if self.busy is not None:
            self.busy.setVisible(self.loading())
        self.loading_changed.emit()

    def read_failed(self, exc: BaseException) -> None:
        if self.status is not None:
            self.status.setProperty("error", True)
            self.status.setStyleSheet("color: #c62828;")
            self.status.setText(error_text(exc))
        self.update_busy()

    def _clear_failure(self) -> None:
        """Every read that failed went through since: the failure said is over."""
        if self.status is not None and self.status.property("error"):
            self.status.setProperty("error", False)
            self.status.setStyleSheet("color: #757575;")
            self.status.setText("")

    def make_refresh_widgets(self) -> None:
        """The busy bar, the status label and F5 for :meth:`refresh`."""
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(90)
        self.busy.setMaximumHeight(8)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel()
        self.status.setStyleSheet("color: #757575;")
        shortcut(self, Qt.Key.Key_F5, self.refresh)

    # --- the rule -----------------------------------------------------------------------

    def activated(self) -> None:
        """The page is shown: read again if it is out of date or old."""
        if self.jobs.busy():
            return
        stale = self._loaded_at is None or time.monotonic() - self._loaded_at > STALE_SECONDS
        if self._dirty or stale:
            self.refresh()

    def mark_changed(self) -> None:
        """What the page shows is out of date: read again soon if shown, else when shown."""
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    @Slot(object)
    def _on_changes(self, changes: Changes) -> None:
        if self.cares(changes):
            self.mark_changed()

    def _debounced(self) -> None:
        if self.isVisible():
            self.refresh()
