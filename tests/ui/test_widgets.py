"""Shared widgets, used like a person would: type, pick, read the badge."""

from PySide6.QtCore import Qt

from crm.errors import InvalidInput
from tests.factories import customer
from ui.widgets.customer_picker import CustomerPicker
from ui.widgets.forms import FieldErrors, OptionalDateEdit
from ui.widgets.level_badge import LevelBadge
from ui.widgets.money_edit import MoneyEdit


def test_picker_finds_by_last_four_digits_and_picks_with_enter(db, qtbot):
    from crm.pinyin import search_key

    wang = customer(
        "王丽", phone="+8613812345678", search_key=search_key("王丽", "+8613812345678", "C1", None), code="C1"
    )
    customer(
        "张伟", phone="+8613900001111", search_key=search_key("张伟", "+8613900001111", "C2", None), code="C2"
    )
    picker = CustomerPicker()
    qtbot.addWidget(picker)
    picker.show()
    with qtbot.waitSignal(picker.picked, timeout=2000) as picked:
        qtbot.keyClicks(picker, "5678")
        assert picker.results.rowCount() == 1
        popup = picker.completer().popup()
        popup.setCurrentIndex(picker.completer().completionModel().index(0, 0))
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picked.args == [wang.id]
    assert picker.customer_id() == wang.id
    assert "王丽" in picker.text()
    # Typing again forgets the pick until a new one is made.
    qtbot.keyClicks(picker, "x")
    assert picker.customer_id() is None


def test_money_edit_reads_what_people_type(qtbot):
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "¥1,234.5")
    assert edit.value() == 123450
    edit.clear()
    qtbot.keyClicks(edit, "12.345")
    assert not edit.is_valid()


def test_field_errors_show_next_to_the_named_field(qtbot):
    errors = FieldErrors()
    phone = errors.label_for("phone")
    qtbot.addWidget(phone)
    errors.show(InvalidInput("phone", "too short"))
    assert not phone.isHidden() and "too short" in phone.text()
    errors.clear()
    assert phone.isHidden()


def test_optional_date_is_empty_until_checked(qtbot):
    from datetime import date

    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    assert edit.value() is None
    edit.set_value(date(1990, 2, 28))
    assert edit.value() == date(1990, 2, 28)


def test_level_badge_names_the_level(qtbot):
    badge = LevelBadge(4)
    qtbot.addWidget(badge)
    assert badge.text() == "Super-strong"


def test_database_troubles_read_as_sentences(qapp):
    from crm.errors import DatabaseBusy, DiskFull, InvalidInput
    from ui.errors import error_text

    assert "busy" in error_text(DatabaseBusy("shop.db", 5))
    assert "disk is full" in error_text(DiskFull("shop.db"))
    assert "disk is full" in error_text(OSError(28, "No space left on device"))  # a file being written
    assert error_text(InvalidInput("phone", "too short")) == "Phone: too short"
    assert error_text(ValueError("odd")) == "Something went wrong: odd"


def test_an_unexpected_error_is_shown_even_when_its_wording_fails_to_load(qapp, monkeypatch):
    from ui import errors as ui_errors

    def broken():
        raise ImportError("cannot import name 'contact_fields' from 'crm.pinyin'")

    monkeypatch.setattr(ui_errors, "_sentences", broken)  # as when a module it imports is broken
    box = ui_errors.unexpected_error_box(ImportError("cannot import name 'x'"))
    assert box.text() == "Something went wrong: cannot import name 'x'"
    assert "Details were written to" in box.informativeText()
    monkeypatch.undo()
    assert ui_errors.unexpected_error_box(ValueError("odd")).text() == "Something went wrong: odd"
