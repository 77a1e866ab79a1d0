"""``shopcircle-cli customer-data`` and ``erase``: one customer's privacy requests; and
``customers export``: the customer list, as the Customers page filters it.

Registered by :mod:`crm.cli`; like every command they act as the owner of the file.
"""

from __future__ import annotations

import argparse
from functools import partial

from crm.plural import counted


def _level(text: str) -> int:
    from crm.levels import LEVELS

    key = text.strip().lower().replace("-", "_")
    if key not in LEVELS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a level; use {', '.join(LEVELS)}")
    return LEVELS.index(key)


def add_commands(commands) -> None:
    customers = commands.add_parser("customers", help="the customer list (customers export --help)")
    # Like every command, its own takes --db after it too.
    parser_class = type(customers)  # crm.cli's: a mistake is one line, exit 2
    after = parser_class(add_help=False)
    after.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    what = customers.add_subparsers(
        dest="customers_command",
        metavar="COMMAND",
        required=True,
        parser_class=partial(parser_class, parents=[after]),
    )
    export = what.add_parser(
        "export",
        help="write the customer list, as the Customers page filters it, to .xlsx or .csv",
        description="The customers the Customers page lists for these filters (archived customers"
        " left out), latest purchase first.",
    )
    export.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx or FILE.csv")
    export.add_argument(
        "--level",
        type=_level,
        nargs="+",
        action="extend",
        default=[],
        metavar="KEY",
        help="only these levels: none, micro, weak, strong, super_strong",
    )
    export.add_argument("--community", metavar="NAME", help="only the leader and members of this community")
    export.add_argument("--tag", metavar="TAG", help="only customers with this tag")
    export.add_argument("--lang", choices=("en", "zh_CN"), default=None, help="headers (default: the shop's)")

    data = commands.add_parser(
        "customer-data", help="write everything the shop holds about one customer (.json or .xlsx)"
    )
    data.add_argument("code", metavar="CODE", help="the customer's code (or phone)")
    data.add_argument("--out", required=True, metavar="FILE", help="FILE.json or FILE.xlsx")
    data.add_argument("--lang", choices=("en", "zh_CN"), default=None, help="workbook labels")
    erase = commands.add_parser(
        "erase",
        help="erase one customer's personal data for good (visits stay, anonymous); needs --yes",
    )
    erase.add_argument("code", metavar="CODE", help="the customer's code (or phone)")
    erase.add_argument("--yes", action="store_true", help="really erase (it cannot be undone)")


def _customer(code: str):
    from crm.errors import InvalidInput, NotFound
    from crm.services.customers import find_by_code, find_by_phone

    found = find_by_code(code)
    if found is None:
        try:
            found = find_by_phone(code)
        except InvalidInput:
            found = None
    if found is None:
        raise NotFound("customer", code)
    return found


def cmd_customer_data(args) -> int:
    from crm.db import open_database
    from crm.io.customer_data import write_customer_data

    open_database(args.db, create=False)
    customer = _customer(args.code)
    path = write_customer_data(customer.id, args.out, actor=None, language=args.lang)
    print(f"Wrote {customer.code}'s data to {path}")
    return 0


def cmd_erase(args) -> int:
    from crm.db import open_database
    from crm.errors import InvalidInput
    from crm.services.privacy import erase_customer

    open_database(args.db, create=False)
    customer = _customer(args.code)
    if not args.yes:
        raise InvalidInput(
            "erase", f"this erases {customer.code} ({customer.name}) for good; add --yes to go ahead"
        )
    from crm.services.privacy import old_pages_left

    erase_customer(customer.id, actor=None)
    print(
        f"Erased {customer.code}: name, phone, WeChat, birthday, notes and tags, and every copy of them. "
        "Backups made before now still hold them until they age out."
    )
    if old_pages_left(wait=0):
        print(
            "Another program has the shop open, so the old text stays in the database file until it "
            "closes the shop; run this command again then to be sure it is gone."
        )
    return 0


def _community_id(name: str) -> int:
    """The open community called ``name`` (its case aside when no name matches exactly)."""
    from crm.errors import InvalidInput
    from crm.services import customer_list

    wanted = name.strip()
    groups = customer_list.choices().communities
    found = [cid for cid, group in groups if group.strip() == wanted]
    if not found:
        found = [cid for cid, group in groups if group.strip().casefold() == wanted.casefold()]
    if not found:
        raise InvalidInput("community", f"no open community is called {wanted!r}")
    if len(found) > 1:
        raise InvalidInput(
            "community", f"{len(found)} communities are called {wanted!r}; rename one in the app"
        )
    return found[0]


def cmd_customers(args) -> int:
    import sys

    from crm.db import open_database
    from crm.io.customer_export import export_customers
    from crm.services.customer_list import CustomerFilter

    open_database(args.db, create=False)
    flt = CustomerFilter(
        levels=frozenset(args.level),
        community_id=None if args.community is None else _community_id(args.community),
        tag=(args.tag or "").strip() or None,
    )
    progress = None
    if sys.stderr.isatty():

        def progress(fraction: float, message: str) -> None:
            print(f"\rcustomers export: {fraction:4.0%}", end="", file=sys.stderr, flush=True)

    done = export_customers(args.out, flt, actor=None, language=args.lang, progress=progress)
    if progress is not None:
        print(file=sys.stderr)
    print(f"Wrote {counted(done.customers, 'customer')} to {done.path}")
    return 0


COMMANDS = {"customer-data": cmd_customer_data, "erase": cmd_erase, "customers": cmd_customers}
