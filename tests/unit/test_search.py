import datetime
import random

import peewee
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.db import database
from crm.errors import DuplicatePhone
from crm.models import Customer
from crm.pinyin import key_fields, search_key
from crm.services import search as search_module
from crm.services import search_parts, search_sqlite
from crm.services.customers import archive_customer, create_customer, update_customer
from crm.services.privacy import erase_customer
from crm.services.search import normalize_term, search


def names(hits):
    return [h.name for h in hits]


@pytest.fixture
def shop(db):
    """A handful of customers whose names, phones and codes overlap on purpose."""
    made = {}
    for name, phone, code, wechat in [
        ("王丽", "138 1234 5678", "C000001", "wl_88"),
        ("王丽华", "139 0000 1111", "C000002", None),
        ("汪立", "137 5555 1234", "C000003", None),
        ("张伟", "186 1234 0000", "C000004", "zhangwei"),
        ("曾小明", "150 0000 2222", "C000005", None),
        ("李王", "151 1111 3333", "C000006", None),
        ("Anna Lee", "152 2222 4444", "C001234", None),
        ("单田芳", None, "C000008", "wx_100%_real"),
    ]:
        made[name] = create_customer(name, phone, code=code, wechat=wechat)
    return made


def test_one_chinese_character_finds_every_name_holding_it(shop):
    hits = search("王")
    assert names(hits) == ["王丽", "王丽华", "李王"]  # name prefix before a later character
    assert {h.match for h in hits} == {"name"}


def test_two_chinese_characters(shop):
    assert names(search("王丽")) == ["王丽", "王丽华"]
    assert names(search("丽华")) == ["王丽华"]
    assert search("丽王") == []


def test_exact_name_comes_before_a_longer_name(shop):
    assert names(search("王丽"))[0] == "王丽"


def test_last_four_digits(shop):
    hits = search("1234")
    # the phone tail first, then every other phone or code holding the digits, by name
    assert names(hits) == ["汪立", "Anna Lee", "张伟", "王丽"]
    assert [h.match for h in hits] == ["phone_tail", "code", "phone", "phone"]


def test_any_part_of_the_phone(shop):
    assert names(search("0000 11")) == ["王丽华"]
    assert names(search("1381234")) == ["王丽"]
    assert search("138")[0].name == "王丽"
    hit = search("+86 138-1234-5678")[0]
    assert hit.name == "王丽" and hit.match == "phone" and hit.phone_display == "138 1234 5678"
    assert names(search("１３８１２３４５６７８")) == ["王丽"]


def test_pinyin_initials_and_full_pinyin(shop):
    # exact initials (wl) before initials that only start with wl (wlh); by name within
    assert names(search("wl")) == ["汪立", "王丽", "王丽华"]
    assert [h.match for h in search("wl")] == ["initials"] * 3
    assert names(search("WangLi")) == ["汪立", "王丽", "王丽华"]
    assert names(search("wang li")) == ["汪立", "王丽", "王丽华"]
    assert search("zxm")[0].name == "曾小明"  # 曾 as a surname is zeng
    assert names(search("zeng")) == ["曾小明"]
    assert names(search("shantianfang")) == ["单田芳"]


def test_latin_names(shop):
    assert names(search("anna")) == ["Anna Lee"]
    assert names(search("Lee")) == ["Anna Lee"]
    assert names(search("al"))[0] == "Anna Lee"


def test_code_exact_and_case_insensitive(shop):
    hits = search("c000004")
    assert names(hits) == ["张伟"] and hits[0].match == "code"
    assert search("C001234")[0].match == "code"


def test_wechat(shop):
    assert search("zhangwei")[0].name == "张伟"
    assert search("wl_88")[0].match == "wechat"


def test_like_wildcards_match_only_themselves(shop):
    assert names(search("%")) == ["单田芳"]  # only the WeChat id holds a real %
    assert names(search("100%")) == ["单田芳"]
    assert names(search("_")) == ["单田芳", "王丽"]  # wx_100%_real, wl_88
    assert search("w_") == []
    assert search("wan_") == []  # would match "wang" if _ were a wildcard
    assert search("\\") == []


def test_empty_term_finds_nothing(shop):
    assert search("") == []
    assert search("   ") == []
    assert search("王", limit=0) == []


def test_archived_only_when_asked_and_erased_never(shop):
    archive_customer(shop["王丽"].id)
    erase_customer(shop["王丽华"].id, actor=None)
    assert names(search("王")) == ["李王"]
    hits = search("王", include_archived=True)
    assert names(hits) == ["王丽", "李王"]
    assert hits[0].archived
    assert search("13900001111", include_archived=True) == []
    assert search("C000002", include_archived=True) == []  # not even by code


def test_limit(shop):
    assert len(search("1", limit=3)) == 3


def test_hit_fields(shop):
    hit = search("张伟")[0]
    assert hit.id == shop["张伟"].id and hit.code == "C000004"
    assert hit.phone_display == "186 1234 0000"
    assert hit.level == 0 and hit.level_key == "none" and not hit.archived


def test_normalize_term():
    assert normalize_term(" Wang Li ") == "wangli"
    assert normalize_term("+86 138-1234") == "1381234"
    assert normalize_term("0086 138") == "138"
    assert normalize_term("（138）") == "138"
    assert normalize_term("王\u3000丽") == "王丽"
    assert normalize_term("\x01王") == "王"


def _bulk(count: int, **fields):
    """Customers inserted in one statement, as the demo and the importer do."""
    rows = []
    for i in range(count):
        name = fields.get("name", "王{}").format(i)
        phone = f"+86139{i:08d}"
        code = f"B{i:06d}"
        rows.append(
            dict(
                code=code,
                name=name,
                phone=phone,
                joined="2024-01-01",
                search_key=search_key(name, phone, code, None),
            )
        )
    Customer.insert_many(rows).execute()


def test_broad_terms_are_ranked_tier_by_tier(db, monkeypatch):
    # Many more matches than the Python ranking takes: the SQL tiers must give
    # the same order as ranking everything would.
    monkeypatch.setattr(search_module, "CANDIDATES", 20)
    _bulk(60)
    tail = create_customer("赵丽", "13700000009")
    named = create_customer("王", None)
    hits = search("9", limit=10)
    assert [h.match for h in hits[:7]] == ["phone_tail"] * 7  # 王9, 王19 ... 王59 and 赵丽
    assert tail.id in [h.id for h in hits[:7]]
    assert hits[7].match != "phone_tail"
    hits = search("王", limit=5)
    assert hits[0].id == named.id  # the exact name sorts first in the prefix tier
    monkeypatch.setattr(search_module, "CANDIDATES", 100_000)
    for term in ("9", "王", "1", "13900000", "w", "wang", "b0000"):
        full = [h.id for h in search(term, limit=15)]
        monkeypatch.setattr(search_module, "CANDIDATES", 7)
        tiered = [h.id for h in search(term, limit=15)]
        monkeypatch.setattr(search_module, "CANDIDATES", 100_000)
        assert tiered == full, term


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    prefix=st.sampled_from(["135", "138", "139", "150", "177", "186", "199"]),
    rest=st.text("0123456789", min_size=8, max_size=8),
)
def test_the_last_four_digits_of_any_customer_find_them(db, prefix, rest):
    digits = prefix + rest
    try:
        created = create_customer("测试", digits)
    except DuplicatePhone as exc:
        created_id = exc.customer_id
    else:
        created_id = created.id
    hits = search(digits[-4:], limit=1000)
    assert created_id in [h.id for h in hits]
    tail_hit = next(h for h in hits if h.id == created_id)
    assert tail_hit.match == "phone_tail"


# --- the indexed search ranks exactly like ranking every match -----------------

SURNAMES = ["王", "汪", "张", "章", "李", "曾", "欧阳", "单", "伟", "Anna ", "Lee "]
GIVEN = ["丽", "立", "伟", "小明", "丽华", "彧", "阳", "娜娜", "Wei", "曾伟", ""]
WECHATS = [None, "wl_88", "zhangwei", "wx_100%_real", "王丽", "abc伟", "v1381", "1597"]


def _varied_shop(count: int = 160) -> list[int]:
    """Customers whose fields overlap a lot, some archived or erased; the key
    is updated for a few after insertion, so the triggers have work to do."""
    rng = random.Random(7)
    rows = []
    for i in range(count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.2 else "")
        phone = f"+86{rng.choice(['138', '139', '159', '188'])}{rng.randrange(10**8):08d}"
        if rng.random() < 0.1:
            phone = None
        code = rng.choice(["C", "c1", "W", "VIP-"]) + f"{i:05d}"
        wechat = rng.choice(WECHATS)
        rows.append(
            dict(
                code=code,
                name=name.strip() or "无名",
                phone=phone if phone and phone not in {r["phone"] for r in rows} else None,
                wechat=wechat,
                # few distinct days and purchase-day counts: the counter order's ties matter
                joined=rng.choice(["2024-01-01", "2025-06-01", "2025-06-03"]),
                last_purchase=rng.choice([None, "2024-03-01", "2025-06-02", "2025-06-03"]),
                purchase_days=rng.choice([0, 1, 5]),
                archived=rng.random() < 0.15,
                search_key="",
            )
        )
    for row in rows:
        row["search_key"] = search_key(row["name"], row["phone"], row["code"], row["wechat"])
    Customer.insert_many(rows).execute()
    ids = [row[0] for row in Customer.select(Customer.id).order_by(Customer.id).tuples()]
    renamed = ids[:: max(1, count // 8)]
    for cid in renamed[:4]:
        c = Customer.get_by_id(cid)
        c.name = "曾" + c.name
        c.search_key = search_key(c.name, c.phone, c.code, c.wechat)
        c.save()
    erase_customer(renamed[4], actor=None)
    Customer.delete().where(Customer.id == renamed[5]).execute()
    return ids


def _day(value) -> int:
    return datetime.date.fromisoformat(str(value)[:10]).toordinal() if value else 0


def _counter_order(joined, last_purchase, purchase_days, key, cid) -> tuple:
    """Who is most likely at the counter first: last seen (purchase or joining day), the
    regulars, then by key and id."""
    return (-max(_day(joined), _day(last_purchase)), -purchase_days, key, cid)


def _everything_ranked(term: str, limit: int, include_archived: bool) -> list[int]:
    """The definition: exact code or phone first, then every key holding the
    term ranked in Python, by rank, then in the counter order."""
    text = normalize_term(term)
    if not text or limit <= 0:
        return []
    exact = search_module._exact_ids(term, text, include_archived)[:limit]
    c = Customer
    rows = c.select(
        c.id, c.search_key, c.archived, c.erased, c.joined, c.last_purchase, c.purchase_days
    ).tuples()
    ranked = sorted(
        (search_module.classify(key, text)[0], _counter_order(joined, last, days, key, cid))
        for cid, key, archived, erased, joined, last, days in rows
        if text in key and not erased and (include_archived or not archived) and cid not in exact
    )
    return exact + [order[-1] for _, order in ranked][: limit - len(exact)]


def _terms_from(keys: list[str]) -> list[str]:
    rng = random.Random(11)
    out = [
        "1",
        "13",
        "138",
        "1381",
        "5678",
        "王",
        "王丽",
        "曾伟",
        "欧阳",
        "伟",
        "彧",
        "w",
        "wl",
        "zh",
        "zhang",
    ]
    out += ["wang", "v", "a", "c", "c1", "vip", "_", "%", "1597", "丽华", "anna", "lee", "wei", "zz", "9"]
    for key in keys:
        for field, value in key_fields(key).items():
            if value and field != "initials" or rng.random() < 0.5:
                start = rng.randrange(len(value)) if value else 0
                out.append(value[start : start + rng.randint(1, 5)])
    return [t for t in out if t and not search_parts.parts(t, normalize_term)]


@pytest.fixture
def varied(db):
    _varied_shop()
    keys = [row[0] for row in Customer.select(Customer.search_key).where(Customer.search_key != "").tuples()]
    return _terms_from(keys)


def test_indexed_search_ranks_like_ranking_every_match(varied, monkeypatch):
    # Small caps push every rule through each way it can be read: index range,
    # trigram (sparse), key-order scan (dense), and the one-scan Python ranking.
    for fts_cap, max_trigrams, candidates in [(500, 200, 3000), (2, 200, 3000), (500, 1, 4), (0, 0, 1)]:
        monkeypatch.setattr(search_sqlite, "FTS_CAP", fts_cap)
        monkeypatch.setattr(search_sqlite, "MAX_TRIGRAMS", max_trigrams)
        monkeypatch.setattr(search_module, "CANDIDATES", candidates)
        for i, term in enumerate(varied):
            limit = (1, 3, 10, 1000)[i % 4]
            archived = i % 3 == 0
            expected = _everything_ranked(term, limit, archived)
            assert [h.id for h in search(term, limit, archived)] == expected, (term, limit, archived, fts_cap)


def test_search_without_the_sqlite_indexes_ranks_the_same(db, varied, monkeypatch):
    """An SQLite library without FTS5 trigram, or without any search index: scans only
    (PostgreSQL reads its own indexes whatever this says; test_search_pg.py)."""
    variants = [None]
    if isinstance(db, peewee.SqliteDatabase):
        variants.append(search_sqlite.Indexes(frozenset({"name"}), trigram=False))
    for indexes in variants:
        monkeypatch.setattr(search_sqlite, "indexes", lambda indexes=indexes: indexes)
        for i, term in enumerate(varied[:120]):
            limit = (1, 10, 1000)[i % 3]
            assert [h.id for h in search(term, limit)] == _everything_ranked(term, limit, False), term


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    term=st.text(alphabet="王丽伟曾张wlzhang13859_%cv", min_size=1, max_size=4).filter(
        lambda term: not search_parts.parts(term, normalize_term)
    ),
    limit=st.integers(1, 30),
    fts_cap=st.sampled_from([0, 1, 5, 500]),
    max_trigrams=st.sampled_from([0, 3, 200]),
)
def test_any_term_ranks_like_ranking_every_match(db, monkeypatch, term, limit, fts_cap, max_trigrams):
    if not Customer.select().exists():
        _varied_shop(80)
    monkeypatch.setattr(search_sqlite, "FTS_CAP", fts_cap)
    monkeypatch.setattr(search_sqlite, "MAX_TRIGRAMS", max_trigrams)
    assert [h.id for h in search(term, limit)] == _everything_ranked(term, limit, False)


def test_after_is_the_least_string_above_a_prefix():
    from crm.services.search_keys import after

    assert after("\x02zhang") == "\x02zhanh"
    assert after("王") == "玌"
    assert after("a\U0010ffff") == "b"
    assert after("\U0010ffff") is None
    assert after("\ud7ff"[:0] + "\ud7ff") == "\ue000"  # past the surrogates


# --- the SQLite search structures -------------------------------------------------


def _sqlite_only(db):
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("SQLite search structures")


def _trigram_ids(phrase: str) -> set[int]:
    sql = "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?"
    return {row[0] for row in database.execute_sql(sql, ['"' + phrase + '"']).fetchall()}


def test_sqlite_has_the_search_indexes(db):
    _sqlite_only(db)
    assert search_sqlite.indexes() == search_sqlite.Indexes(
        frozenset({"name", "pinyin", "initials"}), trigram=True
    )


def test_triggers_keep_the_trigram_table_in_step(db):
    _sqlite_only(db)
    wang = create_customer("王丽", "138 1234 5678", code="C1")
    zhang = create_customer("张伟", "139 0000 1111", code="C2")
    assert _trigram_ids("wangli") == {wang.id}
    update_customer(wang.id, name="汪立")
    assert _trigram_ids("wangli") == {wang.id}  # 汪立 is wangli too
    assert _trigram_ids("\x01汪立") == {wang.id} and _trigram_ids("\x01王丽") == set()
    update_customer(zhang.id, wechat="zw_abc")
    assert _trigram_ids("zw_abc") == {zhang.id}
    archive_customer(zhang.id)  # not the key: the trigram row stays as it is
    assert _trigram_ids("zhangwei") == {zhang.id}
    erase_customer(zhang.id, actor=None)
    assert _trigram_ids("zhangwei") == set()
    database.execute_sql("DELETE FROM customer WHERE id = ?", [wang.id])
    assert _trigram_ids("wangli") == set()
    # what is left is exactly what the keys hold
    keys = {cid: key for cid, key in Customer.select(Customer.id, Customer.search_key).tuples()}
    assert all(_trigram_ids(key) == {cid} for cid, key in keys.items() if key)


def test_one_or_two_characters_come_from_the_trigram_vocabulary(db):
    _sqlite_only(db)
    # the last character of the last field is followed by the end marker only in
    # the key; the trigram table closes it once more, so it is still found
    last = create_customer("李四", None, code="C9", wechat="abc伟")
    assert search_sqlite.match("伟") == '"伟\x07\x07"'
    assert names(search("伟")) == ["李四"] and search("c伟")[0].id == last.id
    assert search_sqlite.match("彧") == ""
