"""How the monthly report prints (SPEC 5): page setup, header and footer, currency formats.

Every sheet prints landscape on A4, one page wide and as many pages tall as it needs,
with its header row repeated on each page and the shop, the sheet, the month and
"page N of M" in the header and footer. The fit-to-page flag belongs to the sheet's
properties, which a write-only sheet streams with its first row: :func:`prepare` runs
before the first row, :func:`finish` (titles, header, footer) any time before saving.

Charts are laid out against :func:`page_rows`, an estimate of the rows one printed
page holds, and start after a manual page break where they would not fit whole.
"""

from __future__ import annotations

from math import ceil
from unicodedata import east_asian_width

from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from crm.reports.labels import Labels

# Currencies without minor units in daily use: amounts are shown without decimals.
ZERO_DECIMAL = frozenset("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split())
SYMBOLS = {"CNY": "¥", "USD": "$", "GBP": "£", "EUR": "€"}

# A4 landscape with these margins (inches): what one page's body holds, in points.
MARGINS = PageMargins(left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3)
_BODY_WIDTH_PT = (297 / 25.4 - MARGINS.left - MARGINS.right) * 72
_BODY_HEIGHT_PT = (210 / 25.4 - MARGINS.top - MARGINS.bottom) * 72
ROW_POINTS = 15  # the default row height
_DEFAULT_WIDTH = 8.43


def money_format(currency: str, signed: bool = False) -> str:
    """The number format of an amount in ``currency`` (an ISO code): its symbol for CNY, USD,
    GBP and EUR, else the code; no decimals for JPY and the other zero-decimal currencies.
    ``signed``: a change, with + for a rise."""
    code = (currency or "CNY").upper()
    mark = SYMBOLS.get(code, code + " ")
    number = "#,##0" if code in ZERO_DECIMAL else "#,##0.00"
    zero = "0" if code in ZERO_DECIMAL else "0.00"
    unit = f'"{mark}"'
    if signed:
        return f"+{unit}{number};-{unit}{number};{unit}{zero}"
    return f"{unit}{number};-{unit}{number}"


def prepare(ws) -> None:
    """Landscape A4, one page wide, any number of pages tall; before the sheet's first row."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = MARGINS


def header_text(text: str) -> str:
    """``text`` as it prints in a header or footer: ``&`` starts a code there (page number,
    sheet name, font), so a shop called "Tea & Cake" needs it doubled."""
    return "".join(ch for ch in text if ch >= " ").replace("&", "&&")


def finish(ws, t: Labels, shop: str, month: str, title_rows: str) -> None:
    """Repeat ``title_rows`` ("1:1") on every page; the shop, the sheet and the month in the
    header, "page N of M" in the footer, in the report's language."""
    ws.print_title_rows = title_rows
    ws.oddHeader.left.text = header_text(shop[:80])
    ws.oddHeader.center.text = "&A"
    ws.oddHeader.right.text = header_text(f"{t('Month')}：{month}" if t.zh else f"{t('Month')} {month}")
    ws.oddFooter.center.text = "第 &P 页，共 &N 页" if t.zh else "Page &P of &N"


def column_points(ws, letter: str) -> float:
    """A column's printed width in points (Excel's width unit is about 5.25 points at 11 pt)."""
    width = ws.column_dimensions[letter].width if letter in ws.column_dimensions else None
    return (width or _DEFAULT_WIDTH) * 5.25 + 3.75


def page_rows(content_points: float) -> int:
    """Default-height rows one printed page holds when the sheet's printed width (its columns
    and charts) is ``content_points``: fit to width shrinks the page, never enlarges it."""
    scale = min(1.0, _BODY_WIDTH_PT / max(1.0, content_points))
    return int(_BODY_HEIGHT_PT / (ROW_POINTS * scale))


def break_before(ws, row: int) -> None:
    """A manual page break above ``row``: what starts there starts a page."""
    ws.row_breaks.append(Break(id=row - 1))


def chart_rows(height_cm: float) -> int:
    """Default-height rows a chart of ``height_cm`` covers, rounded up."""
    return int(height_cm / 2.54 * 72 / ROW_POINTS) + 1


def text_lines(text: str, width: float, per_unit: float = 1.0) -> int:
    """Lines ``text`` wraps to in a column ``width`` units wide (a Chinese character takes
    two), counting its own line breaks. A unit is the width of a digit; ``per_unit``: how
    many characters of running text fit in one (about 1.1 in the regular font; bold
    headers 1)."""
    chars = max(1.0, (width - 1) * per_unit)
    return sum(max(1, ceil(_text_width(line) / chars)) for line in (text or "").split("\n"))


def _text_width(text: str) -> int:
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def fit_row(ws, row: int, texts_and_widths, per_unit: float = 1.0) -> None:
    """Make ``row`` tall enough for its wrapped texts (a streamed sheet's rows keep the
    height they are written with; the spreadsheet does not fit them when it opens the file).
    Before the row is appended."""
    lines = max((text_lines(text, width, per_unit) for text, width in texts_and_widths), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = ROW_POINTS * lines + 2
