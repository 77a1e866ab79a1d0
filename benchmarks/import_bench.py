"""Importing 100,000 customers against SPEC 7 (< 15 s), on the command line as a shop owner would.

    .venv/bin/python benchmarks/import_bench.py DEMO_DB [--json OUT]

The customers of a demo shop (codes, names, mobiles, birthdays, joined dates,
referrers by code, WeChat ids, tags, notes) are written to a UTF-8 CSV with a
BOM and Chinese headers, as Excel would save it, then imported into a new empty
shop with ``shopcircle-cli import customers``; then the same file again (all
rows matched, nothing changed); then the visits of the demo's last month into
that shop. Each import runs in its own process and is timed from start to exit,
with its peak memory.
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "crm"]


def write_customers(db: str, out: Path) -> int:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT c.code, c.name, c.phone, c.birthday, c.joined, r.code, c.wechat, c.tags, c.notes"
            " FROM customer c LEFT JOIN customer r ON r.id = c.referrer_id ORDER BY c.id"
        ).fetchall()
    with out.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["会员号", "姓名", "手机", "生日", "入会日期", "推荐人", "微信", "标签", "备注"])
        for code, name, phone, birthday, joined, referrer, wechat, tags, notes in rows:
            national = phone[3:] if phone and phone.startswith("+86") else (phone or "")
            writer.writerow(
                [
                    code,
                    name,
                    national,
                    birthday or "",
                    joined,
                    referrer or "",
                    wechat or "",
                    (tags or "").strip(","),
                    notes or "",
                ]
            )
    return len(rows)


def write_visits(db: str, out: Path) -> int:
    with sqlite3.connect(db) as conn:
        last = conn.execute("SELECT MAX(day) FROM visit").fetchone()[0]
        rows = conn.execute(
            "SELECT c.code, v.at, v.kind, v.amount, v.quantity, v.note FROM visit v"
            " JOIN customer c ON c.id = v.customer_id WHERE v.day > date(?, '-30 days') ORDER BY v.id",
            (last,),
        ).fetchall()
    with out.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["会员号", "日期", "类型", "金额", "数量", "备注"])
        for code, at, kind, amount, quantity, note in rows:
            writer.writerow([code, at, kind, f"{amount / 100:.2f}", quantity, note])
    return len(rows)


def timed(*args: str) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *CLI, *args] if Path("/usr/bin/time").exists() else [*CLI, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr.strip()}")
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None
    return {"seconds": round(seconds, 2), "peak_rss_mb": peak and round(peak), "output": done.stdout.strip()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a demo shop (shopcircle-cli demo --customers 100000)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        customers_csv, visits_csv, shop = (
            Path(folder) / "会员.csv",
            Path(folder) / "消费.csv",
            Path(folder) / "new.db",
        )
        count = write_customers(args.db, customers_csv)
        visit_count = write_visits(args.db, visits_csv)
        subprocess.run([*CLI, "--db", str(shop), "init"], cwd=ROOT, check=True, capture_output=True)
        first = timed("--db", str(shop), "import", "customers", str(customers_csv))
        again = timed("--db", str(shop), "import", "customers", str(customers_csv))
        visits = timed("--db", str(shop), "import", "visits", str(visits_csv))
    result = {
        "customers": count,
        "import_seconds": first["seconds"],
        "budget_seconds": 15,
        "peak_rss_mb": first["peak_rss_mb"],
        "reimport_seconds": again["seconds"],
        "visits": visit_count,
        "visits_import_seconds": visits["seconds"],
        "outputs": [first["output"], again["output"], visits["output"]],
    }
    ok = result["import_seconds"] < result["budget_seconds"]
    print(
        f"import {count} customers: {result['import_seconds']} s (< 15: {'pass' if ok else 'FAIL'}),"
        f" peak RSS {result['peak_rss_mb']} MB; the same file again: {result['reimport_seconds']} s;"
        f" {visit_count} visits of the last 30 days: {result['visits_import_seconds']} s"
    )
    for line in result["outputs"]:
        print("  " + line)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
