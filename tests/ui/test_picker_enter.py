"""Enter in a customer picker picks: the highlighted match or the only one, never a dialog's
Save with nobody chosen while a name is typed; with somebody picked, Enter saves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from crm.services import communities, customers, search
from ui.widgets.customer_picker import CustomerPicker


@pytest.fixture(autouse=True)
def _leave_typed_text(monkeypatch):
    """A dialog the test leaves open with text typed is closed at the end: its question is
    answered Yes, as the person leaving would."""
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)


def enter(qtbot, picker: CustomerPicker) -> None:
    """Enter as a person presses it: into the list of matches while it is open."""
    popup = picker.completer().popup()
    qtbot.keyClick(popup if popup.isVisible() else picker, Qt.Key.Key_Return)


def community_dialog(qtbot, ctx):
    from ui.dialogs.community_dialog import CommunityDialog

    dialog = CommunityDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.name, "Sunny Gardens")
    dialog.leader.setFocus()
    return dialog


def test_enter_on_the_only_match_picks_the_leader_then_enter_saves(db, qtbot, ctx):
    wang = customers.create_customer("Wang Li", "13812345678")
    customers.create_customer("Zhang Wei", "13900001111")
    dialog = community_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.leader, "5678")
    assert dialog.leader.results.rowCount() == 1
    enter(qtbot, dialog.leader)
    assert dialog.leader.customer_id() == wang.id and "Wang Li" in dialog.leader.text()
    assert dialog.isVisible() and dialog.errors.labels["leader"].isHidden()  # picked, not saved yet
    enter(qtbot, dialog.leader)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert [(c.name, c.leader_id) for c in communities.list_communities()] == [("Sunny Gardens", wang.id)]


def test_enter_with_several_matches_highlights_the_first_and_the_next_enter_takes_it(db, qtbot, ctx):
    customers.create_customer("Wang Li", "13812345678")
    customers.create_customer("Wang Qiang", "13500004444")
    dialog = community_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.leader, "wang")
    assert dialog.leader.results.rowCount() == 2
    popup = dialog.leader.completer().popup()
    enter(qtbot, dialog.leader)
    assert dialog.isVisible() and dialog.leader.customer_id() is None
    assert dialog.errors.labels["leader"].isHidden()  # no "Pick the leader" while choosing
    assert popup.isVisible() and popup.currentIndex().row() == 0
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    chosen = popup.currentIndex().data(Qt.ItemDataRole.DisplayRole)
    enter(qtbot, dialog.leader)
    assert dialog.leader.customer_id() is not None and dialog.leader.text() == chosen
    assert dialog.isVisible()


def test_enter_with_no_match_keeps_the_dialog_open_and_picks_nobody(db, qtbot, ctx):
    customers.create_customer("Wang Li", "13812345678")
    dialog = community_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.leader, "zzzz")
    enter(qtbot, dialog.leader)
    assert dialog.isVisible() and dialog.leader.customer_id() is None
    assert communities.list_communities() == []


def test_enter_in_an_empty_leader_field_asks_for_the_leader(db, qtbot, ctx):
    dialog = community_dialog(qtbot, ctx)
    enter(qtbot, dialog.leader)
    assert dialog.isVisible()
    assert dialog.errors.labels["leader"].text() == "Pick the leader (Big C) from the list."


def test_enter_in_the_change_leader_picker_picks_then_saves(db, qtbot, ctx):
    from crm.services import community_changes
    from ui.dialogs.community_dialog import LeaderDialog

    zhao = customers.create_customer("Zhao Min", "13600003333")
    wang = customers.create_customer("Wang Li", "13812345678")
    info = community_changes.create_community("Tea club", zhao.id)
    dialog = LeaderDialog(ctx, info)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.leader.setFocus()
    qtbot.keyClicks(dialog.leader, "5678")
    enter(qtbot, dialog.leader)
    assert dialog.isVisible() and dialog.leader.customer_id() == wang.id
    enter(qtbot, dialog.leader)
    assert not dialog.isVisible()
    assert communities.get_community(info.id).leader_id == wang.id


def test_enter_in_the_referrer_picker_picks_the_only_match_without_saving(db, qtbot, ctx):
    from tests.ui.test_customer_dialog import open_dialog

    zhang = customers.create_customer("Zhang Wei", "13900001111")
    dialog = open_dialog(qtbot, ctx)
    qtbot.keyClicks(dialog.name, "Chen Jing")
    dialog.referrer.setFocus()
    qtbot.keyClicks(dialog.referrer, "1111")
    enter(qtbot, dialog.referrer)
    assert dialog.referrer.customer_id() == zhang.id
    assert dialog.isVisible() and search.search("Chen Jing") == []  # picked, not saved
