"""Figure ``import``: the shop's customers written as a shop owner's CSV (UTF-8 with a BOM,
Chinese headers, as Excel saves it) and imported into a new empty shop with ``shopcircle-cli
import customers``, in a fresh process with its peak RSS. Floor: the same rows inserted raw
into a scratch table in one transaction (SQLite ``executemany``, PostgreSQL ``COPY``)."""

from __future__ import annotations

import csv
import io
import subprocess
import time
from pathlib import Path

from ..common import CLI, ROOT, raw_connection, run_measured

# Every customer with their referrer's code, in the order they joined the shop.
CUSTOMERS_SQL = (
    "SELECT c.code, c.name, c.phone, c.birthday, c.joined, r.code, c.wechat, c.tags, c.notes"
    " FROM customer c LEFT JOIN customer r ON r.id = c.referrer_id ORDER BY c.id"
)


HEADERS = ["会员号", "姓名", "手机", "生日", "入会日期", "推荐人", "微信", "标签", "备注"]


def customer_record(row: tuple) -> list[str]:
    """A row of :data:`CUSTOMERS_SQL` as the shop owner's CSV has it (a national phone number,
    the tags without their commas at the ends)."""
    code, name, phone, birthday, joined, referrer, wechat, tags, notes = row
    national = phone[3:] if phone and phone.startswith("+86") else (phone or "")
    return [
        code,
        name,
        national,
        str(birthday or ""),
        str(joined),
        referrer or "",
        wechat or "",
        (tags or "").strip(","),
        notes or "",
    ]


def write_customers_csv(out: Path) -> list[list[str]]:
    """The shop's customers as a shop owner's CSV; the records written."""
    from crm.db import database

    records = [customer_record(row) for row in database.execute_sql(CUSTOMERS_SQL).fetchall()]
    with out.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(records)
    return records


def measure_import(engine, folder: Path) -> dict:
    """``shopcircle-cli import customers`` into a new empty shop, and the floor: the same rows
    inserted raw (executemany on SQLite, COPY on PostgreSQL) into a scratch table."""
    from crm.db import database

    source = folder / "会员.csv"
    records = write_customers_csv(source)
    shop = engine.copy("", "bench_import") if engine.name == "postgresql" else str(folder / "import.db")
    try:
        init = subprocess.run([*CLI, "--db", shop, "init"], cwd=ROOT, capture_output=True, text=True)
        if init.returncode != 0:
            raise RuntimeError(f"init failed: {init.stderr.strip()}")
        done = run_measured([*CLI, "--db", shop, "import", "customers", str(source)])
        if done["returncode"] != 0:
            raise RuntimeError(f"import failed: {done['stderr'].strip()}")
    finally:
        if engine.name == "postgresql":
            engine.drop(shop)
    columns = "code, name, phone, birthday, joined, referrer, wechat, tags, notes"
    database.execute_sql("DROP TABLE IF EXISTS bench_scratch_import")
    database.execute_sql(
        "CREATE TABLE bench_scratch_import (" + ", ".join(f"{c} TEXT" for c in columns.split(", ")) + ")"
    )
    conn = raw_connection(database)
    if engine.name == "sqlite":
        started = time.perf_counter()
        with database.atomic():
            conn.executemany(
                f"INSERT INTO bench_scratch_import ({columns}) VALUES ({','.join('?' * 9)})", records
            )
        seconds = time.perf_counter() - started
        how = "sqlite3 executemany of the same rows into a scratch table, one transaction"
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(records)
        buffer.seek(0)
        started = time.perf_counter()
        with database.atomic():
            with conn.cursor() as cur:
                cur.copy_expert(f"COPY bench_scratch_import ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)
        seconds = time.perf_counter() - started
        how = "COPY of the same rows into a scratch table, one transaction"
    database.execute_sql("DROP TABLE bench_scratch_import")
    return {
        "figure": f"import {len(records):,} customers (shopcircle-cli, fresh process)",
        "key": "import",
        "stat": "once",
        "ms": round(done["seconds"] * 1000, 1),
        "samples": 1,
        "peak_rss_mb": done["peak_rss_mb"],
        "output": done["stdout"].strip(),
        "floor": {"what": how, "ms": round(seconds * 1000, 1)},
    }
