"""The rows of a customers import: each checked with the customer form's own rules,
matched to a customer of the shop (code, then phone, then a unique name) and to no other
row, its referrer found (:mod:`crm.io.importer.referrers`); then the new customers
written in bulk and the others updated where the file changes them
(:mod:`crm.io.importer.customer_writes`).

The rows are staged in temporary tables as they are read (:mod:`crm.io.importer.staging`)
and checked there by statements, so a million rows are not a million objects here.
"""

from __future__ import annotations

from collections.abc import Iterator

from crm.io.importer.columns import UnknownColumns
from crm.io.importer.customer_cells import parser
from crm.io.importer.customer_checks import check_joined, match_rows, refuse_orphans
from crm.io.importer.customer_writes import write_customers
from crm.io.importer.referrers import refuse_loops, resolve_referrers
from crm.io.importer.run import ImportResult, Run
from crm.io.importer.staging import Staging


def import_rows(run: Run) -> ImportResult:
    """Add the file's new customers and update the ones the shop already has."""
    if not {"code", "name", "phone"} & set(run.columns):
        raise UnknownColumns(run.result.path, "no column for the customer's name, code or phone")
    run.step(0.02, "reading")
    with Staging() as staged:
        staged.fill(_checked_rows(run))
        run.step(0.4, "checking")
        match_rows(run)
        resolve_referrers(run)
        refuse_loops(run)
        check_joined(run)
        refuse_orphans(run)
        return run.finish(lambda: write_customers(run))


def _checked_rows(run: Run) -> Iterator[tuple]:
    """The file's rows whose cells pass the form's checks, as staged; the checks' memory of
    the values they saw goes with this generator, before the rows are checked together."""
    parse = parser(run)
    for number, cells in run.rows():
        row = parse(number, cells)
        if row is not None:
            yield row
