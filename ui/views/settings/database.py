"""Settings → Database: where the shop's data lives, how counters share it, switching
to another shop, and its backups."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm.errors import without_password
from crm.services import connection, shop
from crm.services.shop import ShopState
from ui.context import AppContext
from ui.shop_switch import choose_database_file, may_switch
from ui.views.settings.backup import BackupPanel
from ui.views.settings.section import heading, settings_form, title
from ui.widgets.forms import note


def _size_text(size: int) -> str:
    return QLocale().formattedDataSize(size)


class DatabaseSection(QWidget):
    """Where the shop's data lives; read-only, with how to share it between counters."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)
        outer.addWidget(title(self.tr("Database")))

        postgres = connection.is_server(ctx.location)
        form = settings_form()
        self.location_label = QLabel(without_password(ctx.location))
        self.location_label.setObjectName("DatabaseLocation")
        self.location_label.setWordWrap(True)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where = QWidget()
        where_layout = QHBoxLayout(where)
        where_layout.setContentsMargins(0, 0, 0, 0)
        where_layout.addWidget(self.location_label, 1)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.setToolTip(self.tr("Show the database file in the file manager"))
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.setVisible(shop.in_a_file(ctx.location))
        where_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("Location"), where)
        kind = (
            self.tr("PostgreSQL server, shared by every counter that uses it")
            if postgres
            else self.tr("SQLite file on this computer")
        )
        form.addRow(self.tr("Kind"), QLabel(kind))
        self.size_label = QLabel()
        if not postgres:
            form.addRow(self.tr("Size"), self.size_label)
        self.count_label = QLabel()
        form.addRow(self.tr("Customers"), self.count_label)
        outer.addLayout(form)
        outer.addLayout(self._switch_row(postgres))

        outer.addSpacing(6)
        outer.addWidget(heading(self.tr("Several counters or branches")))
        outer.addWidget(
            note(
                self.tr(
                    "To share one database between several computers, keep it on a PostgreSQL server and"
                    " start ShopCircle with its address, either with the environment variable"
                    " SHOPCIRCLE_DB or with the --db option:"
                )
            )
        )
        example = QLabel(
            "SHOPCIRCLE_DB=postgresql://user:password@server/shop\n"
            "shopcircle --db postgresql://user:password@server/shop"
        )
        example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        example.setStyleSheet(
            "QLabel { font-family: monospace; background: #f5f5f5; border-radius: 6px; padding: 8px; }"
        )
        outer.addWidget(example)
        self.backups = BackupPanel(ctx)
        outer.addWidget(self.backups)
        outer.addStretch(1)

    def _switch_row(self, postgres: bool) -> QHBoxLayout:
        """Leave the demo for the real shop, or open another database file."""
        row = QHBoxLayout()
        self.real_shop_button = QPushButton(self.tr("Start my real shop…"))
        self.real_shop_button.setObjectName("StartRealShop")
        self.real_shop_button.setToolTip(
            self.tr("Keep this demo aside and start your own shop in a new, empty database")
        )
        self.real_shop_button.clicked.connect(self._real_shop_clicked)
        self._left_for: str | None = None
        self.other_button = QPushButton(self.tr("Open another database…"))
        self.other_button.setObjectName("OpenOtherDatabase")
        self.other_button.setToolTip(
            self.tr("Open another shop's database file, or type a new name to start one; remembered")
        )
        self.other_button.clicked.connect(self.choose_other)
        allowed = may_switch(self.ctx)
        for button in (self.real_shop_button, self.other_button):
            button.setEnabled(allowed)
            if not allowed:
                button.setToolTip(self.tr("Only the owner can change the shop's database"))
            row.addWidget(button)
        self.real_shop_button.setVisible(False)  # a demo only: show_state() says
        row.addStretch(1)
        return row

    def _real_shop_clicked(self) -> None:
        if self._left_for:
            self.ctx.bus.back_to_shop.emit(self._left_for)
        else:
            self.ctx.bus.leave_demo.emit()

    def choose_other(self) -> None:
        folder = self.folder() if not connection.is_server(self.ctx.location) else ""
        path = choose_database_file(self, self.tr("Open another database"), folder)
        if path:
            self.ctx.bus.open_database.emit(path)

    def show_state(self, state: ShopState) -> None:
        """What the page read of the shop: its size, its customers, whether it is a demo."""
        demo = state.demo and state.in_a_file
        self._left_for = state.left_for if demo else None
        if self._left_for:
            self.real_shop_button.setText(
                self.tr("Back to my shop (%1)").replace("%1", Path(self._left_for).name)
            )
        else:
            self.real_shop_button.setText(self.tr("Start my real shop…"))
        self.real_shop_button.setVisible(demo)
        self.count_label.setText(QLocale().toString(state.customers))
        if state.file_size is not None:
            self.size_label.setText(_size_text(state.file_size))

    def folder(self) -> str:
        return str(Path(os.path.abspath(self.ctx.location)).parent)

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder()))
