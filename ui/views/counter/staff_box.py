"""Who served the customer, at the counter: the active staff, with the one chosen on
this form kept, else the person signed in (a sale is theirs unless they say
otherwise), else the one chosen last at this counter."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from crm.services.staff import StaffInfo
from ui.session import app_settings, shop_key

STAFF_KEY = "counter/staff_id"


class StaffBox(QComboBox):
    def __init__(self, signed_in: int | None, parent=None):
        super().__init__(parent)
        self.signed_in = signed_in
        self.setObjectName("CounterStaff")
        self.setToolTip(self.tr("Who served the customer; remembered for the next visit"))
        self.setMinimumWidth(140)
        self.activated.connect(self._chosen)
        self._offered: list[tuple[int, str]] | None = None

    def set_staff(self, members: list[StaffInfo]) -> None:
        offered = [(member.id, member.name) for member in members]
        if offered == self._offered:
            return  # nothing moved: the box is left alone (it may be open)
        self._offered = offered
        current = self.currentData() if self.count() else None
        self.blockSignals(True)
        self.clear()
        for staff_id, name in offered:
            self.addItem(name, staff_id)
        if not offered:
            self.addItem(self.tr("(no staff)"), None)
        self.blockSignals(False)
        for wanted in (current, self.signed_in, app_settings().value(shop_key(STAFF_KEY))):
            if wanted in (None, ""):
                continue
            index = self.findData(int(wanted))
            if index >= 0:
                self.setCurrentIndex(index)
                return
        self.setCurrentIndex(0)

    def staff_id(self) -> int | None:
        value = self.currentData()
        return None if value is None else int(value)

    def remember(self) -> None:
        """The next visit at this counter is credited to the same person, unless signed in as another."""
        staff_id = self.staff_id()
        if staff_id is not None:
            app_settings().setValue(shop_key(STAFF_KEY), staff_id)

    def _chosen(self, index: int) -> None:
        staff_id = self.itemData(index)
        if staff_id is not None:
            app_settings().setValue(shop_key(STAFF_KEY), int(staff_id))
