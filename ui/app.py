"""The ``shopcircle`` desktop app.

For now a placeholder window: it opens the shop database (creating it on
first start) and shows where it is and how many customers it holds. The real
customer list, counter search and dashboard come next.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from crm.db import close_database, default_location, open_database
from crm.errors import ShopError
from crm.models import Customer

TITLE = "ShopCircle 店圈"


class MainWindow(QMainWindow):
    def __init__(self, location: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.location = location
        self.setWindowTitle(TITLE)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.location_label = QLabel(self.tr("Database: %1").replace("%1", location), body)
        self.count_label = QLabel(body)
        layout.addWidget(self.location_label)
        layout.addWidget(self.count_label)
        layout.addStretch(1)
        self.setCentralWidget(body)
        self.resize(640, 400)
        self.refresh()

    def refresh(self) -> None:
        count = Customer.select().count()
        self.count_label.setText(self.tr("Customers: %1").replace("%1", str(count)))


def main(argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv if argv is None else argv)
    location = default_location()
    try:
        open_database(location)
    except ShopError as exc:
        QMessageBox.critical(None, TITLE, str(exc))
        return 2
    window = MainWindow(location)
    window.show()
    try:
        return app.exec()
    finally:
        close_database()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
