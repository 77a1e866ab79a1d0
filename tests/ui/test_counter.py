"""The counter, used like a clerk does: type, Enter, type the amount, Enter."""

from datetime import date

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from crm.models import Customer, Visit
from crm.services import customers, levels, staff, visits
from crm.services.common import Actor
from tests import factories
from ui.context import AppContext
from ui.views.counter import CounterView, prefill_from
from ui.widgets.counter_results import CounterResultsModel


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    """QSettings (remembered staff, window state) go to a test folder, not the user's."""
    folder = str(tmp_path / "settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    yield
    QSettings("ShopCircle", "ShopCircle").clear()


@pytest.fixture
def ctx(db):
    return AppContext(location="test.db")


def make_view(ctx, qtbot) -> CounterView:
    view = CounterView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 760)
    view.show()
    view.activateWindow()
    qtbot.waitExposed(view)
    qtbot.waitUntil(view.isActiveWindow)  # Alt+ and Ctrl+ shortcuts need an active window
    return view


@pytest.fixture
def view(ctx, qtbot):
    return make_view(ctx, qtbot)


@pytest.fixture
def wang(db):
    return customers.create_customer("王丽", "13812345678")


@pytest.fixture
def zhang(db):
    return customers.create_customer("张伟", "13900001111")


def type_text(qtbot, widget, text):
    """Keys for ASCII; Chinese arrives committed by the input method, as one insert."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def pick(qtbot, view, text):
    type_text(qtbot, view.search, text)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)


def visits_of(customer_id):
    return list(
        Visit.select(Visit.amount, Visit.kind, Visit.staff, Visit.note)
        .where(Visit.customer == customer_id)
        .tuples()
    )


# --- search -------------------------------------------------------------------


def test_typing_last_four_digits_finds_the_customer_and_enter_picks_it(view, qtbot, wang, zhang):
    qtbot.keyClicks(view.search, "5678")
    assert view.results_model.rowCount() == 1
    assert view.results_model.index(0, CounterResultsModel.NAME).data() == "王丽"
    assert view.results_model.index(0, CounterResultsModel.PHONE).data() == wang.phone_display

    qtbot.keyClick(view.search, Qt.Key.Key_Return)

    assert view.customer_id() == wang.id
    assert view.card.name_label.text() == "王丽"
    assert wang.code in view.card.contact_label.text()
    # Ready for the amount at once.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.amount)


def test_up_and_down_move_in_the_results_while_typing_goes_on(view, qtbot, db):
    first = customers.create_customer("王芳", "13700000001")
    second = customers.create_customer("王刚", "13700000002")
    type_text(qtbot, view.search, "王")
    assert view.results_model.rowCount() == 2
    assert view.results.current_row() == 0
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.results.current_row() == 1
    assert view.search.hasFocus() or QApplication.focusWidget() is view.search
    qtbot.keyClick(view.search, Qt.Key.Key_Up)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    picked_name = view.card.name_label.text()
    expected = view.results_model.hit(1)
    assert view.customer_id() == expected.id and picked_name == expected.name
    assert {first.id, second.id} == {h.id for h in view.results_model.hits()}


def test_escape_clears_the_search_and_no_match_offers_a_new_customer(view, qtbot, wang):
    qtbot.keyClicks(view.search, "9999")
    assert view.results_model.rowCount() == 0
    assert view.results_stack.currentWidget() is view._no_match_page
    assert "9999" in view.no_match_label.text()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.search.text() == ""
    assert view.results_stack.currentWidget() is view.hint_label


def test_a_click_on_a_result_picks_it(view, qtbot, wang, zhang):
    qtbot.keyClicks(view.search, "1")
    row = view.results_model.row_of(zhang.id)
    rect = view.results.visualRect(view.results_model.index(row, 0))
    qtbot.mouseClick(view.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.customer_id() == zhang.id


def test_results_model_passes_the_model_tester(qtmodeltester, db, wang, zhang):
    from crm.services import search

    model = CounterResultsModel()
    model.set_hits(search.search("1"))
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_prefill_reads_digits_as_phone_and_anything_else_as_name():
    assert prefill_from(" 138 1234 5678 ") == {"phone": "138 1234 5678"}
    assert prefill_from("+86-138") == {"phone": "+86-138"}
    assert prefill_from("王丽") == {"name": "王丽"}
    assert prefill_from("wl") == {"name": "wl"}
    assert prefill_from("  ") == {}


# --- the card ------------------------------------------------------------------


def test_card_explains_the_level_and_names_referrer_and_big_c(view, qtbot, db):
    leader = customers.create_customer("李娜", "13600000000")
    referrer = customers.create_customer("张伟", "13900001111")
    member = customers.create_customer("王丽", "13812345678", referrer_id=referrer.id)
    factories.community(Customer.get_by_id(leader.id), [Customer.get_by_id(member.id)], name="邻里群")
    factories.visit(Customer.get_by_id(member.id), date(2026, 6, 1), 5000)
    levels.refresh_customers([member.id])

    pick(qtbot, view, "5678")

    card = view.card
    assert card.badge.text() == "Micro"
    assert "Micro" in card.explanation_label.text()
    assert "1 purchase days" in card.explanation_label.text()
    assert "Weak" in card.next_label.text()
    assert card.referrer_label.text() == "张伟"
    assert "李娜" in card.serving_label.text()
    assert "2026-06-01" in card.visits_label.text()
    with qtbot.waitSignal(view.ctx.bus.open_customer, timeout=1000) as opened:
        qtbot.mouseClick(card.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [member.id]


# --- logging visits -------------------------------------------------------------


def test_logging_a_purchase_by_keyboard_stores_cents_staff_and_kind(ctx, qtbot, wang):
    anna = staff.create_staff("Anna", "staff")
    bo = staff.create_staff("Bo", "staff")
    view = make_view(ctx, qtbot)
    pick(qtbot, view, "5678")
    # Choose Bo with the keyboard, then type the amount and a note.
    view.staff.setFocus()
    index_bo = view.staff.findData(bo.id)
    while view.staff.currentIndex() != index_bo:
        qtbot.keyClick(view.staff, Qt.Key.Key_Down if view.staff.currentIndex() < index_bo else Qt.Key.Key_Up)
    qtbot.keyClicks(view.note, "gift box")
    view.amount.setFocus()
    qtbot.keyClicks(view.amount, "128.50")
    with qtbot.waitSignal(ctx.bus.visits_changed, timeout=1000) as changed:
        qtbot.keyClick(view.amount, Qt.Key.Key_Return)

    assert changed.args == [wang.id]
    assert visits_of(wang.id) == [(12850, "purchase", bo.id, "gift box")]
    # Ready for the next entry; the staff member is remembered at this counter.
    assert view.amount.text() == "" and view.note.text() == ""
    assert view.staff_id() == bo.id
    # A first purchase: None → Micro, with what was saved underneath.
    assert view.banner.headline.text() == "王丽: None → Micro"
    assert "Purchase ¥128.50" in view.banner.detail.text()
    again = make_view(ctx, qtbot)
    assert again.staff_id() == bo.id != anna.id


def test_staff_defaults_to_the_signed_in_member(db, qtbot):
    staff.create_staff("Anna", "staff")
    bo = staff.create_staff("Bo", "staff")
    view = make_view(AppContext(location="x", actor=Actor(bo.id, "staff", "Bo")), qtbot)
    assert view.staff_id() == bo.id


def test_staff_list_follows_staff_changes_and_keeps_the_choice(db, qtbot):
    anna = staff.create_staff("Anna", "staff")
    bo = staff.create_staff("Bo", "staff")
    view = make_view(AppContext(location="x"), qtbot)
    view.staff.setCurrentIndex(view.staff.findData(bo.id))
    staff.update_staff(anna.id, name="Anna Li")
    cai = staff.create_staff("Cai", "staff")
    view.ctx.bus.staff_changed.emit()
    assert [view.staff.itemText(i) for i in range(view.staff.count())] == ["Anna Li", "Bo", "Cai"]
    assert view.staff_id() == bo.id
    staff.deactivate_staff(bo.id)
    view.ctx.bus.staff_changed.emit()
    assert view.staff.findData(bo.id) == -1 and view.staff.findData(cai.id) >= 0


def test_refund_chosen_with_alt_r_stores_a_negative_amount(view, qtbot, wang):
    pick(qtbot, view, "5678")
    qtbot.keyClicks(view.amount, "30")
    qtbot.keyClick(view.amount, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert view.kind() == "refund"
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert visits_of(wang.id) == [(-3000, "refund", None, "")]
    # The next entry is a purchase again.
    assert view.kind() == "purchase"


def test_minus_amount_is_taken_as_a_refund(view, qtbot, wang):
    pick(qtbot, view, "5678")
    qtbot.keyClicks(view.amount, "-20")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert visits_of(wang.id) == [(-2000, "refund", None, "")]


def test_visit_without_amount_chosen_with_alt_v(view, qtbot, wang):
    pick(qtbot, view, "5678")
    qtbot.keyClick(view.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert visits_of(wang.id) == [(0, "visit", None, "")]


def test_purchase_without_amount_is_refused_next_to_the_amount(view, qtbot, wang):
    pick(qtbot, view, "5678")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    label = view.errors.labels["amount"]
    assert not label.isHidden() and "above 0" in label.text()
    assert visits_of(wang.id) == []
    qtbot.keyClicks(view.amount, "12.345")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert "2 decimal" in label.text()
    assert view.amount.text() == "12.345"  # nothing typed is lost
    assert visits_of(wang.id) == []


def test_an_earlier_date_can_be_given(view, qtbot, wang):
    from PySide6.QtCore import QDate, QDateTime, QTime

    pick(qtbot, view, "5678")
    qtbot.mouseClick(view.now_check, Qt.MouseButton.LeftButton)
    assert view.when.isEnabled()
    view.when.setDateTime(QDateTime(QDate(2026, 6, 20), QTime(15, 30)))
    qtbot.keyClicks(view.amount, "10")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    (info,) = visits.list_visits(customer_id=wang.id)
    assert str(info.at) == "2026-06-20 15:30:00"
    assert view.now_check.isChecked()


def test_second_purchase_day_shows_the_upgrade_notice(view, qtbot, wang):
    factories.visit(Customer.get_by_id(wang.id), date(2026, 5, 1), 5000)
    levels.refresh_customers([wang.id])
    assert customers.get_customer(wang.id).level_key == "micro"
    pick(qtbot, view, "5678")
    assert view.results_model.hit(0).level == 1

    with qtbot.waitSignal(view.ctx.bus.customers_changed, timeout=1000):
        qtbot.keyClicks(view.amount, "50")
        qtbot.keyClick(view.amount, Qt.Key.Key_Return)

    assert view.banner.isVisible()
    assert view.banner.tone == "up"
    assert view.banner.headline.text() == "王丽: Micro → Weak"
    assert view.card.badge.text() == "Weak"
    assert view.results_model.hit(0).level == 2
    assert customers.get_customer(wang.id).level_key == "weak"


def test_a_visit_that_keeps_the_level_says_so_without_colour(view, qtbot, wang):
    pick(qtbot, view, "5678")
    qtbot.keyClick(view.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert view.banner.tone == "info"
    assert "Level stays None" in view.banner.detail.text()


def test_undo_removes_the_visit_just_logged(view, qtbot, wang):
    factories.visit(Customer.get_by_id(wang.id), date(2026, 5, 1), 5000)
    levels.refresh_customers([wang.id])
    pick(qtbot, view, "5678")
    qtbot.keyClicks(view.amount, "50")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert len(visits_of(wang.id)) == 2
    assert view.banner.undo_available()

    with qtbot.waitSignal(view.ctx.bus.visits_changed, timeout=1000) as changed:
        qtbot.mouseClick(view.banner.undo_button, Qt.MouseButton.LeftButton)

    assert changed.args == [wang.id]
    assert visits_of(wang.id) == [(5000, "purchase", None, "")]
    assert customers.get_customer(wang.id).level_key == "micro"
    assert view.card.badge.text() == "Micro"
    assert "Undone" in view.banner.headline.text()
    assert not view.banner.undo_available()


def test_undo_is_offered_for_a_few_seconds_only(view, qtbot, wang):
    pick(qtbot, view, "5678")
    qtbot.keyClicks(view.amount, "50")
    qtbot.keyClick(view.amount, Qt.Key.Key_Return)
    assert view.banner.undo_timer.isActive()
    assert view.banner.undo_timer.interval() == 10_000
    view.banner.undo_timer.setInterval(1)
    view.banner.undo_timer.start()
    qtbot.waitUntil(lambda: not view.banner.undo_available(), timeout=1000)
    assert len(visits_of(wang.id)) == 1


def test_another_screen_changing_the_customer_refreshes_the_card(view, qtbot, wang):
    pick(qtbot, view, "5678")
    customers.update_customer(wang.id, name="王丽丽")
    view.ctx.bus.customer_changed.emit(wang.id)
    assert view.card.name_label.text() == "王丽丽"


# --- with the main window's shortcuts -----------------------------------------


@pytest.fixture
def window(ctx, qtbot):
    from ui.main_window import MainWindow

    win = MainWindow(ctx, page_factories={"counter": CounterView})
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    return win


def wait_dialog(qtbot, counter):
    qtbot.waitUntil(lambda: counter.dialog is not None and counter.dialog.form_ready, timeout=5000)
    return counter.dialog


def test_ctrl_n_with_typed_digits_prefills_the_phone_and_picks_the_new_customer(window, qtbot):
    counter = window.show_page("counter")
    qtbot.keyClicks(counter.search, "13812345678")
    assert counter.results_model.rowCount() == 0
    qtbot.keyClick(counter.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, counter)
    assert dialog.isVisible()
    assert dialog.phone.text() == "13812345678"
    assert dialog.name.text() == ""
    type_text(qtbot, dialog.name, "新客")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    created = customers.find_by_phone("13812345678")
    assert created is not None and created.name == "新客"
    assert not dialog.isVisible()
    assert counter.customer_id() == created.id
    assert counter.entry.isEnabled()
    # The first purchase right away.
    qtbot.keyClicks(counter.amount, "99")
    qtbot.keyClick(counter.amount, Qt.Key.Key_Return)
    assert visits_of(created.id) == [(9900, "purchase", None, "")]


def test_ctrl_n_with_a_typed_name_prefills_the_name(window, qtbot):
    counter = window.show_page("counter")
    type_text(qtbot, counter.search, "刘洋")
    qtbot.keyClick(counter.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, counter)
    assert dialog.name.text() == "刘洋" and dialog.phone.text() == ""
    dialog.reject()


def test_f2_goes_to_the_amount_and_ctrl_f_back_to_the_search(window, qtbot, wang):
    counter = window.show_page("counter")
    qtbot.keyClick(counter.search, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is counter.search  # nobody picked yet
    pick(qtbot, counter, "5678")
    qtbot.keyClick(counter.amount, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is counter.search
    assert counter.search.selectedText() == "5678"
    qtbot.keyClick(counter.search, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is counter.amount


def test_duplicate_phone_from_the_counter_picks_the_existing_customer(window, qtbot, wang):
    counter = window.show_page("counter")
    counter.new_customer()
    dialog = wait_dialog(qtbot, counter)
    type_text(qtbot, dialog.name, "王丽二")
    qtbot.keyClicks(dialog.phone, "138 1234 5678")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "王丽" in dialog.errors.labels["phone"].text()
    qtbot.mouseClick(dialog.open_existing_button, Qt.MouseButton.LeftButton)
    assert counter.customer_id() == wang.id
    assert Customer.select().count() == 1


def test_edit_profile_from_the_card_keeps_the_amount_typed(view, qtbot, wang):
    pick(qtbot, view, "5678")
    qtbot.keyClicks(view.amount, "15")
    qtbot.mouseClick(view.card.edit_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, view)
    assert dialog.is_edit() and dialog.name.text() == "王丽"
    dialog.name.clear()
    type_text(qtbot, dialog.name, "王丽华")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert view.card.name_label.text() == "王丽华"
    assert view.results_model.hit(0).name == "王丽华"
    assert view.amount.text() == "15"


def test_after_switching_staff_a_sale_is_the_signed_in_clerks(db, qtbot):
    """The last choice at this counter must not credit the next person's sales to someone else."""
    owner = staff.create_staff("Owner", "owner", pin="1234")
    clerk = staff.create_staff("Mei", "staff", pin="5555")
    first = make_view(AppContext(location="x", actor=Actor(owner.id, "owner", "Owner")), qtbot)
    first.staff.setCurrentIndex(first.staff.findData(owner.id))
    first.form.remember_staff()
    after_switch = make_view(AppContext(location="x", actor=Actor(clerk.id, "staff", "Mei")), qtbot)
    assert after_switch.staff_id() == clerk.id


def test_a_clerk_is_not_offered_edit_profile_on_the_card(db, qtbot):
    clerk = staff.create_staff("Mei", "staff")
    view = make_view(AppContext(location="x", actor=Actor(clerk.id, "staff", "Mei")), qtbot)
    assert not view.card.edit_button.isEnabled() and "manager" in view.card.edit_button.toolTip()
