"""Several counters on one SQLite shop (SPEC 7 and 8): N real processes each log
visits through ``crm.services.visits.log_visit`` at once, against one counter
alone on the same copy of the shop (the floor).

    .venv/bin/python benchmarks/counters_bench.py DB [--visits 1000] [--json OUT]

The shop file is copied first; the original is never written. Reported per run:
failures, median, p95 and longest time inside ``log_visit`` (waiting for the
other counters included), wall time, and the p95 as a multiple of the lone
counter's p95.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def counter(location: str, visits: int, seed: int) -> tuple[int, list[float]]:
    """One counter: ``visits`` visits for random live customers; failures and seconds each."""
    from crm.db import close_database, open_database
    from crm.models import Customer
    from crm.services.visits import log_visit

    open_database(location, create=False)
    ids = [
        cid for (cid,) in Customer.select(Customer.id).where(~Customer.archived & ~Customer.erased).tuples()
    ]
    rng = random.Random(seed)
    failed, took = 0, []
    for _ in range(visits):
        amount = rng.choice((0, rng.randint(10, 300) * 100))
        start = time.perf_counter()
        try:
            log_visit(rng.choice(ids), amount, kind="purchase" if amount else "visit", confirm_large=True)
        except Exception:  # noqa: BLE001 - every failure counts, whatever it is
            failed += 1
        took.append(time.perf_counter() - start)
    close_database()
    return failed, took


def run(location: str, processes: int, visits: int) -> dict:
    spawn = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    with spawn.Pool(processes) as pool:
        results = pool.starmap(counter, [(location, visits, seed) for seed in range(processes)])
    wall = time.perf_counter() - started
    took = sorted(s for _, seconds in results for s in seconds)
    return {
        "processes": processes,
        "visits": processes * visits,
        "failures": sum(failed for failed, _ in results),
        "median_ms": round(statistics.median(took) * 1000, 1),
        "p95_ms": round(statistics.quantiles(took, n=20)[-1] * 1000, 1),
        "max_ms": round(took[-1] * 1000, 1),
        "wall_s": round(wall, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--visits", type=int, default=1000, help="per counter (default 1000)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        copy = str(Path(folder) / "shop.db")
        shutil.copyfile(args.db, copy)
        rows = [run(copy, n, args.visits) for n in (1, 2, 4)]
    floor = rows[0]["p95_ms"]
    print(
        f"{'counters':>8} {'visits':>7} {'failures':>8} {'median':>8} {'p95':>8} {'max':>8}"
        f" {'wall':>7} {'p95/floor':>9}"
    )
    for row in rows:
        row["p95_ratio"] = round(row["p95_ms"] / floor, 2) if floor else None
        print(
            f"{row['processes']:>8} {row['visits']:>7} {row['failures']:>8} {row['median_ms']:>6} ms"
            f" {row['p95_ms']:>6} ms {row['max_ms']:>6} ms {row['wall_s']:>5} s {row['p95_ratio']:>9}"
        )
    verdict = all(r["failures"] == 0 for r in rows) and all(r["p95_ms"] < 100 for r in rows)
    print("budget (0 failures, p95 < 100 ms):", "pass" if verdict else "FAIL")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
