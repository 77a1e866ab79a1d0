"""The columns of an import file: which field each header means (in English or Chinese,
or as an explicit mapping says), and a file's first rows to preview."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from crm.errors import InvalidInput, ShopError, shop_error
from crm.io import values
from crm.io.limits import Limits
from crm.io.tables import read_table

KINDS = ("customers", "visits")

FIELDS = {
    "customers": (
        "code",
        "name",
        "phone",
        "wechat",
        "birthday",
        "joined",
        "source",
        "referrer",
        "tags",
        "notes",
    ),
    "visits": ("code", "phone", "name", "date", "time", "kind", "amount", "quantity", "note", "staff"),
}

# fmt: off
_NOTES = ("notes", "note", "remark", "remarks", "comment", "comments", "memo", "备注", "说明", "留言")
ALIASES: dict[str, tuple[str, ...]] = {
    "code": (
        "code", "customercode", "membercode", "memberno", "membernumber", "cardno", "cardnumber", "card",
        "会员号", "会员编号", "编号", "卡号", "会员卡号", "客户编号", "顾客编号", "会员码",
    ),
    "name": (
        "name", "customer", "customername", "fullname", "membername",
        "姓名", "名字", "客户", "客户姓名", "客户名称", "会员", "会员姓名", "顾客", "顾客姓名",
    ),
    "phone": (
        "phone", "mobile", "tel", "telephone", "phonenumber", "mobilephone", "mobilenumber", "cellphone",
        "手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式",
    ),
    "wechat": ("wechat", "weixin", "wechatid", "微信", "微信号"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob", "生日", "出生日期"),
    "joined": (
        "joined", "joindate", "joinedon", "since", "membersince", "created",
        "加入日期", "入会日期", "注册日期", "开卡日期", "加入时间", "入会时间", "注册时间", "建档日期",
    ),
    "source": ("source", "channel", "来源", "渠道", "客户来源"),
    "referrer": ("referrer", "referredby", "introducer", "推荐人", "介绍人"),
    "tags": ("tags", "tag", "labels", "标签"),
    "notes": _NOTES,
    "note": _NOTES,
    "date": (
        "date", "day", "visitdate", "purchasedate", "orderdate", "datetime",
        "日期", "消费日期", "到店日期", "购买日期", "下单日期", "交易日期", "日期时间",
    ),
    "time": ("time", "visittime", "时间", "消费时间", "到店时间"),
    "kind": ("kind", "type", "visittype", "类型", "类别", "消费类型"),
    "amount": (
        "amount", "total", "sum", "paid", "money",
        "金额", "消费金额", "实收", "实收金额", "实付", "实付金额", "总额", "总价", "合计",
    ),
    "quantity": ("quantity", "qty", "count", "items", "pieces", "数量", "件数"),
    "staff": ("staff", "cashier", "clerk", "employee", "店员", "员工", "收银员", "导购", "服务人员"),
}
# fmt: on

KIND_WORDS = {
    "purchase": ("purchase", "sale", "buy", "购买", "消费", "销售", "购物"),
    "visit": ("visit", "到店", "来访", "进店", "到访"),
    "service": ("service", "服务"),
    "event": ("event", "活动"),
    "refund": ("refund", "return", "退款", "退货"),
}
SOURCE_WORDS = {
    "walk_in": (
        *("walk_in", "walkin", "walk-in"),
        *("进店", "自然进店", "自然到店", "到店", "门店", "路过", "散客", "线下"),
    ),
    "referral": ("referral", "推荐", "转介绍", "介绍", "老带新"),
    "community": ("community", "社群", "群", "微信群", "团购群", "社区"),
    "online": (
        "online",
        "线上",
        "网络",
        "网上",
        "网店",
        "小程序",
        "公众号",
        "视频号",
        "朋友圈",
        "抖音",
        "快手",
        "小红书",
        "淘宝",
        "天猫",
        "京东",
        "拼多多",
        "美团",
        "大众点评",
        "点评",
        "饿了么",
        "直播",
    ),
    "event": ("event", "活动", "展会", "地推"),
    "import": ("import", "导入"),
    "other": ("other", "其他", "其它"),
}
_HEADER_JUNK = re.compile(r"[\s_\-()（）:：*.#/]+")


def normal(header: str) -> str:
    return _HEADER_JUNK.sub("", unicodedata.normalize("NFKC", str(header)).lower())


def _word_table(words: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normal(word): key for key, group in words.items() for word in group}


KINDS_BY_WORD = _word_table(KIND_WORDS)
SOURCES_BY_WORD = _word_table(SOURCE_WORDS)
_CHINESE_SOURCE_WORDS = sorted(
    ((word, key) for word, key in SOURCES_BY_WORD.items() if not word.isascii()), key=lambda wk: -len(wk[0])
)


def source_of(text: str) -> str | None:
    """The source a cell names: one of the words as it is (朋友介绍 → referral by 介绍, 微信群 →
    community), else the longest Chinese word in it, when no other as long names another
    source. None when it names none, or two as surely."""
    word = normal(text)
    found = SOURCES_BY_WORD.get(word)
    if found is not None or word.isascii():
        return found
    longest, keys = 0, set()
    for known, key in _CHINESE_SOURCE_WORDS:
        if len(known) < longest:
            break
        if known in word:
            longest = len(known)
            keys.add(key)
    return keys.pop() if len(keys) == 1 else None


@shop_error
class UnknownColumns(ShopError):
    """The file's headers name none of the fields needed, or a mapping names a column not there."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{Path(self.path).name}: {self.reason}"


def parse_mapping(items: Iterable[str], kind: str) -> dict[str, str]:
    """``["手机号码=phone", ...]`` (the --map option) as {source header: field}."""
    out: dict[str, str] = {}
    for item in items:
        source, sep, target = str(item).partition("=")
        source, target = source.strip(), target.strip().lower()
        if not sep or not source or not target:
            raise InvalidInput("map", f"{item!r} is not SOURCE=FIELD")
        if target not in FIELDS[kind]:
            raise InvalidInput(
                "map", f"{target!r} is not a {kind} field; use one of {', '.join(FIELDS[kind])}"
            )
        out[source] = target
    return out


def match_columns(
    headers: list[str], kind: str, mapping: dict[str, str] | None = None, path: str = ""
) -> tuple[dict[str, int], list[str]]:
    """{field: column index} from the headers (an explicit mapping first; a mapping to
    "" leaves that column out), and the headers that match no field."""
    wanted = FIELDS[kind]
    by_alias = {normal(alias): f for f in wanted for alias in ALIASES[f]}
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for source, target in (mapping or {}).items():
        matches = [i for i, h in enumerate(headers) if h == source] or [
            i for i, h in enumerate(headers) if normal(h) == normal(source)
        ]
        if not matches:
            raise UnknownColumns(path, f"--map: there is no column named {source!r}")
        taken.add(matches[0])
        if target:  # an empty field: leave this column out
            columns[target] = matches[0]
    ignored = []
    for index, header in enumerate(headers):
        if index in taken:
            continue
        target = by_alias.get(normal(header))
        if target is None or target in columns:
            if header:
                ignored.append(header)
            continue
        columns[target] = index
    return columns, ignored


@dataclass(frozen=True)
class Preview:
    """The start of a file, for a screen to show before importing it."""

    headers: list[str]
    rows: list[list[str]]  # the first data rows, as text
    columns: dict[str, int]  # field: column index, as matched by header
    encoding: str | None
    separator: str | None
    # Each row's line in the file, as errors name it: the header is line 1; a CSV's record
    # is one line even when a quoted cell holds a line break (as a spreadsheet shows it).
    lines: list[int] = field(default_factory=list)


def preview(path: str | Path, kind: str, limit: int = 20, limits: Limits | None = None) -> Preview:
    """The headers, the first ``limit`` rows and the columns matched to fields; a workbook
    beyond ``limits`` (SPEC 8's by default) is refused before it is parsed."""
    table = read_table(path, limits)
    try:
        rows, lines = [], []
        for number, cells in table.rows:
            rows.append([values.text(v) for v in cells])
            lines.append(number)
            if len(rows) >= limit:
                break
    finally:
        table.close()
    columns, _ = match_columns(table.headers, kind, None, str(path))
    return Preview(table.headers, rows, columns, table.encoding, table.separator, lines)
