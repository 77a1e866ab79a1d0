"""The main window: navigation rail, lazy pages, shortcuts, remembered state."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from tests import factories
from ui.app import TITLE, parse_args
from ui.main_window import MainWindow, build_window


class FakePage(QWidget):
    built = []

    def __init__(self, ctx):
        super().__init__()
        FakePage.built.append(self)
        self.focused = False
        self.activations = 0

    def focus_search(self):
        self.focused = True

    def activated(self):
        self.activations += 1


def fake_factories():
    return {key: FakePage for key in MainWindow.PAGE_KEYS}


def test_window_opens_on_the_counter_and_builds_pages_on_first_show(db, qtbot, tmp_path):
    from ui.context import AppContext

    FakePage.built.clear()
    window = MainWindow(AppContext(location=str(tmp_path / "shop.db")), fake_factories())
    qtbot.addWidget(window)
    window.show()
    assert TITLE == "ShopCircle 店圈"
    assert window.windowTitle() == ""  # no shop name yet: Qt shows the app's name alone
    assert window.current_key() == "counter"
    assert len(FakePage.built) == 1  # only the page shown was built
    window.rail.setCurrentRow(MainWindow.PAGE_KEYS.index("dashboard"))
    assert window.current_key() == "dashboard" and len(FakePage.built) == 2
    assert FakePage.built[1].activations == 1


def test_ctrl_f_goes_to_the_counter_search(db, qtbot, tmp_path):
    from ui.context import AppContext

    window = MainWindow(AppContext(location=str(tmp_path / "shop.db")), fake_factories())
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.show_page("settings")
    qtbot.keyClick(window.rail, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "counter"
    assert window.page("counter").focused


def test_window_remembers_its_size_and_page(db, qtbot, tmp_path):
    from ui.context import AppContext

    first = MainWindow(AppContext(location="x"), fake_factories())
    qtbot.addWidget(first)
    first.show()
    first.resize(790, 700)  # the offscreen screen is 800 x 800; stay within it
    first.show_page("fission")
    size = first.size()
    first.close()
    second = MainWindow(AppContext(location="x"), fake_factories())
    qtbot.addWidget(second)
    assert second.current_key() == "fission"
    assert second.size() == size


def test_the_window_fits_the_screen_it_opens_on(db, qtbot, tmp_path):
    """The first start's 1280 × 800 and a size remembered from a bigger screen both shrink
    to the screen's free room (the offscreen screen is 800 × 800), and the window is on it."""
    from ui.context import AppContext
    from ui.session import app_settings

    fresh = MainWindow(AppContext(location="x"), fake_factories())
    qtbot.addWidget(fresh)
    room = fresh.screen().availableGeometry()
    assert fresh.width() <= room.width() and fresh.height() <= room.height()
    app_settings().setValue("window/geometry", None)
    big = MainWindow(AppContext(location="x"), fake_factories())
    qtbot.addWidget(big)
    big.setGeometry(900, 900, 1900, 1000)  # as on the shop's old big screen
    big.close()
    again = MainWindow(AppContext(location="x"), fake_factories())
    qtbot.addWidget(again)
    assert room.contains(again.frameGeometry().topLeft())
    assert again.width() <= room.width() and again.height() <= room.height()


def test_real_pages_build_on_a_database(db, qtbot, tmp_path):
    factories.customer(name="王丽", joined=date(2025, 3, 1))
    window = build_window(str(tmp_path / "shop.db"))
    qtbot.addWidget(window)
    window.show()
    for key in MainWindow.PAGE_KEYS:
        page = window.show_page(key)
        assert page is not None
        assert not isinstance(page, QLabel), f"{key} page is missing: {page.text()}"


def test_command_line_options():
    args = parse_args(["shopcircle", "--db", "x.db", "--lang", "zh_CN"])
    assert args.db == "x.db" and args.lang == "zh_CN"


def test_a_page_that_fails_to_open_shows_a_message_not_a_crash(db, qtbot):
    from ui.context import AppContext

    def broken(ctx):
        raise RuntimeError("disk on fire")

    factories_ = fake_factories()
    factories_["fission"] = broken
    window = MainWindow(AppContext(location="x"), factories_)
    qtbot.addWidget(window)
    page = window.show_page("fission")
    assert isinstance(page, QLabel) and "disk on fire" in page.text()


def test_closing_the_first_welcome_leaves_no_empty_shop_file_behind(tmp_path):
    from crm.db import close_database, open_database
    from ui import app

    empty = tmp_path / "new.db"
    open_database(str(empty))
    app._drop_if_unused(str(empty))
    assert not empty.exists() and not list(tmp_path.glob("new.db-*"))
    kept = tmp_path / "kept.db"
    open_database(str(kept))
    factories.customer("王丽")
    app._drop_if_unused(str(kept))
    assert kept.exists()
    close_database()
