"""The rows of a visits import: each checked with the counter's own rules for a visit,
its customer found by code or phone (an unknown code creates that customer, joined on
their first visit in the file); then the visits written in one statement that adds a
visit only when the shop does not have it yet, so a file imported twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from crm import clock
from crm.db import as_date, database, executemany
from crm.errors import InvalidInput
from crm.io import values
from crm.io.importer.columns import KINDS_BY_WORD, UnknownColumns, normal
from crm.io.importer.customer_cells import read_phone
from crm.io.importer.run import ImportResult, Run
from crm.io.importer.shop_customers import ShopCustomers
from crm.pinyin import search_key
from crm.services import customer_fields, imports
from crm.services import levels as level_service
from crm.services import visits as visit_service
from crm.services.bulk import insert_customers, rows_for


@dataclass(slots=True)
class _VisitRow:
    row: int
    code: str | None
    phone: str | None
    name: str | None
    day: date
    at: datetime
    kind: str
    amount: int
    quantity: int
    note: str
    staff_id: int | None
    customer_id: int | None = None
    new_customer: str | None = None  # the code of a customer this import creates


def _kind_key(value: Any) -> str:
    key = KINDS_BY_WORD.get(normal(values.text(value)))
    if key is None:
        raise InvalidInput("kind", "is not one of purchase, visit, service, event, refund")
    return key


def _parse_visit(run: Run, number: int, cells: list[Any], staff: dict[str, int]) -> _VisitRow | None:
    problems: list[tuple[str, Any, str]] = []

    def problem(name: str, value: Any, reason: str) -> None:
        problems.append((name, value, reason))

    def read(name: str, check: Callable[[Any], Any], default: Any = None) -> Any:
        value = run.cell(cells, name)
        if value is None:
            return default
        try:
            return check(value)
        except InvalidInput as exc:
            problem(name, value, exc.reason)
            return default

    code = read("code", lambda v: customer_fields.valid_code(values.text(v)))
    phone = read("phone", lambda v: read_phone(v, run.region))
    name = read("name", lambda v: customer_fields.valid_name(values.text(v)))
    when = read("date", values.day_and_time)
    at_time = read("time", values.time_of_day)
    kind = read("kind", _kind_key)
    amount = read("amount", values.amount, 0)
    quantity = read("quantity", lambda v: values.whole_number(v, "quantity"), 1)
    note = read("note", values.text, "")
    staff_id = read("staff", lambda v: _staff_id(staff, v))
    if code is None and phone is None and not any(p[0] in ("code", "phone") for p in problems):
        problem("code", "", "each visit needs the customer's code or phone")
    if when is None and not any(p[0] == "date" for p in problems):
        problem("date", "", "is required")
    visit = None
    if not problems:
        day, day_time = when
        moment = datetime.combine(day, at_time or day_time or time(0, 0))
        if kind is None:
            kind = "purchase" if amount > 0 else ("refund" if amount < 0 else "visit")
        try:  # the counter's own rules for a visit
            amount = visit_service.check_visit(kind, amount, quantity, moment)
        except InvalidInput as exc:
            column = {"at": "date", "quantity": "quantity"}.get(exc.field, "amount")
            problem(column, run.cell(cells, column) or "", exc.reason)
        else:
            visit = _VisitRow(number, code, phone, name, day, moment, kind, amount, quantity, note, staff_id)
    for column, value, reason in problems:
        run.error(number, column, value, reason)
    return visit


def _staff_id(staff: dict[str, int], value: Any) -> int:
    found = staff.get(values.text(value).casefold())
    if found is None:
        raise InvalidInput("staff", "no staff member has this name")
    return found


def import_rows(run: Run) -> ImportResult:
    """Add the file's visits; an unknown customer code creates that customer."""
    missing = [name for name in ("date",) if name not in run.columns]
    if not {"code", "phone"} & set(run.columns):
        missing.insert(0, "code or phone")
    if missing:
        raise UnknownColumns(run.result.path, f"no column for the visit's {' and '.join(missing)}")
    run.step(0.02, "reading")
    staff = {
        name.casefold(): sid
        for sid, name in database.execute_sql("SELECT id, name FROM staff ORDER BY id DESC")
    }
    visits: list[_VisitRow] = []
    for number, cells in run.rows():
        visit = _parse_visit(run, number, cells, staff)
        if visit is not None:
            visits.append(visit)
    run.step(0.4, "checking")
    shop = ShopCustomers(len({v.code or v.phone for v in visits}))  # as many rows as customers named
    shop.expect("code", [v.code for v in visits])
    shop.expect("phone", [v.phone for v in visits])
    new_customers: dict[str, dict[str, Any]] = {}  # code: {name, phone, joined}
    phones_taken: dict[str, str] = {}
    # Rows with a code first: the customers this file creates are known before the rows
    # that name a customer by phone only.
    for v in sorted(visits, key=lambda v: v.code is None):
        _find_customer(run, v, shop, new_customers, phones_taken)
    good = [v for v in visits if v.row not in run.bad_rows]

    def write() -> None:
        _write_visits(run, good, new_customers)

    return run.finish(write)


def _find_customer(
    run: Run,
    v: _VisitRow,
    shop: ShopCustomers,
    new_customers: dict[str, dict[str, Any]],
    phones_taken: dict[str, str],
) -> None:
    """The visit's customer (by code, else phone), or the new customer an unknown code
    makes; a row naming two different customers, or nobody, is an error."""
    known = shop.get("code", v.code) if v.code else None
    by_its_phone = shop.get("phone", v.phone) if v.phone else None
    if by_its_phone is not None and v.code is not None and (known is None or known.id != by_its_phone.id):
        owner = f"{by_its_phone.name} ({by_its_phone.code})"
        run.error(v.row, "phone", v.phone, "belongs to %1, not to %2", owner, v.code)
        return
    if known is None and v.code is None:
        if by_its_phone is None:
            new_code = phones_taken.get(v.phone)
            if new_code is None:
                run.error(
                    v.row, "phone", v.phone, "no customer has this phone; give their code to create them"
                )
                return
            v.new_customer = new_code  # a customer this file creates, named by phone here
            _earlier(new_customers[new_code], v)
            return
        known = by_its_phone
    if known is not None:
        if known.erased:
            run.error(v.row, "code", v.code or v.phone, "this customer was erased")
        elif known.archived:
            run.error(v.row, "code", v.code or v.phone, "this customer is archived; restore them first")
        else:
            v.customer_id = known.id
        return
    # An unknown code: this import creates the customer, joined on their first visit here.
    entry = new_customers.get(v.code)
    if v.phone:
        if phones_taken.setdefault(v.phone, v.code) != v.code:
            first = phones_taken[v.phone]
            run.error(v.row, "phone", v.phone, "is given for two new customers, %1 and %2", first, v.code)
            return
        if entry is not None and entry["phone"] not in (None, v.phone):
            run.error(
                v.row,
                "phone",
                v.phone,
                "%1 was given another phone, %2 on row %3",
                v.code,
                entry["phone"],
                entry["phone_row"],
            )
            return
    if entry is None:
        entry = new_customers[v.code] = {"name": None, "phone": None, "joined": v.day, "phone_row": None}
    entry["name"] = entry["name"] or v.name
    if v.phone and entry["phone"] is None:
        entry["phone"], entry["phone_row"] = v.phone, v.row
    _earlier(entry, v)
    v.new_customer = v.code


def _earlier(entry: dict[str, Any], v: _VisitRow) -> None:
    entry["joined"] = min(entry["joined"], v.day)


def _write_visits(run: Run, good: list[_VisitRow], new_customers: dict[str, dict[str, Any]]) -> None:
    result = run.result
    used = {v.new_customer for v in good if v.new_customer}
    codes = [code for code in new_customers if code in used]
    inserts = []
    for code in codes:
        entry = new_customers[code]
        name = entry["name"] or code
        inserts.append(
            (code, name, entry["phone"], None, None, entry["joined"], "import", None, "", "",
             search_key(name, entry["phone"], code, None))
        )  # fmt: skip
    ids = dict(zip(codes, insert_customers(inserts), strict=True))
    result.created = len(codes)
    for v in good:
        if v.new_customer:
            v.customer_id = ids[v.new_customer]
    run.step(0.6, "writing")
    # Joined is never after the first visit: move it back for customers the file shows earlier.
    earliest: dict[int, date] = {}
    for v in good:
        if v.customer_id not in earliest or v.day < earliest[v.customer_id]:
            earliest[v.customer_id] = v.day
    created = set(ids.values())
    moved = [(day, cid, day) for cid, day in earliest.items() if cid not in created]
    changes = _joined_moves(earliest, created)
    if moved:
        executemany("UPDATE customer SET joined = ? WHERE id = ? AND joined > ?", moved)
    database.execute_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS import_visit (row_number INTEGER, customer_id INTEGER,"
        " staff_id INTEGER, at TIMESTAMP, day DATE, kind VARCHAR(20), amount BIGINT, quantity INTEGER,"
        " note TEXT)"
    )
    database.execute_sql("DELETE FROM import_visit")
    executemany(
        "INSERT INTO import_visit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        # A generator: a million visits are not copied into a second list first.
        ((v.row, v.customer_id, v.staff_id, v.at, v.day, v.kind, v.amount, v.quantity, v.note) for v in good),
    )
    run.step(0.7, "writing")
    # The n-th copy of a visit goes in only when the shop has fewer than n copies of it:
    # a file imported twice adds nothing, two equal sales in one file both count.
    cursor = database.execute_sql(
        "INSERT INTO visit (customer_id, staff_id, at, day, kind, amount, quantity, note, created_at)"
        " SELECT customer_id, staff_id, at, day, kind, amount, quantity, note, ? FROM ("
        "  SELECT i.*, ROW_NUMBER() OVER (PARTITION BY customer_id, at, kind, amount, quantity, note"
        "   ORDER BY row_number) AS copy FROM import_visit i) f"
        " WHERE f.copy > (SELECT COUNT(*) FROM visit v WHERE v.customer_id = f.customer_id AND v.day = f.day"
        "  AND v.amount = f.amount AND v.at = f.at AND v.kind = f.kind AND v.quantity = f.quantity"
        "  AND v.note = f.note) RETURNING id",
        (clock.now(),),
    )
    added = imports.ranges(visit_id for (visit_id,) in cursor)  # a run or two, kept for an undo
    result.visits_added = sum(last - first + 1 for first, last in added)
    result.visits_already = len(good) - result.visits_added
    database.execute_sql("DROP TABLE import_visit")
    run.step(0.85, "levels")
    customers = {v.customer_id for v in good}
    if len(customers) > 20_000:
        level_service.refresh_all()
    elif customers:
        level_service.refresh_customers(level_service.affected_by(customers))
    result.import_id = imports.record_import(
        run.actor,
        "visits",
        {
            "file": Path(result.path).name,
            "visits added": result.visits_added,
            "customers created": result.created,
        },
        created,
        added,
        changes,
    )


def _joined_moves(earliest: dict[int, date], created: set[int]) -> list[tuple[int, dict, dict]]:
    """The customers whose joined date the file moves back (their first visit is earlier),
    with the date before and after, for the audit trail."""
    ids = [cid for cid in earliest if cid not in created]
    out = []
    for cid, joined in rows_for("SELECT id, joined FROM customer WHERE id IN ({ids})", ids):
        joined = as_date(joined)
        if joined > earliest[cid]:
            out.append((cid, {"joined": joined}, {"joined": earliest[cid]}))
    return out
