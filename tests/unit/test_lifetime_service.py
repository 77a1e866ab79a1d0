"""The lifetime service on a real shop database (SQLite, and PostgreSQL with SHOPCIRCLE_TEST_PG):
the summary's definitions (SPEC 9), the stored fit, "not enough data", each customer's figures,
the discount setting and the command line (SPEC 6)."""

from __future__ import annotations

import json
import os
import uuid
from contextlib import closing
from datetime import date, datetime, time, timedelta

import numpy as np
import peewee
import pytest

from crm.cli import main
from crm.db import close_database, database, open_database
from crm.errors import InvalidInput
from crm.lifetime import bgnbd, summary
from crm.lifetime.bgnbd import BgNbd
from crm.lifetime.gamma_gamma import GammaGamma
from crm.lifetime.value import MONTH_WEEKS
from crm.models import Customer, LifetimeFit, Visit
from crm.services import lifetime, settings
from tests.conftest import TODAY
from tests.factories import customer, visit

D = TODAY


def _add_shop(histories: dict[str, list[tuple[date, int]]]) -> dict[str, int]:
    """Customers by code with their visits (day, amount in cents), in bulk; their ids by code."""
    with database.atomic():
        for rows in peewee.chunked(
            (
                {"code": code, "name": code, "joined": min(d for d, _ in days)}
                for code, days in histories.items()
            ),
            500,
        ):
            Customer.insert_many(rows).execute()
        ids = dict(Customer.select(Customer.code, Customer.id).tuples())
        visits = (
            {
                "customer": ids[code],
                "at": datetime.combine(day, time(11)),
                "day": day,
                "kind": "purchase" if cents > 0 else ("refund" if cents < 0 else "visit"),
                "amount": cents,
            }
            for code, days in histories.items()
            for day, cents in days
        )
        for rows in peewee.chunked(visits, 500):
            Visit.insert_many(rows).execute()
    return ids


def _simulated_shop(n: int, seed: int = 4) -> dict[str, int]:
    """``n`` customers drawn from the models, their purchases on whole days up to D."""
    rng = np.random.default_rng(seed)
    truth, spend = BgNbd(0.8, 5.0, 0.7, 3.0), GammaGamma(5.0, 4.0, 300.0)
    first_days = rng.integers(60, 700, n)
    histories = {}
    for i in range(n):
        lam = rng.gamma(truth.r, 1 / truth.alpha)
        drop = rng.beta(truth.a, truth.b)
        scale = rng.gamma(spend.q, 1 / spend.v)
        start = D - timedelta(days=int(first_days[i]))
        days, now = [(start, 1000)], 0.0
        while True:
            now += rng.exponential(1 / lam) * 7
            if now > first_days[i]:
                break
            days.append(
                (start + timedelta(days=int(now)), max(1, round(rng.gamma(spend.p, 1 / scale) * 100)))
            )
            if rng.random() < drop:
                break
        histories[f"S{i:05d}"] = days
    return _add_shop(histories)


def test_the_summary_counts_purchase_days_nets_refunds_and_leaves_the_first_day_out(db):
    d1 = D - timedelta(days=70)
    ids = _add_shop(
        {
            "A": [
                (d1, 10000),
                (d1, 5000),  # a second purchase on the first day: one purchase day
                (d1 + timedelta(days=14), 20000),
                (d1 + timedelta(days=14), -5000),  # refunded the same day: netted
                (d1 + timedelta(days=21), -3000),  # a refund on a day without a purchase
                (d1 + timedelta(days=35), 8000),
                (d1 + timedelta(days=42), 0),  # a visit without a purchase
                (D + timedelta(days=1), 9900),  # after the date
            ],
            "B": [(d1, 4500)],
            "C": [(d1, -1000)],  # only a refund: no purchase day
        }
    )
    s = summary.read(D)
    assert list(s.ids) == sorted([ids["A"], ids["B"]])
    a = s.index_of(ids["A"])
    assert s.x[a] == 2
    assert s.t_x[a] == pytest.approx(35 / 7)
    assert s.T[a] == pytest.approx(70 / 7)
    assert s.spend[a] == pytest.approx(((200 - 50) + 80) / 2)  # currency units
    b = s.index_of(ids["B"])
    assert (s.x[b], s.t_x[b], s.T[b], s.spend[b]) == (0, 0, 10, 0)
    # An earlier date sees less: the last purchase is not there yet.
    earlier = summary.read(d1 + timedelta(days=20))
    a = earlier.index_of(ids["A"])
    assert (earlier.x[a], earlier.spend[a]) == (1, 150)
    # A list of ids reads just those, in id order, the same figures.
    only = summary.read(D, [ids["B"], 99999])
    assert list(only.ids) == [ids["B"]] and only.T[0] == 10


def test_postgresql_and_sqlite_give_the_same_summary(tmp_path):
    server = os.environ.get("SHOPCIRCLE_TEST_PG", "").rstrip("/")
    if not server:
        pytest.skip("set SHOPCIRCLE_TEST_PG to compare with PostgreSQL")
    import psycopg2

    from crm import clock

    name = "shopcircle_life_" + uuid.uuid4().hex[:10]
    admin = psycopg2.connect(server + "/postgres")
    admin.autocommit = True
    with closing(admin), admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    clock.fix(D)
    results = []
    try:
        for location in (str(tmp_path / "shop.db"), f"{server}/{name}"):
            open_database(location)
            _simulated_shop(300, seed=9)
            results.append(summary.read(D))
            close_database()
    finally:
        clock.fix(None)
        admin = psycopg2.connect(server + "/postgres")
        admin.autocommit = True
        with closing(admin), admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    sqlite, postgres = results
    assert len(sqlite) == 300
    for column in ("ids", "x", "t_x", "T", "spend", "first"):
        assert np.array_equal(getattr(sqlite, column), getattr(postgres, column)), column


def test_too_few_repeat_buyers_is_a_reason_stored_with_the_date_never_a_number(db):
    _add_shop({f"R{i}": [(D - timedelta(days=30), 1000), (D - timedelta(days=2), 1000)] for i in range(199)})
    _add_shop({f"O{i}": [(D - timedelta(days=30), 1000)] for i in range(50)})
    fit = lifetime.fit(D)
    assert not fit.ok and fit.bgnbd is None and fit.log_likelihood is None
    assert (fit.customers, fit.repeat_customers) == (249, 199)
    assert str(fit.not_enough_data) == (
        f"only 199 customers have bought on two or more days by {D}; the models need at least 200"
    )
    assert fit.as_json() == {
        "as_of": D.isoformat(),
        "customers": 249,
        "not_enough_data": str(fit.not_enough_data),
    }
    assert lifetime.latest() == fit
    figures = lifetime.figures()
    assert len(figures) == 0 and figures.reason == fit.not_enough_data
    one = lifetime.for_customer(Customer.get(Customer.code == "R0").id)
    assert one.p_alive is None and one.value_12m is None and one.reason == fit.not_enough_data
    assert one.purchase_days == 2  # no estimate, but what they bought is still said


def test_a_fit_that_does_not_converge_is_not_enough_data(db):
    # 250 customers who all bought every week for a year: nobody differs, nobody leaves.
    first = D - timedelta(days=364)
    _add_shop({f"W{i}": [(first + timedelta(days=7 * k), 1000) for k in range(53)] for i in range(250)})
    fit = lifetime.fit(D)
    assert not fit.ok
    assert str(fit.not_enough_data).startswith(
        "the purchase model could not be fitted to this shop's history"
    )
    assert lifetime.for_customer(Customer.get(Customer.code == "W0").id).p_alive is None


def test_nothing_fitted_yet_says_so(db):
    assert lifetime.latest() is None
    assert str(lifetime.figures().reason) == "the lifetime models have not been fitted yet"


def test_the_fit_is_stored_and_the_figures_come_from_it_without_fitting_again(db, monkeypatch):
    ids = _simulated_shop(1500)
    fit = lifetime.fit(D)
    assert fit.ok and fit.gamma_gamma is not None and fit.customers == 1500
    assert fit.repeat_customers >= 200 and fit.spend_customers == fit.repeat_customers
    assert LifetimeFit.select().count() == 1
    stored = lifetime.latest()
    assert stored == fit and stored.as_of == D and stored.fitted_at == datetime(D.year, D.month, D.day, 12)

    # An older as-of date fitted later does not replace the newest one the pages read.
    lifetime.fit(D - timedelta(days=90))
    assert lifetime.latest() == fit

    def no_fitting(*args):
        raise AssertionError("the figures fitted again")

    monkeypatch.setattr("crm.lifetime.bgnbd.fit", no_fitting)
    monkeypatch.setattr("crm.lifetime.gamma_gamma.fit", no_fitting)
    wanted = sorted(ids.values())[::7]
    many = lifetime.figures(wanted)
    assert list(many.ids) == wanted  # every simulated customer has a purchase
    assert np.all((many.p_alive >= 0) & (many.p_alive <= 1))
    assert np.all(many.purchases_90 >= 0) and np.all(many.value_12m >= 0) and np.all(many.spend_per_day > 0)
    for customer_id in wanted[:25]:
        one = lifetime.for_customer(customer_id)
        row = many.row(customer_id)
        numbers = ("p_alive", "purchases_90", "spend_per_day", "value_12m")
        assert (one.customer_id, one.as_of, one.purchase_days, one.reason) == (
            customer_id,
            D,
            row.purchase_days,
            None,
        )
        assert [getattr(one, n) for n in numbers] == pytest.approx(
            [getattr(row, n) for n in numbers], rel=1e-12
        )
        assert one.purchase_days == len(
            {d for (d,) in Visit.select(Visit.day).where(Visit.customer == customer_id).tuples()}
        )
    # Everyone at once is the same as the list.
    every = lifetime.figures()
    at = np.searchsorted(every.ids, wanted)
    assert np.allclose(every.value_12m[at], many.value_12m)


def test_a_customer_without_a_purchase_has_no_figures_but_a_reason(db):
    _simulated_shop(600)
    lifetime.fit(D)
    newcomer = customer(name="新客", joined=D, code="N1")
    visit(newcomer, D, 0)  # came in, bought nothing
    figures = lifetime.for_customer(newcomer.id)
    assert figures.purchase_days == 0 and figures.p_alive is None
    assert str(figures.reason) == f"no purchase by {D}"


def test_the_monthly_discount_is_a_setting_and_lowers_the_value(db):
    ids = sorted(_simulated_shop(600).values())
    lifetime.fit(D)
    assert settings.get(lifetime.DISCOUNT_KEY) == 1.0 and lifetime.monthly_discount() == 0.01
    at_one_percent = lifetime.figures(ids).value_12m
    settings.set_many({lifetime.DISCOUNT_KEY: "0"}, actor=None)
    undiscounted = lifetime.figures(ids)
    assert undiscounted.monthly_discount == 0.0
    assert np.all(undiscounted.value_12m > at_one_percent)
    # Undiscounted, the value is the year's expected purchase days times the expected spend.
    s = summary.read(D, ids)
    year = bgnbd.expected_purchases(lifetime.latest().bgnbd, 12 * MONTH_WEEKS, s.x, s.t_x, s.T)
    assert np.allclose(undiscounted.value_12m, year * undiscounted.spend_per_day)
    settings.set_many({lifetime.DISCOUNT_KEY: "2.5%"}, actor=None)
    assert lifetime.monthly_discount() == 0.025
    for bad in ("-1", "101", "nan", "abc", True):
        with pytest.raises(InvalidInput, match="percentage from 0 to 100"):
            settings.set_many({lifetime.DISCOUNT_KEY: bad}, actor=None)
    assert lifetime.monthly_discount() == 0.025


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def shop(db):
    _simulated_shop(600)
    close_database()
    return db.shop_location


def test_lifetime_json_has_exactly_the_contracts_shape(shop, capsys):
    assert main(["--db", shop, "lifetime", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["as_of", "customers", "bgnbd", "gamma_gamma"]
    assert result["as_of"] == D.isoformat() and result["customers"] == 600
    assert list(result["bgnbd"]) == ["r", "alpha", "a", "b", "log_likelihood"]
    assert list(result["gamma_gamma"]) == ["p", "q", "v"]
    assert all(isinstance(v, float) for v in [*result["bgnbd"].values(), *result["gamma_gamma"].values()])
    assert result["bgnbd"]["log_likelihood"] < 0

    # As of a day before anyone bought: the reason, in the same shape.
    assert main(["--db", shop, "lifetime", "--json", "--as-of", "2020-01-01"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["as_of", "customers", "not_enough_data"]
    assert result["customers"] == 0 and "the models need at least 200" in result["not_enough_data"]


def test_lifetime_prints_the_fit_and_one_customers_figures(shop, capsys):
    assert main(["--db", shop, "lifetime"]) == 0
    out = capsys.readouterr().out
    assert f"Lifetime models as of {D}: 600 customers" in out and "BG/NBD" in out and "Gamma-Gamma" in out
    assert main(["--db", shop, "lifetime", "--customer", "s00001"]) == 0  # any case, as elsewhere
    out = capsys.readouterr().out
    assert "purchase days, all time: " in out
    # Today's stored fit is read, not fitted again, while nothing has moved since it was made.
    open_database(shop)
    assert LifetimeFit.select().count() == 1
    close_database()
    for label in ("P(alive)", "expected purchase days in 90 days", "expected spend per purchase day"):
        assert label in out
    assert "12-month value (discounted 1% a month)" in out and "¥" in out
    assert main(["--db", shop, "lifetime", "--customer", "S00001", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == [
        "as_of", "customer", "purchase_days", "p_alive", "purchases_90_days", "spend_per_purchase_day",
        "value_12_months",
    ]  # fmt: skip
    assert result["customer"] == "S00001" and 0 <= result["p_alive"] <= 1
    open_database(shop)
    expected = lifetime.for_customer(Customer.get(Customer.code == "S00001").id)
    assert result["value_12_months"] == round(expected.value_12m, 2)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["lifetime", "--customer", "NOBODY"], "no customer NOBODY"),
        (["lifetime", "--as-of", "2026-02-30"], "is not a date"),
        (["lifetime", "--as-of", "2026-07-01"], "is after today"),
        (["lifetime", "--as-of", "1899-12-31"], "out of range"),
        (["lifetime", "--colour"], "unrecognized arguments"),
    ],
)
def test_lifetime_bad_input_exits_2_with_one_line_and_fits_nothing(shop, capsys, argv, said):
    assert main(["--db", shop, *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("shopcircle-cli: error:") and said in err
    open_database(shop)
    assert LifetimeFit.select().count() == 0


def test_the_whole_shops_figures_are_read_once_until_a_visit_the_fit_or_a_setting_changes(db):
    """The follow-up page's two lists share one read of the whole shop; a purchase logged or
    edited (here or at another counter: each leaves an audit entry), a new fit or a new discount
    rate gives new figures."""
    from crm import demo
    from crm.services import visits

    demo.generate(2000, seed=5, until=TODAY)
    assert lifetime.fit(TODAY).ok
    first = lifetime.figures(None, TODAY)
    assert lifetime.figures(None, TODAY) is first  # kept
    someone = int(first.ids[np.argmax(first.purchase_days)])
    assert lifetime.figures([someone], TODAY) is not first  # a few ids: read as asked

    logged = visits.log_visit(someone, 5000, "purchase", at=datetime.combine(TODAY, time(10)))
    again = lifetime.figures(None, TODAY)
    assert again is not first
    assert again.row(someone).purchase_days == first.row(someone).purchase_days + 1

    visits.edit_visit(logged.visit.id, amount=900_000, confirm_large=True)
    edited = lifetime.figures(None, TODAY)
    assert edited is not again
    assert edited.row(someone).spend_per_day > again.row(someone).spend_per_day

    settings.set(lifetime.DISCOUNT_KEY, 5)
    assert lifetime.figures(None, TODAY) is not edited
    kept = lifetime.figures(None, TODAY)
    lifetime.fit(TODAY)
    assert lifetime.figures(None, TODAY) is not kept
