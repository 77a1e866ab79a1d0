"""One import as it runs: the file and its columns, the errors found so far, progress
and cancel, the one transaction that writes it, and what it gives (:class:`ImportResult`).

Every row is checked before anything is written; without ``skip_invalid`` one bad
row means nothing is imported and every bad row is listed (row number, column,
reason). The whole import is one transaction, so a failure half-way leaves the
shop as it was; a dry run rolls it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import peewee

from crm.bulk_reads import lean_reading
from crm.db import database, friendly_reason
from crm.errors import InvalidInput, ShopError, fill, shop_error
from crm.io import values
from crm.io.importer.columns import KINDS, match_columns
from crm.io.limits import Limits
from crm.io.tables import Table, read_table
from crm.plural import counted
from crm.services import settings
from crm.services.changes import NOTHING, Changes
from crm.services.common import Actor, require

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

    @property
    def changes(self) -> Changes:
        """What the import changed: it may touch any customer (levels, referrers, joined dates)."""
        if not self.imported:
            return NOTHING
        return Changes(every_customer=True, visits=self.kind == "visits")

    def summary(self) -> str:
        name, rows = Path(self.path).name, counted(self.rows, "row")
        if not self.imported and not self.dry_run:
            return f"{name}: {rows}, {self.invalid_rows} invalid; nothing imported"
        if self.kind == "customers":
            done = (
                f"{counted(self.created, 'new customer')}, {self.updated} updated, {self.unchanged} unchanged"
            )
        else:
            done = (
                f"{counted(self.visits_added, 'visit')} added, {self.visits_already} already in the shop,"
                f" {counted(self.created, 'new customer')}"
            )
        if self.dry_run:
            if self.invalid_rows:
                return (
                    f"{name}: {rows}, dry run, nothing changed; {self.invalid_rows} invalid,"
                    f" the others would give: {done}"
                )
            return f"{name}: {rows}, dry run, nothing changed; it would give: {done}"
        skipped = f"; {counted(self.invalid_rows, 'invalid row')} skipped" if self.invalid_rows else ""
        return f"{name}: {rows}, imported: {done}{skipped}"


class ImportCancelled(ShopError):
    message = "import cancelled; nothing was imported"


@shop_error
class ImportConflict(ShopError):
    detail: str
    message = (
        "the shop changed while importing (another counter added the same code or phone);"
        " nothing was imported, try again"
    )


Progress = Callable[[float, str], None]


# --- the shop as it was when the import started ----------------------------------------


# --- the run ------------------------------------------------------------------------


class Run:
    """One import: the file, the column map, the errors found so far, progress and cancel."""

    def __init__(
        self,
        kind: str,
        path: str | Path,
        *,
        dry_run: bool = False,
        skip_invalid: bool = False,
        mapping: dict[str, str] | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        actor: Actor | None = None,
        limits: Limits | None = None,
    ):
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

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
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
            raise ShopError(f"the import could not be written: {friendly_reason(exc)}") from exc
        result.imported = not result.dry_run
        if result.dry_run:
            result.import_id = None  # rolled back with the rest
        self.say(1.0, "done")
        return result
