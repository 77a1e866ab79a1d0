"""``shopcircle-cli lifetime``: fit the customer lifetime models (SPEC 9) as of a date, store the
fit, and print its parameters, or one customer's figures from it (SPEC 6).

Registered by :mod:`crm.cli`; like every command it acts as the owner of the file.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

FIRST_DAY = date(1900, 1, 1)  # as crm.cli's dates


def _past_date(text: str):
    """A date like 2026-06-30, not after today: the models read the purchases up to it."""
    from crm import clock, dates

    try:
        day = dates.parse(text, dates.ISO_DAY)[0]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-06-30") from None
    if day > clock.today():
        raise argparse.ArgumentTypeError(
            f"{text} is after today ({clock.today()}); the models read the purchases up to the date"
        )
    if day < FIRST_DAY:
        raise argparse.ArgumentTypeError(f"{text} is out of range: use a date from {FIRST_DAY} to today")
    return day


def add_commands(commands) -> None:
    lifetime = commands.add_parser(
        "lifetime",
        help="fit the customer lifetime models (BG/NBD and Gamma-Gamma) and store the fit",
        description="Fits the BG/NBD purchase model and the Gamma-Gamma spend model on every customer's"
        " purchase days up to the date, stores the fit for the app, and prints its parameters; with"
        " --customer, that customer's figures from it.",
    )
    lifetime.add_argument(
        "--as-of", type=_past_date, default=None, metavar="YYYY-MM-DD", help="default: today"
    )
    lifetime.add_argument("--json", action="store_true", help="print JSON")
    lifetime.add_argument(
        "--customer",
        metavar="CODE",
        help="print this customer's P(alive), expected purchase days in 90 days, expected spend per"
        " purchase day and 12-month value",
    )


def _number(value: float | None, places: int = 4) -> float | None:
    return None if value is None else round(float(value), places)


def _customer_json(code: str, figures) -> dict:
    head = {"as_of": figures.as_of.isoformat(), "customer": code, "purchase_days": figures.purchase_days}
    if figures.p_alive is None:
        return {**head, "not_enough_data": str(figures.reason)}
    return {
        **head,
        "p_alive": _number(figures.p_alive),
        "purchases_90_days": _number(figures.purchases_90),
        "spend_per_purchase_day": _number(figures.spend_per_day, 2),
        "value_12_months": _number(figures.value_12m, 2),
    }


def _money(value: float | None, currency: str) -> str:
    from crm.money import format_amount

    return "unknown" if value is None else format_amount(round(value * 100), currency)


def _print_fit(fit) -> None:
    print(
        f"Lifetime models as of {fit.as_of.isoformat()}: {fit.customers:,} customers with a purchase,"
        f" {fit.repeat_customers:,} of them on two or more days (fitted in {fit.seconds:.1f} s)"
    )
    if not fit.ok:
        print(f"Not enough data: {fit.not_enough_data}")
        return
    bg = fit.bgnbd
    print(
        f"  BG/NBD purchases: r {bg.r:.4f}, alpha {bg.alpha:.4f}, a {bg.a:.4f}, b {bg.b:.4f};"
        f" log-likelihood {fit.log_likelihood:.2f}"
    )
    gg = fit.gamma_gamma
    if gg is None:
        print(f"  Gamma-Gamma spend: not fitted: {fit.spend_reason}")
    else:
        print(
            f"  Gamma-Gamma spend ({fit.spend_customers:,} customers): p {gg.p:.4f}, q {gg.q:.4f},"
            f" v {gg.v:.4f}; log-likelihood {fit.spend_log_likelihood:.2f}"
        )


def _print_customer(customer, figures, discount: float, currency: str) -> None:
    when = figures.as_of.isoformat()
    print(f"{customer.code} {customer.name} as of {when}; purchase days, all time: {figures.purchase_days}")
    if figures.p_alive is None and figures.purchase_days == 0:
        print(f"  No purchase by {when}: nothing to estimate yet.")
        return
    if figures.p_alive is None:
        print(f"  Not enough data: {figures.reason}")
        return
    rows = [
        ("P(alive)", f"{figures.p_alive:.2f}"),
        ("expected purchase days in 90 days", f"{figures.purchases_90:.2f}"),
        ("expected spend per purchase day", _money(figures.spend_per_day, currency)),
        (f"12-month value (discounted {discount:.4g}% a month)", _money(figures.value_12m, currency)),
    ]
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        print(f"  {label:<{width}}{value}")
    if figures.spend_per_day is None and figures.reason is not None:
        print(f"  (no spend model: {figures.reason})")


def cmd_lifetime(args) -> int:
    from crm import clock
    from crm.cli_customer import _customer
    from crm.db import open_database
    from crm.services import lifetime, settings

    open_database(args.db, create=False)
    customer = None if args.customer is None else _customer(args.customer)
    as_of = args.as_of or clock.today()
    fit = lifetime.latest()
    # One customer's figures come from today's stored fit when nothing has moved since it was
    # made (as the app reads them): looking up many customers one by one does not refit each time.
    if customer is None or fit is None or fit.as_of != as_of or lifetime.stale(fit):
        fit = lifetime.fit(as_of)
    if customer is None:
        if args.json:
            print(json.dumps(fit.as_json(), ensure_ascii=False))
        else:
            _print_fit(fit)
        return 0
    figures = lifetime.for_customer(customer.id, fit.as_of, fit)
    if args.json:
        print(json.dumps(_customer_json(customer.code, figures), ensure_ascii=False))
        return 0
    _print_fit(fit)
    _print_customer(customer, figures, lifetime.monthly_discount() * 100, settings.get("currency"))
    return 0


COMMANDS = {"lifetime": cmd_lifetime}
