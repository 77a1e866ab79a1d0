"""Item models for the fission page (SPEC 2.3).

:class:`FissionModel` is the referral forest as a tree: one row per tree root
(from :func:`crm.services.referrals.forest`), whose children are loaded only
when the row is expanded (``canFetchMore``/``fetchMore``), one generation at a
time. The first expansion of a root reads its whole downstream tree once (one
recursive query) and keeps it; deeper expansions are served from that cache.
A big tree (more than :data:`LARGE_TREE` people) is read off the GUI thread:
the root says "loading…" and its first generation appears when the read ends,
so a tree of tens of thousands never freezes the window.

:class:`LeaderboardModel` is the super-user leaderboard: referrers by converted
referrals, with their level and tree size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from crm.money import format_amount
from crm.services import referrals
from crm.services.fission_page import LeaderRow
from crm.services.referrals import Tree, TreeNode, TreeSummary
from ui.models.base import CUSTOMER_ID_ROLE, RowTableModel, column_header
from ui.widgets.level_badge import LEVEL_ROLE
from ui.words import customers_count

SORT_ROLE = Qt.ItemDataRole.UserRole + 2

LARGE_TREE = 3000  # the largest demo tree (2,291 people) reads in about 30 ms
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_MUTED = QColor("#9e9e9e")
_CONVERTED = QColor("#2e7d32")

Index = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()  # the invisible root, as a default argument


@dataclass(eq=False)
class _Node:
    """One row: a tree root, or a member of a root's tree."""

    customer_id: int
    name: str
    code: str
    generation: int  # 0 for a root
    size: int  # everyone below this customer
    depth: int  # generations below this customer
    converted: int  # converted customers below this customer
    revenue: int  # root: the tree's revenue; member: their own
    bought: bool | None  # member: has a purchase; None for a root
    parent: _Node | None = None
    row: int = 0
    children: list[_Node] | None = None  # None until fetched
    root: _Node | None = None  # the tree this node belongs to (itself for a root)
    tree: _TreeCache | None = None  # on roots, once fetched
    loading: bool = False  # on roots: the tree is being read in the background

    @classmethod
    def of(
        cls, person, generation: int, totals: tuple[int, int, int], revenue: int, bought, **where
    ) -> _Node:
        """A row for ``person`` (id, name, code) with the (size, depth, converted) below them."""
        return cls(person.id, person.name, person.code, generation, *totals, revenue, bought, **where)

    @property
    def has_children(self) -> bool:
        return self.size > 0


@dataclass
class _TreeCache:
    """A root's downstream tree, read once: children by parent and subtree totals."""

    children: dict[int, list[TreeNode]] = field(default_factory=dict)
    totals: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # id: size, depth, converted

    @classmethod
    def of(cls, tree: Tree) -> _TreeCache:
        cache = cls()
        for node in tree.nodes:  # ordered by generation: parents before children
            cache.children.setdefault(node.parent_id, []).append(node)
        size: dict[int, int] = {}
        depth: dict[int, int] = {}
        converted: dict[int, int] = {}
        for node in reversed(tree.nodes):  # children before parents
            s, d, c = size.get(node.id, 0), depth.get(node.id, 0), converted.get(node.id, 0)
            cache.totals[node.id] = (s, d, c)
            up = node.parent_id
            size[up] = size.get(up, 0) + s + 1
            depth[up] = max(depth.get(up, 0), d + 1)
            converted[up] = converted.get(up, 0) + c + int(node.converted)
        for siblings in cache.children.values():
            # Biggest branches first, then in the order they joined.
            siblings.sort(key=lambda n: (-cache.totals[n.id][0], n.id))
        return cache


class FissionModel(QAbstractItemModel):
    NAME, GENERATION, CONVERTED, SIZE, DEPTH, REVENUE = range(6)
    COLUMNS = ("customer", "generation", "converted", "tree_size", "depth", "revenue")
    NUMBERS = (GENERATION, CONVERTED, SIZE, DEPTH, REVENUE)

    def __init__(
        self,
        parent=None,
        load_tree: Callable[[int], Tree] | None = None,
        currency: str = "CNY",
    ):
        super().__init__(parent)
        self._roots: list[_Node] = []
        self._load_tree = load_tree or referrals.downstream_tree
        self.currency = currency
        self._jobs = None  # a JobRunner, made on the first big tree
        self._waiting: dict[int, QPersistentModelIndex] = {}  # root id: the row that asked

    # --- filling ---------------------------------------------------------------

    def set_forest(self, trees: list[TreeSummary], currency: str | None = None) -> None:
        if self._jobs is not None:
            for root_id in list(self._waiting):
                self._jobs.forget(f"tree-{root_id}")
        self._waiting.clear()
        self.beginResetModel()
        if currency:
            self.currency = currency
        self._roots = []
        for row, t in enumerate(trees):
            node = _Node.of(t.root, 0, (t.size, t.depth, t.converted), t.revenue, None, row=row)
            node.root = node
            self._roots.append(node)
        self.endResetModel()

    def roots(self) -> list[int]:
        return [n.customer_id for n in self._roots]

    # --- navigation --------------------------------------------------------------

    def _node(self, index: Index) -> _Node | None:
        return index.internalPointer() if index.isValid() else None

    def index(self, row: int, column: int, parent: Index = _TOP) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        node = self._node(parent)
        siblings = self._roots if node is None else (node.children or [])
        return self.createIndex(row, column, siblings[row])

    def parent(self, index: Index = _TOP) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = _TOP) -> int:  # noqa: N802
        if parent.column() > 0:
            return 0
        node = self._node(parent)
        if node is None:
            return len(self._roots)
        return len(node.children) if node.children is not None else 0

    def columnCount(self, parent: Index = _TOP) -> int:  # noqa: N802
        return len(self.COLUMNS)

    def hasChildren(self, parent: Index = _TOP) -> bool:  # noqa: N802
        if parent.column() > 0:
            return False
        node = self._node(parent)
        if node is None:
            return bool(self._roots)
        return node.has_children

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        node = self._node(parent)
        return (
            node is not None
            and parent.column() == 0
            and node.has_children
            and node.children is None
            and not node.root.loading
        )

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        """Load the next generation under ``parent``: the referrals of that customer."""
        if not self.canFetchMore(parent):
            return
        node = self._node(parent)
        root = node.root
        if root.tree is None:
            if root.size > LARGE_TREE:
                self._read_in_background(root, parent)
                return
            root.tree = _TreeCache.of(self._load_tree(root.customer_id))
        self._insert_children(node, parent)

    def _read_in_background(self, root: _Node, asked: Index) -> None:
        from ui.jobs import JobRunner

        if self._jobs is None:
            self._jobs = JobRunner(self)
        root.loading = True
        self._waiting[root.customer_id] = QPersistentModelIndex(asked)
        self._root_changed(root)
        load = self._load_tree
        self._jobs.start(
            f"tree-{root.customer_id}",
            lambda customer_id: _TreeCache.of(load(customer_id)),
            root.customer_id,
            done=lambda cache, root=root: self._tree_read(root, cache),
            failed=lambda exc, root=root: self._tree_read(root, None),
        )

    def _tree_read(self, root: _Node, cache: _TreeCache | None) -> None:
        root.loading = False
        asked = self._waiting.pop(root.customer_id, None)
        if root not in self._roots:  # the forest was read again meanwhile
            return
        self._root_changed(root)
        if cache is None:  # a failed read: the row can be opened again to retry
            return
        root.tree = cache
        if asked is not None and asked.isValid():
            self.fetchMore(QModelIndex(asked))

    def _root_changed(self, root: _Node) -> None:
        first = self.index(root.row, 0)
        self.dataChanged.emit(first, first.siblingAtColumn(len(self.COLUMNS) - 1))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until background tree reads are done (tests, closing)."""
        return self._jobs.wait(msecs) if self._jobs is not None else True

    def _insert_children(self, node: _Node, parent: Index) -> None:
        root = node.root
        cache = root.tree
        children = []
        for row, member in enumerate(cache.children.get(node.customer_id, [])):
            children.append(
                _Node.of(
                    member,
                    member.generation,
                    cache.totals[member.id],
                    member.revenue,
                    member.converted,
                    parent=node,
                    row=row,
                    root=root,
                )
            )
        if not children:  # the tree changed since the forest was read
            node.children = []
            node.size = 0
            self.dataChanged.emit(parent, parent)
            return
        self.beginInsertRows(parent, 0, len(children) - 1)
        node.children = children
        self.endInsertRows()

    # --- what is shown -------------------------------------------------------------

    def customer_id(self, index: Index) -> int | None:
        node = self._node(index)
        return node.customer_id if node else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        return (
            column_header(self, section, role, self._tip)
            if orientation == Qt.Orientation.Horizontal
            else None
        )

    def _tip(self, section: int) -> str:
        return (
            self.tr("Tree roots first; expand a row to see who they brought in"),
            self.tr("1 = brought in by the root directly, 2 = by one of those, …"),
            self.tr("Root: members of the tree who bought. Member: ✓ when they have bought"),
            self.tr("Everyone brought in below this customer, directly or through others"),
            self.tr("How many generations the tree below this customer has"),
            self.tr("Root: purchases less refunds of the whole tree. Member: their own"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        column = index.column()
        root = node.parent is None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(node, column, root)
        if role == CUSTOMER_ID_ROLE:
            return node.customer_id
        if role == SORT_ROLE:
            return (node.name, node.generation, node.converted, node.size, node.depth, node.revenue)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == self.NAME:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(_CENTER if column == self.CONVERTED and not root else _RIGHT)
        if role == Qt.ItemDataRole.FontRole and root:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.CONVERTED and not root:
                return _CONVERTED if node.bought else _MUTED
            if column == self.NAME and not root and not node.bought:
                return _MUTED
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            if root:
                return (
                    self.tr("%1 (%2) brought in %3 over %4; %5 of them bought")
                    .replace("%1", node.name)
                    .replace("%2", node.code)
                    .replace("%3", customers_count(node.size))
                    .replace("%4", self.tr("%n generation(s)", "", node.depth))
                    .replace("%5", f"{node.converted:,}")
                )
            text = self.tr("%1 (%2), generation %3").replace("%1", node.name).replace("%2", node.code)
            text = text.replace("%3", str(node.generation))
            if not node.bought:
                text += self.tr("; has not bought yet")
            return text
        return None

    def _display(self, node: _Node, column: int, root: bool) -> str:
        if column == self.NAME:
            if root and node.loading:
                return self.tr("%1  %2  (loading…)").replace("%1", node.name).replace("%2", node.code)
            return f"{node.name}  {node.code}" if root else node.name
        if column == self.GENERATION:
            return self.tr("Root") if root else str(node.generation)
        if column == self.CONVERTED:
            if root:
                return f"{node.converted:,}"
            return "✓" if node.bought else "—"
        if column == self.SIZE:
            return f"{node.size:,}" if node.size or root else ""
        if column == self.DEPTH:
            return str(node.depth) if node.depth or root else ""
        if column == self.REVENUE:
            return format_amount(node.revenue, self.currency)
        return ""


class LeaderboardModel(RowTableModel):
    RANK, NAME, LEVEL, CONVERTED, REFERRALS, SIZE = range(6)
    COLUMNS = ("rank", "customer", "level", "converted", "referred", "tree_size")
    NUMBERS = (RANK, CONVERTED, REFERRALS, SIZE)

    def header_tooltip(self, section: int) -> str | None:
        return (
            None,
            None,
            None,
            self.tr("Customers they referred who have bought"),
            self.tr("Customers they referred directly"),
            self.tr("Everyone brought in below them, directly or through others"),
        )[section]

    def customer_id(self, index: Index) -> int | None:
        return self._rows[index.row()].customer_id if index.isValid() else None

    def cell(self, r: LeaderRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.LEVEL:
                return None  # the delegate paints the badge
            return (
                str(r.rank),
                r.name,
                None,
                f"{r.converted:,}",
                f"{r.referrals:,}",
                f"{r.tree_size:,}",
            )[column]
        if role == LEVEL_ROLE and column == self.LEVEL:
            return r.level
        if role == CUSTOMER_ID_ROLE:
            return r.customer_id
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NAME:
            return f"{r.name} ({r.code})"
        if role == Qt.ItemDataRole.FontRole and column == self.CONVERTED:
            font = QFont()
            font.setBold(True)
            return font
        return None
