"""Long work off the GUI thread: a QRunnable whose progress, result and error
come back to the GUI thread as signals.

The work is a function ``fn(report)``; ``report(fraction, message)`` feeds a
progress bar and raises :class:`Cancelled` once :meth:`Job.cancel` was asked,
so work that reports often can be stopped (an exception inside a database
transaction rolls it back). The worker thread's own database connection is
closed when the work ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from crm.db import database

Report = Callable[[float, str], None]


class Cancelled(Exception):
    """The user asked to stop; raised from ``report`` inside the work."""


class JobSignals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    def __init__(self, fn: Callable[[Report], Any]):
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self._finished = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def report(self, fraction: float, message: str) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(float(fraction), message)

    def run(self) -> None:
        db = database.obj
        result: Any = None
        error: BaseException | None = None
        try:
            result = self.fn(self.report)
        except BaseException as exc:  # noqa: BLE001 - every error goes back to the GUI thread
            error = exc
        finally:
            # Each thread has its own connection; close this one so nothing is left open.
            try:
                if db is not None and not db.is_closed():
                    db.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass
            self._finished.set()
        if error is not None:
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


def start(job: Job) -> Job:
    QThreadPool.globalInstance().start(job)
    return job
