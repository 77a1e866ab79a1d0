"""The demo on PostgreSQL, written with COPY (crm/demo/copying.py), holds the rows the
SQLite demo writes with executemany, keys and indexes as a fresh schema has them, and
stops with nothing written. PostgreSQL only (SHOPCIRCLE_TEST_PG); the COPY text format
is checked without a server."""

from __future__ import annotations

import os
import uuid
from contextlib import closing
from datetime import date, datetime

import pytest

from crm import clock, demo
from crm.db import close_database, database, open_database
from crm.demo.copying import lines, text
from crm.services import levels

PG_SERVER = os.environ.get("SHOPCIRCLE_TEST_PG", "").rstrip("/")
needs_pg = pytest.mark.skipif(not PG_SERVER, reason="PostgreSQL only: set SHOPCIRCLE_TEST_PG")
UNTIL = date(2026, 6, 30)
NOW = datetime(2026, 6, 30, 10, 41, 7)  # the last day's visits only up to now
TABLES = {
    "staff": "id",
    "customer": "id",
    "visit": "id",
    "community": "id",
    "membership": "id",
    "task": "id",
    "level_change": "customer_id, at, id",
    "setting": "key",
}


def _plain(value):
    """A value as both engines' drivers can compare it (SQLite gives text and 0/1)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date | datetime):
        return str(value)
    return value


def _tables() -> dict[str, list[dict]]:
    out = {}
    for table, order in TABLES.items():
        cursor = database.execute_sql(f"SELECT * FROM {table} ORDER BY {order}")
        names = [d[0] for d in cursor.description]
        out[table] = [
            {n: _plain(v) for n, v in zip(names, row, strict=True) if (table, n) != ("level_change", "id")}
            for row in cursor.fetchall()
        ]
    return out


def _schema() -> list[tuple]:
    """Every index and constraint of the shop's tables, as the server describes them."""
    indexes = database.execute_sql(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    ).fetchall()
    constraints = database.execute_sql(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint"
        " WHERE connamespace = current_schema()::regnamespace"
    ).fetchall()
    return sorted(indexes) + sorted(constraints)


@pytest.fixture
def pg_url():
    if not PG_SERVER:
        pytest.skip("PostgreSQL only: set SHOPCIRCLE_TEST_PG")
    import psycopg2

    name = "shopcircle_demo_" + uuid.uuid4().hex[:10]

    def admin(sql: str) -> None:
        conn = psycopg2.connect(PG_SERVER + "/postgres")
        conn.autocommit = True
        with closing(conn), conn.cursor() as cur:
            cur.execute(sql)

    admin(f"CREATE DATABASE {name}")
    clock.fix(NOW)
    yield f"{PG_SERVER}/{name}"
    clock.fix(None)
    close_database()
    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@needs_pg
def test_postgresql_demo_holds_the_rows_of_the_sqlite_demo_and_its_schema(tmp_path, pg_url):
    clock.fix(NOW)
    open_database(str(tmp_path / "shop.db"))
    demo.generate(600, seed=6, until=UNTIL)
    sqlite = _tables()
    close_database()

    open_database(pg_url)
    fresh = _schema()
    summary = demo.generate(600, seed=6, until=UNTIL)
    postgres = _tables()
    assert _schema() == fresh  # every key and index made again, the foreign keys validated
    for table in TABLES:
        assert postgres[table] == sqlite[table], table
    assert len(postgres["visit"]) == summary.visits and len(postgres["level_change"]) > 300
    assert {row["level"] for row in postgres["customer"]} == {0, 1, 2, 3, 4}
    # The ids go on after the demo's.
    assert database.execute_sql("SELECT nextval('visit_id_seq')").fetchone()[0] == summary.visits + 1
    # The stored levels and list figures are current: a refresh of every level changes nothing.
    assert levels.refresh_all(UNTIL) == 0
    assert _tables()["customer"] == postgres["customer"]


class Stop(Exception):
    pass


@needs_pg
@pytest.mark.parametrize("step", ["customers", "writing visits", "level history", "indexing visits"])
def test_a_stop_while_rows_stream_leaves_nothing_and_is_raised_as_it_was(pg_url, step):
    """The progress callback raising inside a COPY (its rows are drawn while it runs) stops the
    demo with its own exception, not the driver's "COPY failed"; nothing is written and the
    shop's indexes are all there."""
    open_database(pg_url)
    fresh = _schema()
    seen = []

    def progress(fraction: float, message: str) -> None:
        seen.append(message)
        if message == step and seen.count(step) == 2:  # the second: from inside a COPY
            raise Stop(step)

    with pytest.raises(Stop, match=step):
        demo.generate(3000, seed=1, until=UNTIL, progress=progress)
    assert database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0] == 0
    assert database.execute_sql("SELECT COUNT(*) FROM visit").fetchone()[0] == 0
    assert _schema() == fresh
    assert demo.generate(50, seed=1, until=UNTIL).customers == 50  # the connection is fine


def test_copy_text_escapes_what_it_must():
    rows = [
        (1, "plain", None, True, False, 0),
        (2, "tab\there", "line\nbreak", "back\\slash", "cr\r", "\\N"),
    ]
    assert "".join(lines(rows)) == "1\tplain\t\\N\tt\tf\t0\n" + (
        "2\ttab\\there\tline\\nbreak\tback\\\\slash\tcr\\r\t\\\\N\n"
    )
    assert [text(v) for v in (None, True, 5, "a\tb")] == ["\\N", "t", "5", "a\\tb"]


@needs_pg
def test_copy_text_reads_back_as_written(pg_url):
    from crm.demo.copying import copy

    open_database(pg_url)
    rows = [(1, "tab\there", None), (2, "back\\slash\nand line", "王丽华\x02wl"), (3, "\\N", "")]
    with database.atomic():
        database.execute_sql("CREATE TEMP TABLE probe (id integer, a text, b text)")
        copy(database.obj, "probe", ("id", "a", "b"), lines(rows))
        assert database.execute_sql("SELECT id, a, b FROM probe ORDER BY id").fetchall() == rows
