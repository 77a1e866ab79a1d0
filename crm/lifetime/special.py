"""The scipy functions the lifetime models use, imported on first use.

scipy takes about a third of a second to import, more than the rest of the app's start-up
together; the models run only when the estimates are worked out or read, so the app opens
without it. ``special.gammaln(...)`` is ``scipy.special.gammaln(...)``; ``special.minimize``
is ``scipy.optimize.minimize``. The imports are written out (not a module name in a string)
so the installer's bundler finds scipy and packs it.
"""

from __future__ import annotations


def __getattr__(name: str):
    if name == "minimize":
        from scipy import optimize

        value = optimize.minimize
    else:
        from scipy import special

        value = getattr(special, name)
    globals()[name] = value  # found here from now on, without this call
    return value
