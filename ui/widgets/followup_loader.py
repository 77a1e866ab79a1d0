"""Run slow service calls off the GUI thread and hand the result back to it.

The follow-up and communities screens read tens of thousands of rows on a big
shop (suggestions take most of a second); :class:`BackgroundCall` runs such a
call in Qt's thread pool and delivers the result through a queued signal, so
the window keeps painting and answering while it works. A newer call makes the
result of an older one stale: only the latest result is delivered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from crm.db import database


class _Relay(QObject):
    """Carries a result from the worker to the GUI thread. It has no parent and
    each job holds it, so a screen closed while a job runs cannot pull it away
    from under the worker; Qt drops the connection to the closed screen."""

    done = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, token: int, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.token = token
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI thread, shown there
            self.relay.failed.emit(self.token, exc)
        else:
            self.relay.done.emit(self.token, result)
        finally:
            # peewee keeps one connection per thread; pool threads are reused or
            # retired, so close this thread's connection instead of leaking it.
            try:
                if database.obj is not None and not database.is_closed():
                    database.close()
            except Exception:  # noqa: S110 - closing is best effort
                pass


class BackgroundCall(QObject):
    """``start(fn)`` runs ``fn`` in a worker thread; ``finished(result)`` or
    ``failed(exception)`` follow on the GUI thread. ``busy`` says whether a call
    is running (for a busy indicator)."""

    started = Signal()
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None):
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._token = 0
        self._running = 0
        self._relay = _Relay()
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self._running > 0

    def start(self, fn: Callable[[], Any]) -> None:
        self._token += 1
        self._running += 1
        self.started.emit()
        self._pool.start(_Job(self._token, fn, self._relay))

    def cancel(self) -> None:
        """Forget the running call: its result will not be delivered."""
        self._token += 1

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool's work is done (for tests and shutdown)."""
        return self._pool.waitForDone(msecs)

    @Slot(int, object)
    def _on_done(self, token: int, result: Any) -> None:
        self._running = max(0, self._running - 1)
        if token == self._token:
            self.finished.emit(result)

    @Slot(int, object)
    def _on_failed(self, token: int, exc: Any) -> None:
        self._running = max(0, self._running - 1)
        if token == self._token:
            self.failed.emit(exc)
