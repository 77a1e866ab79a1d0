"""Which shop the window shows: the demo says it is one, "Start my real shop…" keeps the
demo aside and opens a new, empty shop, "Open another database…" shows another file, and
both are remembered for the next start; the status bar names the database."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from crm import demo
from crm.db import close_database, default_location, open_database
from crm.errors import NotEmpty
from crm.models import Customer
from crm.services import settings, shop, shop_setup, staff
from crm.services.changes import Changes
from tests import factories
from ui import session
from ui.context import AppContext
from ui.dialogs.pin_dialog import PinDialog
from ui.dialogs.shop_setup import ShopSetupDialog
from ui.main_window import MainWindow


@pytest.fixture
def file_db(db):
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a shop in a file on this computer")
    return db


@pytest.fixture
def demo_shop(file_db):
    demo.generate(customers=60, seed=2)
    return file_db


def type_pin(dialog: PinDialog, pin: str) -> int:
    """The PIN dialog answered: ``pin`` typed and OK pressed."""
    dialog.pin_edit.setText(pin)
    dialog.accept()
    return dialog.result()


def make_window(qtbot, location: str, actor=None) -> MainWindow:
    window = MainWindow(AppContext(location=location, actor=actor))
    qtbot.addWidget(window)
    window.show()
    return window


def fill_setup(dialog: ShopSetupDialog, name="Corner Shop", owner="Alice", pin="2468") -> None:
    form = dialog.form
    form.shop_name_edit.setText(name)
    form.owner_edit.setText(owner)
    form.pin_edit.setText(pin)
    form.pin_again_edit.setText(pin)


@pytest.fixture
def answer_setup(monkeypatch):
    """Stands in for the person at the "Start my real shop" dialog: types, then clicks Start."""
    seen: list[ShopSetupDialog] = []

    def exec_(dialog):
        seen.append(dialog)
        fill_setup(dialog, *seen_values)
        dialog.start_button.click()
        return dialog.result()

    seen_values: list[str] = []
    monkeypatch.setattr(ShopSetupDialog, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: QMessageBox.StandardButton.Ok)
    return seen, seen_values


def test_a_demo_shop_says_so_and_a_real_one_does_not(qtbot, demo_shop):
    window = make_window(qtbot, demo_shop.shop_location)
    assert window.banner.isVisible()
    assert "made up" in window.findChild(type(window.banner.text), "DemoBannerText").text()
    assert window.banner.button.isVisible()
    settings.set("demo", False)
    window.ctx.actions.publish(Changes(settings=True))
    assert not window.banner.isVisible()


def test_an_empty_or_real_shop_has_no_banner(qtbot, file_db):
    factories.customer("王丽")
    window = make_window(qtbot, file_db.shop_location)
    assert not window.banner.isVisible()
    assert not window.show_page("settings").database.real_shop_button.isVisible()


def test_the_status_bar_names_the_database_with_its_path_in_the_tooltip(qtbot, file_db):
    window = make_window(qtbot, file_db.shop_location)
    assert window.status_label.text() == "Database: shop.db"
    assert window.status_label.toolTip() == file_db.shop_location


def test_start_my_real_shop_keeps_the_demo_aside_and_opens_the_new_shop(
    qtbot, demo_shop, answer_setup, monkeypatch
):
    seen, values = answer_setup
    values.extend(["阳光小店", "陈丽华", "2468"])
    location = demo_shop.shop_location
    window = make_window(qtbot, location)
    demo_customers = Customer.select().count()
    window.show_page("settings").show_section("database")
    qtbot.waitUntil(lambda: window.page("settings").data is not None)  # read off the GUI thread
    assert window.page("settings").database.real_shop_button.isVisible()
    qtbot.mouseClick(window.banner.button, Qt.MouseButton.LeftButton)

    assert seen and seen[0].result() == QDialog.DialogCode.Accepted
    kept = Path(location).with_name("shopcircle-demo.db")
    assert kept.exists()
    # The window now shows the new, empty shop under the demo's old name ...
    assert window.ctx.location == location and shop.location() == location
    assert Customer.select().count() == 0
    assert (settings.get("shop_name"), settings.get("demo")) == ("阳光小店", False)
    [owner] = staff.list_staff()
    assert owner.name == "陈丽华" and staff.verify_pin(owner.id, "2468")
    assert window.ctx.actor.staff_id == owner.id
    assert not window.banner.isVisible()
    # ... the demo is whole beside it, and the next start opens the real shop.
    close_database()
    open_database(str(kept))
    assert Customer.select().count() == demo_customers and shop.is_demo()
    close_database()
    open_database(location)
    monkeypatch.delenv("SHOPCIRCLE_DB", raising=False)
    assert session.startup_location(None) == str(Path(location).resolve())


def test_a_wrong_setup_for_the_real_shop_keeps_the_demo_in_place(qtbot, demo_shop, answer_setup):
    seen, values = answer_setup
    values.extend(["阳光小店", "陈丽华", "12"])  # a PIN too short
    location = demo_shop.shop_location
    window = make_window(qtbot, location)
    count = Customer.select().count()
    assert not window.start_real_shop()
    assert not seen[0].form.errors["pin"].isHidden() and "4 to 8 digits" in seen[0].form.errors["pin"].text()
    assert not Path(location).with_name("shopcircle-demo.db").exists()
    assert Customer.select().count() == count and shop.is_demo()


def test_a_failure_after_the_demo_was_moved_puts_it_back(qtbot, demo_shop, monkeypatch):
    location = demo_shop.shop_location
    count = Customer.select().count()

    def broken(setup):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shop_setup, "set_up", broken)
    with pytest.raises(OSError):
        shop_setup.start_real_shop(shop_setup.ShopSetup("阳光小店", "陈丽华", "2468"))
    assert not Path(location).with_name("shopcircle-demo.db").exists()
    assert shop.location() == location and Customer.select().count() == count and shop.is_demo()


def test_open_another_database_shows_it_and_is_remembered(qtbot, file_db, tmp_path, monkeypatch):
    factories.customer("王丽")
    here = file_db.shop_location
    other = tmp_path / "branch" / "other.db"
    close_database()
    open_database(str(other))
    factories.customer("张伟")
    factories.customer("李娜")
    close_database()
    open_database(here)
    window = make_window(qtbot, here)
    window.show_page("settings").show_section("database")
    qtbot.waitUntil(lambda: window.page("settings").data is not None)  # read off the GUI thread
    monkeypatch.setattr("ui.views.settings.database.choose_database_file", lambda *args: str(other))
    window.page("settings").database.other_button.click()

    assert window.ctx.location == str(other)
    assert sorted(c.name for c in Customer.select()) == sorted(["李娜", "张伟"])
    assert window.status_label.text() == "Database: other.db"
    assert session.remembered_location() == str(other.resolve())
    assert (
        session.startup_location(None) == str(other.resolve()) or "SHOPCIRCLE_DB" in __import__("os").environ
    )


def test_a_new_file_opened_starts_with_the_welcome_and_cancelling_goes_back(
    qtbot, file_db, tmp_path, monkeypatch
):
    factories.customer("王丽")
    here = file_db.shop_location
    window = make_window(qtbot, here)
    monkeypatch.setattr("ui.dialogs.welcome.WelcomeDialog.exec", lambda dialog: 0)
    new = tmp_path / "new.db"
    assert not window.open_database(str(new))
    assert not new.exists()  # the empty file made to ask is not left behind
    assert window.ctx.location == here and [c.name for c in Customer.select()] == ["王丽"]


def test_a_database_that_cannot_be_opened_is_said_and_the_shop_stays(qtbot, file_db, tmp_path, monkeypatch):
    factories.customer("王丽")
    broken = tmp_path / "notes.db"
    broken.write_bytes(b"this is not a database" * 200)
    said: list[str] = []
    monkeypatch.setattr("ui.errors.show_error", lambda parent, exc: said.append(str(exc)))
    window = make_window(qtbot, file_db.shop_location)
    assert not window.open_database(str(broken))
    assert said and "not a ShopCircle database" in said[0]
    assert [c.name for c in Customer.select()] == ["王丽"]


def test_only_the_owner_changes_the_database(qtbot, demo_shop):
    clerk = next(s for s in staff.list_staff() if s.role == "staff")
    window = make_window(qtbot, demo_shop.shop_location, staff.actor_for(clerk.id))
    database = window.show_page("settings").database
    assert not database.other_button.isEnabled() and not database.real_shop_button.isEnabled()
    assert window.banner.isVisible() and not window.banner.button.isVisible()


def test_the_start_location_is_the_option_then_the_environment_then_the_remembered_one(tmp_path, monkeypatch):
    monkeypatch.delenv("SHOPCIRCLE_DB", raising=False)
    assert session.startup_location(None) == default_location()
    chosen = tmp_path / "mine.db"
    chosen.write_bytes(b"")
    session.remember_location(str(chosen))
    assert session.startup_location(None) == str(chosen.resolve())
    monkeypatch.setenv("SHOPCIRCLE_DB", str(tmp_path / "env.db"))
    assert session.startup_location(None) == str(tmp_path / "env.db")
    assert session.startup_location("given.db") == "given.db"
    monkeypatch.delenv("SHOPCIRCLE_DB")
    chosen.unlink()  # moved away: back to the default, not to a file that is gone
    assert session.startup_location(None) == default_location()
    session.remember_location("postgresql://u:secret@server/shop")  # never stored: it holds a password
    assert session.remembered_location() is None


def test_my_shop_dialog_uses_the_locale(qtbot, file_db):
    dialog = ShopSetupDialog(lambda setup: setup, locale=QLocale("en_GB"))
    qtbot.addWidget(dialog)
    assert (dialog.form.currency_combo.currency(), dialog.form.region_combo.region()) == ("GBP", "GB")


def test_the_owner_who_just_set_up_the_shop_is_signed_in_without_typing_the_pin_again(
    qtbot, file_db, monkeypatch
):
    from ui.dialogs.welcome import WelcomeDialog

    def set_up(dialog):
        qtbot.addWidget(dialog)
        dialog.empty_choice.click()
        dialog.setup_form.shop_name_edit.setText("Corner Shop")
        dialog.setup_form.owner_edit.setText("Alice")
        dialog.setup_form.pin_edit.setText("2468")
        dialog.setup_form.pin_again_edit.setText("2468")
        dialog.empty_start.click()
        return dialog.result()

    def asked(*args, **kwargs):
        raise AssertionError("the new owner was asked for the PIN they have just chosen")

    monkeypatch.setattr(WelcomeDialog, "exec", set_up)
    monkeypatch.setattr(PinDialog, "exec", asked)
    actor = session.welcome_and_sign_in(file_db.shop_location, "en")
    [owner] = staff.list_staff()
    assert actor.staff_id == owner.id and actor.role == "owner"
    # At the next start the PIN is asked, as for anyone who has one.
    monkeypatch.setattr(PinDialog, "exec", lambda dialog: type_pin(dialog, "2468"))
    assert session.welcome_and_sign_in(file_db.shop_location, "en").staff_id == owner.id


def test_the_demo_is_not_moved_while_another_window_has_it_open(qtbot, demo_shop):
    import subprocess
    import sys

    from crm.errors import ShopInUse

    location = demo_shop.shop_location
    count = Customer.select().count()
    # Another window: a process that has read the demo once and now sits idle, as a counter does.
    other = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1]); c.execute('SELECT COUNT(*) FROM customer').fetchone()\n"
         "print('open', flush=True); time.sleep(60)", location],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert other.stdout.readline().strip() == "open"
        with pytest.raises(ShopInUse):
            shop_setup.start_real_shop(shop_setup.ShopSetup("阳光小店", "陈丽华", "2468"))
    finally:
        other.kill()
        other.wait()
    assert not Path(location).with_name("shopcircle-demo.db").exists()
    assert shop.location() == location and Customer.select().count() == count and shop.is_demo()
    # Once the other window is closed, the demo can be left.
    made = shop_setup.start_real_shop(shop_setup.ShopSetup("阳光小店", "陈丽华", "2468"))
    assert made.demo_kept.exists() and Customer.select().count() == 0


def test_a_demo_left_for_the_real_shop_offers_the_way_back_to_it(qtbot, demo_shop, monkeypatch):
    location = demo_shop.shop_location
    made = shop_setup.start_real_shop(shop_setup.ShopSetup("阳光小店", "陈丽华", "2468"))
    owner = staff.actor_for(made.owner.id)
    close_database()
    open_database(str(made.demo_kept))
    assert shop.is_demo() and shop.left_for() == str(Path(location).resolve())
    window = make_window(qtbot, str(made.demo_kept))
    assert window.banner.isVisible() and "Back to my shop (shop.db)" == window.banner.button.text()
    assert not window.show_page("settings").database.real_shop_button.isVisible()
    with pytest.raises(NotEmpty, match="already left"):
        shop_setup.start_real_shop(shop_setup.ShopSetup("Second Shop", "Bob", "1357"))
    monkeypatch.setattr(PinDialog, "exec", lambda dialog: type_pin(dialog, "2468"))
    qtbot.mouseClick(window.banner.button, Qt.MouseButton.LeftButton)
    assert window.ctx.location == str(Path(location).resolve())
    assert settings.get("shop_name") == "阳光小店" and window.ctx.actor.staff_id == owner.staff_id
    assert not window.banner.isVisible()


def test_enter_in_any_field_of_start_my_real_shop_starts_it_never_cancels(qtbot, file_db):
    got = []
    dialog = ShopSetupDialog(lambda setup: got.append(setup) or "made")
    qtbot.addWidget(dialog)
    dialog.show()
    fill_setup(dialog)
    dialog.form.region_combo.setFocus()
    qtbot.keyClick(dialog.form.region_combo, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and got[0].shop_name == "Corner Shop"


def test_the_database_chooser_opens_or_names_a_file_and_its_button_says_open(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from ui.shop_switch import choose_database_file

    seen = {}

    def answer(dialog):
        seen["button"] = dialog.labelText(QFileDialog.DialogLabel.Accept)
        seen["mode"] = dialog.acceptMode()
        dialog.selectFile(str(tmp_path / "branch"))
        dialog.accept()
        return 1

    monkeypatch.setattr(QFileDialog, "exec", answer)
    chosen = choose_database_file(None, "Open another database", str(tmp_path))
    assert seen == {"button": "Open", "mode": QFileDialog.AcceptMode.AcceptSave}
    assert chosen == str(tmp_path / "branch.db")  # a new name gets the .db of a database


def test_a_restored_copy_of_a_left_demo_does_not_point_at_someone_elses_shop(qtbot, demo_shop, tmp_path):
    from crm.services import backup

    made = shop_setup.start_real_shop(shop_setup.ShopSetup("阳光小店", "陈丽华", "2468"))
    close_database()
    open_database(str(made.demo_kept))
    copy = backup.backup(tmp_path / "usb-demo.db", actor=None)
    assert shop.left_for()  # on this computer the way back is known
    close_database()
    elsewhere = tmp_path / "other-computer" / "shopcircle.db"
    backup.restore_new(copy, str(elsewhere), actor=None)
    assert shop.is_demo() and shop.left_for() is None  # the path it kept is not this computer's shop
    window = make_window(qtbot, str(elsewhere))
    assert window.banner.button.text() == "Start my real shop…"


def test_a_demo_never_leads_back_to_itself(demo_shop):
    settings.set("demo_left_for", str(Path(demo_shop.shop_location).resolve()))
    assert shop.left_for() is None


def test_todays_automatic_copy_of_the_demo_goes_aside_with_it(demo_shop, tmp_path):
    from datetime import datetime

    from crm.services import backup

    demo_copy = backup.automatic_backup(datetime(2026, 6, 30, 9))
    made = shop_setup.start_real_shop(shop_setup.ShopSetup("阳光小店", "陈丽华", "2468"))
    moved = demo_copy.with_name(demo_copy.name.replace("shop-auto-", "shopcircle-demo-auto-"))
    assert not demo_copy.exists() and moved.exists() and backup.inspect(moved).customers > 0
    real_copy = backup.automatic_backup(datetime(2026, 6, 30, 18))  # the real shop's own, the same day
    assert real_copy is not None and backup.inspect(real_copy).customers == 0
    assert made.demo_kept.name == "shopcircle-demo.db"


def test_back_to_a_shop_whose_file_is_gone_says_so_and_makes_nothing(qtbot, demo_shop, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    made = shop_setup.start_real_shop(shop_setup.ShopSetup("阳光小店", "陈丽华", "2468"))
    real = Path(shop.location())
    close_database()
    open_database(str(made.demo_kept))
    window = make_window(qtbot, str(made.demo_kept))
    real.rename(real.with_name("moved.db"))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    assert not window.back_to_shop(str(real))
    assert said and "no longer at" in said[0] and not real.exists()
    assert window.ctx.location == str(made.demo_kept) and shop.is_demo()


def test_the_window_title_is_the_shops_name(qtbot, file_db):
    settings.set("shop_name", "阳光小店")
    window = make_window(qtbot, file_db.shop_location)
    assert window.windowTitle() == "阳光小店"


def test_a_clerk_can_neither_start_the_real_shop_nor_open_another_database(db, qtbot, tmp_path, monkeypatch):
    """Which shop the computer opens is the owner's: a clerk starting a "real shop" would be its owner."""
    from PySide6.QtWidgets import QMessageBox

    from crm.services import staff as staff_service
    from ui.context import AppContext
    from ui.main_window import MainWindow

    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    owner = staff_service.create_staff("老板", "owner", pin="1234")
    clerk = staff_service.create_staff("小李", "staff", actor=None)
    location = db.shop_location
    window = MainWindow(AppContext(location=location, actor=staff_service.actor_for(owner.id)))
    qtbot.addWidget(window)
    window.set_actor(staff_service.actor_for(clerk.id))
    assert window.banner.button.isHidden()
    assert window.start_real_shop() is False
    assert window.switcher.open_other(str(tmp_path / "other.db")) is False
    assert window.back_to_shop(location) is False
    assert len(told) == 3 and "owner" in told[0]
    assert window.ctx.location == location and not (tmp_path / "other.db").exists()
