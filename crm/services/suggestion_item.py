"""A suggested follow-up task, as the rules propose it (:mod:`crm.services.suggestion_book`
reads them; :mod:`crm.services.suggestions` answers them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm.services.followup_rank import Stake


@dataclass(frozen=True)
class Suggestion:
    """A task the rules propose. ``anchor`` pins it to one occasion (a last
    purchase date, a birthday, the referred customer's id, a first visit date):
    dismissing it hides that occasion only."""

    rule: str
    customer_id: int
    customer_name: str
    kind: str
    due: date
    anchor: str
    occasion: date  # last purchase, birthday, first purchase of the referred, first visit
    days: int  # days since the occasion, or until the birthday
    via_id: int | None = None
    via_name: str | None = None
    related_id: int | None = None  # referral_converted: the referred customer
    related_name: str | None = None
    overdue: int = 0  # days past the rule's threshold (a birthday: minus the days to it)
    level: int = 0  # the customer's level, spend in 365 days (minor units), phone and WeChat id
    spend_365: int = 0
    phone: str | None = None
    wechat: str | None = None
    value_12m: float = 0.0  # expected value of the next 12 months (the stored fit; 0: none)

    @property
    def stake(self) -> Stake:
        """What is at stake in it, for :func:`crm.services.followup_rank.ranked`."""
        return Stake(self.level, self.value_12m, self.spend_365, self.overdue)

    @property
    def reason(self) -> str:
        """One line saying why, for the command line and the task's title; the desktop
        app builds its own translated sentence from the fields."""
        rule, days, occasion = self.rule, self.days, self.occasion.isoformat()
        if rule == "micro_not_back":
            return f"Micro customer not back for {days} days (last purchase {occasion})"
        if rule == "weak_dropping":
            return f"Weak customer {days} days since last purchase ({occasion}); about to drop to Micro"
        if rule == "birthday":
            when = "today" if days == 0 else ("tomorrow" if days == 1 else f"in {days} days")
            return f"Birthday {when} ({occasion})"
        if rule == "referral_converted":
            return (
                f"{self.related_name}, referred by {self.customer_name}, made a first purchase "
                f"on {occasion}; thank the referrer"
            )
        return f"New customer: first visit {days} days ago ({occasion})"
