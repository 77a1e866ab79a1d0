"""The relationship-level engine (SPEC 2.1): pure functions, no database.

A customer's :class:`Facts` as of a date D, plus the shop's :class:`Rules`,
give a level, an explanation of why, and what would move the customer up.
The services gather facts in bulk SQL; everything here is plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from crm.plural import counted

LEVELS = ("none", "micro", "weak", "strong", "super_strong")
NONE, MICRO, WEAK, STRONG, SUPER_STRONG = range(5)
LEVEL_NAMES_EN = ("None", "Micro", "Weak", "Strong", "Super-strong")
LEVEL_NAMES_ZH = ("无关系", "微关系", "弱关系", "强关系", "超强关系")
SUPER_USER_LEVELS = (STRONG, SUPER_STRONG)


def level_index(key: str) -> int:
    try:
        return LEVELS.index(key)
    except ValueError:
        raise ValueError(f"unknown level {key!r}; use one of {', '.join(LEVELS)}") from None


@dataclass(frozen=True)
class Rules:
    """Every number of the level rules; each is a shop setting."""

    window_days: int = 365
    strong_purchase_days: int = 6
    strong_recent_days: int = 90
    strong_referral_min: int = 1
    strong_referral_purchase_days: int = 2
    strong_referral_recent_days: int = 180
    weak_purchase_days: int = 2
    weak_recent_days: int = 180
    micro_purchase_days: int = 1
    super_active_referrals: int = 3
    super_active_led_members: int = 5

    @classmethod
    def from_settings(cls, values: dict[str, Any]) -> Rules:
        known = cls.__dataclass_fields__
        return cls(
            **{
                k[len("level.") :]: int(v)
                for k, v in values.items()
                if k.startswith("level.") and k[len("level.") :] in known
            }
        )


@dataclass(frozen=True)
class Facts:
    """What the rules look at, for one customer as of one date."""

    purchase_days: int = 0
    days_since_last: int | None = None  # None: never bought on or before D
    active_referrals: int = 0
    active_led_members: int = 0


@dataclass(frozen=True)
class Pin:
    level: int
    reason: str = ""
    since: date | None = None
    until: date | None = None  # inclusive

    def active_on(self, day: date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class Condition:
    """One comparison of a rule, e.g. purchase_days ≥ 6."""

    fact: str
    op: str  # ">=" or "<="
    threshold: int
    value: int | None

    @property
    def met(self) -> bool:
        if self.value is None:
            return False
        return self.value >= self.threshold if self.op == ">=" else self.value <= self.threshold


@dataclass(frozen=True)
class Clause:
    """Conditions that must all hold; a level rule is an OR of clauses."""

    conditions: tuple[Condition, ...]

    @property
    def met(self) -> bool:
        return all(c.met for c in self.conditions)


@dataclass(frozen=True)
class Step:
    """What would move the customer up to ``level``: the unmet conditions of the
    cheapest clause, with how much is missing for each."""

    level: int
    missing: tuple[Condition, ...]
    needs_lower: bool = False  # the lower level's rule must hold too (super-strong needs strong)

    def gaps(self) -> list[tuple[str, int | None]]:
        """(fact, amount missing) for ``>=`` facts; (fact, None) for a recency that has lapsed."""
        out = []
        for c in self.missing:
            if c.op == ">=":
                out.append((c.fact, c.threshold - (c.value or 0)))
            else:
                out.append((c.fact, None))
        return out


@dataclass(frozen=True)
class Explanation:
    level: int
    computed: int
    pinned: Pin | None
    facts: Facts
    reasons: tuple[Clause, ...]  # the clauses that matched for the computed level
    next_steps: tuple[Step, ...]  # how to reach each higher level

    @property
    def key(self) -> str:
        return LEVELS[self.level]

    def text(self, zh: bool = False) -> str:
        return describe(self, zh=zh)


def _strong_clauses(f: Facts, r: Rules) -> tuple[Clause, Clause]:
    return (
        Clause(
            (
                Condition("purchase_days", ">=", r.strong_purchase_days, f.purchase_days),
                Condition("days_since_last", "<=", r.strong_recent_days, f.days_since_last),
            )
        ),
        Clause(
            (
                Condition("active_referrals", ">=", r.strong_referral_min, f.active_referrals),
                Condition("purchase_days", ">=", r.strong_referral_purchase_days, f.purchase_days),
                Condition("days_since_last", "<=", r.strong_referral_recent_days, f.days_since_last),
            )
        ),
    )


def _clauses(level: int, f: Facts, r: Rules) -> tuple[Clause, ...]:
    """The OR-of-AND clauses for ``level`` alone (super-strong also needs strong)."""
    if level == SUPER_STRONG:
        return (
            Clause((Condition("active_referrals", ">=", r.super_active_referrals, f.active_referrals),)),
            Clause(
                (Condition("active_led_members", ">=", r.super_active_led_members, f.active_led_members),)
            ),
        )
    if level == STRONG:
        return _strong_clauses(f, r)
    if level == WEAK:
        return (
            Clause(
                (
                    Condition("purchase_days", ">=", r.weak_purchase_days, f.purchase_days),
                    Condition("days_since_last", "<=", r.weak_recent_days, f.days_since_last),
                )
            ),
        )
    if level == MICRO:
        return (Clause((Condition("purchase_days", ">=", r.micro_purchase_days, f.purchase_days),)),)
    return (Clause(()),)


def _matches(level: int, f: Facts, r: Rules) -> bool:
    if level == SUPER_STRONG:
        return _matches(STRONG, f, r) and any(c.met for c in _clauses(SUPER_STRONG, f, r))
    return any(c.met for c in _clauses(level, f, r))


def compute_values(
    purchase_days: int, days_since_last: int | None, active: int, led: int, r: Rules = Rules()
) -> int:
    """The highest level whose rule matches (SPEC 2.1), on plain numbers.

    This is the hot path of a full refresh (100k customers), so it avoids building
    objects; :func:`explain` builds the same rules as :class:`Clause` objects and a
    property test keeps the two in agreement.
    """
    recent = days_since_last if days_since_last is not None else NEVER_BOUGHT
    strong = (purchase_days >= r.strong_purchase_days and recent <= r.strong_recent_days) or (
        active >= r.strong_referral_min
        and purchase_days >= r.strong_referral_purchase_days
        and recent <= r.strong_referral_recent_days
    )
    if strong:
        if active >= r.super_active_referrals or led >= r.super_active_led_members:
            return SUPER_STRONG
        return STRONG
    if purchase_days >= r.weak_purchase_days and recent <= r.weak_recent_days:
        return WEAK
    if purchase_days >= r.micro_purchase_days:
        return MICRO
    return NONE


NEVER_BOUGHT = 1 << 30  # days since the last purchase of a customer who never bought


def compute_arrays(purchase_days, days_since_last, active, led, r: Rules = Rules()):
    """:func:`compute_values` over numpy arrays of one length (a whole shop's refresh at once),
    ``days_since_last`` being :data:`NEVER_BOUGHT` where there is no purchase: the level
    indexes as a uint8 array. The same comparisons, clause by clause; a property test keeps
    the two in agreement."""
    import numpy as np  # only a whole-shop refresh needs it, not the app's start

    recent = days_since_last
    strong = ((purchase_days >= r.strong_purchase_days) & (recent <= r.strong_recent_days)) | (
        (active >= r.strong_referral_min)
        & (purchase_days >= r.strong_referral_purchase_days)
        & (recent <= r.strong_referral_recent_days)
    )
    super_strong = strong & ((active >= r.super_active_referrals) | (led >= r.super_active_led_members))
    weak = (purchase_days >= r.weak_purchase_days) & (recent <= r.weak_recent_days)
    micro = purchase_days >= r.micro_purchase_days
    chosen = np.select([super_strong, strong, weak, micro], [SUPER_STRONG, STRONG, WEAK, MICRO], NONE)
    return chosen.astype(np.uint8)


def compute(f: Facts, r: Rules = Rules()) -> int:
    """The highest level whose rule matches (SPEC 2.1)."""
    return compute_values(f.purchase_days, f.days_since_last, f.active_referrals, f.active_led_members, r)


def level_of(f: Facts, r: Rules = Rules(), pin: Pin | None = None, as_of: date | None = None) -> int:
    """The level with a manual pin applied when it is active on ``as_of``."""
    if pin is not None and (as_of is None or pin.active_on(as_of)):
        return pin.level
    return compute(f, r)


def compute_by_clauses(f: Facts, r: Rules = Rules()) -> int:
    """The same rules evaluated through the explanation clauses (kept equal to compute by a test)."""
    for level in (SUPER_STRONG, STRONG, WEAK, MICRO):
        if _matches(level, f, r):
            return level
    return NONE


def _first_met(level: int, f: Facts, r: Rules) -> Clause:
    return next(c for c in _clauses(level, f, r) if c.met)


def reason_conditions(e: Explanation) -> list[Condition]:
    """The conditions behind the level, one per fact: when two clauses name the same
    fact, the stricter one (the higher minimum, the shorter recency) is kept."""
    chosen: dict[str, Condition] = {}
    for clause in e.reasons:
        for c in clause.conditions:
            held = chosen.get(c.fact)
            stricter = held is None or (
                c.threshold > held.threshold if c.op == ">=" else c.threshold < held.threshold
            )
            if stricter:
                chosen[c.fact] = c
    return list(chosen.values())


def _missing_cost(missing: tuple[Condition, ...]) -> tuple[int, int]:
    lapsed = sum(1 for c in missing if c.op == "<=")
    amount = sum(max(0, c.threshold - (c.value or 0)) for c in missing if c.op == ">=")
    return (lapsed, amount)


def explain(f: Facts, r: Rules = Rules(), pin: Pin | None = None, as_of: date | None = None) -> Explanation:
    computed = compute(f, r)
    active_pin = pin if pin is not None and (as_of is None or pin.active_on(as_of)) else None
    level = active_pin.level if active_pin else computed
    # The first clause that holds is the reason (frequency before referrals).
    reasons: tuple[Clause, ...] = ()
    if computed == SUPER_STRONG:
        reasons = (_first_met(STRONG, f, r), _first_met(SUPER_STRONG, f, r))
    elif computed > NONE:
        reasons = (_first_met(computed, f, r),)
    steps = []
    for target in range(computed + 1, SUPER_STRONG + 1):
        options = [tuple(c for c in clause.conditions if not c.met) for clause in _clauses(target, f, r)]
        best = min(options, key=_missing_cost)
        steps.append(Step(target, best, needs_lower=target == SUPER_STRONG and not _matches(STRONG, f, r)))
    return Explanation(level, computed, active_pin, f, reasons, tuple(steps))


# --- words -----------------------------------------------------------------
# The desktop app builds its own translated sentences from the structure above;
# these are for the command line, logs and the level history.

_FACT_EN = {  # each after its count: "1 purchase day in the last 365", "3 active referrals"
    "purchase_days": ("purchase day", " in the last {w}"),
    "active_referrals": ("active referral", ""),
    "active_led_members": ("active member", " in communities they lead"),
}
_FACT_ZH = {
    "purchase_days": "近{w}天购买{v}天",
    "days_since_last": "距上次购买{v}天",
    "active_referrals": "活跃推荐{v}人",
    "active_led_members": "所带社群活跃成员{v}人",
}
_MORE_EN = {
    "purchase_days": ("more purchase day", ""),
    "active_referrals": ("more active referral", ""),
    "active_led_members": ("more active member", " in communities they lead"),
}
_MORE_ZH = {
    "purchase_days": "再购买{n}天",
    "active_referrals": "再增加活跃推荐{n}人",
    "active_led_members": "所带社群再增加活跃成员{n}人",
}


def level_name(level: int, zh: bool = False) -> str:
    return (LEVEL_NAMES_ZH if zh else LEVEL_NAMES_EN)[level]


def describe_condition(c: Condition, window_days: int = 365, zh: bool = False) -> str:
    op = "≥" if c.op == ">=" else "≤"
    if c.fact == "days_since_last" and c.value is None:
        return "从未购买" if zh else "never bought"
    if zh:
        return f"{_FACT_ZH[c.fact].format(v=c.value, w=window_days)}（{op}{c.threshold}）"
    if c.fact == "days_since_last":
        when = "last purchase today" if c.value == 0 else f"last purchase {counted(c.value, 'day')} ago"
        return f"{when} ({op} {c.threshold})"
    noun, rest = _FACT_EN[c.fact]
    return f"{counted(c.value, noun)}{rest.format(w=window_days)} ({op} {c.threshold})"


def describe_step(step: Step, zh: bool = False) -> str:
    parts = []
    for fact, n in step.gaps():
        if n is None:
            parts.append("近期再次购买" if zh else "a purchase soon")
        elif zh:
            parts.append(_MORE_ZH[fact].format(n=n))
        else:
            noun, rest = _MORE_EN[fact]
            parts.append(f"{counted(n, noun)}{rest}")
    if step.needs_lower:
        parts.insert(0, "先达到强关系" if zh else "reach Strong first")
    joiner = "，" if zh else ", "
    target = level_name(step.level, zh)
    return (f"{target}：" if zh else f"for {target}: ") + joiner.join(parts)


def describe(e: Explanation, zh: bool = False, window_days: int = 365) -> str:
    sep = "，" if zh else ", "
    head = level_name(e.level, zh)
    if e.pinned is not None:
        pin = f"手动设定（{e.pinned.reason}）" if zh else f"pinned ({e.pinned.reason})"
        head = f"{head} — {pin}"
        if e.computed != e.level:
            head += (
                f"；规则计算为{level_name(e.computed, zh)}"
                if zh
                else f"; the rules give {level_name(e.computed)}"
            )
        return head
    if e.computed == NONE:
        why = f"近{window_days}天无购买" if zh else f"no purchase in the last {counted(window_days, 'day')}"
    else:
        why = sep.join(describe_condition(c, window_days, zh) for c in reason_conditions(e))
    return f"{head} — {why}"


def as_of_bounds(as_of: date, window_days: int) -> tuple[date, date]:
    """(first, last) day of the "last N days" window: D − N < d ≤ D."""
    return as_of - timedelta(days=window_days - 1), as_of


__all__ = [
    "LEVELS",
    "NONE",
    "MICRO",
    "WEAK",
    "STRONG",
    "SUPER_STRONG",
    "Rules",
    "Facts",
    "Pin",
    "Condition",
    "Clause",
    "Step",
    "Explanation",
    "compute",
    "level_of",
    "explain",
    "describe",
    "describe_step",
    "level_name",
    "level_index",
    "as_of_bounds",
    "field",
]
