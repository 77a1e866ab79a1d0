from datetime import date

from tests import factories
from ui.app import TITLE, MainWindow


def test_window_shows_database_location_and_customer_count(db, qtbot, tmp_path):
    for name in ("王丽", "曾伟", "单敏"):
        factories.customer(name=name, joined=date(2025, 3, 1))
    window = MainWindow(str(tmp_path / "shop.db"))
    qtbot.addWidget(window)
    window.show()

    assert window.windowTitle() == TITLE == "ShopCircle 店圈"
    assert window.count_label.text() == "Customers: 3"
    assert str(tmp_path / "shop.db") in window.location_label.text()

    factories.customer(name="覃静", joined=date(2025, 3, 2))
    window.refresh()
    assert window.count_label.text() == "Customers: 4"
