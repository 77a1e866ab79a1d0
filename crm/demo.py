"""A realistic, deterministic demo shop for an empty database.

``generate`` invents about three years of a neighbourhood shop ending at a
given day: customers with Chinese names and mobile numbers, their visits
(one-off buyers, occasional ones, regulars, lapsed regulars and a few
super-users), who referred whom, communities with their 大C leaders, staff
and follow-up tasks. The same seed and end day always give the same rows.

Everything is generated as plain tuples first and written with
``executemany`` in one transaction; 100,000 customers (about a million
visits) take well under a minute.
"""

from __future__ import annotations

import json
import random
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from crm import clock, models
from crm.errors import InvalidInput, NotEmpty

Progress = Callable[[float, str], None]

SHOP_NAME = "店圈演示店"
CLOSING_TIME = "22:00:00"
HISTORY_DAYS = 3 * 365
MAX_CUSTOMERS = 5_000_000
BATCH_ROWS = 50_000

# Archetypes of customer behaviour, with their share of customers.
SIGNED_UP, ONE_OFF, OCCASIONAL, REGULAR, LAPSED, SUPER = range(6)
ARCHETYPE_WEIGHTS = (
    (SIGNED_UP, 6),
    (ONE_OFF, 32),
    (OCCASIONAL, 29),
    (REGULAR, 19),
    (LAPSED, 10),
    (SUPER, 4),
)
# How strongly each archetype brings friends in (referral "tickets"), and for
# how many days after joining (None: as long as they keep coming).
REFERRAL_WEIGHT = {SIGNED_UP: 0, ONE_OFF: 1, OCCASIONAL: 2, REGULAR: 8, LAPSED: 4, SUPER: 40}
REFERRAL_SPAN = {SIGNED_UP: 0, ONE_OFF: 45, OCCASIONAL: 365, REGULAR: None, LAPSED: None, SUPER: None}
REFERRED_SHARE = 0.9

# (surname, weight): the common ones, plus surnames pinyin tools often misread.
SURNAMES = (
    ("王", 72), ("李", 72), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 32), ("黄", 24), ("赵", 22),
    ("吴", 21), ("周", 20), ("徐", 16), ("孙", 15), ("马", 14), ("朱", 13), ("胡", 12), ("郭", 12),
    ("何", 11), ("高", 10), ("林", 10), ("罗", 10), ("郑", 9), ("梁", 9), ("谢", 8), ("宋", 7),
    ("唐", 7), ("许", 7), ("韩", 7), ("冯", 6), ("邓", 6), ("曹", 6), ("彭", 6), ("曾", 6),
    ("肖", 6), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5),
    ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4),
    ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 4), ("崔", 4), ("钟", 3), ("谭", 3),
    ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3),
    ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3), ("孟", 3), ("熊", 3), ("秦", 3),
    ("邱", 3), ("江", 3), ("尹", 3), ("薛", 2), ("闫", 2), ("段", 2), ("雷", 2), ("侯", 2),
    ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2),
    ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2), ("覃", 2), ("武", 2), ("戴", 2),
    ("莫", 2), ("孔", 2), ("向", 2), ("汤", 2), ("单", 2), ("解", 2), ("仇", 2), ("欧阳", 1),
    ("上官", 1), ("司马", 1),
)  # fmt: skip
FEMALE_GIVEN = (
    "丽", "静", "敏", "燕", "艳", "娟", "霞", "芳", "婷", "雪", "玲", "红", "梅", "琳", "颖", "洁",
    "秀英", "桂英", "秀兰", "玉兰", "丽华", "淑珍", "海燕", "晓红", "小红", "丽娟", "雪梅", "春梅",
    "欣怡", "梓涵", "子涵", "诗涵", "雨涵", "思琪", "佳怡", "可欣", "一诺", "语嫣", "雨桐", "梦瑶",
    "晓雯", "嘉欣", "慧敏", "美玲", "丹丹", "婷婷", "莉莉", "晶晶", "倩", "琴", "璐", "萍", "悦",
)  # fmt: skip
MALE_GIVEN = (
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "浩", "鹏", "斌", "刚", "辉", "健",
    "俊杰", "浩然", "子轩", "宇轩", "建国", "建华", "志强", "志明", "国强", "海涛", "文博", "晓东",
    "家豪", "一鸣", "天宇", "博文", "宇航", "思远", "振华", "永刚", "卫东", "长江", "乐天", "少华",
)  # fmt: skip
# Characters that make up two-character given names, for names beyond the lists above.
FEMALE_CHARS = "丽静敏燕艳娟霞芳婷雪玲红梅琳颖洁欣怡涵琪雨佳嘉思晓梦诗慧美秀淑春月云琴萱瑶妍悦"
MALE_CHARS = "伟强磊军洋勇杰涛明超浩鹏斌刚辉健俊宇轩博文志国建华海东家天子振永卫乐少晨泽"
FEMALE_SHARE = 0.64

# Mobile prefixes (13x/15x/17x/18x/19x) whose whole number range is valid in CN.
PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "173", "175", "176", "177", "178", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "195", "198", "199",
)  # fmt: skip

# Shelf prices in cents; cheap items sell most.
PRICES = (
    590, 890, 990, 1280, 1580, 1680, 1980, 2380, 2500, 2980, 3280, 3800, 4580, 5800, 6800, 7900,
    8800, 9900, 12800, 15800, 16800, 19900, 25800, 29900, 39900, 59900, 88800,
)  # fmt: skip
QUANTITIES = (1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 6)
HOURS = (
    9, 10, 10, 11, 11, 11, 12, 12, 13, 14, 14, 15, 15, 16, 16, 17, 17, 17, 18, 18, 18, 19, 19, 19, 20, 20, 21,
)  # fmt: skip

PURCHASE_NOTES = ("", "", "", "", "", "", "", "", "会员日", "团购", "满减", "送礼", "预订")
SERVICE_NOTES = ("包装", "试用", "售后咨询", "免费保养", "退换咨询")
REFUND_NOTES = ("退货", "质量问题退款", "尺码不合适", "重复付款退回")
EVENT_NOTES = ("新品品鉴会", "会员日活动", "周年庆", "亲子手工课")

TAGS = (
    "宝妈", "上班族", "学生", "退休", "附近小区", "价格敏感", "高消费", "爱尝新", "团购", "送礼",
    "会员日", "老顾客介绍", "抖音来的", "小红书来的", "夜猫子", "周末来",
)  # fmt: skip
NOTES = ("喜欢无糖款", "对花生过敏", "常买礼盒", "只在周末来", "需要开发票", "住在隔壁小区", "喜欢新品")
WECHAT_LETTERS = "abcdefghijkmnpqrstuvwxyz0123456789"
WECHAT_HANDLES = ("lily", "sunny", "amy", "coco", "momo", "tiger", "leo", "kiki", "xiaoyu", "echo", "nana")
OTHER_SOURCES = (("walk_in", 70), ("online", 10), ("event", 8), ("community", 7), ("other", 5))

NEIGHBOURHOODS = (
    "阳光花园", "锦绣苑", "翠湖小区", "金色家园", "幸福里", "滨江一号", "绿城", "万科城", "碧桂园",
    "龙湖天街", "世纪花园", "桃源居", "香榭里", "紫金城",
)  # fmt: skip
GROUP_KINDS = (
    "业主群", "宝妈群", "吃货群", "团购群", "读书会", "跑步团", "广场舞队", "茶友会", "烘焙班", "亲子群",
)  # fmt: skip
PLATFORMS = (("微信群", 70), ("企业微信", 12), ("小区", 8), ("俱乐部", 6), ("抖音粉丝群", 4))

STAFF = (
    ("陈丽华", "owner"),
    ("周敏", "manager"),
    ("李婷婷", "staff"),
    ("王强", "staff"),
    ("赵雪梅", "staff"),
    ("刘洋", "manager"),
    ("孙可欣", "staff"),
    ("黄志明", "staff"),
)
TASK_KINDS = (
    ("content", 20),
    ("service", 20),
    ("experience", 12),
    ("companionship", 12),
    ("birthday", 12),
    ("thank_referrer", 12),
    ("other", 12),
)
TASK_TITLES = {
    "content": "发新品图文给{name}",
    "service": "回访{name}的使用情况",
    "experience": "邀请{name}来店体验",
    "companionship": "节日问候{name}",
    "birthday": "{name}生日祝福",
    "thank_referrer": "感谢{name}推荐朋友",
    "other": "联系{name}",
}
TASK_OUTCOMES = (
    "已联系，下周到店",
    "已发微信，客户回复感谢",
    "未接电话，改天再试",
    "已到店体验",
    "客户暂不需要",
)


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    until: date
    customers: int
    visits: int
    referrals: int
    communities: int
    memberships: int
    staff: int
    tasks: int
    seconds: float


def _expand(weighted) -> tuple:
    return tuple(item for item, weight in weighted for _ in range(weight))


def _archetype(rng: random.Random, tenure: int, archetypes: tuple) -> int:
    kind = archetypes[rng.randrange(len(archetypes))]
    if kind == LAPSED and tenure < 270:
        return OCCASIONAL
    return kind


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


def _history_days(until: date, customers: int) -> list[date]:
    """Month ends over the demo's history (quarter ends above 20,000 customers) and its last day."""
    step = 1 if customers <= 20_000 else 3
    first = until - timedelta(days=HISTORY_DAYS - 1)
    days = []
    year, month = first.year, first.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        end = date(year, month, 1) - timedelta(days=1)  # the last day of the month before
        if end >= until:
            break
        if end >= first and (end.month % step == 0):
            days.append(end)
    return [*days, until]


def _store_history_levels(db) -> None:
    """Each customer's stored level and level_since from the last change of their history."""
    db.execute_sql(
        "UPDATE customer SET level = (SELECT c.to_level FROM level_change c WHERE c.customer_id = customer.id"
        " ORDER BY c.at DESC, c.id DESC LIMIT 1),"
        " level_since = (SELECT MAX(c.at) FROM level_change c WHERE c.customer_id = customer.id)"
        " WHERE EXISTS (SELECT 1 FROM level_change c WHERE c.customer_id = customer.id)"
    )


def _is_empty() -> bool:
    tables = (models.Customer, models.Visit, models.Staff, models.Community, models.Task)
    return not any(model.select().limit(1).exists() for model in tables)


def _insert(db, model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """``executemany`` of plain tuples; columns the demo leaves out get their model default."""
    defaults = [
        (field.column_name, field.default)
        for field in model._meta.sorted_fields
        if field.column_name not in columns and field.default is not None and not callable(field.default)
    ]
    if defaults:
        columns = (*columns, *(name for name, _ in defaults))
        constant = tuple(value for _, value in defaults)
        rows = [row + constant for row in rows]
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join([db.param] * len(columns))
    sql = f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})'
    cursor = db.cursor()
    for start in range(0, len(rows), BATCH_ROWS):
        cursor.executemany(sql, rows[start : start + BATCH_ROWS])


@contextmanager
def _indexes_deferred(db, table: str):
    """On SQLite, drop ``table``'s plain indexes while rows go in and build them after.

    Building an index once from a full table is several times faster than
    keeping it up to date through a million out-of-order inserts.
    """
    import peewee

    if not isinstance(db, peewee.SqliteDatabase):
        yield
        return
    rows = db.execute_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    plain = [(name, sql) for name, sql in rows if not sql.upper().startswith("CREATE UNIQUE")]
    for name, _sql in plain:
        db.execute_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in plain:
        db.execute_sql(sql)


def _reset_sequences(db, tables: tuple[str, ...]) -> None:
    """Rows went in with explicit ids; on PostgreSQL move each id sequence past them."""
    import peewee

    if not isinstance(db, peewee.PostgresqlDatabase):
        return
    for table in tables:
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table}"), 1))'
        )


class _Shop:
    """The demo shop as plain rows, built step by step from one random generator.

    Customers are numbered in the order they joined (index ``i`` is id ``i + 1``),
    so a referrer always has a smaller id than the customers they brought in.
    """

    def __init__(self, customers: int, seed: int, until: date, search_key):
        self.n = customers
        self.until = until
        self.search_key = search_key
        self.rng = random.Random(seed)
        first_day = until - timedelta(days=HISTORY_DAYS - 1)
        self.last = HISTORY_DAYS - 1  # day offsets run 0 … last, last being ``until``
        self.day_text = [(first_day + timedelta(days=d)).isoformat() for d in range(HISTORY_DAYS)]

    def moment(self, day: int) -> str:
        """A time of day the shop is open; on the last day only the morning has happened."""
        rng = self.rng
        hour = rng.randint(9, 11) if day == self.last else HOURS[rng.randrange(len(HOURS))]
        return f"{self.day_text[day]} {hour:02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"

    def build_staff(self) -> None:
        """The owner from the start, one employee who left half-way, one hired a year ago."""
        rng = self.rng
        count = 5 + rng.randrange(4)
        self.eras = (0, HISTORY_DAYS // 2, HISTORY_DAYS - 365)
        self.on_duty: list[list[int]] = [[], [], []]
        self.staff_rows = []
        for index in range(count):
            staff_id = index + 1
            name, role = STAFF[index]
            start_era, end_era = 0, 2
            if index == count - 2:
                end_era = 0
            elif index == count - 1 and count > 5:
                start_era = 2
            shifts = 3 if role == "owner" else 2 if role == "manager" else 4
            for era in range(start_era, end_era + 1):
                self.on_duty[era].extend([staff_id] * shifts)
            created = f"{self.day_text[self.eras[start_era]]} 09:00:00"
            self.staff_rows.append((staff_id, name, role, None, end_era == 2, created))
        self.active_staff = [row[0] for row in self.staff_rows if row[4]]

    def staff_on(self, day: int) -> int | None:
        """Who served at the counter that day (now and then nobody was recorded)."""
        rng = self.rng
        era = 2 if day >= self.eras[2] else 1 if day >= self.eras[1] else 0
        crew = self.on_duty[era]
        return crew[rng.randrange(len(crew))] if rng.random() > 0.03 else None

    def build_customers(self, report: Progress) -> None:
        rng, n, last = self.rng, self.n, self.last
        archetypes = _expand(ARCHETYPE_WEIGHTS)
        # The shop grows: more customers join in later months than in the first.
        self.joined = [
            min(last, day) for day in sorted(int(HISTORY_DAYS * rng.random() ** 0.75) for _ in range(n))
        ]
        self.kinds = [_archetype(rng, last - day, archetypes) for day in self.joined]
        self.referrer = self._referrals()
        self.names: list[str] = []
        self.family_names: list[str] = []
        self.customer_rows = []
        surnames = _expand(SURNAMES)
        other_sources = _expand(OTHER_SOURCES)
        phones: set[str] = set()
        for i in range(n):
            surname = surnames[rng.randrange(len(surnames))]
            female = rng.random() < FEMALE_SHARE
            if rng.random() < 0.5:
                pool = FEMALE_GIVEN if female else MALE_GIVEN
                given = pool[rng.randrange(len(pool))]
            else:
                chars = FEMALE_CHARS if female else MALE_CHARS
                given = chars[rng.randrange(len(chars))] + chars[rng.randrange(len(chars))]
            name = surname + given
            self.names.append(name)
            self.family_names.append(surname)
            phone = None
            if rng.random() > 0.01:
                while phone is None or phone in phones:
                    phone = (
                        f"+86{PHONE_PREFIXES[rng.randrange(len(PHONE_PREFIXES))]}{rng.randrange(10**8):08d}"
                    )
                phones.add(phone)
            code = f"C{i + 1:06d}"
            wechat = None
            if rng.random() < 0.45:
                if rng.random() < 0.6:
                    wechat = "wxid_" + "".join(rng.choice(WECHAT_LETTERS) for _ in range(12))
                else:
                    wechat = f"{WECHAT_HANDLES[rng.randrange(len(WECHAT_HANDLES))]}{rng.randrange(1, 10000)}"
            birthday = None
            if rng.random() < 0.4:
                birthday = (
                    date(rng.randint(1950, 2008), 1, 1) + timedelta(days=rng.randrange(365))
                ).isoformat()
            tags = ""
            if rng.random() < 0.5:
                tags = (
                    ","
                    + ",".join(sorted({TAGS[rng.randrange(len(TAGS))] for _ in range(rng.randint(1, 3))}))
                    + ","
                )
            note = NOTES[rng.randrange(len(NOTES))] if rng.random() < 0.03 else ""
            ref = self.referrer[i]
            source = "referral" if ref is not None else other_sources[rng.randrange(len(other_sources))]
            archived = self.kinds[i] == LAPSED and rng.random() < 0.03
            created = self.moment(self.joined[i])
            self.customer_rows.append(
                [
                    i + 1, code, name, phone, wechat, birthday, self.day_text[self.joined[i]], source,
                    None if ref is None else ref + 1, tags, note, False, archived, False, 0,
                    self.search_key(name, phone, code, wechat), created, created,
                ]
            )  # fmt: skip
            if i % 2_000 == 1_999:
                report(0.02 + 0.18 * i / n, "customers")

    def _referrals(self) -> list[int | None]:
        """Who brought whom: a referrer is drawn by how much their archetype refers,
        among customers who joined earlier and were still coming at the time."""
        rng, joined, kinds = self.rng, self.joined, self.kinds
        referrer: list[int | None] = [None] * self.n
        tickets: list[int] = []  # customer indices, repeated by how much they refer
        roots = max(3, self.n // 100)
        for i in range(self.n):
            if i >= roots and tickets and rng.random() < REFERRED_SHARE:
                for _ in range(8):
                    candidate = tickets[rng.randrange(len(tickets))]
                    span = REFERRAL_SPAN[kinds[candidate]]
                    if span is None or joined[i] - joined[candidate] <= span:
                        referrer[i] = candidate
                        break
            tickets.extend([i] * REFERRAL_WEIGHT[kinds[i]])
        return referrer

    def build_visits(self, report: Progress) -> None:
        rng, last, day_text = self.rng, self.last, self.day_text
        rows = []
        for i in range(self.n):
            kind = self.kinds[i]
            if kind == SIGNED_UP:
                continue
            first = self.joined[i]
            if rng.random() < 0.1:  # signed up first, bought a few days later
                first = min(last, first + rng.randint(1, 20))
            customer_id = i + 1
            skew = 1.2 if kind == SUPER else 1.8
            for day in _visit_days(rng, kind, first, last):
                roll = rng.random()
                staff_id = self.staff_on(day)
                at = self.moment(day)
                if roll < 0.86 or day == first:
                    price = PRICES[int(rng.random() ** skew * len(PRICES))]
                    quantity = QUANTITIES[rng.randrange(len(QUANTITIES))] if price < 5000 else 1
                    amount = price * quantity
                    if rng.random() < 0.08:
                        amount = amount * 9 // 10 // 10 * 10
                    note = PURCHASE_NOTES[rng.randrange(len(PURCHASE_NOTES))]
                    rows.append(
                        (customer_id, staff_id, at, day_text[day], "purchase", amount, quantity, note)
                    )
                    if rng.random() < 0.012:
                        back = min(last, day + rng.choice((0, 0, 1, 2, 3, 7, 14)))
                        refund = amount if rng.random() < 0.7 else price
                        why = REFUND_NOTES[rng.randrange(len(REFUND_NOTES))]
                        when = at if back == day else self.moment(back)
                        rows.append(
                            (
                                customer_id,
                                self.staff_on(back),
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
                report(0.2 + 0.25 * i / self.n, "visits")
        # Ids follow time, as in a shop that logged visits as they happened; created_at = at.
        rows.sort(key=lambda row: row[2])
        self.visit_rows = [(vid, *row, row[2]) for vid, row in enumerate(rows, start=1)]

    def build_communities(self) -> None:
        """About one community per 50 customers, led mostly by super-users and regulars."""
        rng, n, last, day_text, joined = self.rng, self.n, self.last, self.day_text, self.joined
        referred_by: dict[int, list[int]] = {}
        for i, ref in enumerate(self.referrer):
            if ref is not None:
                referred_by.setdefault(ref, []).append(i)
        leaders = [i for i in range(n) if self.kinds[i] == SUPER] * 4
        leaders += [i for i in range(n) if self.kinds[i] == REGULAR]
        leaders = leaders or list(range(n))
        platforms = _expand(PLATFORMS)
        self.community_rows = []
        memberships = []
        big_c = set()
        used_names: Counter[str] = Counter()
        for community_id in range(1, max(1, round(n * 0.02)) + 1):
            leader = leaders[rng.randrange(len(leaders))]
            created = rng.randint(joined[leader], last)
            group = GROUP_KINDS[rng.randrange(len(GROUP_KINDS))]
            if rng.random() < 0.5:
                base = NEIGHBOURHOODS[rng.randrange(len(NEIGHBOURHOODS))] + group
            else:
                base = self.family_names[leader] + rng.choice("姐哥") + "的" + group
            used_names[base] += 1
            name = base if used_names[base] == 1 else f"{base}{used_names[base]}"
            archived_on = None
            if rng.random() < 0.04 and created < last - 30:
                archived_on = day_text[rng.randint(created + 30, last)]
            platform = platforms[rng.randrange(len(platforms))]
            self.community_rows.append(
                (
                    community_id,
                    name,
                    platform,
                    leader + 1,
                    day_text[created],
                    archived_on is not None,
                    archived_on,
                    "",
                )
            )
            # Members: friends the leader brought in, and others who had joined the shop by then.
            eligible = bisect_right(joined, created + 60)
            size = min(eligible - 1, max(3, int(rng.lognormvariate(3.0, 0.6))))
            members: list[int] = []
            seen = {leader}
            friends = referred_by.get(leader, [])
            for _ in range(size * 3):
                if len(members) >= size:
                    break
                member = (
                    friends[rng.randrange(len(friends))]
                    if friends and rng.random() < 0.4
                    else rng.randrange(eligible)
                )
                if member not in seen:
                    seen.add(member)
                    members.append(member)
            if members:
                big_c.add(leader)
            for member in members:
                start = min(last, max(created, joined[member]) + rng.randrange(60))
                left = (
                    day_text[rng.randint(start + 30, last)]
                    if rng.random() < 0.12 and start + 30 < last
                    else None
                )
                memberships.append((community_id, member + 1, day_text[start], left))
        memberships.sort(key=lambda row: (row[2], row[0], row[1]))
        self.membership_rows = [(mid, *row) for mid, row in enumerate(memberships, start=1)]
        # A few super-users the owner flags as 大C before they lead a group.
        for i in range(n):
            if self.kinds[i] == SUPER and i not in big_c and rng.random() < 0.05:
                self.customer_rows[i][CUSTOMER_COLUMNS.index("big_c_flag")] = True

    def build_tasks(self) -> None:
        """Follow-up over the last half year: mostly done, some skipped, some open or overdue."""
        rng, last, day_text = self.rng, self.last, self.day_text
        leader_of: dict[int, int] = {}
        for _, community_id, customer_id, _joined, left in self.membership_rows:
            if left is None:
                leader_of.setdefault(customer_id, self.community_rows[community_id - 1][3])
        task_kinds = _expand(TASK_KINDS)
        buyers = [i for i in range(self.n) if self.kinds[i] != SIGNED_UP] or list(range(self.n))
        staff = self.active_staff
        self.task_rows = []
        for task_id in range(1, round(self.n * 0.06) + 1):
            who = buyers[rng.randrange(len(buyers))]
            created = rng.randint(max(self.joined[who], last - 180), last)
            due = created + rng.randint(0, 14)
            kind = task_kinds[rng.randrange(len(task_kinds))]
            roll = rng.random()
            if due < last - 7:
                status = "done" if roll < 0.75 else "skipped" if roll < 0.85 else "open"
            else:
                status = "done" if roll < 0.2 else "open"
            closed_on, outcome = None, ""
            if status != "open":
                closed_on = day_text[min(last, max(created, due + rng.randint(-3, 3)))]
                outcome = (
                    TASK_OUTCOMES[rng.randrange(len(TASK_OUTCOMES))] if status == "done" else "客户暂不需要"
                )
            via = (
                leader_of.get(who + 1)
                if kind in ("content", "companionship") and rng.random() < 0.5
                else None
            )
            due_text = (self.until + timedelta(days=due - last)).isoformat()
            title = TASK_TITLES[kind].format(name=self.names[who])
            self.task_rows.append(
                (
                    task_id, who + 1, staff[rng.randrange(len(staff))], due_text, kind, via, status, title,
                    outcome, None, day_text[created], self.moment(created), staff[0], closed_on,
                )
            )  # fmt: skip

    def write(self, db, report: Progress) -> None:
        """All rows, in one transaction the caller holds."""
        _insert(db, models.Staff, ("id", "name", "role", "pin_hash", "active", "created_at"), self.staff_rows)
        _insert(db, models.Customer, CUSTOMER_COLUMNS, [tuple(row) for row in self.customer_rows])
        report(0.58, "writing visits")
        rows, step = self.visit_rows, 200_000
        with _indexes_deferred(db, "visit"):
            for start in range(0, len(rows), step):
                _insert(db, models.Visit, VISIT_COLUMNS, rows[start : start + step])
                report(0.58 + 0.2 * min(1.0, (start + step) / len(rows)), "writing visits")
            report(0.78, "indexing visits")
        _insert(db, models.Community, COMMUNITY_COLUMNS, self.community_rows)
        _insert(db, models.Membership, MEMBERSHIP_COLUMNS, self.membership_rows)
        _insert(db, models.Task, TASK_COLUMNS, self.task_rows)
        _reset_sequences(db, ("staff", "customer", "visit", "community", "membership", "task"))
        if not db.execute_sql("SELECT 1 FROM setting WHERE key = 'shop_name'").fetchone():
            shop_name = ("shop_name", json.dumps(SHOP_NAME, ensure_ascii=False))
            _insert(db, models.Setting, ("key", "value"), [shop_name])
        db.execute_sql("DELETE FROM setting WHERE key = 'demo'")
        _insert(db, models.Setting, ("key", "value"), [("demo", "true")])  # the app says it is a demo


CUSTOMER_COLUMNS = (
    "id", "code", "name", "phone", "wechat", "birthday", "joined", "source", "referrer_id", "tags", "notes",
    "big_c_flag", "archived", "erased", "level", "search_key", "created_at", "updated_at",
)  # fmt: skip
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
MEMBERSHIP_COLUMNS = ("id", "community_id", "customer_id", "joined", "left")
COMMUNITY_COLUMNS = ("id", "name", "platform", "leader_id", "created", "archived", "archived_on", "note")
TASK_COLUMNS = (
    "id", "customer_id", "assignee_id", "due", "kind", "via_id", "status", "title", "outcome", "rule",
    "created_on", "created_at", "created_by_id", "closed_on",
)  # fmt: skip


def generate(
    customers: int = 2000,
    seed: int = 1,
    until: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the open, empty shop database with a demo shop whose history ends on ``until``.

    Raises :class:`~crm.errors.NotEmpty` when the database already has customers,
    visits, staff, communities or tasks. ``progress(fraction, message)`` is called
    often (every 2,000 customers); an exception raised from it stops the demo with
    nothing written, since everything is written in one transaction at the end.
    """
    started = time.perf_counter()
    from crm.db import database
    from crm.pinyin import search_key
    from crm.services import levels

    if isinstance(customers, bool) or not isinstance(customers, int) or not 1 <= customers <= MAX_CUSTOMERS:
        raise InvalidInput("customers", f"must be a whole number from 1 to {MAX_CUSTOMERS}")
    today = clock.today()
    until = until or today
    if until > today:
        raise InvalidInput(
            "until", f"{until.isoformat()} is in the future; the demo's history ends today at the latest"
        )

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    db = database.obj
    if db is None:
        raise RuntimeError("open the database before generating a demo shop")
    if not _is_empty():
        raise NotEmpty("the database already has data; the demo needs an empty one")

    report(0.0, "staff")
    shop = _Shop(customers, seed, until, search_key)
    shop.build_staff()
    report(0.02, "customers")
    shop.build_customers(report)
    report(0.2, "visits")
    shop.build_visits(report)
    report(0.45, "communities")
    shop.build_communities()
    report(0.5, "tasks")
    shop.build_tasks()
    report(0.52, "writing")
    with db.atomic():
        shop.write(db, report)
        report(0.86, "level history")
        # The levels the shop would have seen at each month's end (each quarter's in a big
        # demo: a whole-shop recompute costs about 0.6 s per 100,000 customers) and on its
        # last day, so a customer's timeline shows how they came to their level.
        levels.record_history(_history_days(until, customers), CLOSING_TIME)
        report(0.95, "levels")
        # The stored levels then equal the last day's: refresh_all finds no change to record
        # and fills in the list statistics; level_since is the day of the last change.
        _store_history_levels(db)
        levels.refresh_all(until)
    report(1.0, "done")
    return DemoSummary(
        seed=seed,
        until=until,
        customers=customers,
        visits=len(shop.visit_rows),
        referrals=sum(ref is not None for ref in shop.referrer),
        communities=len(shop.community_rows),
        memberships=len(shop.membership_rows),
        staff=len(shop.staff_rows),
        tasks=len(shop.task_rows),
        seconds=round(time.perf_counter() - started, 2),
    )
