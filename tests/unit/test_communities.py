"""Communities: membership dates, counts, zombies, 大C and who serves a 小c."""

from datetime import date, timedelta

import pytest

from crm.errors import (
    AlreadyMember,
    CommunityArchived,
    InvalidInput,
    LeaderAsMember,
    NotAllowed,
    NotFound,
    NotMember,
)
from crm.models import AuditEntry, Community, Customer, Membership
from crm.services import communities as svc
from crm.services import community_changes, settings
from crm.services.common import Actor
from tests.conftest import TODAY
from tests.factories import community, customer, visit

D = TODAY  # 2026-06-30
STAFF = Actor(staff_id=None, role="staff", name="店员")
MANAGER = Actor(staff_id=None, role="manager", name="店长")


def days_ago(n):
    return D - timedelta(days=n)


def info(group, as_of=None):
    return svc.get_community(group.id, as_of)


# --- creating and changing -------------------------------------------------------------


def test_create_community_and_audit(db):
    leader = customer("王丽")
    created = community_changes.create_community(" 花园小区群 ", leader.id, platform="微信", actor=MANAGER)
    assert (created.name, created.platform, created.leader_name, created.created) == (
        "花园小区群",
        "wechat_group",  # the platform's key, from either language's name
        "王丽",
        D,
    )
    assert (created.members, created.active_members, created.zombie, created.archived) == (0, 0, False, False)
    assert AuditEntry.get(AuditEntry.entity == "community").action == "create"


def test_create_community_validates_before_writing(db):
    leader = customer("王丽")
    with pytest.raises(InvalidInput):
        community_changes.create_community("  ", leader.id)
    with pytest.raises(NotFound):
        community_changes.create_community("群", 9999)
    with pytest.raises(InvalidInput):
        community_changes.create_community("群", leader.id, created=D + timedelta(days=1))
    assert Community.select().count() == 0


def test_staff_record_members_but_may_not_manage_communities(db):
    leader, member, other = customer("王丽"), customer("张伟"), customer("李娜")
    group = community(leader, [])
    with pytest.raises(NotAllowed):
        community_changes.create_community("群", leader.id, actor=STAFF)
    with pytest.raises(NotAllowed):
        community_changes.archive_community(group.id, actor=STAFF)
    with pytest.raises(NotAllowed):
        community_changes.set_leader(group.id, other.id, actor=STAFF)
    assert not Community.get_by_id(group.id).archived and Community.select().count() == 1
    # Joining and leaving a group is counter work.
    community_changes.add_member(group.id, member.id, actor=STAFF)
    community_changes.remove_member(group.id, member.id, actor=STAFF)
    assert [(m.customer_id, m.left) for m in Membership.select()] == [(member.id, D)]


def test_rename_and_update(db):
    group = community(customer("王丽"), [], name="旧名")
    assert community_changes.rename_community(group.id, "新名").name == "新名"
    updated = community_changes.update_community(group.id, platform="抖音", note="周末团购")
    assert (updated.name, updated.platform, updated.note) == ("新名", "douyin", "周末团购")
    assert [e.action for e in AuditEntry.select().order_by(AuditEntry.id)] == ["update", "update"]


# --- membership ----------------------------------------------------------------------------


def test_member_on_a_day_means_joined_on_or_before_and_not_yet_left(db):
    leader, member = customer("王丽"), customer("张伟")
    group = community(leader, [])
    community_changes.add_member(group.id, member.id, joined=date(2026, 3, 1))
    community_changes.remove_member(group.id, member.id, left=date(2026, 5, 1))
    assert info(group, date(2026, 2, 28)).members == 0
    assert info(group, date(2026, 3, 1)).members == 1
    assert info(group, date(2026, 4, 30)).members == 1
    assert info(group, date(2026, 5, 1)).members == 0
    assert [m.name for m in svc.members(group.id, date(2026, 4, 30))] == ["张伟"]
    assert svc.members(group.id) == []
    (former,) = svc.members(group.id, include_former=True)
    assert (former.joined, former.left) == (date(2026, 3, 1), date(2026, 5, 1))


def test_duplicate_active_membership_is_refused(db):
    leader, member = customer("王丽"), customer("张伟")
    group = community(leader, [member], joined=date(2026, 1, 1), name="花园群")
    with pytest.raises(AlreadyMember) as err:
        community_changes.add_member(group.id, member.id)
    assert "张伟" in str(err.value) and "花园群" in str(err.value)
    assert Membership.select().count() == 1


def test_a_member_who_left_may_rejoin_as_a_new_membership(db):
    leader, member = customer("王丽"), customer("张伟")
    group = community(leader, [member], joined=date(2026, 1, 1))
    community_changes.remove_member(group.id, member.id, left=date(2026, 2, 1))
    with pytest.raises(InvalidInput):  # overlaps the old membership
        community_changes.add_member(group.id, member.id, joined=date(2026, 1, 15))
    rejoined = community_changes.add_member(group.id, member.id, joined=date(2026, 4, 1))
    assert (rejoined.joined, rejoined.left) == (date(2026, 4, 1), None)
    assert Membership.select().count() == 2
    assert info(group, date(2026, 3, 1)).members == 0
    assert info(group).members == 1


def test_the_leader_cannot_be_a_member_of_their_own_community(db):
    leader = customer("王丽")
    group = community(leader, [])
    with pytest.raises(LeaderAsMember):
        community_changes.add_member(group.id, leader.id)
    assert Membership.select().count() == 0


def test_leader_is_not_counted_as_a_member_even_if_a_row_says_so(db):
    leader, member = customer("王丽"), customer("张伟")
    group = community(leader, [member])
    Membership.create(community=group, customer=leader, joined=date(2024, 1, 1))  # e.g. imported data
    assert info(group).members == 1
    assert [m.name for m in svc.members(group.id)] == ["张伟"]


def test_remove_member_needs_an_open_membership(db):
    leader, member = customer("王丽"), customer("张伟")
    group = community(leader, [], name="花园群")
    with pytest.raises(NotMember):
        community_changes.remove_member(group.id, member.id)
    community_changes.add_member(group.id, member.id, joined=date(2026, 6, 1))
    with pytest.raises(InvalidInput):
        community_changes.remove_member(group.id, member.id, left=date(2026, 5, 1))
    left = community_changes.remove_member(group.id, member.id)
    assert left.left == D


def test_archived_community_refuses_new_members(db):
    leader, member = customer("王丽"), customer("张伟")
    group = community(leader, [])
    archived = community_changes.archive_community(group.id)
    assert archived.archived and archived.archived_on == D
    with pytest.raises(CommunityArchived):
        community_changes.add_member(group.id, member.id)
    assert not community_changes.unarchive_community(group.id).archived


def test_membership_changes_refresh_the_leaders_level(db):
    leader = customer("王丽")
    for n in range(6):
        visit(leader, days_ago(n + 1))  # strong on her own
    buyers = [customer(f"成员{i}") for i in range(5)]
    for b in buyers:
        visit(b, days_ago(3))
    group = community(leader, buyers[:4])
    from crm.services import levels

    levels.refresh_customers([leader.id])
    assert Customer.get_by_id(leader.id).level == 3
    community_changes.add_member(group.id, buyers[4].id)  # the fifth active member
    assert Customer.get_by_id(leader.id).level == 4
    community_changes.remove_member(group.id, buyers[0].id)
    assert Customer.get_by_id(leader.id).level == 3


def test_set_leader_moves_levels_and_closes_the_new_leaders_membership(db):
    old, new = customer("王丽"), customer("张伟")
    group = community(old, [new], joined=date(2026, 1, 1))
    changed = community_changes.set_leader(group.id, new.id)
    assert changed.leader_id == new.id and changed.members == 0
    assert Membership.get().left == D
    assert svc.communities_of(new.id)[0].role == "leader"


# --- the list ------------------------------------------------------------------------------


def test_list_counts_members_and_active_members(db):
    leader = customer("王丽")
    recent, lapsed, never = customer("近"), customer("久"), customer("无")
    visit(recent, days_ago(364))  # inside the last 365 days
    visit(lapsed, days_ago(365))  # just outside
    visit(never, days_ago(10), amount=0)  # a visit, not a purchase
    group = community(leader, [recent, lapsed, never], name="群")
    customer_only = customer("另一个")
    community(customer_only, [], name="空群")
    rows = {c.name: c for c in svc.list_communities()}
    assert (rows["群"].members, rows["群"].active_members) == (3, 1)
    assert rows["群"].activity_rate == pytest.approx(1 / 3)
    assert rows["群"].last_purchase == days_ago(364)
    assert (rows["空群"].members, rows["空群"].zombie) == (0, False)
    assert rows["群"].leader_id == group.leader_id


def test_members_and_leader_carry_their_stored_level(db, monkeypatch):
    leader, strong, plain = customer("王丽"), customer("强"), customer("普")
    visit(strong, days_ago(3))  # one purchase: the engine would say Micro
    Customer.update(level=4).where(Customer.id == leader.id).execute()
    Customer.update(level=3).where(Customer.id == strong.id).execute()  # e.g. pinned by the owner
    group = community(leader, [strong, plain], name="群")
    assert {m.name: m.level for m in svc.members(group.id)} == {"强": 3, "普": 0}
    assert info(group).leader_level == 4
    assert {c.id: c.leader_level for c in svc.list_communities()} == {group.id: 4}

    def queries(community_id) -> int:
        from crm.db import database

        real, calls = database.obj.execute_sql, []

        def counting(sql, params=None, *args, **kwargs):
            calls.append(sql)
            return real(sql, params, *args, **kwargs)

        monkeypatch.setattr(database.obj, "execute_sql", counting)
        try:
            svc.members(community_id)
        finally:
            monkeypatch.setattr(database.obj, "execute_sql", real)
        return len(calls)

    crowd = community(customer("李"), [customer(f"成员{i}") for i in range(20)], name="大群")
    assert queries(crowd.id) == queries(group.id)  # the levels come with the member rows


@pytest.mark.parametrize("days, zombie", [(59, False), (60, True), (61, True)])
def test_zombie_when_nobody_bought_in_the_last_60_days(db, days, zombie):
    # "the 60 days up to D" are D-60 < day <= D, so a purchase exactly 60 days back is too old
    leader, member = customer("王丽"), customer("张伟")
    visit(member, days_ago(days))
    group = community(leader, [member])
    assert info(group).zombie is zombie


def test_a_recent_purchase_by_the_leader_keeps_the_community_alive(db):
    leader, member = customer("王丽"), customer("张伟")
    visit(leader, days_ago(5))
    group = community(leader, [member])
    assert info(group).zombie is False


def test_zombie_days_is_a_setting(db):
    leader, member = customer("王丽"), customer("张伟")
    visit(member, days_ago(75))
    group = community(leader, [member])
    assert info(group).zombie is True
    settings.set("community.zombie_days", 90)
    assert info(group).zombie is False


def test_list_as_of_a_past_date(db):
    leader, member = customer("王丽"), customer("张伟")
    community(leader, [member], created=date(2026, 3, 1), name="新群")
    assert svc.list_communities(as_of=date(2026, 2, 28)) == []
    assert [c.name for c in svc.list_communities(as_of=date(2026, 3, 1))] == ["新群"]


def test_archived_flag_is_as_of_the_archive_date(db):
    group = community(customer("王丽"), [customer("张伟")])
    Community.update(archived=True, archived_on=date(2026, 5, 1)).execute()
    assert info(group, date(2026, 4, 30)).archived is False
    assert info(group).archived is True and info(group).zombie is False
    assert svc.list_communities(include_archived=False) == []


def test_communities_of_a_customer(db):
    wang, zhang = customer("王丽"), customer("张伟")
    community(wang, [zhang], name="王丽的群", joined=date(2025, 5, 1))
    community(zhang, [], name="张伟的群", created=date(2025, 6, 1))
    links = svc.communities_of(zhang.id)
    assert [(link.name, link.role, link.leader_name) for link in links] == [
        ("张伟的群", "leader", "张伟"),
        ("王丽的群", "member", "王丽"),
    ]
    assert links[1].joined == date(2025, 5, 1)


# --- 大C and 小c ------------------------------------------------------------------------------


def test_big_c_leads_a_community_with_members_or_is_flagged(db):
    leader, member, lonely, flagged = customer("王丽"), customer("张伟"), customer("孤"), customer("旗")
    community(leader, [member], joined=date(2026, 3, 1))
    community(lonely, [])
    Customer.update(big_c_flag=True).where(Customer.id == flagged.id).execute()
    assert svc.big_c_ids() == {leader.id, flagged.id}
    assert svc.is_big_c(leader.id) and svc.is_big_c(flagged.id)
    assert not svc.is_big_c(lonely.id) and not svc.is_big_c(member.id)
    assert not svc.is_big_c(leader.id, as_of=date(2026, 2, 28))  # no members yet
    assert svc.big_c_ids(as_of=date(2026, 2, 28)) == {flagged.id}


def test_an_archived_community_does_not_make_a_big_c(db):
    leader, member = customer("王丽"), customer("张伟")
    group = community(leader, [member])
    assert svc.is_big_c(leader.id)
    community_changes.archive_community(group.id)
    assert not svc.is_big_c(leader.id)
    assert svc.big_c_ids() == set()
    assert svc.is_big_c(leader.id, as_of=D - timedelta(days=1))  # archived today, not before
    assert svc.serving_big_c(member.id) is None


def test_serving_big_c_is_the_leader_of_the_earliest_joined_community(db):
    first, second, member = customer("先"), customer("后"), customer("小c")
    community(second, [member], joined=date(2025, 8, 1))
    community(first, [member], joined=date(2025, 3, 1))
    assert svc.serving_big_c(member.id).name == "先"
    assert svc.serving_big_c(member.id, as_of=date(2025, 5, 1)).name == "先"
    assert svc.serving_big_c(member.id, as_of=date(2025, 2, 1)) is None
    assert svc.serving_big_c(first.id) is None


def test_serving_big_c_skips_communities_the_customer_left(db):
    first, second, member = customer("先"), customer("后"), customer("小c")
    g1 = community(first, [member], joined=date(2025, 3, 1))
    community(second, [member], joined=date(2025, 8, 1))
    community_changes.remove_member(g1.id, member.id, left=date(2026, 1, 1))
    assert svc.serving_big_c(member.id).name == "后"


def test_serving_big_c_is_never_the_customer_themselves(db):
    leader = customer("王丽")
    group = community(leader, [customer("张伟")])
    Membership.create(community=group, customer=leader, joined=date(2024, 1, 1))
    assert svc.serving_big_c(leader.id) is None


def test_serving_big_c_many_agrees_with_serving_big_c(db):
    first, second, third = customer("先"), customer("后"), customer("再")
    a, b, c, loner = customer("甲"), customer("乙"), customer("丙"), customer("独")
    community(second, [a, b], joined=date(2025, 8, 1))
    community(first, [a], joined=date(2025, 3, 1))
    archived = community(third, [c], joined=date(2025, 1, 1))
    Community.update(archived=True, archived_on=date(2026, 1, 1)).where(Community.id == archived.id).execute()
    everyone = [first, second, third, a, b, c, loner]
    for as_of in (date(2025, 6, 1), D):
        expected = {p.id: svc.serving_big_c(p.id, as_of) for p in everyone}
        assert svc.serving_big_c_many(as_of=as_of) == {k: v for k, v in expected.items() if v is not None}
    assert svc.serving_big_c_many([a.id, loner.id]) == {a.id: svc.serving_big_c(a.id)}
    assert svc.serving_big_c_many(as_of=date(2025, 6, 1))[c.id].name == "再"
