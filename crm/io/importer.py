"""Importing customers and visits from CSV or XLSX (SPEC 6).

Columns are found by their header in English or Chinese, or by an explicit
mapping. Every row is checked before anything is written; without
``skip_invalid`` one bad row means nothing is imported and every bad row is
listed (row number, column, reason). The whole import is one transaction, so
a failure half-way leaves the shop as it was. Re-importing a file adds
nothing twice: customers are matched on their code, then their phone, and a
visit already in the shop (same customer, time, kind, amount, quantity and
note) is not added again.

Rows are validated with the customer service's own rules and written in bulk
(``executemany``), the trigram search table filled once at the end instead of
row by row, and levels refreshed once for everyone the import touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import peewee

from crm import clock
from crm.db import as_date, database, executemany, lean_reading
from crm.errors import InvalidInput, InvalidPhone, ShopError, fill
from crm.io import values
from crm.io.limits import Limits
from crm.io.tables import Table, read_table
from crm.pinyin import search_key
from crm.services import customers as customer_service
from crm.services import imports, settings
from crm.services import levels as level_service
from crm.services import visits as visit_service
from crm.services.common import Actor, require

KINDS = ("customers", "visits")

FIELDS = {
    "customers": (
        "code",
        "name",
        "phone",
        "wechat",
        "birthday",
        "joined",
        "source",
        "referrer",
        "tags",
        "notes",
    ),
    "visits": ("code", "phone", "name", "date", "time", "kind", "amount", "quantity", "note", "staff"),
}

# fmt: off
_NOTES = ("notes", "note", "remark", "remarks", "comment", "comments", "memo", "备注", "说明", "留言")
ALIASES: dict[str, tuple[str, ...]] = {
    "code": (
        "code", "customercode", "membercode", "memberno", "membernumber", "cardno", "cardnumber", "card",
        "会员号", "会员编号", "编号", "卡号", "会员卡号", "客户编号", "顾客编号", "会员码",
    ),
    "name": (
        "name", "customer", "customername", "fullname", "membername",
        "姓名", "名字", "客户", "客户姓名", "客户名称", "会员", "会员姓名", "顾客", "顾客姓名",
    ),
    "phone": (
        "phone", "mobile", "tel", "telephone", "phonenumber", "mobilephone", "mobilenumber", "cellphone",
        "手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式",
    ),
    "wechat": ("wechat", "weixin", "wechatid", "微信", "微信号"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob", "生日", "出生日期"),
    "joined": (
        "joined", "joindate", "joinedon", "since", "membersince", "created",
        "加入日期", "入会日期", "注册日期", "开卡日期", "加入时间", "入会时间", "注册时间", "建档日期",
    ),
    "source": ("source", "channel", "来源", "渠道", "客户来源"),
    "referrer": ("referrer", "referredby", "introducer", "推荐人", "介绍人"),
    "tags": ("tags", "tag", "labels", "标签"),
    "notes": _NOTES,
    "note": _NOTES,
    "date": (
        "date", "day", "visitdate", "purchasedate", "orderdate", "datetime",
        "日期", "消费日期", "到店日期", "购买日期", "下单日期", "交易日期", "日期时间",
    ),
    "time": ("time", "visittime", "时间", "消费时间", "到店时间"),
    "kind": ("kind", "type", "visittype", "类型", "类别", "消费类型"),
    "amount": (
        "amount", "total", "sum", "paid", "money",
        "金额", "消费金额", "实收", "实收金额", "实付", "实付金额", "总额", "总价", "合计",
    ),
    "quantity": ("quantity", "qty", "count", "items", "pieces", "数量", "件数"),
    "staff": ("staff", "cashier", "clerk", "employee", "店员", "员工", "收银员", "导购", "服务人员"),
}
# fmt: on

KIND_WORDS = {
    "purchase": ("purchase", "sale", "buy", "购买", "消费", "销售", "购物"),
    "visit": ("visit", "到店", "来访", "进店", "到访"),
    "service": ("service", "服务"),
    "event": ("event", "活动"),
    "refund": ("refund", "return", "退款", "退货"),
}
SOURCE_WORDS = {
    "walk_in": ("walk_in", "walkin", "walk-in", "进店", "自然进店", "到店", "门店"),
    "referral": ("referral", "推荐", "转介绍", "介绍"),
    "community": ("community", "社群", "群"),
    "online": ("online", "线上", "网络", "网店", "小程序", "公众号"),
    "event": ("event", "活动"),
    "import": ("import", "导入"),
    "other": ("other", "其他", "其它"),
}
_HEADER_JUNK = re.compile(r"[\s_\-()（）:：*.#/]+")


def _normal(header: str) -> str:
    return _HEADER_JUNK.sub("", unicodedata.normalize("NFKC", str(header)).lower())


def _word_table(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_normal(word): key for key, group in words.items() for word in group}


_KINDS_BY_WORD = _word_table(KIND_WORDS)
_SOURCES_BY_WORD = _word_table(SOURCE_WORDS)


# --- results -------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it; the header is row 1
    column: str  # the file's header of the column, or the field when the file has none
    value: str
    template: str  # in English with %1, %2 … for ``args``: the app translates the template
    args: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return fill(self.template, self.args)

    def __str__(self) -> str:
        shown = f" {self.value!r}" if self.value else ""
        return f"row {self.row}, {self.column}{shown}: {self.reason}"


@dataclass
class ImportResult:
    kind: str
    path: str
    rows: int = 0
    created: int = 0  # customers
    updated: int = 0
    unchanged: int = 0
    visits_added: int = 0
    visits_already: int = 0
    errors: list[RowError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field: the file's header
    ignored: list[str] = field(default_factory=list)  # headers matching no field
    dry_run: bool = False
    imported: bool = False  # False: nothing was written (invalid rows, or a dry run)
    invalid_rows: int = 0
    headers: list[str] = field(default_factory=list)
    import_id: int | None = None  # its audit entry: crm.services.imports can undo it

    def summary(self) -> str:
        name = Path(self.path).name
        if not self.imported and not self.dry_run:
            return f"{name}: {self.rows} rows, {self.invalid_rows} invalid; nothing imported"
        if self.kind == "customers":
            done = f"{self.created} new customers, {self.updated} updated, {self.unchanged} unchanged"
        else:
            done = (
                f"{self.visits_added} visits added, {self.visits_already} already in the shop,"
                f" {self.created} new customers"
            )
        if self.dry_run:
            if self.invalid_rows:
                return (
                    f"{name}: {self.rows} rows, dry run, nothing changed; {self.invalid_rows} invalid,"
                    f" the others would give: {done}"
                )
            return f"{name}: {self.rows} rows, dry run, nothing changed; it would give: {done}"
        skipped = f"; {self.invalid_rows} invalid rows skipped" if self.invalid_rows else ""
        return f"{name}: {self.rows} rows, imported: {done}{skipped}"


class ImportCancelled(ShopError):
    def __str__(self) -> str:
        return "import cancelled; nothing was imported"


class ImportConflict(ShopError):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail

    def __str__(self) -> str:
        return (
            "the shop changed while importing (another counter added the same code or phone);"
            " nothing was imported, try again"
        )


class UnknownColumns(ShopError):
    """The file's headers name none of the fields needed, or a mapping names a column not there."""

    def __init__(self, path: str, reason: str):
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"{Path(self.path).name}: {self.reason}"


Progress = Callable[[float, str], None]


# --- columns -------------------------------------------------------------------------


def parse_mapping(items: Iterable[str], kind: str) -> dict[str, str]:
    """``["手机号码=phone", ...]`` (the --map option) as {source header: field}."""
    out: dict[str, str] = {}
    for item in items:
        source, sep, target = str(item).partition("=")
        source, target = source.strip(), target.strip().lower()
        if not sep or not source or not target:
            raise InvalidInput("map", f"{item!r} is not SOURCE=FIELD")
        if target not in FIELDS[kind]:
            raise InvalidInput(
                "map", f"{target!r} is not a {kind} field; use one of {', '.join(FIELDS[kind])}"
            )
        out[source] = target
    return out


def match_columns(
    headers: list[str], kind: str, mapping: dict[str, str] | None = None, path: str = ""
) -> tuple[dict[str, int], list[str]]:
    """{field: column index} from the headers (an explicit mapping first; a mapping to
    "" leaves that column out), and the headers that match no field."""
    wanted = FIELDS[kind]
    by_alias = {_normal(alias): f for f in wanted for alias in ALIASES[f]}
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for source, target in (mapping or {}).items():
        matches = [i for i, h in enumerate(headers) if h == source] or [
            i for i, h in enumerate(headers) if _normal(h) == _normal(source)
        ]
        if not matches:
            raise UnknownColumns(path, f"--map: there is no column named {source!r}")
        taken.add(matches[0])
        if target:  # an empty field: leave this column out
            columns[target] = matches[0]
    ignored = []
    for index, header in enumerate(headers):
        if index in taken:
            continue
        target = by_alias.get(_normal(header))
        if target is None or target in columns:
            if header:
                ignored.append(header)
            continue
        columns[target] = index
    return columns, ignored


@dataclass(frozen=True)
class Preview:
    """The start of a file, for a screen to show before importing it."""

    headers: list[str]
    rows: list[list[str]]  # the first data rows, as text
    columns: dict[str, int]  # field: column index, as matched by header
    encoding: str | None
    separator: str | None


def preview(path: str | Path, kind: str, limit: int = 20, limits: Limits | None = None) -> Preview:
    """The headers, the first ``limit`` rows and the columns matched to fields; a workbook
    beyond ``limits`` (SPEC 8's by default) is refused before it is parsed."""
    table = read_table(path, limits)
    try:
        rows = []
        for _, cells in table.rows:
            rows.append([values.text(v) for v in cells])
            if len(rows) >= limit:
                break
    finally:
        table.close()
    columns, _ = match_columns(table.headers, kind, None, str(path))
    return Preview(table.headers, rows, columns, table.encoding, table.separator)


# --- the shop as it is ---------------------------------------------------------------


@dataclass(slots=True)
class _Existing:
    id: int
    code: str
    name: str
    phone: str | None
    wechat: str | None
    birthday: date | None
    joined: date
    source: str
    referrer_id: int | None
    tags: str
    notes: str
    erased: bool
    archived: bool


def _existing_customers() -> tuple[dict[str, _Existing], dict[str, _Existing], dict[int, _Existing]]:
    by_code: dict[str, _Existing] = {}
    by_phone: dict[str, _Existing] = {}
    by_id: dict[int, _Existing] = {}
    for row in database.execute_sql(
        "SELECT id, code, name, phone, wechat, birthday, joined, source, referrer_id, tags, notes, erased,"
        " archived FROM customer"
    ):
        c = _Existing(*row[:5], as_date(row[5]), as_date(row[6]), *row[7:11], bool(row[11]), bool(row[12]))
        by_code[c.code] = c
        if c.phone:
            by_phone[c.phone] = c
        by_id[c.id] = c
    return by_code, by_phone, by_id


def _first_visits(ids: Iterable[int]) -> dict[int, date]:
    wanted = sorted(set(ids))
    out: dict[int, date] = {}
    for start in range(0, len(wanted), 5000):
        chunk = wanted[start : start + 5000]
        for cid, first in database.execute_sql(
            f"SELECT customer_id, MIN(day) FROM visit WHERE customer_id IN ({','.join('?' * len(chunk))})"
            " GROUP BY customer_id",
            chunk,
        ):
            out[cid] = as_date(first)
    return out


# --- the run -----------------------------------------------------------------------------


class _Run:
    """One import: the file, the column map, the errors found so far, progress and cancel."""

    def __init__(self, kind, path, dry_run, skip_invalid, mapping, progress, cancelled, actor, limits=None):
        if kind not in KINDS:
            raise InvalidInput("kind", f"must be one of {', '.join(KINDS)}")
        require(actor, "import data")
        self.kind = kind
        self.actor = actor
        self.skip_invalid = skip_invalid
        self.say = progress or (lambda fraction, message: None)
        self.stop = cancelled or (lambda: False)
        self.result = ImportResult(kind, str(path), dry_run=dry_run)
        self.region = settings.get("phone_region")
        self.table: Table = read_table(path, limits)
        self.result.headers = self.table.headers
        self.columns, self.result.ignored = match_columns(self.table.headers, kind, mapping, str(path))
        self.result.columns = {f: self.table.headers[i] for f, i in self.columns.items()}
        self.bad_rows: set[int] = set()

    def step(self, fraction: float, message: str) -> None:
        if self.stop():
            raise ImportCancelled()
        self.say(fraction, message)

    def cell(self, values_: list[Any], name: str) -> Any:
        index = self.columns.get(name)
        if index is None or index >= len(values_):
            return None
        value = values_[index]
        return None if values.is_blank(value) else value

    def error(self, row: int, name: str, value: Any, reason: str, *args: Any) -> None:
        """Row ``row`` is invalid: ``reason`` with %1, %2 … standing for ``args``."""
        column = self.result.columns.get(name, name)
        text = tuple(str(a) for a in args)
        self.result.errors.append(RowError(row, column, values.text(value)[:80], reason, text))
        self.bad_rows.add(row)

    def rows(self):
        """The data rows, each kept (for the error report) only once it turns out bad. A row
        with a formula the file keeps no value of, in a column that is read, is invalid."""
        for number, cells in self.table.rows:
            self.result.rows += 1
            if self.result.rows % 2000 == 0:
                self.step(0.05 + 0.35 * min(1.0, self.result.rows / 200_000), "reading")
            if values.NO_SAVED_VALUE in cells:
                unsaved = [
                    name
                    for name, index in self.columns.items()
                    if index < len(cells) and cells[index] is values.NO_SAVED_VALUE
                ]
                for name in unsaved:
                    self.error(number, name, "", values.NO_SAVED_VALUE_REASON)
                if unsaved:
                    continue
            yield number, cells

    def finish(self, write: Callable[[], None]) -> ImportResult:
        """Write (unless invalid rows forbid it), in one transaction; a dry run rolls back."""
        result = self.result
        result.errors.sort(key=lambda e: e.row)
        result.invalid_rows = len(self.bad_rows)
        if self.bad_rows and not self.skip_invalid and not result.dry_run:
            return result  # a dry run goes on: it says what the valid rows would give
        self.step(0.5, "writing")
        try:
            # A visits import's work table and its sort go to a file the OS caches, not into
            # this process (a million visits would add some 300 MB): set before the transaction.
            with lean_reading() if self.kind == "visits" else nullcontext(), database.atomic() as transaction:
                write()
                self.step(0.95, "saving")
                if result.dry_run:
                    transaction.rollback()
        except peewee.IntegrityError as exc:
            # The checks above saw the shop before this transaction: someone else added
            # the same code or phone meanwhile. Nothing was written; a second try sees them.
            raise ImportConflict(str(exc)) from exc
        except peewee.OperationalError as exc:
            from crm.db import friendly_reason

            raise ShopError(f"the import could not be written: {friendly_reason(exc)}") from exc
        result.imported = not result.dry_run
        if result.dry_run:
            result.import_id = None  # rolled back with the rest
        self.say(1.0, "done")
        return result


def _write_search_rows(db, first_new_id: int) -> Callable[[], None]:
    """On SQLite, take the trigram table's insert trigger away for a bulk insert and
    fill the table once after it (about 4x faster); in the same transaction, so the
    search table is never out of step. Returns what puts the trigger back."""
    from crm.models import SQLITE_SEARCH_FTS

    if not isinstance(db, peewee.SqliteDatabase):
        return lambda: None
    trigger = next((sql for sql in SQLITE_SEARCH_FTS if '"customer_fts_insert"' in sql), None)
    exists = db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'customer_fts_insert'"
    ).fetchone()
    if not trigger or not exists:
        return lambda: None
    db.execute_sql('DROP TRIGGER "customer_fts_insert"')

    def restore() -> None:
        db.execute_sql(
            "INSERT INTO customer_fts (rowid, search_key) SELECT id, search_key || char(7) FROM customer"
            " WHERE id >= ?",
            (first_new_id,),
        )
        db.execute_sql(trigger)

    return restore


def _insert_customers(rows: list[tuple], parents: list[int | None] | None = None) -> list[int]:
    """Insert (code, name, phone, wechat, birthday, joined, source, referrer_id, tags, notes,
    search_key) rows; their ids, in order. ``parents[i]``, when given, is the index among
    these rows of row i's referrer: rows go in generation by generation, so a referrer's
    id is known before their referrals are written (no second pass of updates)."""
    if not rows:
        return []
    parents = parents or [None] * len(rows)
    generation: list[int] = [-1] * len(rows)
    for start in range(len(rows)):
        path = []
        node = start
        while node is not None and generation[node] < 0:
            path.append(node)
            node = parents[node]
        depth = generation[node] if node is not None else -1
        for index in reversed(path):
            depth += 1
            generation[index] = depth
    db = database.obj
    first = _next_id()
    restore = _write_search_rows(db, first)
    now = clock.now()
    ids: list[int] = [0] * len(rows)
    batches: dict[int, list[int]] = {}
    for index, depth in enumerate(generation):
        batches.setdefault(depth, []).append(index)
    for depth in sorted(batches):
        batch = batches[depth]
        batch_first = _next_id()
        values_ = []
        for index in batch:
            row = rows[index]
            if parents[index] is not None:
                row = (*row[:7], ids[parents[index]], *row[8:])
            values_.append((*row, False, False, False, now, now))
        executemany(
            "INSERT INTO customer (code, name, phone, wechat, birthday, joined, source, referrer_id, tags,"
            " notes, search_key, big_c_flag, archived, erased, level, purchase_days, spend_365, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)",
            values_,
        )
        found = dict(database.execute_sql("SELECT code, id FROM customer WHERE id >= ?", (batch_first,)))
        for index in batch:
            ids[index] = found[rows[index][0]]
    restore()
    return ids


def _next_id() -> int:
    return int(database.execute_sql("SELECT COALESCE(MAX(id), 0) FROM customer").fetchone()[0]) + 1


# --- customers ---------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _CustomerRow:
    row: int
    code: str | None = None
    name: str | None = None
    phone: str | None = None
    wechat: str | None = None
    birthday: date | None = None
    joined: date | None = None
    source: str | None = None
    referrer: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    match: _Existing | None = None
    referrer_id: int | None = None
    referrer_row: _CustomerRow | None = None
    id: int | None = None


def _source_key(value: Any) -> str:
    key = _SOURCES_BY_WORD.get(_normal(values.text(value)))
    if key is None:
        raise InvalidInput("source", f"is not one of {', '.join(customer_service.SOURCES)}")
    return key


def _parse_customer(run: _Run, number: int, cells: list[Any]) -> _CustomerRow | None:
    row = _CustomerRow(number)
    checks = (
        ("code", customer_service.valid_code),
        ("name", customer_service.valid_name),
        ("phone", lambda v: _phone(v, run.region)),
        ("wechat", customer_service.valid_wechat),
        ("birthday", lambda v: _past_day("birthday", v)),
        ("joined", lambda v: _past_day("joined", v)),
        ("source", _source_key),
        ("referrer", lambda v: values.visible(values.text(v))),  # as names are cleaned
        ("tags", lambda v: customer_service.normalize_tags(values.text(v))),
        ("notes", customer_service.valid_notes),
    )
    ok = True
    for name, check in checks:
        value = run.cell(cells, name)
        if value is None:
            continue
        try:
            setattr(row, name, check(values.text(value) if name in ("code", "name", "wechat") else value))
        except InvalidInput as exc:
            run.error(number, name, value, exc.reason)
            ok = False
    if not ok:
        return None
    return row


def _phone(value: Any, region: str) -> str | None:
    try:
        return customer_service.valid_phone(values.text(value), region)
    except InvalidPhone:
        raise InvalidInput("phone", "is not a valid phone number for the shop's region") from None


def _past_day(name: str, value: Any) -> date:
    """Any date a spreadsheet writes, then the customer form's own rules (not in the future,
    not before 1900)."""
    return customer_service.valid_date(name, values.day(value, name))


def import_customers(
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    actor: Actor | None = None,
    limits: Limits | None = None,
) -> ImportResult:
    """Add the file's new customers and update the ones the shop already has."""
    run = _Run("customers", path, dry_run, skip_invalid, mapping, progress, cancelled, actor, limits)
    if not {"code", "name", "phone"} & set(run.columns):
        raise UnknownColumns(str(path), "no column for the customer's name, code or phone")
    run.step(0.02, "reading")
    by_code, by_phone, by_id = _existing_customers()
    parsed: list[_CustomerRow] = []
    for number, cells in run.rows():
        row = _parse_customer(run, number, cells)
        if row is not None:
            parsed.append(row)
    run.step(0.4, "checking")
    # Match each row to a customer of the shop (code, then phone) and to no other row.
    rows_by_code: dict[str, _CustomerRow] = {}
    rows_by_phone: dict[str, _CustomerRow] = {}
    good: list[_CustomerRow] = []

    def reject(row: _CustomerRow, name: str, value: Any, reason: str, *args: Any) -> None:
        run.error(row.row, name, value, reason, *args)

    names: dict[str, list[_Existing]] = {}
    matched: dict[int, _CustomerRow] = {}  # the shop's customer id: the row that updates them

    def names_in_shop() -> dict[str, list[_Existing]]:
        if not names and by_id:
            for c in by_id.values():
                if not c.erased:
                    names.setdefault(c.name, []).append(c)
        return names

    for row in parsed:
        by_its_code = by_code.get(row.code) if row.code else None
        by_its_phone = by_phone.get(row.phone) if row.phone else None
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
            namesakes = names_in_shop().get(row.name, [])
            if len(namesakes) > 1:
                reject(
                    row, "name", row.name, "more than one customer has this name; add a code or phone column"
                )
                continue
            match = namesakes[0] if namesakes else None
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
    _resolve_referrers(
        run, good, by_code, by_phone, by_id, rows_by_code, rows_by_phone, names_in_shop, reject
    )
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

    def write() -> None:
        _write_customers(run, good)

    return run.finish(write)


def _resolve_referrers(
    run, good, by_code, by_phone, by_id, rows_by_code, rows_by_phone, names_in_shop, reject
) -> None:
    """Each row's referrer (a code, phone or unique name, in the file or the shop), then
    refuse any row whose referrer would close a loop."""
    file_names: dict[str, list[_CustomerRow]] = {}
    for row in good:
        if row.name:
            file_names.setdefault(row.name, []).append(row)
    for row in good:
        if not row.referrer:
            continue
        text = row.referrer
        target_row = rows_by_code.get(text)
        target = by_code.get(text)
        if target_row is None and target is None:
            try:
                phone = customer_service.valid_phone(text, run.region)
            except InvalidInput:
                phone = None
            if phone:
                target_row, target = rows_by_phone.get(phone), by_phone.get(phone)
        if target_row is None and target is None:
            in_file = file_names.get(text, [])
            in_shop = [c for c in names_in_shop().get(text, []) if not any(r.match is c for r in in_file)]
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
    # Loops: follow referrers through the file's rows and the shop's customers.
    parent_of_row = {id(row): row for row in good}
    for row in good:
        if row.row in run.bad_rows or (row.referrer_id is None and row.referrer_row is None):
            continue
        seen_rows: set[int] = {id(row)}
        seen_ids: set[int] = {row.match.id} if row.match else set()
        chain = [row.name or row.code or str(row.row)]
        node_row, node_id = row.referrer_row, row.referrer_id
        loop = False
        for _ in range(len(by_id) + len(good) + 1):
            if node_row is not None:
                if id(node_row) in seen_rows or (node_row.match and node_row.match.id in seen_ids):
                    loop = True
                    break
                seen_rows.add(id(node_row))
                chain.append(node_row.name or node_row.code or str(node_row.row))
                node_row, node_id = node_row.referrer_row, node_row.referrer_id
                continue
            if node_id is None:
                break
            if node_id in seen_ids:
                loop = True
                break
            seen_ids.add(node_id)
            existing = by_id.get(node_id)
            if existing is None:
                break
            chain.append(existing.name)
            # A customer in the file has the file's referrer, else the shop's.
            in_file = rows_by_code.get(existing.code) or (
                existing.phone and rows_by_phone.get(existing.phone)
            )
            if in_file is not None and id(in_file) in parent_of_row and in_file.row not in run.bad_rows:
                if in_file.referrer_id is not None or in_file.referrer_row is not None:
                    if id(in_file) in seen_rows:
                        loop = True
                        break
                    seen_rows.add(id(in_file))
                    node_row, node_id = in_file.referrer_row, in_file.referrer_id
                    continue
            node_row, node_id = None, existing.referrer_id
        if loop:
            reject(row, "referrer", row.referrer, "referrals would go round in a loop: %1", " → ".join(chain))


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


def _write_customers(run: _Run, good: list[_CustomerRow]) -> None:
    result = run.result
    today = clock.today()
    new_rows = [row for row in good if row.match is None]
    given = [row.code for row in new_rows if row.code]
    codes = iter(customer_service.next_codes(sum(1 for row in new_rows if not row.code), also_taken=given))
    for row in new_rows:
        if not row.code:
            row.code = next(codes)
    inserts = []
    for row in new_rows:
        source = row.source or ("referral" if (row.referrer_id or row.referrer_row) else "import")
        inserts.append(
            (
                row.code,
                row.name,
                row.phone,
                row.wechat,
                row.birthday,
                row.joined or today,
                source,
                row.referrer_id,
                customer_service.tags_column(row.tags),
                row.notes or "",
                search_key(row.name, row.phone, row.code, row.wechat),
            )
        )
    run.step(0.6, "writing")
    position = {id(row): index for index, row in enumerate(new_rows)}
    parents = [position.get(id(row.referrer_row)) for row in new_rows]
    for row, new_id in zip(new_rows, _insert_customers(inserts, parents), strict=True):
        row.id = new_id
    result.created = len(new_rows)
    run.step(0.75, "writing")
    updates, touched, changes = [], set(), []
    now = clock.now()
    for row in good:
        if row.match is None:
            continue
        c = row.match
        referrer = row.referrer_row.id if row.referrer_row is not None else row.referrer_id
        tags = list(customer_service.normalize_tags(c.tags.strip(",").split(","))) if c.tags else []
        tags += [t for t in row.tags if t not in tags]
        new = (
            row.name or c.name,
            row.phone or c.phone,
            row.wechat or c.wechat,
            row.birthday or c.birthday,
            row.joined or c.joined,
            row.source or c.source,
            referrer if referrer is not None else c.referrer_id,
            customer_service.tags_column(tags),
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
        with imports.rewriting_search_keys([row[-1] for row in updates]):
            executemany(
                "UPDATE customer SET name = ?, phone = ?, wechat = ?, birthday = ?, joined = ?, source = ?,"
                " referrer_id = ?, tags = ?, notes = ?, search_key = ?, updated_at = ? WHERE id = ?",
                updates,
            )
    touched.update(row.referrer_id for row in new_rows if row.referrer_id is not None)
    touched.update(row.referrer_row.id for row in new_rows if row.referrer_row is not None)
    run.step(0.85, "levels")
    if touched:
        level_service.refresh_customers(touched)
    result.import_id = imports.record_import(
        run.actor,
        "customers",
        {"file": Path(result.path).name, "created": result.created, "updated": result.updated},
        (row.id for row in new_rows),
        [],
        changes,
    )


# --- visits -----------------------------------------------------------------------------


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
    key = _KINDS_BY_WORD.get(_normal(values.text(value)))
    if key is None:
        raise InvalidInput("kind", "is not one of purchase, visit, service, event, refund")
    return key


def _parse_visit(run: _Run, number: int, cells: list[Any], staff: dict[str, int]) -> _VisitRow | None:
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

    code = read("code", lambda v: customer_service.valid_code(values.text(v)))
    phone = read("phone", lambda v: _phone(v, run.region))
    name = read("name", lambda v: customer_service.valid_name(values.text(v)))
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


def import_visits(
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    mapping: dict[str, str] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    actor: Actor | None = None,
    limits: Limits | None = None,
) -> ImportResult:
    """Add the file's visits; an unknown customer code creates that customer."""
    run = _Run("visits", path, dry_run, skip_invalid, mapping, progress, cancelled, actor, limits)
    missing = [name for name in ("date",) if name not in run.columns]
    if not {"code", "phone"} & set(run.columns):
        missing.insert(0, "code or phone")
    if missing:
        raise UnknownColumns(str(path), f"no column for the visit's {' and '.join(missing)}")
    run.step(0.02, "reading")
    staff = {
        name.casefold(): sid
        for sid, name in database.execute_sql("SELECT id, name FROM staff ORDER BY id DESC")
    }
    by_code, by_phone, _ = _existing_customers()
    visits: list[_VisitRow] = []
    for number, cells in run.rows():
        visit = _parse_visit(run, number, cells, staff)
        if visit is not None:
            visits.append(visit)
    run.step(0.4, "checking")
    new_customers: dict[str, dict[str, Any]] = {}  # code: {name, phone, joined}
    phones_taken: dict[str, str] = {}
    # Rows with a code first: the customers this file creates are known before the rows
    # that name a customer by phone only.
    for v in sorted(visits, key=lambda v: v.code is None):
        _find_customer(run, v, by_code, by_phone, new_customers, phones_taken)
    good = [v for v in visits if v.row not in run.bad_rows]

    def write() -> None:
        _write_visits(run, good, new_customers)

    return run.finish(write)


def _find_customer(run: _Run, v: _VisitRow, by_code, by_phone, new_customers, phones_taken) -> None:
    """The visit's customer (by code, else phone), or the new customer an unknown code
    makes; a row naming two different customers, or nobody, is an error."""
    known = by_code.get(v.code) if v.code else None
    by_its_phone = by_phone.get(v.phone) if v.phone else None
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


def _write_visits(run: _Run, good: list[_VisitRow], new_customers: dict[str, dict[str, Any]]) -> None:
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
    ids = dict(zip(codes, _insert_customers(inserts), strict=True))
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
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        for cid, joined in database.execute_sql(
            f"SELECT id, joined FROM customer WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            joined = as_date(joined)
            if joined > earliest[cid]:
                out.append((cid, {"joined": joined}, {"joined": earliest[cid]}))
    return out


def write_errors(result: ImportResult, out: str | Path, language: str | None = None) -> Path:
    """The invalid rows as a workbook: row number, column, value and reason, then the
    row as it was in the file, so the owner can fix it and import it again."""
    from crm.io import sheets
    from crm.reports.labels import Labels
    from crm.reports.workbook import check_target, save_atomically

    target = Path(out).expanduser().resolve()
    check_target(target)
    t = Labels(language or settings.get("language") or "en")
    book = sheets.new_workbook()
    header = [t("Row"), t("Column"), t("Value"), t("Reason"), *result.headers]
    sheet = sheets.add_sheet(book, t("Invalid rows"), header, [8, 14, 18, 48] + [14] * len(result.headers))
    # The rows as they were in the file, read again: an import holds no copy of every row.
    wanted = {error.row for error in result.errors}
    original: dict[int, list[Any]] = {}
    table = read_table(result.path)
    try:
        for number, cells in table.rows:
            if number in wanted:
                original[number] = [values.as_written(v) for v in cells]
    finally:
        table.close()
    for error in result.errors:
        row = [error.row, error.column, error.value, error.reason, *original.get(error.row, [])]
        sheet.append(sheets.safe_row(sheet, row))
    sheets.filter_all(sheet, len(header), len(result.errors))
    save_atomically(book, target)
    return target


# The headers a template carries, in the shop's language, and an example row.
TEMPLATE_HEADERS = {
    "customers": {
        "zh": ["会员号", "姓名", "手机", "微信", "生日", "入会日期", "来源", "推荐人", "标签", "备注"],
        "en": [
            "Code",
            "Name",
            "Phone",
            "WeChat",
            "Birthday",
            "Joined",
            "Source",
            "Referrer",
            "Tags",
            "Notes",
        ],
    },
    "visits": {
        "zh": ["会员号", "手机", "姓名", "日期", "时间", "类型", "金额", "数量", "备注", "店员"],
        "en": ["Code", "Phone", "Name", "Date", "Time", "Kind", "Amount", "Quantity", "Note", "Staff"],
    },
}
TEMPLATE_EXAMPLES = {
    "customers": {
        "zh": ["C000001", "王丽", "138 1234 5678", "wangli88", "1990-03-05", "2026-01-15", "进店", "",
               "VIP,老客", ""],
        "en": ["C000001", "Wang Li", "138 1234 5678", "wangli88", "1990-03-05", "2026-01-15", "walk_in", "",
               "VIP", ""],
    },
    "visits": {
        "zh": ["C000001", "", "", "2026-06-01", "10:30", "购买", "128.50", "1", "", ""],
        "en": ["C000001", "", "", "2026-06-01", "10:30", "purchase", "128.50", "1", "", ""],
    },
}  # fmt: skip


def _typed(example: str) -> tuple[Any, str | None]:
    """An example cell as a spreadsheet would hold it: dates, times and amounts as such
    (with their display format), everything else (codes, phones) as text."""
    for parse, fmt in ((date.fromisoformat, "yyyy-mm-dd"), (time.fromisoformat, "hh:mm")):
        try:
            return parse(example), fmt
        except ValueError:
            pass
    if re.fullmatch(r"[0-9]+\.[0-9]+", example):
        return float(example), "0.00"
    if re.fullmatch(r"[0-9]{1,3}", example):
        return int(example), None
    return example, None


def write_template(kind: str, out: str | Path, language: str | None = None) -> Path:
    """An empty workbook to fill in: the headers the importer reads, and one example row."""
    from openpyxl.styles import Font

    from crm.io import sheets
    from crm.reports.workbook import check_target, save_atomically

    if kind not in KINDS:
        raise InvalidInput("kind", f"must be one of {', '.join(KINDS)}")
    lang = "zh" if (language or settings.get("language") or "en").startswith("zh") else "en"
    target = Path(out).expanduser().resolve()
    check_target(target)
    book = sheets.new_workbook()
    title = {"zh": {"customers": "顾客", "visits": "消费记录"}, "en": {}}[lang].get(kind, kind.title())
    headers = TEMPLATE_HEADERS[kind][lang]
    sheet = sheets.add_sheet(
        book, title, headers, [14] * len(headers), font=Font(bold=True), fill=sheets.NO_FILL
    )
    example = Font(italic=True, color="808080")
    sheet.append(
        [sheets.cell(sheet, *_typed(value), font=example) for value in TEMPLATE_EXAMPLES[kind][lang]]
    )
    save_atomically(book, target)
    return target


def import_file(kind: str, path: str | Path, **options: Any) -> ImportResult:
    """``import_customers`` or ``import_visits`` by name."""
    if kind == "customers":
        return import_customers(path, **options)
    if kind == "visits":
        return import_visits(path, **options)
    raise InvalidInput("kind", f"must be one of {', '.join(KINDS)}")
