"""ShopCircle (店圈): everything but the screen."""

from __future__ import annotations


def version() -> str:
    """The installed package's version (the frozen app carries the package metadata too)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("shopcircle")
    except PackageNotFoundError:  # run from a bare source tree
        return "0+unknown"
