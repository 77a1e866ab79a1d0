"""One customer's data written to a file: JSON for a machine, a workbook for a person.

What is written comes from :func:`crm.services.privacy.customer_data` (which checks
the permission); the workbook stores every text as text (:mod:`crm.io.sheets`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from crm import tempfiles
from crm.errors import InvalidInput
from crm.io import sheets
from crm.reports.labels import Labels
from crm.services import privacy, settings
from crm.services.common import Actor, jsonable

FORMATS = (".json", ".xlsx")

CARD_LABELS = {
    "shop": "Shop",
    "exported_at": "Exported",
    "code": "Code",
    "name": "Name",
    "phone": "Phone",
    "wechat": "WeChat",
    "birthday": "Birthday",
    "joined": "Joined",
    "source": "Source",
    "tags": "Tags",
    "notes": "Notes",
    "big_c": "Big C",
    "level": "Level",
    "pinned_level": "Pinned level",
    "pin_reason": "Pin reason",
    "archived": "Archived",
    "erased": "Erased",
    "referrer": "Referrer",
    "referrals": "Referrals",
}
# Each list of the data as a sheet: (key, title, [(field, header, width)]).
_TABLES = (
    (
        "visits",
        "Visits",
        [("at", "At", 18), ("kind", "Kind", 10), ("amount", "Amount", 12), ("quantity", "Quantity", 9),
         ("note", "Note", 40), ("staff", "Staff", 14)],
    ),
    (
        "communities",
        "Communities",
        [("community", "Community", 24), ("role", "Role", 10), ("joined", "Joined", 12),
         ("left", "Left", 12)],
    ),
    (
        "tasks",
        "Tasks",
        [("kind", "Kind", 12), ("due", "Due", 12), ("status", "Status", 10), ("title", "Title", 36),
         ("outcome", "Outcome", 36), ("created_on", "Created", 12), ("closed_on", "Closed", 12),
         ("assignee", "Assignee", 14)],
    ),
    (
        "level_changes",
        "Level history",
        [("at", "At", 18), ("from", "From", 12), ("to", "To", 12), ("reason", "Reason", 10),
         ("detail", "Detail", 40)],
    ),
    (
        "history",
        "History",
        [("at", "At", 18), ("action", "Action", 14), ("staff", "Staff", 14), ("before", "Before", 50),
         ("after", "After", 50)],
    ),
)  # fmt: skip


def write_customer_data(
    customer_id: int, out: str | os.PathLike, *, actor: Actor | None, language: str | None = None
) -> Path:
    """Write everything the shop holds about one customer to ``out`` (.json or .xlsx)."""
    target = Path(out).expanduser().resolve()
    if target.suffix.lower() not in FORMATS:
        raise InvalidInput("out", "must end in .json or .xlsx")
    data = privacy.customer_data(customer_id, actor=actor)
    t = Labels(language or settings.get("language") or "en")
    from crm.reports.workbook import check_target, save_atomically

    if target.suffix.lower() == ".xlsx":
        check_target(target)
        save_atomically(_workbook(data, t), target)
        return target
    check_target(target.with_suffix(".xlsx"))  # the same folder checks as a workbook's
    text = json.dumps(jsonable(data), ensure_ascii=False, indent=2)
    temp = str(tempfiles.new_part(target))  # owner-only; a killed write's is cleared by the next
    try:
        with open(temp, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.remove(temp)
    return target


def _cell_value(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(jsonable(value), ensure_ascii=False)
    if isinstance(value, bool):
        return "✓" if value else ""
    return value


def _workbook(data: dict[str, Any], t: Labels):
    book = sheets.new_workbook()
    card = sheets.add_sheet(book, t("Customer data"), [t("Field"), t("Value")], [16, 40])
    rows = [("shop", data["shop"]), ("exported_at", data["exported_at"]), *data["customer"].items()]
    rows.append(("referrals", ", ".join(data["referrals"])))
    for key, value in rows:
        card.append(sheets.safe_row(card, [t(CARD_LABELS[key]), _cell_value(value)]))
    for key, title, columns in _TABLES:
        ws = sheets.add_sheet(
            book, t(title), [t(header) for _, header, _ in columns], [w for *_, w in columns]
        )
        for item in data[key]:
            ws.append(sheets.safe_row(ws, [_cell_value(item.get(field)) for field, _, _ in columns]))
        sheets.filter_all(ws, len(columns), len(data[key]))
    return book
