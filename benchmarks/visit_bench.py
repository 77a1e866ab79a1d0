"""Log visits on one shop and print the figure of ``bench.py --only visit`` for it: p50 and p95
of ``log_visit`` beside its floor (a raw INSERT of a visit row and its commit), their ratio, and
the load average; with ``--trace``, every statement the visits ran, by time, and the round trips
to the server per visit.

    .venv/bin/python benchmarks/visit_bench.py DB [--count 500] [--seed 3] [--trace]

DB is a shop file or a ``postgresql://`` URL, opened (and so migrated) as the app opens it. The
visits are written to it: give a copy, never a cached demo. The clock is fixed at noon of the
shop's last visit day, as the benchmark fixes it at the demo's last day.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import re
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SAVEPOINT = re.compile(r'"s[0-9a-f]{32}"')


class Tracer:
    """Every statement and commit through peewee and the bulk path, timed."""

    def __init__(self) -> None:
        self.log: list[tuple[str, float]] = []

    def install(self, database) -> None:
        import crm.db as db_module
        import crm.services.levels as levels_module

        cls = type(database)
        execute_sql, commit = cls.execute_sql, cls.commit
        log = self.log

        def timed(name, fn):
            def wrapper(*args, **kwargs):
                text = name(*args)
                started = time.perf_counter()
                try:
                    return fn(*args, **kwargs)
                finally:
                    if text is not None:
                        log.append((text, (time.perf_counter() - started) * 1000))

            return wrapper

        cls.execute_sql = timed(lambda self, sql, *a: SAVEPOINT.sub('"s…"', sql), execute_sql)

        def committing(self):  # None: the COMMIT went with the last statements (crm.pg_begin)
            return None if getattr(self._state, "committed_on", None) is not None else "COMMIT"

        cls.commit = timed(committing, commit)
        cls.begin = timed(lambda self, *a: "BEGIN", cls.begin)
        try:
            import crm.statements as statements_module
        except ImportError:  # the code before statements were sent together
            pass
        else:

            def together(db, statements, query, *rest):
                parts = [sql for sql, _ in statements] + (
                    [] if query is None else [getattr(query[0], "name", query[0])]
                )
                return f"[{len(parts)} in one] " + " ;; ".join(part[:60] for part in parts)

            statements_module._send_postgres = timed(together, statements_module._send_postgres)
        batch = timed(lambda sql, rows: f"[batch of {len(rows)}] {sql}", db_module.executemany)
        db_module.executemany = batch
        levels_module.executemany = batch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--trace", action="store_true", help="time every statement (adds its own cost)")
    args = parser.parse_args(argv)

    from crm import clock
    from crm.db import close_database, open_database

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from shopbench.figures.visit import measure_log_visit

    load_before = os.getloadavg()
    open_database(args.db)
    try:
        from crm.db import database

        last = database.execute_sql("SELECT MAX(day) FROM visit").fetchone()[0]
        last = last if not isinstance(last, str) else datetime.fromisoformat(last).date()
        clock.fix(datetime(last.year, last.month, last.day, 12, 0))
        tracer = Tracer() if args.trace else None
        if tracer:
            tracer.install(database.obj)
        result = measure_log_visit(args.seed, args.count)
    finally:
        close_database()
        clock.fix(None)
    load_after = os.getloadavg()
    floor = result["floor"]
    print(
        f"log a visit: p50 {result['median_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms"
        f" | floor p50 {floor['median_ms']:.2f} ms, p95 {floor['p95_ms']:.2f} ms"
        f" | ratio p95 {result['p95_ms'] / floor['p95_ms']:.1f}x"
        f" | {result['samples']} visits | load {load_before[0]:.2f} -> {load_after[0]:.2f}"
    )
    if tracer:
        report(tracer.log, args.count + 20)
    return 0


def report(log: list[tuple[str, float]], visits: int) -> None:
    """Statements per visit (the floor's INSERT and commit left out), slowest first."""
    by_text: dict[str, list[float]] = collections.defaultdict(list)
    for sql, ms in log:
        by_text[sql[:140]].append(ms)
    floor_sql = [k for k in by_text if k.startswith("INSERT INTO visit (") and "VALUES" in k]
    # each floor begins and commits once; a BEGIN that waits for the first statement is no trip
    deferred = "BEGIN" in by_text and importlib.util.find_spec("crm.pg_begin") is not None
    begins = len(by_text.get("BEGIN", [])) if deferred else visits
    trips = len(log) - sum(len(by_text[k]) for k in floor_sql) - visits - begins
    print(f"round trips per visit: {trips / visits:.1f}")
    for sql, times in sorted(by_text.items(), key=lambda kv: -sum(kv[1])):
        if sql in floor_sql:
            continue
        n = len(times) - (visits if sql in ("BEGIN", "COMMIT") else 0)  # the floors' are in the mean
        if n > 0:
            mean = sum(times) / len(times)
            print(f"{n / visits:5.2f}/visit  mean {mean:6.3f} ms  max {max(times):6.2f}  {sql}")


if __name__ == "__main__":
    sys.exit(main())
