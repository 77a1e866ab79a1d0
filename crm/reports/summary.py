"""The month's summary for the workbook, computed in a second process.

While the exporting process streams 100,000 customer rows through openpyxl
(pure Python, one core), a worker process opens the same shop and computes the
rest: the levels at the start and the end of the month and the facts behind the
end ones, which the customer rows need (first), both months' metrics, the 12-month
trend and the small sheets but one. On two cores the summary then costs little extra time,
and the levels are computed once, not in both processes. The worker imports no
spreadsheet code and reads with a small page cache (:func:`crm.db.lean_reading`),
so it adds little memory.

Where no process can be started (an in-memory database, a platform refusing),
the same work is done in the calling process instead.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from crm.errors import ShopError
from crm.reports import metrics as metric_service
from crm.reports.metrics import Month
from crm.reports.monthly import community_rows, followup_rows, staff_rows
from crm.services import shop_levels


def summary_data(month: str) -> dict[str, Any]:
    """The month's metrics, the month before, the trend and the small sheets' rows (but the
    Fission sheet's, which the exporting process reads as it writes them)."""
    m = Month.parse(month)
    with shop_levels.memo():
        previous, this = metric_service.months_metrics([m.shift(-1), m])  # one history read for both
        return {
            "previous": previous,
            "this": this,
            "trend": metric_service.trend(m, 12),
            "communities": community_rows(m),
            "followup": followup_rows(m),
            "staff": staff_rows(m),
        }


def end_levels_and_facts(m: Month) -> tuple[shop_levels.LevelTable, shop_levels.ShopFacts]:
    """The levels and facts at the month's end, as the Customers sheet needs them: the
    facts' arrays (the converted referrals and led members stay with the metrics)."""
    levels, facts = shop_levels.levels_and_facts(m.last)
    return levels, dataclasses.replace(facts, converted={}, led={})


def _work(location: str, month: str, conn) -> None:
    """The worker process: open the same shop and send the summary data back. It runs at
    the parent's priority: the levels it computes first are what the parent's rows wait for,
    and the summary it computes last is what the parent's last sheets wait for."""
    from crm.db import close_database, lean_reading, open_database

    try:
        open_database(location, create=False)
        m = Month.parse(month)
        with lean_reading(), shop_levels.memo():
            # First what the parent's customer rows wait for, then the rest.
            conn.send(("start_levels", shop_levels.levels_as_of(m.start)))
            conn.send(("end_levels", end_levels_and_facts(m)))
            conn.send(("ok", summary_data(month)))
    except BaseException as exc:  # the parent shows it as any export error
        conn.send(("error", exc if isinstance(exc, ShopError) else RuntimeError(str(exc))))
    finally:
        close_database()
        conn.close()


MESSAGES = ("start_levels", "end_levels", "ok")  # what the worker sends, in this order


class SummaryWorker:
    """The summary of one month, computed by a worker process started at once."""

    def __init__(self, m: Month):
        import multiprocessing

        from crm.db import database

        self.m = m
        self.process = None
        location = getattr(database.obj, "shop_location", None)
        if not location or location == ":memory:":
            return
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe(duplex=False)
        try:
            self.process = context.Process(
                target=_work, args=(location, m.key, child), name="report-summary", daemon=True
            )
            self.process.start()
        except OSError:
            self.process = None
        finally:
            child.close()

    def _receive(self, expected: str, compute):
        """The worker's message ``expected`` (those before it in :data:`MESSAGES` that were
        not asked for are passed over), or ``compute()`` here when there is no worker."""
        while True:
            if self.process is None:
                return compute()
            try:
                status, value = self.conn.recv()
            except EOFError:  # the worker could not start or died: do the work here instead
                self.process.join(10)
                self.process = None
                return compute()
            if status == "error":
                self.process.join(10)
                raise value
            if status == expected:
                return value
            if status not in MESSAGES or MESSAGES.index(status) > MESSAGES.index(expected):
                raise RuntimeError(f"report worker sent {status}, expected {expected}")  # pragma: no cover

    def start_levels(self) -> dict[int, int]:
        return self._receive("start_levels", lambda: shop_levels.levels_as_of(self.m.start))

    def end_levels_and_facts(self) -> tuple[shop_levels.LevelTable, shop_levels.ShopFacts]:
        """After :meth:`start_levels`: the month's end (see :func:`end_levels_and_facts`)."""
        return self._receive("end_levels", lambda: end_levels_and_facts(self.m))

    def result(self) -> dict[str, Any]:
        value = self._receive("ok", lambda: summary_data(self.m.key))
        if self.process is not None:
            self.process.join(10)
        return value

    def cancel(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
