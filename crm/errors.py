"""Typed errors raised by the services.

Each carries the facts a caller needs; ``str(error)`` is a one-line English
sentence for the command line, and the desktop app builds its own translated
sentence from the attributes.
"""

from __future__ import annotations


def fill(template: str, values: tuple[str, ...]) -> str:
    """A message template's %1, %2 … replaced by ``values`` (the app translates the template first)."""
    for index in reversed(range(len(values))):  # %10 before %1
        template = template.replace(f"%{index + 1}", str(values[index]))
    return template


class ShopError(Exception):
    """A user's mistake or a refused action: shown as a message, never a traceback."""

    def __str__(self) -> str:  # pragma: no cover - subclasses override
        return self.args[0] if self.args else self.__class__.__name__


class InvalidInput(ShopError):
    def __init__(self, field: str, reason: str):
        super().__init__(field, reason)
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class InvalidPhone(InvalidInput):
    def __init__(self, phone: str, region: str):
        super().__init__("phone", f"{phone!r} is not a valid phone number for region {region}")
        self.phone = phone
        self.region = region


class DuplicatePhone(ShopError):
    def __init__(self, phone: str, customer_id: int, customer_name: str):
        super().__init__(phone, customer_id, customer_name)
        self.phone = phone
        self.customer_id = customer_id
        self.customer_name = customer_name

    def __str__(self) -> str:
        return f"phone {self.phone} already belongs to {self.customer_name} (#{self.customer_id})"


class DuplicateCode(ShopError):
    def __init__(self, code: str, customer_id: int, customer_name: str):
        super().__init__(code, customer_id, customer_name)
        self.code = code
        self.customer_id = customer_id
        self.customer_name = customer_name

    def __str__(self) -> str:
        return f"code {self.code} already belongs to {self.customer_name} (#{self.customer_id})"


class NotFound(ShopError):
    def __init__(self, entity: str, key):
        super().__init__(entity, key)
        self.entity = entity
        self.key = key

    def __str__(self) -> str:
        return f"no {self.entity} {self.key}"


class SelfReferral(ShopError):
    def __init__(self, customer_id: int, customer_name: str):
        super().__init__(customer_id, customer_name)
        self.customer_id = customer_id
        self.customer_name = customer_name

    def __str__(self) -> str:
        return f"{self.customer_name} cannot refer themselves"


class ReferralCycle(ShopError):
    """Setting the referrer would close a loop; ``chain`` lists the names around it."""

    def __init__(self, chain: list[str]):
        super().__init__(chain)
        self.chain = chain

    def __str__(self) -> str:
        return "referral cycle: " + " → ".join(self.chain)


class NotAllowed(ShopError):
    def __init__(self, action: str, role: str):
        super().__init__(action, role)
        self.action = action
        self.role = role

    def __str__(self) -> str:
        return f"a {self.role} may not {self.action}"


class ServedByBigC(ShopError):
    """A direct task to a 小c needs confirmation: they are served through their 大C."""

    def __init__(self, customer_name: str, leader_id: int, leader_name: str):
        super().__init__(customer_name, leader_id, leader_name)
        self.customer_name = customer_name
        self.leader_id = leader_id
        self.leader_name = leader_name

    def __str__(self) -> str:
        return (
            f"{self.customer_name} is served by 大C {self.leader_name}; "
            "confirm to contact them directly anyway"
        )


class DatabaseUnavailable(ShopError):
    def __init__(self, location: str, reason: str):
        super().__init__(location, reason)
        self.location = location
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot open database {without_password(self.location)}: {self.reason}"


def without_password(location: str) -> str:
    """A database location fit to print: a server address's password replaced by ••••."""
    from urllib.parse import urlparse, urlunparse

    if "://" not in location:
        return location
    parsed = urlparse(location)
    if not parsed.password:
        return location
    return urlunparse(parsed._replace(netloc=parsed.netloc.replace(f":{parsed.password}@", ":••••@", 1)))


class NotEmpty(ShopError):
    def __init__(self, what: str):
        super().__init__(what)
        self.what = what

    def __str__(self) -> str:
        return self.what


class OpenTaskExists(ShopError):
    """The customer already has an open task of this kind (a suggestion is not duplicated)."""

    def __init__(self, task_id: int, customer_name: str, kind: str):
        super().__init__(task_id, customer_name, kind)
        self.task_id = task_id
        self.customer_name = customer_name
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.customer_name} already has an open {self.kind} task (#{self.task_id})"


class CommunityArchived(ShopError):
    def __init__(self, community_id: int, community_name: str):
        super().__init__(community_id, community_name)
        self.community_id = community_id
        self.community_name = community_name

    def __str__(self) -> str:
        return f"community {self.community_name} is archived"


class AlreadyMember(ShopError):
    def __init__(self, customer_name: str, community_name: str, joined):
        super().__init__(customer_name, community_name, joined)
        self.customer_name = customer_name
        self.community_name = community_name
        self.joined = joined

    def __str__(self) -> str:
        return f"{self.customer_name} is already a member of {self.community_name} (joined {self.joined})"


class NotMember(ShopError):
    def __init__(self, customer_name: str, community_name: str):
        super().__init__(customer_name, community_name)
        self.customer_name = customer_name
        self.community_name = community_name

    def __str__(self) -> str:
        return f"{self.customer_name} is not a member of {self.community_name}"


class LeaderAsMember(ShopError):
    """The leader of a community cannot also be one of its members."""

    def __init__(self, customer_name: str, community_name: str):
        super().__init__(customer_name, community_name)
        self.customer_name = customer_name
        self.community_name = community_name

    def __str__(self) -> str:
        return f"{self.customer_name} leads {self.community_name} and cannot also be a member of it"


class LastOwner(ShopError):
    """The shop must keep at least one active owner."""

    def __init__(self, staff_name: str):
        super().__init__(staff_name)
        self.staff_name = staff_name

    def __str__(self) -> str:
        return f"{self.staff_name} is the last active owner; make someone else owner first"


class StaffInactive(ShopError):
    def __init__(self, staff_id: int, staff_name: str):
        super().__init__(staff_id, staff_name)
        self.staff_id = staff_id
        self.staff_name = staff_name

    def __str__(self) -> str:
        return f"staff member {self.staff_name} is no longer active"


class ShopInUse(ShopError):
    """A shop file that must be moved is open in another program (another window of the app)."""

    def __init__(self, location: str):
        super().__init__(location)
        self.location = location

    def __str__(self) -> str:
        return f"{self.location} is open in another ShopCircle window; close it there and try again"


class WrongPin(ShopError):
    """A PIN that is not this staff member's; ``tries_left`` before each further try waits."""

    def __init__(self, staff_id: int, staff_name: str, tries_left: int):
        super().__init__(staff_id, staff_name, tries_left)
        self.staff_id = staff_id
        self.staff_name = staff_name
        self.tries_left = tries_left

    def __str__(self) -> str:
        return f"wrong PIN for {self.staff_name}"


class PinLocked(ShopError):
    """Too many wrong PINs in a row: no PIN of this staff member is checked for ``seconds``."""

    def __init__(self, staff_id: int, staff_name: str, seconds: int):
        super().__init__(staff_id, staff_name, seconds)
        self.staff_id = staff_id
        self.staff_name = staff_name
        self.seconds = seconds

    def __str__(self) -> str:
        return f"too many wrong PINs for {self.staff_name}; try again in {self.seconds} s"


class OwnerPinNeeded(ShopError):
    """Once a shop has two active staff members, every active owner has a PIN."""

    def __init__(self, staff_id: int, staff_name: str):
        super().__init__(staff_id, staff_name)
        self.staff_id = staff_id
        self.staff_name = staff_name

    def __str__(self) -> str:
        return f"set a PIN for the owner {self.staff_name} first: a shop with two or more staff needs it"


class DatabaseBusy(ShopError):
    """Another program (a second counter, a scheduled job) kept the shop's database locked
    for longer than the busy timeout; what was being saved was not saved."""

    def __init__(self, location: str, seconds: float):
        super().__init__(location, seconds)
        self.location = location
        self.seconds = seconds

    def __str__(self) -> str:
        return (
            f"the database is busy: another program kept it locked for more than {self.seconds:g} s;"
            " nothing was saved, try again in a moment"
        )


class DiskFull(ShopError):
    """The disk holding the shop's database (or a file being written) is full."""

    def __init__(self, location: str):
        super().__init__(location)
        self.location = location

    def __str__(self) -> str:
        return "the disk is full; free some space and try again (nothing was saved)"


class UnreadableFile(ShopError):
    """A file to import cannot be read: missing, not a table, damaged or too big (``reason``)."""

    def __init__(self, path: str, reason: str):
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot read {self.path}: {self.reason}"
