"""Communities screen: the list with activity and zombies, create/edit/archive,
leaders, and members added and removed like a person would."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from crm.levels import MICRO, STRONG, SUPER_STRONG
from crm.models import Community, Customer, Membership
from crm.pinyin import search_key
from crm.services import communities, community_changes
from crm.services.changes import Changes
from crm.services.common import Actor
from tests.conftest import TODAY
from tests.factories import community, customer, visit
from tests.ui.gestures import click, pick, type_text
from ui.context import AppContext
from ui.dialogs.community_dialog import CommunityDialog, LeaderDialog
from ui.models.community_model import CommunityTableModel, MemberTableModel
from ui.views.communities.page import CommunitiesView
from ui.widgets.level_badge import LEVEL_ROLE

D = TODAY


def days_ago(n: int) -> date:
    return D - timedelta(days=n)


def person(name: str, phone: str) -> Customer:
    code = f"P{phone[-6:]}"
    return customer(name, phone=phone, code=code, search_key=search_key(name, phone, code, None))


@pytest.fixture
def make_view(open_page):
    """The page with its list read (``make_view(ctx)`` for someone else at the counter)."""
    return lambda ctx=None: open_page(CommunitiesView, ctx, width=1300)


def row_texts(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


@pytest.fixture
def shop(db):
    """王丽 leads an active group; 赵强 leads one where nobody bought for 90 days."""
    wang = person("王丽", "+8613800000001")
    zhang = person("张伟", "+8613800000002")
    chen = person("陈静", "+8613800000003")
    zhao = person("赵强", "+8613800000004")
    sun = person("孙敏", "+8613800000005")
    liu = person("刘洋", "+8613800000006")
    visit(zhang, days_ago(5))
    visit(chen, days_ago(400))
    visit(zhao, days_ago(90))
    visit(sun, days_ago(61))
    active = community(wang, [zhang, chen], created=date(2025, 1, 1), name="阳光妈妈群")
    zombie = community(zhao, [sun], created=date(2025, 3, 1), name="跑步团")
    Customer.update(level=MICRO).where(Customer.id == zhang.id).execute()
    return {
        "wang": wang,
        "zhang": zhang,
        "chen": chen,
        "zhao": zhao,
        "sun": sun,
        "liu": liu,
        "active": active,
        "zombie": zombie,
    }


def select(qtbot, view, community_id: int) -> None:
    """Select the community and wait for its members."""
    view.select_community(community_id)
    assert view.selected().id == community_id
    read(qtbot, view)


def read(qtbot, view) -> None:
    """Wait for what the page reads (the members shown, a community just changed)."""
    qtbot.waitUntil(lambda: not view.loading(), timeout=5000)


# --- the list -----------------------------------------------------------------------


def test_list_shows_counts_activity_and_marks_the_zombie(shop, qtbot, make_view):
    view = make_view()
    model = view.model
    assert [model.community(r).name for r in range(model.rowCount())] == ["跑步团", "阳光妈妈群"]
    active = row_texts(model, model.row_of(shop["active"].id))
    assert active[:8] == ["阳光妈妈群", "", "王丽", "2", "1", "50%", "2026-06-25", ""]
    zombie_row = model.row_of(shop["zombie"].id)
    zombie = row_texts(model, zombie_row)
    assert zombie[CommunityTableModel.STATUS] == "Zombie"
    status = model.index(zombie_row, CommunityTableModel.STATUS)
    assert "60 days" in status.data(Qt.ItemDataRole.ToolTipRole)
    assert status.data(Qt.ItemDataRole.BackgroundRole) is not None  # painted red, not just a word
    assert view.summary.text() == "2 communities · 1 zombie"
    select(qtbot, view, shop["zombie"].id)
    assert not view.members.zombie_badge.isHidden()
    select(qtbot, view, shop["active"].id)
    assert view.members.zombie_badge.isHidden()
    view.zombies_only.setChecked(True)
    assert [model.community(r).id for r in range(model.rowCount())] == [shop["zombie"].id]


def test_filter_by_text_and_sort_by_activity(shop, qtbot, make_view):
    view = make_view()
    qtbot.keyClicks(view.filter, "x")
    assert view.model.rowCount() == 0
    view.filter.clear()
    type_text(view.filter, "王丽")  # the leader's name
    assert [view.model.community(r).id for r in range(view.model.rowCount())] == [shop["active"].id]
    view.filter.clear()
    view.table.sortByColumn(CommunityTableModel.RATE, Qt.SortOrder.DescendingOrder)
    assert view.model.community(0).id == shop["zombie"].id  # 1 of 1 bought this year: 100%
    view.table.sortByColumn(CommunityTableModel.RATE, Qt.SortOrder.AscendingOrder)
    assert view.model.community(0).id == shop["active"].id  # 50%


def test_community_model_passes_the_model_tester(shop, qtbot, qtmodeltester, qtlog):
    model = CommunityTableModel()
    model.set_communities(communities.list_communities())
    qtmodeltester.check(model)
    model.sort(CommunityTableModel.MEMBERS, Qt.SortOrder.DescendingOrder)
    assert model.community(0).id == shop["active"].id
    model.set_filter(text="跑步")
    assert model.rowCount() == 1
    members = MemberTableModel()
    members.set_members(communities.members(shop["active"].id))
    qtmodeltester.check(members)
    members.sort(MemberTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert [r.message for r in qtlog.records if "FAIL!" in r.message] == []


# --- opening one community from elsewhere -------------------------------------------------


def test_open_community_before_the_list_has_loaded_selects_it_once_loaded(shop, qtbot):
    view = CommunitiesView(AppContext(location="test"))
    qtbot.addWidget(view)
    view.show()
    assert view.loading() and not view.loaded  # the list is read on a worker thread
    view.open_community(shop["active"].id)  # not row 0: 跑步团 sorts first
    qtbot.waitUntil(lambda: view.loaded, timeout=10000)
    read(qtbot, view)
    assert view.model.community(0).id == shop["zombie"].id
    assert view.selected().id == shop["active"].id
    assert view.members.title.text() == "阳光妈妈群"
    assert {m.name for m in view.members.model.members()} == {"张伟", "陈静"}


def test_open_an_archived_community_shows_archived_ones_first(shop, qtbot, make_view):
    community_changes.archive_community(shop["active"].id)
    view = make_view()
    type_text(view.filter, "跑步")  # a filter that hides it is cleared too
    assert not view.include_archived.isChecked()
    view.open_community(shop["active"].id)
    assert view.include_archived.isChecked()
    assert view.filter.text() == ""
    assert view.selected().id == shop["active"].id
    assert not view.members.archived_badge.isHidden()
    # while a reload runs, the choice waits for it
    view.refresh()
    view.open_community(shop["zombie"].id)
    qtbot.waitUntil(lambda: not view.loading(), timeout=10000)
    assert view.selected().id == shop["zombie"].id


def test_a_community_made_elsewhere_is_opened_after_a_reload(shop, qtbot, make_view):
    view = make_view()
    made = community_changes.create_community("新群", shop["liu"].id)
    view.open_community(made.id)  # not in the loaded list yet
    qtbot.waitUntil(lambda: view.selected() is not None and view.selected().id == made.id, timeout=10000)
    assert view.members.title.text() == "新群"


def test_member_and_leader_badges_show_the_stored_levels(shop, qtbot, make_view):
    Customer.update(level=STRONG).where(Customer.id == shop["chen"].id).execute()  # e.g. pinned
    Customer.update(level=SUPER_STRONG).where(Customer.id == shop["wang"].id).execute()
    view = make_view()
    select(qtbot, view, shop["active"].id)
    model = view.members.model
    levels_shown = {
        model.member(r).name: model.index(r, MemberTableModel.LEVEL).data(LEVEL_ROLE)
        for r in range(model.rowCount())
    }
    assert levels_shown == {"张伟": MICRO, "陈静": STRONG}  # 陈静 last bought 400 days ago
    assert view.members.leader_badge.level == SUPER_STRONG
    model.sort(MemberTableModel.LEVEL, Qt.SortOrder.DescendingOrder)
    assert model.member(0).name == "陈静"


# --- create, edit, archive, leader ------------------------------------------------------


def test_create_a_community_with_a_leader(shop, qtbot, make_view):
    view = make_view()
    click(qtbot, view.new_button)
    dialog = view.dialog
    assert isinstance(dialog, CommunityDialog) and dialog.isVisible()
    type_text(dialog.name, "读书会")
    dialog.platform.setCurrentText("WeChat group")
    pick(qtbot, dialog.leader, "0006")  # 刘洋
    type_text(dialog.note, "每月一本书")
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, dialog.save_button)
    read(qtbot, view)
    group = Community.get(Community.name == "读书会")
    assert (group.leader_id, group.platform, group.note, group.created) == (
        shop["liu"].id,
        "wechat_group",
        "每月一本书",
        D,
    )
    assert view.selected().id == group.id
    assert view.members.leader_label.text() == "Leader (Big C): 刘洋"
    assert view.members.model.rowCount() == 0


def test_a_community_needs_a_leader_and_a_name(shop, qtbot, make_view):
    view = make_view()
    before = Community.select().count()
    dialog = view.new_community()
    type_text(dialog.name, "读书会")
    click(qtbot, dialog.save_button)
    assert not dialog.errors.labels["leader"].isHidden()
    dialog.name.clear()
    pick(qtbot, dialog.leader, "0006")
    click(qtbot, dialog.save_button)
    assert "must not be empty" in dialog.errors.labels["name"].text()
    assert Community.select().count() == before
    assert dialog.isVisible() and dialog.leader.customer_id() == shop["liu"].id


def test_edit_renames_and_keeps_the_leader(shop, qtbot, make_view):
    view = make_view()
    select(qtbot, view, shop["active"].id)
    click(qtbot, view.edit_button)
    dialog = view.dialog
    assert dialog.name.text() == "阳光妈妈群" and dialog.leader.isHidden()
    dialog.name.clear()
    type_text(dialog.name, "阳光宝妈群")
    click(qtbot, dialog.save_button)
    read(qtbot, view)
    assert Community.get_by_id(shop["active"].id).name == "阳光宝妈群"
    assert view.model.community(view.model.row_of(shop["active"].id)).name == "阳光宝妈群"
    assert view.members.title.text() == "阳光宝妈群"


def test_archive_asks_first_and_hides_the_community(shop, qtbot, monkeypatch, make_view):
    view = make_view()
    select(qtbot, view, shop["zombie"].id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    click(qtbot, view.archive_button)
    assert not Community.get_by_id(shop["zombie"].id).archived
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, view.archive_button)
    read(qtbot, view)
    group = Community.get_by_id(shop["zombie"].id)
    assert group.archived and group.archived_on == D
    assert view.model.row_of(shop["zombie"].id) == -1
    view.include_archived.setChecked(True)
    row = view.model.row_of(shop["zombie"].id)
    assert view.model.index(row, CommunityTableModel.STATUS).data() == "Archived"
    select(qtbot, view, shop["zombie"].id)
    assert view.archive_button.text() == "Unarchive"
    assert not view.members.add_button.isEnabled()  # an archived community takes no members
    click(qtbot, view.archive_button)
    assert not Community.get_by_id(shop["zombie"].id).archived


def test_change_leader_promotes_a_member(shop, qtbot, make_view):
    view = make_view()
    select(qtbot, view, shop["active"].id)
    click(qtbot, view.leader_button)
    dialog = view.dialog
    assert isinstance(dialog, LeaderDialog)
    pick(qtbot, dialog.leader, "0002")  # 张伟, a member
    with qtbot.waitSignal(view.ctx.actions.changed):
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
    read(qtbot, view)
    assert Community.get_by_id(shop["active"].id).leader_id == shop["zhang"].id
    assert view.members.leader_label.text() == "Leader (Big C): 张伟"
    assert [m.customer_id for m in view.members.model.members()] == [shop["chen"].id]


def test_staff_may_not_change_communities(shop, qtbot, make_view):
    staff_actor = Actor(staff_id=None, role="staff", name="小王")
    view = make_view(AppContext(location="test", actor=staff_actor))
    select(qtbot, view, shop["active"].id)
    assert not view.new_button.isEnabled()
    assert not view.archive_button.isEnabled() and not view.leader_button.isEnabled()
    assert "owner or a manager" in view.new_button.toolTip()
    assert view.members.add_button.isEnabled() and view.members.picker.isEnabled()  # members are counter work


# --- members --------------------------------------------------------------------------


def test_members_panel_shows_joined_active_and_level(shop, qtbot, make_view):
    view = make_view()
    select(qtbot, view, shop["active"].id)
    model = view.members.model
    rows = {model.member(r).name: r for r in range(model.rowCount())}
    zhang = rows["张伟"]
    assert model.index(zhang, MemberTableModel.JOINED).data() == "2025-01-01"
    assert model.index(zhang, MemberTableModel.ACTIVE).data() == "Active"
    assert model.index(rows["陈静"], MemberTableModel.ACTIVE).data() == "Inactive"
    assert model.index(zhang, MemberTableModel.LEVEL).data(LEVEL_ROLE) == MICRO
    assert model.index(zhang, MemberTableModel.LEVEL).data() == "Micro"
    assert "2 members, 1 active (50%)" in view.members.stats_label.text()


def test_add_member_with_the_picker(shop, qtbot, make_view):
    view = make_view()
    select(qtbot, view, shop["active"].id)
    pick(qtbot, view.members.picker, "0006")  # 刘洋
    assert view.members.add_button.hasFocus()  # Enter adds
    with qtbot.waitSignal(view.ctx.actions.changed):
        qtbot.keyClick(view.members.add_button, Qt.Key.Key_Return)
    read(qtbot, view)
    row = Membership.get(
        (Membership.community == shop["active"].id) & (Membership.customer == shop["liu"].id)
    )
    assert (row.joined, row.left) == (D, None)
    assert "刘洋" in [m.name for m in view.members.model.members()]
    assert view.members.picker.text() == "" and view.members.error.isHidden()
    assert view.model.community(view.model.row_of(shop["active"].id)).members == 3


def test_adding_the_leader_as_member_shows_the_error_and_changes_nothing(shop, qtbot, make_view):
    view = make_view()
    select(qtbot, view, shop["active"].id)
    before = Membership.select().count()
    pick(qtbot, view.members.picker, "0001")  # 王丽 leads this community
    click(qtbot, view.members.add_button)
    assert not view.members.error.isHidden()
    assert view.members.error.text() == "王丽 leads 阳光妈妈群 and cannot also be a member of it."
    assert Membership.select().count() == before
    assert view.members.picker.customer_id() == shop["wang"].id  # what was picked stays


def test_adding_someone_already_in_shows_the_error(shop, qtbot, make_view):
    view = make_view()
    select(qtbot, view, shop["active"].id)
    pick(qtbot, view.members.picker, "0002")
    click(qtbot, view.members.add_button)
    assert view.members.error.text() == "张伟 is already a member of 阳光妈妈群."
    assert Membership.select().where(Membership.customer == shop["zhang"].id).count() == 1


def test_remove_member_asks_and_sets_the_left_date(shop, qtbot, monkeypatch, make_view):
    view = make_view()
    select(qtbot, view, shop["active"].id)
    row = next(r for r in range(view.members.model.rowCount()) if view.members.model.member(r).name == "陈静")
    view.members.table.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    click(qtbot, view.members.remove_button)
    chen = Membership.get(Membership.customer == shop["chen"].id)
    assert chen.left is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, view.members.remove_button)
    read(qtbot, view)
    chen = Membership.get(Membership.customer == shop["chen"].id)
    assert chen.left == D
    assert "陈静" not in [m.name for m in view.members.model.members()]
    view.members.show_former.setChecked(True)
    read(qtbot, view)
    former = next(m for m in view.members.model.members() if m.name == "陈静")
    assert former.left == D
    assert not view.members.table.isColumnHidden(MemberTableModel.LEFT)


def test_double_click_a_member_opens_the_customer(shop, qtbot, make_view):
    view = make_view()
    select(qtbot, view, shop["active"].id)
    index = view.members.model.index(0, MemberTableModel.NAME)
    rect = view.members.table.visualRect(index)
    with qtbot.waitSignal(view.ctx.bus.open_customer) as opened:
        qtbot.mouseClick(view.members.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.members.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [view.members.model.member(0).customer_id]


def test_changes_elsewhere_reload_the_list(shop, qtbot, make_view):
    view = make_view()
    community_changes.create_community("新群", shop["liu"].id)
    view.ctx.actions.publish(Changes(communities=True))  # as another page's action says it
    assert view.refresh_scheduled()
    qtbot.waitUntil(lambda: any(c.name == "新群" for c in view.model.communities()), timeout=5000)


def test_changes_while_hidden_are_read_when_shown(shop, qtbot, make_view):
    view = make_view()
    view.hide()
    community_changes.create_community("新群", shop["liu"].id)
    view.ctx.actions.publish(Changes(communities=True))
    assert view.is_dirty() and not view.refresh_scheduled()
    view.show()
    view.activated()  # what the main window calls when the page is shown
    qtbot.waitUntil(lambda: any(c.name == "新群" for c in view.model.communities()), timeout=5000)


def test_a_mouse_click_shows_the_community_clicked(shop, qtbot, make_view):
    view = make_view()
    for key in ("zombie", "active", "zombie"):
        wanted = shop[key].id
        row = next(r for r in range(view.model.rowCount()) if view.model.community(r).id == wanted)
        rect = view.table.visualRect(view.model.index(row, CommunityTableModel.NAME))
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert view.members.title.text() == view.model.community(row).name
        assert view.selected().id == wanted
