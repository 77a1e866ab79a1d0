"""The SPEC section 7 benchmark, run by ``benchmarks/bench.py``: every figure beside a floor
measured in the same run.

Where to look: ``figures/`` holds one module per figure (how it is measured, and its floor);
``budgets.py`` SPEC 7's budgets and the verdict; ``demo.py`` the cached demo shop;
``engines.py`` and ``pg_server.py`` the SQLite files and PostgreSQL databases it lives in;
``run.py`` the order of a run; ``report.py`` and ``verify.py`` the table, the JSON and
``--verify``; ``cli.py`` the command's options.
"""
