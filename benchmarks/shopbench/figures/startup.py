"""Figure ``startup``: start to a usable customer list, median, through the real app.

Each run launches ``python -m ui.app --db LOCATION --no-refresh`` in a fresh process (Qt
offscreen, a private HOME, bytecode kept as an installed app keeps it) with
``SHOPCIRCLE_STARTUP_PROBE=1``: the app then keeps its settings in a temporary folder, lands on
the Customers page, prints ``FIRST <count> <epoch seconds>`` once the first screen of rows is
painted and ``READY <count> <epoch seconds>`` once the whole list is loaded, and quits. The
figure is launch to FIRST (SPEC 7 lets the rest of the list follow); launch to READY is
reported beside it. So the figure counts all the app does before a shop owner can search:
argument parsing, its temporary folders, the icon, opening and migrating the database, the
sign-in, the window.

A second start of each run leaves out ``--no-refresh``, as a shop owner starts the app: it
refreshes the levels on a worker thread meanwhile (then makes the day's backup and refits the
lifetime models), and ``with_refresh_median_ms`` says whether that slows the first screen.
Those starts write to the shop, so they run on a copy of their own when one is given.

Floor: a bare Qt window in a fresh process (import PySide6, a QApplication, a QMainWindow
shown, its first paint), launched the same way. The three starts of a run are interleaved,
so all see the same machine load.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from ..common import ROOT, stats

BARE_QT_CHILD = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
class Window(QMainWindow):
    painted = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print(f"FIRST 0 {time.time():.4f}", flush=True)
            QTimer.singleShot(0, app.quit)
w = Window()
w.resize(1366, 800)
w.show()
app.exec()
"""

# A start that hangs (a dialog nobody can answer offscreen) fails the figure instead of the run.
TIMEOUT_SECONDS = 300


def app_command(location: str, refresh: bool) -> list[str]:
    return [sys.executable, "-m", "ui.app", "--db", location, *([] if refresh else ["--no-refresh"])]


def launch(command: list[str], home: str) -> dict[str, tuple[float, int]]:
    """Milliseconds from launching ``command`` to each of its FIRST and READY lines, with the
    row count each gives."""
    env = dict(
        os.environ,
        SHOPCIRCLE_STARTUP_PROBE="1",
        QT_QPA_PLATFORM="offscreen",
        HOME=home,
        XDG_CONFIG_HOME=f"{home}/.config",
    )
    # An installed app runs from compiled bytecode; a process told not to keep it would compile
    # every module on each start (a quarter of a second here) and time that instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=TIMEOUT_SECONDS)
    marks: dict[str, tuple[float, int]] = {}
    for line in done.stdout.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] in ("FIRST", "READY") and words[0] not in marks:
            marks[words[0]] = ((float(words[2]) - started) * 1000, int(words[1]))
    if "FIRST" not in marks:
        raise RuntimeError(f"the process did not show its first screen: {done.stderr.strip()[-500:]}")
    return marks


def _app_start(location: str, refresh: bool, home: str) -> tuple[float, float, int]:
    """One start of the app: ms to the first screen, ms to the whole list, customers listed."""
    marks = launch(app_command(location, refresh), home)
    if "READY" not in marks:
        raise RuntimeError("the app showed its first screen but never loaded the whole list")
    return marks["FIRST"][0], marks["READY"][0], marks["READY"][1]


def measure_startup(location: str, runs: int, refreshing: str | None = None) -> dict:
    """``runs`` starts without the refresh (the figure), with it (on ``refreshing``, a copy the
    app may write to; the shop itself when None), and of the bare window, interleaved."""
    first, whole, first_refreshing, whole_refreshing, floors, listed = [], [], [], [], [], 0
    with tempfile.TemporaryDirectory() as home:
        launch([sys.executable, "-c", BARE_QT_CHILD], home)  # warm-up: the file cache
        for _ in range(runs):
            shown, loaded, listed = _app_start(location, refresh=False, home=home)
            first.append(shown)
            whole.append(loaded)
            shown, loaded, _ = _app_start(refreshing or location, refresh=True, home=home)
            first_refreshing.append(shown)
            whole_refreshing.append(loaded)
            floors.append(launch([sys.executable, "-c", BARE_QT_CHILD], home)["FIRST"][0])
    measured, floor, refreshed = stats(first), stats(floors), stats(first_refreshing)
    what = (
        "a bare Qt window in a fresh process (import PySide6, QApplication, a QMainWindow shown, first paint)"
    )
    return {
        "figure": "start to a usable customer list: first screen of rows (fresh process, offscreen)",
        "key": "startup",
        "stat": "median",
        "ms": measured["median_ms"],
        **measured,
        "command": "python -m ui.app --db LOCATION --no-refresh, SHOPCIRCLE_STARTUP_PROBE=1",
        "listed": listed,
        # The whole list, loaded behind the first screen (SPEC 7 lets it follow).
        "whole_list_median_ms": stats(whole)["median_ms"],
        # The app as a shop owner starts it: the level refresh on a worker thread meanwhile.
        "with_refresh_median_ms": refreshed["median_ms"],
        "with_refresh_p95_ms": refreshed["p95_ms"],
        "with_refresh_whole_list_median_ms": stats(whole_refreshing)["median_ms"],
        "floor": {"what": what, "ms": floor["median_ms"], **floor},
    }
