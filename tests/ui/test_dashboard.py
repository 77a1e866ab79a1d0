"""The dashboard shows what the services compute: the stored level pyramid, this
month's KPIs (= month_metrics) beside last month's, the trend, follow-up counts
and zombie communities; it refreshes off the GUI thread when the bus says so."""

import re
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from crm.models import Task
from crm.money import format_amount
from crm.reports import metrics
from crm.services import levels
from crm.services.changes import Changes
from tests.factories import community, customer, visit
from tests.ui.gestures import click
from ui.context import AppContext
from ui.views.dashboard import DashboardView

TODAY = date(2026, 6, 30)


@pytest.fixture
def shop(db):
    """A shop where June and May differ in every KPI."""
    people = {}
    # Regulars: purchases on 6+ days in the last 90 → strong; one brings three converted
    # friends → super-strong.
    boss = people["boss"] = customer("王丽", joined=date(2025, 1, 1))
    for n in range(8):
        visit(boss, TODAY - timedelta(days=7 * n + 1), 5000)
    for n, name in enumerate(("甲", "乙", "丙")):
        friend = people[name] = customer(name, joined=date(2026, 5, 2 + n), referrer=boss)
        visit(friend, date(2026, 6, 3 + n), 2000)
        visit(friend, date(2026, 6, 20 + n), 1500)
    regular = people["regular"] = customer("李强", joined=date(2025, 3, 1))
    for n in range(6):
        visit(regular, date(2026, 4, 1) + timedelta(days=9 * n), 3000)
    # May-only buyer (micro), a refund in June.
    once = people["once"] = customer("张伟", joined=date(2026, 5, 15))
    visit(once, date(2026, 5, 16), 8000)
    visit(once, date(2026, 6, 2), -2000)
    # June joiners without purchases.
    for name in ("赵", "钱"):
        people[name] = customer(name, joined=date(2026, 6, 10))
    # A community whose leader and members stopped buying long ago: a zombie.
    sleepy = customer("孙老", joined=date(2024, 1, 1))
    visit(sleepy, date(2025, 1, 5), 1000)
    member = customer("周", joined=date(2024, 1, 1))
    community(sleepy, [member], created=date(2024, 2, 1), name="沉睡群")
    community(boss, [people["甲"]], created=date(2026, 5, 1), name="活跃群")
    # Tasks: one due today, two overdue, one next week, one done.
    for due, status in (
        (TODAY, "open"),
        (TODAY - timedelta(days=3), "open"),
        (TODAY - timedelta(days=10), "open"),
        (TODAY + timedelta(days=4), "open"),
        (TODAY - timedelta(days=1), "done"),
    ):
        Task.create(customer=regular, kind="other", due=due, status=status, created_on=date(2026, 6, 1))
    levels.refresh_all()
    return people


@pytest.fixture
def view(shop, open_page):
    page = open_page(DashboardView, width=1280, height=760)
    yield page
    page.jobs.wait()


def test_pyramid_shows_the_stored_levels_with_super_users(view):
    shown = view.pyramid.counts()
    assert shown == levels.distribution()
    # The hand-made shop: 王丽 super-strong, 李强 strong, …
    assert shown["super_strong"] == 1 and shown["strong"] == 1
    assert sum(shown.values()) == 10
    labels = view.pyramid.categories.categories()
    assert labels[-1].startswith("Super-strong") and labels[-1].endswith(" 1")  # on top
    assert labels[0].startswith("None")
    assert "Super users: 2 " in view.super_users_label.text()
    assert "archived" not in view.super_users_label.text()


def test_the_pyramid_counts_current_customers_and_says_how_many_are_archived(shop, view, qtbot):
    """The same rule as the Customers page: archived customers are left out, and it says so."""
    view.ctx.actions.archive_customer(shop["boss"].id)
    qtbot.waitUntil(lambda: "1 archived not counted" in view.super_users_label.text(), timeout=5000)
    assert sum(view.pyramid.counts().values()) == 9 and view.pyramid.counts()["super_strong"] == 0


def test_kpi_cards_show_month_metrics_beside_last_month(view):
    june = metrics.month_metrics("2026-06")
    may = metrics.month_metrics("2026-05")
    # Worked out by hand for the shop above, so the cards cannot agree with a broken metric.
    assert (june["new_customers"], may["new_customers"]) == (2, 4)
    # June: 王丽 (5 purchases) and her three friends (2 each); May: 王丽, 李强, 张伟.
    assert june["buyers"] == 4 and may["buyers"] == 3
    assert june["revenue"] == 5 * 5000 + 3 * (2000 + 1500) - 2000
    cards = view.cards
    assert cards["new_customers"].value.text() == "2"
    # June 30 is still under way: May 1-30 (nothing happened on May 31 here).
    assert cards["new_customers"].previous.text() == "Same days last month: 4"
    assert cards["new_customers"].change.text() == "▼ 50.0%"
    assert cards["buyers"].value.text() == str(june["buyers"])
    assert cards["revenue"].value.text() == format_amount(june["revenue"])
    assert cards["revenue"].previous.text() == "Same days last month: " + format_amount(may["revenue"])
    assert cards["repurchase_rate"].value.text() == f"{june['repurchase_rate'] * 100:.1f}%"
    assert cards["retention_rate"].value.text() == f"{june['retention_rate'] * 100:.1f}%"
    assert (
        cards["retention_rate"].previous.text() == f"Same days last month: {may['retention_rate'] * 100:.1f}%"
    )
    assert cards["repurchase_rate"].change.text().endswith("pts")


def test_trend_chart_plots_the_last_twelve_months(view):
    rows = metrics.trend("2026-06", 12)
    chart = view.trend_chart
    assert chart.months.count() == 12
    assert [chart.buyers_set.at(i) for i in range(12)] == [r["buyers"] for r in rows]
    assert [chart.new_set.at(i) for i in range(12)] == [r["new_customers"] for r in rows]
    assert chart.values(chart.revenue)[11] == pytest.approx(rows[-1]["revenue"] / 100)
    assert chart.values(chart.rate) == pytest.approx([r["repurchase_rate"] * 100 for r in rows])
    assert "Jul 2025" in view.trend_card.title.text() and "Jun 2026" in view.trend_card.title.text()
    # Two charts of at most two value axes each (customers; revenue and the repurchase rate).
    for part in (chart.customers, chart.money):
        values = [a for a in part.chart().axes() if a.type() == a.AxisType.AxisTypeValue]
        assert 1 <= len(values) <= 2
    # June is under way (the test clock says June 30th, midday): told apart, not a fall.
    assert chart.revenue.count() == 11 and chart.money.revenue_to_date.count() == 2
    assert chart.buyers_set.isBarSelected(11) and not chart.buyers_set.isBarSelected(10)
    assert view.to_date_note.text() == "Lighter bars and dotted lines: Jun 2026 so far, day 30 of 30"


def test_follow_up_counts_and_zombie_communities(view):
    assert (view.due_today.text(), view.overdue.text(), view.upcoming.text()) == ("1", "2", "1")
    names = [view.zombie_list.item(i).text() for i in range(view.zombie_list.count())]
    assert len(names) == 1 and names[0].startswith("沉睡群") and "孙老" in names[0]
    assert names[0].endswith("last purchase 2025-01-05")  # as dates read everywhere else


def test_a_logged_visit_refreshes_the_page_once_after_a_pause(view, shop, qtbot):
    calls = []
    original = view.refresh
    view.refresh = lambda: (calls.append(1), original())
    before = view.kpis.current["revenue"]
    view.ctx.actions.log_visit(shop["赵"].id, amount=12345)
    for _ in range(5):  # a burst of changes, as an import or several counters make
        view.ctx.actions.publish(Changes.of([shop["赵"].id], visits=True))
    view.ctx.actions.publish(Changes(every_customer=True))
    assert calls == [] and view.refresh_scheduled()  # debounced, nothing yet
    qtbot.waitUntil(lambda: bool(calls) and not view.loading(), timeout=5000)
    assert not view.refresh_scheduled() and not view.is_dirty()
    assert calls == [1]
    assert view.kpis.current["revenue"] == before + 12345
    assert view.cards["revenue"].value.text() == format_amount(before + 12345)
    assert view.cards["buyers"].value.text() == "5"


def test_a_hidden_page_waits_for_activation(view, shop, qtbot):
    view.hide()
    view.ctx.actions.publish(Changes(tasks=True))
    assert view.is_dirty() and not view.refresh_scheduled() and not view.loading()
    Task.create(customer=shop["regular"], kind="other", due=TODAY, created_on=TODAY)
    view.show()
    view.activated()  # the main window calls this when the page is shown
    assert view.loading()
    qtbot.waitUntil(lambda: not view.loading(), timeout=5000)
    assert view.due_today.text() == "2"


def test_refresh_button_and_f5(view, qtbot):
    qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
    assert view.loading()
    qtbot.waitUntil(lambda: not view.loading(), timeout=5000)
    view.refresh_button.setFocus()
    qtbot.keyClick(view.refresh_button, Qt.Key.Key_F5)
    assert view.loading()
    qtbot.waitUntil(lambda: not view.loading(), timeout=5000)
    assert re.fullmatch(r"Updated \d\d:\d\d", view.status.text())  # 24-hour, as in the counter's time


def test_an_empty_shop_shows_zeros_not_errors(db, open_page):
    page = open_page(DashboardView)
    assert page.pyramid.counts() == dict.fromkeys(levels.distribution(), 0)
    assert page.cards["repurchase_rate"].value.text() == "0.0%"
    assert page.cards["new_customers"].change.text() == "—"
    assert page.zombie_list.count() == 1  # the "none" line
    assert not page.status.property("error")
    page.jobs.wait()


def test_a_failed_read_is_shown_as_a_sentence(view, qtbot, monkeypatch):
    from crm.errors import InvalidInput
    from ui.views import dashboard

    def broken(month):
        raise InvalidInput("month", "is not a month")

    monkeypatch.setattr(dashboard, "load_trend", broken)
    view.refresh()
    qtbot.waitUntil(lambda: not view.loading(), timeout=5000)
    assert view.status.property("error")
    assert "Traceback" not in view.status.text() and view.status.text()
    monkeypatch.undo()  # the database is back: the next read clears the sentence
    view.refresh()
    qtbot.waitUntil(lambda: not view.loading(), timeout=5000)
    assert not view.status.property("error")


class _Page(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.opened = []

    def select_community(self, community_id):
        self.opened.append(community_id)


def test_zombie_and_follow_up_lead_to_their_pages(shop, qtbot):
    from crm.models import Community
    from ui.main_window import MainWindow

    window = MainWindow(
        AppContext(location="test"),
        page_factories={"dashboard": DashboardView, "communities": _Page, "followup": _Page},
    )
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: not page.loading(), timeout=10_000)
    qtbot.mouseClick(page.followup_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "followup"
    window.show_page("dashboard")
    spot = page.zombie_list.visualItemRect(page.zombie_list.item(0)).center()
    qtbot.mouseClick(page.zombie_list.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(page.zombie_list.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert window.current_key() == "communities"
    sleepy = Community.get(Community.name == "沉睡群")
    assert window.page("communities").opened == [sleepy.id]
    page.jobs.wait()


def test_a_zombie_double_clicked_opens_on_the_real_communities_page(shop, qtbot):
    from PySide6.QtCore import QThreadPool

    from crm.models import Community
    from tests.factories import customer as make_customer
    from ui.main_window import MainWindow

    # A lively community that sorts before the zombie: selecting the first row would be wrong.
    buyer = make_customer("乙员")
    visit(buyer, date(2026, 6, 20), 1000)
    community(make_customer("甲长"), [buyer], created=date(2026, 6, 1), name="一号群")
    window = MainWindow(AppContext(location="test"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: not page.loading(), timeout=10_000)
    sleepy = Community.get(Community.name == "沉睡群")

    def double_click_the_zombie():
        item = page.zombie_list.item(0)
        assert item.data(Qt.ItemDataRole.UserRole) == sleepy.id
        spot = page.zombie_list.visualItemRect(item).center()
        qtbot.mouseClick(page.zombie_list.viewport(), Qt.MouseButton.LeftButton, pos=spot)
        qtbot.mouseDClick(page.zombie_list.viewport(), Qt.MouseButton.LeftButton, pos=spot)

    double_click_the_zombie()  # the communities page is built now and loads its list
    assert window.current_key() == "communities"
    communities_page = window.page("communities")
    qtbot.waitUntil(lambda: communities_page.loaded, timeout=10_000)
    assert communities_page.model.community(0).name == "一号群"
    assert communities_page.selected().id == sleepy.id
    assert communities_page.members.title.text() == "沉睡群"
    assert not communities_page.members.zombie_badge.isHidden()

    communities_page.select_community(communities_page.model.community(0).id)
    window.show_page("dashboard")
    double_click_the_zombie()  # again, with the page already loaded
    assert window.current_key() == "communities"
    assert communities_page.selected().id == sleepy.id
    page.jobs.wait()
    QThreadPool.globalInstance().waitForDone(10_000)


def test_while_a_month_is_under_way_it_is_compared_with_the_same_days_before(shop, qtbot):
    from crm import clock

    clock.fix(datetime(2026, 6, 15, 12, 0))
    page = DashboardView(AppContext(location="test"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.loading(), timeout=10_000)
    page.jobs.wait()
    # May 1–15: 王丽 (May 11) and 李强 (May 7) bought; 张伟 only on May 16.
    may_so_far = metrics.purchase_metrics("2026-05", through=date(2026, 5, 15))
    assert may_so_far["buyers"] == 2 and metrics.purchase_metrics("2026-05")["buyers"] == 3
    assert page.cards["buyers"].previous.text() == "Same days last month: 2"
    assert page.month_label.text() == "June 2026 to date, compared with May 1–15"
    assert page.cards["buyers"].value.text() == str(metrics.month_metrics("2026-06")["buyers"])


def test_the_same_days_before_are_clamped_to_a_shorter_month():
    from crm.reports.metrics import Month
    from crm.services.dashboard_page import same_days_before

    assert same_days_before(Month.parse("2026-03"), date(2026, 3, 30)) == date(2026, 2, 28)
    assert same_days_before(Month.parse("2026-03"), date(2026, 3, 1)) == date(2026, 2, 1)
    assert same_days_before(Month.parse("2026-03"), date(2026, 3, 31)) == date(2026, 2, 28)
    assert same_days_before(Month.parse("2026-02"), date(2026, 2, 28)) == date(
        2026, 1, 28
    )  # not all of January
    assert same_days_before(Month.parse("2026-03"), date(2026, 5, 2)) is None  # a month gone by


def test_small_counts_read_as_whole_numbers():
    from PySide6.QtCharts import QValueAxis

    from ui.widgets.dashboard_charts import _count_axis

    axis = QValueAxis()
    _count_axis(axis, 1)  # one buyer: 0, 1 — not 0, 0, 1, 1
    assert (axis.min(), axis.max(), axis.tickInterval()) == (0, 1, 1)
    _count_axis(axis, 37)
    assert (axis.max(), axis.tickInterval()) == (40, 10)
    _count_axis(axis, 1234)
    assert axis.tickInterval() == 500 and axis.max() == 1500


def test_a_short_customers_chart_labels_only_as_many_steps_as_fit(qtbot):
    """On a 1024 x 768 screen the chart is short: Qt would cut six labels to "…"."""
    from PySide6.QtGui import QFontMetrics

    from ui.widgets.dashboard_charts import CustomersChart, _small_font

    chart = CustomersChart()
    qtbot.addWidget(chart)
    rows = [
        dict(month=f"2026-{m:02d}", new_customers=60, buyers=480 + m, revenue=1, repurchase_rate=0.5)
        for m in range(1, 13)
    ]
    line = QFontMetrics(_small_font()).height()
    for height in (150, 400):
        chart.resize(500, height)
        chart.show()
        chart.set_rows(rows)
        qtbot.waitUntil(lambda: chart.chart().plotArea().height() > 0)
        chart.resize(500, height + 1)  # laid out: the plot's height is known
        axis = chart.counts_axis
        steps = axis.max() / axis.tickInterval()
        assert axis.max() >= 492 and steps * 2 * line <= chart.chart().plotArea().height() + 1
    assert steps >= 3  # a tall chart shows the steps between


class _Starts(QWidget):
    """A counter and a customers page that note what the dashboard asks of them."""

    asked: list[str] = []

    def __init__(self, ctx):
        super().__init__()
        self.list = self

    def new_customer(self):
        self.asked.append("new customer")

    def import_file(self, kind):
        self.asked.append(f"import {kind}")


def test_an_empty_shop_says_how_to_start(db, qtbot):
    """No customers: a way to start instead of charts of zeros; the buttons lead there."""
    from ui.main_window import MainWindow

    window = MainWindow(
        AppContext(location="test"),
        page_factories={"dashboard": DashboardView, "counter": _Starts, "customers": _Starts},
    )
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: not page.loading(), timeout=5000)
    assert page.empty_panel.isVisible()
    assert "No communities yet" in page.zombie_list.item(0).text()
    _Starts.asked.clear()
    click(qtbot, page.add_first_button)
    assert window.current_key() == "counter"
    click(qtbot, page.import_first_button)
    assert window.current_key() == "customers" and _Starts.asked == ["new customer", "import customers"]
