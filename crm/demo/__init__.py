"""A realistic, deterministic demo shop for an empty database.

``generate`` invents about three years of a neighbourhood shop ending at a
given day: customers with Chinese names and mobile numbers, their visits
(one-off buyers, occasional ones, regulars, lapsed regulars and a few
super-users), who referred whom, communities with their 大C leaders, staff
and follow-up tasks. The same seed and end day always give the same rows.

Everything is written in one transaction: the customers as they are drawn,
the visits (held as machine ints, about 20 bytes each) once they are put in
time order. SQLite gets plain tuples with ``executemany`` (:mod:`.writing`),
PostgreSQL COPY with its indexes and foreign keys built after (:mod:`.copying`).
On SQLite, while an index is built the Python work that needs no database (drawing the
visits, replaying the level history) runs in a second thread (:mod:`.ahead`), and the
level history is replayed from the purchases drawn on both engines, not read back.
100,000 customers (about a million visits) take well under a minute, a
million on PostgreSQL a few. The steps, in the order they draw from the random
generator: :mod:`.shop` (staff), :mod:`.people`, :mod:`.purchases`,
:mod:`.communities` (and tasks); then the level history (:mod:`.history`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import peewee

from crm import clock, models
from crm.db import database
from crm.demo.communities import build_communities, build_tasks
from crm.demo.history import Purchases
from crm.demo.people import build_customers, plan_customers
from crm.demo.purchases import build_visits
from crm.demo.shop import Progress, Shop
from crm.demo.writing import Writer, keys_unchecked
from crm.errors import InvalidInput, NotEmpty

MAX_CUSTOMERS = 5_000_000


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    until: date
    customers: int
    visits: int
    referrals: int
    communities: int
    memberships: int
    staff: int
    tasks: int
    seconds: float


def _is_empty() -> bool:
    tables = (models.Customer, models.Visit, models.Staff, models.Community, models.Task)
    return not any(model.select().limit(1).exists() for model in tables)


def generate(
    customers: int = 2000,
    seed: int = 1,
    until: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the open, empty shop database with a demo shop whose history ends on ``until``.

    Raises :class:`~crm.errors.NotEmpty` when the database already has customers,
    visits, staff, communities or tasks. ``progress(fraction, message)`` is called
    often (every 2,000 customers); an exception raised from it stops the demo with
    nothing written, since everything is written in one transaction.
    """
    started = time.perf_counter()
    from crm.pinyin import search_key  # pypinyin's tables take 0.4 s to load: only for a demo

    if isinstance(customers, bool) or not isinstance(customers, int) or not 1 <= customers <= MAX_CUSTOMERS:
        raise InvalidInput("customers", f"must be a whole number from 1 to {MAX_CUSTOMERS}")
    today = clock.today()
    until = until or today
    if until > today:
        raise InvalidInput(
            "until", f"{until.isoformat()} is in the future; the demo's history ends today at the latest"
        )

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    db = database.obj
    if db is None:
        raise RuntimeError("open the database before generating a demo shop")
    shop = Shop(customers, seed, until, search_key)
    with keys_unchecked(db), db.atomic():
        if not _is_empty():
            raise NotEmpty("the database already has data; the demo needs an empty one")
        writer = make_writer(db, shop, report)
        report(0.0, "staff")
        shop.build_staff()
        writer.staff()
        report(0.02, "customers")
        plan_customers(shop)
        writer.customers(build_customers(shop, report), then=lambda: _draw_the_rest(shop, report))
        report(0.52, "writing")
        writer.rest()
        visits = len(shop.visits)
        purchases = Purchases(shop)  # for the level history, which need not read them back
        del shop.visits, shop.names, shop.family_names  # a big demo's largest parts, done with
        writer.levels(until, purchases)
    report(1.0, "done")
    return DemoSummary(
        seed=seed,
        until=until,
        customers=customers,
        visits=visits,
        referrals=sum(ref is not None for ref in shop.referrer),
        communities=len(shop.community_rows),
        memberships=len(shop.membership_rows),
        staff=len(shop.staff_rows),
        tasks=len(shop.task_rows),
        seconds=round(time.perf_counter() - started, 2),
    )


def _draw_the_rest(shop: Shop, report: Progress) -> None:
    """The visits, communities and tasks, drawn after the customers (the writer may draw them
    in a second thread while it indexes the customers: they read no database)."""
    report(0.2, "visits")
    build_visits(shop, report)
    report(0.45, "communities")
    build_communities(shop)
    report(0.5, "tasks")
    build_tasks(shop)


def make_writer(db, shop: Shop, report: Progress):
    """The writer for the engine: executemany on SQLite (:mod:`.writing`), COPY on PostgreSQL
    (:mod:`.copying`, which builds on the first; chosen here so neither imports the other)."""
    if isinstance(db, peewee.PostgresqlDatabase):
        from crm.demo.copying import CopyWriter

        return CopyWriter(db, shop, report)
    return Writer(db, shop, report)
