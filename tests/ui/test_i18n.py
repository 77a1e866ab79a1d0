"""Both languages: the domain words in Chinese, English plurals, Qt's own buttons."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from crm.levels import Facts, explain
from ui import i18n
from ui.words import explanation_text, level_name, step_text


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


def test_domain_words_in_chinese(chinese):
    assert [level_name(i) for i in range(5)] == ["无关系", "微关系", "弱关系", "强关系", "超强关系"]
    e = explain(Facts(9, 12, 0, 0))
    assert explanation_text(e) == "强关系 — 近 365 天购买 9 天（≥ 6），距上次购买 12 天（≤ 90）"
    assert step_text(e.next_steps[0]) == "再增加活跃推荐 3 人 即可升为超强关系"


def test_qt_standard_buttons_are_translated_too(chinese):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() in ("取消", "取消(&C)")


def test_english_plurals(qapp):
    i18n.install(qapp, "en")
    one = explain(Facts(1, 5, 0, 0)).next_steps[0]
    assert step_text(one) == "1 more purchase day for Weak"
    e = explain(Facts(6, 5, 1, 0))
    assert step_text(e.next_steps[0]) == "2 more active referrals for Super-strong"


def test_language_follows_the_setting_else_the_system():
    assert i18n.resolve("zh_CN") == "zh_CN"
    assert i18n.resolve("en") == "en"
    assert i18n.resolve("") in i18n.LANGUAGES


def test_every_string_has_a_chinese_translation():
    tree = ET.parse(i18n.TRANSLATIONS / "shopcircle_zh_CN.ts")
    missing = [
        (context.findtext("name"), message.findtext("source"))
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
        if message.find("translation").get("type") == "unfinished"
        or not "".join(message.find("translation").itertext()).strip()
    ]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"


def test_app_instance_exists(qapp):
    assert QApplication.instance() is qapp


def test_every_permission_has_a_name_in_the_app(qapp):
    """A refusal names what was refused, in the app's language (SPEC 8's matrix)."""
    from crm.services.common import MANAGER_ACTIONS, OWNER_ACTIONS
    from ui.words import ACTIONS

    assert (MANAGER_ACTIONS | OWNER_ACTIONS) <= set(ACTIONS)


def test_every_field_a_service_refuses_is_named_in_chinese(chinese):
    """A refusal names its field in the app's language, never as a raw key ("wechat: …")."""
    import re
    from pathlib import Path

    from ui.words import field_name

    root = Path(__file__).resolve().parents[2] / "crm"
    cli_only = {"out", "sort_by", "period", "months", "map", "kind_map"}  # the command line's own options
    fields = set()
    for path in [*root.joinpath("services").rglob("*.py"), *root.joinpath("io").rglob("*.py")]:
        fields |= set(re.findall(r'InvalidInput\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert fields
    unnamed = {f for f in fields - cli_only if field_name(f) == f or field_name(f).isascii()}
    assert not unnamed


def test_import_and_export_troubles_read_as_chinese_sentences(chinese):
    from crm.io.importer import ImportConflict
    from crm.reports.workbook import ExportCancelled, ExportFailed
    from ui.errors import error_text

    assert "请重试" in error_text(ImportConflict("unique"))
    assert "已取消导出" in error_text(ExportCancelled())
    assert error_text(ExportFailed("/tmp/x/report.xlsx", "permission denied")).startswith(
        "无法写入 report.xlsx"
    )


def test_a_corrected_translation_in_the_json_reaches_the_ts(tmp_path):
    """The JSON files are the translations' source: a translation put right there replaces the
    one the .ts already has, and one the JSON does not know stays as it is."""
    from ui.translations_update import fill

    ts = tmp_path / "t.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="zh_CN"><context><name>C</name>'
        "<message><source>Saved</source><translation>已保存了</translation></message>"
        "<message><source>Kept</source><translation>保留</translation></message>"
        '<message><source>New</source><translation type="unfinished"></translation></message>'
        "</context></TS>",
        encoding="utf-8",
    )
    table = {"Saved": "已保存", "New": "新"}
    filled, missing = fill(ts, lambda context, source: table.get(source), lambda text: [text])
    text = ts.read_text(encoding="utf-8")
    assert filled == 2 and missing == []
    assert "<translation>已保存</translation>" in text and "<translation>保留</translation>" in text
    assert "<translation>新</translation>" in text


def test_rebuilding_the_translations_never_writes_over_a_file_an_app_has_open():
    """A running app maps its .qm file; a rebuild (another app starting, an update of the
    translations) puts a new file in its place instead of writing into the mapped one."""
    from ui.i18n import TRANSLATIONS, compile_translations

    qm = TRANSLATIONS / "shopcircle_zh_CN.qm"
    compile_translations()
    if not qm.exists():
        pytest.skip("no lrelease here: the .qm files ship built")
    before = qm.stat().st_ino
    with qm.open("rb") as held:  # as an app holds it
        compile_translations(force=True)
        assert qm.stat().st_ino != before
        assert held.read(4)  # the open file is whole
    assert not list(TRANSLATIONS.glob(".*.tmp"))
