"""Who is slipping away (crm.services.slipping): repeat buyers whose P(alive) fell under the
threshold, those who bought in the last 365 days first, then by value at risk, from a stored fit;
the day each slipped; never a customer who bought on one day only, nor one followed up since
their last purchase; the reason when the models cannot tell."""

from datetime import datetime, timedelta

import numpy as np
import pytest

from crm import demo
from crm.errors import InvalidInput, OpenTaskExists
from crm.lifetime.bgnbd import BgNbd
from crm.lifetime.gamma_gamma import GammaGamma
from crm.models import Customer, LifetimeFit
from crm.services import levels, lifetime, settings, slipping, tasks
from tests.conftest import TODAY as D
from tests.factories import customer, visit


def stored_fit(bg: BgNbd, gg: GammaGamma) -> None:
    """A fit as the service stores it, with parameters the test sets."""
    LifetimeFit.create(
        as_of=D, fitted_at=datetime(2026, 6, 30, 9), seconds=0.1, customers=500, repeat_customers=300,
        r=bg.r, alpha=bg.alpha, a=bg.a, b=bg.b, log_likelihood=-1000.0,
        p=gg.p, q=gg.q, v=gg.v, spend_log_likelihood=-500.0, spend_customers=300,
    )  # fmt: skip


def buyer(name: str, days_ago: list[int], cents: int) -> Customer:
    c = customer(name, phone=f"+86138{Customer.select().count():08d}")
    for n in days_ago:
        visit(c, D - timedelta(days=n), cents)
    return c


@pytest.fixture
def shop(db):
    """Customers with known histories under a fit with set parameters."""
    stored_fit(BgNbd(0.8, 5.0, 0.7, 3.0), GammaGamma(5.0, 4.0, 300.0))
    people = {
        # bought every fortnight for half a year, then nothing for over a year: probably gone
        "gone_big": buyer("王芳", [400 + 14 * k for k in range(12)], 30_000),
        "gone_small": buyer("李娜", [400 + 14 * k for k in range(12)], 2_000),
        # the same rhythm, stopped two months ago: slipped a week ago, a small spender
        "lately": buyer("陈静", [60 + 14 * k for k in range(12)], 2_000),
        # the same rhythm, still coming: likely still a customer
        "regular": buyer("张伟", [7 + 14 * k for k in range(12)], 30_000),
        # one purchase day, long ago: P(alive) = 1 in BG/NBD, never "slipping"
        "once": buyer("赵敏", [400], 90_000),
    }
    levels.refresh_all(D)  # the level and last purchase the list shows
    return {key: c.id for key, c in people.items()}


def test_the_list_is_whom_the_fit_thinks_gone_the_recently_slipped_first(shop):
    found = slipping.slipping(D)

    assert found.reason is None and found.threshold == 0.5
    # The one who bought two months ago comes before those gone for over a year, though they
    # are worth less; among those, the most value at risk first.
    assert [c.customer_id for c in found.customers] == [shop["lately"], shop["gone_big"], shop["gone_small"]]
    assert (found.total, found.recent) == (3, 1)
    assert [c.recent for c in found.customers] == [True, False, False]
    assert found.customers[0].value_at_risk < found.customers[2].value_at_risk * 2
    figures = lifetime.figures(list(shop.values()), D)
    for c, last in zip(found.customers, (60, 400, 400), strict=True):
        row = figures.row(c.customer_id)
        assert c.p_alive == pytest.approx(row.p_alive) and c.p_alive < 0.5
        assert c.value_if_stayed == pytest.approx(row.value_12m / row.p_alive)
        assert c.value_at_risk == pytest.approx(row.value_12m / row.p_alive * (1 - row.p_alive))
        assert c.value_at_risk == pytest.approx(row.value_at_risk) and row.slipping
        assert c.purchase_days == 12 and c.last_purchase == D - timedelta(days=last)
        assert c.weeks_between == pytest.approx(2.0)
        # A fortnightly buyer is missed 53 days after their last purchase under this fit: the
        # day P(alive) falls under 50 %, had they bought no more.
        assert c.slipped_on == c.last_purchase + timedelta(days=54) == row.slipped_on
        before = lifetime.figures([c.customer_id], c.slipped_on - timedelta(days=1)).row(c.customer_id)
        on = lifetime.figures([c.customer_id], c.slipped_on).row(c.customer_id)
        assert before.p_alive >= 0.5 > on.p_alive
    assert figures.row(shop["regular"]).p_alive > 0.5
    assert figures.row(shop["once"]).p_alive == pytest.approx(1.0)  # one day only: not slipping


def test_the_threshold_is_a_setting(shop):
    p_gone = lifetime.figures([shop["gone_big"]], D).row(shop["gone_big"]).p_alive
    settings.set(slipping.THRESHOLD_KEY, round(p_gone * 50, 4))  # under it
    assert slipping.slipping(D).customers == []
    settings.set(slipping.THRESHOLD_KEY, "99%")
    listed = {c.customer_id for c in slipping.slipping(D).customers}
    assert shop["regular"] in listed and shop["once"] not in listed
    with pytest.raises(InvalidInput):
        settings.set(slipping.THRESHOLD_KEY, 120)


def test_archived_customers_and_those_followed_up_already_are_left_out(shop):
    Customer.update(archived=True).where(Customer.id == shop["gone_small"]).execute()
    made = tasks.create_task(shop["gone_big"], slipping.TASK_KIND, D)
    assert [c.customer_id for c in slipping.slipping(D).customers] == [shop["lately"]]
    with pytest.raises(OpenTaskExists):
        slipping.check_no_open_task(shop["gone_big"])
    # Called and done: still off the list, until they buy again.
    tasks.complete_task(made.id, "called, will come on Saturday")
    assert [c.customer_id for c in slipping.slipping(D).customers] == [shop["lately"]]
    slipping.check_no_open_task(shop["regular"])  # no open task: nothing to refuse


def test_a_win_back_task_from_an_earlier_lapse_does_not_keep_them_off(shop):
    """A task made before their last purchase answered an earlier lapse: this one is new."""
    from crm.models import Task

    made = tasks.create_task(shop["lately"], slipping.TASK_KIND, D - timedelta(days=100))
    tasks.complete_task(made.id, "came back")
    Task.update(created_on=D - timedelta(days=100)).where(Task.id == made.id).execute()
    assert shop["lately"] in {c.customer_id for c in slipping.slipping(D).customers}


def test_a_demo_shops_list_on_a_real_fit_is_complete_and_ranked(db):
    demo.generate(3000, seed=5, until=D)
    assert lifetime.fit(D).ok
    settings.set(slipping.THRESHOLD_KEY, 30)

    found = slipping.slipping(D, limit=10_000)

    figures = lifetime.figures(None, D)
    stayed = figures.value_12m / figures.p_alive
    risk = stayed * (1 - figures.p_alive)
    live = set(Customer.select(Customer.id).where(~Customer.archived & ~Customer.erased).tuples())
    live = {cid for (cid,) in live}
    expected = {
        int(cid)
        for cid, days, p, r in zip(figures.ids, figures.purchase_days, figures.p_alive, risk, strict=True)
        if days >= 2 and p < 0.3 and r > 0 and cid in live
    }
    open_service = {t.customer_id for t in tasks.list_tasks(status="open") if t.kind == slipping.TASK_KIND}
    assert len(expected - open_service) > 20
    assert {c.customer_id for c in found.customers} == expected - open_service
    # Those who bought in the last 365 days first, then the others; each most value at risk first.
    recent = [c for c in found.customers if c.recent]
    assert 0 < found.recent == len(recent) < found.total
    assert [c.recent for c in found.customers] == [True] * len(recent) + [False] * (found.total - len(recent))
    since = D - timedelta(days=slipping.RECENT_DAYS)
    for group in (recent, found.customers[len(recent) :]):
        risks = [c.value_at_risk for c in group]
        assert risks == sorted(risks, reverse=True)
    assert all(c.p_alive < 0.3 and c.purchase_days >= 2 for c in found.customers)
    lately = D - timedelta(days=slipping.RECENT_SLIP_DAYS)
    assert all(
        (c.last_purchase > since and c.slipped_on > lately) == c.recent and c.slipped_on <= D
        for c in found.customers
    )
    at = np.isin(figures.ids, [c.customer_id for c in recent])
    assert found.customers[0].value_at_risk == pytest.approx(risk[at].max())
    assert len(slipping.slipping(D, limit=5).customers) == 5


def test_without_a_usable_fit_the_list_is_empty_with_the_reason(db):
    nothing = slipping.slipping(D)
    assert nothing.customers == [] and nothing.reason.template == lifetime.NEVER_FITTED
    buyer("王芳", [30, 60], 1000)
    lifetime.fit(D)  # one repeat buyer: not enough
    few = slipping.slipping(D)
    assert few.customers == [] and few.reason.template == lifetime.FEW_REPEAT_BUYERS
