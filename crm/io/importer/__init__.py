"""Importing customers and visits from CSV or XLSX (SPEC 6).

Columns are found by their header in English or Chinese, or by an explicit
mapping (:mod:`.columns`). Every row is checked before anything is written;
without ``skip_invalid`` one bad row means nothing is imported and every bad row
is listed (row number, column, reason). The whole import is one transaction, so
a failure half-way leaves the shop as it was (:mod:`.run`). Re-importing a file
adds nothing twice: customers are matched on their code, then their phone
(:mod:`.customer_rows`), and a visit already in the shop (same customer, time,
kind, amount, quantity and note) is not added again (:mod:`.visit_rows`).

A customers import stages its rows in temporary tables as it reads them and checks them
there (:mod:`.staging`), so a million rows are never a million objects. Rows are validated
with the services' own rules and written in bulk
(:mod:`crm.services.bulk`: ``executemany``, the trigram search table filled once
at the end instead of row by row), and levels refreshed once for everyone the
import touched. The invalid rows and empty templates are workbooks
(:mod:`.workbooks`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crm.io.importer import customer_rows, visit_rows
from crm.io.importer.columns import (
    ALIASES,
    FIELDS,
    KIND_WORDS,
    KINDS,
    SOURCE_WORDS,
    Preview,
    UnknownColumns,
    match_columns,
    parse_mapping,
    preview,
)
from crm.io.importer.run import ImportCancelled, ImportConflict, ImportResult, Progress, RowError, Run
from crm.io.importer.workbooks import TEMPLATE_EXAMPLES, TEMPLATE_HEADERS, write_errors, write_template

__all__ = [
    "ALIASES",
    "FIELDS",
    "KINDS",
    "KIND_WORDS",
    "SOURCE_WORDS",
    "TEMPLATE_EXAMPLES",
    "TEMPLATE_HEADERS",
    "ImportCancelled",
    "ImportConflict",
    "ImportResult",
    "Preview",
    "Progress",
    "RowError",
    "UnknownColumns",
    "import_customers",
    "import_file",
    "import_visits",
    "match_columns",
    "parse_mapping",
    "preview",
    "write_errors",
    "write_template",
]

_READERS = {"customers": customer_rows.import_rows, "visits": visit_rows.import_rows}


def import_file(kind: str, path: str | Path, **options: Any) -> ImportResult:
    """Import ``path`` as ``kind`` (customers or visits). The options (dry_run,
    skip_invalid, mapping, progress, cancelled, actor, limits) are those of :class:`.run.Run`."""
    run = Run(kind, path, **options)  # refuses a kind it does not know
    with _without_cycle_collection():
        return _READERS[kind](run)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's collector of reference cycles paused for the block. A visits import holds a
    row object for each of a million rows and makes none of them into cycles; the collector
    would go through them all again and again as the import makes more (100,000 customers,
    when the customers import held them too: half a second of seven). Whatever is left in a
    cycle is collected after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def import_customers(path: str | Path, **options: Any) -> ImportResult:
    """Add the file's new customers and update the ones the shop already has (options:
    those of :func:`import_file`)."""
    return import_file("customers", path, **options)


def import_visits(path: str | Path, **options: Any) -> ImportResult:
    """Add the file's visits; an unknown customer code creates that customer (options:
    those of :func:`import_file`)."""
    return import_file("visits", path, **options)
