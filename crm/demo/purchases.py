"""Demo visits: each kind of customer comes at their own rhythm; most visits are
purchases at shelf prices, some are refunds, services or events."""

from __future__ import annotations

import random

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


def build_visits(shop: Shop, report: Progress) -> None:
    rng, last, day_text = shop.rng, shop.last, shop.day_text
    rows = []
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
            at = shop.moment(day)
            if roll < 0.86 or day == first:
                price = PRICES[int(rng.random() ** skew * len(PRICES))]
                quantity = QUANTITIES[rng.randrange(len(QUANTITIES))] if price < 5000 else 1
                amount = price * quantity
                if rng.random() < 0.08:
                    amount = amount * 9 // 10 // 10 * 10
                note = PURCHASE_NOTES[rng.randrange(len(PURCHASE_NOTES))]
                rows.append((customer_id, staff_id, at, day_text[day], "purchase", amount, quantity, note))
                if rng.random() < 0.012:
                    back = min(last, day + rng.choice((0, 0, 1, 2, 3, 7, 14)))
                    refund = amount if rng.random() < 0.7 else price
                    why = REFUND_NOTES[rng.randrange(len(REFUND_NOTES))]
                    when = at if back == day else shop.moment(back)
                    rows.append(
                        (
                            customer_id,
                            shop.staff_on(back),
                            when,
                            day_text[back],
                            "refund",
                            -refund,
                            1,
                            why,
                        )
                    )
            elif roll < 0.93:
                rows.append((customer_id, staff_id, at, day_text[day], "visit", 0, 1, ""))
            elif roll < 0.985:
                note = SERVICE_NOTES[rng.randrange(len(SERVICE_NOTES))]
                rows.append((customer_id, staff_id, at, day_text[day], "service", 0, 1, note))
            else:
                note = EVENT_NOTES[rng.randrange(len(EVENT_NOTES))]
                rows.append((customer_id, staff_id, at, day_text[day], "event", 0, 1, note))
        if i % 2_000 == 1_999:
            report(0.2 + 0.25 * i / shop.n, "visits")
    # Ids follow time, as in a shop that logged visits as they happened; created_at = at.
    rows.sort(key=lambda row: row[2])
    shop.visit_rows = [(vid, *row, row[2]) for vid, row in enumerate(rows, start=1)]
