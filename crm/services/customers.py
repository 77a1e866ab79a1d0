"""Customers: create, edit, archive, look up (erasing is :mod:`crm.services.privacy`).

Every write checks the actor's permission, validates all input before touching
the database, runs in one transaction, keeps ``Customer.search_key`` in step
with the searchable fields and leaves an audit entry. Referrer changes belong
to :mod:`crm.services.referrals` (cycle checks), level pins to
:mod:`crm.services.customer_level`; the field checks are
:mod:`crm.services.customer_fields`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee as pw

from crm import clock
from crm.db import as_date, database
from crm.errors import InvalidInput, InvalidPhone, NotFound
from crm.levels import LEVELS
from crm.models import Customer, Visit
from crm.phones import display_phone, normalize_phone
from crm.pinyin import search_key
from crm.services import settings
from crm.services.common import Actor, audit, customer_or_not_found, live_customer, require
from crm.services.customer_codes import check_code_free, check_phone_free, next_code
from crm.services.customer_fields import (
    normalize_tags,
    tags_column,
    tags_list,
    valid_code,
    valid_date,
    valid_name,
    valid_notes,
    valid_phone,
    valid_source,
    valid_wechat,
)

ERASED_NAME = "已删除"
EDITABLE = ("name", "phone", "code", "wechat", "birthday", "joined", "source", "tags", "notes")
# What an erasure removes, here and from the customer's past audit entries.
PERSONAL_FIELDS = ("name", "phone", "wechat", "birthday", "notes", "tags", "search_key")


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    code: str
    name: str
    phone: str | None  # E.164
    phone_display: str
    wechat: str | None
    birthday: date | None
    joined: date
    source: str
    referrer_id: int | None
    referrer_name: str | None
    tags: list[str]
    notes: str
    big_c_flag: bool
    level: int  # stored current level, index into crm.levels.LEVELS
    level_key: str
    pin_level: int | None
    pin_reason: str | None
    pin_from: date | None
    pin_until: date | None
    pin_by_id: int | None
    archived: bool
    erased: bool


# --- reading --------------------------------------------------------------------


def _info(c: Customer, region: str | None = None) -> CustomerInfo:
    region = region or settings.get("phone_region")
    referrer_name = None
    if c.referrer_id is not None:
        referrer_name = Customer.select(Customer.name).where(Customer.id == c.referrer_id).scalar()
    return CustomerInfo(
        id=c.id,
        code=c.code,
        name=c.name,
        phone=c.phone,
        phone_display=display_phone(c.phone, region),
        wechat=c.wechat,
        birthday=as_date(c.birthday),
        joined=as_date(c.joined),
        source=c.source,
        referrer_id=c.referrer_id,
        referrer_name=referrer_name,
        tags=tags_list(c.tags),
        notes=c.notes or "",
        big_c_flag=bool(c.big_c_flag),
        level=c.level,
        level_key=LEVELS[c.level],
        pin_level=c.pin_level,
        pin_reason=c.pin_reason,
        pin_from=as_date(c.pin_from),
        pin_until=as_date(c.pin_until),
        pin_by_id=c.pin_by_id,
        archived=bool(c.archived),
        erased=bool(c.erased),
    )


def get_customer(customer_id: int) -> CustomerInfo:
    return _info(customer_or_not_found(customer_id))


def find_by_phone(raw: str) -> CustomerInfo | None:
    """The customer with this phone in any writing; None when nobody has it or it is not a valid number."""
    region = settings.get("phone_region")
    try:
        phone = normalize_phone(raw, region)
    except InvalidPhone:
        return None
    customer = Customer.get_or_none(Customer.phone == phone)
    return None if customer is None else _info(customer, region)


def find_by_code(code: str) -> CustomerInfo | None:
    """The customer with this code; a code typed in the wrong case is found too."""
    code = str(code or "").strip()
    if not code:
        return None
    customer = Customer.get_or_none(Customer.code == code)
    if customer is None:
        customer = (
            Customer.select().where(pw.fn.LOWER(Customer.code) == code.lower()).order_by(Customer.id).first()
        )
    return None if customer is None else _info(customer)


# --- writing --------------------------------------------------------------------


def _audit_row(c: Customer) -> dict[str, Any]:
    """The customer's own fields as the audit trail keeps them, in this order."""
    row = {
        field: getattr(c, field)
        for field in ("code", "name", "phone", "wechat", "birthday", "joined", "source")
    }
    row.update(referrer=c.referrer_id, tags=c.tags, notes=c.notes)
    row.update({flag: bool(getattr(c, flag)) for flag in ("big_c_flag", "archived", "erased")})
    return row


def _refresh_search_key(c: Customer) -> None:
    c.search_key = "" if c.erased else search_key(c.name, c.phone, c.code, c.wechat)


def create_customer(
    name: str,
    phone: str | None = None,
    *,
    code: str | None = None,
    wechat: str | None = None,
    birthday: date | str | None = None,
    joined: date | str | None = None,
    source: str | None = None,
    referrer_id: int | None = None,
    tags: Iterable[str] | str = (),
    notes: str = "",
    big_c_flag: bool = False,
    actor: Actor | None = None,
) -> CustomerInfo:
    """Add a customer. ``source`` defaults to ``referral`` when a referrer is given,
    else ``walk_in``; ``joined`` to today; the code to :func:`next_code`."""
    require(actor, "add customers")
    if big_c_flag:
        require(actor, "flag big c")
    region = settings.get("phone_region")
    clean_name = valid_name(name)
    clean_phone = valid_phone(phone, region)
    clean_code = valid_code(code)
    clean_wechat = valid_wechat(wechat)
    clean_birthday = valid_date("birthday", birthday)
    clean_joined = valid_date("joined", joined) or clock.today()
    if source is None:
        source = "referral" if referrer_id is not None else "walk_in"
    clean_source = valid_source(source)
    clean_tags = normalize_tags(tags)
    with database.atomic():
        if referrer_id is not None and not Customer.select().where(Customer.id == referrer_id).exists():
            raise NotFound("customer", referrer_id)
        check_phone_free(clean_phone)
        if clean_code is not None:
            check_code_free(clean_code)
        else:
            clean_code = next_code()
        now = clock.now()
        customer = Customer(
            code=clean_code,
            name=clean_name,
            phone=clean_phone,
            wechat=clean_wechat,
            birthday=clean_birthday,
            joined=clean_joined,
            source=clean_source,
            referrer=referrer_id,
            tags=tags_column(clean_tags),
            notes=valid_notes(notes),
            big_c_flag=bool(big_c_flag),
            created_at=now,
            updated_at=now,
        )
        _refresh_search_key(customer)
        try:
            with database.atomic():
                customer.save(force_insert=True)
        except pw.IntegrityError:
            # Another counter took the phone or code since the checks above.
            check_phone_free(clean_phone)
            check_code_free(clean_code)
            raise
        audit(actor, "customer", customer.id, "create", None, _audit_row(customer))
        return _info(customer, region)


def _first_visit_day(customer_id: int) -> date | None:
    return as_date(Visit.select(pw.fn.MIN(Visit.day)).where(Visit.customer == customer_id).scalar())


def update_customer(customer_id: int, *, actor: Actor | None = None, **changes: Any) -> CustomerInfo:
    """Change any of name, phone, code, wechat, birthday, joined, source, tags, notes.
    A phone or WeChat id of ``None``/``""`` clears it."""
    require(actor, "edit customers")
    for key in changes:
        if key == "referrer_id" or key == "referrer":
            raise InvalidInput(key, "is changed with referrals.set_referrer")
        if key == "big_c_flag":
            raise InvalidInput(key, "is changed with set_big_c_flag")
        if key not in EDITABLE:
            raise InvalidInput(key, "is not a customer field that can be edited")
    region = settings.get("phone_region")
    clean: dict[str, Any] = {}
    if "name" in changes:
        clean["name"] = valid_name(changes["name"])
    if "phone" in changes:
        clean["phone"] = valid_phone(changes["phone"], region)
    if "code" in changes:
        clean["code"] = valid_code(changes["code"])
        if clean["code"] is None:
            raise InvalidInput("code", "is required")
    if "wechat" in changes:
        clean["wechat"] = valid_wechat(changes["wechat"])
    if "birthday" in changes:
        clean["birthday"] = valid_date("birthday", changes["birthday"])
    if "joined" in changes:
        clean["joined"] = valid_date("joined", changes["joined"], required=True)
    if "source" in changes:
        clean["source"] = valid_source(changes["source"])
    if "tags" in changes:
        clean["tags"] = tags_column(normalize_tags(changes["tags"]))
    if "notes" in changes:
        clean["notes"] = valid_notes(changes["notes"])
    with database.atomic():
        customer = live_customer(customer_id, archived_ok=True)
        if "phone" in clean:
            check_phone_free(clean["phone"], customer.id)
        if "code" in clean:
            check_code_free(clean["code"], customer.id)
        if "joined" in clean:
            first = _first_visit_day(customer.id)
            if first is not None and clean["joined"] > first:
                raise InvalidInput(
                    "joined", f"{clean['joined'].isoformat()} is after the first visit on {first.isoformat()}"
                )
        before = _audit_row(customer)
        for key, value in clean.items():
            setattr(customer, key, value)
        after = _audit_row(customer)
        if after == before:
            return _info(customer, region)
        _refresh_search_key(customer)
        customer.updated_at = clock.now()
        customer.save()
        changed = [k for k in after if after[k] != before[k]]
        audit(
            actor,
            "customer",
            customer.id,
            "update",
            {k: before[k] for k in changed},
            {k: after[k] for k in changed},
        )
        return _info(customer, region)


def _set_flags(customer_id: int, actor: Actor | None, action: str, **flags: bool) -> CustomerInfo:
    with database.atomic():
        customer = customer_or_not_found(customer_id)
        before = {k: bool(getattr(customer, k)) for k in flags}
        if before == flags:
            return _info(customer)
        for key, value in flags.items():
            setattr(customer, key, value)
        customer.updated_at = clock.now()
        customer.save()
        audit(actor, "customer", customer.id, action, before, dict(flags))
        return _info(customer)


def set_big_c_flag(customer_id: int, flag: bool, actor: Actor | None = None) -> CustomerInfo:
    """The owner's 大C flag (SPEC 2.2: a customer is 大C when leading a community or flagged)."""
    require(actor, "flag big c")
    return _set_flags(customer_id, actor, "flag_big_c", big_c_flag=bool(flag))


def archive_customer(customer_id: int, actor: Actor | None = None) -> CustomerInfo:
    """Hide from lists and search; history, levels and reports keep the customer."""
    require(actor, "archive customers")
    return _set_flags(customer_id, actor, "archive", archived=True)


def unarchive_customer(customer_id: int, actor: Actor | None = None) -> CustomerInfo:
    require(actor, "archive customers")
    live_customer(customer_id, archived_ok=True)
    return _set_flags(customer_id, actor, "unarchive", archived=False)
