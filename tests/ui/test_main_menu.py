"""The main window's menu bar (File, View, Help), the user guide, the shortcuts and About
windows, and the icons the window names."""

from __future__ import annotations

from pathlib import Path

import peewee
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QWidget

from crm import version
from crm.services import settings, staff
from ui import icons
from ui.context import AppContext
from ui.main_window import MainWindow


class FakePage(QWidget):
    def __init__(self, ctx):
        super().__init__()
        self.refreshed = 0

    def refresh(self):
        self.refreshed += 1


def fake_window(qtbot, tmp_path, language="en", actor=None) -> MainWindow:
    window = MainWindow(
        AppContext(location=str(tmp_path / "shop.db"), actor=actor, language=language),
        {key: FakePage for key in MainWindow.PAGE_KEYS},
    )
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def shown(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


@pytest.fixture
def file_db(db):
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("a shop in a file on this computer")
    return db


@pytest.fixture
def demo_staff(file_db):
    """A demo shop (as the demo marks itself) with an owner and a clerk: (owner, clerk)."""
    settings.set("demo", True)
    owner = staff.create_staff("Alice", "owner", pin="2468")
    clerk = staff.create_staff("Bob", "staff")
    return staff.actor_for(owner.id), staff.actor_for(clerk.id)


def test_every_icon_the_app_names_is_bundled_and_draws(qapp):
    for purpose, name in icons.ICONS.items():
        assert icons.icon_path(purpose).is_file(), name
        for colour in (icons.ON_LIGHT, icons.ON_DARK):
            assert not icons.icon(purpose, colour).pixmap(24, 24).isNull(), purpose
    assert (icons.FOLDER / "LICENSE").read_text().startswith("ISC License")
    bundled = {path.stem for path in icons.FOLDER.glob("*.svg")}
    assert bundled == set(icons.ICONS.values())  # only the icons used are carried


def test_the_rail_and_the_menus_carry_the_icons(qtbot, db, tmp_path):
    window = fake_window(qtbot, tmp_path)
    for row in range(window.rail.count()):
        assert not window.rail.item(row).icon().isNull()
    for menu in (window.file_menu, window.view_menu, window.help_menu):
        for action in menu.actions():
            if not action.isSeparator():
                assert not action.icon().isNull(), action.text()


def test_each_menu_opens_with_its_items(qtbot, db, tmp_path):
    window = fake_window(qtbot, tmp_path)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "Vie&w", "&Help"]
    for menu in (window.file_menu, window.view_menu, window.help_menu):
        menu.popup(window.mapToGlobal(window.rect().center()))
        qtbot.waitUntil(menu.isVisible)
        menu.close()
    assert shown(window.help_menu) == ["User guide", "Keyboard shortcuts", "About ShopCircle"]
    assert shown(window.view_menu)[-1] == "Refresh"
    assert window.view_menu.actions()[-1].shortcut().toString() == "F5"


def test_view_items_switch_pages_and_refresh_the_page_shown(qtbot, db, tmp_path):
    window = fake_window(qtbot, tmp_path)
    for index, key in enumerate(MainWindow.PAGE_KEYS, start=1):
        action = window.page_actions[key]
        assert action in window.view_menu.actions()
        assert action.shortcut().toString() == f"Ctrl+{index}"
        action.trigger()
        assert window.current_key() == key
        assert window.stack.currentIndex() == index - 1
    window.refresh_action.trigger()
    assert window.page("settings").refreshed == 1
    assert window.page("dashboard").refreshed == 0


def test_about_shows_the_version_licence_icon_set_and_database(qtbot, db, tmp_path):
    window = fake_window(qtbot, tmp_path)
    window.about_action.trigger()
    about = window.dialog
    qtbot.waitUntil(about.isVisible)
    text = about.text.text()
    assert version() in text and "GPL-3.0-or-later" in text
    assert "Lucide" in text and "ISC" in text
    assert str(tmp_path / "shop.db") in text


def test_about_in_chinese(qtbot, db, tmp_path, qapp):
    from ui import i18n

    i18n.install(qapp, "zh_CN")
    try:
        window = fake_window(qtbot, tmp_path, "zh_CN")
        assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "视图(&W)", "帮助(&H)"]
        window.about_action.trigger()
        text = window.dialog.text.text()
        assert "版本" in text and "GPL-3.0-or-later" in text and "正在使用的数据库" in text
    finally:
        i18n.install(qapp, "en")


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "ShopCircle user guide"), ("zh_CN", "店圈使用指南")]
)
def test_f1_opens_the_guide_in_the_apps_language(qtbot, db, tmp_path, language, heading):
    window = fake_window(qtbot, tmp_path, language)
    assert window.guide is None
    qtbot.keyClick(window.rail, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.guide is not None and window.guide.isVisible())
    text = window.guide.browser.toPlainText()
    assert text.startswith(heading)
    for topic in ("大C", "Ctrl+E"):  # referrals and 大C/小c; the monthly report's key
        assert topic in text
    window.guide.close()
    window.guide_action.trigger()  # the menu item shows the same window again
    assert window.guide.isVisible()


def test_both_guides_cover_the_same_topics():
    folder = icons.RESOURCES / "help"
    english = (folder / "guide_en.html").read_text(encoding="utf-8")
    chinese = (folder / "guide_zh_CN.html").read_text(encoding="utf-8")
    assert english.count("<h2>") == chinese.count("<h2>") == 7
    keys = lambda html: sorted(part.split("</b>")[0] for part in html.split("<b>")[1:] if "+" in part[:12])  # noqa: E731
    assert keys(english) == keys(chinese)  # the same shortcuts in both


def test_the_shortcuts_window_lists_the_windows_real_keys(qtbot, db, tmp_path):
    window = fake_window(qtbot, tmp_path)
    window.shortcuts_action.trigger()
    text = window.dialog.browser.toPlainText()
    keys = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
    assert len(keys) >= 14
    for key in keys:
        assert key in text
    assert "Ctrl+T" in text and "Alt+U" in text  # and the pages' own


def test_the_owner_of_a_demo_gets_every_file_item(qtbot, file_db, demo_staff):
    owner, _clerk = demo_staff
    window = MainWindow(AppContext(location=file_db.shop_location, actor=owner))
    qtbot.addWidget(window)
    assert shown(window.file_menu) == [
        "Open another database…",
        "Start my real shop…",
        "Back up now…",
        "Restore from a backup…",
        "Open backups folder",
        "Check the database",
        "Switch staff…",
        "Quit",
    ]
    assert all(a.isEnabled() for a in window.file_menu.actions())


def test_a_clerk_sees_the_file_menu_their_role_allows(qtbot, file_db, demo_staff):
    _owner, clerk = demo_staff
    window = MainWindow(AppContext(location=file_db.shop_location, actor=clerk))
    qtbot.addWidget(window)
    assert not window.backup_action.isVisible() and not window.backups_folder_action.isVisible()
    assert not window.check_action.isVisible()
    assert not window.restore_action.isEnabled() and "owner" in window.restore_action.toolTip()
    assert not window.open_database_action.isEnabled() and not window.real_shop_action.isEnabled()
    assert window.switch_staff_action.isEnabled() and window.quit_action.isEnabled()


def test_a_real_shop_has_no_start_my_real_shop(qtbot, file_db):
    window = MainWindow(AppContext(location=file_db.shop_location))
    qtbot.addWidget(window)
    assert not window.real_shop_action.isVisible()
    assert window.backup_action.isVisible()


def test_back_up_now_runs_the_backup_of_settings_database(qtbot, file_db, tmp_path, monkeypatch):
    copy = tmp_path / "copies" / "mine.db"
    copy.parent.mkdir()
    monkeypatch.setattr("ui.views.settings.backup.save_file_name", lambda *args, **kwargs: (str(copy), ""))
    window = MainWindow(AppContext(location=file_db.shop_location))
    qtbot.addWidget(window)
    window.show()
    window.backup_action.trigger()
    assert window.current_key() == "settings"
    settings = window.page("settings")
    assert settings.current_key() == "database"
    panel = settings.database.backups
    qtbot.waitUntil(lambda: panel.job is None and copy.is_file())
    assert str(copy) in panel.status.text()


def test_quit_closes_the_window(qtbot, db, tmp_path):
    window = fake_window(qtbot, tmp_path)
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    window.quit_action.trigger()
    assert not window.isVisible()


def test_the_frozen_app_carries_the_icons_the_guide_and_qts_svg_reader():
    root = Path(__file__).resolve().parents[2]
    spec = (root / "installer" / "shopcircle.spec").read_text()
    assert '"resources" / "icons" / "lucide"' in spec and '"resources" / "help"' in spec
    import sys

    sys.path.insert(0, str(root / "installer"))
    try:
        import qt_parts
    finally:
        sys.path.remove(str(root / "installer"))
    assert qt_parts.wanted("PySide6/Qt/plugins/imageformats/libqsvg.so")
    assert qt_parts.wanted("PySide6/Qt/lib/libQt6Svg.so.6") and qt_parts.wanted("Qt6Svg.dll")


def test_the_page_shortcuts_listed_are_the_ones_the_pages_set():
    import re

    from ui.dialogs.shortcuts import PAGE_SHORTCUTS

    views = Path(__file__).resolve().parents[2] / "ui" / "views"
    sources = {
        "counter": "counter/*.py",
        "customers": "customer/*.py",
        "followup": "followup/*.py",
        "communities": "communities/*.py",
        "reports": "reports.py",
        "settings": "settings/*.py",
    }
    checked = 0
    for page, rows in PAGE_SHORTCUTS:
        text = "".join(path.read_text(encoding="utf-8") for path in views.glob(sources[page]))
        for keys, _what in rows:
            if re.fullmatch(r"(Ctrl|Alt)(\+Shift)?\+[A-Z]", keys):
                assert f'"{keys}"' in text or f"({keys})" in text, (page, keys)
                checked += 1
    assert checked >= 12


def test_an_icon_the_app_does_not_name_draws_nothing(qapp):
    assert icons.icon("page:not-a-page").isNull()
