"""Long work off the GUI thread: a QRunnable whose progress, result and error
come back to the GUI thread as signals.

The work is a function ``fn(report)``; ``report(fraction, message)`` feeds a
progress bar and raises :class:`Cancelled` once :meth:`Job.cancel` was asked,
so work that reports often can be stopped (an exception inside a database
transaction rolls it back). The worker thread's own database connection is
closed when the work ends (peewee keeps one per thread; pool threads are
reused or retired, so nothing may stay open in them).

A page that reads in the background runs its reads through a
:class:`JobRunner`: a newer read of the same kind makes an older one stale, and
only the latest result is delivered, so a slow old read never overwrites a newer
one.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from crm.services.connection import thread_closer

log = logging.getLogger("shopcircle")

Report = Callable[[float, str], None]


class Cancelled(Exception):
    """The user asked to stop; raised from ``report`` inside the work."""


class JobSignals(QObject):
    """Has no parent and each job holds its own, so a screen closed while a job
    runs cannot pull it away from under the worker; Qt drops the connections to
    the closed screen."""

    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object)
    ended = Signal(object, object, object)  # the job itself, its result, its error (or None)


class Job(QRunnable):
    def __init__(self, fn: Callable[[Report], Any]):
        super().__init__()
        # The owner keeps a reference until a signal arrives; the pool must not delete it.
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self._finished = threading.Event()
        self.kind = ""  # set by start(): what closing the window asks about
        self.stoppable = False  # asking it to cancel is safe and takes effect

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def answering(self, done: Callable[[Any], Any], failed: Callable[[BaseException], Any]) -> Job:
        """The job, its result handed to ``done`` and its error to ``failed`` (bound slots of a
        widget: they run on the GUI thread, and not at all once the widget is gone)."""
        self.signals.done.connect(done)
        self.signals.failed.connect(failed)
        return self

    def report(self, fraction: float, message: str) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self.signals.progress.emit(float(fraction), message)

    def run(self) -> None:
        close_connection = thread_closer()
        result: Any = None
        error: BaseException | None = None
        try:
            result = self.fn(self.report)
        except BaseException as exc:  # noqa: BLE001 - every error goes back to the GUI thread
            error = exc
        finally:
            close_connection()  # each thread has its own; nothing may stay open in a pool thread
            self._finished.set()
        try:
            if error is not None:
                self.signals.failed.emit(error)
            else:
                self.signals.done.emit(result)
            self.signals.ended.emit(self, result, error)
        except RuntimeError:
            # The app quit while this ran and its signals went with it ("Signal source has been
            # deleted"): nobody is left to tell, and a traceback on the console says nothing.
            pass


# The long work a person starts and may be asked about when the window closes: its kind,
# and whether asking it to stop is safe (work that never reports cannot stop half-way, and
# a backup, restore, erase or undo is left to finish rather than cut off).
KINDS = {
    "export": True,
    "report": True,
    "import": True,
    "undo import": False,
    "backup": False,
    "restore": False,
    "erase": False,
    "check": False,
    "repair": False,
}


class LongJobs(QObject):
    """The jobs started by :func:`start` that have not ended yet. Each is held here until it
    has said it ended, so its signals are never deleted under the worker (whatever became of
    the screen that started it); the main window asks about them before it closes."""

    idle = Signal()  # the last running job ended

    def __init__(self) -> None:
        super().__init__()
        self._jobs: list[Job] = []
        # The last jobs that ended stay a little longer: their worker may still be returning.
        self._ended_lately: deque[Job] = deque(maxlen=16)

    def add(self, job: Job) -> None:
        self._jobs.append(job)
        job.signals.ended.connect(self._ended)

    @Slot(object, object, object)
    def _ended(self, job: Job, _result: Any, _error: Any) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
            self._ended_lately.append(job)
        if not self.running():
            self.idle.emit()

    def running(self) -> list[Job]:
        """The jobs still at work, oldest first."""
        return [job for job in self._jobs if not job.finished]

    def asked_about(self) -> list[Job]:
        """The running jobs of a kind a person started (export, import …), oldest first."""
        return [job for job in self.running() if job.kind]


_long_jobs: list[LongJobs] = []


def long_jobs() -> LongJobs:
    """The app's one :class:`LongJobs` (made on the GUI thread at the first start)."""
    if not _long_jobs:
        _long_jobs.append(LongJobs())
    return _long_jobs[0]


def start(job: Job, kind: str = "") -> Job:
    """Run ``job`` in the pool, held by :func:`long_jobs` until it ends. ``kind`` (a key of
    :data:`KINDS`) names work a person started: closing the window asks about it first."""
    if kind:
        job.kind = kind
        job.stoppable = KINDS[kind]
    long_jobs().add(job)
    QThreadPool.globalInstance().start(job)
    return job


class JobRunner(QObject):
    """Starts a page's background reads, each under a key (what it reads), and
    keeps their jobs alive until they report.

    Results of a job started before the latest :meth:`start` for the same key
    are dropped, so a slow old read never overwrites a newer one.
    """

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._running: dict[Job, tuple[str, Callable, Callable]] = {}  # job: (key, done, failed)
        self._latest: dict[str, Job] = {}

    def start(
        self,
        key: str,
        fn: Callable[..., Any],
        *args: Any,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> Job:
        job = Job(lambda _report: fn(*args))
        # This runner keeps the job (and so its signals) until it has reported, so the
        # pool may delete the runnable: nothing of it is left behind, results included.
        job.setAutoDelete(True)
        self._latest[key] = job
        self._running[job] = (key, done, failed)
        # A bound slot of this GUI-thread object: the signal is queued to the GUI thread,
        # and dropped if the page (and this runner) is gone.
        job.signals.ended.connect(self._ended)
        self.pool.start(job)
        return job

    def forget(self, key: str) -> None:
        """The running job of ``key`` will not be delivered."""
        self._latest.pop(key, None)

    @Slot(object, object, object)
    def _ended(self, job: Job, result: Any, error: BaseException | None) -> None:
        entry = self._running.pop(job, None)
        if entry is None:
            return
        key, done, failed = entry
        if error is not None:
            log.error("background read failed", exc_info=error)
        if self._latest.get(key) is job:
            del self._latest[key]
            if error is None:
                done(result)
            else:
                failed(error)

    def busy(self, key: str | None = None) -> bool:
        """A result (of ``key``, or of any key) is on its way."""
        if key is None:
            return bool(self._latest)
        return key in self._latest

    def running(self) -> bool:
        """A worker is still at work, a stale one too."""
        return bool(self._running)

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until every running job has finished (tests, closing)."""
        return self.pool.waitForDone(msecs)
