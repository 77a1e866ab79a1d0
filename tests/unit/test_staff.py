"""Staff: roles, who may manage whom (the owner alone manages staff and PINs), the last owner, PINs."""

import pytest

from crm.errors import InvalidInput, LastOwner, NotAllowed, NotFound, StaffInactive
from crm.models import AuditEntry, Staff
from crm.services import community_changes
from crm.services import staff as svc
from crm.services.common import Actor


@pytest.fixture
def shop(db):
    owner = svc.create_staff("老板", role="owner", pin="1234")
    manager = svc.create_staff("店长", role="manager")
    clerk = svc.create_staff("店员", pin="5678")
    return owner, manager, clerk


def as_actor(info):
    return svc.actor_for(info.id)


def assert_refused(*attempts) -> None:
    """Each attempt (a call) is refused with NotAllowed; a failure names the first one allowed."""
    for number, attempt in enumerate(attempts, start=1):
        try:
            attempt()
        except NotAllowed:
            continue
        pytest.fail(f"attempt {number} was allowed")


def test_create_and_list(shop):
    owner, manager, clerk = shop
    assert [(s.name, s.role, s.has_pin) for s in svc.list_staff()] == [
        ("老板", "owner", True),
        ("店长", "manager", False),
        ("店员", "staff", True),
    ]
    with pytest.raises(InvalidInput):
        svc.create_staff("  ")
    with pytest.raises(InvalidInput):
        svc.create_staff("某人", role="boss")


def test_pin_is_verified_against_a_salted_hash(shop):
    owner, manager, clerk = shop
    assert svc.verify_pin(owner.id, "1234")
    assert not svc.verify_pin(owner.id, "4321")
    assert not svc.verify_pin(manager.id, "1234")  # no PIN set
    assert not svc.verify_pin(9999, "1234")
    stored = Staff.get_by_id(owner.id).pin_hash
    assert "1234" not in stored
    svc.update_staff(clerk.id, pin="1234")
    assert Staff.get_by_id(clerk.id).pin_hash != stored  # same PIN, different salt


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "１２３４", ""])
def test_pin_must_be_4_to_8_digits(db, pin):
    if pin == "":
        assert not svc.create_staff("某人", pin=pin).has_pin
        return
    with pytest.raises(InvalidInput):
        svc.create_staff("某人", pin=pin)


def test_pins_never_reach_the_audit_trail(shop):
    owner, manager, clerk = shop
    svc.update_staff(clerk.id, pin="24680", actor=as_actor(owner))
    trail = " ".join(f"{e.before} {e.after}" for e in AuditEntry.select())
    stored = Staff.get_by_id(clerk.id).pin_hash
    for secret in ("1234", "5678", "24680", stored, stored.split("$")[-1]):
        assert secret not in trail
    assert AuditEntry.select().where(AuditEntry.action == "change_pin").count() == 1


def test_removing_a_pin(shop):
    owner, manager, clerk = shop
    assert not svc.update_staff(clerk.id, pin=None).has_pin
    assert not svc.verify_pin(clerk.id, "5678")


def test_staff_may_not_manage_staff_but_may_change_their_own_pin(shop):
    owner, manager, clerk = shop
    actor = as_actor(clerk)
    assert_refused(
        lambda: svc.create_staff("新人", actor=actor),
        lambda: svc.update_staff(manager.id, name="改名", actor=actor),
        lambda: svc.update_staff(clerk.id, role="manager", actor=actor),
        lambda: svc.update_staff(clerk.id, name="小李", pin="9999", old_pin="5678", actor=actor),
    )
    svc.change_own_pin(clerk.id, "5678", "9999")
    assert svc.verify_pin(clerk.id, "9999")


def test_staff_actor_is_refused_for_manage_actions_elsewhere(shop):
    owner, manager, clerk = shop
    from tests.factories import customer

    leader = customer("王丽")
    with pytest.raises(NotAllowed):
        community_changes.create_community("群", leader.id, actor=as_actor(clerk))
    assert community_changes.create_community("群", leader.id, actor=as_actor(manager)).name == "群"


def test_only_an_owner_manages_staff_and_pins(shop):
    owner, manager, clerk = shop
    boss = as_actor(manager)
    assert_refused(
        lambda: svc.create_staff("新人", actor=boss),
        lambda: svc.create_staff("二老板", role="owner", pin="2468", actor=boss),
        lambda: svc.update_staff(clerk.id, role="manager", actor=boss),
        lambda: svc.update_staff(clerk.id, pin="1111", actor=boss),  # nor anyone's PIN
        lambda: svc.update_staff(owner.id, name="改名", actor=boss),
        lambda: svc.deactivate_staff(clerk.id, actor=boss),
    )
    assert Staff.select().count() == 3 and svc.get_staff(clerk.id).role == "staff"
    assert svc.verify_pin(clerk.id, "5678")
    me = as_actor(owner)
    assert svc.update_staff(clerk.id, role="manager", actor=me).role == "manager"
    assert svc.create_staff("二老板", role="owner", pin="2468", actor=me).role == "owner"
    # The manager keeps what every role may do with their own PIN.
    svc.change_own_pin(manager.id, None, "1357")
    assert svc.verify_pin(manager.id, "1357")


def test_the_last_active_owner_cannot_be_deactivated_or_demoted(shop):
    owner, manager, clerk = shop
    me = as_actor(owner)
    with pytest.raises(LastOwner):
        svc.deactivate_staff(owner.id, actor=me)
    with pytest.raises(LastOwner):
        svc.update_staff(owner.id, role="manager", actor=me)
    assert Staff.get_by_id(owner.id).active and Staff.get_by_id(owner.id).role == "owner"
    svc.update_staff(manager.id, role="owner", pin="1357", actor=me)  # an owner needs a PIN here
    assert svc.deactivate_staff(owner.id, actor=me).active is False
    assert [s.name for s in svc.list_staff()] == ["店长", "店员"]
    assert [s.name for s in svc.list_staff(include_inactive=True)][-1] == "老板"


def test_actor_for(shop):
    owner, manager, clerk = shop
    assert svc.actor_for(clerk.id) == Actor(staff_id=clerk.id, role="staff", name="店员")
    svc.deactivate_staff(clerk.id)
    with pytest.raises(StaffInactive):
        svc.actor_for(clerk.id)
    assert not svc.verify_pin(clerk.id, "5678")
    with pytest.raises(NotFound):
        svc.actor_for(9999)


def test_changes_are_audited(shop):
    owner, manager, clerk = shop
    svc.update_staff(clerk.id, name="小李", actor=as_actor(owner))
    entry = AuditEntry.select().where(AuditEntry.action == "update").get()
    assert entry.staff_id == owner.id and "店员" in entry.before and "小李" in entry.after
