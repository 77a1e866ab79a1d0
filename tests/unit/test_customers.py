import json
from datetime import date

import pytest

from crm.errors import (
    DuplicateCode,
    DuplicatePhone,
    InvalidInput,
    InvalidPhone,
    NotAllowed,
    NotFound,
)
from crm.models import AuditEntry, Customer, Visit
from crm.pinyin import key_fields
from crm.services import settings
from crm.services.common import Actor
from crm.services.customer_codes import next_code, next_codes
from crm.services.customer_fields import normalize_tags
from crm.services.customers import (
    ERASED_NAME,
    archive_customer,
    create_customer,
    find_by_code,
    find_by_phone,
    get_customer,
    set_big_c_flag,
    unarchive_customer,
    update_customer,
)
from crm.services.privacy import erase_customer
from tests import factories

STAFF = Actor(staff_id=None, role="staff")
MANAGER = Actor(staff_id=None, role="manager")


def stored(customer_id: int) -> Customer:
    return Customer.get_by_id(customer_id)


def audit_entries(customer_id: int) -> list[AuditEntry]:
    return list(
        AuditEntry.select()
        .where((AuditEntry.entity == "customer") & (AuditEntry.entity_id == customer_id))
        .order_by(AuditEntry.id)
    )


# --- create -----------------------------------------------------------------------


def test_create_normalises_and_fills_defaults(db):
    info = create_customer("  王丽 ", "138-1234-5678", wechat=" wl_88 ", tags=["vip", " 老客 ", "vip", "a,b"])
    assert info.name == "王丽"
    assert info.phone == "+8613812345678"
    assert info.phone_display == "138 1234 5678"
    assert info.wechat == "wl_88"
    assert info.code == "C000001"
    assert info.joined == date(2026, 6, 30)
    assert info.source == "walk_in"
    assert info.tags == ["vip", "老客", "ab"]
    assert info.level == 0 and info.level_key == "none"
    assert not info.archived and not info.erased and not info.big_c_flag
    row = stored(info.id)
    assert row.tags == ",vip,老客,ab,"
    fields = key_fields(row.search_key)
    assert fields["pinyin"] == "wangli" and fields["initials"] == "wl"
    assert fields["phone"] == "13812345678" and fields["code"] == "c000001"
    [entry] = audit_entries(info.id)
    assert entry.action == "create"
    assert json.loads(entry.after)["phone"] == "+8613812345678"


def test_name_is_required_and_bounded(db):
    with pytest.raises(InvalidInput, match="name: is required"):
        create_customer("   ")
    with pytest.raises(InvalidInput, match="longer than 100"):
        create_customer("王" * 101)
    with pytest.raises(InvalidInput, match="control"):
        create_customer("王\x01丽")
    assert Customer.select().count() == 0


def test_invalid_phone_is_refused_before_anything_is_written(db):
    with pytest.raises(InvalidPhone):
        create_customer("王丽", "12345")
    assert Customer.select().count() == 0
    assert AuditEntry.select().count() == 0


def test_phone_is_read_in_the_shop_region(db):
    settings.set("phone_region", "US")
    info = create_customer("Anna", "(202) 555-0123")
    assert info.phone == "+12025550123"
    assert info.phone_display == "(202) 555-0123"
    with pytest.raises(InvalidPhone):
        create_customer("王丽", "13812345678")


def test_duplicate_phone_names_the_existing_customer(db):
    first = create_customer("王丽", "13812345678")
    with pytest.raises(DuplicatePhone) as info:
        create_customer("李娜", "+86 138 1234 5678")
    assert info.value.customer_id == first.id
    assert info.value.customer_name == "王丽"
    assert "王丽" in str(info.value) and f"({first.code})" in str(info.value)  # the code, not an id
    assert Customer.select().count() == 1


def test_duplicate_phone_of_an_archived_customer_is_still_refused(db):
    first = create_customer("王丽", "13812345678")
    archive_customer(first.id)
    with pytest.raises(DuplicatePhone):
        create_customer("李娜", "13812345678")


def test_duplicate_code_is_refused(db):
    first = create_customer("王丽", code="VIP-1")
    with pytest.raises(DuplicateCode) as info:
        create_customer("李娜", code="VIP-1")
    assert info.value.customer_id == first.id and info.value.customer_name == "王丽"


def test_code_without_spaces(db):
    with pytest.raises(InvalidInput, match="code"):
        create_customer("王丽", code="C 1")


def test_generated_code_follows_the_largest_number_not_the_count(db):
    first = create_customer("甲")
    assert first.code == "C000001"
    assert create_customer("乙").code == "C000002"
    Customer.delete().where(Customer.id == first.id).execute()
    assert create_customer("丙").code == "C000003"  # two customers left, yet no clash
    create_customer("丁", code="C000050")
    assert create_customer("戊").code == "C000051"


def test_generated_code_ignores_codes_of_other_shapes(db):
    create_customer("甲", code="C000007")
    create_customer("乙", code="C12AB")
    create_customer("丙", code="X999999")
    create_customer("丁", code="c000900")
    create_customer("戊", code="C-000800")
    create_customer("辛", code="C²")  # a digit to str.isdigit, not to int()
    create_customer("壬", code="C９９９９９９")  # full-width
    assert next_code() == "C000008"
    assert next_codes(3) == ["C000008", "C000009", "C000010"]
    create_customer("己", code="C1000000")  # more than six digits
    assert create_customer("庚").code == "C1000001"


def test_code_prefix_comes_from_settings(db):
    settings.set("code_prefix", "VIP")
    assert create_customer("王丽").code == "VIP000001"
    assert create_customer("李娜").code == "VIP000002"


def test_code_prefix_with_like_wildcards(db):
    settings.set("code_prefix", "A_")
    create_customer("甲", code="AB000007")  # would match 'A_%' unescaped
    assert create_customer("乙").code == "A_000001"


def test_referrer_sets_source_and_must_exist(db):
    referrer = create_customer("王丽")
    info = create_customer("李娜", referrer_id=referrer.id)
    assert info.source == "referral"
    assert info.referrer_id == referrer.id and info.referrer_name == "王丽"
    explicit = create_customer("张伟", referrer_id=referrer.id, source="community")
    assert explicit.source == "community"
    with pytest.raises(NotFound):
        create_customer("赵六", referrer_id=9999)


def test_unknown_source_is_refused(db):
    with pytest.raises(InvalidInput, match="source"):
        create_customer("王丽", source="tiktok")


def test_dates_in_the_future_are_refused(db):
    with pytest.raises(InvalidInput, match="birthday: is in the future"):
        create_customer("王丽", birthday=date(2026, 7, 1))
    with pytest.raises(InvalidInput, match="joined: is in the future"):
        create_customer("王丽", joined="2026-07-01")
    with pytest.raises(InvalidInput, match="not a date"):
        create_customer("王丽", birthday="30/02/1990")
    info = create_customer("王丽", birthday="1990-05-04", joined=date(2025, 1, 2))
    assert info.birthday == date(1990, 5, 4) and info.joined == date(2025, 1, 2)


def test_setting_big_c_when_creating_needs_the_permission(db):
    with pytest.raises(NotAllowed):
        create_customer("王丽", big_c_flag=True, actor=STAFF)
    assert create_customer("王丽", big_c_flag=True, actor=MANAGER).big_c_flag
    assert not create_customer("李娜", actor=STAFF).big_c_flag


def test_normalize_tags():
    assert normalize_tags("vip, 老客，vip,,") == ["vip", "老客"]
    # As Chinese lists are written: the enumeration comma and semicolons separate tags too.
    assert normalize_tags("上班族、周末来；价格敏感;附近小区") == ["上班族", "周末来", "价格敏感", "附近小区"]
    assert normalize_tags(None) == []
    assert normalize_tags([" a,b ", "ab", ""]) == ["ab"]


# --- update -----------------------------------------------------------------------


def test_update_keeps_search_key_in_step_and_audits_the_change(db):
    info = create_customer("王丽", "13812345678", wechat="old")
    updated = update_customer(
        info.id, name="曾小明", phone="139 0000 1234", wechat="", tags="a,b", notes=" hi "
    )
    assert updated.name == "曾小明" and updated.phone == "+8613900001234"
    assert updated.wechat is None and updated.tags == ["a", "b"] and updated.notes == "hi"
    fields = key_fields(stored(info.id).search_key)
    assert fields["pinyin"] == "zengxiaoming" and fields["initials"] == "zxm"
    assert fields["phone"] == "13900001234" and fields["wechat"] == ""
    entry = audit_entries(info.id)[-1]
    assert entry.action == "update"
    assert json.loads(entry.before)["name"] == "王丽"
    assert json.loads(entry.after)["name"] == "曾小明"
    assert "source" not in json.loads(entry.after)  # only what changed


def test_update_without_a_change_writes_no_audit(db):
    info = create_customer("王丽", "13812345678")
    update_customer(info.id, name="王丽", phone="138 1234 5678")
    assert [e.action for e in audit_entries(info.id)] == ["create"]


def test_update_can_clear_the_phone(db):
    info = create_customer("王丽", "13812345678")
    assert update_customer(info.id, phone=None).phone is None
    assert create_customer("李娜", "13812345678").phone == "+8613812345678"


def test_update_refuses_someone_elses_phone_and_code(db):
    first = create_customer("王丽", "13812345678")
    second = create_customer("李娜", "13900001234")
    with pytest.raises(DuplicatePhone) as info:
        update_customer(second.id, phone="13812345678")
    assert info.value.customer_id == first.id
    with pytest.raises(DuplicateCode):
        update_customer(second.id, code=first.code)
    assert update_customer(first.id, code=first.code).code == first.code  # own code is fine
    with pytest.raises(InvalidInput, match="code: is required"):
        update_customer(first.id, code=" ")


def test_update_validates_everything_before_writing(db):
    info = create_customer("王丽", "13812345678")
    with pytest.raises(InvalidPhone):
        update_customer(info.id, name="李娜", phone="not a phone")
    assert get_customer(info.id).name == "王丽"


def test_referrer_and_big_c_are_not_edited_here(db):
    info = create_customer("王丽")
    with pytest.raises(InvalidInput, match="set_referrer"):
        update_customer(info.id, referrer_id=1)
    with pytest.raises(InvalidInput, match="set_big_c_flag"):
        update_customer(info.id, big_c_flag=True)
    with pytest.raises(InvalidInput, match="cannot be edited|not a customer field"):
        update_customer(info.id, level=4)


def test_joined_is_never_after_the_first_visit(db):
    info = create_customer("王丽", joined=date(2026, 1, 1))
    factories.visit(stored(info.id), date(2026, 3, 10))
    with pytest.raises(InvalidInput, match="after the first visit on 2026-03-10"):
        update_customer(info.id, joined=date(2026, 3, 11))
    assert update_customer(info.id, joined=date(2026, 3, 10)).joined == date(2026, 3, 10)
    assert update_customer(info.id, joined=date(2025, 12, 1)).joined == date(2025, 12, 1)
    assert Visit.select().count() == 1


def test_update_of_a_missing_customer(db):
    with pytest.raises(NotFound):
        update_customer(404, name="王丽")
    with pytest.raises(NotFound):
        get_customer(404)


# --- flags, archive, erase ---------------------------------------------------------------


def test_big_c_flag_needs_the_permission(db):
    info = create_customer("王丽")
    with pytest.raises(NotAllowed):
        set_big_c_flag(info.id, True, actor=STAFF)
    assert set_big_c_flag(info.id, True, actor=MANAGER).big_c_flag
    assert audit_entries(info.id)[-1].action == "flag_big_c"


def test_staff_may_not_archive_or_erase(db):
    info = create_customer("王丽", "13812345678")
    with pytest.raises(NotAllowed) as refused:
        archive_customer(info.id, actor=STAFF)
    assert refused.value.action == "archive customers"
    with pytest.raises(NotAllowed):
        unarchive_customer(info.id, actor=STAFF)
    with pytest.raises(NotAllowed) as refused:
        erase_customer(info.id, actor=STAFF)
    assert refused.value.action == "erase customers"
    assert not get_customer(info.id).archived and not get_customer(info.id).erased


def test_archive_and_unarchive(db):
    info = create_customer("王丽")
    assert archive_customer(info.id, actor=MANAGER).archived
    assert archive_customer(info.id).archived  # twice is harmless
    assert not unarchive_customer(info.id).archived
    assert [e.action for e in audit_entries(info.id)] == ["create", "archive", "unarchive"]


def test_erase_wipes_personal_data_and_keeps_history(db):
    referrer = create_customer("张伟")
    info = create_customer(
        "王丽",
        "13812345678",
        wechat="wl88",
        birthday=date(1990, 5, 4),
        tags=["vip"],
        notes="likes green tea",
        referrer_id=referrer.id,
    )
    update_customer(info.id, notes="moved to Shanghai")
    factories.visit(stored(info.id), date(2026, 5, 1), amount=5000)
    erased = erase_customer(info.id, actor=MANAGER)
    assert erased.name == ERASED_NAME
    assert erased.phone is None and erased.wechat is None and erased.birthday is None
    assert erased.notes == "" and erased.tags == []
    assert erased.erased and erased.archived
    assert erased.code == info.code and erased.referrer_id == referrer.id
    assert stored(info.id).search_key == ""
    assert Visit.select().where(Visit.customer == info.id).count() == 1
    # the phone is free again, and the old audit entries no longer hold personal data
    assert find_by_phone("13812345678") is None
    create_customer("新客", "13812345678")
    trail = " ".join(f"{e.before} {e.after}" for e in audit_entries(info.id))
    for secret in ("王丽", "13812345678", "wl88", "1990-05-04", "green tea", "Shanghai"):
        assert secret not in trail
    assert audit_entries(info.id)[-1].action == "erase"


def test_an_erased_customer_cannot_be_edited_or_unarchived(db):
    info = create_customer("王丽")
    erase_customer(info.id, actor=None)
    with pytest.raises(InvalidInput, match="erased"):
        update_customer(info.id, name="王丽")
    with pytest.raises(InvalidInput, match="erased"):
        unarchive_customer(info.id)
    assert erase_customer(info.id, actor=None).erased  # twice is harmless


# --- look-ups ----------------------------------------------------------------------


def test_find_by_phone_in_any_writing(db):
    info = create_customer("王丽", "13812345678")
    assert find_by_phone("+86 138-1234-5678").id == info.id
    assert find_by_phone("１３８１２３４５６７８").id == info.id
    assert find_by_phone("13900000000") is None
    assert find_by_phone("garbage") is None


def test_find_by_code_ignores_case(db):
    info = create_customer("王丽", code="VIP-7")
    assert find_by_code("VIP-7").id == info.id
    assert find_by_code(" vip-7 ").id == info.id
    assert find_by_code("VIP-8") is None
    assert find_by_code("") is None
