"""Work of the demo done in a second thread while the demo's own thread waits on SQLite.

SQLite lets go of Python's lock while it runs a statement: building an index of a million
rows (one statement, seconds long) leaves a core to Python. A thread given work that
needs no database (drawing rows, replaying levels from rows held in memory) runs there
meanwhile; the connection stays with the demo's thread. Only long statements should run
beside it: a statement per row would wait for Python's lock at every row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Ahead(Generic[T]):
    """``work()`` run in a thread from now; :meth:`result` waits for it and gives what it
    returned or raises what it raised."""

    def __init__(self, work: Callable[[], T]):
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name="demo-ahead", daemon=True)
        self._thread.start()

    def _run(self, work: Callable[[], T]) -> None:
        try:
            self._value = work()
        except BaseException as error:  # handed to the demo's thread by result()
            self._error = error

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> T:
        self.wait()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


class BatchesAhead(Generic[T]):
    """The batches of ``batches`` drawn in a thread from now until :meth:`stop` or until they
    hold ``most`` items (``size`` of each batch): a bound on what waits in memory."""

    def __init__(self, batches: Iterator[T], size: Callable[[T], int], most: int):
        self._batches, self._size, self._most = batches, size, most
        self._stopping = threading.Event()
        self._drawn: list[T] = []
        self._worker = Ahead(self._draw)

    def _draw(self) -> bool:
        """Whether every batch was drawn."""
        held = 0
        for batch in self._batches:
            self._drawn.append(batch)
            held += self._size(batch)
            if held >= self._most or self._stopping.is_set():
                return False
        return True

    def stop(self) -> None:
        """No more batches drawn in the thread once the one it is drawing is done."""
        self._stopping.set()
        self._worker.wait()

    def rest(self) -> Iterator[T]:
        """After :meth:`stop`: the batches drawn, then the others, drawn here."""
        finished = self._worker.result()
        drawn, self._drawn = self._drawn, []
        yield from drawn
        if not finished:
            yield from self._batches
