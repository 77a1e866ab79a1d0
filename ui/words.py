"""The domain's words (SPEC 2) in the app's language, in one place.

Every screen names levels, visit kinds, task kinds and sources through these
functions, so 无关系 … 超强关系, 大C, 小c, 社群, 裂变 read the same everywhere.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from crm.levels import LEVELS, Condition, Explanation, Step, reason_conditions


def level_name(level: int | str) -> str:
    index = LEVELS.index(level) if isinstance(level, str) else level
    return (
        QCoreApplication.translate("Words", "None"),
        QCoreApplication.translate("Words", "Micro"),
        QCoreApplication.translate("Words", "Weak"),
        QCoreApplication.translate("Words", "Strong"),
        QCoreApplication.translate("Words", "Super-strong"),
    )[index]


# The permissions of crm.services.common (SPEC 8), so a refusal names what was refused.
ACTIONS = (
    QT_TRANSLATE_NOOP("Actions", "edit customers"),
    QT_TRANSLATE_NOOP("Actions", "archive customers"),
    QT_TRANSLATE_NOOP("Actions", "flag big c"),
    QT_TRANSLATE_NOOP("Actions", "pin levels"),
    QT_TRANSLATE_NOOP("Actions", "manage communities"),
    QT_TRANSLATE_NOOP("Actions", "import data"),
    QT_TRANSLATE_NOOP("Actions", "export data"),
    QT_TRANSLATE_NOOP("Actions", "customer data"),
    QT_TRANSLATE_NOOP("Actions", "check the database"),
    QT_TRANSLATE_NOOP("Actions", "erase customers"),
    QT_TRANSLATE_NOOP("Actions", "undo imports"),
    QT_TRANSLATE_NOOP("Actions", "change settings"),
    QT_TRANSLATE_NOOP("Actions", "back up"),
    QT_TRANSLATE_NOOP("Actions", "delete visits"),
    QT_TRANSLATE_NOOP("Actions", "edit visits"),
    QT_TRANSLATE_NOOP("Actions", "delete tasks"),
    QT_TRANSLATE_NOOP("Actions", "manage staff"),
    QT_TRANSLATE_NOOP("Actions", "add customers"),
    QT_TRANSLATE_NOOP("Actions", "change community members"),
    QT_TRANSLATE_NOOP("Actions", "restore a backup"),
    QT_TRANSLATE_NOOP("Actions", "repair the database"),
)


def action_name(action: str) -> str:
    """A permission's name in the app's language ("export data" → 导出数据)."""
    return QCoreApplication.translate("Actions", action)


class Words(QObject):
    """Plural phrases. Qt's translation tools see plural forms only in ``self.tr``
    calls, so they live on an object whose class name is the "Words" context."""

    def more_purchase_days(self, n: int) -> str:
        return self.tr("%n more purchase day(s)", "", n)

    def more_active_referrals(self, n: int) -> str:
        return self.tr("%n more active referral(s)", "", n)

    def more_members(self, n: int) -> str:
        return self.tr("%n more active member(s) in communities they lead", "", n)

    def days_ago(self, n: int) -> str:
        return self.tr("last purchase %n day(s) ago (%2 %3)", "", n)

    def purchase_days(self, n: int) -> str:
        return self.tr("%n purchase day(s) in the last %4 (%2 %3)", "", n)

    def active_referrals(self, n: int) -> str:
        return self.tr("%n active referral(s) (%2 %3)", "", n)

    def active_members(self, n: int) -> str:
        return self.tr("%n active member(s) in communities they lead (%2 %3)", "", n)

    def no_purchase_in(self, days: int) -> str:
        return self.tr("no purchase in the last %n day(s)", "", days)

    def customers(self, n: int) -> str:
        return self.tr("%Ln customer(s)", "", n)

    def visits(self, n: int) -> str:
        return self.tr("%Ln visit(s)", "", n)

    def members(self, n: int) -> str:
        return self.tr("%Ln member(s)", "", n)


_plural = Words()


def customers_count(n: int) -> str:
    """ "1 customer", "1,234 customers" (1,234 位顾客)."""
    return _plural.customers(n)


def visits_count(n: int) -> str:
    """ "1 visit", "12 visits" (12 条到店记录)."""
    return _plural.visits(n)


def members_count(n: int) -> str:
    """ "1 member", "8 members" (8 名成员)."""
    return _plural.members(n)


def list_of(items) -> str:
    """Items one after another in a sentence: "a, b, c" (a，b，c)."""
    return QCoreApplication.translate("Words", ", ").join(items)


# Five colours from cool to warm: the badge a clerk reads at a glance.
LEVEL_COLORS = ("#9e9e9e", "#64b5f6", "#4db6ac", "#ffb74d", "#e53935")

# The names the screens give to the domain's codes, by kind of code ("visit kind:purchase" →
# 购买). Field names are translated in the "Errors" context, where a refusal names its field.
_NAMES = {
    "visit kind:purchase": QT_TRANSLATE_NOOP("Words", "Purchase"),
    "visit kind:visit": QT_TRANSLATE_NOOP("Words", "Visit"),
    "visit kind:service": QT_TRANSLATE_NOOP("Words", "Service"),
    "visit kind:event": QT_TRANSLATE_NOOP("Words", "Event"),
    "visit kind:refund": QT_TRANSLATE_NOOP("Words", "Refund"),
    "task kind:content": QT_TRANSLATE_NOOP("Words", "Content"),
    "task kind:service": QT_TRANSLATE_NOOP("Words", "Service"),
    "task kind:experience": QT_TRANSLATE_NOOP("Words", "Experience"),
    "task kind:companionship": QT_TRANSLATE_NOOP("Words", "Companionship"),
    "task kind:birthday": QT_TRANSLATE_NOOP("Words", "Birthday"),
    "task kind:thank_referrer": QT_TRANSLATE_NOOP("Words", "Thank referrer"),
    "task kind:win_back": QT_TRANSLATE_NOOP("Words", "Win back"),
    "task kind:other": QT_TRANSLATE_NOOP("Words", "Other"),
    "task status:open": QT_TRANSLATE_NOOP("Words", "Open"),
    "task status:done": QT_TRANSLATE_NOOP("Words", "Done"),
    "task status:skipped": QT_TRANSLATE_NOOP("Words", "Skipped"),
    # A community's platform (crm/services/communities.py PLATFORMS, the same English names).
    "platform:wechat_group": QT_TRANSLATE_NOOP("Platforms", "WeChat group"),
    "platform:wecom_group": QT_TRANSLATE_NOOP("Platforms", "WeCom group"),
    "platform:qq_group": QT_TRANSLATE_NOOP("Platforms", "QQ group"),
    "platform:whatsapp_group": QT_TRANSLATE_NOOP("Platforms", "WhatsApp group"),
    "platform:facebook_group": QT_TRANSLATE_NOOP("Platforms", "Facebook group"),
    "platform:xiaohongshu": QT_TRANSLATE_NOOP("Platforms", "Xiaohongshu (RED)"),
    "platform:douyin": QT_TRANSLATE_NOOP("Platforms", "Douyin"),
    "platform:offline": QT_TRANSLATE_NOOP("Platforms", "In the shop (offline)"),
    "platform:other": QT_TRANSLATE_NOOP("Platforms", "Other"),
    "source:walk_in": QT_TRANSLATE_NOOP("Words", "Walk-in"),
    "source:referral": QT_TRANSLATE_NOOP("Words", "Referral"),
    "source:community": QT_TRANSLATE_NOOP("Words", "Community"),
    "source:online": QT_TRANSLATE_NOOP("Words", "Online"),
    "source:event": QT_TRANSLATE_NOOP("Words", "Event"),
    "source:import": QT_TRANSLATE_NOOP("Words", "Import"),
    "source:other": QT_TRANSLATE_NOOP("Words", "Other"),
    "role:owner": QT_TRANSLATE_NOOP("Words", "Owner"),
    "role:manager": QT_TRANSLATE_NOOP("Words", "Manager"),
    "role:staff": QT_TRANSLATE_NOOP("Words", "Staff"),
    "field:name": QT_TRANSLATE_NOOP("Errors", "Name"),
    "field:phone": QT_TRANSLATE_NOOP("Errors", "Phone"),
    "field:code": QT_TRANSLATE_NOOP("Errors", "Code"),
    "field:platform": QT_TRANSLATE_NOOP("Errors", "Platform"),
    "field:amount": QT_TRANSLATE_NOOP("Errors", "Amount"),
    "field:kind": QT_TRANSLATE_NOOP("Errors", "Kind"),
    "field:at": QT_TRANSLATE_NOOP("Errors", "Date"),
    "field:birthday": QT_TRANSLATE_NOOP("Errors", "Birthday"),
    "field:joined": QT_TRANSLATE_NOOP("Errors", "Joined"),
    "field:quantity": QT_TRANSLATE_NOOP("Errors", "Quantity"),
    "field:reason": QT_TRANSLATE_NOOP("Errors", "Reason"),
    "field:due": QT_TRANSLATE_NOOP("Errors", "Due date"),
    "field:pin": QT_TRANSLATE_NOOP("Errors", "PIN"),
    "field:level": QT_TRANSLATE_NOOP("Errors", "Level"),
    "field:until": QT_TRANSLATE_NOOP("Errors", "Until"),
    "field:customer": QT_TRANSLATE_NOOP("Errors", "Customer"),
    "field:staff": QT_TRANSLATE_NOOP("Errors", "Staff"),
    "field:referrer": QT_TRANSLATE_NOOP("Errors", "Referred by"),
    "field:wechat": QT_TRANSLATE_NOOP("Errors", "WeChat"),
    "field:source": QT_TRANSLATE_NOOP("Errors", "Source"),
    "field:role": QT_TRANSLATE_NOOP("Errors", "Role"),
    "field:assignee": QT_TRANSLATE_NOOP("Errors", "Assigned to"),
    "field:via": QT_TRANSLATE_NOOP("Errors", "Via"),
    "field:status": QT_TRANSLATE_NOOP("Errors", "Status"),
    "field:visit": QT_TRANSLATE_NOOP("Errors", "Visit"),
    "field:left": QT_TRANSLATE_NOOP("Errors", "Left"),
    "field:limit": QT_TRANSLATE_NOOP("Errors", "Large-purchase limit"),
    "field:currency": QT_TRANSLATE_NOOP("Errors", "Currency"),
    "field:shop_name": QT_TRANSLATE_NOOP("Errors", "Shop name"),
    "field:old_pin": QT_TRANSLATE_NOOP("Errors", "Current PIN"),
    "field:month": QT_TRANSLATE_NOOP("Errors", "Month"),
    "field:rule": QT_TRANSLATE_NOOP("Errors", "Rule"),
    "field:customers": QT_TRANSLATE_NOOP("Errors", "Customers"),
    "page:dashboard": QT_TRANSLATE_NOOP("Words", "Dashboard"),
    "page:counter": QT_TRANSLATE_NOOP("Words", "Counter"),
    "page:customers": QT_TRANSLATE_NOOP("Words", "Customers"),
    "page:followup": QT_TRANSLATE_NOOP("Words", "Follow-up"),
    "page:communities": QT_TRANSLATE_NOOP("Words", "Communities"),
    "page:fission": QT_TRANSLATE_NOOP("Words", "Fission"),
    "page:reports": QT_TRANSLATE_NOOP("Words", "Reports"),
    "page:settings": QT_TRANSLATE_NOOP("Words", "Settings"),
    "settings section:shop": QT_TRANSLATE_NOOP("Words", "Shop"),
    "settings section:levels": QT_TRANSLATE_NOOP("Words", "Levels"),
    "settings section:followup": QT_TRANSLATE_NOOP("Words", "Follow-up"),
    "settings section:lifetime": QT_TRANSLATE_NOOP("Words", "Lifetime"),
    "settings section:staff": QT_TRANSLATE_NOOP("Words", "Staff"),
    "settings section:my_pin": QT_TRANSLATE_NOOP("Words", "My PIN"),
    "settings section:language": QT_TRANSLATE_NOOP("Words", "Language"),
    "settings section:database": QT_TRANSLATE_NOOP("Words", "Database"),
    "region:CN": QT_TRANSLATE_NOOP("Words", "China"),
    "region:HK": QT_TRANSLATE_NOOP("Words", "Hong Kong"),
    "region:MO": QT_TRANSLATE_NOOP("Words", "Macao"),
    "region:TW": QT_TRANSLATE_NOOP("Words", "Taiwan"),
    "region:SG": QT_TRANSLATE_NOOP("Words", "Singapore"),
    "region:MY": QT_TRANSLATE_NOOP("Words", "Malaysia"),
    "region:US": QT_TRANSLATE_NOOP("Words", "United States"),
    "region:GB": QT_TRANSLATE_NOOP("Words", "United Kingdom"),
    "region:AU": QT_TRANSLATE_NOOP("Words", "Australia"),
    "region:CA": QT_TRANSLATE_NOOP("Words", "Canada"),
    "region:JP": QT_TRANSLATE_NOOP("Words", "Japan"),
    "region:KR": QT_TRANSLATE_NOOP("Words", "South Korea"),
    "currency:CNY": QT_TRANSLATE_NOOP("Words", "Chinese yuan (¥)"),
    "currency:USD": QT_TRANSLATE_NOOP("Words", "US dollar ($)"),
    "currency:EUR": QT_TRANSLATE_NOOP("Words", "Euro (€)"),
    "currency:HKD": QT_TRANSLATE_NOOP("Words", "Hong Kong dollar (HK$)"),
    "currency:TWD": QT_TRANSLATE_NOOP("Words", "New Taiwan dollar (NT$)"),
    "currency:GBP": QT_TRANSLATE_NOOP("Words", "Pound sterling (£)"),
    "currency:JPY": QT_TRANSLATE_NOOP("Words", "Japanese yen (¥)"),
    "currency:SGD": QT_TRANSLATE_NOOP("Words", "Singapore dollar (S$)"),
    "currency:MYR": QT_TRANSLATE_NOOP("Words", "Malaysian ringgit (RM)"),
    "currency:AUD": QT_TRANSLATE_NOOP("Words", "Australian dollar (A$)"),
    "currency:CAD": QT_TRANSLATE_NOOP("Words", "Canadian dollar (CA$)"),
    # Column titles: one title per meaning in every table.
    "column:customer": QT_TRANSLATE_NOOP("Columns", "Customer"),
    "column:name": QT_TRANSLATE_NOOP("Columns", "Name"),
    "column:code": QT_TRANSLATE_NOOP("Columns", "Code"),
    "column:phone": QT_TRANSLATE_NOOP("Columns", "Phone"),
    "column:level": QT_TRANSLATE_NOOP("Columns", "Level"),
    "column:last_purchase": QT_TRANSLATE_NOOP("Columns", "Last purchase"),
    "column:purchase_days": QT_TRANSLATE_NOOP("Columns", "Purchase days (365 d)"),
    "column:spend": QT_TRANSLATE_NOOP("Columns", "Spend (365 d)"),
    "column:referred_by": QT_TRANSLATE_NOOP("Columns", "Referred by"),
    "column:big_c": QT_TRANSLATE_NOOP("Columns", "Big C"),
    "column:tags": QT_TRANSLATE_NOOP("Columns", "Tags"),
    "column:community": QT_TRANSLATE_NOOP("Columns", "Community"),
    "column:platform": QT_TRANSLATE_NOOP("Columns", "Platform"),
    "column:leader": QT_TRANSLATE_NOOP("Columns", "Leader (Big C)"),
    "column:members": QT_TRANSLATE_NOOP("Columns", "Members"),
    "column:active": QT_TRANSLATE_NOOP("Columns", "Active"),
    "column:activity": QT_TRANSLATE_NOOP("Columns", "Activity"),
    "column:status": QT_TRANSLATE_NOOP("Columns", "Status"),
    "column:member": QT_TRANSLATE_NOOP("Columns", "Member"),
    "column:joined": QT_TRANSLATE_NOOP("Columns", "Joined"),
    "column:since": QT_TRANSLATE_NOOP("Columns", "Since"),
    "column:left": QT_TRANSLATE_NOOP("Columns", "Left"),
    "column:role": QT_TRANSLATE_NOOP("Columns", "Role"),
    "column:pin": QT_TRANSLATE_NOOP("Columns", "PIN"),
    "column:kind": QT_TRANSLATE_NOOP("Columns", "Kind"),
    "column:due": QT_TRANSLATE_NOOP("Columns", "Due"),
    "column:assigned_to": QT_TRANSLATE_NOOP("Columns", "Assigned to"),
    "column:via": QT_TRANSLATE_NOOP("Columns", "Via"),
    "column:title": QT_TRANSLATE_NOOP("Columns", "Title"),
    "column:outcome": QT_TRANSLATE_NOOP("Columns", "Outcome"),
    "column:why": QT_TRANSLATE_NOOP("Columns", "Why"),
    "column:generation": QT_TRANSLATE_NOOP("Columns", "Generation"),
    "column:converted": QT_TRANSLATE_NOOP("Columns", "Converted"),
    "column:tree_size": QT_TRANSLATE_NOOP("Columns", "Tree size"),
    "column:depth": QT_TRANSLATE_NOOP("Columns", "Depth"),
    "column:revenue": QT_TRANSLATE_NOOP("Columns", "Revenue"),
    "column:rank": QT_TRANSLATE_NOOP("Columns", "#"),
    "column:referred": QT_TRANSLATE_NOOP("Columns", "Referred"),
    "column:when": QT_TRANSLATE_NOOP("Columns", "When"),
    "column:what": QT_TRANSLATE_NOOP("Columns", "What"),
    "column:details": QT_TRANSLATE_NOOP("Columns", "Details"),
    "column:amount": QT_TRANSLATE_NOOP("Columns", "Amount"),
    "column:by": QT_TRANSLATE_NOOP("Columns", "By"),
}


_CONTEXTS = {"field": "Errors", "column": "Columns", "platform": "Platforms"}


def _name(kind: str, code: str) -> str:
    """The name of ``code`` of this kind in the app's language; an unknown code as it is."""
    english = _NAMES.get(f"{kind}:{code}")
    if english is None:
        return code
    return QCoreApplication.translate(_CONTEXTS.get(kind, "Words"), english)


# Each kind of code's names: visit_kind("purchase") → 购买; field_name("phone") → 手机号 (a field
# named in a refusal).
visit_kind = functools.partial(_name, "visit kind")
task_kind = functools.partial(_name, "task kind")
task_status = functools.partial(_name, "task status")
source_name = functools.partial(_name, "source")
role_name = functools.partial(_name, "role")
field_name = functools.partial(_name, "field")
column_title = functools.partial(_name, "column")
page_title = functools.partial(_name, "page")
section_title = functools.partial(_name, "settings section")
region_title = functools.partial(_name, "region")
currency_title = functools.partial(_name, "currency")
platform_name = functools.partial(_name, "platform")  # "" stays ""


def big_c() -> str:
    return QCoreApplication.translate("Words", "Big C")


def small_c() -> str:
    return QCoreApplication.translate("Words", "small c")


def condition_text(c: Condition, window_days: int = 365) -> str:
    op = "≥" if c.op == ">=" else "≤"
    if c.fact == "days_since_last":
        if c.value is None:
            return QCoreApplication.translate("Words", "never bought")
        if c.value == 0:
            text = QCoreApplication.translate("Words", "last purchase today (%2 %3)")
        else:
            text = _plural.days_ago(c.value)
        return text.replace("%2", op).replace("%3", str(c.threshold))
    template = {
        "purchase_days": _plural.purchase_days,
        "active_referrals": _plural.active_referrals,
        "active_led_members": _plural.active_members,
    }[c.fact](int(c.value))
    return template.replace("%2", op).replace("%3", str(c.threshold)).replace("%4", str(window_days))


def explanation_text(e: Explanation, window_days: int = 365) -> str:
    """ "Strong — 9 purchase days in the last 365 (≥ 6), last purchase 12 days ago (≤ 90)"."""
    head = level_name(e.level)
    if e.pinned is not None:
        text = (
            QCoreApplication.translate("Words", "%1 — pinned (%2)")
            .replace("%1", head)
            .replace("%2", e.pinned.reason)
        )
        if e.computed != e.level:
            text += QCoreApplication.translate("Words", "; the rules give %1").replace(
                "%1", level_name(e.computed)
            )
        return text
    if not e.reasons:
        why = _plural.no_purchase_in(window_days)
    else:
        parts = [condition_text(c, window_days) for c in reason_conditions(e)]
        why = QCoreApplication.translate("Words", ", ").join(parts)
    return f"{head} — {why}"


def step_text(step: Step) -> str:
    """ "2 more active referrals for Super-strong"."""
    parts = []
    if step.needs_lower:
        parts.append(QCoreApplication.translate("Words", "reach Strong first"))
    for fact, n in step.gaps():
        if n is None:
            parts.append(QCoreApplication.translate("Words", "a purchase soon"))
        elif fact == "purchase_days":
            parts.append(_plural.more_purchase_days(n))
        elif fact == "active_referrals":
            parts.append(_plural.more_active_referrals(n))
        else:
            parts.append(_plural.more_members(n))
    return (
        QCoreApplication.translate("Words", "%1 for %2")
        .replace("%1", QCoreApplication.translate("Words", ", ").join(parts))
        .replace("%2", level_name(step.level))
    )
