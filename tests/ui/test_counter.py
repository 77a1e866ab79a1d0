"""The counter, used like a clerk does: type, Enter, type the amount, Enter."""

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from crm import clock
from crm.models import Customer
from crm.services import customers, levels, search, staff, visits
from crm.services.common import Actor
from tests import factories
from ui.context import AppContext
from ui.views.counter.form import KINDS
from ui.views.counter.results import CounterResultsModel
from ui.views.counter.search_box import prefill_from
from ui.views.counter.view import CounterView


@pytest.fixture
def wang(db):
    return customers.create_customer("王丽", "13812345678")


@pytest.fixture
def zhang(db):
    return customers.create_customer("张伟", "13900001111")


# --- search -------------------------------------------------------------------


def test_typing_last_four_digits_finds_the_customer_and_enter_picks_it(counter, qtbot, wang, zhang):
    qtbot.keyClicks(counter.search, "5678")
    assert counter.results_model.rowCount() == 1
    assert counter.results_model.index(0, CounterResultsModel.NAME).data() == "王丽"
    assert counter.results_model.index(0, CounterResultsModel.PHONE).data() == wang.phone_display

    qtbot.keyClick(counter.search, Qt.Key.Key_Return)

    assert counter.customer_id() == wang.id
    assert counter.card.name_label.text() == "王丽"
    assert wang.code in counter.card.contact_label.text()
    # Ready for the amount at once.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is counter.form.amount)


def test_up_and_down_move_in_the_results_while_typing_goes_on(counter, qtbot, db, clerk):
    first = customers.create_customer("王芳", "13700000001")
    second = customers.create_customer("王刚", "13700000002")
    clerk.type(counter.search, "王")
    assert counter.results_model.rowCount() == 2
    assert counter.results.current_row() == 0
    qtbot.keyClick(counter.search, Qt.Key.Key_Down)
    assert counter.results.current_row() == 1
    assert counter.search.hasFocus() or QApplication.focusWidget() is counter.search
    qtbot.keyClick(counter.search, Qt.Key.Key_Up)
    qtbot.keyClick(counter.search, Qt.Key.Key_Down)
    qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    picked_name = counter.card.name_label.text()
    expected = counter.results_model.hit(1)
    assert counter.customer_id() == expected.id and picked_name == expected.name
    assert {first.id, second.id} == {h.id for h in counter.results_model.hits()}


def test_a_cut_list_says_how_many_matched_and_a_surname_narrows_it(counter, clerk):
    for i in range(40):
        customers.create_customer(f"丁某{i}", f"138{i:04d}8895")
    Customer.update(joined=date(2024, 1, 1)).execute()  # regulars of old, not seen since
    wang = customers.create_customer("王颖瑶", "15623078895")
    clerk.type(counter.search, "8895")
    assert counter.results_model.rowCount() == 30
    # the one just added (seen today) first among equal matches, though 王 sorts after 丁
    assert counter.results_model.hit(0).id == wang.id
    more = counter.results_stack.more_label
    assert more.isVisibleTo(counter.results_stack.table_page)
    assert more.text().startswith("30 of 41 customers shown, the most recently seen first.")
    counter.clear_search()
    clerk.type(counter.search, "王 8895")
    assert [h.id for h in counter.results_model.hits()] == [wang.id]
    assert not more.isVisibleTo(counter.results_stack.table_page)


def test_the_line_under_a_cut_list_says_how_many_when_counted(counter):
    pane = counter.results_stack
    assert pane.more_text(30, 41).startswith("30 of 41 customers shown")
    assert pane.more_text(30, 1001).startswith("30 of more than 1,000 customers shown")
    assert pane.more_text(30, None).startswith("Only the best matches are shown")
    assert pane.more_text(30, 41).endswith("e.g. a surname and the last 4 digits: 王 8895.")


def test_escape_clears_the_search_and_no_match_offers_a_new_customer(counter, qtbot, wang):
    qtbot.keyClicks(counter.search, "9999")
    assert counter.results_model.rowCount() == 0
    assert counter.results_stack.currentWidget() is counter.results_stack.no_match_page
    assert "9999" in counter.results_stack.no_match_label.text()
    qtbot.keyClick(counter.search, Qt.Key.Key_Escape)
    assert counter.search.text() == ""
    assert counter.results_stack.currentWidget() is counter.results_stack.hint_label


def test_a_customer_found_by_wechat_id_shows_the_wechat_id(counter, qtbot, clerk):
    customers.create_customer("李娜", "13811112222", wechat="lina_flowers88")
    customers.create_customer("李强", "13811113333")
    clerk.type(counter.search, "lina_flo")
    assert counter.results_model.rowCount() == 1
    phone = counter.results_model.index(0, CounterResultsModel.PHONE).data()
    assert phone == "WeChat lina_flowers88"  # what was found, not a phone that does not match
    counter.search.clear()
    clerk.type(counter.search, "1111")
    assert counter.results_model.index(0, CounterResultsModel.PHONE).data() == "138 1111 2222"


def test_a_click_on_a_result_picks_it(counter, qtbot, wang, zhang, clerk):
    qtbot.keyClicks(counter.search, "1")
    clerk.click_result(counter, zhang.id)
    assert counter.customer_id() == zhang.id == counter.card.data.customer_id


def test_results_model_passes_the_model_tester(qtmodeltester, db, wang, zhang):
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
    assert prefill_from("C000001") == {}  # a member code is nobody's name
    assert prefill_from("wxid_8776") == {}


# --- the card ------------------------------------------------------------------


def test_card_explains_the_level_and_names_referrer_and_big_c(counter, qtbot, db, clerk):
    leader = customers.create_customer("李娜", "13600000000")
    referrer = customers.create_customer("张伟", "13900001111")
    member = customers.create_customer("王丽", "13812345678", referrer_id=referrer.id)
    factories.community(Customer.get_by_id(leader.id), [Customer.get_by_id(member.id)], name="邻里群")
    factories.visit(Customer.get_by_id(member.id), date(2026, 6, 1), 5000)
    levels.refresh_customers([member.id])

    clerk.pick(counter, "5678")

    card = counter.card
    assert card.badge.text() == "Micro"
    assert "Micro" in card.explanation_label.text()
    assert "1 purchase day in the last 365" in card.explanation_label.text()
    assert "Weak" in card.next_label.text()
    assert card.referrer_label.text() == "张伟"
    assert "李娜" in card.serving_label.text()
    assert "2026-06-01" in card.visits_label.text()
    with qtbot.waitSignal(counter.ctx.bus.open_customer, timeout=1000) as opened:
        qtbot.mouseClick(card.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [member.id]


# --- logging visits -------------------------------------------------------------


def test_logging_a_purchase_by_keyboard_stores_cents_staff_and_kind(ctx, qtbot, wang, clerk, visits_of):
    anna = staff.create_staff("Anna", "staff")
    bo = staff.create_staff("Bo", "staff")
    counter = clerk.open_counter(ctx)
    clerk.pick(counter, "5678")
    # Choose Bo with the keyboard, then type the amount and a note.
    counter.form.staff.setFocus()
    index_bo = counter.form.staff.findData(bo.id)
    while counter.form.staff.currentIndex() != index_bo:
        qtbot.keyClick(
            counter.form.staff,
            Qt.Key.Key_Down if counter.form.staff.currentIndex() < index_bo else Qt.Key.Key_Up,
        )
    qtbot.keyClicks(counter.form.note, "gift box")
    counter.form.amount.setFocus()
    qtbot.keyClicks(counter.form.amount, "128.50")
    with qtbot.waitSignal(ctx.actions.changed, timeout=1000) as changed:
        qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)

    assert changed.args[0].visits and wang.id in changed.args[0].customers
    assert visits_of(wang.id) == [(12850, "purchase", bo.id, "gift box")]
    # Ready for the next entry; the staff member is remembered at this counter.
    assert counter.form.amount.text() == "" and counter.form.note.text() == ""
    assert counter.staff_id() == bo.id
    # A first purchase: None → Micro, with what was saved underneath.
    assert counter.banner.headline.text() == "王丽: None → Micro"
    assert "Purchase ¥128.50" in counter.banner.detail.text()
    again = clerk.open_counter(ctx)
    assert again.staff_id() == bo.id != anna.id


def test_staff_defaults_to_the_signed_in_member(db, qtbot, clerk):
    staff.create_staff("Anna", "staff")
    bo = staff.create_staff("Bo", "staff")
    counter = clerk.open_counter(AppContext(location="x", actor=Actor(bo.id, "staff", "Bo")))
    assert counter.staff_id() == bo.id


def test_staff_list_follows_staff_changes_and_keeps_the_choice(db, qtbot, clerk):
    anna = staff.create_staff("Anna", "staff")
    bo = staff.create_staff("Bo", "staff")
    counter = clerk.open_counter(AppContext(location="x"))
    counter.form.staff.setCurrentIndex(counter.form.staff.findData(bo.id))
    counter.ctx.actions.update_staff(anna.id, name="Anna Li")  # in Settings, meanwhile
    cai = counter.ctx.actions.create_staff("Cai", "staff")
    clerk.wait_for_reads(counter)
    assert [counter.form.staff.itemText(i) for i in range(counter.form.staff.count())] == [
        "Anna Li",
        "Bo",
        "Cai",
    ]
    assert counter.staff_id() == bo.id
    counter.ctx.actions.deactivate_staff(bo.id)
    clerk.wait_for_reads(counter)
    assert counter.form.staff.findData(bo.id) == -1 and counter.form.staff.findData(cai.id) >= 0


def test_refund_chosen_with_alt_r_stores_a_negative_amount(counter, qtbot, wang, clerk, visits_of):
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "30")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert counter.kind() == "refund"
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(wang.id) == [(-3000, "refund", None, "")]
    # The next entry is a purchase again.
    assert counter.kind() == "purchase"


def test_minus_amount_is_taken_as_a_refund(counter, qtbot, wang, clerk, visits_of):
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "-20")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(wang.id) == [(-2000, "refund", None, "")]


def test_visit_without_amount_chosen_with_alt_v(counter, qtbot, wang, clerk, visits_of):
    clerk.pick(counter, "5678")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(wang.id) == [(0, "visit", None, "")]


def test_purchase_without_amount_is_refused_next_to_the_amount(counter, qtbot, wang, clerk, visits_of):
    clerk.pick(counter, "5678")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    label = counter.form.errors.labels["amount"]
    assert not label.isHidden() and "above 0" in label.text()
    assert visits_of(wang.id) == []
    qtbot.keyClicks(counter.form.amount, "12.345")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert "2 decimal" in label.text()
    assert counter.form.amount.text() == "12.345"  # nothing typed is lost
    assert visits_of(wang.id) == []


def test_an_earlier_date_can_be_given(counter, qtbot, wang, clerk):
    from PySide6.QtCore import QDate, QDateTime, QTime

    clerk.pick(counter, "5678")
    qtbot.mouseClick(counter.form.now_check, Qt.MouseButton.LeftButton)
    assert counter.form.when.isEnabled()
    counter.form.when.setDateTime(QDateTime(QDate(2026, 6, 20), QTime(15, 30)))
    qtbot.keyClicks(counter.form.amount, "10")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    (info,) = visits.list_visits(customer_id=wang.id)
    assert str(info.at) == "2026-06-20 15:30:00"
    assert counter.form.now_check.isChecked()


def test_second_purchase_day_shows_the_upgrade_notice(counter, qtbot, wang, clerk):
    factories.visit(Customer.get_by_id(wang.id), date(2026, 5, 1), 5000)
    levels.refresh_customers([wang.id])
    assert customers.get_customer(wang.id).level_key == "micro"
    clerk.pick(counter, "5678")
    assert counter.results_model.hit(0).level == 1

    qtbot.keyClicks(counter.form.amount, "50")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)

    assert counter.banner.isVisible()
    assert counter.banner.tone == "up"
    assert counter.banner.headline.text() == "王丽: Micro → Weak"
    assert customers.get_customer(wang.id).level_key == "weak"
    # The card is read again at once: the new level, and what moves them up next.
    qtbot.waitUntil(lambda: counter.card.badge.text() == "Weak", timeout=3000)
    assert "Weak" in counter.card.explanation_label.text()
    assert counter.results_model.hit(0).level == 2
    qtbot.waitUntil(lambda: "Next: " in counter.banner.detail.text(), timeout=3000)
    assert "for Strong" in counter.banner.detail.text()


def test_a_visit_that_keeps_the_level_says_so_without_colour(counter, qtbot, wang, clerk):
    clerk.pick(counter, "5678")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert counter.banner.tone == "info"
    assert "Level stays None" in counter.banner.detail.text()


def test_undo_removes_the_visit_just_logged(counter, qtbot, wang, clerk, visits_of):
    factories.visit(Customer.get_by_id(wang.id), date(2026, 5, 1), 5000)
    levels.refresh_customers([wang.id])
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "50")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert len(visits_of(wang.id)) == 2
    assert counter.banner.undo_available()

    qtbot.waitUntil(lambda: counter.card.badge.text() == "Weak", timeout=3000)

    with qtbot.waitSignal(counter.ctx.actions.changed, timeout=1000) as changed:
        qtbot.mouseClick(counter.banner.undo_button, Qt.MouseButton.LeftButton)

    assert changed.args[0].visits and wang.id in changed.args[0].customers
    assert visits_of(wang.id) == [(5000, "purchase", None, "")]
    assert customers.get_customer(wang.id).level_key == "micro"
    qtbot.waitUntil(lambda: counter.card.badge.text() == "Micro", timeout=3000)
    assert "Undone" in counter.banner.headline.text()
    assert not counter.banner.undo_available()


def test_a_sale_deleted_on_the_customer_page_is_no_longer_offered_for_undo(counter, qtbot, wang, clerk):
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "50")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert counter.banner.undo_available()
    other = customers.create_customer("张伟", "13900001111")  # a change elsewhere keeps the Undo
    counter.ctx.actions.update_customer(other.id, name="张伟伟")
    qtbot.waitUntil(lambda: not counter.refresh_scheduled() and not counter.loading(), timeout=3000)
    assert counter.banner.undo_available()
    # The same sale deleted on 王丽's page, as a manager would.
    counter.ctx.actions.delete_visit(counter.last_visit.visit_id, "typed twice")
    qtbot.waitUntil(lambda: not counter.banner.undo_available(), timeout=3000)
    assert counter.banner.headline.text() == "Purchase ¥50.00 for 王丽 was deleted on the customer's page"
    assert counter.last_visit is None


def test_ctrl_z_after_a_save_does_not_bring_the_amount_back(counter, qtbot, wang, clerk, visits_of):
    """Ctrl+Z in the emptied amount must not refill it, or a second Enter books the sale twice."""
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "120")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert len(visits_of(wang.id)) == 1
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert counter.form.amount.text() == ""
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert len(visits_of(wang.id)) == 1


def test_undo_is_offered_for_a_few_seconds_only(counter, qtbot, wang, clerk, visits_of):
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "50")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    banner = counter.banner
    assert banner.undo_timer.isActive() and banner.undo_button.text() == "Undo (10 s)"
    words = banner.headline.geometry()
    counted = []
    banner.undo_timer.timeout.connect(lambda: counted.append(banner.undo_button.text()))
    banner.undo_timer.setInterval(1)  # the seconds, fast
    qtbot.waitUntil(lambda: not banner.undo_available(), timeout=1000)
    assert counted[:3] == ["Undo (9 s)", "Undo (8 s)", "Undo (7 s)"] and len(counted) == 10
    assert banner.headline.geometry() == words  # the notice does not move when Undo goes
    assert len(visits_of(wang.id)) == 1


def test_another_screen_changing_the_customer_refreshes_the_card(counter, qtbot, wang, clerk):
    clerk.pick(counter, "5678")
    counter.ctx.actions.update_customer(wang.id, name="王丽丽")
    qtbot.waitUntil(lambda: counter.card.name_label.text() == "王丽丽", timeout=3000)
    assert counter.results_model.hit(0).name == "王丽丽"


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


def test_ctrl_n_with_typed_digits_prefills_the_phone_and_picks_the_new_customer(
    window, qtbot, clerk, visits_of
):
    counter = window.show_page("counter")
    qtbot.keyClicks(counter.search, "13812345678")
    assert counter.results_model.rowCount() == 0
    qtbot.keyClick(counter.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, counter)
    assert dialog.isVisible()
    assert dialog.phone.text() == "13812345678"
    assert dialog.name.text() == ""
    clerk.type(dialog.name, "新客")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)

    created = customers.find_by_phone("13812345678")
    assert created is not None and created.name == "新客"
    assert not dialog.isVisible()
    assert counter.customer_id() == created.id
    assert counter.form.isEnabled()
    # The first purchase right away.
    qtbot.keyClicks(counter.form.amount, "99")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(created.id) == [(9900, "purchase", None, "")]


def test_ctrl_n_with_a_typed_name_prefills_the_name(window, qtbot, clerk):
    counter = window.show_page("counter")
    clerk.type(counter.search, "刘洋")
    qtbot.keyClick(counter.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = wait_dialog(qtbot, counter)
    assert dialog.name.text() == "刘洋" and dialog.phone.text() == ""
    dialog.reject()


def test_f2_goes_to_the_amount_and_ctrl_f_back_to_the_search(window, qtbot, wang, clerk):
    counter = window.show_page("counter")
    qtbot.keyClick(counter.search, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is counter.search  # nobody picked yet
    clerk.pick(counter, "5678")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is counter.search
    assert counter.search.selectedText() == "5678"
    qtbot.keyClick(counter.search, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is counter.form.amount


def test_duplicate_phone_from_the_counter_picks_the_existing_customer(window, qtbot, wang, clerk):
    counter = window.show_page("counter")
    counter.new_customer()
    dialog = wait_dialog(qtbot, counter)
    clerk.type(dialog.name, "王丽二")
    qtbot.keyClicks(dialog.phone, "138 1234 5678")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "王丽" in dialog.errors.labels["phone"].text()
    qtbot.mouseClick(dialog.open_existing_button, Qt.MouseButton.LeftButton)
    assert counter.customer_id() == wang.id
    assert [hit.id for hit in search.search("王丽")] == [wang.id]  # nobody new


def test_edit_profile_from_the_card_keeps_the_amount_typed(counter, qtbot, wang, clerk):
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "15")
    qtbot.mouseClick(counter.card.edit_button, Qt.MouseButton.LeftButton)
    dialog = wait_dialog(qtbot, counter)
    assert dialog.is_edit() and dialog.name.text() == "王丽"
    dialog.name.clear()
    clerk.type(dialog.name, "王丽华")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert counter.results_model.hit(0).name == "王丽华"
    qtbot.waitUntil(lambda: counter.card.name_label.text() == "王丽华", timeout=3000)
    assert counter.form.amount.text() == "15"


def test_after_switching_staff_a_sale_is_the_signed_in_clerks(db, qtbot, clerk):
    """The last choice at this counter must not credit the next person's sales to someone else."""
    owner = staff.create_staff("Owner", "owner", pin="1234")
    mei = staff.create_staff("Mei", "staff", pin="5555")
    first = clerk.open_counter(AppContext(location="x", actor=Actor(owner.id, "owner", "Owner")))
    first.form.staff.setCurrentIndex(first.form.staff.findData(owner.id))
    first.form.staff.remember()
    after_switch = clerk.open_counter(AppContext(location="x", actor=Actor(mei.id, "staff", "Mei")))
    assert after_switch.staff_id() == mei.id


def test_a_clerk_is_not_offered_edit_profile_on_the_card(db, qtbot, clerk):
    mei = staff.create_staff("Mei", "staff")
    counter = clerk.open_counter(AppContext(location="x", actor=Actor(mei.id, "staff", "Mei")))
    assert not counter.card.edit_button.isEnabled() and "manager" in counter.card.edit_button.toolTip()


def test_a_save_reads_the_card_once_with_the_level_the_save_worked_out(
    counter, qtbot, wang, clerk, monkeypatch
):
    from ui.views.counter import view as counter_view

    clerk.pick(counter, "5678")
    asked = []
    real_card = counter_view.counter_card.card

    def card(customer_id, *args, **kwargs):
        asked.append(kwargs.get("explanation") is not None)
        return real_card(customer_id, *args, **kwargs)

    monkeypatch.setattr(counter_view.counter_card, "card", card)
    clerk.enter_amount(counter.form.amount, "50")
    qtbot.waitUntil(lambda: bool(asked))
    clerk.wait_for_reads(counter)  # the change's own refresh has run too
    assert asked == [True]  # one read, handed the save's explanation
    assert counter.card.badge.text() == "Micro"


def test_the_time_shown_for_now_follows_the_clock_until_another_is_chosen(counter, wang):
    form = counter.form
    start = clock.now()
    assert form.when.dateTime().toPython() == start.replace(second=0, microsecond=0)
    later = start.replace(hour=start.hour + 3, minute=7)
    clock.fix(later)
    form.now_clock.timeout.emit()  # as the page's timer does every few seconds
    assert form.when.dateTime().toPython() == later.replace(second=0)
    form.now_check.setChecked(False)  # another time chosen: it stays as the clerk set it
    form.when.setDateTime(datetime(later.year, later.month, later.day, 9, 30))
    clock.fix(later.replace(minute=40))
    form.now_clock.timeout.emit()
    assert form.when.dateTime().toPython() == datetime(later.year, later.month, later.day, 9, 30)


def test_alt_v_in_the_window_chooses_a_plain_visit_not_a_menu(window, qtbot, wang, clerk, visits_of):
    """The counter's Alt+letter keys in the whole window, menus included: each opens nothing
    else (the View menu once took Alt+V, and a clerk's plain visit opened it instead)."""
    counter = window.show_page("counter")
    mnemonics = {
        action.text()[action.text().index("&") + 1].upper()
        for action in window.menuBar().actions()
        if "&" in action.text()
    }
    assert mnemonics and not mnemonics & ({key for _, key in KINDS} | {"U"})
    clerk.pick(counter, "5678")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    assert counter.form.kind_buttons["visit"].isChecked()
    assert QApplication.activePopupWidget() is None  # no menu opened
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert visits_of(wang.id) == [(0, "visit", None, "")]


def test_alt_u_undoes_while_the_button_counts_down(counter, qtbot, wang, clerk, visits_of):
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "50")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert len(visits_of(wang.id)) == 1
    counter.banner._tick()  # a second later: the button's text is the countdown's
    counter.banner._tick()
    assert counter.banner.undo_button.text() == "Undo (8 s)"
    with qtbot.waitSignal(counter.ctx.actions.changed, timeout=2000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert visits_of(wang.id) == []
    assert counter.form.amount.text() == ""  # no "u" typed into the amount
    assert not counter.banner.undo_available()
    # With nothing to undo, Alt+U does nothing.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert visits_of(wang.id) == []


def test_an_amount_refused_says_so_until_the_amount_changes_or_the_visit_is_undone(
    counter, qtbot, wang, clerk
):
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "50")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)  # Enter again, nothing typed
    shown = [label for label in counter.form.errors.labels.values() if not label.isHidden()]
    assert shown or not counter.form.errors.general.isHidden()  # a purchase needs an amount
    counter.banner.undo_requested.emit()  # the sale is undone: the refusal spoke of nothing now
    assert all(label.isHidden() for label in counter.form.errors.labels.values())
    assert counter.form.errors.general.isHidden()
    qtbot.keyClicks(counter.form.amount, "12.345")
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Return)
    assert not counter.form.errors.labels["amount"].isHidden()
    qtbot.keyClick(counter.form.amount, Qt.Key.Key_Backspace)  # corrected: 12.34
    assert counter.form.errors.labels["amount"].isHidden()
