"""The list of all customers: one SQL query returning tuples, loaded off the GUI thread.

A big shop has 100,000 customers. The list reads the columns the level refresh
keeps on the customer row (level, last purchase, purchase days, spend in 365
days) plus the referrer's name through one join, as plain tuples (no model
instances). Filters are SQL ``WHERE`` clauses; the 大C filter and sorting work
on the Python list (a 100k sort is 15–70 ms). The query takes about 0.25 s on
100k rows, so it runs in a QThreadPool worker and the window stays usable;
``loaded`` says when the rows are in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from operator import itemgetter

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from crm import clock
from crm.db import database, is_postgres
from crm.money import format_amount
from crm.phones import display_phone
from crm.services import communities, settings
from ui.jobs import JobRunner
from ui.widgets.level_badge import LEVEL_ROLE
from ui.words import big_c, level_name

CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

# Positions in a row tuple, in the order of the SELECT below.
R_ID, R_CODE, R_NAME, R_PHONE, R_LEVEL, R_LAST, R_DAYS, R_SPEND, R_REFERRER, R_TAGS, R_ARCHIVED = range(11)

SELECT = (
    "SELECT c.id, c.code, c.name, c.phone, c.level, c.last_purchase, c.purchase_days, c.spend_365,"
    " r.name, c.tags, c.archived FROM customer c LEFT JOIN customer r ON r.id = c.referrer_id"
)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True)
class CustomerFilter:
    """What the list shows. Empty ``levels`` means every level."""

    text: str = ""
    levels: frozenset[int] = field(default_factory=frozenset)
    community_id: int | None = None
    tag: str | None = None
    big_c_only: bool = False
    include_archived: bool = False

    def where(self) -> tuple[str, list]:
        """The SQL condition and its parameters (``?`` placeholders)."""
        clauses: list[str] = []
        params: list = []
        if not self.include_archived:
            clauses.append("c.archived = ?")
            params.append(False)
        if self.levels:
            levels = sorted(self.levels)
            clauses.append(f"c.level IN ({', '.join('?' * len(levels))})")
            params += levels
        if self.community_id is not None:
            today = clock.today().isoformat()
            clauses.append(
                "(c.id IN (SELECT g.leader_id FROM community g WHERE g.id = ?) OR EXISTS ("
                "SELECT 1 FROM membership m WHERE m.customer_id = c.id AND m.community_id = ?"
                ' AND m.joined <= ? AND (m."left" IS NULL OR m."left" > ?)))'
            )
            params += [self.community_id, self.community_id, today, today]
        if self.tag:
            clauses.append("c.tags LIKE ? ESCAPE '\\'")
            params.append(f"%,{_escape_like(self.tag)},%")
        term = ""
        if self.text.strip():
            # Imported here: pypinyin takes 0.2 s to load, which start-up need not pay.
            from crm.services.search import normalize_term

            term = normalize_term(self.text)
        if term:
            clauses.append("c.search_key LIKE ? ESCAPE '\\'")
            params.append(f"%{_escape_like(term)}%")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _day(value) -> str | None:
    return None if value is None else str(value)[:10]


def _normal(row: tuple) -> tuple:
    """Dates as ISO text and flags as bool, whichever engine gave the row."""
    return (
        row[R_ID],
        row[R_CODE],
        row[R_NAME],
        row[R_PHONE],
        int(row[R_LEVEL] or 0),
        _day(row[R_LAST]),
        int(row[R_DAYS] or 0),
        int(row[R_SPEND] or 0),
        row[R_REFERRER],
        row[R_TAGS] or "",
        bool(row[R_ARCHIVED]),
    )


@dataclass
class LoadResult:
    rows: list[tuple]
    big_c: set[int]
    region: str
    currency: str
    seconds: float


def all_tags() -> list[str]:
    """Every tag any customer carries, sorted."""
    tags: set[str] = set()
    for (column,) in database.execute_sql("SELECT DISTINCT tags FROM customer WHERE tags <> ''"):
        tags.update(t for t in column.split(",") if t)
    return sorted(tags)


def fetch_rows(
    flt: CustomerFilter, ids: list[int] | None = None, bigs: set[int] | None = None
) -> tuple[list[tuple], set[int]]:
    """The rows matching ``flt`` (only ``ids`` when given) and the 大C set (read
    unless ``bigs`` is given)."""
    where, params = flt.where()
    if ids is not None:
        marks = ", ".join("?" * len(ids))
        where = (where + " AND " if where else " WHERE ") + f"c.id IN ({marks})"
        params = params + list(ids)
    rows = database.execute_sql(SELECT + where, params).fetchall()
    if is_postgres(getattr(database.obj, "shop_location", "")):
        # PostgreSQL gives date objects; SQLite's ISO text is used as it is (50 ms saved on 100k).
        # (Told by the engine, not by the first row: a customer who never bought has no date.)
        rows = [_normal(r) for r in rows]
    if bigs is None:
        bigs = communities.big_c_ids()
    if flt.big_c_only:
        rows = [r for r in rows if r[R_ID] in bigs]
    return rows, bigs


def load_rows(flt: CustomerFilter, sort_key: tuple[int, bool] | None) -> LoadResult:
    """The rows of ``flt`` in the order of ``sort_key`` (column, reverse), timed; run in a worker."""
    started = time.perf_counter()
    rows, bigs = fetch_rows(flt)
    if sort_key is not None:
        column, reverse = sort_key
        rows.sort(key=_sort_key(column, bigs), reverse=reverse)
    return LoadResult(
        rows,
        bigs,
        settings.get("phone_region"),
        settings.get("currency"),
        time.perf_counter() - started,
    )


def _sorted_rows(rows: list[tuple], column: int, reverse: bool, bigs: set[int]) -> list[tuple]:
    return sorted(rows, key=_sort_key(column, bigs), reverse=reverse)


def _sort_key(column: int, bigs: set[int]):
    """The key function of a column. Columns that are never empty sort by a plain
    itemgetter: name order on 100k rows takes 40 ms instead of 100 ms."""
    index = {
        CustomerTableModel.COL_CODE: R_CODE,
        CustomerTableModel.COL_NAME: R_NAME,
        CustomerTableModel.COL_PHONE: R_PHONE,
        CustomerTableModel.COL_LEVEL: R_LEVEL,
        CustomerTableModel.COL_LAST: R_LAST,
        CustomerTableModel.COL_DAYS: R_DAYS,
        CustomerTableModel.COL_SPEND: R_SPEND,
        CustomerTableModel.COL_REFERRER: R_REFERRER,
        CustomerTableModel.COL_TAGS: R_TAGS,
    }.get(column)
    if column == CustomerTableModel.COL_BIG_C:
        return lambda r: (r[R_ID] in bigs, r[R_SPEND])
    if index in (R_CODE, R_NAME, R_TAGS, R_LEVEL, R_DAYS, R_SPEND):
        return itemgetter(index)
    # Phone, last purchase, referrer may be empty: an empty value sorts below any other.
    return lambda r: r[index] or ""


class CustomerTableModel(QAbstractTableModel):
    """Rows are plain tuples (see ``R_*``); ``reload()`` fetches them in a worker."""

    (
        COL_CODE,
        COL_NAME,
        COL_PHONE,
        COL_LEVEL,
        COL_LAST,
        COL_DAYS,
        COL_SPEND,
        COL_REFERRER,
        COL_BIG_C,
        COL_TAGS,
    ) = range(10)
    COLUMN_COUNT = 10
    # Numbers and dates read best biggest / newest first on the first click.
    DESCENDING_FIRST = (COL_LEVEL, COL_LAST, COL_DAYS, COL_SPEND, COL_BIG_C)
    # Up to this many rows a header click sorts at once (under 20 ms); more go to a worker.
    SYNC_SORT_ROWS = 20_000

    loading = Signal()
    loaded = Signal(int)  # rows shown
    tags_loaded = Signal(list)  # every tag in use (after reload(options=True))
    failed = Signal(object)  # the exception

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[tuple] = []
        self._big_c: set[int] = set()
        self._region = "CN"
        self._currency = "CNY"
        self._filter = CustomerFilter()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._version = 0  # bumped whenever the rows change: a sort of older rows is dropped
        # Keys: "load" (rows), "tags" (every tag in use), "sort" (a big list's new order).
        self.jobs = JobRunner(self)
        self.last_load_seconds = 0.0

    # --- loading ---------------------------------------------------------------

    @property
    def filter(self) -> CustomerFilter:
        return self._filter

    def set_filter(self, flt: CustomerFilter) -> None:
        self._filter = flt
        self.reload()

    def is_loading(self) -> bool:
        """Rows (or a new order of them) are on their way."""
        return self.jobs.busy("load") or self.jobs.busy("sort")

    def is_idle(self) -> bool:
        """No worker of this model is running (rows and tags are in)."""
        return not self.jobs.running()

    def reload(self, options: bool = False) -> None:
        """Fetch the rows again in a worker; a newer reload supersedes an older one.
        With ``options`` the tags in use are read too, beside the rows (``tags_loaded``)."""
        self.jobs.start(
            "load", load_rows, self._filter, self._key(), done=self._apply, failed=self.failed.emit
        )
        if options:
            # The tag list is a convenience: if it cannot be read, the filter offers none.
            self.jobs.start("tags", all_tags, done=self.tags_loaded.emit, failed=lambda _exc: None)
        self.loading.emit()

    def load_now(self, options: bool = False) -> None:
        """Fetch in the calling thread (scripts, benchmarks)."""
        self.jobs.forget("load")  # a load on its way would be older than this
        self._apply(load_rows(self._filter, self._key()))
        if options:
            self.tags_loaded.emit(all_tags())

    def _key(self):
        if self._sort is None:
            return None
        column, order = self._sort
        return column, order == Qt.SortOrder.DescendingOrder

    def _apply(self, result: LoadResult) -> None:
        self.beginResetModel()
        self._version += 1
        self._rows = result.rows
        self._big_c = result.big_c
        self._region = result.region
        self._currency = result.currency
        self.endResetModel()
        self.last_load_seconds = result.seconds
        self.loaded.emit(len(self._rows))

    def refresh_rows(self, ids) -> None:
        """Re-read these customers in place (after a visit or an edit): cheap, no reset.
        A row that no longer matches the filter leaves the list; new matches wait for
        the next full reload."""
        wanted = {int(i) for i in ids if i is not None}
        if not wanted or not self._rows:
            return
        # 大C status moves with communities and flags (customers_changed), not with visits.
        rows, _ = fetch_rows(self._filter, sorted(wanted), self._big_c)
        fresh = {r[R_ID]: r for r in rows}
        self._version += 1
        gone = []
        for row_no, row in enumerate(self._rows):
            cid = row[R_ID]
            if cid not in wanted:
                continue
            if cid in fresh:
                self._rows[row_no] = fresh[cid]
                self.dataChanged.emit(self.index(row_no, 0), self.index(row_no, self.COLUMN_COUNT - 1))
            else:
                gone.append(row_no)
        for row_no in reversed(gone):
            self.beginRemoveRows(QModelIndex(), row_no, row_no)
            del self._rows[row_no]
            self.endRemoveRows()
        if gone:
            self.loaded.emit(len(self._rows))

    # --- reading -----------------------------------------------------------------

    def customer_id(self, row: int) -> int:
        return self._rows[row][R_ID]

    def row_of(self, customer_id: int) -> int:
        for row_no, row in enumerate(self._rows):
            if row[R_ID] == customer_id:
                return row_no
        return -1

    def ids(self) -> list[int]:
        return [r[R_ID] for r in self._rows]

    def is_big_c(self, customer_id: int) -> bool:
        return customer_id in self._big_c

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if not 0 <= section < self.COLUMN_COUNT:
                return None
            return (
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Phone"),
                self.tr("Level"),
                self.tr("Last purchase"),
                self.tr("Purchase days (365 d)"),
                self.tr("Spend (365 d)"),
                self.tr("Referred by"),
                big_c(),
                self.tr("Tags"),
            )[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (self.COL_DAYS, self.COL_SPEND):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == LEVEL_ROLE:
            return row[R_LEVEL] if col == self.COL_LEVEL else None
        if role == CUSTOMER_ID_ROLE:
            return row[R_ID]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (self.COL_DAYS, self.COL_SPEND):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row[R_ARCHIVED]:
                return QColor("#9e9e9e")
            if col == self.COL_BIG_C:
                return QColor("#c62828")
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if row[R_ARCHIVED]:
                return self.tr("%1 is archived").replace("%1", row[R_NAME])
            if col == self.COL_TAGS and row[R_TAGS]:
                return self._display(row, col)
        return None

    def _display(self, row: tuple, col: int):
        if col == self.COL_CODE:
            return row[R_CODE]
        if col == self.COL_NAME:
            return row[R_NAME]
        if col == self.COL_PHONE:
            return display_phone(row[R_PHONE], self._region)
        if col == self.COL_LEVEL:
            return level_name(row[R_LEVEL])
        if col == self.COL_LAST:
            return row[R_LAST] or ""
        if col == self.COL_DAYS:
            return str(row[R_DAYS])
        if col == self.COL_SPEND:
            return format_amount(row[R_SPEND], self._currency)
        if col == self.COL_REFERRER:
            return row[R_REFERRER] or ""
        if col == self.COL_BIG_C:
            return big_c() if row[R_ID] in self._big_c else ""
        if col == self.COL_TAGS:
            return ", ".join(t for t in row[R_TAGS].split(",") if t)
        return None

    # --- sorting -----------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the list. A big list (a name sort of 100k rows takes about 0.1 s) is
        sorted in a worker and shown when done; a small one at once."""
        if not 0 <= column < self.COLUMN_COUNT:
            return
        self._sort = (column, order)
        reverse = order == Qt.SortOrder.DescendingOrder
        if len(self._rows) <= self.SYNC_SORT_ROWS:
            self._show_sorted(sorted(self._rows, key=_sort_key(column, self._big_c), reverse=reverse))
            return
        # Only the latest header click is shown.
        self.jobs.start(
            "sort",
            _sorted_rows,
            self._rows,
            column,
            reverse,
            self._big_c,
            done=lambda rows, version=self._version: self._on_sorted(version, rows),
            failed=self.failed.emit,
        )
        self.loading.emit()

    def _on_sorted(self, version: int, rows: list) -> None:
        if version != self._version:
            if self._sort is not None:
                self.sort(*self._sort)  # the rows changed meanwhile: sort what is shown now
            return
        self._show_sorted(rows)
        self.loaded.emit(len(self._rows))

    def _show_sorted(self, rows: list[tuple]) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [(p, self._rows[p.row()][R_ID], p.column()) for p in persistent if p.isValid()]
        self._rows = rows
        self._version += 1
        if before:
            where = {r[R_ID]: n for n, r in enumerate(self._rows)}
            self.changePersistentIndexList(
                [p for p, _, _ in before],
                [self.index(where[cid], col) if cid in where else QModelIndex() for _, cid, col in before],
            )
        self.layoutChanged.emit()

    def sort_state(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sort
