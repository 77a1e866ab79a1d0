"""SPEC 4 metrics on a small shop whose every answer is worked out by hand below.

The month under test is May 2026: period 2026-05-01 … 2026-05-31, D_end 2026-05-31,
D_start 2026-04-30 (and April is "the previous month").
"""

from datetime import date

import pytest

from crm.errors import InvalidInput
from crm.models import Community, Membership, Task
from crm.reports import metrics
from crm.reports.metrics import Month
from tests.factories import community, customer, visit

D = date


@pytest.fixture
def shop(db):
    c = {}
    # A: bought before May, on the last day of April, and on the first and last day of May
    # (twice on the 31st: two purchases, one purchase day).
    c["A"] = a = customer("安", joined=D(2026, 1, 10))
    visit(a, D(2026, 3, 15), 10000)
    visit(a, D(2026, 4, 30), 5000)
    visit(a, D(2026, 5, 1), 3000)
    visit(a, D(2026, 5, 31), 2000)
    visit(a, D(2026, 5, 31), 1000)
    visit(a, D(2026, 6, 1), 9999)  # June: outside the period
    # B: joined on the last day of April (not new in May), referred by A; a free visit in
    # April, one purchase in May and a refund in May.
    c["B"] = b = customer("李", joined=D(2026, 4, 30), referrer=a)
    visit(b, D(2026, 4, 30), 0)
    visit(b, D(2026, 5, 10), 8000)
    visit(b, D(2026, 5, 12), -3000)
    # C: joined on the first day of May, referred by A, visited without buying.
    c["C"] = cc = customer("王", joined=D(2026, 5, 1), referrer=a)
    visit(cc, D(2026, 5, 20), 0)
    # D: joined on the last day of May, nothing else. H: mid-month joiner, flagged 大C.
    c["D"] = customer("赵", joined=D(2026, 5, 31))
    c["H"] = customer("吴", joined=D(2026, 5, 15), big_c_flag=True)
    # E: joined the day after D_end (not counted anywhere in May), flagged 大C, referred by A.
    c["E"] = e = customer("钱", joined=D(2026, 6, 1), referrer=a, big_c_flag=True)
    visit(e, D(2026, 6, 2), 5000)
    # F: bought in April (with a refund), only a refund in May.
    c["F"] = f = customer("孙", joined=D(2025, 6, 1))
    visit(f, D(2026, 4, 10), 4000)
    visit(f, D(2026, 4, 20), -1000)
    visit(f, D(2026, 5, 31), -500)
    # G: bought in December, visited on the first day of April without buying, bought on
    # two days in May.
    c["G"] = g = customer("周", joined=D(2025, 1, 1))
    visit(g, D(2025, 12, 1), 7000)
    visit(g, D(2026, 4, 1), 0)
    visit(g, D(2026, 5, 15), 6000)
    visit(g, D(2026, 5, 16), 6000)
    visit(g, D(2026, 6, 1), 7000)
    # I and J: referred by G long ago, both bought then.
    c["I"] = i = customer("郑", joined=D(2025, 3, 1), referrer=g)
    visit(i, D(2025, 3, 5), 2000)
    c["J"] = j = customer("冯", joined=D(2025, 2, 1), referrer=g)
    visit(j, D(2025, 2, 10), 1500)
    # K: one purchase that leaves the 365-day window during May (micro → none).
    c["K"] = k = customer("陈", joined=D(2024, 1, 1))
    visit(k, D(2025, 5, 15), 3000)

    # Communities at D_end: 读书会 (G leads, A member, A bought on the 31st: alive),
    # 老友群 (I leads, J member, nobody bought for a year: zombie), 空群 (no members),
    # 停用群 (archived during May), 六月群 (created in June).
    community(g, [a], created=D(2025, 1, 1), joined=D(2026, 2, 1), name="读书会")
    community(i, [j], created=D(2025, 2, 1), joined=D(2025, 2, 15), name="老友群")
    community(c["D"], [], created=D(2026, 5, 31), name="空群")
    stopped = community(b, [cc], created=D(2026, 5, 1), name="停用群")
    Community.update(archived=True, archived_on=D(2026, 5, 20)).where(Community.id == stopped.id).execute()
    june = Community.create(name="六月群", leader=a, created=D(2026, 6, 10))
    Membership.create(community=june, customer=b, joined=D(2026, 6, 10))

    def task(name, created, due, status="open", closed=None):
        return Task.create(
            customer=a, kind="other", title=name, created_on=created, due=due, status=status, closed_on=closed
        )

    task("T1", D(2026, 4, 20), D(2026, 5, 10))  # open, overdue at D_end
    task("T2", D(2026, 5, 1), D(2026, 5, 31))  # created in May; due on D_end: not overdue
    task("T3", D(2026, 5, 31), D(2026, 5, 5), "done", D(2026, 5, 31))  # created and done in May
    task("T4", D(2026, 5, 2), D(2026, 5, 20), "done", D(2026, 6, 2))  # done later: open and overdue on D_end
    task("T5", D(2026, 4, 1), D(2026, 4, 15), "done", D(2026, 5, 1))  # done on the first day of May
    task("T6", D(2026, 5, 10), D(2026, 5, 11), "skipped", D(2026, 5, 12))  # created in May, never done
    task("T7", D(2026, 6, 1), D(2026, 5, 30))  # created after D_end: nowhere
    task("T8", D(2026, 3, 1), D(2026, 5, 30))  # open, overdue
    return c


def test_month_bounds():
    may = Month.parse("2026-05")
    assert (may.first, may.last, may.start) == (D(2026, 5, 1), D(2026, 5, 31), D(2026, 4, 30))
    assert Month.parse("2024-02").last == D(2024, 2, 29)
    assert Month.parse("2026-01").start == D(2025, 12, 31)
    assert Month.parse("2026-01").shift(-1).key == "2025-12"
    assert Month.parse("2025-12").shift(1).key == "2026-01"
    assert Month.parse("2026-03").shift(-14).key == "2025-01"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-5", "May", "", "2026-05-01"])
def test_a_bad_month_is_refused(db, text):
    with pytest.raises(InvalidInput) as caught:
        metrics.month_metrics(text)
    assert caught.value.field == "month"


def test_customers_and_referrals(shop):
    m = metrics.month_metrics("2026-05")
    assert m["month"] == "2026-05"
    # Joined by 05-31: A B C D F G H I J K (E joined 06-01).
    assert m["customers_total"] == 10
    # C (first day), H (mid-month), D (last day); B joined 04-30.
    assert m["new_customers"] == 3
    assert m["new_referred"] == 1  # C
    assert m["fission_rate"] == pytest.approx(1 / 3)
    # Referred and joined by 05-31: B, C, I, J; bought by then: B, I, J.
    assert m["referral_conversion"] == pytest.approx(3 / 4)


def test_purchases_revenue_and_refunds(shop):
    m = metrics.month_metrics("2026-05")
    assert m["active_customers"] == 5  # A B C (free visit) F (refund only) G
    assert m["buyers"] == 3  # A B G
    assert m["purchases"] == 6  # A 3, B 1, G 2
    # Purchases 3000+2000+1000 + 8000 + 6000+6000 = 26000; refunds −3000 (B) −500 (F).
    assert m["revenue"] == 22500
    assert isinstance(m["revenue"], int)
    assert m["avg_ticket"] == pytest.approx(26000 / 6)  # refunds do not lower the ticket
    # A (05-01 and 05-31) and G (05-15, 05-16) bought on two days; B on one.
    assert m["repurchase_rate"] == pytest.approx(2 / 3)
    assert m["returning_buyers"] == 2  # A (March, April) and G (December); B is new
    # April buyers: A (04-30) and F (04-10); A bought again in May.
    assert m["retention_rate"] == pytest.approx(1 / 2)
    # April active: A, B (free visit 04-30), F, G (free visit 04-01); new referred: C.
    assert m["k_factor"] == pytest.approx(1 / 4)
    # Two purchase days by 05-31: A (4) and G (3).
    assert m["repeat_buyers_ever"] == 2


def test_levels_are_recomputed_at_both_ends_of_the_month(shop):
    m = metrics.month_metrics("2026-05")
    # As of 04-30 (window 2025-05-01 …), customers joined by then: A B F G I J K.
    # A: 2 purchase days, no active referral yet (B bought in May) → weak;
    # F (04-10), G (2025-12-01), K (2025-05-15) → micro; B, I, J → none.
    assert m["levels_start"] == {"none": 3, "micro": 3, "weak": 1, "strong": 0, "super_strong": 0}
    # As of 05-31 (window 2025-06-01 …): A 4 days + B converted → strong; G 3 days → weak;
    # B, F → micro; K's purchase left the window → none, with C D H I J.
    assert m["levels_end"] == {"none": 6, "micro": 2, "weak": 1, "strong": 1, "super_strong": 0}
    assert m["super_users"] == 1
    migration = [[0] * 5 for _ in range(5)]
    migration[0][0] = 2  # I, J
    migration[0][1] = 1  # B
    migration[1][0] = 1  # K
    migration[1][1] = 1  # F
    migration[1][2] = 1  # G
    migration[2][3] = 1  # A
    assert m["level_migration"] == migration
    assert (m["upgrades"], m["downgrades"]) == (3, 1)


def test_communities_big_c_and_tasks(shop):
    m = metrics.month_metrics("2026-05")
    # G and I lead communities with members; H is flagged; E is flagged but joined in June;
    # D's community is empty; B's is archived.
    assert m["big_c"] == 3
    assert m["communities"] == 3  # 读书会, 老友群, 空群
    assert m["zombie_communities"] == 1  # 老友群
    assert m["tasks_created"] == 4  # T2 T3 T4 T6
    assert m["tasks_done"] == 2  # T3 T5
    assert m["tasks_overdue"] == 3  # T1 T4 T8


def test_keys_are_those_of_the_spec_in_order(shop):
    assert tuple(metrics.month_metrics("2026-05")) == metrics.KEYS


def test_a_month_without_buyers_has_zero_ratios(shop):
    # November 2025: nobody joined, visited or bought; October had no buyers either.
    m = metrics.month_metrics("2025-11")
    assert m["customers_total"] == 5  # F G I J K
    assert (m["new_customers"], m["active_customers"], m["buyers"], m["purchases"]) == (0, 0, 0, 0)
    assert m["revenue"] == 0
    for key in ("avg_ticket", "repurchase_rate", "retention_rate", "fission_rate", "k_factor"):
        assert m[key] == 0
    assert m["referral_conversion"] == 1.0  # I and J both bought in early 2025


def test_a_month_of_an_empty_shop_is_all_zeros(db):
    m = metrics.month_metrics("2026-05")
    assert m["customers_total"] == 0
    assert m["revenue"] == 0
    assert all(m[key] == 0 for key in metrics.RATE_KEYS)
    assert m["levels_end"] == {"none": 0, "micro": 0, "weak": 0, "strong": 0, "super_strong": 0}


def test_trend_matches_month_by_month(shop):
    rows = metrics.trend("2026-06", 3)
    assert [r["month"] for r in rows] == ["2026-04", "2026-05", "2026-06"]
    april, may, june = rows
    # April: B joined 04-30; A and F bought once each; 5000 + 4000 − 1000.
    assert april == {
        "month": "2026-04",
        "new_customers": 1,
        "buyers": 2,
        "revenue": 8000,
        "repurchase_rate": 0.0,
    }
    assert (may["new_customers"], may["buyers"], may["revenue"]) == (3, 3, 22500)
    assert may["repurchase_rate"] == pytest.approx(2 / 3)
    # June: E joined 06-01; A (9999), E (5000), G (7000) bought once each.
    assert (june["new_customers"], june["buyers"], june["revenue"], june["repurchase_rate"]) == (
        1,
        3,
        21999,
        0.0,
    )
    for row in rows:
        full = metrics.month_metrics(row["month"])
        assert {k: full[k] for k in row} == row


def test_trend_crosses_the_year_and_fills_empty_months(shop):
    rows = metrics.trend("2026-01", 3)
    assert [r["month"] for r in rows] == ["2025-11", "2025-12", "2026-01"]
    assert [r["buyers"] for r in rows] == [0, 1, 0]  # G on 2025-12-01
    assert [r["revenue"] for r in rows] == [0, 7000, 0]
    assert [r["new_customers"] for r in rows] == [0, 0, 1]  # A joined 2026-01-10
    assert len(metrics.trend("2026-06")) == 12
    with pytest.raises(InvalidInput):
        metrics.trend("2026-06", 0)


def test_a_month_so_far_counts_only_its_days_up_to_through(db):
    early = customer("甲", joined=date(2026, 5, 3))
    late = customer("乙", joined=date(2026, 5, 20))
    visit(early, date(2026, 5, 4), 1000)
    visit(early, date(2026, 5, 10), 500)
    visit(late, date(2026, 5, 21), 700)
    so_far = metrics.purchase_metrics("2026-05", through=date(2026, 5, 15))
    assert (so_far["buyers"], so_far["purchases"], so_far["revenue"]) == (1, 2, 1500)
    assert so_far["repurchase_rate"] == 1.0  # 甲 bought on two days of May 1-15
    whole = metrics.purchase_metrics("2026-05")
    assert (whole["buyers"], whole["revenue"]) == (2, 2200)
    assert metrics.customer_metrics("2026-05", through=date(2026, 5, 15))["new_customers"] == 1
    assert metrics.customer_metrics("2026-05", through=date(2026, 6, 30)) == metrics.customer_metrics(
        "2026-05"
    )
    before = metrics.purchase_metrics("2026-05", through=date(2026, 4, 1))  # before the month: nothing
    assert (before["buyers"], before["revenue"]) == (0, 0)
