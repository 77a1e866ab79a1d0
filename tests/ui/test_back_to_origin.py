"""Back from a customer opened on another page leads to that page, not to the customer list."""

from __future__ import annotations

from crm.services import customers
from tests.ui.test_customers import wait_loaded
from tests.ui.windows import main_window


def window(qtbot, tmp_path):
    return main_window(qtbot, tmp_path, "customers")


def test_back_from_a_customer_opened_on_the_fission_page_returns_there(db, qtbot, tmp_path):
    wang = customers.create_customer("王丽", "13812345678")
    zhang = customers.create_customer("张伟", "13900001111", referrer_id=wang.id)
    win = window(qtbot, tmp_path)
    win.show_page("fission")
    win.ctx.bus.open_customer.emit(zhang.id)  # a double-click in the referral tree
    page = win.page("customers")
    assert win.current_key() == "customers" and page.stack.currentWidget() is page.detail
    # On to the referrer and back: the customer opened first, then the fission page.
    page.detail.show_customer(wang.id)
    page.detail.go_back()
    assert page.detail.customer_id == zhang.id and win.current_key() == "customers"
    page.detail.go_back()
    assert win.current_key() == "fission"
    # Customers from the rail starts at the list again, and Back from a customer opened there
    # stays on the Customers page.
    win.show_page("customers")
    wait_loaded(qtbot, page)
    assert page.stack.currentWidget() is page.list
    page.open_customer(wang.id)
    page.detail.go_back()
    assert win.current_key() == "customers" and page.stack.currentWidget() is page.list


def test_the_rail_in_between_makes_back_lead_to_the_list(db, qtbot, tmp_path):
    wang = customers.create_customer("王丽", "13812345678")
    win = window(qtbot, tmp_path)
    win.show_page("dashboard")
    win.ctx.bus.open_customer.emit(wang.id)
    page = win.page("customers")
    win.show_page("reports")
    win.show_page("customers")  # the detail, shown again from the rail
    assert page.stack.currentWidget() is page.detail
    page.detail.go_back()
    assert win.current_key() == "customers" and page.stack.currentWidget() is page.list
