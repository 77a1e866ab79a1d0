"""PINs (SPEC 8): argon2id hashes and the upgrade of older ones, the owner's PIN once a
shop has two people, the growing wait after five wrong PINs, changing one's own PIN."""

import hashlib
import secrets
import time
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from crm import clock
from crm.db import close_database, open_database
from crm.errors import InvalidInput, NotAllowed, OwnerPinNeeded, PinLocked, WrongPin
from crm.models import AuditEntry, Staff
from crm.services import pins
from crm.services import staff as svc


def old_pbkdf2_hash(pin: str, iterations: int = 120_000) -> str:
    """A PIN as earlier versions stored it."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def stored(staff_id: int) -> Staff:
    return Staff.get_by_id(staff_id)


def later(seconds: int) -> None:
    clock.fix(clock.now() + timedelta(seconds=seconds))


def wrong_tries(staff_id: int, count: int) -> list[int]:
    """``count`` wrong PINs; the tries left each one reports."""
    left = []
    for _ in range(count):
        with pytest.raises(WrongPin) as caught:
            svc.sign_in(staff_id, "0000")
        left.append(caught.value.tries_left)
    return left


@pytest.fixture
def owner(db):
    return svc.create_staff("老板", "owner", pin="1234")


@pytest.fixture
def clerk(owner):
    return svc.create_staff("小李", "staff", pin="5678")


# --- hashes ----------------------------------------------------------------------------


def test_new_pins_are_argon2id_with_the_shop_parameters(owner):
    pin_hash = stored(owner.id).pin_hash
    assert pin_hash.startswith("$argon2id$v=19$m=65536,t=2,p=2$")
    assert "1234" not in pin_hash
    assert svc.verify_pin(owner.id, "1234") and not svc.verify_pin(owner.id, "1235")


def test_verifying_a_pin_takes_well_under_half_a_second(owner):
    pin_hash = stored(owner.id).pin_hash
    started = time.process_time()  # the processor's work, whatever else runs on the machine
    assert pins.matches("1234", pin_hash)
    assert time.process_time() - started < 0.5


def test_an_old_pbkdf2_pin_still_signs_in_and_is_replaced_by_argon2id(owner):
    clerk = svc.create_staff("小李", pin="5678")
    old = old_pbkdf2_hash("13579")
    Staff.update(pin_hash=old).where(Staff.id == clerk.id).execute()
    with pytest.raises(WrongPin):
        svc.sign_in(clerk.id, "13578")
    assert stored(clerk.id).pin_hash == old  # a wrong PIN upgrades nothing
    assert svc.sign_in(clerk.id, "13579").staff_id == clerk.id
    upgraded = stored(clerk.id).pin_hash
    assert upgraded.startswith("$argon2id$") and not pins.needs_rehash(upgraded)
    assert svc.verify_pin(clerk.id, "13579") and not svc.verify_pin(clerk.id, "13578")
    assert not AuditEntry.select().where(AuditEntry.entity_id == clerk.id, AuditEntry.action != "create")


def test_an_argon2_hash_with_other_parameters_is_rehashed_at_sign_in(owner):
    weaker = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("1234")
    Staff.update(pin_hash=weaker).where(Staff.id == owner.id).execute()
    assert pins.needs_rehash(weaker)
    svc.sign_in(owner.id, "1234")
    assert stored(owner.id).pin_hash != weaker and not pins.needs_rehash(stored(owner.id).pin_hash)
    assert svc.verify_pin(owner.id, "1234")


def test_a_broken_stored_hash_is_a_wrong_pin_not_a_crash(owner):
    Staff.update(pin_hash="pbkdf2_sha256$garbage").where(Staff.id == owner.id).execute()
    assert not svc.verify_pin(owner.id, "1234")
    Staff.update(pin_hash="$argon2id$nonsense").where(Staff.id == owner.id).execute()
    assert not svc.verify_pin(owner.id, "1234")


# --- the owner's PIN ------------------------------------------------------------------------


def test_a_shop_of_one_owner_needs_no_pin(db):
    owner = svc.create_staff("老板", "owner")
    assert svc.sign_in(owner.id).role == "owner"
    assert svc.owner_without_pin(adding=0) is None
    assert svc.owner_without_pin().id == owner.id  # one more person would need it


def test_a_second_person_is_refused_while_the_owner_has_no_pin(db):
    owner = svc.create_staff("老板", "owner")
    me = svc.actor_for(owner.id)
    with pytest.raises(OwnerPinNeeded) as caught:
        svc.create_staff("小李", actor=me)
    assert (caught.value.staff_id, caught.value.staff_name) == (owner.id, "老板")
    assert Staff.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.action == "create").count() == 1  # the owner's only
    svc.update_staff(owner.id, pin="2468", actor=me)  # no old PIN to give: they had none
    assert svc.create_staff("小李", actor=me).active
    assert svc.owner_without_pin() is None


def test_a_new_owner_needs_a_pin_in_the_same_call(owner):
    with pytest.raises(OwnerPinNeeded):
        svc.create_staff("二老板", "owner")
    assert svc.create_staff("二老板", "owner", pin="8642").has_pin
    clerk = svc.create_staff("小李")
    with pytest.raises(OwnerPinNeeded):
        svc.update_staff(clerk.id, role="owner")
    assert svc.get_staff(clerk.id).role == "staff"
    assert svc.update_staff(clerk.id, role="owner", pin="1111").role == "owner"


def test_reactivating_someone_is_refused_while_an_owner_has_no_pin(db):
    owner = svc.create_staff("老板", "owner", pin="1234")
    clerk = svc.create_staff("小李")
    svc.deactivate_staff(clerk.id)
    svc.update_staff(owner.id, pin=None)  # alone again: allowed
    with pytest.raises(OwnerPinNeeded):
        svc.reactivate_staff(clerk.id)
    assert not svc.get_staff(clerk.id).active
    svc.update_staff(owner.id, pin="1234")
    second = svc.create_staff("二老板", "owner", pin="8642")
    svc.deactivate_staff(second.id)
    with pytest.raises(OwnerPinNeeded):
        svc.update_staff(second.id, active=True, pin=None)
    assert svc.update_staff(second.id, active=True).active  # their PIN came back with them


def test_an_owner_cannot_remove_their_own_pin_while_others_are_active(clerk, owner):
    with pytest.raises(OwnerPinNeeded):
        svc.change_own_pin(owner.id, "1234", None)
    with pytest.raises(OwnerPinNeeded):
        svc.update_staff(owner.id, pin=None)  # nor from the command line
    assert svc.verify_pin(owner.id, "1234")
    svc.deactivate_staff(clerk.id)
    assert not svc.change_own_pin(owner.id, "1234", None).has_pin


def test_a_shop_that_broke_the_rule_before_can_still_be_fixed(db):
    owner = svc.create_staff("老板", "owner")
    Staff.insert(name="小李", role="staff", active=True).execute()  # as older versions allowed
    clerk = Staff.get(Staff.name == "小李")
    assert svc.owner_without_pin(adding=0).id == owner.id
    assert svc.update_staff(clerk.id, name="李明").name == "李明"  # unrelated changes still work
    assert svc.deactivate_staff(clerk.id).active is False
    with pytest.raises(OwnerPinNeeded):
        svc.reactivate_staff(clerk.id)
    svc.update_staff(owner.id, pin="2468")
    assert svc.reactivate_staff(clerk.id).active


# --- wrong PINs -------------------------------------------------------------------------


def test_five_wrong_pins_then_each_further_try_waits_longer(clerk):
    assert wrong_tries(clerk.id, 5) == [4, 3, 2, 1, 0]
    with pytest.raises(PinLocked) as caught:
        svc.sign_in(clerk.id, "5678")  # the right PIN is not even checked
    assert (caught.value.staff_name, caught.value.seconds) == ("小李", 30)
    assert stored(clerk.id).pin_failures == 5
    later(29)
    with pytest.raises(PinLocked) as caught:
        svc.verify_pin(clerk.id, "5678")
    assert caught.value.seconds == 1 and svc.pin_wait(clerk.id) == 1
    later(1)
    assert svc.pin_wait(clerk.id) == 0
    wrong_tries(clerk.id, 1)
    assert svc.pin_wait(clerk.id) == 60
    later(60)
    wrong_tries(clerk.id, 1)
    assert svc.pin_wait(clerk.id) == 120
    later(120)
    assert svc.sign_in(clerk.id, "5678").name == "小李"
    row = stored(clerk.id)
    assert (row.pin_failures, row.pin_wait_until) == (0, None)
    assert wrong_tries(clerk.id, 1) == [4]  # counting starts again


def test_the_wait_grows_to_fifteen_minutes_and_no_further():
    assert [pins.wait_after(n) for n in range(4, 12)] == [0, 30, 60, 120, 240, 480, 900, 900]
    assert pins.wait_after(10_000) == 900


def test_the_count_survives_a_restart(clerk, db):
    location = db.shop_location
    wrong_tries(clerk.id, 5)
    close_database()
    open_database(location)
    with pytest.raises(PinLocked) as caught:
        svc.sign_in(clerk.id, "5678")
    assert caught.value.seconds == 30


def test_a_clock_put_back_does_not_lengthen_the_wait(clerk):
    wrong_tries(clerk.id, 5)
    later(-3600)
    assert svc.pin_wait(clerk.id) == 30


def test_wrong_pins_of_one_person_do_not_hold_up_another(clerk, owner):
    wrong_tries(clerk.id, 5)
    assert svc.pin_wait(clerk.id) == 30 and svc.pin_wait(owner.id) == 0
    assert svc.sign_in(owner.id, "1234").role == "owner"


def test_the_owner_setting_a_new_pin_ends_the_wait(clerk, owner):
    wrong_tries(clerk.id, 5)
    svc.update_staff(clerk.id, pin="8080", actor=svc.actor_for(owner.id))
    assert svc.pin_wait(clerk.id) == 0
    assert svc.sign_in(clerk.id, "8080").staff_id == clerk.id


# --- one's own PIN ----------------------------------------------------------------------


def test_changing_ones_own_pin_asks_for_the_old_one(clerk):
    with pytest.raises(InvalidInput) as caught:
        svc.change_own_pin(clerk.id, "", "2468")
    assert caught.value.field == "old_pin"
    with pytest.raises(WrongPin) as caught:
        svc.change_own_pin(clerk.id, "1111", "2468")
    assert caught.value.tries_left == 4
    assert stored(clerk.id).pin_failures == 1  # a wrong old PIN is a wrong try
    assert svc.verify_pin(clerk.id, "5678")
    svc.change_own_pin(clerk.id, "5678", "2468")
    assert svc.verify_pin(clerk.id, "2468") and not svc.verify_pin(clerk.id, "5678")
    entry = AuditEntry.select().where(AuditEntry.action == "change_pin").get()
    assert entry.staff_id == clerk.id
    for secret in ("5678", "2468", stored(clerk.id).pin_hash):
        assert secret not in f"{entry.before} {entry.after}"


def test_the_old_pin_is_needed_through_update_staff_too(clerk, owner):
    with pytest.raises(InvalidInput):
        svc.update_staff(clerk.id, pin="2468", actor=svc.actor_for(clerk.id))
    with pytest.raises(InvalidInput):
        svc.update_staff(owner.id, pin="2468", actor=svc.actor_for(owner.id))  # the owner too
    svc.update_staff(owner.id, name="陈老板", pin="2468", old_pin="1234", actor=svc.actor_for(owner.id))
    assert svc.verify_pin(owner.id, "2468")


def test_a_wrong_old_pin_leads_to_the_wait_like_any_other(clerk):
    for _ in range(5):
        with pytest.raises(WrongPin):
            svc.change_own_pin(clerk.id, "0000", "2468")
    with pytest.raises(PinLocked):
        svc.change_own_pin(clerk.id, "5678", "2468")  # the right old PIN waits too
    assert svc.pin_wait(clerk.id) == 30
    later(30)
    svc.change_own_pin(clerk.id, "5678", "2468")
    assert svc.verify_pin(clerk.id, "2468")


def test_someone_without_a_pin_sets_their_first_without_an_old_one(owner):
    clerk = svc.create_staff("小李")
    assert svc.change_own_pin(clerk.id, None, "2468").has_pin


def test_the_owner_resets_someone_elses_pin_without_knowing_it(clerk, owner):
    svc.update_staff(clerk.id, pin="9090", actor=svc.actor_for(owner.id))
    assert svc.verify_pin(clerk.id, "9090")
    manager = svc.create_staff("店长", "manager", pin="3333")
    with pytest.raises(NotAllowed):
        svc.update_staff(clerk.id, pin="1111", actor=svc.actor_for(manager.id))
    assert svc.verify_pin(clerk.id, "9090")
