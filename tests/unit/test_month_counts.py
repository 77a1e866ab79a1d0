"""The month's figures counted by the database give what the previous ways gave: the whole-shop
level tables computed in Python, a distinct-day count per query, every community listed with its
members' last purchases. On a seeded demo shop with the edges of SPEC 4 added (refunds, pins,
purchases on the window's edges, month boundaries, archived communities, empty months)."""

import sqlite3
from collections import Counter
from datetime import date, timedelta

import peewee
import pytest

from crm import demo
from crm.bulk_reads import meanwhile
from crm.db import database
from crm.models import Community, Customer, Membership
from crm.reports import metrics, month_counts
from crm.reports.level_counts import LevelJoint
from crm.reports.metrics import Month
from crm.services import communities, reports_page, settings, shop_levels
from crm.services.dashboard_page import load_overview
from tests.factories import community, customer, visit

D = date
MONTHS = [Month(2024, 6).shift(i) for i in range(27)]  # 2024-06 … 2026-08: before, during and after


@pytest.fixture
def shop(db):
    demo.generate(300, seed=5, until=D(2026, 6, 30))
    end = D(2026, 5, 31)
    # Purchases on the edges of the 365-day window of 2026-05-31 and of the 90/180 days.
    edge = customer("边", joined=D(2024, 1, 1))
    for day in (end - timedelta(days=365), end - timedelta(days=364), end - timedelta(days=180)):
        visit(edge, day, 1000)
    for n in range(6):
        visit(edge, end - timedelta(days=90 + n), 500)
    # A pin that lasts, one that ended, one that starts later; a refund with no purchase.
    customer("钉", joined=D(2025, 1, 1), pin_level=4, pin_reason="VIP")
    customer("旧", joined=D(2025, 1, 1), pin_level=3, pin_from=D(2025, 2, 1), pin_until=D(2026, 1, 31))
    late = customer("迟", joined=D(2025, 1, 1), pin_level=0, pin_from=D(2026, 5, 31))
    visit(late, D(2026, 5, 1), 3000)
    visit(late, D(2026, 5, 2), 3000)
    refund_only = customer("退", joined=D(2026, 3, 1))
    visit(refund_only, D(2026, 4, 30), -2500)
    visit(refund_only, D(2026, 5, 1), 0, kind="refund")
    # A leader with one member in two of their communities, one archived without a date,
    # a member who left, and the leader a member of their own community.
    leader = customer("领", joined=D(2024, 1, 1))
    members = [customer(f"员{i}", joined=D(2024, 1, 1)) for i in range(7)]
    for i, m in enumerate(members):
        visit(m, D(2026, 4, 1 + i), 1000)
    first = community(leader, [leader, *members[:5]], created=D(2024, 2, 1), name="一群")
    community(leader, members[4:], created=D(2024, 3, 1), name="二群")
    gone = community(leader, members[:2], created=D(2024, 3, 1), name="散群")
    Community.update(archived=True, archived_on=None).where(Community.id == gone.id).execute()
    Membership.update(left=D(2026, 4, 15)).where(
        (Membership.community == first.id) & (Membership.customer == members[0].id)
    ).execute()
    # Referred customers: one joined after a month end, one who never bought.
    for i, m in enumerate(members[:4]):
        Customer.update(referrer=leader if i % 2 else edge).where(Customer.id == m.id).execute()
    customer("新", joined=D(2026, 6, 1), referrer=leader)
    return end


def _tables_pairs(start: date, end: date) -> Counter:
    before, after = shop_levels.levels_as_of(start), shop_levels.levels_as_of(end)
    pairs = Counter((before.get(cid), level) for cid, level in after.items())
    return +pairs


def test_level_counts_equal_the_whole_shop_tables_on_every_month_end(shop):
    days = sorted({day for m in MONTHS for day in (m.start, m.last)} | {shop, D(2026, 1, 31)})
    joint = LevelJoint.of(days)
    for start, end in zip(days, days[1:], strict=False):
        assert joint.pairs(start, end) == _tables_pairs(start, end), (start, end)


def test_level_counts_follow_the_shops_rules(shop):
    settings.set_many(
        {"level.window_days": 120, "level.strong_purchase_days": 3, "level.weak_recent_days": 40}
    )
    settings.set_many({"level.micro_purchase_days": 2, "level.super_active_led_members": 2})
    for m in MONTHS[-6:]:
        assert LevelJoint.of([m.start, m.last]).pairs(m.start, m.last) == _tables_pairs(m.start, m.last)


def test_level_metrics_counted_or_from_the_memo_are_the_same(shop):
    for m in MONTHS:
        counted = metrics.level_metrics(m)
        with shop_levels.memo():
            shop_levels.levels_as_of(m.start), shop_levels.levels_as_of(m.last)
            assert metrics.level_metrics(m) == counted, m.key


def _repeat_buyers_before(m: Month) -> int:
    """The previous way: a distinct-day count per customer."""
    return metrics._int(
        metrics._one(
            "SELECT COUNT(*) FROM (SELECT customer_id FROM visit WHERE amount > 0 AND day <= ?"
            " GROUP BY customer_id HAVING COUNT(DISTINCT day) >= 2) repeaters",
            (m.last,),
        )[0]
    )


def _conversion_before(m: Month) -> tuple[int, int]:
    referred, converted = metrics._one(
        "SELECT COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM visit v WHERE v.customer_id = c.id"
        " AND v.amount > 0 AND v.day <= ?) THEN 1 ELSE 0 END)"
        " FROM customer c WHERE c.referrer_id IS NOT NULL AND c.joined <= ?",
        (m.last, m.last),
    )
    return metrics._int(referred), metrics._int(converted)


def test_history_equals_the_per_month_queries(shop):
    history = month_counts.history([(m.first, m.last) for m in MONTHS])
    for m in MONTHS:
        past = history[m.last]
        assert past.repeat_buyers == _repeat_buyers_before(m), m.key
        assert (past.referred, past.converted) == _conversion_before(m), m.key
        assert past.returning == metrics._purchase_counts(m).returning, m.key
        assert month_counts.history([(m.first, m.last)])[m.last] == past


def test_community_counts_equal_the_community_list(shop):
    for m in MONTHS:
        listed = communities.list_communities(m.last, include_archived=False)
        counts = month_counts.community_counts(m.last)
        assert counts.communities == len(listed), m.key
        assert counts.zombies == sum(1 for c in listed if c.zombie), m.key
        big_c = communities.big_c_ids(m.last)
        joined = Customer.select().where(Customer.id.in_(list(big_c)) & (Customer.joined <= m.last)).count()
        assert counts.big_c == joined, m.key
        assert communities.zombies(m.last) == sorted(
            (c for c in listed if c.zombie), key=lambda c: (c.name, c.id)
        ), m.key


def test_a_zombie_found_when_nobody_bought_in_the_zombie_days(db):
    leader, member = customer("甲"), customer("乙")
    visit(member, D(2026, 4, 30), 1000)
    community(leader, [member], created=D(2026, 1, 1), name="静群")
    assert [c.name for c in communities.zombies(D(2026, 6, 29))] == ["静群"]  # 60 days: 4-30 is out
    assert communities.zombies(D(2026, 6, 28)) == []
    visit(leader, D(2026, 6, 29), 100)
    assert communities.zombies(D(2026, 6, 29)) == []
    assert load_overview().zombies == [] and load_overview().communities == 1


def _trend_before(last: Month, months: int) -> list[tuple]:
    """The previous trend query: a distinct-day count per month and customer over every visit."""
    span = [last.shift(i - months + 1) for i in range(months)]
    bucket, params = metrics._bucket("day", span)
    rows = metrics.query_rows(
        f"""WITH per AS (SELECT {bucket} AS m, customer_id,
            COUNT(DISTINCT CASE WHEN amount > 0 THEN day END) AS purchase_days,
            SUM({metrics._REVENUE}) AS revenue FROM visit WHERE day >= ? AND day <= ? GROUP BY 1, 2)
        SELECT m, SUM(CASE WHEN purchase_days > 0 THEN 1 ELSE 0 END),
            SUM(CASE WHEN purchase_days >= 2 THEN 1 ELSE 0 END), SUM(revenue) FROM per GROUP BY m""",
        (*params, span[0].first, span[-1].last),
    )
    out = {
        int(m): (int(b or 0), metrics.ratio(int(r or 0), int(b or 0)), int(rev or 0)) for m, b, r, rev in rows
    }
    return [out.get(i, (0, 0.0, 0)) for i in range(months)]


def test_trend_equals_the_distinct_day_count(shop):
    for last in (Month(2026, 6), Month(2026, 8), Month(2024, 3)):
        got = [(r["buyers"], r["repurchase_rate"], r["revenue"]) for r in metrics.trend(last, 12)]
        assert got == _trend_before(last, 12), last.key


def test_months_together_equal_each_month_alone(shop):
    for m in (Month(2026, 6), Month(2026, 5), Month(2025, 1), Month(2026, 8)):
        alone = [metrics.month_metrics(m), metrics.month_metrics(m.shift(-1))]
        assert metrics.months_metrics([m, m.shift(-1)]) == alone
        figures = reports_page.load_figures(m.key)
        assert [figures.this, figures.previous] == alone


def _closed(connection) -> bool:
    if hasattr(connection, "closed"):  # psycopg2
        return bool(connection.closed)
    try:
        connection.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_a_read_meanwhile_uses_a_connection_of_its_own_and_closes_it(shop):
    seen = []

    def level_count():
        seen.append(database.connection())
        return metrics.month_levels([Month(2026, 6)])

    with meanwhile(level_count) as levels:
        joint = levels()
    assert seen[0] is not database.connection() and _closed(seen[0])
    assert not _closed(database.connection())
    assert joint.pairs(D(2026, 5, 31), D(2026, 6, 30)) == _tables_pairs(D(2026, 5, 31), D(2026, 6, 30))


def test_grouping_in_order_lasts_one_transaction_on_postgresql(db):
    from crm.bulk_reads import grouped_in_order

    postgres = isinstance(database.obj, peewee.PostgresqlDatabase)
    with grouped_in_order():
        inside = database.execute_sql("SHOW enable_hashagg").fetchone()[0] if postgres else None
    after = database.execute_sql("SHOW enable_hashagg").fetchone()[0] if postgres else None
    assert (inside, after) == (("off", "on") if postgres else (None, None))
    with grouped_in_order():  # and the counts read in it are the same either way
        assert month_counts.history([(D(2026, 6, 1), D(2026, 6, 30))])[D(2026, 6, 30)].referred == 0
