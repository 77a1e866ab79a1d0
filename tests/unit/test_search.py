import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.errors import DuplicatePhone
from crm.models import Customer
from crm.pinyin import search_key
from crm.services import search as search_module
from crm.services.customers import archive_customer, create_customer, erase_customer
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
    erase_customer(shop["王丽华"].id)
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
