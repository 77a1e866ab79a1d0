"""The follow-up table of suggestions (Suggestion rows).

Suggestions number hundreds of thousands on a chain: the model holds a book of them
(:class:`crm.services.suggestion_book.SuggestionBook`: ranked, read a page at a time) and
shows only the first ``limit`` (today's, and as many more as the clerk asked to see),
reading them in pages as the view scrolls (canFetchMore/fetchMore); it builds each row's
translated reason only when the row is painted. A sort reorders the rows read; the rows
waiting stay in the ranking's order, so sorting never changes which are today's.
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


class ListBook:
    """Suggestions held in a list, read as :class:`crm.services.suggestion_book.SuggestionBook`
    is (a page at a time): for lists already whole."""

    def __init__(self, rows: Iterable[Suggestion]):
        self.rows = list(rows)
        self.count = len(self.rows)

    def page(self, start: int, count: int) -> list[Suggestion]:
        return self.rows[start : start + count]

    def ranked_through(self, end: int) -> bool:
        return True


class SuggestionTableModel(RowTableModel):
    """A window on the ranked suggestions of a book (every suggestion standing, ranked, read a
    page at a time): the first ``_limit`` may be shown, and ``_rows`` holds those read so far,
    ``BATCH`` more each time the view scrolls to the end. Reading a page may take a while on a
    chain (a level's values): with a ``fetcher`` the page is asked for in the background and
    comes back through :meth:`add_page`; without one, or when the page's ranks are ranked
    already (a few small reads), it is read at once."""

    RANK, CUSTOMER, PHONE, WECHAT, LEVEL, REASON, KIND, DUE, VIA = range(9)
    COLUMNS = ("rank", "customer", "phone", "wechat", "level", "why", "kind", "due", "via")
    NUMBERS = (0,)
    BATCH = 300

    def __init__(self, parent=None):
        super().__init__(parent)
        self.book: Any = None  # SuggestionBook or ListBook
        # fetcher(start, count): reads that page off the GUI thread and hands it to add_page.
        self.fetcher: Callable[[int, int], None] | None = None
        self._read = 0  # how many of the book's ranks were read into rows
        self._limit = 0
        self._total = 0  # the book's count less the suggestions answered since it was read
        self._asked: int | None = None  # the rank a page was asked from, while it is read
        self._rank: dict[tuple[str, int, str], int] = {}  # each row's place in the ranking
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
        book = ListBook(rows)
        limit = book.count if limit is None else limit
        self.set_book(book, book.page(0, min(limit, self.BATCH)), limit)

    def set_book(
        self, book: Any, first: list[Suggestion], limit: int, read: int | None = None, gone: int = 0
    ) -> None:
        """Show ``book``: ``first`` are its first ranks as read (``read`` of them, when some were
        left out since: ``gone`` answered), the first ``limit`` may be shown."""
        read = len(first) if read is None else read
        with self._change():
            self.beginResetModel()
            self.book, self._read, self._asked = book, read, None
            self._total = book.count - gone
            self._limit = max(0, min(limit, self._total))
            self._rank = {self.row_key(s): n for n, s in enumerate(first)}
            self._rows = self._in_sort_order(list(first[: self._limit]))
            self.endResetModel()

    def add_page(
        self, page: tuple[int, list[Suggestion]], keep: Callable[[Suggestion], bool] | None = None
    ) -> None:
        """The page asked for (``(start, rows)``); a page of an older book or start is dropped.
        ``keep`` leaves out rows answered since the book was read."""
        start, rows = page
        if start != self._asked:
            return
        self._asked = None
        self._read = start + len(rows)
        for n, s in enumerate(rows):
            self._rank[self.row_key(s)] = start + n
        kept = [s for s in rows if keep is None or keep(s)]
        self._total -= len(rows) - len(kept)
        self._limit = min(self._limit, self._total)
        kept = kept[: max(0, self._limit - len(self._rows))]
        if kept:
            with self._change():
                self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(kept) - 1)
                self._rows.extend(kept)
                self.endInsertRows()
            if self._sort is not None:
                self._sort_rows(self.sort_key(self._sort[0]), self._sort[1])

    def total(self) -> int:
        """Every suggestion standing, shown or waiting."""
        return self._total

    def limit(self) -> int:
        """How many may be shown: today's, and the more asked for."""
        return self._limit

    def waiting(self) -> int:
        """How many stand beyond those that may be shown."""
        return self._total - self._limit

    def fetching(self) -> bool:
        """A page is being read."""
        return self._asked is not None

    def show_more(self, more: int) -> None:
        """Let ``more`` of the waiting ones be shown (the first batch of them at once)."""
        self._limit = min(self._total, self._limit + max(0, more))
        self.fetchMore()

    def rank(self, s: Suggestion) -> int:
        """1 for the suggestion most at stake."""
        return self._rank.get(self.row_key(s), self._total) + 1

    def suggestion(self, row: int) -> Suggestion:
        return self._rows[row]

    def suggestions(self) -> list[Suggestion]:
        return list(self._rows)

    @staticmethod
    def row_key(row: Suggestion) -> tuple[str, int, str]:
        """The occasion a suggestion is about (what dismissing it hides)."""
        return row.rule, row.customer_id, row.anchor

    def reveal(self, row: int) -> None:
        """Read until ``row`` is one of the model's rows (a view asks only for the next batch);
        pages read in the background come later."""
        while row >= len(self._rows) and self.canFetchMore():
            self.fetchMore()
            if self.fetching():
                return

    def remove_where(self, predicate: Callable[[Suggestion], bool]) -> int:
        """Drop the rows ``predicate`` holds for (today's list gets shorter); returns how many went.
        The rows not read yet are left to the next read of the book."""
        doomed = [i for i, s in enumerate(self._rows) if predicate(s)]
        if not doomed:
            return 0
        self._limit -= len(doomed)
        self._total -= len(doomed)
        # They leave through beginRemoveRows, in contiguous runs from the bottom.
        with self._change():
            for first, last in reversed(runs(doomed)):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._rows[first : last + 1]
                self.endRemoveRows()
        return len(doomed)

    # --- lazy loading ------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return (
            not parent.isValid()
            and not self._changing
            and self._asked is None
            and len(self._rows) < self._limit
            and self.book is not None
            and self._read < self.book.count
        )

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: N802, B008
        if not self.canFetchMore(parent):
            return
        start, count = self._read, min(self.BATCH, self._limit - len(self._rows))
        self._asked = start
        if self.fetcher is not None and not self.book.ranked_through(start + count):
            self.fetcher(start, count)  # a level to rank first: seconds on a chain
        else:
            self.add_page((start, self.book.page(start, count)))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

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
        # The rows read are sorted; pages read later join them in that order.
        super().sort(column, order)
