"""A customer's downstream referral tree (裂变) as a Qt tree: who they brought in,
generation by generation, with converted marks and revenue."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from crm.money import format_amount
from crm.services.referrals import Tree, TreeNode
from ui.models.base import CUSTOMER_ID_ROLE, LEFT, RIGHT, column_header

_ALIGN = (LEFT, RIGHT)  # by whether the column holds numbers

# Internal ids: a node's position in the tree's node list, plus one (0 is the invisible root).
_ROOT = 0


class FissionTreeModel(QAbstractItemModel):
    COL_NAME, COL_CODE, COL_GENERATION, COL_CONVERTED, COL_REVENUE = range(5)
    COLUMNS = ("name", "code", "generation", "converted", "revenue")
    NUMBERS = (COL_GENERATION, COL_REVENUE)

    def __init__(self, parent: QObject | None = None, currency: str = "CNY"):
        super().__init__(parent)
        self.currency = currency
        self._nodes: list = []
        self._children: dict[int, list[int]] = {_ROOT: []}  # key -> keys of children
        self._parent: dict[int, int] = {}  # key -> key of parent
        self._row: dict[int, int] = {}  # key -> row under its parent

    def set_tree(self, tree: Tree | None) -> None:
        self.beginResetModel()
        self._nodes = list(tree.nodes) if tree is not None else []
        self._children = {_ROOT: []}
        self._parent = {}
        self._row = {}
        if tree is not None:
            key_of = {tree.root.id: _ROOT}
            # Nodes come by generation, so a parent is always placed before its children.
            for position, node in enumerate(self._nodes):
                key = position + 1
                key_of[node.id] = key
                parent_key = key_of.get(node.parent_id, _ROOT)
                siblings = self._children.setdefault(parent_key, [])
                self._row[key] = len(siblings)
                siblings.append(key)
                self._parent[key] = parent_key
                self._children.setdefault(key, [])
        self.endResetModel()

    def node(self, index: QModelIndex | QPersistentModelIndex):
        key = index.internalId() if index.isValid() else _ROOT
        return self._nodes[key - 1] if key != _ROOT else None

    # --- Qt --------------------------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()):  # noqa: B008
        parent_key = parent.internalId() if parent.isValid() else _ROOT
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children.get(parent_key, [])
        if not 0 <= row < len(children) or not 0 <= column < len(self.COLUMNS):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()):  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent_key = self._parent.get(index.internalId(), _ROOT)
        if parent_key == _ROOT:
            return QModelIndex()
        return self.createIndex(self._row[parent_key], 0, parent_key)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid():
            if parent.column() != 0:
                return 0
            return len(self._children.get(parent.internalId(), []))
        return len(self._children[_ROOT])

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.COLUMNS)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802, B008
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        return column_header(self, section, role) if orientation == Qt.Orientation.Horizontal else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        node = self.node(index) if index.isValid() else None
        if node is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(node, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_CONVERTED:
                return QBrush(QColor("#2e7d32"))
            return QBrush(QColor("#757575")) if col == self.COL_NAME and not node.converted else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return (
                int(Qt.AlignmentFlag.AlignCenter)
                if col == self.COL_CONVERTED
                else _ALIGN[col in self.NUMBERS]
            )
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_CONVERTED:
            return self.tr("Converted: has bought") if node.converted else self.tr("Not converted yet")
        return node.id if role == CUSTOMER_ID_ROLE else None

    def _text(self, node: TreeNode, col: int) -> str | None:
        if col == self.COL_REVENUE:
            return format_amount(node.revenue, self.currency)
        if col == self.COL_CONVERTED:
            return "✓" if node.converted else ""
        return {
            self.COL_NAME: node.name,
            self.COL_CODE: node.code,
            self.COL_GENERATION: str(node.generation),
        }.get(col)
