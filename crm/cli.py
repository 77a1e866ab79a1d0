"""``shopcircle-cli`` (also ``python -m crm``): the back office without the window.

A thin layer over the services (SPEC section 6). Exit codes: 0 success, 2 a
user's mistake (bad option, bad date, a database that cannot be used, a
database kept busy by another program) with one line on stderr, 1 anything
unexpected, also in one line; set ``SHOPCIRCLE_DEBUG=1`` to see the traceback
of an unexpected error.

The command line acts as the owner of the file it opens (SPEC 8): whoever can
run it on the shop's file could open the file anyway, so it may back up,
restore, check and repair; the services are called with ``actor=None``.

Dates run from 1900-01-01 to 9999-11-30 (months 1900-01 to 9999-11): a report
looks a year back and a level a window back from the date, so both ends keep
room for that arithmetic.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import unicodedata
from datetime import date
from functools import partial
from pathlib import Path

from crm import dates
from crm.errors import without_password
from crm.plural import counted

PROG = "shopcircle-cli"


class UsageError(Exception):
    """Raised instead of argparse's print-usage-and-exit, so the message stays one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D102 - argparse hook
        raise UsageError(f"{message} (see {self.prog} --help)")


FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9999, 11, 30)


def _date(text: str) -> date:
    try:
        day = dates.parse(text, dates.ISO_DAY)[0]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-06-30") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(f"{text} is out of range: use a date from {FIRST_DAY} to {LAST_DAY}")
    return day


def _month(text: str) -> str:
    try:
        first = dates.parse(text + "-01", dates.ISO_DAY)[0]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month like 2026-06") from None
    if not FIRST_DAY <= first <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"{text} is out of range: use a month from {FIRST_DAY:%Y-%m} to {LAST_DAY:%Y-%m}"
        )
    return text


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from crm.db import default_location

    parser = _Parser(
        prog=PROG,
        description="ShopCircle (店圈) back office on the command line. It acts as the owner of the"
        " database it opens: backups, restores, checks and repairs included.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None,
        help=f"SQLite file or postgresql:// URL (default: $SHOPCIRCLE_DB, else {default_location()})",
    )
    from crm import version

    parser.add_argument("--version", action="version", version=f"ShopCircle {version()}")
    # --db is also accepted after the command; SUPPRESS keeps the global value when it is not.
    after = _Parser(add_help=False)
    after.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, parser_class=partial(_Parser, parents=[after])
    )

    commands.add_parser("init", help="create or migrate the database")

    demo = commands.add_parser("demo", help="fill an empty database with a deterministic demo shop")
    demo.add_argument("--customers", type=_count, default=2000, metavar="N", help="customers (default 2000)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    demo.add_argument("--until", type=_date, default=None, metavar="YYYY-MM-DD", help="last day of history")

    imports = commands.add_parser("import", help="import customers or visits from CSV or XLSX")
    imports.add_argument("what", choices=("customers", "visits"))
    imports.add_argument("file", metavar="FILE")
    imports.add_argument("--dry-run", action="store_true", help="check and count, change nothing")
    imports.add_argument("--skip-invalid", action="store_true", help="import the valid rows, report the rest")
    imports.add_argument("--errors", metavar="OUT.xlsx", help="write the invalid rows to a workbook")
    imports.add_argument(
        "--map",
        nargs="+",
        action="extend",
        default=[],
        metavar="SOURCE=FIELD",
        help="read column SOURCE as FIELD (e.g. 手机号码=phone)",
    )

    levels = commands.add_parser("levels", help="level distribution (refreshes stored levels)")
    levels.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD")
    levels.add_argument("--json", action="store_true", help="print JSON")

    report = commands.add_parser("report", help="the monthly metrics (SPEC 4)")
    report.add_argument("--month", type=_month, required=True, metavar="YYYY-MM")
    report.add_argument("--json", action="store_true", help="print JSON with exactly the metric keys")

    export = commands.add_parser("export", help="write the monthly Excel report")
    export.add_argument("--month", type=_month, required=True, metavar="YYYY-MM")
    export.add_argument("--out", required=True, metavar="FILE.xlsx")
    export.add_argument(
        "--lang", choices=("en", "zh_CN"), default=None, help="labels (default: the shop's language setting)"
    )

    backup = commands.add_parser("backup", help="copy the database to a file, safely while the app runs")
    backup.add_argument(
        "--out",
        metavar="FILE",
        help="default: a dated file in the backups folder; a folder: a dated file in it; an existing"
        " file is replaced only when it is a ShopCircle backup",
    )
    restore = commands.add_parser(
        "restore",
        help="replace the data with a backup's (the current data is copied aside first); "
        "onto a database that does not exist yet, create it from the backup (a new computer)",
    )
    restore.add_argument("file", metavar="FILE")
    check = commands.add_parser("check", help="check the database for damage and broken rules")
    check.add_argument(
        "--repair", action="store_true", help="also put right what can be (joined dates, the search index)"
    )
    from crm import cli_customer, cli_lifetime, cli_staff

    cli_customer.add_commands(commands)
    cli_lifetime.add_commands(commands)
    cli_staff.add_commands(commands)
    return parser


def _open(location: str, create: bool = True):
    from crm.db import open_database

    return open_database(location, create=create)


def cmd_init(args) -> int:
    from crm.db import has_schema, make_database, open_database, pending_migrations, schema_version

    probe = make_database(args.db)
    try:
        probe.connect()
        existed = has_schema(probe)
        pending = pending_migrations(probe) if existed else []
    finally:
        probe.close()
    db = open_database(args.db)
    if not existed:
        print(f"Created a new ShopCircle database at {without_password(args.db)}")
    elif pending:
        applied = ", ".join(pending)
        where = without_password(args.db)
        print(f"Migrated {where}: applied {applied} (the old file was copied aside first)")
    else:
        print(f"{without_password(args.db)} is up to date (schema {schema_version(db)[-1]})")
    return 0


def cmd_demo(args) -> int:
    from crm import demo

    _open(args.db)
    progress = None
    if sys.stderr.isatty():

        def progress(fraction: float, message: str) -> None:
            end = "\n" if fraction >= 1 else ""
            print(f"\rdemo: {fraction:4.0%} {message:<20}", end=end, file=sys.stderr, flush=True)

    summary = demo.generate(args.customers, seed=args.seed, until=args.until, progress=progress)
    print(
        f"Demo shop written to {without_password(args.db)} in {summary.seconds:.1f} s "
        f"(seed {summary.seed}, history up to {summary.until.isoformat()}):"
    )
    print(
        f"  {counted(summary.customers, 'customer')}, {counted(summary.visits, 'visit')},"
        f" {counted(summary.referrals, 'referral')}, {counted(summary.communities, 'community')}"
        f" ({counted(summary.memberships, 'membership')}), {counted(summary.staff, 'staff member')},"
        f" {counted(summary.tasks, 'task')}"
    )
    return 0


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def cmd_levels(args) -> int:
    from crm import clock
    from crm.levels import LEVEL_NAMES_EN, LEVEL_NAMES_ZH, LEVELS, SUPER_USER_LEVELS
    from crm.services import levels

    _open(args.db, create=False)
    if args.as_of is None:
        as_of = clock.today()
        levels.refresh_all(as_of)
        counts = levels.distribution()
    else:
        as_of = args.as_of
        counts = levels.distribution(as_of)
    counts = {key: int(counts.get(key, 0)) for key in LEVELS}
    if args.json:
        print(json.dumps({"as_of": as_of.isoformat(), "levels": counts}, ensure_ascii=False))
        return 0
    total = sum(counts.values())
    print(f"Levels as of {as_of.isoformat()} — {counted(total, 'customer')} joined by then")
    aside = levels.set_aside() if args.as_of is None else 0
    if aside:  # so this total and the app's (current customers only) are told apart
        print(f"of them {counted(aside, 'customer')} archived or erased, whom the app's screens leave out")
    labels = [f"{zh} {en}" for zh, en in zip(LEVEL_NAMES_ZH, LEVEL_NAMES_EN, strict=True)]
    width = max(display_width(label) for label in labels) + 2
    print(f"{pad('level', width)}{'count':>9}{'share':>9}")
    for key, label in zip(LEVELS, labels, strict=True):
        share = counts[key] / total if total else 0.0
        print(f"{pad(label, width)}{counts[key]:>9}{share:>9.1%}")
    super_users = sum(counts[LEVELS[i]] for i in SUPER_USER_LEVELS)
    print(f"超级用户 super users (strong + super-strong): {super_users}")
    return 0


def cmd_report(args) -> int:
    from crm.reports.labels import Labels
    from crm.reports.monthly import report_json

    _open(args.db, create=False)
    values = report_json(args.month)
    if args.json:
        print(json.dumps(values, ensure_ascii=False))
        return 0
    t = Labels("en")
    print(f"Monthly report {values['month']}")
    for key, value in values.items():
        if key == "month":
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            value = "; ".join(" ".join(str(n) for n in row) for row in value)
        label = t.metric(key) if key not in ("levels_start", "levels_end", "level_migration") else key
        print(f"  {label:<28} {value}")
    return 0


def _progress_printer(label: str):
    if not sys.stderr.isatty():
        return None

    def progress(fraction: float, message: str) -> None:
        end = "\n" if fraction >= 1 else ""
        print(f"\r{label}: {fraction:4.0%} {message:<24}", end=end, file=sys.stderr, flush=True)

    return progress


def cmd_export(args) -> int:
    from crm.reports import workbook

    _open(args.db, create=False)
    progress = _progress_printer("export")
    path = workbook.export(args.month, args.out, language=args.lang, progress=progress, actor=None)
    print(f"Wrote the {args.month} report to {path}")
    return 0


def cmd_import(args) -> int:
    from crm.io import importer

    mapping = importer.parse_mapping(args.map, args.what)
    _open(args.db, create=False)
    progress = _progress_printer("import")
    try:
        result = importer.import_file(
            args.what,
            args.file,
            dry_run=args.dry_run,
            skip_invalid=args.skip_invalid,
            mapping=mapping,
            progress=progress,
        )
    except importer.UnknownColumns as exc:
        _fail(f"error: {exc}; say which column is which with --map SOURCE=FIELD")
        return 2
    print(result.summary())
    if result.ignored:
        print(f"ignored columns: {', '.join(result.ignored)}")
    for error in result.errors:
        print(f"  {error}", file=sys.stderr)
    if result.errors and args.errors:
        path = importer.write_errors(result, args.errors)
        print(f"the invalid rows are in {path}", file=sys.stderr)
    if result.errors and not args.skip_invalid:
        _fail(f"error: {result.invalid_rows} invalid rows; nothing imported (fix them or use --skip-invalid)")
        return 2
    return 0


def cmd_backup(args) -> int:
    from crm.services import backup

    _open(args.db, create=False)
    path = backup.backup(args.out, progress=_progress_printer("backup"), actor=None)
    size = path.stat().st_size / 1024 / 1024
    print(f"Backed up to {path} ({size:.1f} MB)")
    return 0


def cmd_restore(args) -> int:
    from crm.db import is_postgres
    from crm.services import backup

    if not is_postgres(args.db) and args.db != ":memory:" and not Path(args.db).expanduser().exists():
        info = backup.restore_new(args.file, args.db, progress=_progress_printer("restore"), actor=None)
        print(f"Created {Path(args.db).expanduser().resolve()} from the backup")
        before = None
    else:
        _open(args.db, create=False)
        info = backup.inspect(args.file)
        before = backup.restore(args.file, progress=_progress_printer("restore"), actor=None)
    print(
        f"Restored {info.path.name}: {counted(info.customers, 'customer')}, {counted(info.visits, 'visit')}"
        + (f" (the last on {info.last_visit})" if info.last_visit else "")
    )
    if before is not None:
        print(f"The data from before the restore is kept in {before}")
    return 0


def cmd_check(args) -> int:
    from crm.services import backup

    _open(args.db, create=False)
    result = backup.check(progress=_progress_printer("check"), actor=None)
    if args.repair and result.repairable:
        for done in backup.repair(actor=None):
            print(f"repaired: {done}")
        result = backup.check(actor=None)
    for line in result.checked:
        print(f"checked: {line}")
    if result.ok:
        print("No problems found.")
        return 0
    for problem in result.problems:
        print(f"problem: {problem}")
    _fail(f"error: {counted(len(result.problems), 'problem')} found")
    return 2


COMMANDS = {
    "init": cmd_init,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "check": cmd_check,
    "import": cmd_import,
    "demo": cmd_demo,
    "levels": cmd_levels,
    "report": cmd_report,
    "export": cmd_export,
}


def _command(name: str):
    from crm import cli_customer, cli_lifetime, cli_staff

    return (
        COMMANDS.get(name)
        or cli_customer.COMMANDS.get(name)
        or cli_lifetime.COMMANDS.get(name)
        or cli_staff.COMMANDS[name]
    )


def _fail(message: str) -> None:
    print(f"{PROG}: {' '.join(str(message).split())}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    import peewee

    from crm import tempfiles
    from crm.db import close_database, default_location, friendly_reason
    from crm.errors import DatabaseUnavailable, ShopError

    tempfiles.clear_stale()  # what a killed export or import left in the private folder

    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        _fail(f"error: {exc}")
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    args.db = args.db or default_location()
    try:
        with tempfiles.private_tempdir():
            return _command(args.command)(args)
    except ShopError as exc:
        _fail(f"error: {exc}")
        return 2
    except (peewee.DatabaseError, sqlite3.Error) as exc:
        _fail(f"error: {DatabaseUnavailable(args.db, friendly_reason(exc))}")
        return 2
    except OSError as exc:
        _fail(f"error: {exc.strerror or exc}: {exc.filename or args.db}")
        return 2
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except Exception as exc:
        if os.environ.get("SHOPCIRCLE_DEBUG"):
            raise
        _fail(f"unexpected error: {type(exc).__name__}: {exc} (set SHOPCIRCLE_DEBUG=1 for details)")
        return 1
    finally:
        close_database()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
