"""The lifetime fit on a real, published data set: Bruce Hardie's CDNOW sample (tests/data/README.md),
loaded into a shop as purchases and read back through the same SQL, summary and fit the app uses.

The published estimates are rounded (three or four significant digits) and came from another
optimiser stopping on a flat likelihood, so an estimate here matches when it is within half a
unit of the last published digit, or within 2 % of its standard error (far below anything the
data can tell apart, while a wrong summary, such as the first purchase counted in the spend or
two purchases on one day counted twice, moves the estimates by many standard errors)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import peewee
import pytest

from crm.db import database
from crm.lifetime import bgnbd, gamma_gamma, summary
from crm.models import Customer, Visit
from crm.services import lifetime

DATA = Path(__file__).resolve().parents[1] / "data" / "cdnow_sample.txt"
CALIBRATION_END = date(1997, 9, 30)  # the papers' 39 weeks, 1997-01-01 to 1997-09-30


def _load_cdnow() -> None:
    customers: dict[int, date] = {}
    visits = []
    for line in DATA.read_text().splitlines():
        _, sample_id, day, _, dollars = line.split()
        sample_id, day = int(sample_id), datetime.strptime(day, "%Y%m%d").date()
        customers[sample_id] = min(day, customers.get(sample_id, day))
        # Eight customers' one and only purchase was $0.00 (a free CD). A shop's purchase has an
        # amount above 0, so they come in at one cent: a purchase day, and no spend is read from
        # a first purchase day anyway.
        visits.append((sample_id, day, max(round(float(dollars) * 100), 1)))
    with database.atomic():
        for rows in peewee.chunked(
            (
                {"id": i, "code": f"CD{i:04d}", "name": f"CDNOW {i}", "joined": joined}
                for i, joined in customers.items()
            ),
            500,
        ):
            Customer.insert_many(rows).execute()
        for rows in peewee.chunked(
            (
                {
                    "customer": i,
                    "at": datetime.combine(day, time(12)),
                    "day": day,
                    "kind": "purchase",
                    "amount": cents,
                }
                for i, day, cents in visits
            ),
            500,
        ):
            Visit.insert_many(rows).execute()
    if not isinstance(database.obj, peewee.SqliteDatabase):  # ids given explicitly: move the sequence on
        database.execute_sql("SELECT setval('customer_id_seq', (SELECT MAX(id) FROM customer))")


@pytest.fixture
def cdnow(db):
    _load_cdnow()
    return db


def _matches(estimate: float, published: float, last_digit: float, error: float) -> bool:
    return abs(estimate - published) <= max(last_digit / 2, 0.02 * error)


def test_the_summary_of_cdnow_is_the_papers(cdnow):
    s = summary.read(CALIBRATION_END)
    assert len(s) == 2357  # everyone made their first purchase in the first quarter of 1997
    assert s.repeat_customers == 946  # the Gamma-Gamma paper's customers with repeat purchases
    # Customer 1 of the sample: purchases on 1997-01-01, 01-18 and 08-02 by then, 2 + 2 CDs later.
    one = s.index_of(1)
    assert (s.x[one], round(s.t_x[one], 2), round(s.T[one], 2)) == (2, 30.43, 38.86)
    assert s.spend[one] == pytest.approx((29.73 + 14.96) / 2)  # the first purchase left out


def test_the_fit_on_cdnow_matches_the_published_estimates(cdnow):
    fit = lifetime.compute(CALIBRATION_END)
    assert fit.ok and fit.customers == 2357 and fit.repeat_customers == 946
    s = summary.read(CALIBRATION_END)

    # Fader, Hardie & Lee (2005), "Counting your customers the easy way", table 1 and text.
    published = bgnbd.BgNbd(r=0.243, alpha=4.414, a=0.793, b=2.426)
    errors = bgnbd.standard_errors(fit.bgnbd, s.x, s.t_x, s.T)
    for name, error in errors.items():
        assert _matches(getattr(fit.bgnbd, name), getattr(published, name), 0.001, error), name
    assert fit.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    # The published estimates sit at the same maximum: their likelihood is within rounding of ours.
    at_published = bgnbd.log_likelihood(published, s.x, s.t_x, s.T)
    assert fit.log_likelihood - 0.01 < at_published <= fit.log_likelihood

    # Fader, Hardie & Lee (2005), "RFM and CLV" (and Hardie's Gamma-Gamma note): p, q, γ.
    assert fit.spend_customers == 946
    published_spend = gamma_gamma.GammaGamma(p=6.25, q=3.74, v=15.44)
    spend_errors = gamma_gamma.standard_errors(fit.gamma_gamma, s.x, s.spend)
    for name, error in spend_errors.items():
        assert _matches(getattr(fit.gamma_gamma, name), getattr(published_spend, name), 0.01, error), name
    # The shop's mean spend per purchase the model implies, against the customers' own.
    assert fit.gamma_gamma.mean_spend == pytest.approx(np.mean(s.spend[s.x >= 1]), rel=0.05)
