"""The level preview: how many customers each level would hold under rules not yet saved."""

from __future__ import annotations

from datetime import date, timedelta

from crm.levels import MICRO, NONE, STRONG, WEAK
from crm.models import Customer
from crm.services import customer_level, level_preview, levels, settings
from tests import factories
from tests.conftest import TODAY


def regular(name: str, days_back=(3, 10, 20)):
    who = factories.customer(name, joined=date(2025, 1, 1))
    for back in days_back:
        factories.visit(who, TODAY - timedelta(days=back))
    return who


def test_the_stored_rules_count_what_is_stored(db):
    regular("王丽")  # three purchase days: Weak
    factories.customer("张伟", joined=date(2025, 2, 1))  # never bought: None
    levels.refresh_all()
    shown = level_preview.preview({})
    assert shown.counts == shown.current == [1, 0, 1, 0, 0]
    assert shown.moves == [0] * 5


def test_lower_thresholds_move_customers_up_without_storing_anything(db):
    who = regular("王丽")
    levels.refresh_all()
    shown = level_preview.preview({"level.strong_purchase_days": 3})
    assert shown.counts[STRONG] == 1 and shown.counts[WEAK] == 0
    assert shown.moves[STRONG] == 1 and shown.moves[WEAK] == -1
    assert settings.get("level.strong_purchase_days") == 6  # nothing stored
    assert levels.distribution()["weak"] == 1
    assert Customer.get_by_id(who.id).level == WEAK


def test_a_pinned_customer_stays_on_the_pinned_level(db):
    who = regular("王丽")
    customer_level.pin_level(who.id, MICRO, "family")
    shown = level_preview.preview({"level.strong_purchase_days": 1, "level.weak_purchase_days": 1})
    assert shown.counts[MICRO] == 1 and shown.counts[STRONG] == 0


def test_customers_who_join_later_are_not_counted(db):
    factories.customer("未来", joined=TODAY + timedelta(days=5))
    assert level_preview.preview({}).counts[NONE] == 0


def test_the_facts_are_gathered_again_only_for_another_window(db):
    regular("王丽")
    first = level_preview.preview({})
    again = level_preview.preview({"level.weak_purchase_days": 4}, first.basis)
    assert again.basis is first.basis and again.counts[MICRO] == 1
    wider = level_preview.preview({"level.window_days": 30}, first.basis)
    assert wider.basis is not first.basis and wider.basis.window_days == 30
