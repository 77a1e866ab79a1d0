"""PIN hashes and the wait after wrong PINs (SPEC 8).

New and changed PINs are stored as argon2id hashes. PINs stored by earlier
versions as ``pbkdf2_sha256$…`` still verify and are replaced by an argon2id
hash at the next right PIN, as are argon2 hashes made with other parameters.

Wrong PINs in a row are counted in the staff table, so restarting the app
does not reset them. After :data:`FREE_TRIES` wrong PINs, each further try
waits longer (:func:`wait_after`); a try during the wait is refused without
checking the PIN. A right PIN resets the count.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
from datetime import timedelta

from crm import clock
from crm.db import database
from crm.errors import PinLocked, WrongPin
from crm.models import Staff

LEGACY_PREFIX = "pbkdf2_sha256$"


@functools.cache
def hasher():
    """The PIN hasher, made (and its library imported, about 15 ms) with the first PIN hashed
    or checked rather than with the app.

    A PIN has 4 to 8 digits, so a stolen hash falls to a search of at most 10^8 PINs whatever the
    cost; the hash only slows that down, while the wait below guards the counter. These parameters
    keep a sign-in on an old shop PC well under half a second: measured 0.12 s per verification on
    two cores of a 2 GHz server (RFC 9106's low-memory profile, t=3 and p=4, took 0.22 s there)."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=64 * 1024, parallelism=2)


FREE_TRIES = 5
FIRST_WAIT = 30  # seconds, after the fifth wrong PIN in a row; doubled by each further one
LONGEST_WAIT = 15 * 60


def hash_pin(pin: str) -> str:
    return hasher().hash(pin)


def wait_after(failures: int) -> int:
    """Seconds before the next try after ``failures`` wrong PINs in a row: none for the
    first four, then 30 s, 60 s, 120 s … up to 15 minutes."""
    if failures < FREE_TRIES:
        return 0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** min(failures - FREE_TRIES, 10))


def _legacy_matches(pin: str, stored: str) -> bool:
    try:
        _name, iterations, salt, digest = stored.split("$")
        computed = hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


def matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN behind ``stored`` (argon2id, or an earlier PBKDF2 hash)."""
    if stored.startswith(LEGACY_PREFIX):
        return _legacy_matches(pin, stored)
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return hasher().verify(stored, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return stored.startswith(LEGACY_PREFIX) or hasher().check_needs_rehash(stored)


def seconds_to_wait(row: Staff) -> int:
    """How long before this staff member's PIN is checked again (0: now). A clock put back
    never makes the wait longer than the one their wrong PINs earned."""
    if row.pin_wait_until is None:
        return 0
    left = math.ceil((row.pin_wait_until - clock.now()).total_seconds())
    return max(0, min(left, wait_after(row.pin_failures or 0)))


def check(row: Staff, pin: str) -> bool:
    """One counted try of ``pin`` for the staff member ``row`` (who has a PIN).

    Raises :class:`PinLocked` during a wait, without checking the PIN. A wrong PIN is
    counted and returns False; a right one resets the count, replaces an old hash by one
    with today's parameters, and returns True. Call it outside a transaction: the count
    is committed at once, so a refusal that follows cannot undo it."""
    left = seconds_to_wait(row)
    if left:
        raise PinLocked(row.id, row.name, left)
    if matches(pin, row.pin_hash):
        changes = {}
        if row.pin_failures or row.pin_wait_until is not None:
            changes.update(pin_failures=0, pin_wait_until=None)
        if needs_rehash(row.pin_hash):
            changes["pin_hash"] = hash_pin(pin)
        if changes:
            with database.atomic():
                Staff.update(**changes).where(Staff.id == row.id).execute()
        return True
    with database.atomic():
        # Counted in SQL, so two counters typing at once both count.
        Staff.update(pin_failures=Staff.pin_failures + 1).where(Staff.id == row.id).execute()
        failures = Staff.select(Staff.pin_failures).where(Staff.id == row.id).scalar() or 0
        wait = wait_after(failures)
        if wait:
            until = clock.now() + timedelta(seconds=wait)
            Staff.update(pin_wait_until=until).where(Staff.id == row.id).execute()
    row.pin_failures = failures
    return False


def wrong(row: Staff) -> WrongPin:
    """The error for the wrong PIN just counted by :func:`check`."""
    return WrongPin(row.id, row.name, max(0, FREE_TRIES - (row.pin_failures or 0)))
