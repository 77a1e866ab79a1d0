"""Background reads for the dashboard and fission pages.

A :class:`Job` runs a plain function on :class:`QThreadPool` and hands its
result (or the exception it raised) back to the GUI thread through a queued
signal. Each job opens its own database connection (peewee keeps one per
thread) and closes it before reporting, so nothing stays open in pool threads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from crm.db import database

log = logging.getLogger("shopcircle")


class _JobSignals(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)


class Job(QRunnable):
    def __init__(self, serial: int, fn: Callable[..., Any], *args: Any):
        super().__init__()
        # The owner keeps a reference until a signal arrives; the pool must not delete it.
        self.setAutoDelete(False)
        self.serial = serial
        self.fn = fn
        self.args = args
        self.signals = _JobSignals()

    def run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = self.fn(*self.args)
        except Exception as exc:  # reported to the page, which shows a sentence
            log.exception("background read failed")
            error = exc
        finally:
            try:
                if database.obj is not None and not database.is_closed():
                    database.close()
            except Exception:  # pragma: no cover - closing must never hide the result
                log.exception("closing the worker's connection failed")
        if error is None:
            self.signals.done.emit(self.serial, result)
        else:
            self.signals.failed.emit(self.serial, error)


class JobRunner(QObject):
    """Starts jobs for one page and keeps them alive until they report.

    Results of a job started before the latest :meth:`start` for the same key
    are dropped, so a slow old read never overwrites a newer one.
    """

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        # serial: (key, job, done, failed)
        self._running: dict[int, tuple[str, Job, Callable, Callable]] = {}
        self._latest: dict[str, int] = {}
        self._serial = 0

    def start(
        self,
        key: str,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self._serial += 1
        serial = self._serial
        self._latest[key] = serial
        job = Job(serial, fn, *args)
        self._running[serial] = (key, job, done, failed)
        # Bound slots of this GUI-thread object: the signal is queued to the GUI thread,
        # and dropped if the page (and this runner) is gone.
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.pool.start(job)

    @Slot(int, object)
    def _done(self, serial: int, result: Any) -> None:
        self._finish(serial, result, 2)

    @Slot(int, object)
    def _failed(self, serial: int, error: Any) -> None:
        self._finish(serial, error, 3)

    def _finish(self, serial: int, value: Any, which: int) -> None:
        entry = self._running.pop(serial, None)
        if entry is None:
            return
        key = entry[0]
        if self._latest.get(key) == serial:
            del self._latest[key]
            entry[which](value)

    def busy(self, key: str | None = None) -> bool:
        if key is None:
            return bool(self._latest)
        return key in self._latest

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until every running job has finished (tests, closing)."""
        return self.pool.waitForDone(msecs)
