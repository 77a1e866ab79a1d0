"""Communities, their leaders and members; 大C and 小c (SPEC 2.2).

As of a date D (default today):

- a community exists when it was created on or before D, and is archived when
  it was archived on or before D (an archive without a date counts always);
- a customer is a *member* on D when a membership row has joined ≤ D and
  (left is empty or left > D); the leader is never counted as a member;
- an *active* member bought (a visit with amount > 0) in the last
  ``level.window_days`` (365) days: D − N < day ≤ D;
- a community is a *zombie* when it is not archived, has members, and nobody,
  leader included, bought in the last ``community.zombie_days`` (60) days;
- a *大C* leads at least one existing, non-archived community with a member on
  D, or carries the owner's 大C flag; a *小c* is served through the leader of a
  community they are a member of.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import peewee

from crm import clock
from crm.db import as_date, database, query_rows
from crm.errors import NotFound
from crm.models import Community, Customer
from crm.services import settings
from crm.services.big_c import ARCHIVED_ON, MEMBER_ON, big_c_condition, big_c_ids, is_big_c  # noqa: F401 (offered here too)
from crm.services.referrals import Person


@dataclass(frozen=True)
class CommunityInfo:
    id: int
    name: str
    platform: str
    leader_id: int
    leader_name: str
    leader_code: str
    leader_level: int  # the leader's stored (current) level
    created: date
    note: str
    archived: bool
    archived_on: date | None
    members: int  # members on D, leader excluded
    active_members: int  # of those, with a purchase in the last 365 days
    last_purchase: date | None  # latest purchase of a member or the leader, on or before D
    zombie: bool

    @property
    def activity_rate(self) -> float:
        return self.active_members / self.members if self.members else 0.0


@dataclass(frozen=True)
class Member:
    membership_id: int
    community_id: int
    customer_id: int
    name: str
    code: str
    level: int  # the customer's stored (current) level, whatever D is
    joined: date
    left: date | None
    last_purchase: date | None  # on or before D
    active: bool  # a purchase in the last 365 days


@dataclass(frozen=True)
class CommunityLink:
    """One community a customer belongs to, as leader or as member."""

    community_id: int
    name: str
    platform: str
    role: str  # "leader" or "member"
    leader_id: int
    leader_name: str
    joined: date  # membership joined; the community's created date for its leader
    archived: bool


# --- platforms ---------------------------------------------------------------

# Where a community meets: one of these keys is stored ("" when nobody said), and shown in the
# language of whoever reads it. The app's words for them are in ui/words.py (the same names,
# through its translations); the command line and the report use these.
PLATFORMS: dict[str, tuple[str, str]] = {
    "wechat_group": ("WeChat group", "微信群"),
    "wecom_group": ("WeCom group", "企业微信群"),
    "qq_group": ("QQ group", "QQ群"),
    "whatsapp_group": ("WhatsApp group", "WhatsApp群"),
    "facebook_group": ("Facebook group", "Facebook群组"),
    "xiaohongshu": ("Xiaohongshu (RED)", "小红书"),
    "douyin": ("Douyin", "抖音"),
    "offline": ("In the shop (offline)", "店内（线下）"),
    "other": ("Other", "其他"),
}

# Other ways people write them (compared without case, spaces, "-", "_" or "·", full-width
# letters as half-width).
PLATFORM_ALIASES: dict[str, tuple[str, ...]] = {
    "wechat_group": ("WeChat", "Weixin", "Weixin group", "微信", "微信群聊"),
    "wecom_group": ("WeCom", "WeChat Work", "WeChat Work group", "企业微信", "企微", "企微群"),
    "qq_group": ("QQ", "QQ群聊"),
    "whatsapp_group": ("WhatsApp", "WhatsApp群组"),
    "facebook_group": ("Facebook", "FB", "FB group", "Facebook群"),
    "xiaohongshu": ("Xiaohongshu", "RED", "RedNote", "XHS", "小红书群"),
    "douyin": ("Douyin group", "抖音群", "抖音粉丝群"),
    "offline": ("Offline", "In the shop", "In store", "线下", "店内", "门店", "到店"),
    "other": ("其它",),
}


def _platform_token(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "-_·")


_PLATFORM_LOOKUP: dict[str, str] = {
    _platform_token(name): key
    for key in PLATFORMS
    for name in (key, *PLATFORMS[key], *PLATFORM_ALIASES.get(key, ()))
}


def platform_key(text: str | None) -> str | None:
    """The platform key ``text`` names (a key, or either language's name in any case and
    spacing); "" for nothing; None when it names none of them."""
    token = _platform_token(text or "")
    if not token:
        return ""
    return _PLATFORM_LOOKUP.get(token)


def platform_name(key: str, language: str = "en") -> str:
    """A platform key's name in ``language`` ("" for none; an unknown value as it is)."""
    names = PLATFORMS.get(key)
    if names is None:
        return key
    return names[1] if language.startswith("zh") else names[0]


# --- helpers -----------------------------------------------------------------


def _as_of(as_of: date | None) -> date:
    return as_of or clock.today()


def community_or_not_found(community_id: int) -> Community:
    found = Community.get_or_none(Community.id == community_id)
    if found is None:
        raise NotFound("community", community_id)
    return found


# --- reading -----------------------------------------------------------------

# Each member's last purchase, then each community's counts. SQLite looks it up per membership
# row, the fastest there (0.13 s at 100,000 customers). PostgreSQL inlined that step into both
# aggregates that read it, looking up a chain's 432,000 memberships twice: there it is looked up
# once per member, however many communities they are in, in a MATERIALIZED step.
_MEMBERS_LAST = {
    "sqlite": f"""
WITH m AS (
    SELECT DISTINCT ms.community_id, ms.customer_id
    FROM membership ms JOIN community c ON c.id = ms.community_id
    WHERE {MEMBER_ON} AND ms.customer_id <> c.leader_id {{member_filter}}
),
last AS (
    SELECT m.community_id, m.customer_id,
        (SELECT MAX(v.day) FROM visit v
         WHERE v.customer_id = m.customer_id AND v.amount > 0 AND v.day <= ?) AS last_day
    FROM m
),
agg AS (
    SELECT community_id, COUNT(*) AS members,
        SUM(CASE WHEN last_day > ? THEN 1 ELSE 0 END) AS active,
        MAX(last_day) AS last_day
    FROM last GROUP BY community_id
)
""",
    "postgres": f"""
WITH m AS MATERIALIZED (
    SELECT DISTINCT ms.community_id, ms.customer_id
    FROM membership ms JOIN community c ON c.id = ms.community_id
    WHERE {MEMBER_ON} AND ms.customer_id <> c.leader_id {{member_filter}}
),
last AS MATERIALIZED (
    SELECT w.customer_id,
        (SELECT MAX(v.day) FROM visit v
         WHERE v.customer_id = w.customer_id AND v.amount > 0 AND v.day <= ?) AS last_day
    FROM (SELECT DISTINCT customer_id FROM m) w
),
agg AS (
    SELECT m.community_id, COUNT(*) AS members,
        SUM(CASE WHEN last.last_day > ? THEN 1 ELSE 0 END) AS active,
        MAX(last.last_day) AS last_day
    FROM m JOIN last ON last.customer_id = m.customer_id GROUP BY m.community_id
)
""",
}
_LIST_TAIL = f"""
SELECT c.id, c.name, c.platform, c.leader_id, l.name, l.code, l.level, c.created, c.note,
    {ARCHIVED_ON}, c.archived_on,
    COALESCE(a.members, 0), COALESCE(a.active, 0), a.last_day,
    (SELECT MAX(v.day) FROM visit v
     WHERE v.customer_id = c.leader_id AND v.amount > 0 AND v.day <= ?) AS leader_last
FROM community c
JOIN customer l ON l.id = c.leader_id
LEFT JOIN agg a ON a.community_id = c.id
WHERE {{community_filter}}
ORDER BY c.name, c.id
"""


def _list_sql() -> str:
    engine = "sqlite" if isinstance(database.obj, peewee.SqliteDatabase) else "postgres"
    return _MEMBERS_LAST[engine] + _LIST_TAIL


def _infos(
    as_of: date | None, community_id: int | None = None, ids: list[int] | None = None
) -> list[CommunityInfo]:
    """The communities existing on ``as_of`` (or the one ``community_id``, or those of ``ids``)."""
    day = _as_of(as_of)
    window_start = day - timedelta(days=int(settings.get("level.window_days")))
    zombie_start = day - timedelta(days=int(settings.get("community.zombie_days")))
    d = day.isoformat()
    w = window_start.isoformat()
    if ids is not None:
        marks = ",".join("?" * len(ids))
        sql = _list_sql().format(
            member_filter=f"AND ms.community_id IN ({marks})", community_filter=f"c.id IN ({marks})"
        )
        params: list = [d, d, *ids, d, w, d, d, *ids]
    elif community_id is None:
        sql = _list_sql().format(member_filter="", community_filter="c.created <= ?")
        params = [d, d, d, w, d, d, d]
    else:
        sql = _list_sql().format(member_filter="AND ms.community_id = ?", community_filter="c.id = ?")
        params = [d, d, community_id, d, w, d, d, community_id]
    out = []
    for row in query_rows(sql, params):
        leader_level, created, note, archived, archived_on, members, active, member_last, leader_last = row[
            6:
        ]
        lasts = [x for x in (as_date(member_last), as_date(leader_last)) if x is not None]
        last = max(lasts) if lasts else None
        archived = bool(archived)
        zombie = not archived and members > 0 and (last is None or last <= zombie_start)
        # Fields in CommunityInfo's order: id, name, platform and the leader's id, name and code first.
        out.append(
            CommunityInfo(
                *row[:6],
                int(leader_level),
                as_date(created),
                note,
                archived,
                as_date(archived_on) if archived else None,
                int(members),
                int(active),
                last,
                zombie,
            )
        )
    return out


def list_communities(as_of: date | None = None, include_archived: bool = True) -> list[CommunityInfo]:
    """Every community that exists on ``as_of``, with its member counts and zombie flag, by name."""
    infos = _infos(as_of)
    return infos if include_archived else [i for i in infos if not i.archived]


# Communities existing and not archived on D, with their leader.
LIVE_SQL = f"SELECT c.id, c.leader_id FROM community c WHERE c.created <= ? AND NOT {ARCHIVED_ON}"

# Of those, the ones with members on D where nobody, leader included, bought after the zombie
# window's start: the purchases of the window read once, not each member's last purchase.
_ZOMBIES_SQL = f"""
WITH live AS ({LIVE_SQL}),
recent AS (SELECT DISTINCT customer_id FROM visit WHERE amount > 0 AND day > ? AND day <= ?),
per AS (
    SELECT ms.community_id, MAX(CASE WHEN r.customer_id IS NULL THEN 0 ELSE 1 END) AS awake
    FROM membership ms
    JOIN live ON live.id = ms.community_id
    LEFT JOIN recent r ON r.customer_id = ms.customer_id
    WHERE {MEMBER_ON} AND ms.customer_id <> live.leader_id
    GROUP BY ms.community_id
)
SELECT live.id FROM per
JOIN live ON live.id = per.community_id
LEFT JOIN recent r ON r.customer_id = live.leader_id
WHERE per.awake = 0 AND r.customer_id IS NULL
"""


def zombie_sql(as_of: date) -> tuple[str, list]:
    """The query of the ids of the zombie communities on ``as_of``, and its parameters."""
    d = as_of.isoformat()
    zombie_start = (as_of - timedelta(days=int(settings.get("community.zombie_days")))).isoformat()
    return _ZOMBIES_SQL, [d, d, zombie_start, d, d, d]


def zombies(as_of: date | None = None) -> list[CommunityInfo]:
    """The zombie communities on ``as_of`` (as :func:`list_communities` marks them), by name:
    found from the purchases of the zombie window, then only they are listed."""
    day = _as_of(as_of)
    ids = sorted(row[0] for row in query_rows(*zombie_sql(day)))
    out = [info for start in range(0, len(ids), 5000) for info in _infos(day, ids=ids[start : start + 5000])]
    out.sort(key=lambda info: (info.name, info.id))
    return [info for info in out if info.zombie and not info.archived]


def live_count(as_of: date | None = None) -> int:
    """Communities existing and not archived on ``as_of``."""
    d = _as_of(as_of).isoformat()
    return int(query_rows(f"SELECT COUNT(*) FROM ({LIVE_SQL}) live", [d, d])[0][0])


def get_community(community_id: int, as_of: date | None = None) -> CommunityInfo:
    """One community as of ``as_of`` (shown even if it was created later)."""
    found = _infos(as_of, community_id)
    if not found:
        raise NotFound("community", community_id)
    return found[0]


_MEMBERS_SQL = """
SELECT ms.id, ms.community_id, ms.customer_id, p.name, p.code, p.level, ms.joined, ms."left",
    (SELECT MAX(v.day) FROM visit v
     WHERE v.customer_id = ms.customer_id AND v.amount > 0 AND v.day <= ?) AS last_day
FROM membership ms
JOIN community c ON c.id = ms.community_id
JOIN customer p ON p.id = ms.customer_id
WHERE ms.community_id = ? AND ms.customer_id <> c.leader_id {when}
ORDER BY ms.joined, ms.id
"""


def members(community_id: int, as_of: date | None = None, include_former: bool = False) -> list[Member]:
    """The members on ``as_of`` (leader excluded), earliest joined first; with
    ``include_former`` every membership row, past and present."""
    community_or_not_found(community_id)
    day = _as_of(as_of)
    window_start = day - timedelta(days=int(settings.get("level.window_days")))
    d = day.isoformat()
    if include_former:
        sql, params = _MEMBERS_SQL.format(when=""), [d, community_id]
    else:
        sql, params = _MEMBERS_SQL.format(when="AND " + MEMBER_ON), [d, community_id, d, d]
    out = []
    for *who, level, joined, left, last in query_rows(sql, params):
        last = as_date(last)
        active = last is not None and last > window_start
        # Member's fields in order: membership, community and customer ids, name, code first.
        out.append(Member(*who, int(level), as_date(joined), as_date(left), last, active))
    return out


_COMMUNITIES_OF_SQL = f"""
SELECT c.id, c.name, c.platform, 'leader', c.leader_id, l.name, c.created, {ARCHIVED_ON}, 0
FROM community c JOIN customer l ON l.id = c.leader_id
WHERE c.leader_id = ? AND c.created <= ?
UNION ALL
SELECT c.id, c.name, c.platform, 'member', c.leader_id, l.name, ms.joined, {ARCHIVED_ON}, 1
FROM membership ms
JOIN community c ON c.id = ms.community_id
JOIN customer l ON l.id = c.leader_id
WHERE ms.customer_id = ? AND c.leader_id <> ms.customer_id AND {MEMBER_ON}
ORDER BY 9, 7, 1
"""


def communities_of(customer_id: int, as_of: date | None = None) -> list[CommunityLink]:
    """The communities the customer leads, then those they are a member of on ``as_of``."""
    if not Customer.select().where(Customer.id == customer_id).exists():
        raise NotFound("customer", customer_id)
    d = _as_of(as_of).isoformat()
    rows = query_rows(_COMMUNITIES_OF_SQL, [d, customer_id, d, d, customer_id, d, d])
    return [CommunityLink(*r[:6], joined=as_date(r[6]), archived=bool(r[7])) for r in rows]


# --- 大C and 小c ----------------------------------------------------------------

_SERVING_SQL = f"""
SELECT l.id, l.name, l.code
FROM membership ms
JOIN community c ON c.id = ms.community_id
JOIN customer l ON l.id = c.leader_id
WHERE ms.customer_id = ? AND c.leader_id <> ? AND {MEMBER_ON}
  AND c.created <= ? AND NOT {ARCHIVED_ON}
  AND NOT l.archived AND NOT l.erased
ORDER BY ms.joined, ms.id
LIMIT 1
"""

_SERVING_ALL_SQL = f"""
SELECT ms.customer_id, l.id, l.name, l.code
FROM membership ms
JOIN community c ON c.id = ms.community_id
JOIN customer l ON l.id = c.leader_id
WHERE c.leader_id <> ms.customer_id AND {MEMBER_ON}
  AND c.created <= ? AND NOT {ARCHIVED_ON}
  AND NOT l.archived AND NOT l.erased{{of_ids}}
ORDER BY ms.customer_id, ms.joined, ms.id
"""
_IDS_A_QUERY = 500


def serving_big_c(customer_id: int, as_of: date | None = None) -> Person | None:
    """The 大C who serves this customer as a 小c: the leader of a community they
    are a member of on ``as_of`` (the one joined earliest when there are several).
    Never the customer themselves; archived or erased leaders do not serve anyone."""
    d = _as_of(as_of).isoformat()
    rows = query_rows(_SERVING_SQL, [customer_id, customer_id, d, d, d, d])
    return Person(*rows[0]) if rows else None


def serving_big_c_many(
    customer_ids: Iterable[int] | None = None, as_of: date | None = None
) -> dict[int, Person]:
    """:func:`serving_big_c` for many customers at once: {小c id: their 大C}; customers
    nobody serves are left out. None means every customer (one query); given ids are asked
    a chunk at a time, so a page of them does not read every membership of a chain."""
    d = _as_of(as_of).isoformat()
    if customer_ids is None:
        asked = [("", [])]
    else:
        ids = sorted({int(i) for i in customer_ids})
        asked = [
            (f" AND ms.customer_id IN ({', '.join('?' * len(batch))})", batch)
            for batch in (ids[at : at + _IDS_A_QUERY] for at in range(0, len(ids), _IDS_A_QUERY))
        ]
    out: dict[int, Person] = {}
    for of_ids, batch in asked:
        for cid, lid, name, code in query_rows(_SERVING_ALL_SQL.format(of_ids=of_ids), [d, d, d, d, *batch]):
            out.setdefault(cid, Person(lid, name, code))
    return out
