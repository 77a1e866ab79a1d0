"""The large-purchase limit outside the counter: the customer page's visit form asks before
booking a far-too-large amount, and Settings → Shop shows and stores the limit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThreadPool

from crm.models import Setting
from crm.services import customers, purchase_limit, settings
from tests.ui.test_settings import make_view as make_settings_view
from ui.context import AppContext
from ui.views.customer.page import CustomerDetailView


@pytest.fixture(autouse=True)
def nothing_remembered(db):
    purchase_limit.forget()
    yield
    QThreadPool.globalInstance().waitForDone(10_000)
    purchase_limit.forget()


@pytest.fixture
def page(qtbot, db, usual_sales, settled):
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
    settled(view)
    return view, shi


@pytest.fixture
def amounts_of(visits_of):
    return lambda customer_id: sorted(amount for amount, *_ in visits_of(customer_id))


@pytest.mark.parametrize(
    ("kind", "typed", "question"),
    [
        ("purchase", "99999999", "Book ¥99,999,999.00 for 史欣怡 anyway?"),
        ("refund", "5000", "Refund ¥5,000.00 to 史欣怡 anyway?"),
    ],
)
def test_the_customer_page_asks_and_no_books_nothing(qtbot, page, clerk, amounts_of, kind, typed, question):
    view, shi = page
    qtbot.mouseClick(view.header.log_button, Qt.MouseButton.LeftButton)
    view.timeline.kind_combo.setCurrentIndex(view.timeline.kind_combo.findData(kind))
    said = clerk.enter_amount(view.timeline.amount, typed, answer=False)
    amount = format(int(typed), ",")
    assert said == [f"¥{amount}.00 is far above this shop's usual purchases (limit ¥1,000.00). {question}"]
    assert amounts_of(shi.id) == []
    assert view.timeline.amount.text() == typed  # to be corrected


def test_the_customer_page_books_on_yes(qtbot, page, clerk, amounts_of):
    view, shi = page
    qtbot.keyClicks(view.timeline.amount, "99999999")
    said = clerk.answer_large_purchase(yes=True)
    qtbot.mouseClick(view.timeline.log_button, Qt.MouseButton.LeftButton)
    assert len(said) == 1
    assert amounts_of(shi.id) == [99_999_999_00]
    assert view.timeline.amount.text() == ""
    clerk.enter_amount(view.timeline.amount, "1000")  # at the limit: no question
    assert amounts_of(shi.id) == [1_000_00, 99_999_999_00]


# --- Settings → Shop --------------------------------------------------------------------


def test_settings_show_the_automatic_limit_and_store_one_typed(qtbot, db, usual_sales):
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
