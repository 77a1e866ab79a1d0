"""Hostile import files (SPEC 8): refused before they are parsed, quickly and in one line;
broken XML and entities named as such; a formula without a saved value is an invalid row;
NUL and invisible characters never reach a name."""

from __future__ import annotations

import csv
import struct
import time
import zipfile
import zlib

import pytest
from openpyxl import Workbook

from crm.cli import main as cli
from crm.errors import UnreadableFile
from crm.io import importer
from crm.io.limits import MB, BrokenWorkbook, Limits, WorkbookTooBig, check_workbook
from crm.io.tables import read_table
from crm.models import Customer, Visit
from crm.services import customers

SMALL = Limits(unpacked=1 * MB, cells=1000)

MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="' + REL + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b"<workbook " + MAIN + b' xmlns:r="' + REL + b'"><sheets><sheet name="Sheet" sheetId="1" r:id="rId1"/>'
    b"</sheets></workbook>"
)
WORKBOOK_RELS = (
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="' + REL + b'/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="' + REL + b'/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_START = b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet ' + MAIN + b">"
# The header (Name, Phone) from the shared strings, then two customers written inline.
ROWS = (
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>Wang Li</t></is></c><c r="B2"><v>13812345678</v></c></row>'
    b'<row r="3"><c r="A3" t="inlineStr"><is><t>Zhang Wei</t></is></c><c r="B3"><v>13912345678</v></c></row>'
)


def sheet(rows: bytes = ROWS, dimension: bytes = b"A1:B3", start: bytes = SHEET_START) -> bytes:
    return start + b'<dimension ref="' + dimension + b'"/><sheetData>' + rows + b"</sheetData></worksheet>"


def strings(*texts: str, count: int | None = None, unique: int | None = None) -> bytes:
    texts = texts or ("Name", "Phone")
    count = len(texts) if count is None else count
    unique = len(texts) if unique is None else unique
    items = b"".join(b"<si><t>" + t.encode() + b"</t></si>" for t in texts)
    return b"<sst " + MAIN + b' count="%d" uniqueCount="%d">' % (count, unique) + items + b"</sst>"


def parts(**replaced: bytes) -> dict[str, bytes]:
    out = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet(),
        "xl/sharedStrings.xml": strings(),
    }
    names = {
        "sheet": "xl/worksheets/sheet1.xml",
        "strings": "xl/sharedStrings.xml",
        "workbook": "xl/workbook.xml",
    }
    for key, data in replaced.items():
        out[names[key]] = data
    return out


def write_parts(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def repeated(prefix: bytes, block: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """A raw deflate stream of prefix + block * times + suffix, made in a blink however
    large it unpacks: after a full flush the same input compresses to the same bytes."""
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -15)
    head = squeeze.compress(prefix) + squeeze.flush(zlib.Z_FULL_FLUSH)
    again = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    assert squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH) == again
    data = head + again * times + squeeze.compress(suffix) + squeeze.flush()
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, crc)
    return data, crc, len(prefix) + len(block) * times + len(suffix)


def write_raw(path, members: dict[str, tuple[bytes, int, int]]):
    """A zip of raw deflate streams (data, crc, unpacked size) as given: sizes may lie."""
    with open(path, "wb") as out:
        directory = b""
        for name, (data, crc, size) in members.items():
            encoded = name.encode()
            offset = out.tell()
            out.write(
                struct.pack(
                    "<4sHHHHHLLLHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
                )
                + encoded
            )
            out.write(data)
            directory += (
                struct.pack(
                    "<4sHHHHHHLLLHHHHHLL",
                    b"PK\x01\x02",
                    20,
                    20,
                    0,
                    8,
                    0,
                    0x21,
                    crc,
                    len(data),
                    size,
                    len(encoded),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + encoded
            )
        start = out.tell()
        out.write(directory)
        out.write(
            struct.pack(
                "<4sHHHHLLH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0
            )
        )
    return path


def deflated(data: bytes) -> tuple[bytes, int, int]:
    squeeze = zlib.compressobj(6, zlib.DEFLATED, -15)
    return squeeze.compress(data) + squeeze.flush(), zlib.crc32(data), len(data)


def whitespace_bomb(path, mib: int):
    """A workbook whose sheet is ``mib`` MiB of spaces: a few hundred kilobytes on disk."""
    members = {name: deflated(data) for name, data in parts().items()}
    members["xl/worksheets/sheet1.xml"] = repeated(
        SHEET_START + b"<sheetData>", b" " * MB, mib, b"</sheetData></worksheet>"
    )
    return write_raw(path, members)


def refused(path, limits: Limits | None = None) -> UnreadableFile:
    """What reading ``path`` (every row of it) refuses with."""
    with pytest.raises(UnreadableFile) as caught:
        table = read_table(path, limits)
        list(table.rows)
    return caught.value


def one_line_refusal(capsys, *argv: str) -> str:
    assert cli(list(argv)) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    return lines[0]


# --- sizes ---------------------------------------------------------------------------------------


def test_a_real_size_whitespace_bomb_is_refused_at_once_by_the_command_line_and_the_preview(
    db, tmp_path, capsys
):
    bomb = whitespace_bomb(tmp_path / "bomb.xlsx", 600)
    assert bomb.stat().st_size < 2 * MB
    started = time.perf_counter()
    line = one_line_refusal(capsys, "--db", db.shop_location, "import", "customers", str(bomb))
    assert time.perf_counter() - started < 2.0
    assert line == (
        f"shopcircle-cli: error: cannot read {bomb}: the workbook unpacks to more than the 500 MB"
        " an import reads (it unpacks to 600 MB)"
    )
    with pytest.raises(WorkbookTooBig):
        importer.preview(bomb, "customers")
    assert Customer.select().count() == 0


def test_the_size_limit_is_a_parameter_and_counts_every_part(tmp_path):
    path = write_parts(tmp_path / "c.xlsx", parts(strings=strings("Name", "Phone", *["x" * 1000] * 2000)))
    assert "1 MB an import reads" in str(refused(path, SMALL))
    assert read_table(path).headers == ["Name", "Phone"]  # well within the real limit


def test_a_part_whose_directory_understates_its_size_is_damaged_not_read_on(tmp_path):
    members = {name: deflated(data) for name, data in parts().items()}
    data, crc, size = repeated(SHEET_START + b"<sheetData>", b" " * MB, 50, b"</sheetData></worksheet>")
    members["xl/worksheets/sheet1.xml"] = (data, crc, 4096)  # claims 4 kB, unpacks to 50 MB
    error = refused(write_raw(tmp_path / "liar.xlsx", members))
    assert isinstance(error, BrokenWorkbook) and "damaged" in error.reason


def test_a_zip_of_more_parts_than_any_workbook_is_refused_before_its_directory_is_read(tmp_path):
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts().items():
            archive.writestr(name, data)
        for index in range(10_001):
            archive.writestr(f"junk/{index}", b"")
    error = refused(path)
    assert isinstance(error, WorkbookTooBig) and error.found == "10,007 parts"


# --- cells ---------------------------------------------------------------------------------------


def test_a_sheet_that_claims_too_many_cells_is_refused_by_its_dimension(tmp_path):
    path = write_parts(tmp_path / "wide.xlsx", parts(sheet=sheet(dimension=b"A1:Z400000")))
    error = refused(path)
    assert isinstance(error, WorkbookTooBig)
    assert str(error).endswith(
        "the workbook holds more than the 10,000,000 cells an import reads"
        " (xl/worksheets/sheet1.xml says it spans 10,400,000 cells)"
    )


def test_a_sheet_holding_more_cells_than_its_dimension_says_is_counted_before_parsing(tmp_path):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i) for i in range(1, 1502))
    path = write_parts(tmp_path / "liar.xlsx", parts(sheet=sheet(rows, dimension=b"A1")))
    with pytest.raises(WorkbookTooBig):
        check_workbook(path, SMALL)  # the bytes, not openpyxl
    assert len(list(read_table(path).rows)) == 1500  # the real limit lets it through


def test_cells_the_byte_count_cannot_see_are_counted_as_they_are_parsed(tmp_path):
    # Cells under a prefix the sheet's root does not use: the byte count of "<c" misses them.
    main = MAIN.replace(b"xmlns=", b"xmlns:x=")
    rows = b"".join(
        b'<row r="%d"><x:c %s r="A%d"><x:v>%d</x:v></x:c></row>' % (i, main, i, i) for i in range(1, 1502)
    )
    path = write_parts(tmp_path / "hidden.xlsx", parts(sheet=sheet(rows, dimension=b"A1")))
    check_workbook(path, SMALL)
    error = refused(path, SMALL)
    assert isinstance(error, WorkbookTooBig) and "1,000 cells" in error.reason


def test_shared_strings_that_say_they_are_too_many_are_refused_before_parsing(tmp_path):
    many = strings("Name", "Phone", count=20_000_000, unique=20_000_000)
    error = refused(write_parts(tmp_path / "s.xlsx", parts(strings=many)))
    assert isinstance(error, WorkbookTooBig) and error.found == "its shared strings say 20,000,000 strings"


def test_shared_strings_that_lie_about_their_count_are_counted(tmp_path):
    lying = strings("Name", "Phone", *(f"s{i}" for i in range(1500)), count=2, unique=2)
    path = write_parts(tmp_path / "s.xlsx", parts(strings=lying))
    assert isinstance(refused(path, SMALL), WorkbookTooBig)
    assert read_table(path).headers == ["Name", "Phone"]


def test_twenty_million_shared_strings_under_a_lying_header_are_refused_quickly(tmp_path):
    members = {name: deflated(data) for name, data in parts().items()}
    start = b"<sst " + MAIN + b' count="2" uniqueCount="2"><si><t>Name</t></si><si><t>Phone</t></si>'
    members["xl/sharedStrings.xml"] = repeated(start, b"<si><t>x</t></si>" * 50_000, 400, b"</sst>")
    path = write_raw(tmp_path / "strings.xlsx", members)
    started = time.perf_counter()
    error = refused(path)
    assert isinstance(error, WorkbookTooBig) and "10,000,000 cells" in error.reason
    assert time.perf_counter() - started < 5.0


def test_a_run_of_text_longer_than_any_cell_is_refused(tmp_path):
    rows = ROWS + b'<row r="4"><c r="A4" t="inlineStr"><is><t>' + b" " * (2 * MB) + b"x</t></is></c></row>"
    error = refused(write_parts(tmp_path / "long.xlsx", parts(sheet=sheet(rows))))
    assert isinstance(error, BrokenWorkbook) and "longer than any cell" in error.reason


def test_a_sheet_in_utf16_is_read_like_any_other(tmp_path):
    xml = sheet().decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    table = read_table(write_parts(tmp_path / "u16.xlsx", parts(sheet=xml)))
    assert [values for _, values in table.rows] == [["Wang Li", 13812345678], ["Zhang Wei", 13912345678]]


# --- broken and unsafe XML -----------------------------------------------------------------------

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


@pytest.mark.parametrize(
    "part, xml",
    [
        ("sheet", LAUGHS + sheet(ROWS.replace(b"Wang Li", b"&lol9;")).split(b"\n", 1)[1]),
        ("strings", LAUGHS + strings("&lol9;", "Phone")),
        (
            "workbook",
            b'<?xml version="1.0"?>\n<!DOCTYPE workbook [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
            + WORKBOOK.replace(b'name="Sheet"', b'name="&secret;"'),
        ),
    ],
)
def test_entities_are_refused_before_any_parser_sees_them(db, tmp_path, capsys, part, xml):
    path = write_parts(tmp_path / "laughs.xlsx", parts(**{part: xml}))
    line = one_line_refusal(capsys, "--db", db.shop_location, "import", "customers", str(path))
    assert line.startswith(
        f"shopcircle-cli: error: cannot read {path}: the workbook's XML declares entities (a DTD)"
    )
    with pytest.raises(BrokenWorkbook):
        importer.preview(path, "customers")


@pytest.mark.parametrize("part", ["sheet", "strings", "workbook"])
def test_truncated_xml_is_a_broken_workbook_with_exit_2_naming_the_file(db, tmp_path, capsys, part):
    whole = parts()
    name = {
        "sheet": "xl/worksheets/sheet1.xml",
        "strings": "xl/sharedStrings.xml",
        "workbook": "xl/workbook.xml",
    }
    cut = whole[name[part]][:-30]
    path = write_parts(tmp_path / "cut.xlsx", parts(**{part: cut}))
    line = one_line_refusal(capsys, "--db", db.shop_location, "import", "customers", str(path))
    assert line.startswith(f"shopcircle-cli: error: cannot read {path}: the workbook's XML is broken")
    assert Customer.select().count() == 0


def test_a_shared_string_that_is_not_there_is_a_broken_workbook(tmp_path):
    rows = ROWS.replace(
        b'<c r="A2" t="inlineStr"><is><t>Wang Li</t></is></c>', b'<c r="A2" t="s"><v>99</v></c>'
    )
    error = refused(write_parts(tmp_path / "c.xlsx", parts(sheet=sheet(rows))))
    assert isinstance(error, BrokenWorkbook) and "IndexError" in error.detail


# --- formulas -----------------------------------------------------------------------------------


def test_a_formula_without_a_saved_value_is_an_invalid_row_with_its_line_number(db, tmp_path):
    book = Workbook()
    sheet_ = book.active
    sheet_.append(["Code", "Name", "Phone", "Shoe size"])
    sheet_.append(["A001", "Wang Li", "13812345678", "=36+1"])  # a column not read: no matter
    sheet_.append(["A002", "Zhang Wei", "=13900000000+12345678"])  # openpyxl saves no value
    sheet_.append(["A003", "Li Na", "13700001111"])
    book.save(tmp_path / "f.xlsx")
    result = importer.import_customers(tmp_path / "f.xlsx")
    assert not result.imported and result.invalid_rows == 1
    [error] = result.errors
    assert (error.row, error.column, error.value) == (3, "Phone", "")
    assert error.reason == "a formula without a saved value: open and save the file in Excel first"
    result = importer.import_customers(tmp_path / "f.xlsx", skip_invalid=True)
    assert sorted(c.code for c in Customer.select()) == ["A001", "A003"]


def test_a_formula_with_its_saved_value_is_read_as_that_value(db, tmp_path):
    rows = (
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        b'<row r="2"><c r="A2" t="str"><f>"Wang "&amp;"Li"</f><v>Wang Li</v></c>'
        b'<c r="B2"><f>13800000000+12345678</f><v>13812345678</v></c></row>'
        b'<row r="3"><c r="A3" t="inlineStr"><is><t>Zhang Wei</t></is></c>'
        b'<c r="B3" t="str"><f>IF(A3="","","")</f><v></v></c></row>'  # a text formula giving ""
    )
    result = importer.import_customers(write_parts(tmp_path / "f.xlsx", parts(sheet=sheet(rows))))
    assert result.imported and not result.errors
    assert {c.name: c.phone for c in Customer.select()} == {"Wang Li": "+8613812345678", "Zhang Wei": None}


# --- characters -----------------------------------------------------------------------------------


def test_nul_is_removed_from_every_field_the_same_on_both_engines(db, tmp_path):
    path = tmp_path / "nul.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["会员号", "姓名", "手机", "备注"], ["A001", "王\x00丽", "138 1234 5678", "爱\x00喝茶"]]
            + [["", "", "", ""]] * 200
        )
    result = importer.import_customers(path)
    assert result.imported and not result.errors
    wang = Customer.get(Customer.code == "A001")
    assert (wang.name, wang.notes) == ("王丽", "爱喝茶")
    with open(tmp_path / "v.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["会员号", "日期", "金额", "备注"], ["A001", "2026-06-01", "10", "a\x00b"]]
        )
    assert importer.import_visits(tmp_path / "v.csv").visits_added == 1
    assert Visit.get().note == "ab"


def test_invisible_and_direction_characters_never_stay_in_a_name(db, tmp_path):
    hidden = "\u202e王丽\u200b\u2066\ufeff"
    rows = [["会员号", "姓名", "推荐人"], ["A001", hidden, ""], ["A002", "张\u200d伟\u2060", "王丽\u200f"]]
    path = tmp_path / "names.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    result = importer.import_customers(path)
    assert result.imported and not result.errors
    assert {c.code: (c.name, c.referrer_id) for c in Customer.select()} == {
        "A001": ("王丽", None),
        "A002": ("张伟", Customer.get(Customer.code == "A001").id),
    }
    typed = customers.create_customer("\u202a李\u200b娜\u202c")
    assert typed.name == "李娜"
    assert customers.update_customer(typed.id, name="李\u2067娜\u2069 ").name == "李娜"
