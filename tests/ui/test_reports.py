"""Reports page: the month's figures, export with progress, cancel, and clear failures."""

from datetime import date

import pytest
from openpyxl import load_workbook

from crm.reports.monthly import report_json
from tests.factories import customer, visit
from ui.context import AppContext
from ui.views.reports import ReportsView


@pytest.fixture
def view(db, qtbot, tmp_path):
    wang = customer("王丽", joined=date(2025, 1, 5))
    for day in (date(2026, 5, 3), date(2026, 5, 20), date(2026, 6, 1)):
        visit(wang, day, 12345)
    page = ReportsView(AppContext(location=str(tmp_path / "shop.db")))
    qtbot.addWidget(page)
    page.show()
    page.activated()  # what the main window calls when the page is shown
    page.qtbot = qtbot
    return page


def _select(page, month):
    page.month.setCurrentIndex(page.month.findData(month))


def _shown(page, month):
    _select(page, month)
    page.qtbot.waitUntil(lambda: getattr(page, "figures", {}).get("month") == month, timeout=10000)
    return page.figures_view.values


def test_figures_for_the_chosen_month_match_the_report(view, qtbot):
    shown = _shown(view, "2026-05")
    expected = report_json("2026-05")
    assert shown["buyers"][0] == str(expected["buyers"]) == "1"
    assert shown["revenue"][0] == "¥246.90" and expected["revenue"] == 246.9
    assert shown["repurchase_rate"][0] == "100.0%"
    assert shown["revenue"][1] == "¥0.00" and shown["revenue"][2] == "new"  # April had no sale
    heads = [head.text() for head in page_heads(page=view)]
    assert heads == ["2026-05", "2026-04", "Change"]


def test_another_months_figures_are_greyed_out_while_the_chosen_one_is_computed(view, qtbot):
    _shown(view, "2026-05")
    assert view.figures_view.isEnabled() and view.month_note.isEnabled()
    _select(view, "2026-06")  # its figures are read behind the page
    assert view.computing.isVisible()
    assert not view.figures_view.isEnabled() and not view.month_note.isEnabled()
    qtbot.waitUntil(lambda: view.figures.get("month") == "2026-06", timeout=10000)
    assert view.figures_view.isEnabled() and not view.computing.isVisible()
    assert view.month_note.text().startswith("2026-06")


def page_heads(page):
    return page.figures_view.cards["sales"].heads


def test_every_figure_says_what_it_counts_and_which_way_is_better(view, qtbot):
    from crm.reports.notes import metric_note

    shown = _shown(view, "2026-06")  # June: one purchase day, May had two
    card = view.figures_view.row_of["purchases"]
    name, _, _, change = card.rows["purchases"]
    assert name.toolTip() == metric_note("purchases") and "purchase" in name.toolTip().lower()
    assert shown["purchases"] == ("1", "2", "▼ 50.0%")
    assert change.styleSheet() == "color: #c62828;"  # fewer purchases: worse
    # The level mix: one customer, at the same level both months; nothing goes red or green.
    level_rows = [key for key in shown if key.startswith("level:")]
    assert len(level_rows) == 5 and sum(int(shown[key][0]) for key in level_rows) == 1


def test_fewer_overdue_tasks_is_good_news(qtbot):
    from ui.widgets.month_figures import FigureCards

    cards = FigureCards("en")
    qtbot.addWidget(cards)
    levels = {"none": 1, "micro": 0, "weak": 0, "strong": 0, "super_strong": 0}
    rows = [key for key in cards.row_of if not key.startswith("level:")]
    this = {key: 0.0 if key in ("avg_ticket",) else 0 for key in rows} | {
        "tasks_overdue": 1,
        "levels_end": levels,
        "month": "2026-05",
    }
    before = {key: 0 for key in rows} | {"tasks_overdue": 4, "levels_end": levels, "month": "2026-04"}
    cards.show_figures(this, before, "CNY")
    assert cards.values["tasks_overdue"] == ("1", "4", "▼ 75.0%")
    assert cards.cards["followup"].rows["tasks_overdue"][3].styleSheet() == "color: #2e7d32;"


def test_cards_take_as_many_columns_as_the_width_allows(view, qtbot):
    _shown(view, "2026-05")
    view.resize(700, 600)
    qtbot.waitUntil(lambda: view.figures_view.columns() == 1)
    for width in (874, 1216, 1700):  # the page at 1024, 1366 and 1920 pixels wide
        view.resize(width, 700)
        qtbot.waitUntil(lambda wanted=width: view.figures_view.width() > wanted - 100)
        qtbot.waitUntil(lambda: all(c.width() > 0 for c in view.figures_view.cards.values()))
        # Nothing is cut: every card is at least as wide as its contents want, and inside the page.
        for card in view.figures_view.cards.values():
            assert card.width() >= card.minimumSizeHint().width()
            assert card.geometry().right() <= view.figures_view.width()
    assert view.figures_view.columns() >= 2


def test_the_month_under_way_says_it_is_not_over(view, qtbot):
    from crm import clock
    from crm.reports.metrics import Month

    current = Month.of(clock.today()).key
    _shown(view, current)
    assert "is not over" in view.month_note.text() and f"day {clock.today().day} of" in view.month_note.text()
    _shown(view, "2026-05")
    assert view.month_note.text() == "2026-05 beside 2026-04."


def test_export_writes_the_workbook_with_progress_and_offers_the_folder(view, qtbot, tmp_path):
    _select(view, "2026-05")
    out = tmp_path / "may.xlsx"
    seen = []
    job = view.export_to(str(out))
    job.signals.progress.connect(lambda f, m: seen.append(f))
    assert not view.export_button.isEnabled()
    qtbot.waitUntil(lambda: view.last_export is not None, timeout=30000)
    assert view.export_button.isEnabled() and view.open_folder_button.isVisible()
    assert load_workbook(out).sheetnames[0] == "Summary"
    assert str(out) in view.status.text()


def test_export_to_a_missing_folder_says_why(view, qtbot, tmp_path):
    view.export_to(str(tmp_path / "nowhere" / "may.xlsx"))
    qtbot.waitUntil(lambda: view.export_button.isEnabled(), timeout=30000)
    assert "does not exist" in view.status.text()
    assert view.last_export is None


def test_cancel_leaves_no_file(view, qtbot, tmp_path):
    out = tmp_path / "may.xlsx"
    job = view.export_to(str(out))
    view.cancel_export()
    qtbot.waitUntil(lambda: view.export_button.isEnabled(), timeout=30000)
    if job.cancel_requested and view.last_export is None:
        assert "cancelled" in view.status.text()
        assert not out.exists()


def test_staff_may_see_the_figures_but_not_export_the_customer_list(db, qtbot, tmp_path):
    from crm.services.common import Actor

    customer("王丽", joined=date(2025, 1, 5))
    page = ReportsView(AppContext(location=str(tmp_path / "shop.db"), actor=Actor(7, "staff", "小李")))
    qtbot.addWidget(page)
    page.show()
    page.activated()
    assert not page.export_button.isEnabled()
    assert "manager" in page.export_button.toolTip()
    # Even when asked directly, the service refuses: nothing is written.
    out = tmp_path / "june.xlsx"
    page.export_to(str(out))
    qtbot.waitUntil(lambda: "may not" in page.status.text() or "不能" in page.status.text(), timeout=30000)
    assert not out.exists()
    assert not page.export_button.isEnabled()


def test_a_sale_made_elsewhere_updates_the_figures_shown(view, qtbot):
    _select(view, "2026-06")
    qtbot.waitUntil(lambda: getattr(view, "figures", {}).get("month") == "2026-06", timeout=10000)
    buyers = view.figures["buyers"]
    zhang = customer("张伟", joined=date(2025, 1, 5))
    view.ctx.actions.log_visit(zhang.id, amount=5000, kind="purchase")  # today, in June
    assert view.refresh_scheduled()
    qtbot.waitUntil(lambda: view.figures["buyers"] == buyers + 1, timeout=10000)
