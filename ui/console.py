"""Text output for a windowed build.

On Windows the installed app is a GUI program with no console, so ``--version`` and
``--selftest`` would print into the void. Started from a terminal, it writes to
that terminal instead; started from the Start menu, nothing changes.
"""

from __future__ import annotations

import sys


def attach() -> None:
    if sys.platform != "win32" or (sys.stdout is not None and sys.stderr is not None):
        return
    import ctypes

    attach_parent_process = -1
    if not ctypes.windll.kernel32.AttachConsole(attach_parent_process):
        return
    stream = open("CONOUT$", "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - lives as long as the app
    sys.stdout = sys.stdout or stream
    sys.stderr = sys.stderr or stream
