"""SPEC 7 "app start to a usable customer list" on a big shop, on its own.

    .venv/bin/python benchmarks/startup_bench.py DB [RUNS]

The measurement of ``bench.py`` (``shopbench/figures/startup.py``): the real app
(``python -m ui.app --db DB``) started in a fresh process each run (Qt offscreen) on the
Customers page, timed from launching the process to the first screen of rows and to the whole
list, beside a bare Qt window started the same way (the floor), runs interleaved; and each run
once more as a shop owner starts it, refreshing the levels meanwhile. DB is opened once
before the clock starts, so an older shop is migrated there and not in the first run. The
starts with the refresh write to the shop, so a SQLite file gets them on a copy in a
temporary folder (a PostgreSQL URL: on the shop itself).
"""

import sqlite3
import sys
import tempfile
from pathlib import Path

from shopbench.figures.startup import measure_startup


def _copy(db: str, folder: str) -> str:
    """A consistent copy of the SQLite file ``db`` (its write-ahead log included)."""
    target = str(Path(folder) / Path(db).name)
    source, copy = sqlite3.connect(f"file:{Path(db).resolve()}?mode=ro", uri=True), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return target


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    db, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    from crm.db import close_database, open_database

    open_database(db)  # migrated, as the app would, before anything is timed
    close_database()
    with tempfile.TemporaryDirectory() as folder:
        refreshing = None if "://" in db else _copy(db, folder)
        figure = measure_startup(db, runs, refreshing=refreshing)
    print(
        f"{figure['samples']} runs: median {figure['ms'] / 1000:.3f} s,"
        f" p95 {figure['p95_ms'] / 1000:.3f} s to the first screen of rows;"
        f" the whole list ({figure['listed']:,} customers) at {figure['whole_list_median_ms'] / 1000:.3f} s;"
        f" floor {figure['floor']['ms'] / 1000:.3f} s; ratio {figure['ms'] / figure['floor']['ms']:.1f}×;"
        f" with the level refresh running: {figure['with_refresh_median_ms'] / 1000:.3f} s to the first"
        f" screen, {figure['with_refresh_whole_list_median_ms'] / 1000:.3f} s to the whole list"
    )
