"""The large-purchase limit outside the counter: the customer page's visit form asks before
booking a far-too-large amount, and Settings → Shop shows and stores the limit."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt, QThreadPool

from crm.models import Setting, Visit
from crm.services import customers, purchase_limit, settings
from tests.ui.test_counter_highlight import answer
from tests.ui.test_settings import make_view as make_settings_view
from ui.context import AppContext
from ui.views.customer_detail import CustomerDetailView


@pytest.fixture(autouse=True)
def nothing_remembered(db):
    purchase_limit.forget()
    yield
    QThreadPool.globalInstance().waitForDone(10_000)
    purchase_limit.forget()


def usual_sales(who_id: int, amount: int = 5_000, count: int = 100) -> None:
    at = datetime.combine(date(2026, 5, 1), time(10, 0))
    Visit.insert_many(
        [{"customer": who_id, "at": at, "day": at.date(), "amount": amount} for _ in range(count)]
    ).execute()


@pytest.fixture
def page(qtbot, db):
    shi = customers.create_customer("史欣怡", "15983270157")
    other = customers.create_customer("孙华洋", "19815606227")
    usual_sales(other.id)  # limit 20 × ¥50 = ¥1,000
    view = CustomerDetailView(AppContext("test"))
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.activateWindow()
    qtbot.waitExposed(view)
    view.show_customer(shi.id)
    return view, shi


def amounts_of(customer_id: int) -> list[int]:
    return sorted(v.amount for v in Visit.select().where(Visit.customer == customer_id))


def test_the_customer_page_asks_and_no_books_nothing(qtbot, page):
    view, shi = page
    qtbot.mouseClick(view.log_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(view.visit_amount, "99999999")
    said = answer(qtbot, yes=False)
    qtbot.keyClick(view.visit_amount, Qt.Key.Key_Return)
    assert said == [
        "¥99,999,999.00 is far above this shop's usual purchases (limit ¥1,000.00)."
        " Book ¥99,999,999.00 for 史欣怡 anyway?"
    ]
    assert amounts_of(shi.id) == []
    assert view.visit_amount.text() == "99999999"  # to be corrected


def test_the_customer_page_books_on_yes(qtbot, page):
    view, shi = page
    qtbot.keyClicks(view.visit_amount, "99999999")
    said = answer(qtbot, yes=True)
    qtbot.mouseClick(view.visit_log_button, Qt.MouseButton.LeftButton)
    assert len(said) == 1
    assert amounts_of(shi.id) == [99_999_999_00]
    assert view.visit_amount.text() == ""
    qtbot.keyClicks(view.visit_amount, "1000")  # at the limit: no question
    qtbot.keyClick(view.visit_amount, Qt.Key.Key_Return)
    assert len(said) == 1 and amounts_of(shi.id) == [1_000_00, 99_999_999_00]


def test_a_refund_far_too_large_is_asked_about_too(qtbot, page):
    view, shi = page
    view.visit_kind_combo.setCurrentIndex(view.visit_kind_combo.findData("refund"))
    qtbot.keyClicks(view.visit_amount, "5000")
    said = answer(qtbot, yes=False)
    qtbot.keyClick(view.visit_amount, Qt.Key.Key_Return)
    assert said == [
        "¥5,000.00 is far above this shop's usual purchases (limit ¥1,000.00)."
        " Refund ¥5,000.00 to 史欣怡 anyway?"
    ]
    assert amounts_of(shi.id) == []


# --- Settings → Shop --------------------------------------------------------------------


def test_settings_show_the_automatic_limit_and_store_one_typed(qtbot, db):
    who = customers.create_customer("孙华洋", "19815606227")
    usual_sales(who.id, amount=8_880)
    view = make_settings_view(qtbot)
    field = view.shop.limit_edit
    assert field.text() == "" and field.placeholderText() == "Automatic: ¥1,776.00"
    assert "20 × the shop's 99th-percentile sale (¥88.80), now ¥1,776.00" in field.hint.text()

    qtbot.keyClicks(field, "50,000")
    assert view.shop.save_button.isEnabled()
    qtbot.mouseClick(view.shop.save_button, Qt.MouseButton.LeftButton)
    assert settings.get("large_purchase_limit") == 50_000
    assert purchase_limit.current_limit().limit == 50_000_00
    assert not view.shop.save_button.isEnabled()

    field.clear()  # empty: automatic again
    qtbot.mouseClick(view.shop.save_button, Qt.MouseButton.LeftButton)
    assert settings.get("large_purchase_limit") == 0


def test_settings_refuse_a_limit_too_large_next_to_the_field(qtbot, db):
    view = make_settings_view(qtbot)
    field = view.shop.limit_edit
    assert "With no sales yet, the automatic limit is ¥10,000.00." in field.hint.text()
    qtbot.keyClicks(field, "99999999999")
    qtbot.mouseClick(view.shop.save_button, Qt.MouseButton.LeftButton)
    error = view.shop.findChild(type(view.shop.message), "error_large_purchase_limit")
    assert error.isVisible() and error.text() == "is too large"
    assert Setting.select().where(Setting.key == "large_purchase_limit").count() == 0
