"""The follow-up table of suggestions (Suggestion rows).

Suggestions can number tens of thousands on a big shop: the model keeps them
all but shows them in batches (canFetchMore/fetchMore), and builds each row's
translated reason only when the row is painted.
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
from ui.models.task_model import CUSTOMER_ID_ROLE, MUTED_COLOR, short_day, via_text
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
    """Every suggestion is held in ``_rows``; the first ``_shown`` of them are the
    model's rows, ``BATCH`` more each time the view scrolls to the end."""

    CUSTOMER, REASON, KIND, DUE, VIA = range(5)
    COLUMNS = ("customer", "why", "kind", "due", "via")
    BATCH = 300

    def __init__(self, parent=None):
        super().__init__(parent)
        self._shown = 0
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

    def set_suggestions(self, rows: Iterable[Suggestion]) -> None:
        with self._change():
            self.beginResetModel()
            self._rows = self._in_sort_order(list(rows))
            self._shown = min(self.BATCH, len(self._rows))
            self.endResetModel()

    def total(self) -> int:
        return len(self._rows)

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
        return not parent.isValid() and not self._changing and self._shown < len(self._rows)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid() or self._changing:
            return
        more = min(self.BATCH, len(self._rows) - self._shown)
        if more <= 0:
            return
        with self._change():
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._shown

    # --- cells ---------------------------------------------------------------

    def cell(self, s: Suggestion, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.CUSTOMER:
                return s.customer_name
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
            if col == self.VIA and s.via_name:
                return (
                    self.tr("The task will be routed via %1 %2")
                    .replace("%1", big_c())
                    .replace("%2", s.via_name)
                )
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.VIA:
            return QBrush(MUTED_COLOR)
        return None

    def sort_key(self, col: int) -> Callable[[Suggestion], object] | None:
        return {
            self.CUSTOMER: lambda s: (s.customer_name, s.customer_id, s.rule),
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
        self.set_suggestions(self._rows)
