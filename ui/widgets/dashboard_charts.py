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
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

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
        self.categories.setLabelsFont(_small_font())
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


def _small_font() -> QFont:
    """Axis labels a size smaller: twelve months fit under a chart on a 1024-pixel screen."""
    font = QFont()
    font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
    return font


def _count_axis(axis: QValueAxis, top: float, intervals: int = 5) -> None:
    """Whole numbers from 0 with a round step, at most ``intervals`` of them (a short chart
    has room for few labels; Qt cuts labels that do not fit to "…"): a month with 1 buyer
    reads 0, 1, not 0, 0, 1, 1."""
    step = 1
    while top / step > intervals:
        step *= 2 if str(step)[0] in "15" else 2.5 if str(step)[0] == "2" else 2
    step = int(step)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setRange(0, max(step, -(-top // step) * step))
    axis.setLabelFormat("%d")


def _axis_label(axis: QValueAxis, color: str) -> None:
    axis.setLinePenColor(QColor(color))
    axis.setLabelsColor(QColor(color))
    axis.setGridLineVisible(False)


class _MonthsChart(QChartView):
    """One point a month; the last month, still under way ("month to date"), is told apart:
    a lighter bar and a dotted stretch of line (the page says so beside the chart)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        _plain(self)
        self.setMinimumHeight(150)
        self.rows: list[dict] = []
        self.currency = "CNY"
        self.to_date = False
        self.setChart(_chart())
        self.months = QBarCategoryAxis()
        self.months.setLabelsFont(_small_font())
        self.chart().addAxis(self.months, Qt.AlignmentFlag.AlignBottom)

    def set_rows(self, rows: list[dict], currency: str = "CNY", to_date: bool = False) -> None:
        """``to_date``: the last row is the month in progress."""
        self.rows, self.currency, self.to_date = list(rows), currency, to_date and bool(rows)
        self.months.clear()
        self.months.append([month_label(r["month"]) for r in rows])

    def _attach(self, series, axis: QValueAxis, side: Qt.AlignmentFlag) -> None:
        chart = self.chart()
        chart.addSeries(series)
        if axis not in chart.axes():
            axis.setLabelsFont(_small_font())
            chart.addAxis(axis, side)
        series.attachAxis(self.months)
        series.attachAxis(axis)

    def _line(self, name: str, color: str, dashed: bool = False) -> QLineSeries:
        series = QLineSeries()
        series.setName(name)
        pen = QPen(QColor(color))
        pen.setWidthF(2.0 if dashed else 2.5)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        series.setPen(pen)
        series.setPointsVisible(True)
        series.hovered.connect(lambda point, status: self._hovered(status, round(point.x())))
        return series

    def _split(self, full: QLineSeries, partial: QLineSeries, values: list[float]) -> None:
        """The finished months on ``full``; the month to date joined to them by ``partial``,
        a dotted stretch, so the unfinished month does not look like a fall."""
        points = [QPointF(i, v) for i, v in enumerate(values)]
        if self.to_date and len(points) > 1:
            full.replace(points[:-1])
            partial.replace(points[-2:])
        else:
            full.replace(points)
            partial.clear()

    def _hovered(self, status: bool, index: int) -> None:
        if not status or not 0 <= index < len(self.rows):
            QToolTip.hideText()
            return
        r = self.rows[index]
        month = month_label(r["month"], with_year=True)
        if self.to_date and index == len(self.rows) - 1:
            month = QCoreApplication.translate("TrendChart", "%1 (month to date)").replace("%1", month)
        text = (
            QCoreApplication.translate(
                "TrendChart", "%1\nNew customers: %2\nBuyers: %3\nRevenue: %4\nRepurchase rate: %5"
            )
            .replace("%1", month)
            .replace("%2", f"{r['new_customers']:,}")
            .replace("%3", f"{r['buyers']:,}")
            .replace("%4", format_amount(r["revenue"], self.currency))
            .replace("%5", f"{r['repurchase_rate'] * 100:.1f}%")
        )
        QToolTip.showText(QCursor.pos(), text)


class CustomersChart(_MonthsChart):
    """New customers and buyers a month, as bars on one axis of whole numbers."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.new_set = QBarSet(QCoreApplication.translate("TrendChart", "New customers"))
        self.buyers_set = QBarSet(QCoreApplication.translate("TrendChart", "Buyers"))
        for bar, color in ((self.new_set, NEW_COLOR), (self.buyers_set, BUYERS_COLOR)):
            bar.setColor(QColor(color))
            bar.setBorderColor(QColor(color))
            bar.setSelectedColor(QColor(color).lighter(150))  # the month to date
        self.bars = QBarSeries()
        self.bars.append(self.new_set)
        self.bars.append(self.buyers_set)
        self.bars.setBarWidth(0.7)
        self.bars.hovered.connect(lambda status, index, _bar: self._hovered(status, index))
        self.counts_axis = QValueAxis()
        self._top = 1
        self._attach(self.bars, self.counts_axis, Qt.AlignmentFlag.AlignLeft)

    def set_rows(self, rows: list[dict], currency: str = "CNY", to_date: bool = False) -> None:
        super().set_rows(rows, currency, to_date)
        for bar, key in ((self.new_set, "new_customers"), (self.buyers_set, "buyers")):
            bar.remove(0, bar.count())
            bar.append([r[key] for r in rows])
            bar.deselectAllBars()
            if self.to_date:
                bar.selectBar(len(rows) - 1)
        self._top = max([1] + [max(r["new_customers"], r["buyers"]) for r in rows])
        self._fit_axis()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_axis()

    def _fit_axis(self) -> None:
        """As many labelled steps as the plot's height holds, each at least two lines tall."""
        line = QFontMetrics(_small_font()).height()
        room = self.chart().plotArea().height() or self.height() / 2
        _count_axis(self.counts_axis, self._top, max(1, min(5, int(room // (2 * line)))))


class RevenueChart(_MonthsChart):
    """Revenue a month (left axis, money) and the repurchase rate (right axis, percent)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.revenue_axis = QValueAxis()
        self.revenue_axis.setLabelFormat("%.0f")
        _axis_label(self.revenue_axis, REVENUE_COLOR)
        self.revenue_axis.setGridLineVisible(True)
        self.rate_axis = QValueAxis()
        self.rate_axis.setLabelFormat("%.0f%%")
        self.rate_axis.setRange(0, 100)
        self.rate_axis.setTickCount(3)  # 0, 50, 100 %: readable on a short chart
        _axis_label(self.rate_axis, RATE_COLOR)
        self.revenue = self._line(QCoreApplication.translate("TrendChart", "Revenue"), REVENUE_COLOR)
        self.revenue_to_date = self._line(
            QCoreApplication.translate("TrendChart", "Month to date"), REVENUE_COLOR, dashed=True
        )
        self.rate = self._line(
            QCoreApplication.translate("TrendChart", "Repurchase rate"), RATE_COLOR, dashed=True
        )
        self.rate_to_date = self._line("", RATE_COLOR, dashed=True)
        for series in (self.revenue, self.revenue_to_date):
            self._attach(series, self.revenue_axis, Qt.AlignmentFlag.AlignLeft)
        for series in (self.rate, self.rate_to_date):
            self._attach(series, self.rate_axis, Qt.AlignmentFlag.AlignRight)
        pen = self.revenue_to_date.pen()
        pen.setStyle(Qt.PenStyle.DotLine)
        self.revenue_to_date.setPen(pen)
        pen = self.rate_to_date.pen()
        pen.setStyle(Qt.PenStyle.DotLine)
        self.rate_to_date.setPen(pen)
        self.chart().legend().markers(self.rate_to_date)[0].setVisible(False)

    def set_rows(self, rows: list[dict], currency: str = "CNY", to_date: bool = False) -> None:
        super().set_rows(rows, currency, to_date)
        revenues = [r["revenue"] / 100 for r in rows]  # currency units, for drawing only
        peak = max([abs(v) for v in revenues] + [1])
        scale = 1000 if peak >= 100_000 else 1
        # The unit goes in the legend, beside the line it belongs to.
        self.revenue.setName(
            QCoreApplication.translate("TrendChart", "Revenue (thousands)")
            if scale == 1000
            else QCoreApplication.translate("TrendChart", "Revenue")
        )
        self._split(self.revenue, self.revenue_to_date, [v / scale for v in revenues])
        self.revenue_to_date.setVisible(self.to_date)
        low = min([0.0] + [v / scale for v in revenues])
        self.revenue_axis.setRange(low, peak / scale * 1.1)
        self.revenue_axis.applyNiceNumbers()
        self._split(self.rate, self.rate_to_date, [r["repurchase_rate"] * 100 for r in rows])


class TrendChart(QWidget):
    """The twelve-month trend in two charts of at most two axes each: customers (new and
    buyers) above, revenue and the repurchase rate below."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.customers = CustomersChart()
        self.money = RevenueChart()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.customers, 1)
        layout.addWidget(self.money, 1)
        # What the tests and the page read, under their names.
        self.months = self.customers.months
        self.new_set, self.buyers_set = self.customers.new_set, self.customers.buyers_set
        self.revenue, self.rate = self.money.revenue, self.money.rate

    def set_rows(self, rows: list[dict], currency: str = "CNY", to_date: bool = False) -> None:
        self.customers.set_rows(rows, currency, to_date)
        self.money.set_rows(rows, currency, to_date)

    def values(self, series: QLineSeries) -> list[float]:
        """Every month's value of a line, the month to date included."""
        extra = {self.revenue: self.money.revenue_to_date, self.rate: self.money.rate_to_date}[series]
        points = [series.at(i).y() for i in range(series.count())]
        if extra.count():
            points.append(extra.at(extra.count() - 1).y())
        return points
