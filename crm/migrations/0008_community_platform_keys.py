"""A community's platform becomes one of a fixed set of keys (crm/services/communities.py
PLATFORMS), shown in the reader's language, so "WeChat group" and "微信群" are one platform.

What was typed is mapped to its key when it names one, in either language, any case and
spacing ("wechat group", "微信", "QQ 群"). Anything else becomes ``other``, and the text
that was typed is kept at the end of the community's note ("Platform: Neighbourhood",
"平台：小区"), so nothing the user wrote is lost. The names are copied here as they were
when this migration was written: later changes to the app's list do not change what it did.
"""

import re
import unicodedata

NAMES = {
    "wechat_group": ("WeChat group", "微信群", "WeChat", "Weixin", "Weixin group", "微信", "微信群聊"),
    "wecom_group": (
        "WeCom group",
        "企业微信群",
        "WeCom",
        "WeChat Work",
        "WeChat Work group",
        "企业微信",
        "企微",
        "企微群",
    ),
    "qq_group": ("QQ group", "QQ群", "QQ", "QQ群聊"),
    "whatsapp_group": ("WhatsApp group", "WhatsApp群", "WhatsApp", "WhatsApp群组"),
    "facebook_group": ("Facebook group", "Facebook群组", "Facebook", "FB", "FB group", "Facebook群"),
    "xiaohongshu": ("Xiaohongshu (RED)", "小红书", "Xiaohongshu", "RED", "RedNote", "XHS", "小红书群"),
    "douyin": ("Douyin", "抖音", "Douyin group", "抖音群", "抖音粉丝群"),
    "offline": ("In the shop (offline)", "店内（线下）", "Offline", "In the shop", "In store",
                "线下", "店内", "门店", "到店"),
    "other": ("Other", "其他", "其它"),
}  # fmt: skip

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _token(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-_·")


LOOKUP = {_token(name): key for key, names in NAMES.items() for name in (key, *names)}


def key_for(text: str) -> str | None:
    """The key ``text`` names, "" for nothing, None for anything else."""
    token = _token(text)
    return "" if not token else LOOKUP.get(token)


def kept_in_note(note: str, typed: str) -> str:
    """The note with the typed platform added on a line of its own, in the typed text's language."""
    line = f"平台：{typed}" if CJK.search(typed) else f"Platform: {typed}"
    note = (note or "").rstrip()
    return f"{note}\n{line}" if note else line


def up(migrator, db):
    p = db.param
    rows = db.execute_sql("SELECT id, platform, note FROM community ORDER BY id").fetchall()
    for community_id, platform, note in rows:
        typed = (platform or "").strip()
        key = key_for(typed)
        if key is None:
            db.execute_sql(
                f"UPDATE community SET platform = {p}, note = {p} WHERE id = {p}",
                ("other", kept_in_note(note, typed), community_id),
            )
        elif key != platform:
            db.execute_sql(f"UPDATE community SET platform = {p} WHERE id = {p}", (key, community_id))


def down(migrator, db):
    # Back to the English names; what became "other" stays so, its text is in the note.
    p = db.param
    for key, names in NAMES.items():
        db.execute_sql(f"UPDATE community SET platform = {p} WHERE platform = {p}", (names[0], key))
