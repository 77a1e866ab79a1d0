"""Monthly report export against SPEC 7: time as a multiple of a bare openpyxl
write-only dump of the same rows, and peak memory (RSS).

    .venv/bin/python benchmarks/export_bench.py DB [--month YYYY-MM] [--json OUT]
    .venv/bin/python benchmarks/export_bench.py postgresql://… --rss-budget 300 --seconds-budget 180

Each measurement runs in its own process, so the peak RSS of one does not
colour the other. The export's memory is its own peak plus that of any process it starts
(none now: the summary is computed in the export's process), held against the one budget. The bare dump writes
exactly the rows the report writes (read back from the exported file
beforehand, not timed), as plain values with no styles, formats, charts or
computing. The export's own steps (levels, customers, fission, summary, sheets,
saving) are timed from its progress reports, for where the time goes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_export(db: str, month: str, out: str) -> dict:
    from crm.db import open_database
    from crm.reports import workbook

    open_database(db)
    phases: dict[str, float] = {}  # when each step the export names began, seconds from the start
    started = time.perf_counter()
    current = [None]

    def progress(fraction: float, message: str) -> None:
        if message != current[0]:
            current[0] = message
            phases[message] = round(time.perf_counter() - started, 2)

    workbook.export(month, out, language="zh_CN", actor=None, progress=progress)
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    seconds = time.perf_counter() - started
    # Each step's own time: from its start to the next one's.
    names, starts = list(phases), list(phases.values())
    steps = {
        name: round(end - begin, 2)
        for name, begin, end in zip(names, starts, [*starts[1:], seconds], strict=True)
    }
    return {"seconds": seconds, "peak_mb": _peak_mb(), "worker_peak_mb": worker, "steps": steps}


def run_bare(source: str, out: str) -> dict:
    from openpyxl import Workbook, load_workbook

    book = load_workbook(source, read_only=True)
    sheets = [(ws.title, [tuple(row) for row in ws.iter_rows(values_only=True)]) for ws in book.worksheets]
    book.close()
    rows = sum(len(r) for _, r in sheets)
    started = time.perf_counter()
    bare = Workbook(write_only=True)
    for title, sheet_rows in sheets:
        ws = bare.create_sheet(title)
        for row in sheet_rows:
            ws.append(row)
    bare.save(out)
    return {"seconds": time.perf_counter() - started, "rows": rows}


def _child(kind: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(db: str, month: str, repeats: int = 3, rss_budget_mb: int = 200) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = str(Path(folder) / "report.xlsx")
        bare = str(Path(folder) / "bare.xlsx")
        exports, bares = [], []
        for _ in range(repeats):  # interleaved, so both see the same machine load
            exports.append(_child("export", db, month, report))
            bares.append(_child("bare", report, bare))
    export_s = min(e["seconds"] for e in exports)
    fastest = min(exports, key=lambda e: e["seconds"])
    bare_s = min(b["seconds"] for b in bares)
    return {
        "month": month,
        "rows": bares[0]["rows"],
        "export_seconds": round(export_s, 2),
        "bare_dump_seconds": round(bare_s, 2),
        "ratio": round(export_s / bare_s, 2),
        "ratio_budget": 1.5,
        "peak_rss_mb": round(max(e["peak_mb"] for e in exports)),
        "worker_peak_rss_mb": round(max(e["worker_peak_mb"] for e in exports)),
        "rss_budget_mb": rss_budget_mb,
        "export_steps_seconds": fastest.get("steps", {}),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        kind, *args = argv[1:]
        result = run_export(*args) if kind == "export" else run_bare(*args)
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--month", default=None, help="default: the last full month of the demo")
    parser.add_argument("--json", default=None)
    parser.add_argument("--repeats", type=int, default=3, help="export and dump, interleaved (default 3)")
    parser.add_argument(
        "--rss-budget", type=int, default=200, help="MB, both processes (SPEC 7: 200; a chain of 1M: 300)"
    )
    parser.add_argument(
        "--seconds-budget", type=float, default=None, help="also hold the time (a chain: 180)"
    )
    args = parser.parse_args(argv)
    month = args.month
    if month is None:
        from crm.db import close_database, open_database, query_rows

        open_database(args.db, create=False)
        last = str(query_rows("SELECT MAX(day) FROM visit")[0][0])
        close_database()
        year, mon = int(last[:4]), int(last[5:7])
        month = f"{year - (mon == 1):04d}-{(mon - 2) % 12 + 1:02d}"
    result = measure(args.db, month, repeats=args.repeats, rss_budget_mb=args.rss_budget)
    ok_time = result["ratio"] < result["ratio_budget"]
    total_rss = result["peak_rss_mb"] + result["worker_peak_rss_mb"]
    ok_rss = total_rss < result["rss_budget_mb"]
    print(
        f"export {result['month']}: {result['export_seconds']} s for {result['rows']} rows; bare dump "
        f"{result['bare_dump_seconds']} s; ratio {result['ratio']} (< 1.5: {'pass' if ok_time else 'FAIL'}); "
        f"peak RSS {result['peak_rss_mb']} MB + processes it started {result['worker_peak_rss_mb']} MB"
        f" = {total_rss} MB (< {result['rss_budget_mb']} together: {'pass' if ok_rss else 'FAIL'})"
    )
    if args.seconds_budget is not None:
        ok_seconds = result["export_seconds"] < args.seconds_budget
        print(f"export time < {args.seconds_budget:g} s: {'pass' if ok_seconds else 'FAIL'}")
    steps = result["export_steps_seconds"]
    print("export steps (s): " + ", ".join(f"{name} {seconds}" for name, seconds in steps.items()))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
