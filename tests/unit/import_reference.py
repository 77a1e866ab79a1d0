"""The customers import as it was before its rows were staged in the database (a Python
object per row, dicts by code and phone), kept as the reference the staged import must
equal (tests/unit/test_import_staged.py). Not used by the app."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import Any

from crm import clock
from crm.db import as_date, executemany
from crm.errors import InvalidInput
from crm.io.importer import customer_cells
from crm.io.importer.columns import UnknownColumns
from crm.io.importer.run import ImportResult, Run
from crm.io.importer.shop_customers import Existing, ShopCustomers
from crm.pinyin import contact_fields, name_fields, name_pinyin, search_key
from crm.services import customer_codes, customer_fields, imports
from crm.services import levels as level_service
from crm.services.bulk import (
    indexes_built_after,
    reserve_customer_ids,
    rewriting_search_keys,
    rows_for,
    write_customers,
)
from crm.services.referral_loops import referral_loop


@dataclass(slots=True, eq=False)
class CustomerRow:
    row: int
    code: str | None = None
    name: str | None = None
    phone: str | None = None
    wechat: str | None = None
    birthday: date | None = None
    joined: date | None = None
    source: str | None = None
    referrer: str | None = None
    tags: tuple[str, ...] = ()
    notes: str | None = None
    match: Existing | None = None
    referrer_id: int | None = None
    referrer_row: CustomerRow | None = None
    id: int | None = None


def parser(run: Run) -> Callable[[int, list[Any]], CustomerRow | None]:
    """The cells read as the import reads them, into a row object as the old import kept it."""
    parse = customer_cells.parser(run)

    def parse_row(number: int, cells: list[Any]) -> CustomerRow | None:
        staged = parse(number, cells)
        if staged is None:
            return None
        values = dict(zip(customer_cells.STAGED, staged, strict=True))
        row = CustomerRow(number)
        for name in ("code", "name", "phone", "wechat", "birthday", "joined", "source", "referrer", "notes"):
            setattr(row, name, values[name])
        row.tags = tuple(customer_fields.tags_list(values["tags"]))
        return row

    return parse_row


def import_customers(path, **options: Any) -> ImportResult:
    return import_rows(Run("customers", path, **options))


def import_rows(run: Run) -> ImportResult:
    """Add the file's new customers and update the ones the shop already has."""
    if not {"code", "name", "phone"} & set(run.columns):
        raise UnknownColumns(run.result.path, "no column for the customer's name, code or phone")
    run.step(0.02, "reading")
    parse = parser(run)
    parsed: list[CustomerRow] = []
    for number, cells in run.rows():
        row = parse(number, cells)
        if row is not None:
            parsed.append(row)
    run.step(0.4, "checking")
    shop = _shop_for(run, parsed)
    # Match each row to a customer of the shop (code, then phone) and to no other row.
    rows_by_code: dict[str, CustomerRow] = {}
    rows_by_phone: dict[str, CustomerRow] = {}
    good: list[CustomerRow] = []

    def reject(row: CustomerRow, name: str, value: Any, reason: str, *args: Any) -> None:
        run.error(row.row, name, value, reason, *args)

    matched: dict[int, CustomerRow] = {}  # the shop's customer id: the row that updates them

    def namesakes(name: str) -> list[Existing]:
        return [c for c in shop.named(name) if not c.erased]

    for row in parsed:
        by_its_code = shop.get("code", row.code) if row.code else None
        by_its_phone = shop.get("phone", row.phone) if row.phone else None
        if row.code and row.code in rows_by_code:
            reject(row, "code", row.code, "the same code as row %1", rows_by_code[row.code].row)
            continue
        if row.phone and row.phone in rows_by_phone:
            reject(row, "phone", row.phone, "the same phone as row %1", rows_by_phone[row.phone].row)
            continue
        match = by_its_code or by_its_phone
        if by_its_code and by_its_phone and by_its_code.id != by_its_phone.id:
            reject(
                row,
                "phone",
                row.phone,
                "belongs to %1, not to %2",
                f"{by_its_phone.name} ({by_its_phone.code})",
                by_its_code.code,
            )
            continue
        if row.code is None and row.phone is None:
            if not row.name:
                reject(row, "name", "", "a row needs a name, a code or a phone")
                continue
            # Only a name: the customer of that name, so a second import adds nobody twice.
            same_name = namesakes(row.name)
            if len(same_name) > 1:
                reject(
                    row, "name", row.name, "more than one customer has this name; add a code or phone column"
                )
                continue
            match = same_name[0] if same_name else None
        if match is not None and match.erased:
            reject(
                row, "code", row.code or row.phone, "this customer was erased and cannot be imported again"
            )
            continue
        if match is None and not row.name:
            reject(row, "name", "", "is required for a new customer")
            continue
        if match is not None and match.id in matched:
            reject(
                row,
                "code",
                row.code or row.phone or row.name,
                "the same customer as row %1",
                matched[match.id].row,
            )
            continue
        row.match = match
        if match is not None:
            matched[match.id] = row
        if row.code:
            rows_by_code[row.code] = row
        if row.phone:
            rows_by_phone[row.phone] = row
        good.append(row)
    del parsed
    resolve_referrers(run, good, shop, rows_by_code, rows_by_phone, namesakes, reject)
    good = [row for row in good if row.row not in run.bad_rows]
    _check_joined(run, good, reject)
    good = [row for row in good if row.row not in run.bad_rows]
    # A row whose referrer is on an invalid row cannot go in as the file says either.
    while True:
        orphans = [r for r in good if r.referrer_row is not None and r.referrer_row.row in run.bad_rows]
        if not orphans:
            break
        for row in orphans:
            reject(
                row, "referrer", row.referrer, "the referrer's own row, %1, is invalid", row.referrer_row.row
            )
        good = [row for row in good if row.row not in run.bad_rows]

    # Only the rows are written from here: the tables that matched them go (a million rows).
    for table in (rows_by_code, rows_by_phone, matched):
        table.clear()
    shop.forget()

    def write() -> None:
        _write_customers(run, good)

    return run.finish(write)


def _shop_for(run: Run, parsed: list[CustomerRow]) -> ShopCustomers:
    """The shop's customers these rows may name: by their codes and phones, by the names of
    rows with neither, and by their referrers (a code, a phone or a name)."""
    shop = ShopCustomers(len(parsed))
    referrers = {row.referrer for row in parsed if row.referrer}
    shop.expect("code", [row.code for row in parsed] + list(referrers))
    shop.expect("phone", [row.phone for row in parsed] + [_phone_or_none(t, run.region) for t in referrers])
    shop.expect(
        "name", [row.name for row in parsed if row.code is None and row.phone is None] + list(referrers)
    )
    return shop


def _phone_or_none(text: str, region: str) -> str | None:
    try:
        return customer_fields.valid_phone(text, region)
    except InvalidInput:
        return None


def _check_joined(run, good, reject) -> None:
    """A customer's joined date is never after their first visit."""
    matched = [row for row in good if row.match is not None and row.joined is not None]
    if not matched:
        return
    firsts = _first_visits(row.match.id for row in matched)
    for row in matched:
        first = firsts.get(row.match.id)
        if first is not None and row.joined > first:
            reject(
                row, "joined", row.joined.isoformat(), "is after their first visit on %1", first.isoformat()
            )


def _by_generation(rows: list[CustomerRow]) -> list[CustomerRow]:
    """The new rows in the order they are written and numbered: those whose referrer is not
    among them first, then the ones they referred, and so on, each generation in file order
    (as :func:`crm.services.bulk.insert_customers` orders them). Each row's generation is kept
    in its ``id`` until it is given its id: no table of a million rows beside them."""
    for row in rows:
        path = []
        node: CustomerRow | None = row
        while node is not None and node.id is None:
            path.append(node)
            node = node.referrer_row
        depth = node.id if node is not None else -1
        for step in reversed(path):
            depth += 1
            step.id = depth
    return sorted(rows, key=attrgetter("id"))


def _first_visits(ids: Iterable[int]) -> dict[int, date]:
    return {
        cid: as_date(first)
        for cid, first in rows_for(
            "SELECT customer_id, MIN(day) FROM visit WHERE customer_id IN ({ids}) GROUP BY customer_id",
            sorted(set(ids)),
        )
    }


def _write_customers(run: Run, good: list[CustomerRow]) -> None:
    result = run.result
    today = clock.today()
    new_rows = [row for row in good if row.match is None]
    given = [row.code for row in new_rows if row.code]
    codes = iter(customer_codes.next_codes(sum(1 for row in new_rows if not row.code), also_taken=given))
    for row in new_rows:
        if not row.code:
            row.code = next(codes)
    run.step(0.6, "writing")
    ordered = _by_generation(new_rows)
    first = reserve_customer_ids(len(ordered))
    for rank, row in enumerate(ordered):
        row.id = first + rank

    def inserts() -> Iterator[tuple]:
        """Drawn as they are written: a million search keys are never held at once."""
        # A million rows, a few hundred thousand names: each name's part of the key made once.
        named: dict[str, str] = {}
        for row in ordered:
            name_part = named.get(row.name)
            if name_part is None:
                name_part = named[row.name] = name_fields(row.name, name_pinyin(row.name))
            referrer = row.referrer_row.id if row.referrer_row is not None else row.referrer_id
            yield (
                row.id,
                row.code,
                row.name,
                row.phone,
                row.wechat,
                row.birthday,
                row.joined or today,
                row.source or ("referral" if referrer else "import"),
                referrer,
                customer_fields.tags_column(row.tags),
                row.notes or "",
                name_part + contact_fields(row.phone, row.code, row.wechat),
            )

    with indexes_built_after(len(ordered)):
        write_customers(inserts(), first)
    result.created = len(new_rows)
    run.step(0.75, "writing")
    updates, touched, changes = [], set(), []
    now = clock.now()
    for row in good:
        if row.match is None:
            continue
        c = row.match
        referrer = row.referrer_row.id if row.referrer_row is not None else row.referrer_id
        tags = list(customer_fields.normalize_tags(c.tags.strip(",").split(","))) if c.tags else []
        tags += [t for t in row.tags if t not in tags]
        new = (
            row.name or c.name,
            row.phone or c.phone,
            row.wechat or c.wechat,
            row.birthday or c.birthday,
            row.joined or c.joined,
            row.source or c.source,
            referrer if referrer is not None else c.referrer_id,
            customer_fields.tags_column(tags),
            row.notes if row.notes else c.notes,
        )
        old = (c.name, c.phone, c.wechat, c.birthday, c.joined, c.source, c.referrer_id, c.tags, c.notes)
        if new == old:
            result.unchanged += 1
            continue
        result.updated += 1
        changes.append(
            (
                c.id,
                {f: was for f, was, value in zip(imports.FIELDS, old, new, strict=True) if was != value},
                {f: value for f, was, value in zip(imports.FIELDS, old, new, strict=True) if was != value},
            )
        )
        if new[6] != c.referrer_id:
            touched.update(i for i in (new[6], c.referrer_id) if i is not None)
        updates.append((*new, search_key(new[0], new[1], c.code, new[2]), now, c.id))
    if updates:
        with rewriting_search_keys([row[-1] for row in updates]):
            executemany(
                "UPDATE customer SET name = ?, phone = ?, wechat = ?, birthday = ?, joined = ?, source = ?,"
                " referrer_id = ?, tags = ?, notes = ?, search_key = ?, updated_at = ? WHERE id = ?",
                updates,
            )
    touched.update(row.referrer_id for row in new_rows if row.referrer_id is not None)
    touched.update(row.referrer_row.id for row in new_rows if row.referrer_row is not None)
    # The rows are let go before the levels, which read every customer of a big shop.
    for rows in (good, new_rows, ordered):
        rows.clear()
    run.step(0.85, "levels")
    if touched:
        level_service.refresh_customers(touched)
    result.import_id = imports.record_import(
        run.actor,
        "customers",
        {"file": Path(result.path).name, "created": result.created, "updated": result.updated},
        range(first, first + result.created),  # the new rows' ids, one run
        [],
        changes,
    )


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
