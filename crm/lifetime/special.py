"""The scipy functions the lifetime models use, imported on first use.

scipy takes about a third of a second to import, more than the rest of the app's start-up
together; the models run only when the estimates are worked out or read, so the app opens
without it. ``special.gammaln(...)`` is ``scipy.special.gammaln(...)``; ``special.minimize``
is ``scipy.optimize.minimize``.
"""

from __future__ import annotations

_FROM = {"minimize": "scipy.optimize"}


def __getattr__(name: str):
    import importlib

    value = getattr(importlib.import_module(_FROM.get(name, "scipy.special")), name)
    globals()[name] = value  # found here from now on, without this call
    return value
