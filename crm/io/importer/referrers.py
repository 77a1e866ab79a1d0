"""The referrers of a customers import: each row's referrer found by code, phone or
unique name, in the file or the shop, and any row refused whose referrer would close
a loop (the one walk of :mod:`crm.services.referral_loops`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from crm.errors import InvalidInput
from crm.services import customer_fields
from crm.services.referral_loops import referral_loop

if TYPE_CHECKING:
    from crm.io.importer.customer_cells import CustomerRow
    from crm.io.importer.run import Run
    from crm.io.importer.shop_customers import Existing, ShopCustomers

Reject = Callable[..., None]


def resolve_referrers(
    run: Run,
    good: list[CustomerRow],
    shop: ShopCustomers,
    rows_by_code: dict[str, CustomerRow],
    rows_by_phone: dict[str, CustomerRow],
    namesakes: Callable[[str], list[Existing]],
    reject: Reject,
) -> None:
    """Each row's referrer (a code, phone or unique name, in the file or the shop), then
    refuse any row whose referrer would close a loop."""
    file_names: dict[str, list[CustomerRow]] = {}
    for row in good:
        if row.name:
            file_names.setdefault(row.name, []).append(row)
    for row in good:
        if not row.referrer:
            continue
        text = row.referrer
        target_row = rows_by_code.get(text)
        target = shop.get("code", text)
        if target_row is None and target is None:
            try:
                phone = customer_fields.valid_phone(text, run.region)
            except InvalidInput:
                phone = None
            if phone:
                target_row, target = rows_by_phone.get(phone), shop.get("phone", phone)
        if target_row is None and target is None:
            in_file = file_names.get(text, [])
            in_shop = [c for c in namesakes(text) if not any(r.match is c for r in in_file)]
            if len(in_file) + len(in_shop) > 1:
                reject(row, "referrer", text, "more than one customer has this name; use their code or phone")
                continue
            target_row = in_file[0] if in_file else None
            target = in_shop[0] if in_shop else None
        if target_row is None and target is None:
            reject(row, "referrer", text, "no customer with this code, phone or name")
            continue
        if target_row is not None and target_row.match is not None:
            target, target_row = target_row.match, None
        if target is not None and target.erased:
            reject(row, "referrer", text, "this referrer was erased")
            continue
        if target is not None:
            row.referrer_id = target.id
        row.referrer_row = target_row
        if target_row is row or (target is not None and row.match is not None and target.id == row.match.id):
            reject(row, "referrer", text, "a customer cannot refer themselves")

    def file_row_of(existing: Existing) -> CustomerRow | None:
        return rows_by_code.get(existing.code) or (existing.phone and rows_by_phone.get(existing.phone))

    _refuse_loops(run, good, shop, file_row_of, reject)


def _refuse_loops(
    run: Run,
    good: list[CustomerRow],
    shop: ShopCustomers,
    file_row_of: Callable[[Existing], CustomerRow | None],
    reject: Reject,
) -> None:
    """Follow referrers through the file's rows and the shop's customers. A person is the
    shop's customer id (a row that updates them stands for them) or the row of a new
    customer; a customer of the shop the file gives a referrer has the file's, else the shop's."""

    def person(row: CustomerRow) -> Hashable:
        return row.match.id if row.match is not None else row

    def referrer_in_file(row: CustomerRow) -> Hashable | None:
        return row.referrer_row if row.referrer_row is not None else row.referrer_id

    def referrer_of(someone: Hashable) -> Hashable | None:
        if not isinstance(someone, int):
            return referrer_in_file(someone)
        existing = shop.get("id", someone)
        if existing is None:
            return None
        in_file = file_row_of(existing)
        if in_file and in_file.row not in run.bad_rows and referrer_in_file(in_file) is not None:
            return referrer_in_file(in_file)
        return existing.referrer_id

    def label(someone: Hashable) -> str:
        if isinstance(someone, int):
            return shop.get("id", someone).name
        return someone.name or someone.code or str(someone.row)

    # Those met on a chain that ended without a loop: a later walk that meets one ends there
    # too (a file of a million rows walks each chain once, not once for each row below it).
    # Who refers whom changes only when a row is refused, which forgets them.
    ends: set[Hashable] = set()
    met: list[Hashable] = []

    def up(someone: Hashable) -> Hashable | None:
        if someone in ends:
            return None
        met.append(someone)
        return referrer_of(someone)

    for row in good:
        if row.row in run.bad_rows or referrer_in_file(row) is None:
            continue
        met[:] = [person(row)]
        loop = referral_loop(person(row), referrer_in_file(row), up)
        if loop is None:
            ends.update(met)
            continue
        chain = [label(row), *(label(someone) for someone in loop[1:-1])]
        reject(row, "referrer", row.referrer, "referrals would go round in a loop: %1", " → ".join(chain))
        ends.clear()
