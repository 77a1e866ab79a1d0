"""Figure ``lifetime``: the lifetime fit (BG/NBD + Gamma-Gamma) with ``shopcircle-cli
lifetime``, fitted and stored, in a fresh process with its peak RSS. Floor: the bare SQL
aggregate it reads (purchase days, first, last and spend per customer)."""

from __future__ import annotations

import subprocess
import time
from datetime import date

from ..common import CLI, ROOT, run_measured


def lifetime_available() -> bool:
    done = subprocess.run([*CLI, "lifetime", "--help"], cwd=ROOT, capture_output=True, text=True)
    return done.returncode == 0


def measure_lifetime(location: str, until: date) -> dict:
    """``shopcircle-cli lifetime`` (fit and store), and the floor: the bare SQL aggregate it reads."""
    from crm.db import database

    done = run_measured([*CLI, "--db", location, "lifetime", "--as-of", until.isoformat(), "--json"])
    if done["returncode"] != 0:
        raise RuntimeError(f"lifetime failed: {done['stderr'].strip()}")
    p = database.param
    sql = (
        "SELECT customer_id, COUNT(DISTINCT day), MIN(day), MAX(day), SUM(amount) FROM visit"
        f" WHERE amount > 0 AND day <= {p} GROUP BY customer_id"
    )
    database.execute_sql(sql, [until]).fetchall()  # warm-up
    started = time.perf_counter()
    database.execute_sql(sql, [until]).fetchall()
    floor_ms = (time.perf_counter() - started) * 1000
    return {
        "figure": "lifetime fit (shopcircle-cli lifetime, fresh process)",
        "key": "lifetime",
        "stat": "once",
        "ms": round(done["seconds"] * 1000, 1),
        "samples": 1,
        "peak_rss_mb": done["peak_rss_mb"],
        "floor": {
            "what": "the bare SQL aggregate of purchase days, first, last and spend per customer",
            "sql": sql,
            "ms": round(floor_ms, 1),
        },
    }
