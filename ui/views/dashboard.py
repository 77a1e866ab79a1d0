"""The dashboard: where the shop stands today, for the owner's morning look.

Three reads run off the GUI thread, side by side, each shown as soon as it
arrives: the overview (level pyramid, follow-up counts, zombie communities),
this month's KPIs beside last month's, and the twelve-month trend. It follows
the one refresh rule of :class:`ui.views.page.Page`: a published change it
cares about reads the figures again a moment later, or when it is next shown.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm import clock
from crm.money import format_amount
from crm.reports.metrics import Month
from crm.services.changes import Changes
from crm.services.dashboard_page import RATE_KPIS, Kpis, Overview, Trend, load_kpis, load_overview, load_trend
from ui.views.page import Page
from ui.widgets.dashboard_cards import DashboardCard, KpiCard, change_text
from ui.widgets.dashboard_charts import LevelPyramid, TrendChart, month_label
from ui.widgets.page_parts import header_row, muted_label, refresh_button
from ui.words import big_c, customers_count, members_count

log = logging.getLogger("shopcircle")

# --- the page ----------------------------------------------------------------------


class DashboardView(Page):
    def build(self) -> None:
        self.overview: Overview | None = None
        self.kpis: Kpis | None = None
        self.trend: Trend | None = None
        self._build()
        self.refresh()

    def cares(self, changes: Changes) -> bool:
        return (
            changes.any_customer or changes.visits or changes.tasks or changes.communities or changes.settings
        )

    # --- layout ----------------------------------------------------------------

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(16, 12, 16, 12)
        root.setSpacing(10)

        self.month_label = muted_label()
        self.make_refresh_widgets()
        self.refresh_button = refresh_button(self, self.tr("Refresh"), self.tr("Refresh the figures (F5)"))
        root.addLayout(
            header_row(self.tr("Dashboard"), self.month_label, self.status, self.busy, self.refresh_button)
        )

        # A shop without customers: how to start, in place of charts of zeros.
        self.empty_panel = DashboardCard(self.tr("Your shop has no customers yet"))
        self.empty_panel.setObjectName("DashboardEmpty")
        start_text = QLabel(
            self.tr(
                "Add your first customer at the counter, or import the customer list you keep"
                " (Excel or CSV). The dashboard fills in as purchases are logged."
            )
        )
        start_text.setWordWrap(True)
        self.empty_panel.body.addWidget(start_text)
        self.add_first_button = QPushButton(self.tr("Add a customer"))
        self.add_first_button.clicked.connect(self._add_first_customer)
        self.import_first_button = QPushButton(self.tr("Import customers…"))
        self.import_first_button.clicked.connect(self._import_customers)
        starts = QHBoxLayout()
        starts.addWidget(self.add_first_button)
        starts.addWidget(self.import_first_button)
        starts.addStretch(1)
        self.empty_panel.body.addLayout(starts)
        self.empty_panel.hide()
        root.addWidget(self.empty_panel)

        cards = QHBoxLayout()
        cards.setSpacing(10)
        self.cards = {
            "new_customers": KpiCard(self.tr("New customers")),
            "buyers": KpiCard(self.tr("Buyers")),
            "revenue": KpiCard(self.tr("Revenue")),
            "repurchase_rate": KpiCard(self.tr("Repurchase rate")),
            "retention_rate": KpiCard(self.tr("Retention")),
        }
        tips = {
            "new_customers": self.tr("Customers who joined this month"),
            "buyers": self.tr("Customers with at least one purchase this month"),
            "revenue": self.tr("Purchases less refunds this month"),
            "repurchase_rate": self.tr("Buyers who bought on 2 or more days this month, of all buyers"),
            "retention_rate": self.tr("Last month's buyers who bought again this month"),
        }
        for key, card in self.cards.items():
            card.setToolTip(tips[key])
            cards.addWidget(card)
        root.addLayout(cards)

        middle = QHBoxLayout()
        middle.setSpacing(10)
        levels_card = DashboardCard(self.tr("Relationship levels"))
        self.super_users_label = QLabel()
        self.super_users_label.setWordWrap(True)  # the card gives the trend its room
        self.super_users_label.setToolTip(self.tr("Super users are the Strong and Super-strong customers"))
        levels_card.body.addWidget(self.super_users_label)
        self.pyramid = LevelPyramid()
        levels_card.body.addWidget(self.pyramid, 1)
        self.trend_card = DashboardCard(self.tr("Last 12 months"))
        self.trend_chart = TrendChart()
        self.trend_card.body.addWidget(self.trend_chart, 1)
        self.to_date_note = muted_label()
        self.to_date_note.hide()
        self.trend_card.body.addWidget(self.to_date_note)
        middle.addWidget(levels_card, 4)
        middle.addWidget(self.trend_card, 7)  # twelve month labels need the room
        root.addLayout(middle, 1)

        bottom = QHBoxLayout()
        bottom.setSpacing(10)
        follow = DashboardCard(self.tr("Follow-up"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self.due_today = QLabel("—")
        self.overdue = QLabel("—")
        self.upcoming = QLabel("—")
        for column, (label, caption, color) in enumerate(
            (
                (self.due_today, self.tr("Due today"), "#1565c0"),
                (self.overdue, self.tr("Overdue"), "#c62828"),
                (self.upcoming, self.tr("Next 7 days"), "#616161"),
            )
        ):
            label.setStyleSheet(f"font-size: 18pt; font-weight: 600; color: {color};")
            grid.addWidget(label, 0, column)
            text = QLabel(caption)
            text.setStyleSheet("color: #616161;")
            grid.addWidget(text, 1, column)
        self.followup_button = QPushButton(self.tr("Open follow-up"))
        self.followup_button.setToolTip(self.tr("Open the follow-up page (Ctrl+4)"))
        self.followup_button.clicked.connect(lambda: self._open_page("followup"))
        self.followup_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        grid.setColumnStretch(3, 1)
        grid.addWidget(
            self.followup_button, 0, 4, 2, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
        )
        follow.body.addLayout(grid)
        follow.body.addStretch(1)

        self.zombie_card = zombie_card = DashboardCard(self.tr("Zombie communities"))
        self.zombie_list = QListWidget()
        self.zombie_list.setFrameShape(QListWidget.Shape.NoFrame)
        self.zombie_list.setToolTip(self.tr("Double-click to open the communities page"))
        self.zombie_list.itemActivated.connect(self._open_zombie)
        zombie_card.body.addWidget(self.zombie_list, 1)
        bottom.addWidget(follow, 2)
        bottom.addWidget(zombie_card, 3)
        root.addLayout(bottom)
        follow.setMaximumHeight(128)
        zombie_card.setMaximumHeight(128)

    # --- loading -------------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything again, off the GUI thread."""
        self.refresh_started()
        # Cleared here, not when a read arrives: a read that fails must stay shown even if
        # another one of the same refresh arrives after it.
        self.status.setProperty("error", False)
        month = Month.of(clock.today()).key
        self.read("overview", load_overview, self._show_overview)
        self.read("kpis", load_kpis, self._show_kpis, month)
        self.read("trend", load_trend, self._show_trend, month)

    def update_busy(self) -> None:
        busy = self.jobs.busy()
        self.busy.setVisible(busy)
        if busy:
            self.status.setStyleSheet("color: #757575;")
            self.status.setText(self.tr("Updating…"))
        elif not self.status.property("error"):
            now = clock.now().strftime("%H:%M")  # the app's times and dates read the same in both languages
            self.status.setText(self.tr("Updated %1").replace("%1", now))

    # --- showing -------------------------------------------------------------------

    def _show_overview(self, data: Overview) -> None:
        self.overview = data
        self.empty_panel.setVisible(sum(data.levels.values()) == 0 and not data.set_aside)
        self.pyramid.set_counts(data.levels)
        total = sum(data.levels.values())
        share = f"{data.super_users / total:.0%}" if total else "0%"
        text = (
            self.tr("Super users: %1 (%2 of %3)")
            .replace("%1", f"{data.super_users:,}")
            .replace("%2", share)
            .replace("%3", customers_count(total))
        )
        if data.set_aside:  # said where the number stands: the same rule as the Customers page
            text += " · " + self.tr("%1 archived not counted").replace("%1", f"{data.set_aside:,}")
        self.super_users_label.setText(text)
        self.due_today.setText(f"{data.due_today:,}")
        self.overdue.setText(f"{data.overdue:,}")
        self.upcoming.setText(f"{data.upcoming:,}")
        self.zombie_card.setToolTip(
            self.tr(
                "Communities with members where nobody, leader included, bought in the last %n day(s)",
                "",
                data.zombie_days,
            )
        )
        self.zombie_list.clear()
        for c in data.zombies:
            last = c.last_purchase.isoformat() if c.last_purchase else self.tr("never")
            text = (
                self.tr("%1 — %2 %3 · %4 · last purchase %5")
                .replace("%1", c.name)
                .replace("%2", big_c())
                .replace("%3", c.leader_name)
                .replace("%4", members_count(c.members))
                .replace("%5", last)
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.zombie_list.addItem(item)
        if not data.zombies:
            text = (
                self.tr("No zombie communities: every community bought recently.")
                if data.communities
                else self.tr(
                    "No communities yet. A community (a WeChat group, a club) is added on the"
                    " Communities page."
                )
            )
            item = QListWidgetItem(text)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.zombie_list.addItem(item)

    def _show_kpis(self, data: Kpis) -> None:
        self.kpis = data
        locale = QLocale()
        # The date formats are translated too: "MMMM yyyy" reads "yyyy年M月" in Chinese.
        this = locale.toString(QDate(Month.parse(data.month).first), self.tr("MMMM yyyy"))
        last = locale.toString(QDate(Month.parse(data.previous_month).first), self.tr("MMMM"))
        if data.previous_through is not None:  # "November 2026 to date, compared with October 1–23"
            last = self.tr("%1 1–%2").replace("%1", last).replace("%2", str(data.previous_through.day))
        self.month_label.setText(
            self.tr("%1 to date, compared with %2").replace("%1", this).replace("%2", last)
        )
        for key, card in self.cards.items():
            now, before = data.current[key], data.previous[key]
            card.set_values(
                self.format_value(key, now, data.currency),
                self.format_value(key, before, data.currency),
                *self.change(key, now, before),
                same_days=data.previous_through is not None,
            )

    def _show_trend(self, data: Trend) -> None:
        self.trend = data
        today = clock.today()
        month = Month.of(today)
        to_date = bool(data.rows) and data.rows[-1]["month"] == month.key  # under way, its last day too
        self.trend_chart.set_rows(data.rows, data.currency, to_date)
        self.to_date_note.setVisible(to_date)
        if to_date:
            self.to_date_note.setText(
                self.tr("Lighter bars and dotted lines: %1 so far, day %2 of %3")
                .replace("%1", month_label(month.key, with_year=True))
                .replace("%2", str(today.day))
                .replace("%3", str(month.last.day))
            )
        if data.rows:
            self.trend_card.title.setText(
                self.tr("Last 12 months: %1 – %2")
                .replace("%1", month_label(data.rows[0]["month"], with_year=True))
                .replace("%2", month_label(data.rows[-1]["month"], with_year=True))
            )

    # --- numbers as text -----------------------------------------------------------

    @staticmethod
    def format_value(key: str, value: Any, currency: str = "CNY") -> str:
        if key in RATE_KPIS:
            return f"{value * 100:.1f}%"
        if key == "revenue":
            return format_amount(int(value), currency)
        return f"{int(value):,}"

    def change(self, key: str, now: Any, before: Any) -> tuple[str, int]:
        """The change from last month as text, and its direction (1 up, -1 down, 0 flat)."""
        return change_text(now, before, points=key in RATE_KPIS)

    # --- going elsewhere -------------------------------------------------------------

    def _open_page(self, key: str) -> QWidget | None:
        window = self.window()
        if hasattr(window, "show_page"):
            return window.show_page(key)
        return None

    def _add_first_customer(self) -> None:
        page = self._open_page("counter")
        if page is not None and hasattr(page, "new_customer"):
            page.new_customer()

    def _import_customers(self) -> None:
        page = self._open_page("customers")
        target = getattr(page, "list", page)  # the Customers page holds the list
        if target is not None and hasattr(target, "import_file"):
            target.import_file("customers")

    def _open_zombie(self, item: QListWidgetItem) -> None:
        community_id = item.data(Qt.ItemDataRole.UserRole)
        if community_id is None:
            return
        page = self._open_page("communities")
        for name in ("open_community", "select_community"):
            if page is not None and hasattr(page, name):
                getattr(page, name)(int(community_id))
                break
