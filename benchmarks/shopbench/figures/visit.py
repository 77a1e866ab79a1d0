"""Figure ``visit``: log a visit, the customer's and their referrer's levels refreshed
(``crm.services.visits.log_visit``), p95. Floor: one raw ``INSERT`` of a visit row and its
commit. It writes visits, so it runs last, on the work copy."""

from __future__ import annotations

import random
import time

from ..common import stats


def measure_log_visit(seed: int, count: int) -> dict:
    """log_visit (the customer's and their referrer's levels refreshed), and the floor: one raw
    INSERT of a visit row and its commit; interleaved."""
    from crm.db import database
    from crm.services import visits

    rng = random.Random(seed)
    ids = [
        row[0] for row in database.execute_sql("SELECT id FROM customer WHERE NOT archived AND NOT erased")
    ]
    picks = [rng.choice(ids) for _ in range(count + 20)]
    cursor = database.execute_sql("SELECT * FROM visit WHERE amount > 0 ORDER BY id DESC LIMIT 1")
    columns = [d[0] for d in cursor.description if d[0] != "id"]
    template = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    p = database.param
    insert = f"INSERT INTO visit ({', '.join(columns)}) VALUES ({', '.join([p] * len(columns))})"

    def raw(customer_id: int) -> None:
        values = [customer_id if c == "customer_id" else template[c] for c in columns]
        with database.atomic():
            database.execute_sql(insert, values)

    for customer_id in picks[:20]:  # warm-up
        visits.log_visit(customer_id, 1980)
        raw(customer_id)
    times, floors = [], []
    for customer_id in picks[20:]:
        amount = rng.choice((990, 1980, 2980, 5800, 12800))
        started = time.perf_counter()
        visits.log_visit(customer_id, amount)
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        raw(customer_id)
        floors.append((time.perf_counter() - started) * 1000)
    measured, floor = stats(times), stats(floors)
    return {
        "figure": "log a visit incl. level refresh",
        "key": "visit",
        "stat": "p95",
        "ms": measured["p95_ms"],
        **measured,
        "floor": {"what": "one raw INSERT of a visit row and its commit", "ms": floor["p95_ms"], **floor},
    }
