"""What the communities page reads: every community (archived ones too) with the
zombie threshold, and one community again after it changed."""

from __future__ import annotations

from dataclasses import dataclass

from crm.errors import NotFound
from crm.services import communities, settings
from crm.services.communities import CommunityInfo


@dataclass(frozen=True)
class CommunityList:
    communities: list[CommunityInfo]  # archived ones too
    zombie_days: int


def community_or_none(community_id: int) -> CommunityInfo | None:
    try:
        return communities.get_community(community_id)
    except NotFound:
        return None


def load_communities() -> CommunityList:
    return CommunityList(
        communities.list_communities(include_archived=True), int(settings.get("community.zombie_days"))
    )
