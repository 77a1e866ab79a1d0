"""Writing the demo shop on PostgreSQL with COPY, in the caller's transaction.

``executemany`` sends PostgreSQL one statement per row (282 s for 100,000 customers);
COPY streams rows in its text format, drawn by a thread while the server parses the
previous ones. The loaded tables' keys, indexes and foreign keys are dropped first and
made again once the rows are in (one sort per index, one join per foreign key, instead of
ten million index inserts and key look-ups); then ANALYZE.

The customers go to a temporary table as they are drawn and into ``customer`` last,
with their level, level_since and list figures: the level history is replayed from the
purchases drawn and the figures are the refresh's own aggregates, so every
customer row is written once (an UPDATE of each would leave a dead copy of the table).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import chain
from typing import NamedTuple

import peewee

from crm import clock, models
from crm.db import typed_postgres_errors, where
from crm.demo.communities import COMMUNITY_COLUMNS, MEMBERSHIP_COLUMNS, TASK_COLUMNS
from crm.demo.history import Purchases
from crm.demo.people import CUSTOMER_COLUMNS
from crm.demo.purchases import KINDS, NOTE_TEXTS, VISIT_COLUMNS, times_of_day
from crm.demo.shop import Progress, Shop
from crm.demo.writing import STAFF_COLUMNS, batches, model_defaults, write_settings
from crm.services.level_facts import fact_queries, rules, window
from crm.services.level_replay import history_batches

LOADED = ("customer", "visit", "community", "membership", "task", "level_change")
CHUNK_ROWS = 2_000  # rows per piece of COPY data
VISIT_CHUNK = 20_000
LEVEL_COLUMNS = ("customer_id", "from_level", "to_level", "at", "reason", "detail")
STAGED = "demo_customer"  # the customers as drawn, until their levels are known
LEVELS = "demo_level"

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def text(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value).translate(_ESCAPES)


def _plain(value) -> str:
    """A field that is not text, NULL as a NUL character (which no text can hold)."""
    if value is None:
        return "\0"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def lines(rows: Iterable[tuple]) -> Iterator[str]:
    """COPY text of ``rows``, a piece of :data:`CHUNK_ROWS` rows at a time.

    The fields are joined as they are, five times faster than escaping each one; a piece
    with something to escape (a backslash, a tab or a line break inside a field) is made
    again field by field."""
    for batch in batches(rows, CHUNK_ROWS):
        piece = "".join(
            ["\t".join([v if type(v) is str else _plain(v) for v in row]) + "\n" for row in batch]
        )
        tabs = len(batch) * (len(batch[0]) - 1)
        if "\\" in piece or "\r" in piece or piece.count("\n") != len(batch) or piece.count("\t") != tabs:
            yield "".join("\t".join(map(text, row)) + "\n" for row in batch)
        else:
            yield piece.replace("\0", "\\N")


class _Failed(NamedTuple):
    error: BaseException


class _Pieces:
    """A file for psycopg2's ``copy_expert`` whose ``read`` gives the next piece of text,
    drawn by a thread of its own a few pieces ahead: Python makes rows while psycopg2 sends
    the previous ones (it lets go of the interpreter lock meanwhile) and the server parses
    them, instead of each waiting for the other. An exception raised while drawing (the
    progress callback stopping the demo) is raised again by :func:`copy`, not psycopg2's
    "COPY failed" it becomes."""

    AHEAD = 4

    def __init__(self, pieces: Iterable[str | bytes]):
        self.queue: queue.Queue = queue.Queue(self.AHEAD)
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._draw, args=(pieces,), name="demo-copy", daemon=True)
        self.thread.start()

    def _draw(self, pieces: Iterable[str | bytes]) -> None:
        try:
            for piece in pieces:
                if piece and not self._put(piece if isinstance(piece, bytes) else piece.encode()):
                    return
        except BaseException as exc:  # handed to the reading thread
            self._put(_Failed(exc))
            return
        self._put(b"")

    def _put(self, item) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read(self, size: int = -1) -> bytes:
        item = self.queue.get()
        if isinstance(item, _Failed):
            self.error = item.error
            raise item.error
        return item

    def close(self) -> None:
        self.stop.set()
        self.thread.join()


def copy(db, table: str, columns: tuple[str, ...], pieces: Iterable[str | bytes]) -> None:
    """COPY ``pieces`` of text into ``table``'s ``columns``. They are drawn in another thread,
    so they must not use the database (peewee gives each thread a connection of its own)."""
    names = ", ".join(f'"{c}"' for c in columns)
    reader = _Pieces(pieces)
    try:
        with (
            typed_postgres_errors(where(db)),
            peewee.__exception_wrapper__,
        ):
            db.cursor().copy_expert(f'COPY "{table}" ({names}) FROM STDIN', reader)
    except Exception:
        if reader.error is not None:
            raise reader.error from None
        raise
    finally:
        reader.close()


def copy_rows(db, model, columns: tuple[str, ...], rows: Iterable[tuple], table: str | None = None) -> None:
    """COPY plain tuples into ``model``'s table (or ``table``, shaped like it); columns the
    demo leaves out get their model default."""
    defaults = model_defaults(model, columns)
    if defaults:
        constant = tuple(value for _, value in defaults)
        columns = (*columns, *(name for name, _ in defaults))
        rows = (row + constant for row in rows)
    copy(db, table or model._meta.table_name, columns, lines(rows))


def drop_for_load(db, tables: tuple[str, ...]) -> list[tuple[str, str]]:
    """Drop the keys and indexes of ``tables`` (and the foreign keys that point at them):
    (table, statement) that make them again, primary keys first and foreign keys last."""
    constraints = db.execute_sql(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint"
        " WHERE (contype IN ('p', 'u') AND conrelid = ANY(?::regclass[]))"
        " OR (contype = 'f' AND (conrelid = ANY(?::regclass[]) OR confrelid = ANY(?::regclass[])))"
        " ORDER BY contype = 'f', 1, 2",
        [list(tables)] * 3,
    ).fetchall()
    indexes = db.execute_sql(
        "SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
        " FROM pg_index i WHERE i.indrelid = ANY(?::regclass[])"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1, 2",
        [list(tables)],
    ).fetchall()
    for table, name, _definition, _kind in reversed(constraints):  # foreign keys before what they use
        db.execute_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for _table, name, _definition in indexes:
        db.execute_sql(f"DROP INDEX {name}")
    make = [
        (table, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for table, name, definition, _ in constraints
    ]
    keys = [statement for statement, (*_, kind) in zip(make, constraints, strict=True) if kind != "f"]
    foreign = [statement for statement, (*_, kind) in zip(make, constraints, strict=True) if kind == "f"]
    return keys + [(table, definition) for table, _, definition in indexes] + foreign


class CopyWriter:
    """The demo's rows into PostgreSQL, step by step as :func:`crm.demo.generate` draws them,
    in the transaction it holds."""

    def __init__(self, db, shop: Shop, report: Progress):
        self.db, self.shop, self.report = db, shop, report
        # Index builds sort in memory up to this (the default 64 MB spills a big shop's to disk).
        db.execute_sql("SET LOCAL maintenance_work_mem = '256MB'")
        self.rebuild = drop_for_load(db, LOADED)
        names = ", ".join(f'"{c}"' for c in CUSTOMER_COLUMNS)
        db.execute_sql(
            f"CREATE TEMP TABLE {STAGED} ON COMMIT DROP AS SELECT {names} FROM customer WITH NO DATA"
        )
        db.execute_sql(
            f"CREATE TEMP TABLE {LEVELS} (id integer, level integer, level_since timestamp) ON COMMIT DROP"
        )

    def staff(self) -> None:
        copy_rows(self.db, models.Staff, STAFF_COLUMNS, self.shop.staff_rows)

    def customers(self, rows: Iterator[tuple], then: Callable[[], None]) -> None:
        """COPYed as they are drawn, into a temporary table until their levels are known;
        then ``then`` (what the demo draws next)."""
        copy(self.db, STAGED, CUSTOMER_COLUMNS, lines(rows))
        then()

    def rest(self) -> None:
        """The visits in id order, communities, memberships, tasks, the 大C flags, the settings."""
        db, shop = self.db, self.shop
        self.report(0.52, "writing visits")
        defaults = model_defaults(models.Visit, VISIT_COLUMNS)
        assert not defaults, defaults  # every visit column is drawn
        copy(db, "visit", VISIT_COLUMNS, self._visit_lines())
        self.report(0.72, "writing")
        copy_rows(db, models.Community, COMMUNITY_COLUMNS, shop.community_rows)
        copy_rows(db, models.Membership, MEMBERSHIP_COLUMNS, shop.membership_rows)
        copy_rows(db, models.Task, TASK_COLUMNS, shop.task_rows)
        db.execute_sql(f"UPDATE {STAGED} SET big_c_flag = TRUE WHERE id = ANY(?)", [sorted(shop.big_c)])
        write_settings(db)

    def _visit_lines(self) -> Iterator[str]:
        """COPY text of the visits in id order, from their columns (:class:`~.purchases.Visits`)."""
        visits, day_text, times = self.shop.visits, self.shop.day_text, times_of_day()
        staff = ("\\N", *map(str, range(1, 128)))
        kinds = tuple(map(text, KINDS))
        notes = tuple(map(text, NOTE_TEXTS))
        total = len(visits)
        for start in range(0, total, VISIT_CHUNK):
            out = []
            for vid, customer, who, day, second, kind, amount, quantity, note in zip(
                *visits.columns(start, start + VISIT_CHUNK), strict=True
            ):
                on = day_text[day]
                at = f"{on} {times[second]}"
                out.append(
                    f"{vid}\t{customer}\t{staff[who]}\t{at}\t{on}\t{kinds[kind]}"
                    f"\t{amount}\t{quantity}\t{notes[note]}\t{at}\n"
                )
            yield "".join(out)
            self.report(0.52 + 0.2 * min(1.0, (start + VISIT_CHUNK) / total), "writing visits")

    def levels(self, until: date, purchases: Purchases) -> None:
        """The level history replayed from the purchases drawn; then the customers, with the
        level each history ends at and the list figures; the indexes and keys; ANALYZE.
        A refresh of every level would find nothing to change (the tests hold it so) and
        take half a minute more on a million customers: it is not run."""
        db, report = self.db, self.report
        report(0.74, "level history")
        ends = bytearray()  # "id, level, level_since" of each customer whose level moved
        batches = self._history(until, purchases)
        first = next(batches, ([], []))  # the replay reads the shop before COPY takes the connection
        copy(db, "level_change", LEVEL_COLUMNS, self._changes(chain([first], batches), ends))
        copy(db, LEVELS, ("id", "level", "level_since"), [bytes(ends)])
        del ends
        report(0.86, "levels")
        self._customers(until)
        for done, (table, statement) in enumerate(self.rebuild):
            report(
                0.88 + 0.08 * done / len(self.rebuild), "indexing visits" if table == "visit" else "writing"
            )
            db.execute_sql(statement)
        _reset_sequences(db, ("staff", "customer", "visit", "community", "membership", "task"))
        db.execute_sql("ANALYZE " + ", ".join(("staff", *LOADED)))

    def _history(self, until: date, purchases: Purchases) -> Iterator[tuple[list[tuple], list[tuple]]]:
        """:func:`~crm.services.level_replay.history_batches` of the customers and purchases
        drawn (the customers are not in ``customer`` yet)."""
        shop = self.shop
        first = shop.first_ordinal
        people = [
            (i + 1, first + day, None if ref is None else ref + 1)
            for i, (day, ref) in enumerate(zip(shop.joined, shop.referrer, strict=True))
        ]
        return history_batches(until, clock.now(), people, purchases.days())  # which keeps them as arrays

    def _changes(self, batches: Iterable[tuple[list[tuple], list[tuple]]], ends: bytearray) -> Iterator[str]:
        """COPY text of the level changes; each customer's last level and its moment go to ``ends``."""
        for rows, stored in batches:
            ends.extend("".join(f"{cid}\t{level}\t{since}\n" for level, since, cid in stored).encode())
            yield from lines(rows)
            if stored:
                self.report(0.74 + 0.12 * stored[-1][2] / self.shop.n, "level history")

    def _customers(self, until: date) -> None:
        """The staged customers into ``customer`` in id order, with the level each one's history
        ends at and the list figures of the refresh (:func:`crm.services.level_facts.fact_queries`)."""
        lo, hi = window(until, rules())
        purchases, refunds, _, _ = fact_queries(lo, hi)
        columns = (*CUSTOMER_COLUMNS, "level_since", "last_purchase", "purchase_days", "spend_365")
        assert not model_defaults(models.Customer, columns)  # the pins stay NULL
        picked = ["COALESCE(l.level, s.level)" if c == "level" else f's."{c}"' for c in CUSTOMER_COLUMNS]
        picked += [
            "l.level_since",
            "p.last",
            "COALESCE(p.days, 0)",
            "COALESCE(p.spend, 0) + COALESCE(r.spend, 0)",
        ]
        names = ", ".join(f'"{c}"' for c in columns)
        self.db.execute_sql(
            f"INSERT INTO customer ({names}) SELECT {', '.join(picked)} FROM {STAGED} s"
            f" LEFT JOIN {LEVELS} l ON l.id = s.id"
            f" LEFT JOIN ({purchases[0]}) AS p (customer_id, days, last, spend) ON p.customer_id = s.id"
            f" LEFT JOIN ({refunds[0]}) AS r (customer_id, spend) ON r.customer_id = s.id ORDER BY s.id",
            [*purchases[1], *refunds[1]],
        )


def _reset_sequences(db, tables: tuple[str, ...]) -> None:
    """Rows went in with explicit ids: move each id sequence past them."""
    for table in tables:
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
        )
