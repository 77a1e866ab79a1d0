"""What the customer form saves: the fields that changed against the stored
profile, and the referrer checks made before anything is written."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from crm.errors import DuplicateCode, DuplicatePhone, InvalidInput, ReferralCycle, SelfReferral
from crm.services import customers, referrals
from crm.services.customers import CustomerInfo

# Shown through ui.errors, which translates InvalidInput reasons in the "Reasons" context.
NOT_PICKED = QT_TRANSLATE_NOOP("Reasons", "pick the referrer from the list, or clear the field")


def profile_values(info: CustomerInfo) -> dict:
    """The stored profile as the form shows it (the keys a prefill uses)."""
    return {
        "name": info.name,
        "phone": info.phone_display if info.phone else "",
        "code": info.code,
        "wechat": info.wechat or "",
        "birthday": info.birthday,
        "source": info.source,
        "referrer_id": info.referrer_id,
        "referrer_label": info.referrer_name,
        "tags": info.tags,
        "notes": info.notes,
    }


def changed_fields(fields: dict, loaded: CustomerInfo) -> dict:
    """The typed ``fields`` that differ from the stored profile, so only those are written."""
    stored = profile_values(loaded)
    typed = dict(fields, code=fields["code"] or "")
    changes = {}
    for key in ("name", "phone", "code", "wechat", "birthday", "source", "notes"):
        was = stored[key]
        now = typed[key].strip() if key in ("name", "phone", "wechat", "notes") else typed[key]
        if now != was:
            changes[key] = typed[key]
    if customers.normalize_tags(fields["tags"]) != loaded.tags:
        changes["tags"] = fields["tags"]
    return changes


def picked_referrer(typed: str, picked: int | None) -> int | None:
    """The picked referrer; refused when a name was typed but nobody picked."""
    if not typed.strip():
        return None
    if picked is None:
        raise InvalidInput("referrer", NOT_PICKED)
    return picked


def check_referrer(customer_id: int, referrer_id: int) -> None:
    """Refuse a self-referral or a loop before anything is written."""
    loop = referrals.find_cycle(customer_id, referrer_id)
    if loop is None:
        return
    if referrer_id == customer_id:
        raise SelfReferral(customer_id, loop[0])
    raise ReferralCycle(loop)


def error_field(exc: BaseException) -> str | None:
    """The field an error is about, so the cursor goes there."""
    if isinstance(exc, DuplicatePhone):
        return "phone"
    if isinstance(exc, DuplicateCode):
        return "code"
    if isinstance(exc, SelfReferral | ReferralCycle):
        return "referrer"
    return getattr(exc, "field", None)
