"""One run: the cached demo copied for the run, the clock fixed at noon of its last day, then
every figure asked for, in an order that keeps them apart: those that read the shop first, in
this process; the app and the command line in processes of their own on the shop before any
visit is logged; logging visits last. A figure that fails is reported as skipped with its
reason, and the rest still run; the copies are dropped whatever happens."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from . import report
from .budgets import FIGURES, judge
from .common import OUT, in_shop, note
from .demo import cached_demo
from .figures.build import build_figure
from .figures.export import last_full_month, measure_export
from .figures.import_customers import measure_import
from .figures.lifetime import lifetime_available, measure_lifetime
from .figures.refresh import measure_refresh
from .figures.search import measure_search
from .figures.startup import measure_startup
from .figures.visit import measure_log_visit
from .machine import machine


def run(engine, customers: int, seed: int, rebuild: bool, asked: list[str], out: Path | None) -> dict:
    """Measure, show and write the figures in ``asked``; the result as written to the JSON."""
    from crm import clock
    from crm.db import close_database, open_database

    load_at_start = [round(x, 2) for x in os.getloadavg()]
    big = customers >= 10_000
    cached, meta = cached_demo(engine, customers, seed, rebuild)
    until = date.fromisoformat(meta["until"])
    figures, skipped = [], {}
    work = engine.copy(cached, "bench_work")
    folder = Path(tempfile.mkdtemp(prefix="bench-", dir=OUT))
    startup_shop = None
    try:
        clock.fix(datetime(until.year, until.month, until.day, 12, 0))
        open_database(work)
        from crm.db import database

        visits = database.execute_sql("SELECT COUNT(*) FROM visit").fetchone()[0]

        def figure(key: str, measure) -> None:
            if key not in asked:
                return
            note(f"measuring {key}")
            try:
                found = measure()
            except Exception as exc:  # noqa: BLE001 - one failed figure is reported, the rest still run
                skipped[key] = f"failed: {exc}"
                note(f"{key} failed: {exc}")
                return
            for item in found if isinstance(found, list) else [found]:
                figures.append(judge(item, engine.name))

        figure("build", lambda: build_figure(engine, meta))
        figure("search", lambda: measure_search(seed, rounds=5 if big else 3))
        figure("refresh", lambda: measure_refresh(until, engine, repeats=5 if big else 3))
        # The app and the command line in processes of their own, on the shop before visits are logged.
        close_database()
        if "startup" in asked:
            # The app's own level refresh (as of the real day, not the benchmark's) and its day's
            # backup (beside the file) go to a copy of their own, in the run's folder.
            startup_shop = engine.copy(work, "bench_startup", folder)
        figure("startup", lambda: measure_startup(work, runs=5 if big else 3, refreshing=startup_shop))
        figure("export", lambda: measure_export(work, last_full_month(until), repeats=3 if big else 1))
        if "lifetime" in asked and not lifetime_available():
            skipped["lifetime"] = "shopcircle-cli lifetime does not exist yet"
        else:
            figure("lifetime", lambda: in_shop(work, lambda: measure_lifetime(work, until)))
        figure("import", lambda: in_shop(work, lambda: measure_import(engine, folder)))
        figure("visit", lambda: in_shop(work, lambda: measure_log_visit(seed, count=200 if big else 100)))
    finally:
        close_database()
        clock.fix(None)
        if startup_shop:
            engine.drop(startup_shop)
        shutil.rmtree(folder, ignore_errors=True)
        engine.drop(work)
    order = {key: i for i, key in enumerate(FIGURES)}
    figures.sort(key=lambda f: order[f["key"]])
    result = {
        "engine": engine.name,
        "customers": customers,
        "seed": seed,
        "visits": visits,
        "until": meta["until"],
        "machine": {
            **machine(engine.version),
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "postgresql_settings": engine.settings or None,
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "budgets_for": "SPEC 7: 100,000 customers on SQLite; 1,000,000 on PostgreSQL",
        "asked": asked,
        "figures": figures,
        "skipped": skipped,
    }
    report.show(result)
    report.write(result, out or OUT / f"bench-{engine.name}-{customers}-s{seed}.json")
    return result
