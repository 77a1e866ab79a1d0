"""Chinese is written with full-width punctuation (：，；？！（）) next to Chinese text; half-width
stays where it belongs: times (12:30), numbers (1,234), %1 placeholders, file patterns
((*.xlsx), which Qt reads), menu keys ((&F)), inside English words."""

from __future__ import annotations

import ast
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
HALF_WIDTH_BESIDE_CHINESE = re.compile(rf"{CJK} *[:,;?!()]|[:,;?!()] *{CJK}")
# Half-width by rule: a file dialog's patterns and their ";;" separators, a menu key.
ALLOWED = re.compile(r"\(\*[^)]*\)|;;|\(&\w\)")


def misplaced(text: str) -> str | None:
    found = HALF_WIDTH_BESIDE_CHINESE.search(ALLOWED.sub("", text))
    return found.group(0) if found else None


def test_the_check_tells_chinese_punctuation_from_what_stays_half_width():
    assert misplaced("姓名:为必填项") == "名:"
    assert misplaced("%1: 为必填项") == ": 为"
    assert misplaced("人民币 (¥)") == "币 ("
    assert misplaced("已保存,请稍候") == "存,"
    for fine in (
        "姓名：为必填项",
        "营业时间 12:30",
        "共 1,234 位顾客",
        "%1 (%2)",
        "文件(&F)",
        "表格 (*.csv);;所有文件 (*)",
    ):
        assert misplaced(fine) is None, fine


def test_every_chinese_translation_uses_full_width_punctuation():
    wrong = []
    for path in sorted((TRANSLATIONS / "zh_CN").glob("*.json")):
        for context, messages in json.loads(path.read_text(encoding="utf-8")).items():
            wrong += [(path.name, context, zh) for zh in messages.values() if misplaced(zh)]
    tree = ET.parse(TRANSLATIONS / "shopcircle_zh_CN.ts")  # what the app shows, built from the above
    for message in tree.getroot().iter("message"):
        text = "".join(message.find("translation").itertext())
        if misplaced(text):
            wrong.append(("shopcircle_zh_CN.ts", message.findtext("source"), text))
    assert not wrong, wrong[:10]


def _chinese_texts(path: Path):
    """Text constants of a module that are Chinese (more Chinese characters than Latin
    letters), leaving out docstrings and regular expressions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
            continue
        text = node.value
        if "\\" in text:
            continue
        if len(re.findall(CJK, text)) > len(re.findall(r"[A-Za-z]", text)):
            yield node.lineno, text


def test_the_reports_and_command_lines_chinese_uses_full_width_punctuation():
    wrong = []
    for path in sorted((ROOT / "crm").rglob("*.py")):
        if "migrations" in path.parts:  # a migration keeps what it wrote when it ran
            continue
        wrong += [
            (str(path.relative_to(ROOT)), line, text)
            for line, text in _chinese_texts(path)
            if misplaced(text)
        ]
    assert not wrong, wrong[:10]
