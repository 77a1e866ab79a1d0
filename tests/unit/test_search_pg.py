"""Search on PostgreSQL through its own indexes (crm.services.search_pg, migration 0011):
every way a rule can be read ranks as ranking every match does; what a counter types
finds who it should; code point order whatever the server's collation; every index is
read; an upgraded shop gets the indexes of a fresh one; without pg_trgm a shop is still
made and searched; a bulk write builds them again after it. PostgreSQL only
(SHOPCIRCLE_TEST_PG)."""

import os
import re
import uuid
from contextlib import closing, contextmanager

import peewee
import pytest

from crm import db as crm_db
from crm.db import _runner, close_database, database, make_database, open_database
from crm.models import PG_SEARCH_INDEXES, PG_SEARCH_TRIGRAM, Customer, postgres_search_deferred
from crm.pinyin import search_key
from crm.services import search_pg
from crm.services.customers import create_customer
from crm.services.search import search
from tests.unit.test_search import _everything_ranked, _terms_from, _varied_shop

PG_SERVER = os.environ.get("SHOPCIRCLE_TEST_PG", "").rstrip("/")
pytestmark = pytest.mark.skipif(not PG_SERVER, reason="PostgreSQL only: set SHOPCIRCLE_TEST_PG")

# (CAP, ...): the shipped value, then small ones that make most rules dense, so they are
# read most recent first.
CAPS = [(5000,), (0,), (3,), (12,)]
# Terms for each way of reading: one or two letters or digits, pinyin prefixes of every
# length, phone tails and prefixes, parts of names, codes, WeChat ids, LIKE wildcards.
TERMS = [
    *("w", "wa", "wan", "wang", "wangl", "z", "zh", "zhang", "ze", "zeng", "l", "li", "lin", "ou", "ouy"),
    *("a", "an", "anna", "lee", "shan", "dan", "wl", "zw", "zxm", "lw", "wlh", "y", "yu"),
    *("1", "13", "138", "1381", "5678", "0000", "15900", "13812345", "9", "97"),
    *("王", "王丽", "丽", "丽华", "王丽华", "伟", "曾伟", "欧阳", "彧", "小明", "娜娜"),
    *("c", "c1", "c100", "vip", "vip-0", "w000", "wl_88", "wl_", "_", "%", "100%", "v1381", "wx"),
]


def _set_caps(monkeypatch, caps):
    monkeypatch.setattr(search_pg, "CAP", caps[0])  # the rest were the surname walk's, gone


def _assert_ranked_like_every_match(terms, limits=(1, 3, 10, 1000)):
    for i, term in enumerate(terms):
        limit, archived = limits[i % len(limits)], i % 3 == 0
        got = [hit.id for hit in search(term, limit, archived)]
        assert got == _everything_ranked(term, limit, archived), (term, limit, archived)


@pytest.mark.parametrize("caps", CAPS)
def test_every_way_of_reading_a_rule_ranks_like_ranking_every_match(db, monkeypatch, caps):
    _varied_shop()
    _set_caps(monkeypatch, caps)
    keys = [row[0] for row in Customer.select(Customer.search_key).where(Customer.search_key != "").tuples()]
    _assert_ranked_like_every_match(TERMS + _terms_from(keys)[::3])


def test_without_trigrams_or_with_chinese_outside_words_it_ranks_the_same(db, monkeypatch):
    """A server without pg_trgm, and one whose character classes leave Chinese out of
    pg_trgm's words (so only the index of Chinese characters finds them)."""
    _varied_shop()
    _set_caps(monkeypatch, (3, 1, 2))
    real = search_pg.indexes()
    assert PG_SEARCH_TRIGRAM in real.names and real.han_words
    for known in (
        search_pg.Indexes(real.names - {PG_SEARCH_TRIGRAM}, True),
        search_pg.Indexes(real.names, False),
    ):
        monkeypatch.setattr(search_pg, "indexes", lambda known=known: known)
        _assert_ranked_like_every_match(TERMS)


@pytest.fixture
def counter_shop(db):
    """The customers test_search finds by hand, among a hundred others who share their
    surnames, digits and letters, so the common terms are dense."""
    made = {}
    for name, phone, code, wechat in [
        ("王丽", "138 1234 5678", "C000001", "wl_88"),
        ("王丽华", "139 0000 1111", "C000002", None),
        ("汪立", "137 5555 1234", "C000003", None),
        ("张伟", "186 1234 0000", "C000004", "zhangwei"),
        ("曾小明", "150 0000 2222", "C000005", None),
        ("李王", "151 1111 3333", "C000006", None),
        ("Anna Lee", "152 2222 4444", "C001234", None),
    ]:
        made[name] = create_customer(name, phone, code=code, wechat=wechat).id
    rows = []
    for i in range(100):  # given names without an l or w in their initials
        name = "王张李汪周"[i % 5] + "静强芳敏军洋勇杰涛明超浩鹏斌刚辉健俊宇晨"[i // 5]
        phone, code = f"+86159{i:08d}", f"D{i:05d}"
        key = search_key(name, phone, code, None)
        rows.append(dict(code=code, name=name, phone=phone, joined="2024-01-01", search_key=key))
    Customer.insert_many(rows).execute()
    return made


@pytest.mark.parametrize("caps", [CAPS[0], CAPS[1]])
def test_what_a_counter_types_finds_who_it_should(counter_shop, monkeypatch, caps):
    _set_caps(monkeypatch, caps)
    shop = counter_shop
    # a short term: one Chinese character, one letter
    hits = search("王", limit=3)
    assert [h.name for h in hits[:2]] == ["王丽", "王丽华"] and {h.match for h in hits} == {"name"}
    # pinyin starting with w, in the counter order: the three added today (seen today) first,
    # then the hundred seen when they joined in 2024, by name (汪 sorts before 王)
    hits = search("w", limit=25)
    assert [h.name for h in hits[:3]] == ["汪立", "王丽", "王丽华"] and {h.match for h in hits} == {"pinyin"}
    assert [h.name[0] for h in hits[3:]] == ["汪"] * 20 + ["王"] * 2
    # a phone tail: the last four digits first
    hits = search("5678")
    assert hits[0].id == shop["王丽"] and hits[0].match == "phone_tail"
    assert [h.id for h in search("1234")[:2]] == [shop["汪立"], shop["Anna Lee"]]
    # a part of a Chinese name that does not start it
    assert [(h.name, h.match) for h in search("丽华")] == [("王丽华", "name")]
    assert [h.id for h in search("小明")] == [shop["曾小明"]]
    # pinyin initials: exact ones first, by name
    hits = search("wl")
    assert [h.id for h in hits[:3]] == [shop["汪立"], shop["王丽"], shop["王丽华"]]
    assert {h.match for h in hits[:3]} == {"initials"}
    # a WeChat id
    hit = search("wl_88")[0]
    assert (hit.id, hit.match, hit.wechat) == (shop["王丽"], "wechat", "wl_88")
    assert search("zhangwei")[0].id == shop["张伟"]
    _assert_ranked_like_every_match(["王", "w", "5678", "1234", "丽华", "wl", "wl_88", "zhangwei", "2", "ze"])


def _index_names(plan: str) -> set[str]:
    return set(re.findall(r"(?:Scan using|Bitmap Index Scan on) (\w+)", plan))


def test_every_search_index_is_read(counter_shop, monkeypatch):
    """Each query search runs, planned as on a big shop (no whole-table read where an index
    serves), reads the index made for it: an index whose expression no query repeats
    exactly would never be read, and the shop would be slow without a wrong answer."""
    _set_caps(monkeypatch, (0,))
    pg = database.obj
    queries: list[tuple[str, list]] = []
    run = pg.execute_sql

    def record(sql, params=None, *args, **kwargs):
        queries.append((sql, list(params or ())))
        return run(sql, params, *args, **kwargs)

    monkeypatch.setattr(pg, "execute_sql", record)
    for term in ("王", "wangli", "wl", "5678", "w", "zhang", "c0000", "wl_88", "丽华", "1381234", "bbb"):
        search(term)
    monkeypatch.undo()
    used: set[str] = set()
    bitmap_only = False  # the query after search_pg switches the other scans off
    for sql, params in queries:
        if sql.lstrip().startswith(("SELECT", "WITH")) and "set_config" not in sql:
            with pg.atomic():
                pg.execute_sql(search_pg._SCANS_OFF if bitmap_only else "SET LOCAL enable_seqscan = off")
                # nor does a big shop sort every key to read a few in the counter order (a
                # hundred keys do: their plan would sort them)
                pg.execute_sql("SET LOCAL enable_sort = off")
                plan = "\n".join(row[0] for row in pg.execute_sql(f"EXPLAIN {sql}", params).fetchall())
            assert "Seq Scan on customer" not in plan, sql
            used |= _index_names(plan)
        bitmap_only = sql == search_pg._SCANS_OFF
    # the counter order's index among them: dense rules are read most recent first through it
    assert {*PG_SEARCH_INDEXES, PG_SEARCH_TRIGRAM} <= used


def test_a_search_in_a_transaction_leaves_its_settings_as_they_were(counter_shop):
    with database.atomic():
        assert [h.name for h in search("1381234")] == ["王丽"]  # a phone prefix: the trigram index
        settings = database.execute_sql(
            "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
        ).fetchone()
    assert settings == ("on", "on")


# --- shops of their own ---------------------------------------------------------------------


@contextmanager
def _server_database(options: str = "", skip_if_refused: bool = False):
    """A new database on the test server (dropped afterwards); its URL."""
    import psycopg2

    name = f"shopcircle_test_search_{uuid.uuid4().hex[:8]}"

    def admin(sql):
        conn = psycopg2.connect(PG_SERVER + "/postgres")
        conn.autocommit = True
        with closing(conn), conn.cursor() as cur:
            cur.execute(sql)

    try:
        admin(f"CREATE DATABASE {name} {options}")
    except psycopg2.Error as exc:
        if not skip_if_refused:
            raise
        pytest.skip(f"this server makes no such database ({options}): {exc}")
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        close_database()
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_ranking_is_code_point_order_whatever_the_servers_collation():
    """A server sorting text as Chinese readers do (pinyin order) still ranks as SQLite."""
    chinese = "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'zh-Hans-CN' LOCALE 'C.UTF-8'"
    with _server_database(chinese, skip_if_refused=True) as url:
        open_database(url)
        _varied_shop()
        keys = [
            row[0] for row in database.execute_sql("SELECT search_key FROM customer WHERE search_key <> ''")
        ]
        servers = [
            row[0] for row in database.execute_sql("SELECT search_key FROM customer ORDER BY search_key")
        ]
        assert [k for k in servers if k] != sorted(keys)  # the server's own order is another
        _assert_ranked_like_every_match(TERMS)


def _index_definitions() -> dict[str, str]:
    sql = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customer'"
    searched = {*PG_SEARCH_INDEXES, PG_SEARCH_TRIGRAM}
    return {name: sql for name, sql in database.execute_sql(sql).fetchall() if name in searched}


def test_an_upgraded_shop_gets_the_indexes_of_a_fresh_one_and_is_searched_through_them():
    with _server_database() as fresh:
        open_database(fresh)
        expected = _index_definitions()
        close_database()
    assert set(expected) == {*PG_SEARCH_INDEXES, PG_SEARCH_TRIGRAM}
    with _server_database() as url:
        old = make_database(url)
        old.connect()
        with old.atomic():
            _runner(old).up(target="0010_lifetime_fit")
        for i, (name, phone, wechat) in enumerate(
            [("王丽", "+8613812345678", "wl_88"), ("汪立", "+8613912345678", None), ("张伟", None, None)]
        ):
            old.execute_sql(
                "INSERT INTO customer (code, name, phone, wechat, joined, source, tags, notes, big_c_flag,"
                " archived, erased, level, search_key, created_at, updated_at, purchase_days, spend_365)"
                " VALUES (%s, %s, %s, %s, '2024-01-01', 'walk_in', '', '', false, false, false, 0, %s,"
                " '2024-01-01', '2024-01-01', 0, 0)",
                (f"C{i}", name, phone, wechat, search_key(name, phone, f"C{i}", wechat)),
            )
        old.close()
        open_database(url)
        assert _index_definitions() == expected
        assert [h.name for h in search("wl")] == ["汪立", "王丽"]
        assert [h.name for h in search("5678")] == ["汪立", "王丽"]
        assert [h.name for h in search("伟")] == ["张伟"]
        assert search("wl_88")[0].match == "wechat"


def test_a_shop_is_made_and_searched_where_pg_trgm_may_not_be_created(monkeypatch):
    """CREATE EXTENSION refused (here: an extension the server does not have) leaves the
    new shop's transaction usable; the shop has every other index and finds everyone."""
    run = crm_db.PostgresDatabase.execute_sql

    def refused(self, sql, params=None, *args, **kwargs):
        if sql.startswith("CREATE EXTENSION"):
            sql = "CREATE EXTENSION IF NOT EXISTS pg_trgm_is_not_here"
        return run(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(crm_db.PostgresDatabase, "execute_sql", refused)
    with _server_database() as url:
        open_database(url)
        names = search_pg.indexes().names
        assert set(PG_SEARCH_INDEXES) <= names and PG_SEARCH_TRIGRAM not in names
        _varied_shop(60)
        _set_caps(monkeypatch, (3, 1, 2))
        _assert_ranked_like_every_match(TERMS)
        with pytest.raises(peewee.ProgrammingError):  # really without it
            with database.atomic():
                database.execute_sql("SELECT show_trgm('abc')")


def test_a_bulk_write_builds_the_search_indexes_again_after_it(db):
    before = _index_definitions()
    with database.atomic(), postgres_search_deferred(database.obj):
        assert not _index_definitions()  # none to keep up to date while the rows go in
        _varied_shop(40)
    assert _index_definitions() == before
    _assert_ranked_like_every_match(TERMS[:20])
