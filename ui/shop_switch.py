"""Which shop the window shows: the demo's banner, opening another database, and
leaving the demo for the real shop.

Switching waits for the pages' background reads, opens the other database (its
welcome when it is new, its staff sign-in when it has staff), and only then hands
it to the window; anything that fails or is cancelled on the way goes back to the
shop that was open, as it was. The choice is remembered for the next start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from crm.errors import ShopError
from crm.services import shop
from crm.services.connection import close_shop, open_shop, remove_shop

if TYPE_CHECKING:
    from crm.services import shop_setup
    from ui.context import AppContext

# What only switching shops needs (the welcome, sign-in, file dialogs, the setup services) is
# imported when the owner switches, not when the window opens (SPEC 7, start-up).

BANNER_STYLE = """
QFrame#DemoBanner { background: #fff8e1; border-bottom: 1px solid #ffe082; }
QFrame#DemoBanner QLabel { color: #5d4037; }
"""


def choose_database_file(parent: QWidget | None, title: str, start: str) -> str:
    """An existing database file to open, or a new name to start one in; "" when cancelled.
    A save dialog (so a new name can be typed) whose button says Open."""
    from ui.file_dialogs import file_dialog

    dialog = file_dialog(parent, title, start)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
    dialog.setNameFilter(QCoreApplication.translate("ShopSwitcher", "ShopCircle database (*.db)"))
    dialog.setDefaultSuffix("db")
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, QCoreApplication.translate("ShopSwitcher", "Open"))
    if not dialog.exec():
        return ""
    chosen = dialog.selectedFiles()
    return chosen[0] if chosen else ""


def may_switch(ctx: AppContext) -> bool:
    """Only the owner changes which database the shop's computer opens."""
    return ctx.actor is None or ctx.actor.role == "owner"


class DemoBanner(QFrame):
    """A quiet line across the top of a demo shop: it is made up, and how to start the real
    one (or, in a demo already left for the real shop, the way back to it)."""

    start_real = Signal()
    back_to_shop = Signal(str)  # the real shop's file

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("DemoBanner")
        self.setStyleSheet(BANNER_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 4, 10, 4)
        self.text = QLabel(
            self.tr("Demo shop: every customer, phone number and sale here is made up. Look around freely.")
        )
        self.text.setObjectName("DemoBannerText")
        self.button = QPushButton(self.tr("Start my real shop…"))
        self.button.setObjectName("DemoBannerStart")
        self.button.setFlat(True)
        self.button.setStyleSheet("QPushButton { color: #1565c0; text-decoration: underline; }")
        self.button.clicked.connect(self._clicked)
        self.real_shop: str | None = None
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def refresh(self, ctx: AppContext) -> None:
        try:
            demo = shop.is_demo()
            self.real_shop = shop.left_for() if demo else None
        except Exception:  # noqa: BLE001 - a banner must never stop the window
            demo, self.real_shop = False, None
        if self.real_shop:
            self.button.setText(self.tr("Back to my shop (%1)").replace("%1", Path(self.real_shop).name))
        else:
            self.button.setText(self.tr("Start my real shop…"))
        self.button.setVisible(shop.in_a_file(ctx.location) and may_switch(ctx))
        self.setVisible(demo)

    def _clicked(self) -> None:
        if self.real_shop:
            self.back_to_shop.emit(self.real_shop)
        else:
            self.start_real.emit()


class ShopSwitcher(QObject):
    """Opens another database in ``window`` (a :class:`ui.main_window.MainWindow`), or
    leaves the demo for the real shop."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def _idle(self) -> None:
        """No page may be reading while the database changes under it."""
        QThreadPool.globalInstance().waitForDone()

    def _back_to(self, old: str, new: str, created: bool) -> None:
        close_shop()
        if created:
            remove_shop(new)
        open_shop(old)

    def owner_only(self) -> bool:
        """Which shop this computer opens is the owner's choice (a clerk starting a "real
        shop" would make themselves its owner); anyone else is told so."""
        if may_switch(self.window.ctx):
            return True
        QMessageBox.information(
            self.window,
            QCoreApplication.translate("ShopSwitcher", "Only the owner"),
            QCoreApplication.translate(
                "ShopSwitcher", "Only the owner may open another database or start the real shop."
            ),
        )
        return False

    def open_other(self, location: str) -> bool:
        """Show the shop in ``location`` (a new file starts with the welcome)."""
        from ui.errors import show_error
        from ui.session import remember_location, welcome_and_sign_in

        window = self.window
        if not self.owner_only():
            return False
        old = window.ctx.location
        if (
            shop.in_a_file(old)
            and shop.in_a_file(location)
            and Path(old).resolve() == Path(location).resolve()
        ):
            return False
        if not window.may_leave_pages():
            return False
        self._idle()
        created = shop.in_a_file(location) and not Path(location).exists()
        close_shop()
        try:
            open_shop(location)
        except ShopError as exc:
            open_shop(old)
            show_error(window, exc)
            return False
        actor = welcome_and_sign_in(location, window.ctx.language, window)
        if actor is False:
            self._back_to(old, location, created)
            return False
        remember_location(location)
        window.enter_shop(location, actor)
        return True

    def start_real_shop(self) -> bool:
        """Ask the real shop's facts, keep the demo aside, and open the new, empty shop."""
        from crm.services import settings, shop_setup
        from crm.services import staff as staff_service
        from ui.dialogs.shop_setup import ShopSetupDialog
        from ui.session import remember_location, remember_staff

        window = self.window
        if not self.owner_only() or not window.may_leave_pages():
            return False

        def apply(setup: shop_setup.ShopSetup) -> shop_setup.RealShop:
            self._idle()
            return shop_setup.start_real_shop(setup)

        dialog = ShopSetupDialog(apply, parent=window)
        dialog.setModal(True)
        if not dialog.exec():
            return False
        made: shop_setup.RealShop = dialog.result_value
        remember_staff(made.owner.id)
        location = shop.location()
        remember_location(location)
        window.enter_shop(location, staff_service.actor_for(made.owner.id))
        QMessageBox.information(
            window,
            self.tr("Your shop is ready"),
            self.tr(
                "%1 is ready for its first customer. The demo is kept as %2 in the same folder;"
                " Settings → Database → Open another database… shows it again."
            )
            .replace("%1", str(settings.get("shop_name")))
            .replace("%2", made.demo_kept.name),
        )
        return True
