"""SPEC 7 "app start to a usable customer list" on a big shop.

    .venv/bin/python benchmarks/startup_bench.py DB [RUNS]

Starts the app in a fresh process each run (Qt offscreen) on the Customers page
and times from launching the process to the list holding every customer.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys, time
t_import = time.time()
from PySide6.QtWidgets import QApplication
from crm.db import open_database
from ui import i18n
from ui.main_window import build_window
app = QApplication(sys.argv)
app.setOrganizationName("ShopCircleBench"); app.setApplicationName("ShopCircleBench")
i18n.install(app, "en")
open_database(sys.argv[1])
w = build_window(sys.argv[1], None, "en")
page = w.show_page("customers")
w.show()
def done(count):
    app.processEvents()
    print(f"LOADED {time.time():.4f} {count}", flush=True)
    app.quit()
page.list.loaded.connect(done)
app.exec()
"""
db = sys.argv[1]
times = []
for i in range(int(sys.argv[2]) if len(sys.argv) > 2 else 5):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, db],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(ROOT),
    ).stdout
    line = next(text for text in out.splitlines() if text.startswith("LOADED"))
    times.append(float(line.split()[1]) - t0)
    print(f"run {i + 1}: {times[-1]:.3f} s to {line.split()[2]} customers listed")
print(f"median {statistics.median(times):.3f} s, best {min(times):.3f} s")
