"""The counter books to the customer the clerk sees highlighted: the card and the form follow
the highlight (new results, Up/Down, a click), the save button says what it books and for
whom, and an amount far above the shop's usual purchases is asked about first."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm.services import customers, purchase_limit
from ui import i18n


@pytest.fixture(autouse=True)
def nothing_remembered():
    purchase_limit.forget()
    yield
    purchase_limit.forget()


@pytest.fixture
def shi(db):
    return customers.create_customer("史欣怡", "15983270157")


@pytest.fixture
def sun(db):
    return customers.create_customer("孙华洋", "19815606227")  # pinyin initials shy


def new_search(qtbot, clerk, counter, text):
    """Back in the search box and a new search typed over the old one, as a clerk does."""
    qtbot.mouseClick(counter.search, Qt.MouseButton.LeftButton)
    qtbot.keyClick(counter.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    clerk.type(counter.search, text)


def click_amount(qtbot, counter):
    qtbot.mouseClick(counter.form.amount, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is counter.form.amount


def card_loaded(qtbot, counter, customer_id):
    qtbot.waitUntil(lambda: counter.card.loaded() and counter.card.customer_id() == customer_id, timeout=2000)


def highlighted(counter):
    return counter.results_model.hit(counter.results.current_row())


# --- the tester's steps ------------------------------------------------------------------


def test_a_new_search_moves_the_card_and_the_form_to_the_highlighted_customer(
    counter, qtbot, shi, sun, clerk, visits_of
):
    clerk.pick(counter, "0157")
    assert counter.card.name_label.text() == "史欣怡"
    qtbot.keyClicks(counter.form.amount, "88.50")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(shi.id) == [(8850, "purchase", None, "")]

    new_search(qtbot, clerk, counter, "shy")
    assert highlighted(counter).id == sun.id
    # At once, before the rest of the card is read: the card and the form are 孙华洋's.
    assert counter.card.customer_id() == sun.id and counter.card.name_label.text() == "孙华洋"
    assert counter.customer_id() == sun.id
    assert counter.form.title.text() == "Log a visit for 孙华洋"
    card_loaded(qtbot, counter, sun.id)

    click_amount(qtbot, counter)
    qtbot.keyClicks(counter.form.amount, "50")
    assert counter.form.save_button.text() == "Save ¥50.00 for 孙华洋"
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)

    assert visits_of(sun.id) == [(5000, "purchase", None, "")]
    assert visits_of(shi.id) == [(8850, "purchase", None, "")]
    assert counter.card.name_label.text() == "孙华洋"
    qtbot.waitUntil(lambda: "¥50.00" in counter.card.visits_label.text(), timeout=3000)
    assert "孙华洋" in counter.banner.detail.text() or "孙华洋" in counter.banner.headline.text()


def test_a_half_typed_amount_does_not_move_to_the_next_customer(counter, qtbot, shi, sun, clerk, visits_of):
    clerk.pick(counter, "0157")
    qtbot.keyClicks(counter.form.amount, "120")
    new_search(qtbot, clerk, counter, "s")  # each keystroke may move the highlight: the note stays
    new_search(qtbot, clerk, counter, "shy")
    assert counter.customer_id() == sun.id
    assert counter.form.amount.text() == ""
    assert counter.form.dropped_label.isVisible()
    assert counter.form.dropped_label.text() == "Not saved: ¥120.00 typed for 史欣怡 was cleared."
    # Enter on the amount now: nothing is booked to anyone (a purchase needs an amount).
    click_amount(qtbot, counter)
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(shi.id) == visits_of(sun.id) == []
    qtbot.keyClicks(counter.form.amount, "1")
    assert not counter.form.dropped_label.isVisible()


def test_up_and_down_move_the_card_and_the_form_with_the_highlight(counter, qtbot, db, clerk, visits_of):
    ids = [
        customers.create_customer(name, f"1370000000{i}").id
        for i, name in enumerate(("王芳", "王刚", "王强"))
    ]
    clerk.type(counter.search, "王")
    rows = [counter.results_model.hit(r).id for r in range(3)]
    assert sorted(rows) == sorted(ids)
    assert counter.customer_id() == rows[0] == counter.card.customer_id()

    qtbot.keyClick(counter.search, Qt.Key.Key_Down)
    assert counter.customer_id() == rows[1] == counter.card.customer_id()
    assert counter.card.name_label.text() == counter.results_model.hit(1).name
    qtbot.keyClick(counter.search, Qt.Key.Key_Down)
    qtbot.keyClick(counter.search, Qt.Key.Key_Up)
    assert counter.customer_id() == rows[1]

    qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is counter.form.amount
    qtbot.keyClicks(counter.form.amount, "66")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(rows[1]) == [(6600, "purchase", None, "")]
    assert visits_of(rows[0]) == visits_of(rows[2]) == []


def test_a_click_on_another_row_moves_the_card_and_the_form(counter, qtbot, db, clerk, visits_of):
    wang = customers.create_customer("王丽", "13812345678")
    zhang = customers.create_customer("张伟", "13900001111")
    clerk.type(counter.search, "1")
    first = highlighted(counter).id
    other = zhang.id if first == wang.id else wang.id
    clerk.click_result(counter, other)
    assert counter.customer_id() == other == counter.card.customer_id() and counter.card.loaded()
    qtbot.keyClicks(counter.form.amount, "9.90")
    assert counter.form.save_button.text() == f"Save ¥9.90 for {customers.get_customer(other).name}"
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(other) == [(990, "purchase", None, "")] and visits_of(first) == []


def test_no_results_leave_no_card_and_nothing_to_save(counter, qtbot, shi, sun, clerk, visits_of):
    clerk.pick(counter, "0157")
    qtbot.keyClicks(counter.form.amount, "30")
    new_search(qtbot, clerk, counter, "9999")
    assert counter.results_model.rowCount() == 0
    assert counter.customer_id() is None and counter.card.customer_id() is None
    assert counter.card.empty_label.isVisible() and not counter.card.body.isVisible()
    assert not counter.form.save_button.isEnabled() and not counter.form.amount.isEnabled()
    assert counter.form.save_button.text() == "No customer highlighted: search above"
    assert counter.save_visit() is None
    # Esc empties the search: still nobody.
    qtbot.keyClick(counter.search, Qt.Key.Key_Escape)
    assert counter.customer_id() is None and not counter.form.save_button.isEnabled()
    assert visits_of(shi.id) == visits_of(sun.id) == []


def test_a_refresh_keeps_the_highlighted_customer_and_what_was_typed(counter, qtbot, db, clerk):
    customers.create_customer("王芳", "13700000001")
    customers.create_customer("王刚", "13700000002")
    zhao = customers.create_customer("赵敏", "13700000003")
    clerk.type(counter.search, "王")
    qtbot.keyClick(counter.search, Qt.Key.Key_Down)
    second = highlighted(counter).id
    click_amount(qtbot, counter)
    qtbot.keyClicks(counter.form.amount, "15")
    counter.ctx.actions.update_customer(zhao.id, notes="VIP")  # another screen changed some customer
    clerk.wait_for_reads(counter)
    assert highlighted(counter).id == second == counter.customer_id()
    assert counter.form.amount.text() == "15"


def test_the_card_is_read_once_the_typing_pauses(counter, qtbot, shi, sun):
    qtbot.keyClicks(counter.search, "shy")
    assert counter.card.customer_id() == sun.id and not counter.card.loaded()
    assert counter.card.explanation_label.text() == "…"
    card_loaded(qtbot, counter, sun.id)
    assert counter.card.explanation_label.text() != "…"


# --- the save button -----------------------------------------------------------------------


def test_the_save_button_says_what_it_books_and_for_whom(counter, qtbot, shi, clerk, visits_of):
    clerk.pick(counter, "0157")
    button = counter.form.save_button
    assert button.text() == "Type the amount for 史欣怡 (Alt+V: a visit, no purchase)"
    assert button.property("ready") is False  # plain, not the green of a booking
    qtbot.keyClicks(counter.form.amount, "1234.5")
    assert button.text() == "Save ¥1,234.50 for 史欣怡"
    assert button.property("ready") is True
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert button.text() == "Save Service ¥1,234.50 for 史欣怡"
    counter.form.amount.clear()
    assert button.text() == "Save Service for 史欣怡, no purchase"
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    assert button.text() == "Save Visit for 史欣怡, no purchase"
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert button.text() == "Type the refund for 史欣怡"
    qtbot.keyClicks(counter.form.amount, "30")
    assert button.text() == "Refund ¥30.00 to 史欣怡"
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    counter.form.amount.clear()
    qtbot.keyClicks(counter.form.amount, "-20")
    assert button.text() == "Refund ¥20.00 to 史欣怡"  # a minus purchase is saved as a refund
    counter.form.amount.clear()
    qtbot.keyClicks(counter.form.amount, "abc")
    assert button.text() == "Check the amount for 史欣怡"
    counter.form.amount.clear()
    qtbot.keyClicks(counter.form.amount, "50")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert visits_of(shi.id) == [(5000, "purchase", None, "")]
    assert button.text() == "Type the amount for 史欣怡 (Alt+V: a visit, no purchase)"


def test_the_save_button_follows_the_shop_currency(counter, qtbot, shi, clerk):
    counter.ctx.actions.set_settings({"currency": "GBP"})
    clerk.wait_for_reads(counter)
    clerk.pick(counter, "0157")
    qtbot.keyClicks(counter.form.amount, "50")
    assert counter.form.save_button.text() == "Save £50.00 for 史欣怡"


def test_the_save_button_in_chinese(ctx, qtbot, qapp, shi, clerk):
    i18n.install(qapp, "zh_CN")
    try:
        counter = clerk.open_counter(ctx)
        clerk.pick(counter, "0157")
        qtbot.keyClicks(counter.form.amount, "50")
        assert counter.form.save_button.text() == "为史欣怡记录 ¥50.00"
        qtbot.keyClick(counter.form.amount, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        assert counter.form.save_button.text() == "给史欣怡退款 ¥50.00"
        counter.form.amount.clear()
        qtbot.keyClick(counter.form.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
        assert counter.form.save_button.text() == "为史欣怡记录到店（无消费）"
        new_search(qtbot, clerk, counter, "9999")
        assert counter.form.save_button.text() == "未选中顾客：请先在上方搜索"
    finally:
        i18n.install(qapp, "en")


# --- a large purchase ------------------------------------------------------------------------

FAR_TOO_LARGE = (
    "¥99,999,999.00 is far above this shop's usual purchases (limit ¥1,000.00)."
    " Book ¥99,999,999.00 for 史欣怡 anyway?"
)


def test_a_large_purchase_is_asked_about_and_no_books_nothing(
    counter, qtbot, shi, sun, clerk, visits_of, usual_sales
):
    usual_sales(sun.id)  # the shop's usual ticket ¥50: the limit is ¥1,000
    clerk.pick(counter, "0157")
    assert clerk.enter_amount(counter.form.amount, "99999999", answer=False) == [FAR_TOO_LARGE]
    assert visits_of(shi.id) == []
    assert counter.form.amount.text() == "99999999"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.form.amount, timeout=1000)


def test_a_large_purchase_is_booked_on_yes(counter, shi, sun, clerk, visits_of, usual_sales):
    usual_sales(sun.id)
    clerk.pick(counter, "0157")
    assert clerk.enter_amount(counter.form.amount, "99999999", answer=True) == [FAR_TOO_LARGE]
    assert visits_of(shi.id) == [(99_999_999_00, "purchase", None, "")]
    assert counter.form.amount.text() == ""
    clerk.enter_amount(counter.form.amount, "1000")  # at the limit: no question
    assert len(visits_of(shi.id)) == 2


def test_a_highlight_moved_while_asking_books_to_nobody(counter, shi, sun, clerk, visits_of, usual_sales):
    usual_sales(sun.id)
    clerk.pick(counter, "0157")
    said = clerk.enter_amount(
        counter.form.amount, "5000", answer=True, before_answering=lambda: counter.search.setText("shy")
    )
    assert len(said) == 1
    assert counter.customer_id() == sun.id
    assert visits_of(shi.id) == [] and len(visits_of(sun.id)) == 100  # only the usual sales
