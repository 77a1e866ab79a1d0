"""The large-purchase limit: worked out from the shop's sales, or set; enforced when a visit is
logged or its amount changed, unless confirmed; past visits imported are not asked about."""

import math
import random
from datetime import datetime, timedelta

import pytest

from crm.errors import InvalidInput
from crm.models import Customer, Visit
from crm.services import purchase_limit, settings, visits
from crm.services.purchase_limit import LargePurchase
from tests.conftest import TODAY
from tests.factories import customer


@pytest.fixture(autouse=True)
def nothing_remembered():
    purchase_limit.forget()
    yield
    purchase_limit.forget()


def add_sales(who: Customer, amounts: list[int]) -> None:
    """Past sales in one statement (as the demo and an import write them)."""
    at = datetime.combine(TODAY - timedelta(days=30), datetime.min.time())
    Visit.insert_many(
        [
            {"customer": who.id, "at": at, "day": at.date(), "kind": "purchase", "amount": amount}
            for amount in amounts
        ]
    ).execute()


def nearest_rank_p99(amounts: list[int]) -> int:
    ordered = sorted(amounts)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


def test_a_shop_without_sales_allows_ten_thousand(db):
    c = customer()
    limit = purchase_limit.current_limit()
    assert (limit.limit, limit.automatic, limit.currency) == (10_000_00, True, "CNY")
    visits.log_visit(c.id, 10_000_00)  # exactly the limit is fine
    with pytest.raises(LargePurchase) as refused:
        visits.log_visit(c.id, 10_000_01)
    assert (refused.value.amount, refused.value.limit) == (10_000_01, 10_000_00)
    assert str(refused.value) == (
        "¥10,000.01 is far above this shop's usual purchases (limit ¥10,000.00); confirm to book it"
    )


def test_the_automatic_limit_is_twenty_times_the_99th_percentile_ticket(db):
    c = customer()
    rng = random.Random(7)
    amounts = [rng.randrange(500, 30_000) for _ in range(1_000)] + [5_000_000]  # one odd big sale
    add_sales(c, amounts)
    # Visits without an amount and refunds are not tickets.
    add_sales(c, [-20_000] * 50)
    Visit.update(kind="refund").where(Visit.amount < 0).execute()
    usual = purchase_limit.usual_ticket()
    assert usual == purchase_limit.UsualTicket(nearest_rank_p99(amounts), len(amounts))
    assert purchase_limit.current_limit().limit == 20 * nearest_rank_p99(amounts)


def test_a_few_sales_never_lower_the_limit_below_the_starting_one(db):
    c = customer()
    add_sales(c, [1_000] * 5)  # five ¥10 sales: 20 × ¥10 would ask at ¥201
    assert purchase_limit.current_limit().limit == 10_000_00
    add_sales(c, [1_000] * 30)
    purchase_limit.forget()
    assert purchase_limit.current_limit().limit == 200_00


def test_refusal_names_the_amount_and_books_nothing_until_confirmed(db):
    c = customer()
    add_sales(c, [5_000] * 100)  # limit 20 × ¥50 = ¥1,000
    before = Visit.select().count()
    with pytest.raises(LargePurchase) as refused:
        visits.log_visit(c.id, 99_999_999_00)
    assert refused.value.limit == 1_000_00 and refused.value.automatic
    with pytest.raises(LargePurchase):
        visits.log_visit(c.id, 2_000_00, kind="refund")  # money back is checked too
    assert Visit.select().count() == before
    visits.log_visit(c.id, 1_000_00)  # at the limit: no question
    result = visits.log_visit(c.id, 99_999_999_00, confirm_large=True)
    assert result.visit.amount == 99_999_999_00
    assert Visit.select().count() == before + 2


def test_the_setting_replaces_the_automatic_limit(db):
    c = customer()
    add_sales(c, [5_000] * 100)
    settings.set("large_purchase_limit", 50_000)
    limit = purchase_limit.current_limit()
    assert (limit.limit, limit.automatic) == (50_000_00, False)
    visits.log_visit(c.id, 40_000_00)
    with pytest.raises(LargePurchase) as refused:
        visits.log_visit(c.id, 50_000_01)
    assert not refused.value.automatic
    settings.set("large_purchase_limit", "")  # empty: automatic again
    assert purchase_limit.current_limit() == purchase_limit.PurchaseLimit(1_000_00, True, "CNY")
    settings.set("currency", "GBP")
    with pytest.raises(LargePurchase) as refused:
        visits.log_visit(c.id, 2_000_00)
    assert str(refused.value).startswith("£2,000.00 is far above") and "(limit £1,000.00)" in str(
        refused.value
    )


@pytest.mark.parametrize(
    "typed, stored",
    [(12_000, 12_000), ("12,000", 12_000), ("¥ 12,000.00", 12_000), ("", 0), (None, 0), (0, 0)],
)
def test_the_setting_takes_whole_amounts(db, typed, stored):
    settings.set("large_purchase_limit", typed)
    assert settings.get("large_purchase_limit") == stored


@pytest.mark.parametrize(
    "typed, reason",
    [
        (-5, "cannot be negative"),
        ("-5", "cannot be negative"),
        ("12.50", "must be a whole amount, without cents"),
        (12.5, "must be a whole amount, without cents"),
        (True, "must be a whole amount, without cents"),
        ("lots", "is not an amount"),
        (10**11, "is too large"),
    ],
)
def test_the_setting_refuses_what_is_not_a_whole_amount(db, typed, reason):
    with pytest.raises(InvalidInput) as refused:
        settings.set("large_purchase_limit", typed)
    assert (refused.value.field, refused.value.reason) == ("large_purchase_limit", reason)
    assert settings.get("large_purchase_limit") == 0


def test_editing_a_visit_up_to_a_typo_amount_needs_confirming(db):
    c = customer()
    add_sales(c, [5_000] * 100)
    logged = visits.log_visit(c.id, 8_000)
    with pytest.raises(LargePurchase):
        visits.edit_visit(logged.visit.id, amount=8_000_000_00)
    assert Visit.get_by_id(logged.visit.id).amount == 8_000
    visits.edit_visit(logged.visit.id, note="gift")  # the amount unchanged: nothing to ask
    visits.edit_visit(logged.visit.id, amount=8_000_000_00, confirm_large=True)
    assert Visit.get_by_id(logged.visit.id).amount == 8_000_000_00


def test_the_usual_ticket_is_remembered_until_the_visits_grow_by_a_tenth(db):
    c = customer()
    add_sales(c, [5_000] * 300)
    assert purchase_limit.usual_ticket().p99 == 5_000
    add_sales(c, [9_000] * 10)  # a few more sales: the remembered value still holds
    assert purchase_limit.usual_ticket() == purchase_limit.UsualTicket(5_000, 300)
    add_sales(c, [9_000] * 30)  # more than a tenth more: worked out again
    assert purchase_limit.usual_ticket() == purchase_limit.UsualTicket(9_000, 340)


def test_imported_past_visits_are_not_asked_about(db, tmp_path):
    from crm.io import importer

    c = customer(code="A001", phone="+8613812345678")
    add_sales(c, [5_000] * 100)  # limit ¥1,000
    path = tmp_path / "visits.csv"
    path.write_text("code,date,amount\nA001,2026-05-01,99999999\n", encoding="utf-8")
    result = importer.import_visits(str(path))
    assert result.imported and result.visits_added == 1, result.errors
    assert Visit.select().where(Visit.amount == 99_999_999_00).count() == 1
