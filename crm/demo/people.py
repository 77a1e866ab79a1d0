"""Demo customers: who they are (Chinese names, mobile numbers, WeChat ids, tags),
when they joined, what kind of customer each is, and who brought whom."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta

from crm.demo.shop import (
    ARCHETYPE_WEIGHTS,
    HISTORY_DAYS,
    LAPSED,
    OCCASIONAL,
    ONE_OFF,
    REGULAR,
    SIGNED_UP,
    SUPER,
    Progress,
    Shop,
    expand,
)

# How strongly each archetype brings friends in (referral "tickets"), and for
# how many days after joining (None: as long as they keep coming).
REFERRAL_WEIGHT = {SIGNED_UP: 0, ONE_OFF: 1, OCCASIONAL: 2, REGULAR: 8, LAPSED: 4, SUPER: 40}


REFERRAL_SPAN = {SIGNED_UP: 0, ONE_OFF: 45, OCCASIONAL: 365, REGULAR: None, LAPSED: None, SUPER: None}


REFERRED_SHARE = 0.9


# (surname, weight): the common ones, plus surnames pinyin tools often misread.
SURNAMES = tuple(
    (name, int(weight))
    for name, weight in re.findall(
        r"(\S+?)(\d+)",
        """
        王72 李72 张68 刘54 陈46 杨32 黄24 赵22 吴21 周20 徐16 孙15 马14 朱13 胡12
        郭12 何11 高10 林10 罗10 郑9 梁9 谢8 宋7 唐7 许7 韩7 冯6 邓6 曹6 彭6 曾6 肖6
        田5 董5 袁5 潘5 于5 蒋5 蔡5 余5 杜5 叶5 程5 苏4 魏4 吕4 丁4 任4 沈4 姚4 卢4 姜4
        崔4 钟3 谭3 陆3 汪3 范3 金3 石3 廖3 贾3 夏3 韦3 付3 方3 白3 邹3 孟3 熊3 秦3 邱3
        江3 尹3 薛2 闫2 段2 雷2 侯2 龙2 史2 陶2 黎2 贺2 顾2 毛2 郝2 龚2 邵2 万2 钱2 严2
        覃2 武2 戴2 莫2 孔2 向2 汤2 单2 解2 仇2 欧阳1 上官1 司马1
        """,
    )
)


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


TAGS = (
    "宝妈", "上班族", "学生", "退休", "附近小区", "价格敏感", "高消费", "爱尝新", "团购", "送礼",
    "会员日", "老顾客介绍", "抖音来的", "小红书来的", "夜猫子", "周末来",
)  # fmt: skip


NOTES = ("喜欢无糖款", "对花生过敏", "常买礼盒", "只在周末来", "需要开发票", "住在隔壁小区", "喜欢新品")


WECHAT_LETTERS = "abcdefghijkmnpqrstuvwxyz0123456789"


WECHAT_HANDLES = ("lily", "sunny", "amy", "coco", "momo", "tiger", "leo", "kiki", "xiaoyu", "echo", "nana")


OTHER_SOURCES = (("walk_in", 70), ("online", 10), ("event", 8), ("community", 7), ("other", 5))


CUSTOMER_COLUMNS = (
    "id", "code", "name", "phone", "wechat", "birthday", "joined", "source", "referrer_id", "tags", "notes",
    "big_c_flag", "archived", "erased", "level", "search_key", "created_at", "updated_at",
)  # fmt: skip


def _archetype(rng: random.Random, tenure: int, archetypes: tuple) -> int:
    kind = archetypes[rng.randrange(len(archetypes))]
    if kind == LAPSED and tenure < 270:
        return OCCASIONAL
    return kind


def plan_customers(shop: Shop) -> None:
    """When each customer joined, what kind of customer each is, and who brought whom."""
    rng, n, last = shop.rng, shop.n, shop.last
    archetypes = expand(ARCHETYPE_WEIGHTS)
    # The shop grows: more customers join in later months than in the first.
    shop.joined = [
        min(last, day) for day in sorted(int(HISTORY_DAYS * rng.random() ** 0.75) for _ in range(n))
    ]
    shop.kinds = [_archetype(rng, last - day, archetypes) for day in shop.joined]
    shop.referrer = _referrals(shop)
    shop.names = []
    shop.family_names = []
    shop.big_c = set()  # customer ids the owner flagged as 大C (see build_communities)


def build_customers(shop: Shop, report: Progress) -> Iterator[tuple]:
    """Each customer's row (:data:`CUSTOMER_COLUMNS`), drawn as it is asked for, after
    :func:`plan_customers`: a big demo writes them as they come instead of holding a
    million rows. Their names stay on ``shop`` for the communities and tasks."""
    rng, n = shop.rng, shop.n
    surnames = expand(SURNAMES)
    other_sources = expand(OTHER_SOURCES)
    phones: set[int] = set()  # prefix index * 10**8 + number: an int per phone, not a string
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
        shop.names.append(name)
        shop.family_names.append(surname)
        phone = None
        if rng.random() > 0.01:
            while True:
                prefix = rng.randrange(len(PHONE_PREFIXES))
                number = rng.randrange(10**8)
                if prefix * 10**8 + number not in phones:
                    break
            phones.add(prefix * 10**8 + number)
            phone = f"+86{PHONE_PREFIXES[prefix]}{number:08d}"
        code = f"C{i + 1:06d}"
        wechat = None
        if rng.random() < 0.45:
            if rng.random() < 0.6:
                wechat = "wxid_" + "".join(rng.choice(WECHAT_LETTERS) for _ in range(12))
            else:
                wechat = f"{WECHAT_HANDLES[rng.randrange(len(WECHAT_HANDLES))]}{rng.randrange(1, 10000)}"
        birthday = None
        if rng.random() < 0.4:
            birthday = (date(rng.randint(1950, 2008), 1, 1) + timedelta(days=rng.randrange(365))).isoformat()
        tags = ""
        if rng.random() < 0.5:
            tags = (
                ","
                + ",".join(sorted({TAGS[rng.randrange(len(TAGS))] for _ in range(rng.randint(1, 3))}))
                + ","
            )
        note = NOTES[rng.randrange(len(NOTES))] if rng.random() < 0.03 else ""
        ref = shop.referrer[i]
        source = "referral" if ref is not None else other_sources[rng.randrange(len(other_sources))]
        archived = shop.kinds[i] == LAPSED and rng.random() < 0.03
        created = shop.moment(shop.joined[i])
        yield (
            i + 1, code, name, phone, wechat, birthday, shop.day_text[shop.joined[i]], source,
            None if ref is None else ref + 1, tags, note, False, archived, False, 0,
            shop.search_key(name, phone, code, wechat), created, created,
        )  # fmt: skip
        if i % 2_000 == 1_999:
            report(0.02 + 0.18 * i / n, "customers")


def _referrals(shop: Shop) -> list[int | None]:
    """Who brought whom: a referrer is drawn by how much their archetype refers,
    among customers who joined earlier and were still coming at the time."""
    rng, joined, kinds = shop.rng, shop.joined, shop.kinds
    referrer: list[int | None] = [None] * shop.n
    tickets: list[int] = []  # customer indices, repeated by how much they refer
    roots = max(3, shop.n // 100)
    for i in range(shop.n):
        if i >= roots and tickets and rng.random() < REFERRED_SHARE:
            for _ in range(8):
                candidate = tickets[rng.randrange(len(tickets))]
                span = REFERRAL_SPAN[kinds[candidate]]
                if span is None or joined[i] - joined[candidate] <= span:
                    referrer[i] = candidate
                    break
        tickets.extend([i] * REFERRAL_WEIGHT[kinds[i]])
    return referrer
