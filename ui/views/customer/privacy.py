"""More ▾ on the customer page: save everything the shop holds about the customer,
or erase their personal data (managers and owners, SPEC 8)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from crm.errors import ShopError
from crm.services.changes import Changes
from crm.services.common import may
from crm.services.customer_page import CustomerPage
from crm.services.customers import CustomerInfo
from crm.services.privacy import erase_customer, old_pages_left
from ui.context import AppContext
from ui.dialogs.customer_privacy import EraseDialog, choose_data_file, save_customer_data
from ui.jobs import Job, start
from ui.views.customer.parts import MessageBar


class PrivacyMenu(QPushButton):
    """A push button like its neighbours, whose menu arrow has room of its own."""

    def __init__(self, ctx: AppContext, messages: MessageBar, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.messages = messages
        self.info: CustomerInfo | None = None  # the customer shown
        self.erase_dialog: EraseDialog | None = None
        self.erase_job: Job | None = None
        self._erasing: int | None = None  # the customer being erased
        self.setObjectName("privacy_button")
        self.setText(self.tr("More"))
        menu = QMenu(self)
        self.save_data_action = menu.addAction(self.tr("Save this customer's data…"), self.save_customer_data)
        self.erase_action = menu.addAction(self.tr("Erase personal data…"), self.erase_customer)
        self.setMenu(menu)
        may_save, may_erase = may(ctx.actor, "customer data"), may(ctx.actor, "erase customers")
        self.setVisible(may_save or may_erase)
        self.save_data_action.setVisible(may_save)
        self.erase_action.setVisible(may_erase)

    def show_page(self, page: CustomerPage) -> None:
        self.info = page.info
        self.erase_action.setEnabled(not page.info.erased)

    def save_customer_data(self) -> None:
        if self.info is None:
            return
        path = choose_data_file(self, self.info)
        if path:
            self.write_customer_data(path)

    def write_customer_data(self, path: str) -> None:
        info = self.info
        try:
            written = save_customer_data(self.ctx, info, path)
        except (ShopError, OSError) as exc:  # refused, or the file could not be written (a full disk)
            self.messages.refused(exc)
            return
        self.messages.say(
            self.tr("Saved %1's data to %2").replace("%1", info.name).replace("%2", str(written))
        )

    def erase_customer(self) -> None:
        if self.info is None or self.info.erased:
            return
        self.erase_dialog = EraseDialog(self.info, self)
        self.erase_dialog.accepted.connect(self.erase_confirmed)
        self.erase_dialog.open()

    def erase_confirmed(self) -> Job:
        """Erase off the GUI thread: on a big shop it searches every note (a second or two)."""
        self.erase_dialog = None
        customer_id, actor = self.info.id, self.ctx.actor
        self._erasing = customer_id
        self.messages.say(self.tr("Erasing…"))
        self.setEnabled(False)

        def erase(_report) -> bool:
            erase_customer(customer_id, actor=actor)
            return old_pages_left(wait=0)

        job = Job(erase).answering(self._erased, self._erase_failed)
        self.erase_job = start(job, "erase")
        return job

    def _erased(self, left: bool) -> None:
        self.setEnabled(True)
        customer_id, self._erasing = self._erasing, None
        # The erase wiped their words everywhere: their visits' and tasks' notes, community names.
        self.ctx.actions.publish(
            Changes.of([customer_id], every_customer=True, visits=True, tasks=True, communities=True)
        )
        text = self.tr("Erased. Their visits stay, anonymous.")
        if left:
            text += " " + self.tr(
                "Another window has the shop open: the old text leaves the file when it closes."
            )
        self.messages.say(text)

    def _erase_failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.messages.refused(exc)
