"""``shopcircle-cli customer-data`` and ``erase``: one customer's privacy requests.

Registered by :mod:`crm.cli`; like every command they act as the owner of the file.
"""

from __future__ import annotations


def add_commands(commands) -> None:
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


COMMANDS = {"customer-data": cmd_customer_data, "erase": cmd_erase}
