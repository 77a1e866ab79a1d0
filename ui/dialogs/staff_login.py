"""Who is at the counter: choosing a staff member and asking for their PIN
(:class:`ui.dialogs.pin_dialog.PinDialog`, which shows the wait after five wrong PINs).

Used at start (the last person who used this computer is proposed) and by
"Switch staff" in the window (Ctrl+L), so a shared counter PC changes hands
without restarting the app; :mod:`ui.session` remembers who it was.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from crm.services import staff as staff_service
from crm.services.common import Actor
from crm.services.staff import StaffInfo
from ui.dialogs.pin_dialog import TITLE, PinDialog
from ui.words import role_name


def ask_pin(parent: QWidget | None, person: StaffInfo) -> bool | None:
    """True when the PIN was right (or they have none and need none); None when they cancelled.
    A wrong PIN is asked again, saying so; after five wrong PINs the dialog shows the wait.
    An owner without a PIN in a shop of two or more (restored or upgraded from before the rule)
    chooses one first (SPEC 8): the owner's rights are never a click away for anyone."""
    if not person.has_pin:
        return set_owner_pin(parent, person) if staff_service.must_choose_pin(person) else True
    dialog = PinDialog(person, parent)
    try:
        return True if dialog.exec() else None
    finally:
        dialog.deleteLater()


def set_owner_pin(parent: QWidget | None, person: StaffInfo) -> bool | None:
    """The owner's new PIN, typed twice, before they work as the owner; None when cancelled."""
    from crm.services import shop
    from ui.context import AppContext
    from ui.dialogs.pin_dialog import NewPinDialog

    ctx = AppContext(location=shop.location(), actor=staff_service.actor_for(person.id))
    count = len(staff_service.list_staff())
    intro = (
        QCoreApplication.translate(
            "StaffLogin",
            "This shop has %1 staff members, so its owner needs a PIN: without one anyone at the"
            " counter could work as the owner. Choose your PIN to go on as %2.",
        )
        .replace("%1", str(count))
        .replace("%2", person.name)
    )
    dialog = NewPinDialog(ctx, person, intro, parent)
    try:
        return True if dialog.exec() else None
    finally:
        dialog.deleteLater()


def choose(parent: QWidget | None, current_id: int | None = None) -> Actor | None:
    """Pick a staff member from the active ones, then their PIN; None when cancelled."""
    active = staff_service.list_staff()
    if not active:
        return None
    labels = [f"{s.name} ({role_name(s.role)})" for s in active]
    for index, label in enumerate(labels):  # two people of one name and role: tell them apart
        if labels.count(label) > 1:
            labels[index] = f"{label} #{active[index].id}"
    current = next((i for i, s in enumerate(active) if s.id == current_id), 0)
    label, ok = QInputDialog.getItem(
        parent,
        TITLE,
        QCoreApplication.translate("StaffLogin", "Who is at the counter?"),
        labels,
        current,
        False,
    )
    if not ok or label not in labels:
        return None
    person = active[labels.index(label)]
    if not ask_pin(parent, person):
        return None
    return staff_service.actor_for(person.id)
