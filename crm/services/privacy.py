"""One customer's data (a request to see it) and erasing it for good (SPEC 8).

``customer_data`` gathers everything the shop holds about one customer: their
card, visits, referrals, communities, tasks, level history and the audit trail
about them. ``erase_customer`` wipes the personal data (name, phone, WeChat,
birthday, notes, tags) and every copy of it the database keeps elsewhere:
visit notes, task titles and outcomes, pin reasons, level-change details,
community notes, audit before/after values and the search index. Visits
(amounts and dates), referral edges and memberships stay, anonymous, so the
shop's figures stay true. On SQLite the database runs with ``secure_delete``;
after an erase the search index is merged and the write-ahead log emptied, so
the old text is not left in free space of the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

import peewee as pw

from crm import clock
from crm.db import database
from crm.levels import LEVELS
from crm.models import AuditEntry, Community, Customer, LevelChange, Membership, Staff, Task, Visit
from crm.phones import phone_digits
from crm.services import settings
from crm.services.common import Actor, audit, customer_or_not_found, require
from crm.services.customers import ERASED_NAME, PERSONAL_FIELDS, CustomerInfo, _info

ERASED = "[erased]"
# Texts shorter than this are not hunted through other rows: a one-character name
# would wipe that character from every note in the shop.
_MIN_HUNTED = 2


# --- seeing one customer's data -------------------------------------------------


def _money(cents: int | None) -> float | None:
    return None if cents is None else round(cents / 100, 2)


def _level(index: int | None) -> str | None:
    return None if index is None else LEVELS[index]


def _json_or_text(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def customer_data(customer_id: int, *, actor: Actor | None) -> dict[str, Any]:
    """Everything the shop holds about one customer, as plain JSON-ready values.

    Links to other people (their referrer, the people they referred) are customer codes;
    free text (visit notes, task titles and outcomes) is as it was written, and a task
    the suggestions wrote may name the referrer whose referral it follows up: a shop
    reading the file to a customer should look at those lines first."""
    require(actor, "customer data")
    customer = customer_or_not_found(customer_id)
    staff_names = dict(Staff.select(Staff.id, Staff.name).tuples())
    mine = Visit.customer == customer.id
    visits = list(
        Visit.select(
            Visit.at, Visit.kind, Visit.amount, Visit.quantity, Visit.note, Visit.staff.alias("staff")
        )
        .where(mine)
        .order_by(Visit.at, Visit.id)
        .dicts()
    )
    for visit in visits:
        visit.update(amount=_money(visit["amount"]), staff=staff_names.get(visit["staff"]))
    communities = list(
        Membership.select(
            Community.name.alias("community"),
            pw.Value("member").alias("role"),
            Membership.joined,
            Membership.left,
        )
        .join(Community)
        .where(Membership.customer == customer.id)
        .dicts()
    ) + list(
        Community.select(
            Community.name.alias("community"),
            pw.Value("leader").alias("role"),
            Community.created.alias("joined"),
            Community.archived_on.alias("left"),
        )
        .where(Community.leader == customer.id)
        .dicts()
    )
    tasks = list(
        Task.select(
            Task.kind, Task.due, Task.status, Task.title, Task.outcome, Task.created_on, Task.closed_on,
            Task.assignee.alias("assignee"),
        )
        .where(Task.customer == customer.id)
        .order_by(Task.created_on, Task.id)
        .dicts()
    )  # fmt: skip
    for task in tasks:
        task["assignee"] = staff_names.get(task["assignee"])
    level_changes = [
        {"at": at, "from": _level(old), "to": _level(new), "reason": reason, "detail": detail}
        for at, old, new, reason, detail in LevelChange.select(
            LevelChange.at,
            LevelChange.from_level,
            LevelChange.to_level,
            LevelChange.reason,
            LevelChange.detail,
        )
        .where(LevelChange.customer == customer.id)
        .order_by(LevelChange.at, LevelChange.id)
        .tuples()
    ]
    history = [
        {
            "at": at,
            "action": action,
            "staff": staff_names.get(staff_id),
            "before": _json_or_text(before),
            "after": _json_or_text(after),
        }
        for at, action, staff_id, before, after in AuditEntry.select(
            AuditEntry.at, AuditEntry.action, AuditEntry.staff, AuditEntry.before, AuditEntry.after
        )
        .where((AuditEntry.entity == "customer") & (AuditEntry.entity_id == customer.id))
        .order_by(AuditEntry.at, AuditEntry.id)
        .tuples()
    ]
    referrals = [
        code for (code,) in Customer.select(Customer.code).where(Customer.referrer == customer.id).tuples()
    ]
    info = _info(customer)
    card = {
        "code": info.code,
        "name": info.name,
        "phone": info.phone,
        "wechat": info.wechat,
        "birthday": info.birthday,
        "joined": info.joined,
        "source": info.source,
        "tags": info.tags,
        "notes": info.notes,
        "big_c": info.big_c_flag,
        "level": info.level_key,
        "pinned_level": _level(info.pin_level),
        "pin_reason": info.pin_reason,
        "archived": info.archived,
        "erased": info.erased,
        "referrer": Customer.get_by_id(customer.referrer_id).code if customer.referrer_id else None,
    }
    return {
        "shop": settings.get("shop_name") or "",
        "exported_at": clock.now().replace(microsecond=0),
        "customer": card,
        "referrals": referrals,
        "visits": visits,
        "communities": communities,
        "tasks": tasks,
        "level_changes": level_changes,
        "history": history,
    }


# --- erasing -------------------------------------------------------------------


def _digit(d: str) -> str:
    """A digit, also in its full-width form (１３８ as typed with a Chinese input method)."""
    return f"[{d}{chr(0xFF10 + int(d))}]"


def _phone_pattern(e164: str) -> str | None:
    """The phone as written anywhere: with or without the country code or trunk 0, in
    groups separated by spaces, dashes, dots or brackets (138 1234 5678, +86 138-1234-5678),
    in half- or full-width digits."""
    digits = phone_digits(e164)
    if len(digits) < 6:
        return None
    gap = r"[\s\-.()\u3000（）－]*"
    national = _digit(digits[0]) + "".join(gap + _digit(d) for d in digits[1:])
    return r"(?:(?:\+|00)?\d{1,3}" + gap + r"|0" + gap + r")?" + national


def _personal_texts(customer: Customer) -> tuple[set[str], set[str]]:
    """The customer's names and WeChat ids, and phones, now and in their audit history."""
    texts: set[str] = {customer.name, customer.wechat or ""}
    phones: set[str] = {customer.phone or ""}
    entries = AuditEntry.select(AuditEntry.before, AuditEntry.after).where(
        (AuditEntry.entity == "customer") & (AuditEntry.entity_id == customer.id)
    )
    for before, after in entries.tuples():
        for text in (before, after):
            value = _json_or_text(text)
            if not isinstance(value, dict):
                continue
            for key in ("name", "wechat"):
                if isinstance(value.get(key), str):
                    texts.add(value[key])
            if isinstance(value.get("phone"), str):
                phones.add(value["phone"])
    texts = {text.strip() for text in texts if text and len(text.strip()) >= _MIN_HUNTED}
    texts -= {ERASED_NAME, ERASED}
    # As the audit trail's JSON writes them too (a quote or a backslash in a name).
    texts |= {json.dumps(text, ensure_ascii=False)[1:-1] for text in texts}
    return texts, {phone for phone in phones if phone}


def _scrubber(texts: set[str], phones: set[str]) -> re.Pattern | None:
    parts = [re.escape(text) for text in sorted(texts, key=len, reverse=True)]
    parts += [pattern for pattern in map(_phone_pattern, phones) if pattern]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _hints(texts: set[str], phones: set[str]) -> list[str]:
    """LIKE fragments that find every row the scrubber could change (it then checks each)."""
    # The longest piece of each text without LIKE's own or JSON's special characters.
    hints = sorted({max(re.split(r'[\\"%_]', text), key=len) for text in texts} - {""})
    for phone in phones:
        digits = phone_digits(phone)
        hints.append(digits[-2:])  # however the phone is written, it ends with these
        hints.append("".join(chr(0xFF10 + int(d)) for d in digits[-2:]))  # or their full-width forms
    return hints


def _longer_names(customer_id: int, texts: set[str]) -> re.Pattern | None:
    """Other customers' names that hold one of ``texts`` (刘艳佳 holds 刘艳): a mention of
    them is not a mention of the erased customer and stays whole."""
    names: set[str] = set()
    for text in texts:
        query = Customer.select(Customer.name).where(
            Customer.name.contains(text) & (Customer.id != customer_id) & (Customer.name != text)
        )
        names.update(name for (name,) in query.tuples() if text in name)
    if not names:
        return None
    return re.compile("(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")")


def _scrub(text: str, pattern: re.Pattern, keep: re.Pattern | None) -> str:
    if keep is None:
        return pattern.sub(ERASED, text)
    parts = keep.split(text)  # the kept names at odd places
    return "".join(part if index % 2 else pattern.sub(ERASED, part) for index, part in enumerate(parts))


def _scrub_column(
    model, column: pw.Field, pattern: re.Pattern, hints: list[str], keep: re.Pattern | None = None
) -> int:
    """Replace every match of ``pattern`` in ``column`` by ``[erased]`` (but not inside the
    names ``keep`` finds); returns rows changed."""
    found = None
    for hint in hints:
        condition = column.contains(hint)
        found = condition if found is None else (found | condition)
    if found is None:
        return 0
    changed = 0
    for row_id, text in model.select(model.id, column).where(found).tuples():
        if not text:
            continue
        cleaned = _scrub(text, pattern, keep)
        if cleaned != text:
            model.update({column: cleaned}).where(model.id == row_id).execute()
            changed += 1
    return changed


def _redact(text: str | None) -> str | None:
    """An audit value of the customer with every personal field replaced by ``[erased]``."""
    if not text:
        return text
    value = _json_or_text(text)
    if not isinstance(value, dict):
        return ERASED
    for key in (*PERSONAL_FIELDS, "pin_reason"):
        if key in value and value[key] not in (None, "", []):
            value[key] = ERASED
    return json.dumps(value, ensure_ascii=False)


# The free text of rows that belong to the customer, as their history keeps it.
_THEIR_TEXT = {"visit": ("note",), "task": ("title", "outcome")}


def _wipe_history_of_their_rows(customer_id: int) -> None:
    """The audit trail of the customer's visits and tasks (deleted ones too) without their
    words: a note, a task's title and outcome become ``[erased]``."""
    found = None
    for mark in (f'"customer": {customer_id},', f'"customer": {customer_id}}}'):
        for column in (AuditEntry.before, AuditEntry.after):
            condition = column.contains(mark)
            found = condition if found is None else (found | condition)
    rows = AuditEntry.select(AuditEntry.id, AuditEntry.entity, AuditEntry.before, AuditEntry.after).where(
        AuditEntry.entity.in_(tuple(_THEIR_TEXT)) & found
    )
    for entry_id, entity, before, after in rows.tuples():
        cleaned = [_without_words(text, customer_id, _THEIR_TEXT[entity]) for text in (before, after)]
        if cleaned != [before, after]:
            AuditEntry.update(before=cleaned[0], after=cleaned[1]).where(AuditEntry.id == entry_id).execute()


def _without_words(text: str | None, customer_id: int, keys: tuple[str, ...]) -> str | None:
    value = _json_or_text(text)
    if not isinstance(value, dict) or value.get("customer") != customer_id:
        return text
    for key in keys:
        if value.get(key) not in (None, ""):
            value[key] = ERASED
    return json.dumps(value, ensure_ascii=False)


def erase_customer(customer_id: int, *, actor: Actor | None) -> CustomerInfo:
    """Wipe the customer's personal data and every copy of it, for good (a privacy
    request). The code, visits, referrals and memberships stay, anonymous; the
    customer is archived under a placeholder name. Erasing twice is harmless."""
    require(actor, "erase customers")
    with database.atomic():
        customer = customer_or_not_found(customer_id)
        already = customer.erased
    if already:  # again: what is left of the old pages goes now, if nothing holds them
        old_pages_left()
        return _info(customer)
    with database.atomic():
        customer = customer_or_not_found(customer_id)
        texts, phones = _personal_texts(customer)
        Customer.update(
            name=ERASED_NAME,
            phone=None,
            wechat=None,
            birthday=None,
            notes="",
            tags="",
            pin_reason=None,
            search_key="",
            erased=True,
            archived=True,
            updated_at=clock.now(),
        ).where(Customer.id == customer.id).execute()
        # Their own free text goes whole: it is about them.
        Visit.update(note="").where(Visit.customer == customer.id).execute()
        Task.update(title="", outcome="").where(Task.customer == customer.id).execute()
        LevelChange.update(detail="").where(
            (LevelChange.customer == customer.id) & (LevelChange.reason != "rule")
        ).execute()
        entries = AuditEntry.select(AuditEntry.id, AuditEntry.before, AuditEntry.after).where(
            (AuditEntry.entity == "customer") & (AuditEntry.entity_id == customer.id)
        )
        for entry_id, before, after in entries.tuples():
            AuditEntry.update(before=_redact(before), after=_redact(after)).where(
                AuditEntry.id == entry_id
            ).execute()
        _wipe_history_of_their_rows(customer.id)
        # Mentions of them anywhere else: other customers' notes, tasks routed through
        # them, level-change details, community notes, any audit entry.
        pattern = _scrubber(texts, phones)
        if pattern is not None:
            hints = _hints(texts, phones)
            keep = _longer_names(customer.id, texts)
            for model, column in (
                (Visit, Visit.note),
                (Task, Task.title),
                (Task, Task.outcome),
                (Customer, Customer.notes),
                (Customer, Customer.pin_reason),
                (LevelChange, LevelChange.detail),
                (Community, Community.note),
                (Community, Community.name),
                (AuditEntry, AuditEntry.before),
                (AuditEntry, AuditEntry.after),
            ):
                _scrub_column(model, column, pattern, hints, keep)
        audit(actor, "customer", customer.id, "erase", None, {"erased": True, "archived": True})
        _forget_search_terms()
    old_pages_left()
    return _info(customer_or_not_found(customer_id))


def _forget_search_terms() -> None:
    """Merge the SQLite search index so the erased key's trigrams leave its pages."""
    db = database.obj
    if isinstance(db, pw.SqliteDatabase) and "customer_fts" in db.get_tables():
        db.execute_sql("INSERT INTO customer_fts (customer_fts) VALUES ('optimize')")


def old_pages_left(wait: float = 3.0) -> bool:
    """Copy the log into the file (whose freed space ``secure_delete`` zeroes) and empty it,
    so the erased text leaves the file. True when another program reading the shop (another
    window, a report being written) kept that from finishing within ``wait`` seconds: the
    old text then stays in the file until that program is done and the next checkpoint."""
    import time

    db = database.obj
    if not isinstance(db, pw.SqliteDatabase):
        return False
    deadline = time.monotonic() + wait
    while True:
        busy, _, _ = db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if not busy or time.monotonic() >= deadline:
            return bool(busy)
        time.sleep(0.1)
