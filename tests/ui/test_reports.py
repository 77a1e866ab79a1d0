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
    return page


def _select(page, month):
    page.month.setCurrentIndex(page.month.findData(month))


def test_figures_for_the_chosen_month_match_the_report(view, qtbot):
    _select(view, "2026-05")
    qtbot.waitUntil(lambda: view.table.rowCount() > 0 and view.table.item(0, 1) is not None, timeout=10000)
    qtbot.waitUntil(lambda: getattr(view, "figures", {}).get("month") == "2026-05", timeout=10000)
    expected = report_json("2026-05")
    rows = {view.table.item(r, 0).text(): view.table.item(r, 1).text() for r in range(view.table.rowCount())}
    assert rows["Buyers"] == str(expected["buyers"]) == "1"
    assert rows["Revenue"] == "¥246.90" and expected["revenue"] == 246.9
    assert rows["Repurchase rate"] == "100.0%"


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
