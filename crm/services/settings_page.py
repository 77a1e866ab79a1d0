"""What the settings page shows, read in one go (off the screen's thread): every setting,
the staff as the signed-in person may see them, the shop's state, and the usual ticket
behind the automatic large-purchase limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crm.errors import ShopError
from crm.services import purchase_limit, settings, shop, staff
from crm.services.common import Actor, may
from crm.services.shop import ShopState
from crm.services.staff import StaffInfo


@dataclass(frozen=True)
class StaffData:
    people: list[StaffInfo]  # everyone, the inactive too: the owner's list (empty for anyone else)
    owner_without_pin: StaffInfo | None  # an owner who needs a PIN now the shop has two people
    me: StaffInfo | None  # the signed-in staff member (None for the shop itself, or one gone meanwhile)


@dataclass(frozen=True)
class SettingsPage:
    values: dict[str, Any]  # every setting, as stored
    staff: StaffData
    shop: ShopState
    usual_ticket: purchase_limit.UsualTicket

    @property
    def currency(self) -> str:
        return str(self.values["currency"])


def _me(actor: Actor | None) -> StaffInfo | None:
    if actor is None or actor.staff_id is None:
        return None
    try:
        return staff.get_staff(actor.staff_id)
    except ShopError:
        return None


def load(actor: Actor | None) -> SettingsPage:
    manages = may(actor, staff.PERMISSION)
    return SettingsPage(
        values=settings.get_all(),
        staff=StaffData(
            people=staff.list_staff(include_inactive=True) if manages else [],
            owner_without_pin=staff.owner_without_pin(adding=0) if manages else None,
            me=_me(actor),
        ),
        shop=shop.state(),
        usual_ticket=purchase_limit.usual_ticket(),
    )
