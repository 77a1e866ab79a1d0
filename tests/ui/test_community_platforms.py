"""A community's platform on screen: one platform whichever language it was typed in, named
in the app's language, found by its name in either language, chosen from a fixed list."""

from __future__ import annotations

import pytest

from crm.services import community_changes
from tests.factories import customer
from tests.ui.gestures import click, type_text
from ui import i18n
from ui.dialogs.community_dialog import CommunityDialog
from ui.views.communities.page import CommunitiesView


@pytest.fixture
def groups(db):
    """Two WeChat groups, one typed in English and one in Chinese, and a QQ group."""
    leader = customer("王丽")
    make = community_changes.create_community
    return {
        "english": make("Sunny mums", leader.id, platform="WeChat group").id,
        "chinese": make("阳光妈妈群", leader.id, platform="微信群").id,
        "qq": make("读书会", leader.id, platform="QQ群").id,
    }


def shown_names(view) -> set[str]:
    return {view.model.community(row).name for row in range(view.model.rowCount())}


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_filter_finds_one_platform_by_either_languages_name(groups, open_page, qapp, qtbot, language):
    i18n.install(qapp, language)
    try:
        view = open_page(CommunitiesView, width=1300)
        wechat = {"Sunny mums", "阳光妈妈群"}
        for typed in ("WeChat group", "微信群", "wechat"):
            view.filter.clear()
            type_text(view.filter, typed)
            assert shown_names(view) == wechat, typed
        view.filter.clear()
        type_text(view.filter, "QQ")
        assert shown_names(view) == {"读书会"}
        column = view.model.COLUMNS.index("platform")
        shown = {view.model.index(row, column).data() for row in range(view.model.rowCount())}
        assert shown == {"QQ group" if language == "en" else "QQ群"}
    finally:
        i18n.install(qapp, "en")


def test_the_dialog_offers_the_platforms_in_the_apps_language_and_saves_the_key(
    groups, open_page, qtbot, chinese
):
    view = open_page(CommunitiesView, width=1300)
    view.select_community(groups["english"])
    dialog = view.edit_selected()
    assert isinstance(dialog, CommunityDialog)
    assert not dialog.platform.isEditable()
    assert dialog.platform.currentText() == "微信群"
    items = [dialog.platform.itemText(i) for i in range(dialog.platform.count())]
    assert {"微信群", "QQ群", "小红书", "抖音", "其他"} <= set(items)
    dialog.platform.setCurrentIndex(dialog.platform.findData("xiaohongshu"))
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: view.selected() is not None and view.selected().platform == "xiaohongshu")
    assert "小红书" in view.members.stats_label.text()
