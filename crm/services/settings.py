"""Shop settings: typed defaults, stored as JSON values in the ``setting`` table."""

from __future__ import annotations

import json
import re
from typing import Any

from crm.errors import InvalidInput
from crm.models import Setting
from crm.money import MAX_MINOR, parse_amount
from crm.services import followup_messages
from crm.services.common import Actor, audit, require

# Every key the shop can change, with its default. The level rule numbers are
# SPEC 2.1; the suggestion rules SPEC 2.4.
DEFAULTS: dict[str, Any] = {
    "shop_name": "",
    "currency": "CNY",
    "phone_region": "CN",
    "language": "",  # empty: follow the system locale
    "demo": False,  # a made-up demo shop (the app says so and offers to start the real one)
    "demo_left_for": "",  # the real shop's file this demo was left for (the way back to it)
    "code_prefix": "C",
    # level rules
    "level.window_days": 365,
    "level.strong_purchase_days": 6,
    "level.strong_recent_days": 90,
    "level.strong_referral_min": 1,
    "level.strong_referral_purchase_days": 2,
    "level.strong_referral_recent_days": 180,
    "level.weak_purchase_days": 2,
    "level.weak_recent_days": 180,
    "level.micro_purchase_days": 1,
    "level.super_active_referrals": 3,
    "level.super_active_led_members": 5,
    # follow-up suggestion rules
    "suggest.micro_not_back.enabled": True,
    "suggest.micro_not_back.days": 30,
    "suggest.micro_not_back.kind": "content",
    "suggest.weak_dropping.enabled": True,
    "suggest.weak_dropping.days": 150,
    "suggest.weak_dropping.kind": "service",
    "suggest.birthday.enabled": True,
    "suggest.birthday.days": 7,
    "suggest.birthday.kind": "birthday",
    "suggest.referral_converted.enabled": True,
    "suggest.referral_converted.days": 7,
    "suggest.referral_converted.kind": "thank_referrer",
    "suggest.new_customer.enabled": True,
    "suggest.new_customer.days": 7,
    "suggest.new_customer.kind": "experience",
    # 大C routing (SPEC 2.2)
    "route_via_big_c": True,
    # community activity (SPEC 4: zombie communities)
    "community.zombie_days": 60,
    # a visit's amount above this asks first (whole currency units; 0: worked out from the shop's sales)
    "large_purchase_limit": 0,
    # the lifetime models' 12-month value discounts each month by this rate (SPEC 9), in percent
    "lifetime.monthly_discount_percent": 1.0,
    # the follow-up page: suggestions a staff member is given a day; each task kind's message
    # to copy ("": the default in the shop's language, crm.services.followup_messages)
    "followup.daily_suggestions": 20,
    # the Slipping away list: valuable customers whose P(alive) is below this, in percent
    "followup.slipping_below_percent": 50.0,
    **{followup_messages.key_of(kind): "" for kind in followup_messages.KINDS},
}

# The largest limit that can be set: a single visit's amount cannot be more (crm.money.MAX_MINOR).
LARGE_PURCHASE_LIMIT_MAX = MAX_MINOR // 100


def get(key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(key)
    row = Setting.get_or_none(Setting.key == key)
    return DEFAULTS[key] if row is None else json.loads(row.value)


def get_many(*keys: str) -> dict[str, Any]:
    """Some settings in one query (for what runs on every save, such as the purchase limit)."""
    for key in keys:
        if key not in DEFAULTS:
            raise KeyError(key)
    values = {key: DEFAULTS[key] for key in keys}
    for key, value in Setting.select(Setting.key, Setting.value).where(Setting.key.in_(keys)).tuples():
        values[key] = json.loads(value)
    return values


def get_all() -> dict[str, Any]:
    return from_rows(Setting.select(Setting.key, Setting.value).tuples())


def from_rows(rows) -> dict[str, Any]:
    """Every setting, from the stored (key, JSON value) rows (a caller's own read of them)."""
    values = dict(DEFAULTS)
    for key, value in rows:
        if key in values:
            values[key] = json.loads(value)
    return values


def _check(key: str, value: Any) -> Any:
    if key not in DEFAULTS:
        raise InvalidInput(key, "unknown setting")
    default = DEFAULTS[key]
    if key == "large_purchase_limit":
        return _whole_amount(key, value)
    if key.startswith(followup_messages.KEY_PREFIX):
        return followup_messages.check_template(key, value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise InvalidInput(key, "must be true or false")
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                value = int(str(value).strip())
            except ValueError:
                raise InvalidInput(key, "must be a whole number") from None
        if value < 0 or value > 100_000:
            raise InvalidInput(key, "must be between 0 and 100000")
    elif isinstance(default, float):
        value = _percent(key, value)
    elif isinstance(default, str):
        value = str(value).strip()
    if key == "currency":
        value = value.upper()
        if not re.fullmatch(r"[A-Z]{3}", value):
            raise InvalidInput(key, f"{value!r} is not a currency code such as CNY, GBP or USD")
    if key == "phone_region":
        import phonenumbers

        value = value.upper()
        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise InvalidInput(key, f"{value!r} is not a phone region code such as CN or US")
    return value


def _percent(key: str, value: Any) -> float:
    """A rate in percent from 0 to 100: 1, 1.5, "1.5", "1.5%"."""
    try:
        number = float(str(value).strip().rstrip("%").strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or not 0 <= number <= 100:  # NaN fails both comparisons
        raise InvalidInput(key, "must be a percentage from 0 to 100")
    return number


def _whole_amount(key: str, value: Any) -> int:
    """A limit in whole currency units: 12000, "12,000", "¥12,000"; empty means 0 (automatic)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool) or isinstance(value, float):
        raise InvalidInput(key, "must be a whole amount, without cents")
    if isinstance(value, int):
        minor = value * 100
    else:
        minor = parse_amount(value, key)
    if minor < 0:
        raise InvalidInput(key, "cannot be negative")
    if minor % 100:
        raise InvalidInput(key, "must be a whole amount, without cents")
    if minor // 100 > LARGE_PURCHASE_LIMIT_MAX:
        raise InvalidInput(key, "is too large")
    return minor // 100


_AT_LEAST_ONE = (
    "level.window_days",
    "level.strong_purchase_days",
    "level.strong_recent_days",
    "level.strong_referral_min",
    "level.strong_referral_purchase_days",
    "level.strong_referral_recent_days",
    "level.weak_purchase_days",
    "level.weak_recent_days",
    "level.micro_purchase_days",
    "level.super_active_referrals",
    "level.super_active_led_members",
)
_PURCHASE_DAY_RULES = (
    "level.strong_purchase_days",
    "level.strong_referral_purchase_days",
    "level.weak_purchase_days",
    "level.micro_purchase_days",
)


def _check_level_rules(values: dict[str, Any]) -> None:
    """Rules that would make a level impossible or meaningless are refused."""
    for key in _AT_LEAST_ONE:
        if values[key] < 1:
            raise InvalidInput(key, "must be at least 1")
    window = values["level.window_days"]
    for key in _PURCHASE_DAY_RULES:
        if values[key] > window:
            raise InvalidInput(key, "cannot be more purchase days than the days in the window")


def set_many(values: dict[str, Any], actor: Actor | None = None) -> None:
    """Validate every value first, then store them all in one transaction."""
    require(actor, "change settings")
    checked = {key: _check(key, value) for key, value in values.items()}
    if any(key.startswith("level.") for key in checked):
        _check_level_rules({**get_all(), **checked})
    before = {key: get(key) for key in checked}
    with Setting._meta.database.atomic():
        for key, value in checked.items():
            Setting.insert(key=key, value=json.dumps(value, ensure_ascii=False)).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: json.dumps(value, ensure_ascii=False)}
            ).execute()
        audit(actor, "setting", None, "update", before, checked)


def set(key: str, value: Any, actor: Actor | None = None) -> None:  # noqa: A001
    set_many({key: value}, actor)
