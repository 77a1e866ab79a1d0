"""The counter on a 1024 x 768 screen: after a save, with the card, the form and the banner
all shown, every field keeps the height it needs (nothing squashed, nothing overlapping)."""

from __future__ import annotations

from datetime import date

from crm.models import Customer
from crm.services import customers
from tests import factories
from tests.ui.windows import main_window


def test_after_a_save_every_field_of_the_counter_keeps_its_height(db, qtbot, tmp_path, clerk):
    wang = customers.create_customer("王丽", "13812345678", wechat="wang_li_flowers")
    for day in (date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1), date(2026, 5, 20)):
        factories.visit(Customer.get_by_id(wang.id), day, 4500)
    window = main_window(qtbot, tmp_path, "counter")
    window.resize(1024, 768 - 30)  # the screen less a task bar
    counter = window.show_page("counter")
    clerk.pick(counter, "5678")
    qtbot.keyClicks(counter.form.amount, "35.5")
    counter.save_visit()
    assert counter.banner.undo_available()
    clerk.wait_for_reads(counter)
    form = counter.form
    for field in (form.amount, form.staff, form.note, form.when, form.save_button):
        assert field.height() >= field.minimumSizeHint().height(), field.objectName() or type(field).__name__
    kinds = [button.geometry().top() for button in form.kind_buttons.values()]
    amount_bottom = form.amount.mapTo(form, form.amount.rect().bottomLeft()).y()
    first_kind = min(button.mapTo(form, button.rect().topLeft()).y() for button in form.kind_buttons.values())
    assert kinds and first_kind > amount_bottom


def test_namesakes_stay_apart_in_a_narrow_results_pane(db, qtbot):
    from ui.views.counter.results import CounterResultsModel, CounterResultsTable

    model = CounterResultsModel()
    table = CounterResultsTable(model)
    qtbot.addWidget(table)
    table.show()
    for width, code_shown in ((340, False), (700, True)):
        table.resize(width, 300)
        qtbot.waitUntil(
            lambda code_shown=code_shown: table.isColumnHidden(CounterResultsModel.CODE) != code_shown
        )
        name = table.columnWidth(CounterResultsModel.NAME)
        assert name >= CounterResultsTable.NAME_ROOM - 1  # three characters and more read whole
        assert not table.isColumnHidden(CounterResultsModel.PHONE)  # the phone tells namesakes apart
        shown = [c for c in range(4) if not table.isColumnHidden(c)]
        assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width() + 1  # no sideways scroll
