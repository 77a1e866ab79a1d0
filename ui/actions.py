"""Every user action that changes the shop, in one place.

A page asks an :class:`Actions` method to do something; the method calls the
service as the signed-in staff member, then publishes what changed on the one
:attr:`Actions.changed` signal. Every page listens there and reads again what
it shows (see :class:`ui.views.page.Page`), the page that asked included, so no
page tells another what to reload and none hides its own echo.

Errors are the services' typed errors; the caller shows them (the action has
changed nothing then, and publishes nothing).

Each action imports its service when it is first used, so opening the window imports none
of them (SPEC 7, start to a usable list).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from crm.services.changes import Changes
from crm.services.purchase_limit import LargePurchase

if TYPE_CHECKING:
    from crm.services import communities, customers, shop_setup, staff, suggestions, tasks, visits
    from ui.context import AppContext


class Actions(QObject):
    changed = Signal(object)  # a crm.services.changes.Changes

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx

    # --- the one way out --------------------------------------------------------------

    def publish(self, changes: Changes) -> None:
        """Tell every page what changed (also for work done off the GUI thread, such as an import)."""
        if changes:
            self.changed.emit(changes)

    def levels_refreshed(self, moved: int) -> None:
        """A full level refresh ran off the GUI thread (at start-up, after new rules) and moved
        ``moved`` customers: any customer may show another level now."""
        self.publish(Changes(every_customer=moved > 0))

    def lifetime_fitted(self) -> None:
        """A new fit of the lifetime models was stored off the GUI thread (Settings → Lifetime,
        or after the start-up refresh): every customer's outlook may read otherwise now."""
        self.publish(Changes(lifetime=True))

    def _run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        changes: Changes | Callable[[Any], Changes] | None = None,
        **kwargs: Any,
    ) -> Any:
        """Call ``fn`` as the signed-in staff member and publish the result's
        ``changes``; for services whose result does not say, ``changes`` does
        (or builds it from the result)."""
        result = fn(*args, actor=self.ctx.actor, **kwargs)
        said = getattr(result, "changes", None)
        if not isinstance(said, Changes):
            said = changes(result) if callable(changes) else changes or Changes()
        self.publish(said)
        return result

    # --- visits -----------------------------------------------------------------------

    def log_visit(
        self, customer_id: int, confirm: Callable[[LargePurchase], bool] | None = None, **kwargs: Any
    ) -> visits.VisitResult | None:
        """As :func:`crm.services.visits.log_visit` (amount, kind, at, staff_id, note ...). An
        amount above the shop's limit is booked when ``confirm`` says yes to it, and not (None)
        when it says no; without ``confirm`` it is refused with :class:`LargePurchase`."""
        from crm.services import visits

        try:
            return self._run(visits.log_visit, customer_id, **kwargs)
        except LargePurchase as exc:
            if confirm is None:
                raise
            if not confirm(exc):
                return None
        return self._run(visits.log_visit, customer_id, confirm_large=True, **kwargs)

    def delete_visit(self, visit_id: int, reason: str) -> visits.VisitRemoved:
        from crm.services import visits

        return self._run(visits.delete_visit, visit_id, reason)

    def restore_visit(self, audit_entry: int) -> visits.VisitResult:
        from crm.services import visits

        return self._run(visits.restore_visit, audit_entry)

    # --- customers ----------------------------------------------------------------------

    def create_customer(self, name: str, phone: str | None = None, **kwargs: Any) -> customers.CustomerInfo:
        from crm.services import customers

        return self._run(
            customers.create_customer, name, phone, changes=lambda info: _customer(info.id), **kwargs
        )

    def update_customer(self, customer_id: int, **fields: Any) -> customers.CustomerInfo:
        from crm.services import customers

        return self._run(customers.update_customer, customer_id, changes=_customer(customer_id), **fields)

    def set_big_c_flag(self, customer_id: int, flag: bool) -> customers.CustomerInfo:
        from crm.services import customers

        return self._run(customers.set_big_c_flag, customer_id, flag, changes=_customer(customer_id))

    def archive_customer(self, customer_id: int) -> customers.CustomerInfo:
        from crm.services import customers

        return self._run(customers.archive_customer, customer_id, changes=_customer(customer_id))

    def unarchive_customer(self, customer_id: int) -> customers.CustomerInfo:
        from crm.services import customers

        return self._run(customers.unarchive_customer, customer_id, changes=_customer(customer_id))

    def set_referrer(self, customer_id: int, referrer_id: int | None) -> Any:
        from crm.services import referrals

        return self._run(referrals.set_referrer, customer_id, referrer_id, changes=_customer(customer_id))

    def pin_level(self, customer_id: int, level: str | int, reason: str, until=None) -> list[int]:
        from crm.services import customer_level

        return self._run(
            customer_level.pin_level, customer_id, level, reason, until, changes=_customer(customer_id)
        )

    def unpin_level(self, customer_id: int) -> list[int]:
        from crm.services import customer_level

        return self._run(customer_level.unpin_level, customer_id, changes=_customer(customer_id))

    # --- communities ---------------------------------------------------------------------

    def create_community(self, name: str, leader_id: int, **kwargs: Any) -> communities.CommunityInfo:
        from crm.services import community_changes

        return self._run(community_changes.create_community, name, leader_id, changes=_community(), **kwargs)

    def update_community(self, community_id: int, **kwargs: Any) -> communities.CommunityInfo:
        from crm.services import community_changes

        return self._run(community_changes.update_community, community_id, changes=_community(), **kwargs)

    def archive_community(self, community_id: int) -> communities.CommunityInfo:
        from crm.services import community_changes

        return self._run(community_changes.archive_community, community_id, changes=_community())

    def unarchive_community(self, community_id: int) -> communities.CommunityInfo:
        from crm.services import community_changes

        return self._run(community_changes.unarchive_community, community_id, changes=_community())

    def set_leader(self, community_id: int, customer_id: int) -> communities.CommunityInfo:
        from crm.services import community_changes

        return self._run(community_changes.set_leader, community_id, customer_id, changes=_community())

    def add_member(self, community_id: int, customer_id: int, **kwargs: Any) -> communities.Member:
        from crm.services import community_changes

        return self._run(
            community_changes.add_member, community_id, customer_id, changes=_community(), **kwargs
        )

    def remove_member(self, community_id: int, customer_id: int, **kwargs: Any) -> communities.Member:
        from crm.services import community_changes

        return self._run(
            community_changes.remove_member, community_id, customer_id, changes=_community(), **kwargs
        )

    # --- follow-up tasks (each result says what it changed: the customer, and the 大C it goes via) ---

    def create_task(self, customer_id: int, kind: str, due=None, **kwargs: Any) -> tasks.TaskInfo:
        from crm.services import tasks

        return self._run(tasks.create_task, customer_id, kind, due, **kwargs)

    def complete_task(self, task_id: int, outcome: str = "") -> tasks.TaskInfo:
        from crm.services import tasks

        return self._run(tasks.complete_task, task_id, outcome)

    def skip_task(self, task_id: int, reason: str = "") -> tasks.TaskInfo:
        from crm.services import tasks

        return self._run(tasks.skip_task, task_id, reason)

    def reopen_task(self, task_id: int) -> tasks.TaskInfo:
        from crm.services import tasks

        return self._run(tasks.reopen_task, task_id)

    def reassign_task(self, task_id: int, assignee_id: int | None) -> tasks.TaskInfo:
        from crm.services import tasks

        return self._run(tasks.reassign_task, task_id, assignee_id)

    def accept_suggestion(self, suggestion, **kwargs: Any) -> tasks.TaskInfo:
        from crm.services import suggestions

        return self._run(suggestions.accept_suggestion, suggestion, **kwargs)

    def dismiss_suggestion(self, suggestion) -> suggestions.Dismissed:
        from crm.services import suggestions

        return self._run(suggestions.dismiss_suggestion, suggestion)

    # --- settings and staff -----------------------------------------------------------------

    def set_settings(self, values: dict[str, Any]) -> None:
        """Shop settings. New level rules move no stored level by themselves: the recompute
        that follows says what moved (:meth:`levels_refreshed`)."""
        from crm.services import settings

        return self._run(settings.set_many, values, changes=Changes(settings=True))

    def create_staff(self, name: str, role: str = "staff", pin: str | None = None) -> staff.StaffInfo:
        from crm.services import staff

        return self._run(staff.create_staff, name, role, pin, changes=Changes(staff=True))

    def update_staff(self, staff_id: int, **kwargs: Any) -> staff.StaffInfo:
        from crm.services import staff

        return self._run(staff.update_staff, staff_id, changes=Changes(staff=True), **kwargs)

    def deactivate_staff(self, staff_id: int) -> staff.StaffInfo:
        from crm.services import staff

        return self._run(staff.deactivate_staff, staff_id, changes=Changes(staff=True))

    def reactivate_staff(self, staff_id: int) -> staff.StaffInfo:
        from crm.services import staff

        return self._run(staff.reactivate_staff, staff_id, changes=Changes(staff=True))

    def set_up_shop(self, setup: shop_setup.ShopSetup) -> staff.StaffInfo:
        """A new shop's settings and its owner, all or nothing (nobody is signed in yet)."""
        from crm.services import shop_setup

        owner = shop_setup.set_up(setup)
        self.publish(Changes(settings=True, staff=True))
        return owner

    def change_own_pin(self, staff_id: int, old_pin: str | None, new_pin: str | None) -> staff.StaffInfo:
        """One's own PIN, whatever one's role: the current PIN (when there is one) says who they are."""
        from crm.services import staff

        info = staff.change_own_pin(staff_id, old_pin, new_pin)
        self.publish(Changes(staff=True))
        return info


def _customer(customer_id: int) -> Changes:
    # Levels follow referrals, communities and flags: others' may move with this one.
    return Changes.of([customer_id], every_customer=True)


def _community() -> Changes:
    # A leader's or member's level may move with the community.
    return Changes(communities=True, every_customer=True)
