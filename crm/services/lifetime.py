"""Customer lifetime (SPEC 9): fit the models as of a date, keep the fit, and give each
customer's figures from the kept fit without fitting again.

:func:`fit` reads every customer's summary (:mod:`crm.lifetime.summary`), fits BG/NBD and, over
the customers with repeat purchases, Gamma-Gamma, and stores the result with its date; with
fewer than :data:`MIN_REPEAT_CUSTOMERS` customers who bought on two or more days, or a fit that
does not converge, it stores the reason instead of numbers. :func:`latest` is the newest fit;
:func:`figures` gives P(alive), the purchase days expected in 90 days, the expected spend per
purchase day and the 12-month value for a list of customers at once, :func:`for_customer`
for one. The whole shop's figures are kept after they are read, until the fit, the day or the
shop's history changes (:func:`figures`): the follow-up page's two lists share one read.

A repeat buyer whose P(alive) is under the shop's threshold (:func:`threshold`) is *slipping
away*; what their next 12 months would be worth had they stayed, times the chance they have
gone, is their **value at risk** (:func:`at_risk`). The customer page, the counter card and
the Slipping away list say the same figure in the same words.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np

from crm import clock
from crm.bulk_reads import lean_reading
from crm.db import as_date, database, query_rows
from crm.errors import fill
from crm.lifetime import FitFailed, bgnbd, gamma_gamma, summary
from crm.lifetime.bgnbd import BgNbd
from crm.lifetime.gamma_gamma import GammaGamma
from crm.lifetime.value import discounted_purchases
from crm.models import LifetimeFit, Visit
from crm.services import lifetime_kept, settings

MIN_REPEAT_CUSTOMERS = 200  # SPEC 9: fewer customers with x ≥ 1 is not enough data
HORIZON_DAYS = 90  # "expected purchase days in the next 90 days"
DISCOUNT_KEY = "lifetime.monthly_discount_percent"
THRESHOLD_KEY = "followup.slipping_below_percent"
DEFAULT_THRESHOLD = 0.5  # settings.DEFAULTS[THRESHOLD_KEY] / 100

# Why there is no number, as templates (%1 … filled from the values) the app can translate.
NEVER_FITTED = "the lifetime models have not been fitted yet"
FEW_REPEAT_BUYERS = "only %1 customers have bought on two or more days by %2; the models need at least %3"
NO_CONVERGENCE = "the purchase model could not be fitted to this shop's history (%1)"
UNUSABLE_PREDICTIONS = "the fitted purchase model gives no usable predictions for this shop"
FEW_SPENDERS = (
    "only %1 customers have a positive spend on their repeat purchase days; the spend model needs %2"
)
SPEND_NO_CONVERGENCE = "the spend model could not be fitted (%1)"
NO_PURCHASE = "no purchase by %1"


@dataclass(frozen=True)
class NotEnoughData:
    """Why there is no number: a template and the values of its %1, %2 …"""

    template: str
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        return fill(self.template, self.values)


@dataclass(frozen=True)
class Fit:
    as_of: date
    fitted_at: datetime
    seconds: float
    customers: int  # with a purchase day by as_of
    repeat_customers: int  # with two or more
    bgnbd: BgNbd | None
    log_likelihood: float | None
    gamma_gamma: GammaGamma | None = None
    spend_log_likelihood: float | None = None
    spend_customers: int = 0
    spend_reason: NotEnoughData | None = None  # why gamma_gamma is None (when bgnbd is not)
    not_enough_data: NotEnoughData | None = None  # why bgnbd is None
    id: int | None = None

    @property
    def ok(self) -> bool:
        return self.bgnbd is not None

    def as_json(self) -> dict:
        """SPEC 6: the parameters, the log-likelihood and the number of customers, or the reason."""
        head = {"as_of": self.as_of.isoformat(), "customers": self.customers}
        if self.bgnbd is None:
            return {**head, "not_enough_data": str(self.not_enough_data)}
        bg = {name: round(getattr(self.bgnbd, name), 4) for name in bgnbd.NAMES}
        bg["log_likelihood"] = round(self.log_likelihood, 4)
        gg = self.gamma_gamma
        spend = None if gg is None else {name: round(getattr(gg, name), 4) for name in gamma_gamma.NAMES}
        return {**head, "bgnbd": bg, "gamma_gamma": spend}


@dataclass(frozen=True)
class CustomerFigures:
    """One customer's figures; the numbers are None, and ``reason`` says why, when the models
    cannot tell (no usable fit, or no purchase yet); the spend and value alone are None when the
    spend model could not be fitted (``reason`` then says why)."""

    customer_id: int
    as_of: date
    purchase_days: int
    p_alive: float | None = None
    purchases_90: float | None = None
    spend_per_day: float | None = None  # currency units
    value_12m: float | None = None  # currency units, discounted
    reason: NotEnoughData | None = None
    slipping_below: float = DEFAULT_THRESHOLD  # the shop's threshold (:func:`threshold`)
    slipped_on: date | None = None  # the day P(alive) fell under it, had they bought no more

    @property
    def slipping(self) -> bool:
        """A repeat buyer whose P(alive) is under the shop's threshold."""
        return self.p_alive is not None and self.purchase_days >= 2 and self.p_alive < self.slipping_below

    @property
    def value_if_stayed(self) -> float | None:
        """What the next 12 months would be worth had they stayed (:func:`at_risk`)."""
        if self.p_alive is None or self.value_12m is None:
            return None
        return float(at_risk(np.array([self.p_alive]), np.array([self.value_12m]))[0][0])

    @property
    def value_at_risk(self) -> float | None:
        """The value had they stayed times the chance they have gone (:func:`at_risk`)."""
        stayed = self.value_if_stayed
        return None if stayed is None else stayed * (1.0 - self.p_alive)


@dataclass(frozen=True)
class Figures:
    """The figures of many customers as columns (the ids ascending): those of the ids asked for
    who have a purchase day by ``as_of``. Empty with ``reason`` when there is no usable fit;
    ``spend_per_day`` and ``value_12m`` are None with ``spend_reason`` without a spend model."""

    as_of: date
    ids: np.ndarray
    purchase_days: np.ndarray
    p_alive: np.ndarray
    purchases_90: np.ndarray
    spend_per_day: np.ndarray | None
    value_12m: np.ndarray | None
    reason: NotEnoughData | None = None
    spend_reason: NotEnoughData | None = None
    monthly_discount: float = 0.0  # the rate the values were discounted at (0.01: 1 %)
    fit: Fit | None = field(default=None, repr=False)
    slipping_below: float = DEFAULT_THRESHOLD
    # The day each one's P(alive) fell under ``slipping_below`` had they bought no more (NaT: never,
    # a customer who bought on one day only), as numpy days; None without a usable fit.
    slipped_on: np.ndarray | None = field(default=None, repr=False)
    first_purchase: np.ndarray | None = field(default=None, repr=False)  # numpy days
    last_purchase: np.ndarray | None = field(default=None, repr=False)  # numpy days

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, customer_id: int) -> CustomerFigures:
        at = int(np.searchsorted(self.ids, customer_id))
        if self.reason is not None:  # no estimate, but the purchase days are known
            days = int(self.purchase_days[at]) if at < len(self.ids) and self.ids[at] == customer_id else 0
            return CustomerFigures(customer_id, self.as_of, days, reason=self.reason)
        if at >= len(self.ids) or self.ids[at] != customer_id:
            return CustomerFigures(
                customer_id, self.as_of, 0, reason=NotEnoughData(NO_PURCHASE, (str(self.as_of),))
            )
        spend = None if self.spend_per_day is None else float(self.spend_per_day[at])
        value = None if self.value_12m is None else float(self.value_12m[at])
        slipped = None
        if self.slipped_on is not None and not np.isnat(self.slipped_on[at]):
            slipped = self.slipped_on[at].astype(object)
        return CustomerFigures(
            customer_id,
            self.as_of,
            int(self.purchase_days[at]),
            float(self.p_alive[at]),
            float(self.purchases_90[at]),
            spend,
            value,
            reason=self.spend_reason,
            slipping_below=self.slipping_below,
            slipped_on=slipped,
        )


def _failed(s: summary.Summary, started: float, reason: NotEnoughData) -> Fit:
    return Fit(
        s.as_of, clock.now(), time.perf_counter() - started, len(s), s.repeat_customers, None, None,
        not_enough_data=reason,
    )  # fmt: skip


def _predictions_usable(params: BgNbd, s: summary.Summary) -> bool:
    """Whether P(alive) and the 12-month purchases come out as numbers for every customer."""
    with np.errstate(all="ignore"):
        alive = bgnbd.p_alive(params, s.x, s.t_x, s.T)
        ahead = bgnbd.expected_purchases(params, 52.0, s.x, s.t_x, s.T)
    return bool(np.all(np.isfinite(alive)) and np.all(np.isfinite(ahead)) and np.all(ahead >= -1e-9))


def _spend_model(s: summary.Summary) -> tuple[gamma_gamma.GammaGammaFit | None, NotEnoughData | None]:
    spenders = int(np.count_nonzero((s.x >= 1) & (s.spend > 0)))
    if spenders < MIN_REPEAT_CUSTOMERS:
        return None, NotEnoughData(FEW_SPENDERS, (str(spenders), str(MIN_REPEAT_CUSTOMERS)))
    try:
        return gamma_gamma.fit(s.x, s.spend), None
    except FitFailed as exc:
        return None, NotEnoughData(SPEND_NO_CONVERGENCE, (str(exc),))


def compute(as_of: date) -> Fit:
    """Fit both models as of ``as_of`` without storing the result."""
    global _fitted_summary
    started = time.perf_counter()
    marks = lifetime_kept.visit_marks()
    with lean_reading():
        s = summary.read(as_of)
    with _kept_lock:
        _fitted_summary = (database.obj, marks, s)
    if s.repeat_customers < MIN_REPEAT_CUSTOMERS:
        reason = (str(s.repeat_customers), as_of.isoformat(), str(MIN_REPEAT_CUSTOMERS))
        return _failed(s, started, NotEnoughData(FEW_REPEAT_BUYERS, reason))
    try:
        found = bgnbd.fit(s.x, s.t_x, s.T)
    except FitFailed as exc:
        return _failed(s, started, NotEnoughData(NO_CONVERGENCE, (str(exc),)))
    if not _predictions_usable(found.params, s):
        return _failed(s, started, NotEnoughData(UNUSABLE_PREDICTIONS))
    spend, spend_reason = _spend_model(s)
    return Fit(
        as_of=as_of,
        fitted_at=clock.now(),
        seconds=time.perf_counter() - started,
        customers=len(s),
        repeat_customers=s.repeat_customers,
        bgnbd=found.params,
        log_likelihood=found.log_likelihood,
        gamma_gamma=None if spend is None else spend.params,
        spend_log_likelihood=None if spend is None else spend.log_likelihood,
        spend_customers=0 if spend is None else spend.customers,
        spend_reason=spend_reason,
    )


def _params(params, names: tuple[str, ...]) -> dict:
    return {name: None if params is None else getattr(params, name) for name in names}


def _reason_text(reason: NotEnoughData | None) -> str | None:
    return None if reason is None else json.dumps([reason.template, *reason.values], ensure_ascii=False)


def _reason(text: str | None) -> NotEnoughData | None:
    if not text:
        return None
    template, *values = json.loads(text)
    return NotEnoughData(template, tuple(values))


def fit(as_of: date | None = None) -> Fit:
    """Fit both models as of ``as_of`` (default today) and store the fit, numbers or reason."""
    result = compute(as_of or clock.today())
    with database.atomic():
        row = LifetimeFit.create(
            as_of=result.as_of,
            fitted_at=result.fitted_at,
            seconds=result.seconds,
            customers=result.customers,
            repeat_customers=result.repeat_customers,
            **_params(result.bgnbd, bgnbd.NAMES),
            log_likelihood=result.log_likelihood,
            **_params(result.gamma_gamma, gamma_gamma.NAMES),
            spend_log_likelihood=result.spend_log_likelihood,
            spend_customers=result.spend_customers,
            spend_reason=_reason_text(result.spend_reason),
            reason=_reason_text(result.not_enough_data),
        )
    return _from_row(LifetimeFit.get_by_id(row.id))


def _from_row(row: LifetimeFit) -> Fit:
    return Fit(
        as_of=as_date(row.as_of),
        fitted_at=row.fitted_at,
        seconds=row.seconds,
        customers=row.customers,
        repeat_customers=row.repeat_customers,
        bgnbd=None if row.r is None else BgNbd(row.r, row.alpha, row.a, row.b),
        log_likelihood=row.log_likelihood,
        gamma_gamma=None if row.p is None else GammaGamma(row.p, row.q, row.v),
        spend_log_likelihood=row.spend_log_likelihood,
        spend_customers=row.spend_customers,
        spend_reason=_reason(row.spend_reason),
        not_enough_data=_reason(row.reason),
        id=row.id,
    )


# The newest fit and the discount rate are read by hand-written SQL: they are read with every
# counter card, and peewee's query building alone took 0.4 ms each (on the 100k demo one
# customer's figures fell from 1.9 ms to about 1 ms).
_FIT_FIELDS = LifetimeFit._meta.sorted_fields
_LATEST_SQL = (
    f"SELECT {', '.join(f.column_name for f in _FIT_FIELDS)} FROM {LifetimeFit._meta.table_name}"
    " ORDER BY as_of DESC, fitted_at DESC, id DESC LIMIT 1"
)


def latest() -> Fit | None:
    """The fit as of the latest date (the newest of those), or None when there is none yet."""
    rows = query_rows(_LATEST_SQL)
    if not rows:
        return None
    values = {f.name: f.python_value(value) for f, value in zip(_FIT_FIELDS, rows[0], strict=True)}
    return _from_row(LifetimeFit(**values))


def monthly_discount() -> float:
    """The monthly discount rate of the 12-month value, as a fraction (1 % → 0.01)."""
    rows = query_rows("SELECT value FROM setting WHERE key = ?", (DISCOUNT_KEY,))
    percent = json.loads(rows[0][0]) if rows else settings.DEFAULTS[DISCOUNT_KEY]
    return float(percent) / 100.0


def threshold() -> float:
    """The P(alive) under which a repeat buyer is slipping away, as a fraction (50 % → 0.5)."""
    return float(settings.get(THRESHOLD_KEY)) / 100.0


def at_risk(p_alive: np.ndarray, value_12m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The value had they stayed and the value at risk, from P(alive) and the 12-month value.

    The model's 12-month value is already an expectation over whether they are still a customer:
    BG/NBD's expected purchases are P(alive) × the purchases expected of a customer still there,
    month by month, so the value had they stayed is ``value_12m / P(alive)``, and the value at
    risk is that times (1 − P(alive))."""
    with np.errstate(all="ignore"):
        stayed = np.where(p_alive > 0, value_12m / p_alive, 0.0)
    stayed = np.where(np.isfinite(stayed), stayed, 0.0)
    return stayed, stayed * (1.0 - p_alive)


def stale(fit: Fit | None) -> bool:
    """Whether the shop's purchases may have moved since ``fit``: there
    is none, it is as of an earlier day than today, or a visit was written after it was made and
    by now (logged, imported or restored). The app fits again at start-up when this says so."""
    now = clock.now()
    if fit is None or fit.as_of < now.date():
        return True
    # By now: a demo shop's history runs to the end of today, its later visits "written" ahead.
    return Visit.select().where((Visit.created_at > fit.fitted_at) & (Visit.created_at <= now)).exists()


def refit_if_stale() -> Fit | None:
    """Fit and store as of today when :func:`stale` says so (the new fit), else None."""
    return fit() if stale(latest()) else None


def _empty(as_of: date, reason: NotEnoughData, fit: Fit | None, ids: list[int] | None = None) -> Figures:
    """No estimates; for a few customers asked by name (a page, a card, the command line)
    their purchase days still (a list of thousands does not need them)."""
    nothing = np.zeros(0)
    known, days = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if ids is not None and len(ids) <= 50:
        s = summary.read(as_of, ids)
        known, days = s.ids, (s.x + 1).astype(np.int64)
    return Figures(as_of, known, days, nothing, nothing, None, None, reason=reason, fit=fit)


def figures(ids: list[int] | None = None, as_of: date | None = None, fit: Fit | None = None) -> Figures:
    """The figures of the customers ``ids`` (None: every customer with a purchase), from their
    history up to ``as_of`` (default today) and the stored fit (default :func:`latest`).
    Vectorised: one query per 5,000 ids and array arithmetic, for lists of thousands. The whole
    shop's (``ids`` None) are kept and given again while nothing they depend on has changed;
    after a few visits, only their customers' are computed again (:mod:`crm.services.lifetime_kept`)."""
    as_of = as_of or clock.today()
    fit = fit or latest()
    if fit is None:
        return _empty(as_of, NotEnoughData(NEVER_FITTED), None, ids)
    if not fit.ok:
        return _empty(as_of, fit.not_enough_data, fit, ids)
    if ids is not None:
        return _compute(summary.read(as_of, ids), fit)
    global _kept
    with _computing:  # a second page asking meanwhile waits for these instead of computing its own
        basis = _basis(as_of, fit)
        marks = lifetime_kept.visit_marks()
        with _kept_lock:
            kept = _kept
        if kept is not None and kept[0] == basis:
            if kept[1] == marks:
                return kept[2]
            touched = lifetime_kept.touched_since(kept[1], marks)
            if touched is not None:
                fresh = _compute(summary.read(as_of, sorted(touched)), fit)
                found = lifetime_kept.merged(kept[2], fresh, touched)
                with _kept_lock:
                    _kept = (basis, marks, found)
                return found
        found = lifetime_kept.in_parts(_whole_summary(as_of, marks), lambda part: _compute(part, fit))
        if found is None:  # nobody has bought yet
            found = _compute(summary.read(as_of, []), fit)
        with _kept_lock:
            _kept = (basis, marks, found)
        return found


def _compute(s: summary.Summary, fit: Fit) -> Figures:
    params = fit.bgnbd
    below = threshold()
    # Customers with the same repeat days, recency and age (in days) have the same purchase
    # figures: each is worked out once (about half as many as customers on a chain) and given
    # to all of them.
    days = (np.rint(v * summary.DAYS_PER_WEEK).astype(np.int64) for v in (s.t_x, s.T))
    key = (s.x.astype(np.int64) << 42) + (next(days) << 21) + next(days)
    _, once, back = np.unique(key, return_index=True, return_inverse=True)
    x, t_x, T = s.x[once], s.t_x[once], s.T[once]
    with np.errstate(all="ignore"):
        alive = bgnbd.p_alive(params, x, t_x, T)[back]
        ahead = bgnbd.expected_purchases(params, HORIZON_DAYS / 7.0, x, t_x, T)[back]
        weeks = bgnbd.weeks_until_below(params, below, x, t_x)[back]
        # The first whole day whose age in weeks is past the crossing, never after as_of.
        days = np.where(np.isfinite(weeks), np.floor(weeks * summary.DAYS_PER_WEEK) + 1, 0)
    slipped = s.first + days.astype("timedelta64[D]")
    slipped = np.where(
        np.isfinite(weeks), np.minimum(slipped, np.datetime64(s.as_of, "D")), np.datetime64("NaT")
    )
    discount = monthly_discount()
    spend = value = None
    if fit.gamma_gamma is not None:
        spend = gamma_gamma.expected_spend(fit.gamma_gamma, s.x, s.spend)
        with np.errstate(all="ignore"):
            value = discounted_purchases(params, x, t_x, T, discount)[back] * spend
    return Figures(
        as_of=s.as_of,
        ids=s.ids,
        purchase_days=(s.x + 1).astype(np.int64),
        p_alive=alive,
        purchases_90=ahead,
        spend_per_day=spend,
        value_12m=value,
        spend_reason=fit.spend_reason,
        monthly_discount=discount,
        fit=fit,
        slipping_below=below,
        slipped_on=slipped,
        first_purchase=s.first,
        last_purchase=s.first + np.rint(s.t_x * summary.DAYS_PER_WEEK).astype("timedelta64[D]"),
    )


# The whole shop's figures, kept with what they were computed from (lifetime_kept.Basis) and the
# marks of the visits they saw. Pages read them off the GUI thread, hence the locks.
_kept: tuple[lifetime_kept.Basis, lifetime_kept.VisitMarks, Figures] | None = None
_kept_lock = threading.Lock()
_computing = threading.Lock()
# The summary the latest fit read, with the marks of the visits it saw: the fit made at start-up
# is as of today, so the first whole-shop figures start from it instead of reading it again.
_fitted_summary: tuple[object, lifetime_kept.VisitMarks, summary.Summary] | None = None


def _basis(as_of: date, fit: Fit) -> lifetime_kept.Basis:
    return lifetime_kept.basis(fit.id, fit.fitted_at, as_of, (DISCOUNT_KEY, THRESHOLD_KEY))


def _whole_summary(as_of: date, marks: lifetime_kept.VisitMarks) -> Iterator[summary.Summary]:
    """Every customer's summary as of ``as_of``, a part at a time: the one the fit just read when
    it is as of that day and no visit has changed since (given once), else streamed."""
    global _fitted_summary
    with _kept_lock:
        fitted, _fitted_summary = _fitted_summary, None
    if fitted is not None and fitted[0] is database.obj and fitted[1] == marks and fitted[2].as_of == as_of:
        return lifetime_kept.parts_of(fitted[2])
    return summary.slices(as_of, lifetime_kept.PART)


def forget() -> None:
    """Drop the kept figures (a test that writes behind the services' back)."""
    global _kept, _fitted_summary
    with _kept_lock:
        _kept = None
        _fitted_summary = None


def for_customer(customer_id: int, as_of: date | None = None, fit: Fit | None = None) -> CustomerFigures:
    """One customer's figures (see :func:`figures`)."""
    return figures([customer_id], as_of, fit).row(customer_id)
