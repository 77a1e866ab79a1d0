"""The command's options (``benchmarks/bench.py``, whose docstring is the usage): ``--verify``
alone, or a run on SQLite, on a PostgreSQL server of its own, or at a ``--db`` URL. Exits 1
when a budget is missed or a figure failed, unless ``--report-only``."""

from __future__ import annotations

import argparse
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

from .budgets import FIGURES
from .common import OUT, ROOT, note
from .engines import PostgresEngine, SqliteEngine
from .verify import verify

DESCRIPTION = "The SPEC section 7 benchmark: every figure beside a floor measured in the same run."


@contextmanager
def stopped_cleanly():
    """Ctrl+C or a TERM still runs the finally blocks (the server of our own is stopped)."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=DESCRIPTION)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true", help="build the demo shop again (and time it)")
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default=None)
    parser.add_argument("--db", metavar="URL", help="a postgresql:// URL: its database holds the demo")
    parser.add_argument("--only", nargs="+", choices=FIGURES, metavar="FIGURE", help=" ".join(FIGURES))
    parser.add_argument("--json", metavar="OUT", help="default benchmarks/out/bench-ENGINE-N-sSEED.json")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when a budget is missed")
    parser.add_argument("--verify", metavar="JSON", help="check a result file is well-formed, and stop")
    args = parser.parse_args(argv)
    if args.verify:
        return verify(args.verify)
    if args.customers < 100:
        parser.error("--customers: at least 100")
    if args.db and not args.db.startswith(("postgresql://", "postgres://")):
        parser.error("--db takes a postgresql:// URL (SQLite demos are kept in benchmarks/out/)")
    engine_name = "postgresql" if args.db else (args.engine or "sqlite")
    asked = list(args.only or FIGURES)
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    with stopped_cleanly():
        engine = PostgresEngine(args.db) if engine_name == "postgresql" else SqliteEngine()
        try:
            from .run import run

            out = Path(args.json) if args.json else None
            result = run(engine, args.customers, args.seed, args.rebuild, asked, out)
        except KeyboardInterrupt:
            note("interrupted")
            return 130
        finally:
            engine.close()
    failed = any(f["pass"] is False for f in result["figures"])
    failed = failed or any(reason.startswith("failed") for reason in result["skipped"].values())
    return 0 if args.report_only or not failed else 1
