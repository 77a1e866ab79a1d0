import os

import pytest

# Qt draws into memory: UI tests run the same on a desktop, a server and in CI.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(scope="session", autouse=True)
def _english(qapp):
    """As the app does at start: English plural forms come from the English translation."""
    from ui import i18n

    i18n.install(qapp, "en")


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path_factory, qapp):
    """Remembered window state and choices go to a temporary folder, not the user's."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qsettings"))
    qapp.setOrganizationName("ShopCircleTests")
    qapp.setApplicationName("ShopCircleTests")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    yield


# --- the counter (and the large-purchase question it shares with the customer page) -------------


@pytest.fixture
def ctx(db):
    """The app as a screen test runs it: the test's shop, nobody signed in (the shop itself)."""
    from ui.context import AppContext

    return AppContext(location="test.db")


class Clerk:
    """Types and clicks at the counter as a person does."""

    def __init__(self, qtbot):
        self.qtbot = qtbot

    def open_counter(self, ctx):
        from ui.views.counter.view import CounterView

        view = CounterView(ctx)
        self.qtbot.addWidget(view)
        view.resize(1200, 760)
        view.show()
        view.activateWindow()
        self.qtbot.waitExposed(view)
        self.qtbot.waitUntil(view.isActiveWindow)  # Alt+ and Ctrl+ shortcuts need an active window
        return view

    def type(self, widget, text: str) -> None:
        """Keys for ASCII; Chinese arrives committed by the input method, at once."""
        from tests.ui.gestures import type_text

        if text.isascii():
            self.qtbot.keyClicks(widget, text)
        else:
            type_text(widget, text)

    def pick(self, view, text: str) -> None:
        """Search and press Enter; the card is read by the time this returns."""
        from PySide6.QtCore import Qt

        self.type(view.search, text)
        self.qtbot.keyClick(view.search, Qt.Key.Key_Return)
        self.wait_for_reads(view)

    def click_result(self, view, customer_id: int) -> None:
        """Click the customer's row in the results; the card is read by the time this returns."""
        from PySide6.QtCore import Qt

        row = view.results_model.row_of(customer_id)
        rect = view.results.visualRect(view.results_model.index(row, 0))
        self.qtbot.mouseClick(view.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        self.wait_for_reads(view)

    def wait_for_reads(self, view) -> None:
        """Until the page has read what it shows (after a pick, a save, a change elsewhere)."""
        self.qtbot.waitUntil(lambda: not view.refresh_scheduled() and not view.loading(), timeout=5000)

    def enter_amount(self, field, typed: str, answer: bool | None = None, before_answering=None) -> list[str]:
        """Type an amount and press Enter; with ``answer``, say Yes (True) or No (False) to the
        large-purchase question when it comes. Returns what the question said."""
        from PySide6.QtCore import Qt

        self.qtbot.keyClicks(field, typed)
        said = [] if answer is None else self.answer_large_purchase(answer, before_answering)
        self.qtbot.keyClick(field, Qt.Key.Key_Return)
        return said

    def answer_large_purchase(self, yes: bool, before_answering=None) -> list[str]:
        """Answer the large-purchase question when it comes; returns what it said."""
        from PySide6.QtCore import Qt, QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox

        from ui.widgets.large_purchase import OBJECT_NAME

        said: list[str] = []

        def look():
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox) or box.objectName() != OBJECT_NAME:
                QTimer.singleShot(10, look)
                return
            said.append(f"{box.text()} {box.informativeText()}")
            if before_answering is not None:
                before_answering()
            button = QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No
            self.qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, look)
        return said


@pytest.fixture
def clerk(qtbot):
    return Clerk(qtbot)


@pytest.fixture
def counter(ctx, clerk):
    """The counter page, shown and active."""
    return clerk.open_counter(ctx)


@pytest.fixture
def visits_of(db):
    """A customer's visits, oldest first, as (amount, kind, staff id, note)."""
    from crm.services import visits

    def of(customer_id: int) -> list[tuple]:
        booked = reversed(visits.list_visits(customer_id=customer_id))
        return [(v.amount, v.kind, v.staff_id, v.note) for v in booked]

    return of


@pytest.fixture
def usual_sales(db):
    """Past sales that make the automatic large-purchase limit 20 × their amount."""
    from datetime import date, datetime, time

    from crm.models import Visit

    def sales(who_id: int, amount: int = 5_000, count: int = 100) -> None:
        at = datetime.combine(date(2026, 5, 1), time(10, 0))
        rows = [{"customer": who_id, "at": at, "day": at.date(), "amount": amount} for _ in range(count)]
        Visit.insert_many(rows).execute()

    return sales


# --- pages that read off the GUI thread (ui.views.page.Page) -------------------------------------


@pytest.fixture
def settled(qtbot):
    """``settled(page)`` waits until the page shows the shop as it is now: after an action
    (the published change makes it read again shortly) or after opening it."""

    def wait(page) -> None:
        qtbot.waitUntil(lambda: not page.refresh_scheduled() and not page.loading(), timeout=5000)

    return wait


@pytest.fixture
def type_text():
    """Types as an input method does: Chinese arrives as a whole word, not key by key."""

    def type_into(edit, text: str) -> None:
        edit.setFocus()
        edit.insert(text)

    return type_into


# --- pages -------------------------------------------------------------------------------------


@pytest.fixture
def open_page(qtbot):
    """``open_page(PageClass, ctx=None, width, height)``: the page built as the main window builds
    it, shown, once it has read what it shows."""
    from ui.context import AppContext

    def open_(page_class, ctx=None, width: int = 1200, height: int = 800):
        page = page_class(ctx or AppContext(location="test"))
        qtbot.addWidget(page)
        page.resize(width, height)
        page.show()
        qtbot.waitUntil(lambda: not page.loading(), timeout=10_000)
        return page

    return open_
