"""What every screen is given: the shop's database location, who is at the
counter, and a bus of signals so one screen's change refreshes the others."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from crm.services.changes import Changes
from crm.services.common import Actor
from ui.actions import Actions


class Bus(QObject):
    """Signals that say what changed; views listen and reload what they show."""

    customers_changed = Signal()  # created, edited, archived, levels moved
    customer_changed = Signal(int)
    visits_changed = Signal(int)  # customer id
    tasks_changed = Signal()
    communities_changed = Signal()
    settings_changed = Signal()
    staff_changed = Signal()  # added, edited, deactivated or reactivated
    open_customer = Signal(int)  # "show me this customer" from any screen
    leave_demo = Signal()  # "start my real shop" (the window does it)
    open_database = Signal(str)  # "show this shop database instead" (the window does it)
    back_to_shop = Signal(str)  # "from this demo back to the real shop in this file" (the window does it)

    def repeat(self, changes: Changes) -> None:
        """While pages move to ``Actions.changed``: say a published change in the old signals too."""
        if changes.visits:
            for customer_id in changes.customers or {0}:
                self.visits_changed.emit(customer_id)
        for customer_id in changes.customers:
            self.customer_changed.emit(customer_id)
        if changes.every_customer:
            self.customers_changed.emit()
        if changes.tasks:
            self.tasks_changed.emit()
        if changes.communities:
            self.communities_changed.emit()
        if changes.settings:
            self.settings_changed.emit()
        if changes.staff:
            self.staff_changed.emit()


@dataclass
class AppContext:
    location: str
    actor: Actor | None = None
    language: str = "en"
    bus: Bus = field(default_factory=Bus)
    actions: Actions = field(init=False)

    def __post_init__(self) -> None:
        self.actions = Actions(self)
        self.actions.changed.connect(self.bus.repeat)

    @property
    def staff_id(self) -> int | None:
        return self.actor.staff_id if self.actor else None
