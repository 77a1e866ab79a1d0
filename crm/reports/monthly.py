"""The monthly loyalty report's data: the metrics as JSON (SPEC 4), and the
rows of each workbook sheet (SPEC 5), gathered in bulk.

Every sheet is a handful of aggregate queries over the whole shop, never a
query per customer; the customer rows are yielded one by one so the workbook
can stream them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

from crm.db import database, stream_rows
from crm.reports import metrics
from crm.reports.metrics import MONEY_KEYS, Month
from crm.reports.rfm import SEGMENTS
from crm.reports.rfm import segment_codes as rfm_segment_codes
from crm.services import communities as community_service
from crm.services import referrer_table as referrer_service
from crm.services.shop_levels import ShopFacts

BATCH = 10_000  # rows a fetch of the whole shop's


def _rounded(key: str, value: Any) -> Any:
    if key in MONEY_KEYS:
        return round(value / 100, 2)
    if isinstance(value, float):
        return round(value, 4)
    return value


def report_json(month: str) -> dict[str, Any]:
    """``report --json``: exactly the keys of SPEC 4, floats to 4 places, money in currency units."""
    return {key: _rounded(key, value) for key, value in metrics.month_metrics(month).items()}


# The Customers sheet's row: plain tuples, since a report streams 100,000 of them.
CUSTOMER_COLUMNS = (
    "id",  # the customer's id, for what is looked up beside the row (the lifetime figures)
    "code",
    "name",
    "phone",
    "level_start",
    "level_end",
    "purchase_days",
    "spend",
    "last_purchase",
    "rfm_segment",
    "referrer",
    "big_c",
    "communities",
)


class MemberCommunities:
    """Each customer's communities on a day, by name, kept as a few arrays (a million
    customers: about 10 MB), never a Python object per customer: the names once, in the
    database's order of names, and per customer the positions of theirs."""

    def __init__(self, day: date):
        import numpy as np  # here: the reports page imports this module and needs no numpy

        rank: dict[int, int] = {}
        self.names: list[str] = []
        for community_id, name in stream_rows(
            "SELECT g.id, g.name FROM community g WHERE g.created <= ? ORDER BY g.name, g.id", (day,)
        ):
            rank[community_id] = len(self.names)
            self.names.append(name)
        places = len(self.names) + 1
        keys = array("q")  # customer id × places + the community's position
        for cid, community_id in stream_rows(
            "SELECT m.customer_id, m.community_id FROM membership m JOIN community g ON g.id = m.community_id"
            ' WHERE m.joined <= ? AND (m."left" IS NULL OR m."left" > ?) AND g.created <= ?',
            (day, day, day),
            batch=BATCH,
        ):
            if community_id in rank:
                keys.append(cid * places + rank[community_id])
        ordered = np.frombuffer(keys, dtype=np.int64)
        ordered.sort()
        customers = ordered // places
        top = int(customers[-1]) + 1 if len(customers) else 0
        # Customer id c's communities: positions[first[c]:first[c + 1]], in name order. Both
        # filled in place: a million customers' temporaries are where the report's memory peaks.
        self.first = array("i", [0]) * (top + 1)
        first = np.frombuffer(self.first, dtype=np.int32)
        np.add.at(first, customers + 1, 1)
        np.cumsum(first, out=first)
        del customers, first
        self.positions = array("i", [0]) * len(ordered)
        np.remainder(ordered, places, out=np.frombuffer(self.positions, dtype=np.int32), casting="unsafe")

    def of(self, customer_id: int) -> str | None:
        """The names of a customer's communities, joined by commas (None: none)."""
        first = self.first
        if customer_id + 1 >= len(first):
            return None
        begin, end = first[customer_id], first[customer_id + 1]
        if begin == end:
            return None
        if end == begin + 1:
            return self.names[self.positions[begin]]
        names = self.names
        return ", ".join(names[place] for place in self.positions[begin:end])


class CustomerSheet:
    """Everything the Customers sheet needs, gathered once; rows streamed in code order.

    What is kept is a few arrays by customer id (a million customers: about 20 MB), never a
    Python object per customer: the facts, one byte for the RFM segment, and each customer's
    communities (:class:`MemberCommunities`)."""

    def __init__(
        self,
        month: Month,
        start_levels: Mapping[int, int],
        end_levels: Mapping[int, int],
        facts: ShopFacts,
        communities: MemberCommunities,
    ):
        """``end_levels`` and ``facts`` as of D_end (:func:`shop_levels.levels_and_facts`),
        ``start_levels`` as of D_start, ``communities`` on D_end."""
        import numpy as np

        self.month = month
        self.start = start_levels
        self.end = end_levels
        self.facts = facts
        self.communities = communities
        pdays = np.frombuffer(facts.purchase_days, dtype=np.uint16)
        buyers = np.flatnonzero(pdays)
        ordinals = np.frombuffer(facts.last_purchase, dtype=f"i{facts.last_purchase.itemsize}")
        recency = month.last.toordinal() - ordinals[buyers]
        # One byte per customer: the index of their RFM segment, 255 for none.
        segment = np.full(len(pdays), 255, dtype=np.uint8)
        segment[buyers] = rfm_segment_codes(recency, pdays[buyers])
        self.segment = bytearray(segment.tobytes())
        self.big_c = community_service.big_c_ids(month.last)

    def __len__(self) -> int:
        return len(self.end)

    def bought(self) -> bytes:
        """One byte a customer id: 1 for a purchase on or before D_end (for the Fission sheet)."""
        import numpy as np

        last = self.facts.last_purchase
        return (np.frombuffer(last, dtype=f"i{last.itemsize}") != 0).tobytes()

    def rows(self) -> Iterator[tuple]:
        """One tuple per customer joined by D_end, in code order, fields as in CUSTOMER_COLUMNS:
        level_start is None for a customer who joined during the month; spend is in cents;
        rfm_segment is a key of :data:`crm.reports.rfm.SEGMENTS` or None."""
        from crm.phones import display_phone

        # Chinese mobiles ("+8613812345678") are laid out as "138 1234 5678" by the query
        # itself; anything else goes through the phone library.
        cursor = stream_rows(
            "SELECT c.id, c.code, c.name,"
            " CASE WHEN c.phone LIKE '+861%' AND LENGTH(c.phone) = 14"
            "  THEN SUBSTR(c.phone, 4, 3) || ' ' || SUBSTR(c.phone, 7, 4) || ' ' || SUBSTR(c.phone, 11, 4)"
            "  ELSE c.phone END, c.phone LIKE '+861%' AND LENGTH(c.phone) = 14, r.name"
            " FROM customer c LEFT JOIN customer r ON r.id = c.referrer_id"
            " WHERE c.joined <= ? ORDER BY c.code",
            (self.month.last,),
            batch=BATCH,
        )
        facts = self.facts
        pdays, spend, last = facts.purchase_days, facts.spend, facts.last_purchase
        start, end_get, big_c, groups = self.start.get, self.end.get, self.big_c, self.communities.of
        segment_of, segment_names = self.segment, (*SEGMENTS, *([None] * (256 - len(SEGMENTS))))
        known = len(pdays)
        day = date.fromordinal
        for cid, code, name, phone, laid_out, referrer in cursor:
            if cid < known:
                days, cents, ordinal, segment = (
                    pdays[cid],
                    spend[cid],
                    last[cid],
                    segment_names[segment_of[cid]],
                )
            else:  # joined after the month's facts were read (an export racing the counter)
                days = cents = ordinal = 0
                segment = None
            yield (
                cid,
                code,
                name,
                phone if laid_out or phone is None else display_phone(phone),
                start(cid),
                end_get(cid, 0),
                days,
                cents,
                day(ordinal) if ordinal else None,
                segment,
                referrer,
                cid in big_c,
                groups(cid),
            )


def fission_rows(month: Month, bought: bytes | None = None) -> Iterator[tuple]:
    """Per referrer with converted referrals: name, code, direct, converted, tree size, depth,
    tree revenue in the month (cents). Read as a table of numbers first (a chain has hundreds
    of thousands of referrers), each name as its row comes; ``bought`` as
    :meth:`CustomerSheet.bought` gives it, when read already."""
    period = (month.first, month.last)
    table = referrer_service.referrer_table(
        as_of=month.last, period=period, only_converted=True, bought=bought
    )
    names = referrer_service.names_in_order(table.ids)
    for i, (name, code) in enumerate(names):
        yield (
            name,
            code,
            table.referrals[i],
            table.converted[i],
            table.size[i],
            table.depth[i],
            table.revenue[i],
        )


def community_rows(month: Month) -> list[tuple]:
    """name, leader, members, active members, activity rate, zombie, platform (its key)."""
    return [
        (g.name, g.leader_name, g.members, g.active_members, g.activity_rate, g.zombie, g.platform)
        for g in sorted(
            metrics.live_communities(month.last),
            key=lambda g: (-g.members, g.name),
        )
    ]


def followup_rows(month: Month) -> list[tuple]:
    """Per staff (None: unassigned): name, created in the month, done in the month, overdue at D_end."""
    rows = database.execute_sql(
        "SELECT s.name,"
        " SUM(CASE WHEN t.created_on >= ? AND t.created_on <= ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.status = 'done' AND t.closed_on >= ? AND t.closed_on <= ? THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN t.created_on <= ? AND t.due < ? AND (t.status = 'open' OR t.closed_on > ?)"
        "     THEN 1 ELSE 0 END)"
        " FROM task t LEFT JOIN staff s ON s.id = t.assignee_id"
        " GROUP BY t.assignee_id, s.name ORDER BY s.name",
        (month.first, month.last, month.first, month.last, month.last, month.last, month.last),
    ).fetchall()
    return [(name, int(c or 0), int(d or 0), int(o or 0)) for name, c, d, o in rows if (c or d or o)]


def staff_rows(month: Month) -> list[tuple]:
    """Per staff (None: not recorded): name, visits logged, purchases, revenue (cents) in the month."""
    rows = database.execute_sql(
        "SELECT s.name, COUNT(*), SUM(CASE WHEN v.amount > 0 THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN v.amount > 0 OR v.kind = 'refund' THEN v.amount ELSE 0 END)"
        " FROM visit v LEFT JOIN staff s ON s.id = v.staff_id"
        " WHERE v.day >= ? AND v.day <= ? GROUP BY v.staff_id, s.name ORDER BY COUNT(*) DESC",
        (month.first, month.last),
    ).fetchall()
    return [(name, int(n), int(p or 0), int(r or 0)) for name, n, p, r in rows]
