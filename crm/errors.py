"""Typed errors raised by the services.

Each carries the facts a caller needs; ``str(error)`` is a one-line English
sentence for the command line, and the desktop app builds its own translated
sentence from the attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar, dataclass_transform


def fill(template: str, values: tuple[str, ...]) -> str:
    """A message template's %1, %2 … replaced by ``values`` (the app translates the template first)."""
    for index in reversed(range(len(values))):  # %10 before %1
        template = template.replace(f"%{index + 1}", str(values[index]))
    return template


class ShopError(Exception):
    """A user's mistake or a refused action: shown as a message, never a traceback.

    A subclass declared with :func:`shop_error` lists its facts once, as fields; its ``args`` are
    those fields in order and ``message`` (a ``str.format`` template over them) is its ``str()``.
    """

    message: ClassVar[str] = ""

    def __post_init__(self) -> None:
        self.args = tuple(getattr(self, field.name) for field in fields(self))

    def __str__(self) -> str:
        if self.message:
            return self.message.format_map(vars(self))
        return self.args[0] if self.args else self.__class__.__name__


@dataclass_transform()
def shop_error(cls: type[ShopError]) -> type[ShopError]:
    """Makes ``cls`` a dataclass over its fields that still compares and prints like an exception."""
    return dataclass(eq=False, repr=False)(cls)


@shop_error
class InvalidInput(ShopError):
    field: str
    reason: str
    message = "{field}: {reason}"


class InvalidPhone(InvalidInput):
    def __init__(self, phone: str, region: str):
        super().__init__("phone", f"{phone!r} is not a valid phone number for region {region}")
        self.phone = phone
        self.region = region


@shop_error
class DuplicatePhone(ShopError):
    phone: str
    customer_id: int
    customer_name: str
    customer_code: str
    message = "phone {phone} already belongs to {customer_name} ({customer_code})"


@shop_error
class DuplicateCode(ShopError):
    code: str
    customer_id: int
    customer_name: str
    message = "code {code} already belongs to {customer_name} (#{customer_id})"


@shop_error
class NotFound(ShopError):
    entity: str
    key: object
    message = "no {entity} {key}"


@shop_error
class SelfReferral(ShopError):
    customer_id: int
    customer_name: str
    message = "{customer_name} cannot refer themselves"


@shop_error
class ReferralCycle(ShopError):
    """Setting the referrer would close a loop; ``chain`` lists the names around it."""

    chain: list[str]

    def __str__(self) -> str:
        return "referral cycle: " + " → ".join(self.chain)


@shop_error
class NotAllowed(ShopError):
    action: str
    role: str
    message = "a {role} may not {action}"


@shop_error
class ServedByBigC(ShopError):
    """A direct task to a 小c needs confirmation: they are served through their 大C."""

    customer_name: str
    leader_id: int
    leader_name: str
    message = "{customer_name} is served by 大C {leader_name}; confirm to contact them directly anyway"


@shop_error
class DatabaseUnavailable(ShopError):
    location: str  # kept without its password: errors are printed and logged
    reason: str
    message = "cannot open database {location}: {reason}"

    def __post_init__(self) -> None:
        self.location = without_password(self.location)
        super().__post_init__()


def without_password(location: str) -> str:
    """A database location fit to print: a server address's password replaced by ••••."""
    from urllib.parse import urlparse, urlunparse

    if "://" not in location:
        return location
    parsed = urlparse(location)
    if not parsed.password:
        return location
    return urlunparse(parsed._replace(netloc=parsed.netloc.replace(f":{parsed.password}@", ":••••@", 1)))


@shop_error
class NotEmpty(ShopError):
    what: str
    message = "{what}"


@shop_error
class OpenTaskExists(ShopError):
    """The customer already has an open task of this kind (a suggestion is not duplicated)."""

    task_id: int
    customer_name: str
    kind: str
    message = "{customer_name} already has an open {kind} task (#{task_id})"


@shop_error
class CommunityArchived(ShopError):
    community_id: int
    community_name: str
    message = "community {community_name} is archived"


@shop_error
class AlreadyMember(ShopError):
    customer_name: str
    community_name: str
    joined: object
    message = "{customer_name} is already a member of {community_name} (joined {joined})"


@shop_error
class NotMember(ShopError):
    customer_name: str
    community_name: str
    message = "{customer_name} is not a member of {community_name}"


@shop_error
class LeaderAsMember(ShopError):
    """The leader of a community cannot also be one of its members."""

    customer_name: str
    community_name: str
    message = "{customer_name} leads {community_name} and cannot also be a member of it"


@shop_error
class LastOwner(ShopError):
    """The shop must keep at least one active owner."""

    staff_name: str
    message = "{staff_name} is the last active owner; make someone else owner first"


@shop_error
class StaffInactive(ShopError):
    staff_id: int
    staff_name: str
    message = "staff member {staff_name} is no longer active"


@shop_error
class ShopInUse(ShopError):
    """A shop file that must be moved is open in another program (another window of the app)."""

    location: str
    message = "{location} is open in another ShopCircle window; close it there and try again"


@shop_error
class WrongPin(ShopError):
    """A PIN that is not this staff member's; ``tries_left`` before each further try waits."""

    staff_id: int
    staff_name: str
    tries_left: int
    message = "wrong PIN for {staff_name}"


@shop_error
class PinLocked(ShopError):
    """Too many wrong PINs in a row: no PIN of this staff member is checked for ``seconds``."""

    staff_id: int
    staff_name: str
    seconds: int
    message = "too many wrong PINs for {staff_name}; try again in {seconds} s"


@shop_error
class OwnerPinNeeded(ShopError):
    """Once a shop has two active staff members, every active owner has a PIN."""

    staff_id: int
    staff_name: str
    message = "set a PIN for the owner {staff_name} first: a shop with two or more staff needs it"


@shop_error
class DatabaseBusy(ShopError):
    """Another program (a second counter, a scheduled job) kept the shop's database locked
    for longer than the busy timeout; what was being saved was not saved."""

    location: str
    seconds: float
    message = (
        "the database is busy: another program kept it locked for more than {seconds:g} s;"
        " nothing was saved, try again in a moment"
    )


@shop_error
class DiskFull(ShopError):
    """The disk holding the shop's database (or a file being written) is full."""

    location: str
    message = "the disk is full; free some space and try again (nothing was saved)"


@shop_error
class UnreadableFile(ShopError):
    """A file to import cannot be read: missing, not a table, damaged or too big (``reason``)."""

    path: str
    reason: str
    message = "cannot read {path}: {reason}"
