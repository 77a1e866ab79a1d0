"""SPEC 7 search as you type on a PostgreSQL chain (p95 under 50 ms at 1,000,000 customers), on its own.

    .venv/bin/python benchmarks/search_bench.py URL [--customers N] [--seed S] [--rounds R]
                                                    [--build] [--explain [--terms T …]] [--drop]

Search reads only the customer table, so a shop of customers alone is enough, and
building one by ``COPY`` takes about three minutes for a million, where ``shopcircle-cli
demo`` takes five for a hundred thousand with their visits. ``--build`` (or a database
that does not exist yet) makes the shop at URL: a fresh schema, customers drawn as the
demo draws them (its surnames and their weights, given names, mobile numbers, WeChat
ids; a few archived or erased) with their real search keys
(:func:`crm.pinyin.search_key`), the search indexes built once the rows are in (timed:
what migration 0011 takes on such a shop), then ``VACUUM ANALYZE``.

The measurement is ``bench.py``'s (``shopbench/figures/search.py``): every keystroke of
the typing sequences, beside its floor, fetching the page that search returned by
primary key, in the same run. ``--explain`` prints the plan (``EXPLAIN ANALYZE``) of
every query one search of each term runs (``--terms``: of these); ``--drop`` drops the
database at the end.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from contextlib import closing
from datetime import date, timedelta
from urllib.parse import urlsplit, urlunsplit

from shopbench.figures.search import measure_search, search_sequences

COPY_ROWS = 50_000


def _admin(url: str):
    """A connection to the server's ``postgres`` database, and the shop's database name."""
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    conn.autocommit = True
    return conn, parts.path.lstrip("/")


def _exists(url: str) -> bool:
    conn, name = _admin(url)
    with closing(conn), conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return cur.fetchone() is not None


def _drop(url: str) -> None:
    conn, name = _admin(url)
    with closing(conn), conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _people(count: int, seed: int):
    """(code, name, phone, wechat, archived, erased) as the demo draws them."""
    from crm.demo.people import (
        FEMALE_CHARS,
        FEMALE_GIVEN,
        FEMALE_SHARE,
        MALE_CHARS,
        MALE_GIVEN,
        PHONE_PREFIXES,
        SURNAMES,
        WECHAT_HANDLES,
        WECHAT_LETTERS,
    )
    from crm.demo.shop import expand

    rng = random.Random(seed)
    surnames = expand(SURNAMES)
    phones: set[str] = set()
    for i in range(count):
        female = rng.random() < FEMALE_SHARE
        if rng.random() < 0.5:
            pool = FEMALE_GIVEN if female else MALE_GIVEN
            given = pool[rng.randrange(len(pool))]
        else:
            chars = FEMALE_CHARS if female else MALE_CHARS
            given = chars[rng.randrange(len(chars))] + chars[rng.randrange(len(chars))]
        name = surnames[rng.randrange(len(surnames))] + given
        phone = None
        if rng.random() > 0.01:
            while phone is None or phone in phones:
                phone = f"+86{PHONE_PREFIXES[rng.randrange(len(PHONE_PREFIXES))]}{rng.randrange(10**8):08d}"
            phones.add(phone)
        wechat = None
        if rng.random() < 0.45:
            if rng.random() < 0.6:
                wechat = "wxid_" + "".join(rng.choice(WECHAT_LETTERS) for _ in range(12))
            else:
                wechat = f"{WECHAT_HANDLES[rng.randrange(len(WECHAT_HANDLES))]}{rng.randrange(1, 10000)}"
        yield f"C{i + 1:07d}", name, phone, wechat, rng.random() < 0.01, rng.random() < 0.001


def _text(value) -> str:
    """One field of COPY's text format."""
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def build(url: str, customers: int, seed: int) -> tuple[float, float]:
    """A fresh shop at ``url`` holding ``customers`` customers; the seconds it took, and those
    of building its search indexes once the rows are in (what migration 0011 takes)."""
    from crm.db import close_database, open_database
    from crm.models import postgres_search_deferred
    from crm.pinyin import search_key

    started = time.perf_counter()
    _drop(url)
    conn, name = _admin(url)
    with closing(conn), conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    db = open_database(url)
    columns = (
        "id", "code", "name", "phone", "wechat", "joined", "source", "tags", "notes", "big_c_flag",
        "archived", "erased", "level", "search_key", "created_at", "updated_at", "purchase_days", "spend_365",
    )  # fmt: skip
    first = date(2021, 1, 1)
    buffer = io.StringIO()

    def flush() -> None:
        buffer.seek(0)
        with db.cursor() as cur:
            cur.copy_expert(f"COPY customer ({', '.join(columns)}) FROM STDIN", buffer)
        buffer.seek(0)
        buffer.truncate()

    with db.atomic(), postgres_search_deferred(db):
        for i, (code, person, phone, wechat, archived, erased) in enumerate(_people(customers, seed), 1):
            joined = first + timedelta(days=i * 2000 // customers)
            key = "" if erased else search_key(person, phone, code, wechat)
            row = (i, code, person, phone, wechat, joined, "walk_in", "", "", "f", "t" if archived else "f")
            row += ("t" if erased else "f", 0, key, f"{joined} 12:00:00", f"{joined} 12:00:00", 0, 0)
            buffer.write("\t".join(map(_text, row)) + "\n")
            if i % COPY_ROWS == 0:
                flush()
                print(f"  {i:,} customers", file=sys.stderr, flush=True)
        flush()
        db.execute_sql(
            "SELECT setval(pg_get_serial_sequence('customer', 'id'), (SELECT MAX(id) FROM customer))"
        )
        indexing = time.perf_counter()
    indexing = time.perf_counter() - indexing
    close_database()
    import psycopg2

    with closing(psycopg2.connect(url)) as shop:
        shop.autocommit = True
        with shop.cursor() as cur:
            cur.execute("VACUUM ANALYZE customer")
    return time.perf_counter() - started, indexing


def explain(terms: list[str]) -> None:
    """The plan of every query one search of each term runs, as it ran."""
    from crm.db import database
    from crm.services.search import search

    db = database.obj
    queries: list[tuple[str, list]] = []
    run = db.execute_sql

    def record(sql, params=None, *args, **kwargs):
        queries.append((sql, list(params or ())))
        return run(sql, params, *args, **kwargs)

    for term in terms:
        queries.clear()
        db.execute_sql = record
        try:
            search(term)
        finally:
            del db.execute_sql
        print(f"\n=== {term!r}: {len(queries)} queries")
        for sql, params in queries[:-1]:  # the last one reads the page by id
            shown = [p.encode("unicode_escape").decode() if isinstance(p, str) else p for p in params]
            print(f"\n{sql}\n  -- {shown}")
            plan = db.execute_sql(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params).fetchall()
            print("\n".join("  " + line for (line,) in plan))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="postgresql://user:password@host/database (made with --build)")
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="make the shop again")
    parser.add_argument("--explain", action="store_true", help="print the plan of every query")
    parser.add_argument("--terms", nargs="+", help="explain these terms (default: every keystroke measured)")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    args = parser.parse_args()
    if not args.url.startswith(("postgresql://", "postgres://")):
        sys.exit("search_bench.py measures a PostgreSQL shop: give a postgresql:// URL")
    if args.build or not _exists(args.url):
        seconds, indexing = build(args.url, args.customers, args.seed)
        print(
            f"built {args.customers:,} customers in {seconds:.1f} s, their search indexes in {indexing:.1f} s"
        )

    from crm.db import database, open_database

    open_database(args.url)
    count = database.execute_sql("SELECT COUNT(*) FROM customer").fetchone()[0]
    print(f"{count:,} customers")
    if args.explain:
        sequences = search_sequences(args.seed).values()
        explain(args.terms or [term for words in sequences for word in words for term in word])
    for figure in measure_search(args.seed, args.rounds):
        floor = figure["floor"]
        print(
            f"{figure['figure']}: p95 {figure['p95_ms']:.2f} ms, median {figure['median_ms']:.2f} ms"
            f" ({figure['samples']} keystrokes); floor p95 {floor['p95_ms']:.2f} ms,"
            f" median {floor['median_ms']:.2f} ms; ratio {figure['p95_ms'] / floor['p95_ms']:.1f}×"
        )
    if args.drop:
        database.close()
        _drop(args.url)


if __name__ == "__main__":
    main()
