"""What every screen is given: the shop's database location, who is at the
counter, the actions that change the shop (:mod:`ui.actions`, whose
``changed`` signal every page listens to), and a bus of requests to go
somewhere else (another customer, another shop)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from crm.services.common import Actor
from ui.actions import Actions


class Bus(QObject):
    """Requests to show something else; the main window answers them. (What changed
    in the shop is told by ``Actions.changed``, not here.)"""

    open_customer = Signal(int)  # "show me this customer" from any screen
    log_visit = Signal(int)  # "this customer is at the counter": the counter takes them
    leave_demo = Signal()  # "start my real shop" (the window does it)
    open_database = Signal(str)  # "show this shop database instead" (the window does it)
    back_to_shop = Signal(str)  # "from this demo back to the real shop in this file" (the window does it)


@dataclass
class AppContext:
    location: str
    actor: Actor | None = None
    language: str = "en"
    bus: Bus = field(default_factory=Bus)
    actions: Actions = field(init=False)

    def __post_init__(self) -> None:
        self.actions = Actions(self)

    @property
    def staff_id(self) -> int | None:
        return self.actor.staff_id if self.actor else None
