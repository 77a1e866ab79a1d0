"""The counter books to the customer the clerk sees highlighted: the card and the form follow
the highlight (new results, Up/Down, a click), the save button says what it books and for
whom, and an amount far above the shop's usual purchases is asked about first."""

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from crm.models import Visit
from crm.services import customers, purchase_limit
from tests.ui.test_counter import make_view, pick, type_text, visits_of
from ui import i18n
from ui.context import AppContext
from ui.widgets.large_purchase import OBJECT_NAME


@pytest.fixture(autouse=True)
def nothing_remembered():
    purchase_limit.forget()
    yield
    purchase_limit.forget()


@pytest.fixture
def ctx(db):
    return AppContext(location="test.db")


@pytest.fixture
def view(ctx, qtbot):
    return make_view(ctx, qtbot)


@pytest.fixture
def shi(db):
    return customers.create_customer("史欣怡", "15983270157")


@pytest.fixture
def sun(db):
    return customers.create_customer("孙华洋", "19815606227")  # pinyin initials shy


def new_search(qtbot, view, text):
    """Back in the search box and a new search typed over the old one, as a clerk does."""
    qtbot.mouseClick(view.search, Qt.MouseButton.LeftButton)
    qtbot.keyClick(view.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, view.search, text)


def click_amount(qtbot, view):
    qtbot.mouseClick(view.amount, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is view.amount


def card_loaded(qtbot, view, customer_id):
    qtbot.waitUntil(lambda: view.card.loaded() and view.card.customer_id() == customer_id, timeout=2000)


def highlighted(view):
    return view.results_model.hit(view.results.current_row())


def answer(qtbot, yes: bool, before_answering=None) -> list[str]:
    """Answer the large-purchase question when it comes; returns what it said."""
    said: list[str] = []

    def look():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != OBJECT_NAME:
            QTimer.singleShot(10, look)
            return
        said.append(f"{box.text()} {box.informativeText()}")
        if before_answering is not None:
            before_answering()
        button = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, look)
    return said


def usual_sales(who_id: int, amount: int = 5_000, count: int = 100) -> None:
    """Past sales that make the automatic limit 20 × amount."""
    at = datetime.combine(date(2026, 5, 1), time(10, 0))
    Visit.insert_many(
        [{"customer": who_id, "at": at, "day": at.date(), "amount": amount} for _ in range(count)]
    ).execute()


# --- the tester's steps ------------------------------------------------------------------


def test_a_new_search_moves_the_card_and_the_form_to_the_highlighted_customer(view, qtbot, shi, sun):
    pick(qtbot, view, "0157")
    assert view.card.name_label.text() == "史欣怡"
    qtbot.keyClicks(view.amount, "88.50")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert visits_of(shi.id) == [(8850, "purchase", None, "")]

    new_search(qtbot, view, "shy")
    assert highlighted(view).id == sun.id
    # At once, before the rest of the card is read: the card and the form are 孙华洋's.
    assert view.card.customer_id() == sun.id and view.card.name_label.text() == "孙华洋"
    assert view.customer_id() == sun.id
    assert view.form.title.text() == "Log a visit for 孙华洋"
    card_loaded(qtbot, view, sun.id)

    click_amount(qtbot, view)
    qtbot.keyClicks(view.amount, "50")
    assert view.save_button.text() == "Save ¥50.00 for 孙华洋"
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)

    assert visits_of(sun.id) == [(5000, "purchase", None, "")]
    assert visits_of(shi.id) == [(8850, "purchase", None, "")]
    assert view.card.name_label.text() == "孙华洋" and "¥50.00" in view.card.visits_label.text()
    assert "孙华洋" in view.banner.detail.text() or "孙华洋" in view.banner.headline.text()


def test_a_half_typed_amount_does_not_move_to_the_next_customer(view, qtbot, shi, sun):
    pick(qtbot, view, "0157")
    qtbot.keyClicks(view.amount, "120")
    new_search(qtbot, view, "s")  # each keystroke may move the highlight: the note stays
    new_search(qtbot, view, "shy")
    assert view.customer_id() == sun.id
    assert view.amount.text() == ""
    assert view.form.dropped_label.isVisible()
    assert view.form.dropped_label.text() == "Not saved: ¥120.00 typed for 史欣怡 was cleared."
    # Enter on the amount now: nothing is booked to anyone (a purchase needs an amount).
    click_amount(qtbot, view)
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert Visit.select().count() == 0
    qtbot.keyClicks(view.amount, "1")
    assert not view.form.dropped_label.isVisible()


def test_up_and_down_move_the_card_and_the_form_with_the_highlight(view, qtbot, db):
    ids = [
        customers.create_customer(name, f"1370000000{i}").id
        for i, name in enumerate(("王芳", "王刚", "王强"))
    ]
    type_text(qtbot, view.search, "王")
    rows = [view.results_model.hit(r).id for r in range(3)]
    assert sorted(rows) == sorted(ids)
    assert view.customer_id() == rows[0] == view.card.customer_id()

    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.customer_id() == rows[1] == view.card.customer_id()
    assert view.card.name_label.text() == view.results_model.hit(1).name
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    qtbot.keyClick(view.search, Qt.Key.Key_Up)
    assert view.customer_id() == rows[1]

    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is view.amount
    qtbot.keyClicks(view.amount, "66")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert visits_of(rows[1]) == [(6600, "purchase", None, "")]
    assert visits_of(rows[0]) == visits_of(rows[2]) == []


def test_a_click_on_another_row_moves_the_card_and_the_form(view, qtbot, db):
    wang = customers.create_customer("王丽", "13812345678")
    zhang = customers.create_customer("张伟", "13900001111")
    type_text(qtbot, view.search, "1")
    first = highlighted(view).id
    other = zhang.id if first == wang.id else wang.id
    row = view.results_model.row_of(other)
    rect = view.results.visualRect(view.results_model.index(row, 0))
    qtbot.mouseClick(view.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.customer_id() == other == view.card.customer_id() and view.card.loaded()
    qtbot.keyClicks(view.amount, "9.90")
    assert view.save_button.text() == f"Save ¥9.90 for {customers.get_customer(other).name}"
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert visits_of(other) == [(990, "purchase", None, "")] and visits_of(first) == []


def test_no_results_leave_no_card_and_nothing_to_save(view, qtbot, shi):
    pick(qtbot, view, "0157")
    qtbot.keyClicks(view.amount, "30")
    new_search(qtbot, view, "9999")
    assert view.results_model.rowCount() == 0
    assert view.customer_id() is None and view.card.customer_id() is None
    assert view.card.empty_label.isVisible() and not view.card.body.isVisible()
    assert not view.save_button.isEnabled() and not view.amount.isEnabled()
    assert view.save_button.text() == "No customer highlighted: search above"
    assert view.save_visit() is None
    # Esc empties the search: still nobody.
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.customer_id() is None and not view.save_button.isEnabled()
    assert Visit.select().count() == 0


def test_a_refresh_keeps_the_highlighted_customer_and_what_was_typed(view, qtbot, db):
    customers.create_customer("王芳", "13700000001")
    customers.create_customer("王刚", "13700000002")
    type_text(qtbot, view.search, "王")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    second = highlighted(view).id
    click_amount(qtbot, view)
    qtbot.keyClicks(view.amount, "15")
    view.ctx.bus.customers_changed.emit()  # another screen changed some customer
    assert highlighted(view).id == second == view.customer_id()
    assert view.amount.text() == "15"


def test_the_card_is_read_once_the_typing_pauses(view, qtbot, shi, sun):
    qtbot.keyClicks(view.search, "shy")
    assert view.card.customer_id() == sun.id and not view.card.loaded()
    assert view.card.explanation_label.text() == "…"
    card_loaded(qtbot, view, sun.id)
    assert view.card.explanation_label.text() != "…"


# --- the save button -----------------------------------------------------------------------


def test_the_save_button_says_what_it_books_and_for_whom(view, qtbot, shi):
    pick(qtbot, view, "0157")
    button = view.save_button
    assert button.text() == "Type the amount for 史欣怡 (Alt+V: a visit, no purchase)"
    assert button.property("ready") is False  # plain, not the green of a booking
    qtbot.keyClicks(view.amount, "1234.5")
    assert button.text() == "Save ¥1,234.50 for 史欣怡"
    assert button.property("ready") is True
    qtbot.keyClick(view.amount, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert button.text() == "Save Service ¥1,234.50 for 史欣怡"
    view.amount.clear()
    assert button.text() == "Save Service for 史欣怡, no purchase"
    qtbot.keyClick(view.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    assert button.text() == "Save Visit for 史欣怡, no purchase"
    qtbot.keyClick(view.amount, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert button.text() == "Type the refund for 史欣怡"
    qtbot.keyClicks(view.amount, "30")
    assert button.text() == "Refund ¥30.00 to 史欣怡"
    qtbot.keyClick(view.amount, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    view.amount.clear()
    qtbot.keyClicks(view.amount, "-20")
    assert button.text() == "Refund ¥20.00 to 史欣怡"  # a minus purchase is saved as a refund
    view.amount.clear()
    qtbot.keyClicks(view.amount, "abc")
    assert button.text() == "Check the amount for 史欣怡"
    view.amount.clear()
    qtbot.keyClicks(view.amount, "50")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert visits_of(shi.id) == [(5000, "purchase", None, "")]
    assert button.text() == "Type the amount for 史欣怡 (Alt+V: a visit, no purchase)"


def test_the_save_button_follows_the_shop_currency(view, qtbot, shi):
    from crm.services import settings

    settings.set("currency", "GBP")
    view.ctx.bus.settings_changed.emit()
    pick(qtbot, view, "0157")
    qtbot.keyClicks(view.amount, "50")
    assert view.save_button.text() == "Save £50.00 for 史欣怡"


def test_the_save_button_in_chinese(ctx, qtbot, qapp, shi):
    i18n.install(qapp, "zh_CN")
    try:
        view = make_view(ctx, qtbot)
        pick(qtbot, view, "0157")
        qtbot.keyClicks(view.amount, "50")
        assert view.save_button.text() == "为史欣怡记录 ¥50.00"
        qtbot.keyClick(view.amount, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
        assert view.save_button.text() == "给史欣怡退款 ¥50.00"
        view.amount.clear()
        qtbot.keyClick(view.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
        assert view.save_button.text() == "为史欣怡记录到店（无消费）"
        new_search(qtbot, view, "9999")
        assert view.save_button.text() == "未选中顾客：请先在上方搜索"
    finally:
        i18n.install(qapp, "en")


# --- a large purchase ------------------------------------------------------------------------


def test_a_large_purchase_is_asked_about_and_no_books_nothing(view, qtbot, shi, sun):
    usual_sales(sun.id)  # the shop's usual ticket ¥50: the limit is ¥1,000
    pick(qtbot, view, "0157")
    qtbot.keyClicks(view.amount, "99999999")
    said = answer(qtbot, yes=False)
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert said == [
        "¥99,999,999.00 is far above this shop's usual purchases (limit ¥1,000.00)."
        " Book ¥99,999,999.00 for 史欣怡 anyway?"
    ]
    assert visits_of(shi.id) == []
    assert view.amount.text() == "99999999"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.amount, timeout=1000)


def test_a_large_purchase_is_booked_on_yes(view, qtbot, shi, sun):
    usual_sales(sun.id)
    pick(qtbot, view, "0157")
    qtbot.keyClicks(view.amount, "99999999")
    said = answer(qtbot, yes=True)
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert len(said) == 1
    assert visits_of(shi.id) == [(99_999_999_00, "purchase", None, "")]
    assert view.amount.text() == ""
    # At the limit: no question.
    qtbot.keyClicks(view.amount, "1000")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert len(said) == 1 and len(visits_of(shi.id)) == 2


def test_a_highlight_moved_while_asking_books_to_nobody(view, qtbot, shi, sun):
    usual_sales(sun.id)
    pick(qtbot, view, "0157")
    qtbot.keyClicks(view.amount, "5000")
    said = answer(qtbot, yes=True, before_answering=lambda: view.search.setText("shy"))
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert len(said) == 1
    assert view.customer_id() == sun.id
    assert visits_of(shi.id) == [] and len(visits_of(sun.id)) == 100  # only the usual sales
