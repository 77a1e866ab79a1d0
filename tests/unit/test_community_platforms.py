"""A community's platform is one of a fixed set of keys, named in either language; migration
0008 turns what shops typed before into those keys and keeps anything else in the note."""

from __future__ import annotations

import importlib.util
import os
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from crm.db import _runner, close_database, database, make_database, open_database
from crm.errors import InvalidInput
from crm.models import Community
from crm.services import community_changes
from crm.services.communities import PLATFORM_ALIASES, PLATFORMS, platform_key, platform_name
from tests.factories import community, customer

MIGRATION = Path(__file__).resolve().parents[2] / "crm" / "migrations" / "0008_community_platform_keys.py"
PG_SERVER = os.environ.get("SHOPCIRCLE_TEST_PG", "").rstrip("/")


def _migration():
    spec = importlib.util.spec_from_file_location("platform_keys_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_either_languages_name_in_any_case_and_spacing_is_one_key():
    typed_ways = ("WeChat group", "微信群", "  wechat   GROUP ", "微信", "wechat_group")
    typed_ways += ("Ｗｅｃｈａｔ　Ｇｒｏｕｐ",)  # full-width letters and space
    for typed in typed_ways:
        assert platform_key(typed) == "wechat_group", typed
    assert platform_key("QQ 群") == platform_key("qq group") == "qq_group"
    assert platform_key("线下") == platform_key("In the shop") == "offline"
    assert platform_key("") == platform_key("   ") == ""
    assert platform_key("Neighbourhood") is None
    assert (platform_name("wechat_group", "en"), platform_name("wechat_group", "zh_CN")) == (
        "WeChat group",
        "微信群",
    )


def test_the_migration_maps_names_as_the_app_does():
    """0008 carries its own copy of the names; it reads every name the app reads alike."""
    migration = _migration()
    for key, names in PLATFORMS.items():
        for name in (key, *names, *PLATFORM_ALIASES.get(key, ())):
            assert migration.key_for(name) == key, name
            assert migration.key_for(f"  {name.upper()} ") == key, name


def test_a_community_is_saved_with_its_platforms_key_and_an_unknown_one_changes_nothing(db):
    leader = customer("王丽")
    created = community_changes.create_community("读书会", leader.id, platform="WeChat group")
    other = community_changes.create_community("跑步团", leader.id, platform="微信群")
    assert created.platform == other.platform == "wechat_group"
    with pytest.raises(InvalidInput) as refused:
        community_changes.update_community(created.id, platform="Myspace", note="改了")
    assert refused.value.field == "platform"
    assert (Community.get_by_id(created.id).platform, Community.get_by_id(created.id).note) == (
        "wechat_group",
        "",
    )
    with pytest.raises(InvalidInput):
        community_changes.create_community("新群", leader.id, platform="Myspace")
    assert not Community.select().where(Community.name == "新群").exists()
    assert community_changes.update_community(created.id, platform="").platform == ""
    group = community(leader, [], name="小区群")
    assert community_changes.update_community(group.id, platform="抖音").platform == "douyin"


# --- migration 0008 on both engines ------------------------------------------------------

TYPED = [  # (platform as typed, note) → (key, note after)
    (("微信群", ""), ("wechat_group", "")),
    (("wechat  Group", "周末团购"), ("wechat_group", "周末团购")),
    (("企业微信", ""), ("wecom_group", "")),
    (("QQ 群", ""), ("qq_group", "")),
    (("Offline", ""), ("offline", "")),
    (("", "no platform said"), ("", "no platform said")),
    (("Neighbourhood", ""), ("other", "Platform: Neighbourhood")),
    (("小区", "楼下的邻居\n"), ("other", "楼下的邻居\n平台：小区")),
    ((" 俱乐部 ", "每周六"), ("other", "每周六\n平台：俱乐部")),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def shop_before_0008(request, tmp_path):
    """A shop's location with the schema as it was before 0008 (dropped afterwards)."""
    if request.param == "sqlite":
        yield str(tmp_path / "old.db")
        return
    if not PG_SERVER:
        pytest.skip("SHOPCIRCLE_TEST_PG is not set")
    import psycopg2

    name = f"shopcircle_test_0008_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(PG_SERVER + "/postgres")
    admin.autocommit = True
    with closing(admin), admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        close_database()
        admin = psycopg2.connect(PG_SERVER + "/postgres")
        admin.autocommit = True
        with closing(admin), admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name}")


def test_migration_0008_turns_typed_platforms_into_keys_and_keeps_the_rest_in_the_note(shop_before_0008):
    old = make_database(shop_before_0008)
    old.connect()
    with old.atomic():
        _runner(old).up(target="0007_active_referrals")
    p = old.param
    old.execute_sql(
        "INSERT INTO customer (code, name, phone, joined, source, tags, notes, big_c_flag, archived,"
        " erased, level, search_key, created_at, updated_at, purchase_days, spend_365)"
        f" VALUES ('L1', {p}, NULL, '2024-01-01', 'walk_in', '', '', {p}, {p}, {p}, 0, '',"
        " '2024-01-01', '2024-01-01', 0, 0)",
        ("王丽", False, False, False),
    )
    leader_id = old.execute_sql("SELECT id FROM customer").fetchone()[0]
    for i, ((platform, note), _) in enumerate(TYPED):
        old.execute_sql(
            "INSERT INTO community (name, platform, leader_id, created, archived, note)"
            f" VALUES ({p}, {p}, {p}, '2024-02-01', {p}, {p})",
            (f"群{i}", platform, leader_id, False, note),
        )
    old.close()

    open_database(shop_before_0008)
    try:
        rows = database.execute_sql("SELECT name, platform, note FROM community ORDER BY id").fetchall()
    finally:
        close_database()
    assert [(platform, note) for _, platform, note in rows] == [after for _, after in TYPED]


@pytest.mark.parametrize(
    ("language", "shown"), [("en", ["WeChat group", "Other"]), ("zh_CN", ["微信群", "其他"])]
)
def test_the_report_names_each_communitys_platform_in_its_language(db, tmp_path, language, shown):
    from datetime import date

    from openpyxl import load_workbook

    from crm.reports import workbook

    leader = customer("王丽")
    community_changes.create_community("读书会", leader.id, platform="微信群", created=date(2026, 1, 1))
    community_changes.create_community("跑步团", leader.id, platform="other", created=date(2026, 1, 2))
    book = load_workbook(workbook.export("2026-06", tmp_path / "june.xlsx", language=language, actor=None))
    sheet = book.worksheets[4]
    assert sheet.cell(1, 2).value == ("Platform" if language == "en" else "平台")
    assert sorted(sheet.cell(row, 2).value for row in (2, 3)) == sorted(shown)
