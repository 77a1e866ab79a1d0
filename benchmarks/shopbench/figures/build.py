"""Figure ``build``: the demo build (``shopcircle-cli demo``), timed when the demo is built
(``demo.cached_demo``). Floor: every customer and visit row of the shop inserted raw into
scratch tables in one transaction (SQLite ``executemany``, PostgreSQL ``COPY``)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from ..common import raw_connection


def build_figure(engine, meta: dict) -> dict:
    """The build as the cache recorded it, beside a floor measured now."""
    return {
        "figure": "demo build (shopcircle-cli demo)"
        + (" [cached: an earlier run]" if meta["cached"] else ""),
        "key": "build",
        "stat": "once",
        "ms": meta["seconds"] * 1000,
        "samples": 1,
        "cached": meta["cached"],
        "floor": floor_bulk_insert(engine),
    }


def floor_bulk_insert(engine) -> dict:
    """Every customer and visit row inserted raw into scratch tables in one transaction."""
    from crm.db import database

    tables = (("customer", "bench_scratch_customer"), ("visit", "bench_scratch_visit"))
    for source, scratch in tables:
        database.execute_sql(f"DROP TABLE IF EXISTS {scratch}")
        database.execute_sql(f"CREATE TABLE {scratch} AS SELECT * FROM {source} WHERE 1 = 0")
    rows = {}
    conn = raw_connection(database)
    if engine.name == "sqlite":
        data = {source: database.execute_sql(f"SELECT * FROM {source}").fetchall() for source, _ in tables}
        rows = {source: len(values) for source, values in data.items()}
        started = time.perf_counter()
        with database.atomic():
            for source, scratch in tables:
                marks = ",".join("?" * len(data[source][0])) if data[source] else ""
                if marks:
                    conn.executemany(f"INSERT INTO {scratch} VALUES ({marks})", data[source])
        seconds = time.perf_counter() - started
        how = "sqlite3 executemany of every customer and visit row into scratch tables, one transaction"
    else:
        with tempfile.TemporaryDirectory() as folder:
            files = {}
            for source, _ in tables:  # read out first, not timed
                files[source] = Path(folder) / f"{source}.copy"
                with files[source].open("w") as handle, conn.cursor() as cur:
                    cur.copy_expert(f"COPY (SELECT * FROM {source}) TO STDOUT", handle)
                rows[source] = database.execute_sql(f"SELECT COUNT(*) FROM {source}").fetchone()[0]
            started = time.perf_counter()
            with database.atomic():
                with conn.cursor() as cur:
                    for source, scratch in tables:
                        with files[source].open() as handle:
                            cur.copy_expert(f"COPY {scratch} FROM STDIN", handle)
            seconds = time.perf_counter() - started
        how = "COPY of every customer and visit row into scratch tables, one transaction"
    for _, scratch in tables:
        database.execute_sql(f"DROP TABLE {scratch}")
    return {"what": how, "ms": round(seconds * 1000, 1), "rows": rows}
