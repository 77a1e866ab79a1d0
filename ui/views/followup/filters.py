"""Whose tasks the follow-up page shows: everyone's, one's own, nobody's or one person's."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox, QWidget

from crm.services.staff import StaffInfo
from crm.services.tasks import TaskInfo

EVERYONE, ME, NOBODY = "all", "me", "none"


class AssigneeFilter(QComboBox):
    """The choices' data: ``EVERYONE``, ``ME`` (when someone is signed in), ``NOBODY`` or a staff id."""

    def __init__(self, signed_in: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.signed_in = signed_in  # the staff id of who is signed in, if anyone
        self.setObjectName("assigned_filter")
        self.setMinimumWidth(150)
        self.setToolTip(self.tr("Show the tasks assigned to…"))
        self.show_staff([])

    def show_staff(self, members: Iterable[StaffInfo]) -> bool:
        """The choices for these staff members, keeping the one chosen while it is there; when it
        is gone (deactivated), everyone's tasks are shown and this says False."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Everyone"), EVERYONE)
        if self.signed_in is not None:
            self.addItem(self.tr("Me"), ME)
        self.addItem(self.tr("Unassigned"), NOBODY)
        for member in members:
            self.addItem(member.name, member.id)
        found = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(0, found))
        self.blockSignals(False)
        return found >= 0

    def choose(self, key) -> None:
        """Show the tasks of ``EVERYONE``, ``ME``, ``NOBODY`` or a staff id."""
        found = self.findData(key)
        if found >= 0:
            self.setCurrentIndex(found)

    def query(self) -> tuple[int | None, bool]:
        """(staff id to read the tasks of, only the unassigned ones)."""
        key = self.currentData()
        if key == ME:
            return self.signed_in, False
        if key == NOBODY:
            return None, True
        return (key, False) if isinstance(key, int) else (None, False)

    def matches(self, info: TaskInfo) -> bool:
        """Whether the task belongs in the lists as filtered now."""
        assignee_id, unassigned = self.query()
        if unassigned:
            return info.assignee_id is None
        return assignee_id is None or info.assignee_id == assignee_id
