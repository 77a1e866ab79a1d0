"""Everything the counter's card shows about one customer, read in one call;
and what its entry form offers (the staff to credit, the shop's currency).

The counter reads the card off the GUI thread whenever the highlighted customer
(or their data) changes: who they are, why they are at their level and what
moves them up, who serves them, their last visits and how many tasks are open.
Words are the screen's business; this gives the facts (the level explanation
as :class:`crm.levels.Explanation`, amounts in minor units).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from crm.db import database
from crm.levels import Explanation
from crm.services import communities, customer_level, customers, settings, staff, tasks, visits
from crm.services.customers import CustomerInfo
from crm.services.referrals import Person
from crm.services.staff import StaffInfo
from crm.services.visits import VisitInfo

if TYPE_CHECKING:
    from crm.services.lifetime import CustomerFigures

RECENT_VISITS = 3  # what fits the card beside the form on a 1024 x 768 screen


@dataclass(frozen=True)
class CardData:
    info: CustomerInfo
    explanation: Explanation  # why they are at their level today, and the steps up
    window_days: int  # the level rules' window, which the explanation speaks of
    serving: Person | None  # the 大C who serves them, if any
    recent: list[VisitInfo]  # newest first
    open_tasks: int
    currency: str
    # From the stored fit, never fitting again (about 0.6 ms on the 100k demo); None: not read.
    lifetime: CustomerFigures | None = None

    @property
    def customer_id(self) -> int:
        return self.info.id

    @property
    def level(self) -> int:
        """The stored level, as the search results show it."""
        return self.info.level


def card(
    customer_id: int,
    recent: int = RECENT_VISITS,
    as_of: date | None = None,
    explanation: Explanation | None = None,
) -> CardData:
    """The card of this customer (archived ones too); NotFound when there is no such customer.

    ``explanation`` is their level's, when the caller has it fresh (a visit just saved
    worked it out: :attr:`crm.services.visits.VisitResult.explanation`)."""
    from crm.services import lifetime

    # One read transaction: on SQLite the stored level and its explanation then come from the
    # same state of the shop, not from either side of a visit saved at another counter.
    with database.atomic():
        info = customers.get_customer(customer_id)
        shop = settings.get_many("level.window_days", "currency")
        return CardData(
            info=info,
            explanation=explanation or customer_level.explain_customer(customer_id, as_of),
            window_days=int(shop["level.window_days"]),
            serving=communities.serving_big_c(customer_id, as_of),
            recent=visits.list_visits(customer_id=customer_id, limit=recent),
            open_tasks=len(tasks.list_tasks(status="open", customer_id=customer_id)),
            currency=str(shop["currency"]),
            lifetime=lifetime.for_customer(customer_id, as_of),
        )


@dataclass(frozen=True)
class CounterSetup:
    staff: list[StaffInfo]  # who may be credited with a sale: the active staff, owners first
    currency: str


def setup() -> CounterSetup:
    """What the counter's entry form offers, whoever is highlighted."""
    return CounterSetup(staff=staff.list_staff(), currency=str(settings.get("currency")))
