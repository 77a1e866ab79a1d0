"""A customer's lifetime figures (SPEC 9) in words, where the owner looks: the customer page,
the counter card and the Slipping away list. "likely still a customer · about 3 purchase days
expected in 90 days · worth ¥1,240 in 12 months", the exact figures in the tooltip; without a
usable fit, why not (on the counter card, in short, the reason in the tooltip).

A customer slipping away (:attr:`CustomerFigures.slipping`) is worth little in the model's
12-month value, which counts the chance they have gone; what the shop stands to lose is the
value at risk. The page, the card and the list all say that figure, in the same words, with the
same explanation (:func:`risk_explanation`).

The reasons :mod:`crm.services.lifetime` gives (``NotEnoughData`` templates with %1 …) are
translated here, so a Chinese app never shows them in English.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from crm.money import format_amount
from crm.services import lifetime
from crm.services.lifetime import CustomerFigures, NotEnoughData

CONTEXT = "Lifetime"

# P(alive) in words, around the shop's slipping threshold (the Slipping away list's, 50 % by
# default), so the words and the list agree: under it a customer is "slipping away" (under 0.3,
# "probably lost"); at or over it, "likely still a customer" from 0.7 and "may be drifting away"
# between the threshold and 0.7, where the shop may want a word with them but the list does not.
LIKELY_ALIVE = 0.7
PROBABLY_LOST = 0.3

# Each reason of crm.services.lifetime in the app's words. The two whose %1 is the optimiser's
# own English message say what failed without it: the detail is for the log, not the owner.
REASONS = {
    lifetime.NEVER_FITTED: QT_TRANSLATE_NOOP("Lifetime", "the estimates have not been worked out yet"),
    lifetime.FEW_REPEAT_BUYERS: QT_TRANSLATE_NOOP(
        "Lifetime",
        "only %1 customers have bought on two or more days by %2; the models need at least %3",
    ),
    lifetime.NO_CONVERGENCE: QT_TRANSLATE_NOOP(
        "Lifetime", "the purchase model could not be fitted to this shop's history"
    ),
    lifetime.UNUSABLE_PREDICTIONS: QT_TRANSLATE_NOOP(
        "Lifetime", "the fitted purchase model gives no usable predictions for this shop"
    ),
    lifetime.FEW_SPENDERS: QT_TRANSLATE_NOOP(
        "Lifetime",
        "only %1 customers have a positive spend on their repeat purchase days; the spend model needs %2",
    ),
    lifetime.SPEND_NO_CONVERGENCE: QT_TRANSLATE_NOOP("Lifetime", "the spend model could not be fitted"),
    lifetime.NO_PURCHASE: QT_TRANSLATE_NOOP("Lifetime", "no purchase by %1"),
}
SEPARATOR = " · "


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _fill(text: str, values: tuple[str, ...]) -> str:
    for number in range(len(values), 0, -1):  # %10 before %1
        text = text.replace(f"%{number}", values[number - 1])
    return text


def reason_text(reason: NotEnoughData) -> str:
    """Why there is no number, in the app's language."""
    template = REASONS.get(reason.template)
    if template is None:  # a reason this screen does not know yet: no English in its place
        return QCoreApplication.translate("Lifetime", "the models cannot tell yet")
    return _fill(_tr(template), reason.values)


def not_enough_text(reason: NotEnoughData) -> str:
    return _fill(
        QCoreApplication.translate("Lifetime", "Not enough purchase history yet to estimate (%1)"),
        (reason_text(reason),),
    )


def money(value: float, currency: str) -> str:
    """An estimate in whole units of the shop's currency: ¥1,240, not ¥1,239.87."""
    return format_amount(round(value) * 100, currency).removesuffix(".00")


def alive_words(figures: CustomerFigures) -> str:
    # BG/NBD gives P(alive) = 1 to anyone who bought on one day only, however long ago: for them
    # the model knows nothing of their leaving, so the line says what is known instead.
    if figures.purchase_days <= 1:
        return QCoreApplication.translate("Lifetime", "bought once")
    p, below = figures.p_alive, figures.slipping_below
    if p < below:
        if p < min(below, PROBABLY_LOST):
            return QCoreApplication.translate("Lifetime", "probably lost")
        return QCoreApplication.translate("Lifetime", "slipping away")
    if p >= LIKELY_ALIVE:
        return QCoreApplication.translate("Lifetime", "likely still a customer")
    return QCoreApplication.translate("Lifetime", "may be drifting away")


class Lifetime(QObject):
    """The plural phrase. Qt's translation tools see plural forms only in ``self.tr`` calls, so it
    lives on an object whose class name is the "Lifetime" context (as ui.words.Words)."""

    def purchases(self, n: int) -> str:
        # The models count purchase days: two purchases on one day are one.
        return self.tr("about %n purchase day(s) expected in 90 days", "", n)


_plural = Lifetime()


def purchases_words(expected: float) -> str:
    if expected < 0.5:
        return QCoreApplication.translate("Lifetime", "under one purchase day expected in 90 days")
    return _plural.purchases(round(expected))


def risk_words(value_at_risk: float, currency: str) -> str:
    """The value at risk of a customer slipping away, as the page, the card and the list say it."""
    return _fill(
        QCoreApplication.translate("Lifetime", "%1 a year at risk"), (money(value_at_risk, currency),)
    )


def risk_explanation(p_alive: float, value_12m: float, currency: str) -> str:
    """How the value at risk and the model's 12-month value of one customer go together."""
    stayed, at_risk = (float(v[0]) for v in lifetime.at_risk(np.array([p_alive]), np.array([value_12m])))
    lines = (
        (
            QT_TRANSLATE_NOOP("Lifetime", "Had they stayed, the next 12 months would be worth %1."),
            (money(stayed, currency),),
        ),
        (
            QT_TRANSLATE_NOOP("Lifetime", "The chance they have gone is %1, so %2 a year is at risk."),
            (percent(1.0 - p_alive), money(at_risk, currency)),
        ),
        (
            QT_TRANSLATE_NOOP(
                "Lifetime", "Counting that chance, the next 12 months are expected to bring %1 from them."
            ),
            (money(value_12m, currency),),
        ),
    )
    return "\n".join(_fill(_tr(text), values) for text, values in lines)


def percent(p: float) -> str:
    """A chance as a whole percent, rounded down, so 49.7 % under a 50 % threshold never reads
    "50%"; under 1 % and over 99 % say so rather than 0 % and 100 %."""
    if p < 0.01:
        return QCoreApplication.translate("Lifetime", "under 1%")
    if p > 0.99:
        return QCoreApplication.translate("Lifetime", "over 99%")
    return f"{math.floor(p * 100)}%"


def outlook(figures: CustomerFigures | None, currency: str) -> tuple[str, str]:
    """The line and its tooltip (the exact figures). Without a usable fit, a short line with the
    reason in the tooltip: a small shop sees it on every customer, many times a day."""
    if figures is None:
        return "", ""
    if figures.p_alive is None:
        reason = figures.reason or NotEnoughData(lifetime.NEVER_FITTED)
        return QCoreApplication.translate("Lifetime", "no estimate yet"), not_enough_text(reason)
    parts = [alive_words(figures), purchases_words(figures.purchases_90)]
    if figures.value_12m is not None and figures.slipping:
        parts.append(risk_words(figures.value_at_risk, currency))
    elif figures.value_12m is not None:
        parts.append(
            _fill(
                QCoreApplication.translate("Lifetime", "worth %1 in 12 months"),
                (money(figures.value_12m, currency),),
            )
        )
    else:
        parts.append(QCoreApplication.translate("Lifetime", "12-month value not estimated"))
    return SEPARATOR.join(parts), tooltip(figures, currency)


def tooltip(figures: CustomerFigures, currency: str) -> str:
    if figures.purchase_days <= 1:
        # One literal per string: the translation tools read them from here.
        alive = QCoreApplication.translate(
            "Lifetime", "Bought on one day only: the model cannot tell whether they will return."
        )
    else:
        alive = _fill(
            QCoreApplication.translate("Lifetime", "Chance they are still a customer: %1"),
            (percent(figures.p_alive),),  # as the Slipping away list says it
        )
    lines = [
        alive,
        _fill(
            QCoreApplication.translate("Lifetime", "Purchase days expected in the next 90 days: %1"),
            (f"{figures.purchases_90:.2f}",),
        ),
        QCoreApplication.translate("Lifetime", "A purchase day is a day with at least one purchase."),
    ]
    if figures.slipping and figures.slipped_on is not None:
        lines.append(
            _fill(
                QCoreApplication.translate(
                    "Lifetime", "Slipping away since about %1, had they bought no more."
                ),
                (figures.slipped_on.isoformat(),),
            )
        )
    if figures.value_12m is not None and figures.spend_per_day is not None and figures.slipping:
        lines.append(
            _fill(
                QCoreApplication.translate("Lifetime", "Expected spend per purchase day: %1"),
                (format_amount(round(figures.spend_per_day * 100), currency),),
            )
        )
        lines.append(risk_explanation(figures.p_alive, figures.value_12m, currency))
    elif figures.value_12m is not None and figures.spend_per_day is not None:
        lines.append(
            _fill(
                QCoreApplication.translate("Lifetime", "Expected spend per purchase day: %1"),
                (format_amount(round(figures.spend_per_day * 100), currency),),
            )
        )
        lines.append(
            _fill(
                QCoreApplication.translate("Lifetime", "Value of the next 12 months: %1"),
                (format_amount(round(figures.value_12m * 100), currency),),
            )
        )
    elif figures.reason is not None:
        lines.append(
            _fill(
                QCoreApplication.translate("Lifetime", "No 12-month value: %1"),
                (reason_text(figures.reason),),
            )
        )
    lines.append(
        QCoreApplication.translate(
            "Lifetime", "Estimated from the shop's purchase days (Settings → Lifetime)."
        )
    )
    return "\n".join(lines)
