"""Demo communities with their 大C leaders and members, and the follow-up tasks of
the last half year."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from datetime import timedelta

from crm.demo.shop import REGULAR, SIGNED_UP, SUPER, Shop, expand

NEIGHBOURHOODS = (
    "阳光花园", "锦绣苑", "翠湖小区", "金色家园", "幸福里", "滨江一号", "绿城", "万科城", "碧桂园",
    "龙湖天街", "世纪花园", "桃源居", "香榭里", "紫金城",
)  # fmt: skip


GROUP_KINDS = (
    "业主群", "宝妈群", "吃货群", "团购群", "读书会", "跑步团", "广场舞队", "茶友会", "烘焙班", "亲子群",
)  # fmt: skip


# Platform keys (crm/services/communities.py PLATFORMS) and their weights.
PLATFORMS = (("wechat_group", 70), ("wecom_group", 12), ("offline", 14), ("douyin", 4))


COMMUNITY_COLUMNS = ("id", "name", "platform", "leader_id", "created", "archived", "archived_on", "note")


MEMBERSHIP_COLUMNS = ("id", "community_id", "customer_id", "joined", "left")


TASK_KINDS = (
    ("content", 20),
    ("service", 20),
    ("experience", 12),
    ("companionship", 12),
    ("birthday", 12),
    ("thank_referrer", 12),
    ("other", 12),
)


TASK_TITLES = {
    "content": "发新品图文给{name}",
    "service": "回访{name}的使用情况",
    "experience": "邀请{name}来店体验",
    "companionship": "节日问候{name}",
    "birthday": "{name}生日祝福",
    "thank_referrer": "感谢{name}推荐朋友",
    "other": "联系{name}",
}


TASK_OUTCOMES = (
    "已联系，下周到店",
    "已发微信，客户回复感谢",
    "未接电话，改天再试",
    "已到店体验",
    "客户暂不需要",
)


TASK_COLUMNS = (
    "id", "customer_id", "assignee_id", "due", "kind", "via_id", "status", "title", "outcome", "rule",
    "created_on", "created_at", "created_by_id", "closed_on",
)  # fmt: skip


def build_communities(shop: Shop) -> None:
    """About one community per 50 customers, led mostly by super-users and regulars."""
    rng, n, last, day_text, joined = shop.rng, shop.n, shop.last, shop.day_text, shop.joined
    referred_by: dict[int, list[int]] = {}
    for i, ref in enumerate(shop.referrer):
        if ref is not None:
            referred_by.setdefault(ref, []).append(i)
    leaders = [i for i in range(n) if shop.kinds[i] == SUPER] * 4
    leaders += [i for i in range(n) if shop.kinds[i] == REGULAR]
    leaders = leaders or list(range(n))
    platforms = expand(PLATFORMS)
    shop.community_rows = []
    memberships = []
    big_c = set()
    used_names: Counter[str] = Counter()
    for community_id in range(1, max(1, round(n * 0.02)) + 1):
        leader = leaders[rng.randrange(len(leaders))]
        created = rng.randint(joined[leader], last)
        group = GROUP_KINDS[rng.randrange(len(GROUP_KINDS))]
        if rng.random() < 0.5:
            base = NEIGHBOURHOODS[rng.randrange(len(NEIGHBOURHOODS))] + group
        else:
            base = shop.family_names[leader] + rng.choice("姐哥") + "的" + group
        used_names[base] += 1
        name = base if used_names[base] == 1 else f"{base}{used_names[base]}"
        archived_on = None
        if rng.random() < 0.04 and created < last - 30:
            archived_on = day_text[rng.randint(created + 30, last)]
        platform = platforms[rng.randrange(len(platforms))]
        shop.community_rows.append(
            (
                community_id,
                name,
                platform,
                leader + 1,
                day_text[created],
                archived_on is not None,
                archived_on,
                "",
            )
        )
        # Members: friends the leader brought in, and others who had joined the shop by then.
        eligible = bisect_right(joined, created + 60)
        size = min(eligible - 1, max(3, int(rng.lognormvariate(3.0, 0.6))))
        members: list[int] = []
        seen = {leader}
        friends = referred_by.get(leader, [])
        for _ in range(size * 3):
            if len(members) >= size:
                break
            member = (
                friends[rng.randrange(len(friends))]
                if friends and rng.random() < 0.4
                else rng.randrange(eligible)
            )
            if member not in seen:
                seen.add(member)
                members.append(member)
        if members:
            big_c.add(leader)
        for member in members:
            start = min(last, max(created, joined[member]) + rng.randrange(60))
            left = (
                day_text[rng.randint(start + 30, last)] if rng.random() < 0.12 and start + 30 < last else None
            )
            memberships.append((community_id, member + 1, day_text[start], left))
    memberships.sort(key=lambda row: (row[2], row[0], row[1]))
    shop.membership_rows = [(mid, *row) for mid, row in enumerate(memberships, start=1)]
    # A few super-users the owner flags as 大C before they lead a group.
    for i in range(n):
        if shop.kinds[i] == SUPER and i not in big_c and rng.random() < 0.05:
            shop.big_c.add(i + 1)


def build_tasks(shop: Shop) -> None:
    """Follow-up over the last half year: mostly done, some skipped, some open or overdue."""
    rng, last, day_text = shop.rng, shop.last, shop.day_text
    leader_of: dict[int, int] = {}
    for _, community_id, customer_id, _joined, left in shop.membership_rows:
        if left is None:
            leader_of.setdefault(customer_id, shop.community_rows[community_id - 1][3])
    task_kinds = expand(TASK_KINDS)
    buyers = [i for i in range(shop.n) if shop.kinds[i] != SIGNED_UP] or list(range(shop.n))
    staff = shop.active_staff
    shop.task_rows = []
    for task_id in range(1, round(shop.n * 0.06) + 1):
        who = buyers[rng.randrange(len(buyers))]
        created = rng.randint(max(shop.joined[who], last - 180), last)
        due = created + rng.randint(0, 14)
        kind = task_kinds[rng.randrange(len(task_kinds))]
        roll = rng.random()
        if due < last - 7:
            status = "done" if roll < 0.75 else "skipped" if roll < 0.85 else "open"
        else:
            status = "done" if roll < 0.2 else "open"
        closed_on, outcome = None, ""
        if status != "open":
            closed_on = day_text[min(last, max(created, due + rng.randint(-3, 3)))]
            outcome = TASK_OUTCOMES[rng.randrange(len(TASK_OUTCOMES))] if status == "done" else "客户暂不需要"
        via = leader_of.get(who + 1) if kind in ("content", "companionship") and rng.random() < 0.5 else None
        due_text = (shop.until + timedelta(days=due - last)).isoformat()
        title = TASK_TITLES[kind].format(name=shop.names[who])
        shop.task_rows.append(
            (
                task_id, who + 1, staff[rng.randrange(len(staff))], due_text, kind, via, status, title,
                outcome, None, day_text[created], shop.moment(created), staff[0], closed_on,
            )
        )  # fmt: skip
