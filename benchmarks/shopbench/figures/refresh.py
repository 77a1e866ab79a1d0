"""Figure ``refresh``: refresh all current levels (``crm.services.levels.refresh_all``), median.
Floor: the raw covering-index aggregate of purchase days per customer over the level window,
the one read a refresh cannot do without (``INDEXED BY visit_purchase_day`` on SQLite)."""

from __future__ import annotations

import time
from datetime import date

from ..common import stats


def measure_refresh(as_of: date, engine, repeats: int) -> dict:
    from crm.db import database
    from crm.services import level_facts, levels

    lo, hi = level_facts.window(as_of, level_facts.rules())
    indexed = " INDEXED BY visit_purchase_day" if engine.name == "sqlite" else ""
    sql = (
        f"SELECT customer_id, COUNT(DISTINCT day), MAX(day) FROM visit{indexed}"
        f" WHERE amount > 0 AND day >= {database.param} AND day <= {database.param} GROUP BY customer_id"
    )
    levels.refresh_all(as_of)  # warm-up
    database.execute_sql(sql, [lo, hi]).fetchall()
    times, floors = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine load
        started = time.perf_counter()
        levels.refresh_all(as_of)
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        database.execute_sql(sql, [lo, hi]).fetchall()
        floors.append((time.perf_counter() - started) * 1000)
    measured, floor = stats(times), stats(floors)
    what = "the raw covering-index aggregate of purchase days per customer over the level window"
    return {
        "figure": "refresh all levels",
        "key": "refresh",
        "stat": "median",
        "ms": measured["median_ms"],
        **measured,
        "floor": {"what": what, "sql": sql, "ms": floor["median_ms"], **floor},
    }
