"""The level history a demo shop would have had, and its stored levels to match."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from crm import clock
from crm.demo.shop import Shop
from crm.services import levels
from crm.services.level_replay import replayed as replayed_batches
from crm.services.level_replay import shop_history
from crm.services.replay_purchases import US_PER_DAY, purchase_keys


class Purchases:
    """The purchases (visits with an amount above zero) the demo drew: their customers and
    moments in two numpy arrays (8 MB a million), kept for the replay once the visits are
    written and let go."""

    def __init__(self, shop: Shop):
        import numpy  # only for a demo

        visits = shop.visits
        bought = visits.amount > 0
        self.customers = visits.customer[bought].astype(numpy.int32)
        first_second = shop.first_ordinal * 86_400  # a visit's second counts from the first day's midnight
        self.moments = (visits.second[bought].astype(numpy.int64) + first_second) * (US_PER_DAY // 86_400)

    def days(self) -> Iterator[tuple[int, list[int]]]:
        """Each customer's purchase days as :func:`crm.services.replay_purchases.purchase_days`
        reads them from the visits written."""
        import numpy

        return purchase_keys(numpy, self.customers, self.moments)


def replayed(until: date, purchases: Purchases) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """Every customer's level replayed through the demo's history (SPEC 2.1), so a customer's
    timeline shows how they came to their level: each change at the purchase that made it
    (or the start of the day a purchase left the window), with what caused it; none later
    than the moment the demo is made. The batches of level changes and stored levels
    :func:`crm.services.level_replay.write_history` writes. The shop's customers, pins and
    communities are read here; the purchases are the ones drawn, not read back, so the
    batches read nothing more from the database (they can be drawn in another thread)."""
    return replayed_batches(shop_history(until, clock.now()), purchases.days())


def store_levels(until: date) -> None:
    """The replay stored each customer's level and level_since where their history ends;
    refresh_all fills in the list statistics and finds no level to change."""
    levels.refresh_all(until)
