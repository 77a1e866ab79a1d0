"""Counts read right in both languages: "1 customer", "2 customers", "1 位顾客". The app counts
through Qt's plural forms (``tr("%n customer(s)", "", n)``: the English .ts has the singular
and the plural, the Chinese one form); crm's English through crm.plural."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from crm.levels import Condition, Facts, Step, describe_condition, describe_step, explain
from crm.plural import counted
from crm.services.backup import BackupInfo
from crm.services.health import Finding
from ui import i18n
from ui.translations_update import english_forms
from ui.widgets.backup_files import backup_contents
from ui.words import condition_text, customers_count, explanation_text, members_count, visits_count

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
# What a source shows when it has not been made a plural: "(s)", "(es)", "communit(y|ies)".
UNRESOLVED = re.compile(r"\((?:s|es|[^()|]*\|[^()|]*)\)")


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(ts)
    return {
        (context.findtext("name"), message.findtext("source")): message
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    }


def test_every_count_is_a_plural_with_both_english_forms():
    everything = _messages(TRANSLATIONS / "shopcircle_zh_CN.ts")  # every string the app shows
    english = _messages(TRANSLATIONS / "shopcircle_en.ts")  # the plural forms only
    wrong = []
    for (context, source), message in everything.items():
        numerus = message.get("numerus") == "yes"
        counted_here = "%n" in source or "%Ln" in source
        if UNRESOLVED.search(source) and not numerus:
            wrong.append((context, source, "shows its (s): give tr() the count"))
        if counted_here != numerus:
            wrong.append((context, source, "a %n string is a plural, and a plural has %n"))
        if not numerus:
            continue
        forms = english.get((context, source))
        texts = [] if forms is None else ["".join(f.itertext()) for f in forms.iter("numerusform")]
        finished = forms is not None and forms.find("translation").get("type") != "unfinished"
        if len(texts) != 2 or not all(texts) or not finished or any(UNRESOLVED.search(t) for t in texts):
            wrong.append((context, source, f"English forms {texts}"))
    assert not wrong, wrong[:10]


def test_crm_counts_through_its_plural_helper():
    """No English sentence of the command line, the report or a service says "(s)"."""
    wrong = []
    for path in sorted((ROOT / "crm").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "(s)" in node.value:
                wrong.append((str(path.relative_to(ROOT)), node.lineno, node.value[:60]))
    assert not wrong, wrong


def test_english_forms_are_made_from_the_source():
    assert english_forms("%Ln communit(y|ies)") == ["%Ln community", "%Ln communities"]
    assert english_forms("last purchase %n day(s) ago (%2 %3)") == [
        "last purchase %n day ago (%2 %3)",
        "last purchase %n days ago (%2 %3)",
    ]
    assert (counted(1, "customer"), counted(2, "customer"), counted(3, "community")) == (
        "1 customer",
        "2 customers",
        "3 communities",
    )
    assert (counted(1, "person"), counted(2, "person"), counted(0, "visit")) == (
        "1 person",
        "2 people",
        "0 visits",
    )


def _sentences() -> dict[str, str]:
    one_day = Condition("purchase_days", ">=", 1, 1)
    two_days = Condition("purchase_days", ">=", 1, 2)
    info = BackupInfo(Path("shop.db"), customers=1, visits=2, last_visit="2026-06-01", migrations=[])
    nothing = explain(Facts())
    return {
        "customers": f"{customers_count(1)} | {customers_count(2)} | {customers_count(1234)}",
        "members": f"{visits_count(1)} | {members_count(1)} | {members_count(2)}",
        "condition": f"{condition_text(one_day)} | {condition_text(two_days)}",
        "nothing": explanation_text(nothing, window_days=1),
        "backup": backup_contents(info),
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                "customers": "1 customer | 2 customers | 1,234 customers",
                "members": "1 visit | 1 member | 2 members",
                "condition": "1 purchase day in the last 365 (≥ 1) | 2 purchase days in the last 365 (≥ 1)",
                "nothing": "None — no purchase in the last 1 day",
                "backup": "1 customer, 2 visits, the last on 2026-06-01.",
            },
        ),
        (
            "zh_CN",
            {
                "customers": "1 位顾客 | 2 位顾客 | 1,234 位顾客",
                "members": "1 条到店记录 | 1 名成员 | 2 名成员",
                "condition": "近 365 天购买 1 天（≥ 1） | 近 365 天购买 2 天（≥ 1）",
                "nothing": "无关系 — 近 1 天无购买",
                "backup": "1 位顾客，2 条到店记录，最近一次在 2026-06-01。",
            },
        ),
    ],
)
def test_sentences_with_one_and_two_in_both_languages(qapp, language, expected):
    i18n.install(qapp, language)
    try:
        assert _sentences() == expected
    finally:
        i18n.install(qapp, "en")


def test_the_command_lines_sentences_count_in_english():
    one = Condition("active_referrals", ">=", 3, 1)
    assert describe_condition(one) == "1 active referral (≥ 3)"
    assert (
        describe_condition(Condition("purchase_days", ">=", 6, 1)) == "1 purchase day in the last 365 (≥ 6)"
    )
    assert describe_condition(Condition("days_since_last", "<=", 90, 1)) == "last purchase 1 day ago (≤ 90)"
    one_short = Step(2, (Condition("purchase_days", ">=", 4, 3), Condition("active_referrals", ">=", 3, 1)))
    assert describe_step(one_short) == "for Weak: 1 more purchase day, 2 more active referrals"
    assert str(Finding("customers who joined after their first visit: %1", ("1",))) == (
        "customers who joined after their first visit: 1"
    )


def test_a_refused_field_reads_as_chinese(qapp):
    from crm.errors import InvalidInput
    from ui.errors import error_text

    i18n.install(qapp, "zh_CN")
    try:
        assert error_text(InvalidInput("name", "must not be empty")) == "姓名：不能为空"
    finally:
        i18n.install(qapp, "en")
    assert error_text(InvalidInput("name", "must not be empty")) == "Name: must not be empty"
