"""Settings → Database: back up, restore (asking first, then every page reloads), check."""

from datetime import date

import peewee
import pytest
from PySide6.QtWidgets import QLabel

from crm.db import database
from crm.models import Customer
from crm.services import staff as staff_service
from crm.services.changes import Changes
from crm.services.common import Actor
from crm.services.customers import create_customer
from ui.context import AppContext
from ui.views.settings.backup import BackupPanel


@pytest.fixture
def panel(db, qtbot):
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a file shop")
    create_customer("王丽", "13812345678", code="A1", joined=date(2026, 1, 1))
    owner = staff_service.create_staff("老板", "owner", pin="1234")  # the shop may get a manager
    ctx = AppContext(location=database.shop_location, actor=staff_service.actor_for(owner.id))
    widget = BackupPanel(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def wait(panel, qtbot):
    qtbot.waitUntil(lambda: panel.job is None, timeout=20000)


def test_back_up_now_writes_the_copy_and_says_where(panel, qtbot, tmp_path):
    out = tmp_path / "copy.db"
    assert panel.back_up_to(str(out)) is not None
    wait(panel, qtbot)
    assert out.exists() and panel.status.text() == f"Saved a copy to {out}"


def test_restore_asks_then_brings_the_copy_back_and_every_page_reloads(panel, qtbot, tmp_path, monkeypatch):
    out = tmp_path / "copy.db"
    panel.back_up_to(str(out))
    wait(panel, qtbot)
    create_customer("张伟", "13912345678", code="A2")
    reloads = []
    panel.ctx.actions.changed.connect(reloads.append)
    questions = []
    monkeypatch.setattr(
        "ui.views.settings.backup.confirm", lambda parent, title, text: questions.append(text) or False
    )
    panel.restore_from(str(out))  # the backup is read off the GUI thread, then they are asked
    wait(panel, qtbot)
    assert "1 customer, 0 visits, the last on —." in questions[0]  # they said No: nothing happens
    assert Customer.select().count() == 2 and panel.job is None
    monkeypatch.setattr("ui.views.settings.backup.confirm", lambda parent, title, text: True)
    panel.restore_from(str(out))
    qtbot.waitUntil(lambda: panel.status.text().startswith("Restored."), timeout=20000)
    assert [c.code for c in Customer.select()] == ["A1"]
    assert panel.status.text().startswith("Restored. The data from before is kept in ")
    qtbot.waitUntil(lambda: reloads == [Changes.everything()], timeout=5000)  # every page reads again


def test_a_file_that_is_not_a_backup_is_explained_without_asking(panel, qtbot, tmp_path, monkeypatch):
    bad = tmp_path / "notes.db"
    bad.write_text("hello")
    monkeypatch.setattr("ui.views.settings.backup.confirm", lambda *a: pytest.fail("asked"))
    panel.restore_from(str(bad))
    wait(panel, qtbot)
    assert "not a ShopCircle database" in panel.status.text()


def test_check_reports_no_problems_or_lists_them(panel, qtbot):
    panel.check()
    wait(panel, qtbot)
    assert panel.status.text() == "No problems found."
    Customer.update(joined=date(2026, 12, 1)).execute()
    from tests.factories import visit

    visit(Customer.get(), date(2026, 6, 1))
    panel.check()
    wait(panel, qtbot)
    assert panel.status.text() == "Problems found:\n• customers who joined after their first visit: 1"


def test_only_the_owner_may_restore(db, qtbot):
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a file shop")
    widget = BackupPanel(AppContext(location=database.shop_location, actor=Actor(2, "manager")))
    qtbot.addWidget(widget)
    assert not widget.restore_button.isEnabled() and widget.backup_button.isEnabled()


def _manager_panel(qtbot):
    manager = staff_service.create_staff("店长", "manager")
    widget = BackupPanel(
        AppContext(location=database.shop_location, actor=staff_service.actor_for(manager.id))
    )
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_manager_backs_up_and_checks_but_is_not_offered_the_repair(panel, qtbot, tmp_path):
    manager = _manager_panel(qtbot)
    assert manager.backup_button.isVisible() and manager.check_button.isVisible()
    assert not manager.restore_button.isEnabled()
    manager.back_up_to(str(tmp_path / "copy.db"))
    wait(manager, qtbot)
    assert (tmp_path / "copy.db").exists()
    Customer.update(joined=date(2026, 6, 20)).execute()
    from tests.factories import visit

    visit(Customer.get(), date(2026, 6, 1))  # something the repair could put right
    manager.check()
    wait(manager, qtbot)
    assert "joined after their first visit" in manager.status.text()
    assert not manager.repair_button.isVisible()  # repairing is the owner's
    panel.check()
    wait(panel, qtbot)
    assert panel.repair_button.isVisible()


def test_a_clerk_sees_why_there_is_nothing_to_press(db, qtbot):
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a file shop")
    widget = BackupPanel(AppContext(location=database.shop_location, actor=Actor(3, "staff")))
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.backup_button.isVisible() and not widget.check_button.isVisible()
    assert not widget.folder_button.isVisible() and not widget.restore_button.isEnabled()
    assert "for the owner and managers" in " ".join(label.text() for label in widget.findChildren(QLabel))


def test_a_server_shop_offers_only_the_check(qtbot, db):
    widget = BackupPanel(AppContext(location="postgresql://shop@server/shop"))
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.backup_button.isVisible() and not widget.restore_button.isVisible()
    assert widget.check_button.isVisible()


def test_a_panel_closed_while_it_works_shows_nothing_and_the_pages_still_reload(
    panel, qtbot, tmp_path, monkeypatch
):
    out = tmp_path / "copy.db"
    panel.back_up_to(str(out))
    wait(panel, qtbot)
    reloads = []
    panel.ctx.actions.changed.connect(reloads.append)
    doomed = BackupPanel(panel.ctx)  # not kept by the test: it goes away mid-restore
    doomed.show()
    # The owner says Yes, and the pages are rebuilt (another staff member) while it restores.
    monkeypatch.setattr("ui.views.settings.backup.confirm", lambda *a: (doomed.deleteLater(), True)[1])
    doomed.restore_from(str(out))
    qtbot.waitUntil(lambda: reloads == [Changes.everything()], timeout=20000)


def test_repair_appears_for_what_can_be_put_right_and_checks_again(panel, qtbot):
    from tests.factories import visit

    Customer.update(joined=date(2026, 6, 20)).execute()
    visit(Customer.get(), date(2026, 6, 1))
    panel.check()
    wait(panel, qtbot)
    assert panel.repair_button.isVisible()
    published = []
    panel.ctx.actions.changed.connect(published.append)
    panel.repair()
    qtbot.waitUntil(lambda: panel.job is None and panel.status.text() != "Repairing…", timeout=20000)
    assert published == [Changes(every_customer=True)]  # the pages show the dates put right
    qtbot.waitUntil(lambda: panel.job is None, timeout=20000)
    assert panel.status.text() == "No problems found."
    assert not panel.repair_button.isVisible() and Customer.get().joined == date(2026, 6, 1)
