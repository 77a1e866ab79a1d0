"""The database's troubles reach the app as its own typed errors, on either engine."""

from __future__ import annotations

import os
from contextlib import closing

import peewee
import pytest

from crm.db import database
from crm.errors import DatabaseBusy, DatabaseUnavailable
from crm.services import customers

needs_pg = pytest.mark.skipif(not os.environ.get("SHOPCIRCLE_TEST_PG"), reason="PostgreSQL only")


def second_connection(db):
    """Another program's connection to the test's PostgreSQL database."""
    import psycopg2

    params = db.connect_params
    return psycopg2.connect(
        host=params.get("host"),
        port=params.get("port"),
        user=params.get("user"),
        password=params.get("password"),
        dbname=db.database,
    )


@needs_pg
def test_a_lock_held_elsewhere_past_the_timeout_is_database_busy(db):
    customers.create_customer("王丽", "13812345678")
    other = second_connection(db)
    with closing(other), other.cursor() as cursor:
        cursor.execute("LOCK TABLE customer IN ACCESS EXCLUSIVE MODE")  # held until closed
        database.execute_sql("SET lock_timeout = '200ms'")
        with pytest.raises(DatabaseBusy):
            database.execute_sql("SELECT COUNT(*) FROM customer")


@needs_pg
def test_a_sale_behind_another_sessions_long_write_is_refused_after_the_busy_timeout(db):
    """A long import holding a customer's row: the counter waits the busy timeout, as on SQLite,
    then says the shop is busy, with nothing saved, instead of freezing until the import ends."""
    import time

    from crm.db import BUSY_TIMEOUT_SECONDS
    from crm.models import Visit
    from crm.services import visits

    c = customers.create_customer("王丽", "13812345678")
    (setting,) = database.execute_sql("SHOW lock_timeout").fetchone()
    assert setting == f"{BUSY_TIMEOUT_SECONDS}s"
    other = second_connection(db)
    with closing(other), other.cursor() as cursor:
        cursor.execute("UPDATE customer SET notes = notes WHERE id = %s", [c.id])  # held until closed
        started = time.monotonic()
        with pytest.raises(DatabaseBusy):
            visits.log_visit(c.id, 1980)
        waited = time.monotonic() - started
    assert BUSY_TIMEOUT_SECONDS - 0.5 <= waited < BUSY_TIMEOUT_SECONDS + 5
    assert Visit.select().where(Visit.customer == c.id).count() == 0


@needs_pg
def test_a_lost_server_connection_is_database_unavailable(db):
    (pid,) = database.execute_sql("SELECT pg_backend_pid()").fetchone()
    admin = second_connection(db)
    with closing(admin), admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    with pytest.raises(DatabaseUnavailable):
        database.execute_sql("SELECT 1")
    database.close()  # the next test's database is opened afresh


def test_other_errors_stay_what_they_are(db):
    with pytest.raises(peewee.DatabaseError):
        database.execute_sql("SELECT no_such_column FROM customer")
