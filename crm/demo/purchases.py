"""Demo visits: each kind of customer comes at their own rhythm; most visits are
purchases at shelf prices, some are refunds, services or events."""

from __future__ import annotations

import functools
import random
from array import array

from crm.demo.shop import OCCASIONAL, ONE_OFF, REGULAR, SIGNED_UP, SUPER, Progress, Shop

# Shelf prices in cents; cheap items sell most.
PRICES = (
    590, 890, 990, 1280, 1580, 1680, 1980, 2380, 2500, 2980, 3280, 3800, 4580, 5800, 6800, 7900,
    8800, 9900, 12800, 15800, 16800, 19900, 25800, 29900, 39900, 59900, 88800,
)  # fmt: skip


QUANTITIES = (1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 6)


PURCHASE_NOTES = ("", "", "", "", "", "", "", "", "会员日", "团购", "满减", "送礼", "预订")


SERVICE_NOTES = ("包装", "试用", "售后咨询", "免费保养", "退换咨询")


REFUND_NOTES = ("退货", "质量问题退款", "尺码不合适", "重复付款退回")


EVENT_NOTES = ("新品品鉴会", "会员日活动", "周年庆", "亲子手工课")


VISIT_COLUMNS = (
    "id",
    "customer_id",
    "staff_id",
    "at",
    "day",
    "kind",
    "amount",
    "quantity",
    "note",
    "created_at",
)


def _visit_days(rng: random.Random, kind: int, first: int, last: int) -> list[int]:
    """Day offsets of a customer's visits, from their first visit to ``last`` (the end day)."""
    days = [first]
    if kind == ONE_OFF:
        return days
    if kind == OCCASIONAL:
        stop, mean, count = last, rng.uniform(45, 150), rng.randint(2, 6)
    elif kind == REGULAR:
        stop, mean, count = last, rng.uniform(9, 30), 10_000
    elif kind == SUPER:
        stop, mean, count = last, rng.uniform(3, 8), 10_000
    else:  # LAPSED: a regular who stopped coming at least 200 days before the end
        stop = min(first + int(rng.uniform(90, 500)), last - 200)
        mean, count = rng.uniform(10, 35), 10_000
    day = first
    while len(days) < count:
        day += 1 + int(rng.gammavariate(2.0, mean / 2.0))
        if day > stop:
            break
        days.append(day)
    return days


KINDS = ("purchase", "refund", "visit", "service", "event")
PURCHASE, REFUND, VISIT, SERVICE, EVENT = range(len(KINDS))
NOTE_TEXTS = tuple(dict.fromkeys(("", *PURCHASE_NOTES, *SERVICE_NOTES, *REFUND_NOTES, *EVENT_NOTES)))
_NOTE = {text: index for index, text in enumerate(NOTE_TEXTS)}
_PURCHASE_NOTES = tuple(_NOTE[text] for text in PURCHASE_NOTES)
_SERVICE_NOTES = tuple(_NOTE[text] for text in SERVICE_NOTES)
_REFUND_NOTES = tuple(_NOTE[text] for text in REFUND_NOTES)
_EVENT_NOTES = tuple(_NOTE[text] for text in EVENT_NOTES)


class Visits:
    """The demo's visits as columns of machine integers: about 20 bytes a visit, where a
    tuple of Python objects takes 300 and a million-customer demo has ten million visits.
    ``staff`` 0 is nobody; ``second`` counts from the first day's midnight (:meth:`Shop.second`);
    ``kind`` and ``note`` index :data:`KINDS` and :data:`NOTE_TEXTS`. After :meth:`sort`
    the columns are numpy arrays in id order."""

    COLUMNS = (("customer", "i"), ("staff", "b"), ("second", "i"), ("kind", "b"), ("amount", "i"))
    COLUMNS += (("quantity", "b"), ("note", "b"))

    def __init__(self):
        for name, code in self.COLUMNS:
            setattr(self, name, array(code))

    def __len__(self) -> int:
        return len(self.customer)

    def add(
        self, customer: int, staff: int | None, second: int, kind: int, amount: int, quantity: int, note: int
    ):
        self.customer.append(customer)
        self.staff.append(staff or 0)
        self.second.append(second)
        self.kind.append(kind)
        self.amount.append(amount)
        self.quantity.append(quantity)
        self.note.append(note)

    def sort(self) -> None:
        """In time order: ids follow time, as in a shop that logged visits as they happened;
        visits at the same second keep the order they were drawn in."""
        import numpy  # only for a demo

        order = numpy.argsort(numpy.frombuffer(self.second, dtype=numpy.int32), kind="stable")
        for name, code in self.COLUMNS:
            column = numpy.frombuffer(getattr(self, name), dtype=numpy.dtype(code))
            setattr(self, name, column[order])
            del column

    def columns(self, start: int, stop: int) -> tuple[range, list[int], ...]:
        """Ids ``start + 1`` … ``stop`` (after :meth:`sort`) and their customer, staff, day (an
        index of ``Shop.day_text``), second of the day, kind, amount, quantity and note, as
        lists of Python ints."""
        stop = min(stop, len(self))
        seconds = self.second[start:stop]
        return (
            range(start + 1, stop + 1),
            self.customer[start:stop].tolist(),
            self.staff[start:stop].tolist(),
            (seconds // 86_400).tolist(),
            (seconds % 86_400).tolist(),
            *(getattr(self, name)[start:stop].tolist() for name in ("kind", "amount", "quantity", "note")),
        )

    def tuples(self, shop: Shop, start: int, stop: int) -> list[tuple]:
        """The rows (:data:`VISIT_COLUMNS`) of ids ``start + 1`` … ``stop``; created_at = at."""
        day_text, times = shop.day_text, times_of_day()
        rows = []
        for vid, customer, staff, day, second, kind, amount, quantity, note in zip(
            *self.columns(start, stop), strict=True
        ):
            on = day_text[day]
            at = f"{on} {times[second]}"
            rows.append(
                (vid, customer, staff or None, at, on, KINDS[kind], amount, quantity, NOTE_TEXTS[note], at)
            )
        return rows


@functools.cache
def times_of_day() -> tuple[str, ...]:
    """``HH:MM:SS`` of each second of a day: ten million visit times are looked up, not formatted."""
    return tuple(f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60))


def build_visits(shop: Shop, report: Progress) -> None:
    """Every customer's visits, drawn customer by customer, then put in time order."""
    rng, last = shop.rng, shop.last
    visits = Visits()
    add = visits.add
    for i in range(shop.n):
        kind = shop.kinds[i]
        if kind == SIGNED_UP:
            continue
        first = shop.joined[i]
        if rng.random() < 0.1:  # signed up first, bought a few days later
            first = min(last, first + rng.randint(1, 20))
        customer_id = i + 1
        skew = 1.2 if kind == SUPER else 1.8
        for day in _visit_days(rng, kind, first, last):
            roll = rng.random()
            staff_id = shop.staff_on(day)
            at = shop.second(day)
            if roll < 0.86 or day == first:
                price = PRICES[int(rng.random() ** skew * len(PRICES))]
                quantity = QUANTITIES[rng.randrange(len(QUANTITIES))] if price < 5000 else 1
                amount = price * quantity
                if rng.random() < 0.08:
                    amount = amount * 9 // 10 // 10 * 10
                add(
                    customer_id,
                    staff_id,
                    at,
                    PURCHASE,
                    amount,
                    quantity,
                    _PURCHASE_NOTES[rng.randrange(len(PURCHASE_NOTES))],
                )
                if rng.random() < 0.012:
                    back = min(last, day + rng.choice((0, 0, 1, 2, 3, 7, 14)))
                    refund = amount if rng.random() < 0.7 else price
                    why = _REFUND_NOTES[rng.randrange(len(REFUND_NOTES))]
                    when = at if back == day else shop.second(back)
                    add(customer_id, shop.staff_on(back), when, REFUND, -refund, 1, why)
            elif roll < 0.93:
                add(customer_id, staff_id, at, VISIT, 0, 1, 0)
            elif roll < 0.985:
                add(
                    customer_id,
                    staff_id,
                    at,
                    SERVICE,
                    0,
                    1,
                    _SERVICE_NOTES[rng.randrange(len(SERVICE_NOTES))],
                )
            else:
                add(customer_id, staff_id, at, EVENT, 0, 1, _EVENT_NOTES[rng.randrange(len(EVENT_NOTES))])
        if i % 2_000 == 1_999:
            report(0.2 + 0.25 * i / shop.n, "visits")
    visits.sort()
    shop.visits = visits
