"""The counter's card in one read: who, why this level, who serves them, last visits, open tasks."""

from datetime import date, timedelta

import pytest

from crm.errors import NotFound
from crm.services import community_changes, counter_card, customers, settings, staff, tasks, visits
from tests.conftest import TODAY


@pytest.fixture
def family(db):
    """王丽, brought by 张伟, a member of 李娜's community, with one purchase on June 1st."""
    leader = customers.create_customer("李娜", "13600000000")
    referrer = customers.create_customer("张伟", "13900001111")
    member = customers.create_customer("王丽", "13812345678", referrer_id=referrer.id)
    group = community_changes.create_community("邻里群", leader.id, created=date(2026, 1, 1))
    community_changes.add_member(group.id, member.id, joined=date(2026, 1, 1))
    visits.log_visit(member.id, 5000, at=date(2026, 6, 1))
    return leader, referrer, member


def test_the_card_gathers_who_why_who_serves_and_the_visits(family):
    leader, referrer, member = family
    tasks.create_task(member.id, "service", TODAY + timedelta(days=2))
    done = tasks.create_task(member.id, "other", TODAY)
    tasks.complete_task(done.id)

    card = counter_card.card(member.id)

    assert card.customer_id == member.id and card.info.name == "王丽"
    assert card.info.referrer_name == "张伟"
    assert card.level == 1 and card.explanation.key == "micro"
    assert card.explanation.facts.purchase_days == 1
    assert card.explanation.next_steps[0].level == 2  # weak is the next step up
    assert card.window_days == 365
    assert card.serving is not None and (card.serving.id, card.serving.name) == (leader.id, "李娜")
    assert [(v.amount, v.at.date()) for v in card.recent] == [(5000, date(2026, 6, 1))]
    assert card.open_tasks == 1
    assert card.currency == "CNY"


def test_the_card_after_a_save_shows_the_level_the_save_gave(family):
    _leader, _referrer, member = family
    result = visits.log_visit(member.id, 2000)
    assert result.level_after == "weak"

    card = counter_card.card(member.id)

    assert card.info.level_key == "weak" == card.explanation.key
    assert card.explanation.facts.purchase_days == 2
    assert card.recent[0].id == result.visit.id  # newest first


def test_recent_visits_are_the_newest_few(db):
    who = customers.create_customer("孙华洋", "19815606227")
    for days_ago in range(8):
        visits.log_visit(who.id, 100 * (days_ago + 1), at=TODAY - timedelta(days=days_ago))

    card = counter_card.card(who.id)

    assert [v.amount for v in card.recent] == [100, 200, 300]  # what fits beside the form
    assert len(counter_card.card(who.id, recent=2).recent) == 2


def test_a_customer_nobody_serves_with_no_visits_and_no_tasks(db):
    who = customers.create_customer("史欣怡", "15983270157")
    settings.set("currency", "GBP")

    card = counter_card.card(who.id)

    assert card.serving is None and card.recent == [] and card.open_tasks == 0
    assert card.level == 0 and card.explanation.facts.days_since_last is None
    assert card.currency == "GBP"


def test_an_archived_customer_still_has_a_card(db):
    who = customers.create_customer("史欣怡", "15983270157")
    customers.archive_customer(who.id)
    assert counter_card.card(who.id).info.archived


def test_a_customer_that_is_not_there_has_no_card(db):
    with pytest.raises(NotFound):
        counter_card.card(999_999)


def test_the_entry_form_offers_the_active_staff_and_the_shop_currency(db):
    staff.create_staff("Mei", "staff")
    bo = staff.create_staff("Bo", "owner", pin="1234")
    gone = staff.create_staff("Cai", "staff")
    staff.deactivate_staff(gone.id)
    settings.set("currency", "GBP")

    offered = counter_card.setup()

    assert [member.name for member in offered.staff] == ["Bo", "Mei"]  # owners first, no one gone
    assert offered.staff[0].id == bo.id and offered.currency == "GBP"
