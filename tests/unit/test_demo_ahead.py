"""Work drawn in a second thread while the demo's thread waits on SQLite (crm/demo/ahead.py):
every batch comes once and in order, however far the thread got, and what the thread
raised is raised in the demo's thread."""

from __future__ import annotations

import threading
import time

import pytest

from crm.demo.ahead import Ahead, BatchesAhead


def _batches(count: int, drawn: list[int] | None = None, fail_at: int | None = None):
    for index in range(count):
        if index == fail_at:
            raise ValueError(f"batch {index}")
        if drawn is not None:
            drawn.append(index)
        yield [index] * 3


def _soon(check, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.001)
    return check()


def test_every_batch_comes_once_in_order_when_the_thread_drew_them_all():
    ahead = BatchesAhead(_batches(5), len, most=1_000)
    ahead.stop()
    assert list(ahead.rest()) == [[i] * 3 for i in range(5)]


def test_the_thread_stops_at_the_bound_and_the_rest_is_drawn_after():
    drawn: list[int] = []
    ahead = BatchesAhead(_batches(10, drawn), len, most=6)  # two batches of three
    ahead._worker.wait()  # the thread stopped by itself at the bound
    assert drawn == [0, 1]
    ahead.stop()
    assert list(ahead.rest()) == [[i] * 3 for i in range(10)]


def test_stop_lets_the_thread_finish_its_batch_and_draw_no_more():
    release, started = threading.Event(), threading.Event()

    def slow():
        yield [0]
        started.set()
        release.wait(5)
        yield [1]
        yield [2]

    ahead = BatchesAhead(slow(), len, most=1_000)
    started.wait(5)
    stopper = threading.Thread(target=ahead.stop)
    stopper.start()
    assert _soon(ahead._stopping.is_set)
    release.set()
    stopper.join(5)
    assert ahead._drawn == [[0], [1]]
    assert list(ahead.rest()) == [[0], [1], [2]]


def test_what_the_thread_raised_is_raised_by_rest():
    ahead = BatchesAhead(_batches(5, fail_at=2), len, most=1_000)
    ahead.stop()
    with pytest.raises(ValueError, match="batch 2"):
        list(ahead.rest())


def test_result_gives_the_value_or_raises_the_error_of_the_work():
    assert Ahead(lambda: 42).result() == 42
    with pytest.raises(ZeroDivisionError):
        Ahead(lambda: 1 // 0).result()
