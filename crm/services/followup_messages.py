"""The short message a clerk copies to send a customer, one template per task kind.

A template is text with placeholders: ``{name}`` (the customer), ``{shop}`` (the shop's
name) and ``{staff}`` (who is signed in). The shop may write its own for each kind
(setting ``followup.message.<kind>``); an empty setting means the default below, in the
shop's language (the app's language setting: Chinese, else English).
"""

from __future__ import annotations

import re
from typing import Any

from crm.errors import InvalidInput

PLACEHOLDERS = ("name", "shop", "staff")
KEY_PREFIX = "followup.message."
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SIGNATURE = re.compile(r"\s*[—–-]+\s*$")  # a dash left at the end when the shop has no name

DEFAULTS: dict[str, dict[str, str]] = {
    "zh_CN": {
        "content": (
            "{name}您好！店里新到了一批好物，我挑了几样您可能会喜欢的，"
            "回复我一下，我把图片发给您看看。——{shop}"
        ),
        "service": (
            "{name}您好！上次在店里买的东西用得还顺手吗？有任何问题随时告诉我，我来帮您处理。——{shop}"
        ),
        "experience": (
            "{name}您好！店里这周有新品体验活动，可以试吃、试穿，"
            "想邀请您来感受一下，看看哪天方便过来？——{shop}"
        ),
        "companionship": ("{name}您好！好久没见了，最近一切都好吗？有空来店里坐坐，喝杯茶聊聊天。——{shop}"),
        "birthday": (
            "{name}，生日快乐！祝您新的一岁平安喜乐、万事顺心。这周来店里，我们给您准备了一份小礼物。——{shop}"
        ),
        "thank_referrer": (
            "{name}您好！谢谢您把朋友介绍到我们店，这份信任我们记在心里。"
            "下次来店里，一定当面向您道谢！——{shop}"
        ),
        "win_back": (
            "{name}您好！好一阵子没在店里见到您了，挺想念的。是不是上次有哪里做得不够好？"
            "您说一声，我们一定改进。方便的时候来店里坐坐，看看新到的东西。——{shop}"
        ),
        "other": ("{name}您好！有件事想跟您说一声，您方便的时候回复我一下，谢谢！——{shop}"),
    },
    "en": {
        "content": (
            "Hi {name}, some new things have just come in and I picked out a few I think you'll like."
            " Reply and I'll send you photos. — {shop}"
        ),
        "service": (
            "Hi {name}, how are you getting on with what you bought from us last time?"
            " If anything needs sorting out, just let me know. — {shop}"
        ),
        "experience": (
            "Hi {name}, this week we're holding a tasting and fitting of new arrivals in the shop,"
            " and we'd love you to come and try. Which day suits you? — {shop}"
        ),
        "companionship": (
            "Hi {name}, it's been a while! I hope all is well. Do drop in for a cup of tea and a chat"
            " whenever you're passing. — {shop}"
        ),
        "birthday": (
            "Happy birthday, {name}! Wishing you a wonderful year ahead. Drop by this week:"
            " we have a little gift for you. — {shop}"
        ),
        "thank_referrer": (
            "Hi {name}, thank you for introducing your friend to us! It means a lot."
            " Next time you're in, we'd love to thank you in person. — {shop}"
        ),
        "win_back": (
            "Hi {name}, we haven't seen you in the shop for a while and we miss you!"
            " If anything wasn't right last time, please tell us and we'll put it right."
            " Drop by whenever suits you and see what's new. — {shop}"
        ),
        "other": (
            "Hi {name}, there's something we'd like to let you know about."
            " Could you reply when you have a moment? Thank you! — {shop}"
        ),
    },
}
KINDS = tuple(DEFAULTS["en"])


def key_of(kind: str) -> str:
    """The setting that holds the shop's own template for ``kind``."""
    return KEY_PREFIX + kind


def default_template(kind: str, language: str) -> str:
    """The template the app offers for ``kind`` in ``language`` (Chinese, else English)."""
    templates = DEFAULTS["zh_CN" if language == "zh_CN" else "en"]
    return templates.get(kind, templates["other"])


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in ``text`` that are not :data:`PLACEHOLDERS` ("{nmae}" → ["nmae"])."""
    return [name for name in _PLACEHOLDER.findall(text) if name.strip() not in PLACEHOLDERS]


def check_template(key: str, value: Any) -> str:
    """A template as stored: the text, or a refusal when it names a placeholder the app does not know."""
    text = str(value or "").strip()
    if unknown_placeholders(text):
        raise InvalidInput(key, "has a placeholder the app does not know; use {name}, {shop} or {staff}")
    return text


def fill(template: str, values: dict[str, str]) -> str:
    """The template with its placeholders filled; without a shop name, no dangling signature."""
    text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), template)
    if not values.get("shop"):
        text = _SIGNATURE.sub("", text)
    return text.strip()


def message(kind: str, name: str, language: str, stored: dict[str, Any], staff: str | None = None) -> str:
    """The message for a task of ``kind`` to the customer ``name``: the shop's own template for
    the kind (in ``stored``, the settings), else the default in ``language``, filled in."""
    template = stored.get(key_of(kind)) or default_template(kind, language)
    return fill(template, {"name": name, "shop": stored.get("shop_name") or "", "staff": staff or ""})
