"""Importing customers against SPEC 7, on the command line as a shop owner would: 100,000
into SQLite (< 15 s) or 1,000,000 into PostgreSQL (< 3 min), beside a floor taken in the
same run.

    .venv/bin/python benchmarks/import_bench.py DEMO [--into URL] [--csv FILE] [--first-only] [--json OUT]

DEMO is a demo shop (a SQLite file or a ``postgresql://`` URL). Its customers (codes,
names, mobiles, birthdays, joined dates, referrers by code, WeChat ids, tags, notes) are
written to a UTF-8 CSV with a BOM and Chinese headers, as Excel would save it (or
``--csv`` names one written before), then imported into a new empty shop with
``shopcircle-cli import customers``: a SQLite file, or with ``--into
postgresql://user:password@host`` a database made for the run and dropped after it.
Then the same file again (all rows matched, nothing changed) and, from a SQLite demo,
the visits of its last month into that shop (``--first-only`` skips both). Each import
runs in its own process and is timed from start to exit, with its peak memory.

The floor is the same rows put raw into a scratch table of text columns in the new shop,
in one transaction: sqlite3 ``executemany`` on SQLite, a bare ``COPY`` of the file on
PostgreSQL. It is taken right after the import, so the ratio compares across machines
and busy hours.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from shopbench.figures.import_customers import CUSTOMERS_SQL, HEADERS, customer_record

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "crm"]


def is_postgres(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def _source_rows(db: str, sql: str, params: tuple = ()):
    """The rows of ``sql`` in the demo, streamed (a million customers are never all in memory)."""
    if is_postgres(db):
        import psycopg2

        conn = psycopg2.connect(db)
        try:
            with conn.cursor(name="bench_rows") as cursor:
                cursor.itersize = 20_000
                cursor.execute(sql.replace("?", "%s"), params)
                for row in cursor:
                    yield tuple("" if v is None else str(v) if not isinstance(v, str) else v for v in row)
        finally:
            conn.close()
        return
    with sqlite3.connect(db) as conn:
        yield from conn.execute(sql, params)


def write_customers(db: str, out: Path) -> int:
    count = 0
    with out.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for row in _source_rows(db, CUSTOMERS_SQL):
            writer.writerow(customer_record(row))
            count += 1
    return count


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


def floor(shop: str, source: Path) -> dict:
    """The same rows raw into a scratch table of the new shop, one transaction: seconds."""
    columns = ", ".join(f"c{i} TEXT" for i in range(len(HEADERS)))
    if is_postgres(shop):
        import psycopg2

        conn = psycopg2.connect(shop)
        try:
            with conn, conn.cursor() as cursor, source.open(encoding="utf-8-sig") as handle:
                cursor.execute(f"CREATE TABLE bench_scratch_import ({columns})")
                started = time.perf_counter()
                cursor.copy_expert("COPY bench_scratch_import FROM STDIN WITH (FORMAT csv, HEADER)", handle)
                seconds = time.perf_counter() - started
                cursor.execute("DROP TABLE bench_scratch_import")
        finally:
            conn.close()
        return {"what": "a bare COPY of the file into a scratch table, one transaction", "seconds": seconds}
    with sqlite3.connect(shop) as conn, source.open(encoding="utf-8-sig", newline="") as handle:
        conn.execute(f"CREATE TABLE bench_scratch_import ({columns})")
        conn.commit()
        rows = csv.reader(handle)
        next(rows)
        started = time.perf_counter()
        with conn:
            conn.executemany(
                f"INSERT INTO bench_scratch_import VALUES ({','.join('?' * len(HEADERS))})", rows
            )
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE bench_scratch_import")
    return {
        "what": "sqlite3 executemany of the file's rows into a scratch table, one transaction",
        "seconds": seconds,
    }


def _server(url: str, database: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/" + database))


def _admin(url: str, statement: str) -> None:
    import psycopg2

    conn = psycopg2.connect(_server(url, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a demo shop (shopcircle-cli demo), a SQLite file or a postgresql:// URL")
    parser.add_argument("--into", default=None, help="postgresql://user:password@host for the new shop")
    parser.add_argument("--csv", default=None, help="import this customers CSV (written before) instead")
    parser.add_argument("--first-only", action="store_true", help="only the first import")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        customers_csv = Path(args.csv) if args.csv else Path(folder) / "会员.csv"
        visits_csv = Path(folder) / "消费.csv"
        count = write_customers(args.db, customers_csv) if not args.csv else None
        if count is None:
            with customers_csv.open(encoding="utf-8-sig") as handle:
                count = sum(1 for _ in handle) - 1
        with_visits = not args.first_only and not is_postgres(args.db)
        visit_count = write_visits(args.db, visits_csv) if with_visits else None
        name = f"import_bench_{os.getpid()}"
        shop = _server(args.into, name) if args.into else str(Path(folder) / "new.db")
        if args.into:
            _admin(args.into, f'CREATE DATABASE "{name}"')
        try:
            subprocess.run([*CLI, "--db", shop, "init"], cwd=ROOT, check=True, capture_output=True)
            load = os.getloadavg()
            first = timed("--db", str(shop), "import", "customers", str(customers_csv))
            raw = floor(shop, customers_csv)
            again = (
                timed("--db", shop, "import", "customers", str(customers_csv))
                if not args.first_only
                else None
            )
            visits = timed("--db", shop, "import", "visits", str(visits_csv)) if with_visits else None
        finally:
            if args.into:
                _admin(args.into, f'DROP DATABASE IF EXISTS "{name}"')
    budget = 180 if args.into else 15
    result = {
        "engine": "postgresql" if args.into else "sqlite",
        "customers": count,
        "import_seconds": first["seconds"],
        "budget_seconds": budget,
        "peak_rss_mb": first["peak_rss_mb"],
        "floor": {**raw, "seconds": round(raw["seconds"], 2)},
        "ratio": round(first["seconds"] / raw["seconds"], 1),
        "load_average": [round(x, 2) for x in load],
        "reimport_seconds": again and again["seconds"],
        "visits": visit_count,
        "visits_import_seconds": visits and visits["seconds"],
        "outputs": [step["output"] for step in (first, again, visits) if step],
    }
    ok = result["import_seconds"] < budget
    print(
        f"import {count:,} customers ({result['engine']}): {result['import_seconds']} s"
        f" (< {budget}: {'pass' if ok else 'FAIL'}), peak RSS {result['peak_rss_mb']} MB;"
        f" floor {result['floor']['seconds']} s ({raw['what']}), {result['ratio']}x;"
        f" load {' '.join(map(str, result['load_average']))}"
    )
    if again:
        print(f"  the same file again: {again['seconds']} s")
    if visits:
        print(f"  {visit_count} visits of the last 30 days: {visits['seconds']} s")
    for line in result["outputs"]:
        print("  " + line)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
