"""The dashboard's charts: the level pyramid and the twelve-month trend (Qt Charts)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPainter, QPen
from PySide6.QtWidgets import QToolTip

from crm.levels import LEVELS
from crm.money import format_amount
from ui.words import LEVEL_COLORS, level_name

NEW_COLOR = "#64b5f6"
BUYERS_COLOR = "#26a69a"
REVENUE_COLOR = "#ff8f00"
RATE_COLOR = "#8e24aa"


def _chart() -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundVisible(False)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _plain(view: QChartView) -> None:
    """No frame or grey backdrop: the chart sits directly on its card."""
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setFrameShape(QChartView.Shape.NoFrame)
    view.setStyleSheet("background: transparent;")
    view.setMinimumHeight(200)


def month_label(month: str, with_year: bool = False) -> str:
    """ "2026-01" as a short month name in the app's language ("Jan", "1月")."""
    year, number = (int(part) for part in month.split("-"))
    # Translated formats: "MMM yyyy" reads "yyyy年M月" in Chinese.
    fmt = QCoreApplication.translate("TrendChart", "MMM yyyy") if with_year else "MMM"
    return QLocale().toString(QDate(year, number, 1), fmt)


class LevelPyramid(QChartView):
    """The five levels as horizontal bars centred on one axis, super-strong on top,
    each in its level colour with its count beside it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        _plain(self)
        self._counts: dict[str, int] = dict.fromkeys(LEVELS, 0)
        chart = _chart()
        chart.legend().hide()
        self.setChart(chart)
        self.series = QHorizontalStackedBarSeries()
        self.series.setBarWidth(0.72)
        # An invisible spacer set centres each bar; then one set per level, non-zero only
        # in its own row, so every bar has its level's colour.
        self.spacer = QBarSet("")
        self.spacer.setColor(QColor(0, 0, 0, 0))
        self.spacer.setBorderColor(QColor(0, 0, 0, 0))
        self.series.append(self.spacer)
        self.level_sets: list[QBarSet] = []
        for index in range(len(LEVELS)):
            bar = QBarSet(level_name(index))
            bar.setColor(QColor(LEVEL_COLORS[index]))
            bar.setBorderColor(QColor(LEVEL_COLORS[index]))
            self.series.append(bar)
            self.level_sets.append(bar)
        chart.addSeries(self.series)
        self.categories = QBarCategoryAxis()
        self.categories.setGridLineVisible(False)
        self.categories.setLineVisible(False)
        self.values = QValueAxis()
        self.values.setVisible(False)
        chart.addAxis(self.categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.values, Qt.AlignmentFlag.AlignBottom)
        self.series.attachAxis(self.categories)
        self.series.attachAxis(self.values)
        self.series.hovered.connect(self._hovered)
        self.set_counts(self._counts)

    def set_counts(self, counts: dict[str, int]) -> None:
        self._counts = {key: int(counts.get(key, 0)) for key in LEVELS}
        values = [self._counts[key] for key in LEVELS]
        top = max(values) or 1
        self.spacer.remove(0, self.spacer.count())
        self.spacer.append([(top - v) / 2 for v in values])
        for index, bar in enumerate(self.level_sets):
            bar.remove(0, bar.count())
            bar.append([values[index] if row == index else 0 for row in range(len(LEVELS))])
        labels = [f"{level_name(i)}  {values[i]:,}" for i in range(len(LEVELS))]
        self.categories.clear()
        self.categories.append(labels)
        self.values.setRange(0, top)

    def counts(self) -> dict[str, int]:
        """What the bars show: {level key: count}."""
        return {key: int(self.level_sets[i].at(i)) for i, key in enumerate(LEVELS)}

    def _hovered(self, status: bool, index: int, bar: QBarSet) -> None:
        if status and bar is not self.spacer and 0 <= index < len(LEVELS):
            total = sum(self._counts.values()) or 1
            n = self._counts[LEVELS[index]]
            QToolTip.showText(
                QCursor.pos(), f"{level_name(index)}: {n:,} ({n / total:.1%})".replace(".0%", "%")
            )
        else:
            QToolTip.hideText()


class TrendChart(QChartView):
    """New customers and buyers as bars, revenue as a line on its own axis, and the
    repurchase rate as a dashed line on a percent axis; one point per month."""

    def __init__(self, parent=None):
        super().__init__(parent)
        _plain(self)
        self.rows: list[dict] = []
        self.currency = "CNY"
        chart = _chart()
        self.setChart(chart)

        self.new_set = QBarSet(self.tr("New customers"))
        self.new_set.setColor(QColor(NEW_COLOR))
        self.new_set.setBorderColor(QColor(NEW_COLOR))
        self.buyers_set = QBarSet(self.tr("Buyers"))
        self.buyers_set.setColor(QColor(BUYERS_COLOR))
        self.buyers_set.setBorderColor(QColor(BUYERS_COLOR))
        self.bars = QBarSeries()
        self.bars.append(self.new_set)
        self.bars.append(self.buyers_set)
        self.bars.setBarWidth(0.7)

        self.revenue = QLineSeries()
        self.revenue.setName(self.tr("Revenue"))
        pen = QPen(QColor(REVENUE_COLOR))
        pen.setWidthF(2.5)
        self.revenue.setPen(pen)
        self.revenue.setPointsVisible(True)

        self.rate = QLineSeries()
        self.rate.setName(self.tr("Repurchase rate"))
        pen = QPen(QColor(RATE_COLOR))
        pen.setWidthF(2.0)
        pen.setStyle(Qt.PenStyle.DashLine)
        self.rate.setPen(pen)
        self.rate.setPointsVisible(True)

        for series in (self.bars, self.revenue, self.rate):
            chart.addSeries(series)

        self.months = QBarCategoryAxis()
        self.counts_axis = QValueAxis()
        self.counts_axis.setLabelFormat("%d")
        self.revenue_axis = QValueAxis()
        self.revenue_axis.setLabelFormat("%.0f")
        self.revenue_axis.setLinePenColor(QColor(REVENUE_COLOR))
        self.revenue_axis.setLabelsColor(QColor(REVENUE_COLOR))
        self.revenue_axis.setGridLineVisible(False)
        self.rate_axis = QValueAxis()
        self.rate_axis.setLabelFormat("%d%%")
        self.rate_axis.setRange(0, 100)
        self.rate_axis.setTickCount(6)
        self.rate_axis.setLinePenColor(QColor(RATE_COLOR))
        self.rate_axis.setLabelsColor(QColor(RATE_COLOR))
        self.rate_axis.setGridLineVisible(False)
        chart.addAxis(self.months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.counts_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.revenue_axis, Qt.AlignmentFlag.AlignRight)
        chart.addAxis(self.rate_axis, Qt.AlignmentFlag.AlignRight)
        for series, axis in (
            (self.bars, self.counts_axis),
            (self.revenue, self.revenue_axis),
            (self.rate, self.rate_axis),
        ):
            series.attachAxis(self.months)
            series.attachAxis(axis)

        self.bars.hovered.connect(lambda status, index, _bar: self._hovered(status, index))
        self.revenue.hovered.connect(lambda point, status: self._hovered(status, round(point.x())))
        self.rate.hovered.connect(lambda point, status: self._hovered(status, round(point.x())))

    def set_rows(self, rows: list[dict], currency: str = "CNY") -> None:
        self.rows = list(rows)
        self.currency = currency
        for bar in (self.new_set, self.buyers_set):
            bar.remove(0, bar.count())
        self.new_set.append([r["new_customers"] for r in rows])
        self.buyers_set.append([r["buyers"] for r in rows])
        self.months.clear()
        self.months.append([month_label(r["month"]) for r in rows])
        top = max([1] + [max(r["new_customers"], r["buyers"]) for r in rows])
        self.counts_axis.setRange(0, top * 1.1)
        self.counts_axis.applyNiceNumbers()

        revenues = [r["revenue"] / 100 for r in rows]  # currency units, for drawing only
        peak = max([abs(v) for v in revenues] + [1])
        scale = 1000 if peak >= 100_000 else 1
        # The unit goes in the legend: an axis title would crowd the two right-hand axes.
        self.revenue.setName(self.tr("Revenue (thousands)") if scale == 1000 else self.tr("Revenue"))
        self.revenue.replace([QPointF(i, v / scale) for i, v in enumerate(revenues)])
        low = min([0.0] + [v / scale for v in revenues])
        self.revenue_axis.setRange(low, peak / scale * 1.1)
        self.revenue_axis.applyNiceNumbers()
        self.rate.replace([QPointF(i, r["repurchase_rate"] * 100) for i, r in enumerate(rows)])

    def _hovered(self, status: bool, index: int) -> None:
        if not status or not 0 <= index < len(self.rows):
            QToolTip.hideText()
            return
        r = self.rows[index]
        text = (
            self.tr("%1\nNew customers: %2\nBuyers: %3\nRevenue: %4\nRepurchase rate: %5")
            .replace("%1", month_label(r["month"], with_year=True))
            .replace("%2", f"{r['new_customers']:,}")
            .replace("%3", f"{r['buyers']:,}")
            .replace("%4", format_amount(r["revenue"], self.currency))
            .replace("%5", f"{r['repurchase_rate'] * 100:.1f}%")
        )
        QToolTip.showText(QCursor.pos(), text)
