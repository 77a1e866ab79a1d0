"""Settings → Lifetime: the stored fit of the customer lifetime models (its date, how many
customers it was fitted on, or why there are no estimates), "Update estimates" to fit them again
off the GUI thread, and the monthly discount rate of the 12-month value (SPEC 9).

The section reads the stored fit with the page's ``read`` whenever a fit is stored (a published
``Changes.lifetime``); the page hands it the stored settings as to every section.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QWidget

from crm.services import lifetime
from crm.services.lifetime import Fit
from ui.context import AppContext
from ui.errors import error_text
from ui.jobs import Job, start
from ui.lifetime_words import not_enough_text, reason_text
from ui.views.page import Reader
from ui.views.settings.section import SettingsSection, field, may_change_settings, settings_form
from ui.widgets.forms import ERROR_STYLE, note

DISCOUNT = lifetime.DISCOUNT_KEY


def _percent_text(value: float) -> str:
    return f"{float(value):g}"


class LifetimeSection(SettingsSection):
    keys = (DISCOUNT,)

    def __init__(self, ctx: AppContext, read: Reader, parent: QWidget | None = None):
        super().__init__(
            ctx,
            self.tr("Customer lifetime"),
            self.tr(
                "From each customer's purchase days the app estimates whether they are still a customer,"
                " how many purchase days to expect in the next 90 days and what they are worth over the"
                " next 12 months. The customer page, the counter card, Follow-up's Slipping away list"
                " (whose threshold, set there, is the shop's) and the monthly report use them. The"
                " estimates are worked out again when the app starts after new purchases; update them"
                " here after a large import."
            ),
            parent,
        )
        self._read = read
        self.fit: Fit | None = None
        self.job: Job | None = None

        form = settings_form()
        self.as_of_label = QLabel("…")
        self.as_of_label.setObjectName("lifetime_as_of")
        self.as_of_label.setWordWrap(True)
        self.customers_label = QLabel("…")
        self.customers_label.setObjectName("lifetime_customers")
        self.customers_label.setWordWrap(True)
        form.addRow(self.tr("Estimates as of"), self.as_of_label)
        form.addRow(self.tr("Based on"), self.customers_label)

        self.update_button = QPushButton(self.tr("Update estimates"))
        self.update_button.setObjectName("lifetime_update")
        self.update_button.setToolTip(
            self.tr("Fit the models again on every customer's purchases up to today (a few seconds)")
        )
        self.update_button.clicked.connect(self.update_estimates)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setMaximumHeight(10)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.update_state = QLabel()
        self.update_state.setObjectName("lifetime_update_state")
        self.update_state.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.update_button)
        row.addWidget(self.progress)
        row.addWidget(self.update_state, 1)
        form.addRow("", row)

        self.discount = QLineEdit()
        self.discount.setObjectName("lifetime_discount")
        self.discount.setMaximumWidth(120)
        self.discount.setReadOnly(not may_change_settings(ctx))
        self.watch(self.discount)
        hint = note(
            self.tr(
                "Money expected later is worth a little less today: each month of the 12-month value"
                " counts this much less than the one before (0 to 100 %)."
            )
        )
        form.addRow(
            self.tr("Monthly discount rate (%)"), field(self.discount, self.error_label(DISCOUNT), hint)
        )
        self.body.addLayout(form)

    # --- the discount setting -----------------------------------------------------------

    def load(self, values: dict[str, Any]) -> None:
        self.discount.setText(_percent_text(values[DISCOUNT]))

    def values(self) -> dict[str, Any]:
        text = self.discount.text().strip().rstrip("%").strip()
        try:
            return {DISCOUNT: float(text)}
        except ValueError:
            return {DISCOUNT: self.discount.text()}  # the service says why it is not a rate

    # --- the stored fit -----------------------------------------------------------------

    def refresh(self) -> None:
        self._read("lifetime fit", lifetime.latest, self.show_fit)

    def show_fit(self, fit: Fit | None) -> None:
        self.fit = fit
        if fit is None:
            self.as_of_label.setText(self.tr("Not worked out yet"))
            self.customers_label.setText("—")
            return
        self.as_of_label.setText(
            self.tr("%1 (worked out %2)")
            .replace("%1", fit.as_of.isoformat())
            .replace("%2", f"{fit.fitted_at:%Y-%m-%d %H:%M}")
        )
        customers = self.tr(
            "%Ln customer(s) with a purchase, %1 of them on two or more days", "", fit.customers
        )
        lines = [customers.replace("%1", f"{fit.repeat_customers:,}")]
        if not fit.ok:
            lines.append(not_enough_text(fit.not_enough_data))
        elif fit.gamma_gamma is None and fit.spend_reason is not None:
            lines.append(self.tr("No 12-month values: %1").replace("%1", reason_text(fit.spend_reason)))
        self.customers_label.setText("\n".join(lines))

    # --- updating -----------------------------------------------------------------------

    def updating(self) -> bool:
        return self.job is not None

    def update_estimates(self) -> None:
        """Fit the models again off the GUI thread; the pages read the new fit once it is stored."""
        if self.job is not None:
            return
        self.update_button.setEnabled(False)
        self.progress.show()
        self.update_state.setStyleSheet("")
        self.update_state.setText(self.tr("Updating the estimates…"))
        job = Job(lambda _report: lifetime.fit()).answering(self._updated, self._update_failed)
        self.job = start(job)

    def _finish(self) -> None:
        self.job = None
        self.progress.hide()
        self.update_button.setEnabled(True)

    def _updated(self, fit: Fit) -> None:
        self._finish()
        if fit.ok:
            self.update_state.setText(self.tr("Updated as of %1.").replace("%1", fit.as_of.isoformat()))
        else:
            self.update_state.setText(not_enough_text(fit.not_enough_data))
        self.show_fit(fit)
        self.ctx.actions.lifetime_fitted()

    def _update_failed(self, exc: BaseException) -> None:
        self._finish()
        self.update_state.setStyleSheet(ERROR_STYLE)
        self.update_state.setText(
            self.tr("The estimates could not be updated: %1").replace("%1", error_text(exc))
        )
