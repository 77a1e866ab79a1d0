"""Changing communities: create, edit, archive, change the leader, add and remove
members (SPEC 2.2). Every change checks the actor's permission, runs in one
transaction, leaves an audit entry and refreshes the levels of the leaders whose
led members it moves. Reading them is :mod:`crm.services.communities`.
"""

from __future__ import annotations

from datetime import date

from crm import clock
from crm.db import database
from crm.errors import AlreadyMember, CommunityArchived, InvalidInput, LeaderAsMember, NotMember
from crm.models import Community, Membership
from crm.services import levels as level_service
from crm.services.common import Actor, audit, customer_or_not_found, live_customer, require, row_dict
from crm.services.communities import (
    CommunityInfo,
    Member,
    community_or_not_found,
    get_community,
    members,
    platform_key,
)

PERMISSION = "manage communities"


# Counter work that any staff member does: someone joins or leaves a group. Creating,
# archiving and changing a community's leader stay with the owner and managers.
MEMBERS = "change community members"


NAME_MAX = 100


def _open_community(community_id: int) -> Community:
    group = community_or_not_found(community_id)
    if group.archived:
        raise CommunityArchived(group.id, group.name)
    return group


def _text(value: str, field: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(field, "must not be empty")
    if len(value) > limit:
        raise InvalidInput(field, f"must be at most {limit} characters")
    return value


def _platform(value: str) -> str:
    """The platform's key, from a key or either language's name ("" for none)."""
    key = platform_key(value)
    if key is None:
        raise InvalidInput("platform", "is not one of the platforms on the list")
    return key


def _not_future(day: date, field: str) -> date:
    if day > clock.today():
        raise InvalidInput(field, f"{day.isoformat()} is in the future")
    return day


def _refresh(*leader_ids: int | None) -> None:
    level_service.refresh_customers([i for i in leader_ids if i is not None])


def create_community(
    name: str,
    leader_id: int,
    platform: str = "",
    created: date | None = None,
    note: str = "",
    actor: Actor | None = None,
) -> CommunityInfo:
    require(actor, PERMISSION)
    name = _text(name, "name", NAME_MAX, required=True)
    platform = _platform(platform)
    note = (note or "").strip()
    created = _not_future(created or clock.today(), "created")
    with database.atomic():
        live_customer(leader_id, "leader")
        group = Community.create(name=name, platform=platform, leader=leader_id, created=created, note=note)
        audit(actor, "community", group.id, "create", None, row_dict(group))
    return get_community(group.id)


def update_community(
    community_id: int,
    *,
    name: str | None = None,
    platform: str | None = None,
    note: str | None = None,
    created: date | None = None,
    actor: Actor | None = None,
) -> CommunityInfo:
    """Change the name, platform, note or created date (None leaves a field as it is)."""
    require(actor, PERMISSION)
    changes: dict = {}
    if name is not None:
        changes["name"] = _text(name, "name", NAME_MAX, required=True)
    if platform is not None:
        changes["platform"] = _platform(platform)
    if note is not None:
        changes["note"] = note.strip()
    if created is not None:
        changes["created"] = _not_future(created, "created")
    with database.atomic():
        group = community_or_not_found(community_id)
        before = {k: getattr(group, k) for k in changes}
        changes = {k: v for k, v in changes.items() if before[k] != v}
        if changes:
            Community.update(**changes).where(Community.id == community_id).execute()
            audit(actor, "community", community_id, "update", {k: before[k] for k in changes}, changes)
            if "created" in changes:  # whether the community existed on a day changes
                _refresh(group.leader_id)
    return get_community(community_id)


def rename_community(community_id: int, name: str, actor: Actor | None = None) -> CommunityInfo:
    return update_community(community_id, name=name, actor=actor)


def archive_community(community_id: int, actor: Actor | None = None) -> CommunityInfo:
    """Archive the community as of today; its leader no longer leads it for levels and 大C."""
    require(actor, PERMISSION)
    with database.atomic():
        group = community_or_not_found(community_id)
        if not group.archived:
            today = clock.today()
            Community.update(archived=True, archived_on=today).where(Community.id == community_id).execute()
            audit(actor, "community", community_id, "archive", {"archived": False}, {"archived_on": today})
            _refresh(group.leader_id)
    return get_community(community_id)


def unarchive_community(community_id: int, actor: Actor | None = None) -> CommunityInfo:
    require(actor, PERMISSION)
    with database.atomic():
        group = community_or_not_found(community_id)
        if group.archived:
            Community.update(archived=False, archived_on=None).where(Community.id == community_id).execute()
            audit(
                actor,
                "community",
                community_id,
                "unarchive",
                {"archived_on": group.archived_on},
                {"archived": False},
            )
            _refresh(group.leader_id)
    return get_community(community_id)


def set_leader(community_id: int, customer_id: int, actor: Actor | None = None) -> CommunityInfo:
    """Make ``customer_id`` the leader. A member promoted to leader leaves the
    member list today (a leader is never a member of their own community)."""
    require(actor, PERMISSION)
    with database.atomic():
        group = _open_community(community_id)
        live_customer(customer_id, "leader")
        old = group.leader_id
        if old != customer_id:
            today = clock.today()
            Membership.update(left=today).where(
                (Membership.community == community_id)
                & (Membership.customer == customer_id)
                & Membership.left.is_null()
            ).execute()
            Community.update(leader=customer_id).where(Community.id == community_id).execute()
            audit(
                actor, "community", community_id, "set_leader", {"leader_id": old}, {"leader_id": customer_id}
            )
            _refresh(old, customer_id)
    return get_community(community_id)


def add_member(
    community_id: int, customer_id: int, joined: date | None = None, actor: Actor | None = None
) -> Member:
    """Add a member from ``joined`` (default today). Someone who left may rejoin:
    that is a new membership, from on or after the day they left."""
    require(actor, MEMBERS)
    joined = _not_future(joined or clock.today(), "joined")
    with database.atomic():
        group = _open_community(community_id)
        customer_name = live_customer(customer_id).name
        if group.leader_id == customer_id:
            raise LeaderAsMember(customer_name, group.name)
        previous = list(
            Membership.select(Membership.joined, Membership.left)
            .where((Membership.community == community_id) & (Membership.customer == customer_id))
            .order_by(Membership.joined.desc())
            .tuples()
        )
        for was_joined, was_left in previous:
            if was_left is None:
                raise AlreadyMember(customer_name, group.name, was_joined)
            if was_left > joined:
                raise InvalidInput(
                    "joined",
                    f"{customer_name} was a member until {was_left.isoformat()}; "
                    "a new membership starts on or after that day",
                )
        row = Membership.create(community=community_id, customer=customer_id, joined=joined)
        audit(actor, "membership", row.id, "add", None, row_dict(row))
        _refresh(group.leader_id)
    return next(m for m in members(community_id, include_former=True) if m.membership_id == row.id)


def remove_member(
    community_id: int, customer_id: int, left: date | None = None, actor: Actor | None = None
) -> Member:
    """End the customer's open membership on ``left`` (default today): a member
    up to the day before, not from that day on."""
    require(actor, MEMBERS)
    left = _not_future(left or clock.today(), "left")
    with database.atomic():
        group = community_or_not_found(community_id)
        customer_name = customer_or_not_found(customer_id).name
        row = Membership.get_or_none(
            (Membership.community == community_id)
            & (Membership.customer == customer_id)
            & Membership.left.is_null()
        )
        if row is None:
            raise NotMember(customer_name, group.name)
        if left < row.joined:
            raise InvalidInput("left", f"must be on or after the day they joined, {row.joined.isoformat()}")
        Membership.update(left=left).where(Membership.id == row.id).execute()
        audit(actor, "membership", row.id, "remove", {"left": None}, {"left": left})
        _refresh(group.leader_id)
    return next(m for m in members(community_id, include_former=True) if m.membership_id == row.id)
