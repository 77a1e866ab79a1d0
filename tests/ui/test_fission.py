"""The fission page: the referral forest ordered by size or revenue, expanded one
generation at a time, and the super-user leaderboard; double-click opens a customer."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt

from crm.money import format_amount
from crm.services import levels, referrals
from crm.services.changes import Changes
from tests.factories import customer, visit
from ui.models.fission_model import CUSTOMER_ID_ROLE, FissionModel, LeaderboardModel
from ui.views.fission import FissionView

TODAY = date(2026, 6, 30)


@pytest.fixture
def shop(db):
    """Two trees. 陈 brought in three (one of whom brought one more): the bigger tree,
    3500 of revenue. 林 brought in one big spender: the smaller tree, 100000."""
    p = {}
    chen = p["chen"] = customer("陈", joined=date(2025, 1, 1))
    for n in range(6):  # a regular: strong
        visit(chen, TODAY - timedelta(days=10 * n + 1), 800)
    lin = p["lin"] = customer("林", joined=date(2025, 1, 1))
    p["a1"] = customer("陈一", joined=date(2025, 2, 1), referrer=chen)
    p["a2"] = customer("陈二", joined=date(2025, 3, 1), referrer=chen)
    p["a3"] = customer("陈三", joined=date(2025, 4, 1), referrer=chen)
    p["a11"] = customer("陈一一", joined=date(2025, 5, 1), referrer=p["a1"])
    p["b1"] = customer("林一", joined=date(2025, 2, 1), referrer=lin)
    visit(p["a1"], date(2026, 1, 5), 1000)
    visit(p["a2"], date(2026, 2, 5), 2000)
    visit(p["a11"], date(2026, 3, 5), 500)  # 陈三 never bought
    visit(p["b1"], date(2026, 4, 5), 100000)
    levels.refresh_all()
    return p


@pytest.fixture
def view(shop, open_page):
    page = open_page(FissionView, height=700)
    yield page
    page.jobs.wait()


def _row(model, row, parent=None):
    parent = parent or QModelIndex()
    return [model.index(row, c, parent).data() for c in range(model.columnCount())]


def test_forest_is_ordered_by_size_then_by_revenue(view, shop, qtbot):
    model = view.model
    assert model.roots() == [shop["chen"].id, shop["lin"].id]
    assert _row(model, 0) == ["陈  " + shop["chen"].code, "Root", "3", "4", "2", format_amount(3500)]
    assert _row(model, 1)[3:] == ["1", "1", format_amount(100000)]
    assert view.forest_note.text() == "2 referral trees"
    view.sort.setFocus()
    qtbot.keyClick(view.sort, Qt.Key.Key_Down)  # "Highest revenue"
    assert view.sort_by() == "revenue"
    qtbot.waitUntil(lambda: not view.loading(), timeout=5000)
    assert model.roots() == [shop["lin"].id, shop["chen"].id]


def test_expanding_a_root_shows_its_first_generation(view, shop, qtbot):
    model = view.model
    root = model.index(0, 0)
    assert model.hasChildren(root) and model.rowCount(root) == 0  # nothing read yet
    view.tree.expand(root)
    qtbot.waitUntil(lambda: model.rowCount(root) == 3, timeout=2000)
    rows = [_row(model, r, root) for r in range(3)]
    # Biggest branch first (陈一 brought in 陈一一), then by joining order.
    assert [r[0] for r in rows] == ["陈一", "陈二", "陈三"]
    assert [r[1] for r in rows] == ["1", "1", "1"]
    assert [r[2] for r in rows] == ["✓", "✓", "—"]  # 陈三 has not bought
    assert [r[5] for r in rows] == [format_amount(1000), format_amount(2000), format_amount(0)]
    assert rows[0][3:5] == ["1", "1"] and rows[1][3:5] == ["", ""]
    first = model.index(0, 0, root)
    assert model.hasChildren(first) and not model.hasChildren(model.index(1, 0, root))
    view.tree.expand(first)
    assert model.rowCount(first) == 1
    assert _row(model, 0, first)[:3] == ["陈一一", "2", "✓"]


def test_a_root_tree_is_read_once_and_cached(shop, qtbot):
    calls = []

    def load(customer_id):
        calls.append(customer_id)
        return referrals.downstream_tree(customer_id)

    model = FissionModel(load_tree=load)
    model.set_forest(referrals.forest("size"))
    root = model.index(0, 0)
    model.fetchMore(root)
    model.fetchMore(model.index(0, 0, root))
    assert calls == [shop["chen"].id]
    assert model.rowCount(model.index(0, 0, root)) == 1


def test_fission_model_passes_the_model_tester(shop, qtmodeltester):
    model = FissionModel()
    model.set_forest(referrals.forest("size"))
    qtmodeltester.check(model)  # fetches the lazy children itself
    root = model.index(0, 0)
    model.fetchMore(root)
    model.fetchMore(model.index(0, 0, root))
    assert model.rowCount(model.index(0, 0, root)) == 1
    qtmodeltester.check(model, force_py=True)


def test_leaderboard_ranks_referrers_by_converted_referrals(view, shop, qtmodeltester):
    board = view.leaders
    qtmodeltester.check(board)
    assert board.rowCount() == 3
    first = [board.index(0, c).data() for c in range(board.columnCount())]
    # 陈: 2 of 3 referrals bought; 4 in the tree below.
    assert first == ["1", "陈", None, "2", "3", "4"]
    assert board.index(0, LeaderboardModel.LEVEL).data(Qt.ItemDataRole.UserRole + 10) == 3  # strong
    others = {board.index(r, 1).data(): board.index(r, 5).data() for r in (1, 2)}
    assert others == {"陈一": "1", "林": "1"}


def test_double_click_opens_the_customer(view, shop, qtbot):
    model = view.model
    root = model.index(0, 0)
    view.tree.expand(root)
    child = model.index(1, 0, root)
    rect = view.tree.visualRect(child)
    with qtbot.waitSignal(view.ctx.bus.open_customer, timeout=2000) as opened:
        qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [shop["a2"].id]
    assert view.tree.isExpanded(root)  # double-click opened, it did not fold the tree
    cell = view.board.visualRect(view.leaders.index(0, 1))
    with qtbot.waitSignal(view.ctx.bus.open_customer, timeout=2000) as opened:
        qtbot.mouseClick(view.board.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
        qtbot.mouseDClick(view.board.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert opened.args == [shop["chen"].id]


def test_enter_opens_the_customer_too(view, shop, qtbot):
    view.tree.setFocus()
    view.tree.setCurrentIndex(view.model.index(1, 0))
    with qtbot.waitSignal(view.ctx.bus.open_customer, timeout=2000) as opened:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert opened.args == [shop["lin"].id]


def test_a_new_referral_shows_once_a_change_is_published(view, shop, qtbot):
    newcomer = customer("林二", joined=TODAY, referrer=shop["lin"])
    visit(newcomer, TODAY, 100)
    lin_row = view.model.roots().index(shop["lin"].id)
    assert view.model.index(lin_row, FissionModel.SIZE).data() == "1"
    view.ctx.actions.publish(Changes.of([newcomer.id]))  # as another counter's save would
    assert view.refresh_scheduled() and not view.loading()  # waits for a pause in the changes first

    def lin_size():
        row = view.model.roots().index(shop["lin"].id)
        assert view.model.index(row, 0).data(CUSTOMER_ID_ROLE) == shop["lin"].id
        return view.model.index(row, FissionModel.SIZE).data()

    qtbot.waitUntil(lambda: lin_size() == "2", timeout=5000)


def test_a_shop_without_referrals_says_so(db, open_page):
    page = open_page(FissionView)
    assert page.model.rowCount() == 0 and page.leaders.rowCount() == 0
    assert page.tree_empty.isVisible() and page.tree_empty.title.text() == "No referrals yet"
    assert "Referred by" in page.tree_empty.detail.text()
    page.jobs.wait()


def test_a_big_tree_is_read_in_the_background_and_appears_when_ready(shop, qtbot, monkeypatch, qtmodeltester):
    import threading

    from ui.models import fission_model

    monkeypatch.setattr(fission_model, "LARGE_TREE", 0)  # every tree counts as big here
    release = threading.Event()

    def slow_load(customer_id):
        assert release.wait(10)  # the read cannot finish before the test lets it
        return referrals.downstream_tree(customer_id)

    model = FissionModel(load_tree=slow_load)
    model.set_forest(referrals.forest("size"))
    root = model.index(0, 0)
    model.fetchMore(root)  # returns at once although the read is still waiting
    assert model.rowCount(root) == 0 and not model.canFetchMore(root)
    assert model.data(root).endswith("(loading…)")
    release.set()
    qtbot.waitUntil(lambda: model.rowCount(root) == 3, timeout=10_000)  # 陈's three referrals
    assert not model.data(root).endswith("(loading…)")
    assert [model.index(r, 0, root).data() for r in range(3)] == ["陈一", "陈二", "陈三"]
    qtmodeltester.check(model)
    model.wait()


def test_a_failed_background_read_can_be_tried_again(shop, qtbot, monkeypatch):
    from ui.models import fission_model

    monkeypatch.setattr(fission_model, "LARGE_TREE", 0)
    attempts = []

    def flaky(customer_id):
        attempts.append(customer_id)
        if len(attempts) == 1:
            raise RuntimeError("the server went away")
        return referrals.downstream_tree(customer_id)

    model = FissionModel(load_tree=flaky)
    model.set_forest(referrals.forest("size"))
    root = model.index(0, 0)
    model.fetchMore(root)
    qtbot.waitUntil(lambda: model.canFetchMore(root), timeout=10_000)
    assert model.rowCount(root) == 0
    model.fetchMore(root)
    qtbot.waitUntil(lambda: model.rowCount(root) == 3, timeout=10_000)
    assert len(attempts) == 2
    model.wait()


def test_on_a_narrow_screen_the_trees_stand_above_the_leaderboard_with_names_whole(view, qtbot):
    tree = view.tree
    name_column = 0
    view.resize(1024 - 150, 700)  # the page beside the rail on a 1024-pixel screen
    qtbot.waitUntil(lambda: view.split.orientation() == Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: tree.columnWidth(name_column) >= tree.sizeHintForColumn(name_column))
    view.resize(1366 - 150, 700)
    qtbot.waitUntil(lambda: view.split.orientation() == Qt.Orientation.Horizontal)
    assert tree.columnWidth(name_column) >= tree.sizeHintForColumn(name_column)
