"""The SPEC section 7 benchmark: every figure beside a floor measured in the same run.

    .venv/bin/python benchmarks/bench.py [--customers N] [--seed S] [--rebuild]
                                          [--engine sqlite|postgresql | --db postgresql://…]
                                          [--only FIGURE …] [--json OUT] [--report-only]

Each figure (demo build, search per keystroke, log a visit, refresh all levels,
start to a usable customer list, monthly report export, import of the customers,
lifetime fit) is printed beside a floor measured in the same run, on the same
data and the same engine (a raw bulk insert, a primary-key fetch, a raw INSERT, the
raw covering-index aggregate, a bare Qt window, a bare openpyxl dump, a raw insert
of the imported rows, the bare SQL aggregate of the lifetime fit), and their ratio:
a ratio travels between machines where a time does not.

The demo shop is built once per (customers, seed) with ``shopcircle-cli demo`` and
cached: a SQLite file under ``benchmarks/out/``, or a database in the PostgreSQL
cluster. Every run measures on a fresh copy of it (a file copy; ``CREATE DATABASE …
TEMPLATE`` on PostgreSQL), so logging visits never changes the cached shop. The
clock is fixed at noon of the demo's last day. With ``--engine postgresql`` and no
URL the benchmark starts a PostgreSQL server of its own in ``benchmarks/out/pg15/``
for the run and stops it at the end.
How each figure is measured, and its floor: ``benchmarks/shopbench/figures/``, a module each;
the budgets: ``benchmarks/shopbench/budgets.py``.
"""

import sys

from shopbench.cli import main

if __name__ == "__main__":
    sys.exit(main())
