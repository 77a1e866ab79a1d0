"""Copy message: the short message for a task's kind and customer, on the clipboard, ready to
paste into WeChat or a text (:mod:`crm.services.followup_messages`, in the app's language)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from crm.services import followup_messages, settings
from ui.context import AppContext


def copy_message(ctx: AppContext, kind: str, customer_name: str) -> str:
    """Put the message for ``kind`` to ``customer_name`` on the clipboard; returns it."""
    staff = ctx.actor.name if ctx.actor is not None else None
    stored = settings.get_many("shop_name", followup_messages.key_of(kind))
    text = followup_messages.message(kind, customer_name, ctx.language, stored, staff)
    QGuiApplication.clipboard().setText(text)
    return text
