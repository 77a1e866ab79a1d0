"""What every figure shares: where things are, the statistics a figure reports, and a fresh
process timed with its own peak memory."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent
OUT = BENCHMARKS / "out"
ROOT = BENCHMARKS.parent
CLI = [sys.executable, "-m", "crm"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def stats(times_ms: list[float]) -> dict:
    return {
        "samples": len(times_ms),
        "median_ms": round(statistics.median(times_ms), 3),
        "p95_ms": round(percentile(times_ms, 0.95), 3),
    }


def note(text: str) -> None:
    """Progress goes to stderr: stdout is the table."""
    print(text, file=sys.stderr, flush=True)


# Runs a command and reports its own time and peak memory. The command is started from this
# small process, not from the benchmark: on Linux a child's peak RSS counts the memory of the
# process it was forked from, and the benchmark holds a whole shop's rows at times.
LAUNCHER = r"""
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": seconds, "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
               "returncode": os.waitstatus_to_exitcode(status)}, out)
"""


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Run ``command`` in a fresh process: its wall seconds, its peak RSS (MB), stdout, stderr."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "usage.json"
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(report), *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
        )
        if not report.exists():
            return {
                "seconds": 0,
                "peak_rss_mb": None,
                "returncode": done.returncode or 1,
                "stdout": done.stdout,
                "stderr": done.stderr,
            }
        return {**json.loads(report.read_text()), "stdout": done.stdout, "stderr": done.stderr}


def raw_connection(database):
    """The driver's own connection under peewee's: the floors write through it."""
    return database.connection()


def in_shop(location: str, measure):
    """Run ``measure`` with the shop at ``location`` open in this process."""
    from crm.db import close_database, open_database

    open_database(location)
    try:
        return measure()
    finally:
        close_database()
