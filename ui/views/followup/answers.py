"""Accepting or dismissing several suggestions at once: each one on its own, the
refused ones kept with why, and what changed put together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from crm.errors import OpenTaskExists, ShopError
from crm.services.changes import Changes
from crm.services.suggestions import Suggestion
from crm.services.tasks import TaskInfo

ACCEPT, DISMISS = "accept", "dismiss"


@dataclass
class Answered:
    kind: str  # ACCEPT or DISMISS
    done: list[Suggestion] = field(default_factory=list)
    refused: list[tuple[Suggestion, ShopError]] = field(default_factory=list)
    created: list[TaskInfo] = field(default_factory=list)  # the tasks accepting made
    changes: Changes = field(default_factory=Changes)

    def settled(self) -> Callable[[Suggestion], bool]:
        """Which suggestions no longer stand: an accepted one's customer has an open task of that
        kind now (a refusal for an open task already there says so too); a dismissed occasion is
        hidden for good."""
        if self.kind == DISMISS:
            occasions = {(s.rule, s.customer_id, s.anchor) for s in self.done}
            return lambda s: (s.rule, s.customer_id, s.anchor) in occasions
        kinds = {(s.customer_id, s.kind) for s in self.done}
        kinds |= {(s.customer_id, s.kind) for s, exc in self.refused if isinstance(exc, OpenTaskExists)}
        return lambda s: (s.customer_id, s.kind) in kinds


def answer_each(kind: str, chosen: list[Suggestion], answer: Callable[[Suggestion], Any]) -> Answered:
    """``answer`` each suggestion (accept or dismiss it); a refusal does not stop the others."""
    answered = Answered(kind)
    for suggestion in chosen:
        try:
            result = answer(suggestion)
        except ShopError as exc:
            answered.refused.append((suggestion, exc))
            continue
        answered.done.append(suggestion)
        answered.changes |= result.changes
        if isinstance(result, TaskInfo):
            answered.created.append(result)
    return answered
