"""The follow-up table of suggestions (Suggestion rows).

Suggestions can number tens of thousands on a big shop: the model keeps them
all, most at stake first, but shows only the first ``limit`` (today's, and as
many more as the clerk asked to see), in batches (canFetchMore/fetchMore); it
builds each row's translated reason only when the row is painted. A sort
reorders the rows shown and the rows waiting each on their own, so sorting
never changes which are today's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from crm.levels import MICRO, WEAK
from crm.services.suggestions import Suggestion
from crm.services.tasks import RULES
from ui.models.base import RowTableModel
from ui.models.task_model import (
    CUSTOMER_ID_ROLE,
    MUTED_COLOR,
    contact_header,
    kind_line,
    phone_text,
    short_day,
    via_text,
)
from ui.words import big_c, level_name, task_kind

_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}

_Index = QModelIndex | QPersistentModelIndex


def suggestion_reason(s: Suggestion) -> str:
    """Why the rules propose this task, in the app's language (Suggestion.reason is English)."""
    days = str(s.days)
    if s.rule == "micro_not_back":
        return (
            QCoreApplication.translate("FollowUpWords", "%1 customer not back for %2 days (last purchase %3)")
            .replace("%1", level_name(MICRO))
            .replace("%2", days)
            .replace("%3", short_day(s.occasion))
        )
    if s.rule == "weak_dropping":
        return (
            QCoreApplication.translate(
                "FollowUpWords", "%1 customer %2 days since last purchase — about to drop"
            )
            .replace("%1", level_name(WEAK))
            .replace("%2", days)
        )
    if s.rule == "birthday":
        if s.days == 0:
            return QCoreApplication.translate("FollowUpWords", "Birthday today (%1)").replace(
                "%1", short_day(s.occasion)
            )
        if s.days == 1:
            return QCoreApplication.translate("FollowUpWords", "Birthday tomorrow (%1)").replace(
                "%1", short_day(s.occasion)
            )
        return (
            QCoreApplication.translate("FollowUpWords", "Birthday on %1, in %2 days")
            .replace("%1", short_day(s.occasion))
            .replace("%2", days)
        )
    if s.rule == "referral_converted":
        return QCoreApplication.translate(
            "FollowUpWords", "Referral %1 made a first purchase — thank the referrer"
        ).replace("%1", s.related_name or "")
    if s.rule == "new_customer":
        return QCoreApplication.translate("FollowUpWords", "New customer: first visit %1 days ago").replace(
            "%1", days
        )
    return s.reason


def runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as runs of consecutive ones: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for row in rows:
        if out and out[-1][1] == row - 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out


class SuggestionTableModel(RowTableModel):
    """Every suggestion is held in ``_rows``, ranked; the first ``_limit`` may be shown, and
    the first ``_shown`` of them are the model's rows, ``BATCH`` more each time the view
    scrolls to the end."""

    RANK, CUSTOMER, PHONE, WECHAT, LEVEL, REASON, KIND, DUE, VIA = range(9)
    COLUMNS = ("rank", "customer", "phone", "wechat", "level", "why", "kind", "due", "via")
    NUMBERS = (0,)
    BATCH = 300

    def __init__(self, parent=None):
        super().__init__(parent)
        self._shown = 0
        self._limit = 0
        self._rank: dict[tuple[str, int, str], int] = {}  # each suggestion's place in the ranking
        # Set while rows are inserted, removed or reset: listeners of those signals
        # (views, the model tester) may ask for more rows, which must wait.
        self._changing = False

    # --- content ---------------------------------------------------------

    @contextmanager
    def _change(self) -> Iterator[None]:
        self._changing = True
        try:
            yield
        finally:
            self._changing = False

    def set_suggestions(self, rows: Iterable[Suggestion], limit: int | None = None) -> None:
        """``rows`` most at stake first; the first ``limit`` of them shown (None: all)."""
        rows = list(rows)
        self._rank = {self.row_key(s): n for n, s in enumerate(rows)}
        self._reset(rows, len(rows) if limit is None else limit)

    def _reset(self, rows: list[Suggestion], limit: int) -> None:
        with self._change():
            self.beginResetModel()
            self._limit = max(0, min(limit, len(rows)))
            self._rows = self._in_sort_order(rows)
            self._shown = min(self.BATCH, self._limit)
            self.endResetModel()

    def _in_sort_order(self, rows: list[Suggestion]) -> list[Suggestion]:
        """Those that may be shown and those waiting, each sorted as the last sort asked."""
        if self._sort is None:
            return rows
        column, order = self._sort
        key, descending = self.sort_key(column), order == Qt.SortOrder.DescendingOrder
        return sorted(rows[: self._limit], key=key, reverse=descending) + sorted(
            rows[self._limit :], key=key, reverse=descending
        )

    def total(self) -> int:
        """Every suggestion held, shown or waiting."""
        return len(self._rows)

    def limit(self) -> int:
        """How many may be shown: today's, and the more asked for."""
        return self._limit

    def waiting(self) -> int:
        """How many are held beyond those that may be shown."""
        return len(self._rows) - self._limit

    def show_more(self, more: int) -> None:
        """Let ``more`` of the waiting ones be shown (the first batch of them at once)."""
        self._limit = min(len(self._rows), self._limit + max(0, more))
        self.fetchMore()

    def rank(self, s: Suggestion) -> int:
        """1 for the suggestion most at stake."""
        return self._rank.get(self.row_key(s), len(self._rank)) + 1

    def suggestion(self, row: int) -> Suggestion:
        return self._rows[row]

    def suggestions(self) -> list[Suggestion]:
        return list(self._rows)

    def row_at(self, row: int) -> Suggestion | None:
        return self._rows[row] if 0 <= row < self._shown else None

    @staticmethod
    def row_key(row: Suggestion) -> tuple[str, int, str]:
        """The occasion a suggestion is about (what dismissing it hides)."""
        return row.rule, row.customer_id, row.anchor

    def reveal(self, row: int) -> None:
        """Fetch until ``row`` is one of the model's rows (a view asks only for the next batch)."""
        while row >= self._shown and self.canFetchMore():
            self.fetchMore()

    def remove_where(self, predicate: Callable[[Suggestion], bool]) -> int:
        """Drop every suggestion ``predicate`` holds for; returns how many went."""
        doomed = [i for i, s in enumerate(self._rows) if predicate(s)]
        if not doomed:
            return 0
        self._limit -= sum(1 for i in doomed if i < self._limit)  # today's list gets shorter
        first_hidden = self._shown
        hidden = {i for i in doomed if i >= first_hidden}
        if hidden:  # not fetched yet: no view knows them
            self._rows = [s for i, s in enumerate(self._rows) if i not in hidden]
        # Shown rows leave through beginRemoveRows, in contiguous runs from the bottom.
        shown = [i for i in doomed if i < first_hidden]
        with self._change():
            for first, last in reversed(runs(shown)):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._rows[first : last + 1]
                self._shown -= last - first + 1
                self.endRemoveRows()
        return len(doomed)

    # --- lazy loading ------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and not self._changing and self._shown < self._limit

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._changing:
            return
        more = min(self.BATCH, self._limit - self._shown)
        if more <= 0:
            return
        with self._change():
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._shown

    # --- cells ---------------------------------------------------------------

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if section == self.RANK and role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(
                "Most at stake first: the customer's level, what they are expected to be worth in the "
                "next 12 months, their spend in 365 days, how overdue"
            )
        return contact_header(self, section, role, self.WECHAT)

    def cell(self, s: Suggestion, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.RANK:
                return str(self.rank(s))
            if col == self.CUSTOMER:
                return s.customer_name
            if col == self.PHONE:
                return phone_text(s.phone)
            if col == self.WECHAT:
                return s.wechat or ""
            if col == self.LEVEL:
                return level_name(s.level)
            if col == self.REASON:
                return suggestion_reason(s)
            if col == self.KIND:
                return task_kind(s.kind)
            if col == self.DUE:
                return s.due.isoformat()
            if col == self.VIA:
                return via_text(s.via_name)
            return None
        if role == CUSTOMER_ID_ROLE:
            return s.customer_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.REASON:
                return suggestion_reason(s)
            if col == self.KIND:
                return kind_line(s.kind)
            if col == self.VIA and s.via_name:
                return (
                    self.tr("The task will be routed via %1 %2")
                    .replace("%1", big_c())
                    .replace("%2", s.via_name)
                )
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col in (self.VIA, self.RANK):
            return QBrush(MUTED_COLOR)
        return None

    def sort_key(self, col: int) -> Callable[[Suggestion], object] | None:
        return {
            self.RANK: self.rank,
            self.CUSTOMER: lambda s: (s.customer_name, s.customer_id, s.rule),
            self.PHONE: lambda s: (s.phone or "", s.customer_id),
            self.WECHAT: lambda s: (s.wechat or "", s.customer_id),
            self.LEVEL: lambda s: (s.level, s.spend_365, s.customer_id),
            self.REASON: lambda s: (_RULE_ORDER.get(s.rule, 9), s.days, s.customer_id),
            self.KIND: lambda s: (s.kind, s.due, s.customer_id),
            self.DUE: lambda s: (s.due, _RULE_ORDER.get(s.rule, 9), s.customer_name, s.customer_id),
            self.VIA: lambda s: (s.via_name or "", s.customer_id),
        }.get(col)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.sort_key(column) is None:
            return
        # A sort reorders all rows, fetched or not: start again from the first batch.
        self._sort = (column, order)
        self._reset(self._rows, self._limit)
