"""``shopcircle-cli reset-pin``: the way back for an owner who forgot their PIN.

The command line acts as the owner of the file it opens (SPEC 8): whoever can
open the database file already holds everything in it, so setting a PIN here
gives nothing away. The new PIN is asked twice without echo, or given with
``--pin`` when there is no terminal (a script).
"""

from __future__ import annotations

import getpass
import sys


def add_commands(commands) -> None:
    reset = commands.add_parser(
        "reset-pin", help="set a staff member's PIN (an owner who forgot theirs); clears the wait"
    )
    reset.add_argument("name", metavar="NAME", help="the staff member's name (or #id)")
    reset.add_argument("--pin", metavar="PIN", help="the new PIN (4-8 digits); asked for when omitted")


def _staff_member(name: str):
    from crm.errors import InvalidInput, NotFound
    from crm.services import staff

    people = staff.list_staff(include_inactive=True)
    if name.startswith("#") and name[1:].isdigit():
        found = [p for p in people if p.id == int(name[1:])]
    else:
        found = [p for p in people if p.name.casefold() == name.strip().casefold()]
    if not found:
        raise NotFound("staff member", name)
    if len(found) > 1:
        ids = ", ".join(f"#{p.id}" for p in found)
        raise InvalidInput("name", f"{len(found)} staff members are called {name}; give one of {ids}")
    return found[0]


def _ask_pin() -> str:
    from crm.errors import InvalidInput

    if not sys.stdin.isatty():
        raise InvalidInput("pin", "give the new PIN with --pin when there is no terminal to ask in")
    first = getpass.getpass("New PIN: ")
    if getpass.getpass("The same PIN again: ") != first:
        raise InvalidInput("pin", "the two PINs differ; nothing changed")
    return first


def cmd_reset_pin(args) -> int:
    from crm.db import open_database
    from crm.services import staff

    open_database(args.db, create=False)
    person = _staff_member(args.name)
    pin = args.pin if args.pin is not None else _ask_pin()
    staff.update_staff(person.id, pin=pin, actor=None)
    print(f"{person.name}'s PIN is set; they can sign in with it now.")
    return 0


COMMANDS = {"reset-pin": cmd_reset_pin}
