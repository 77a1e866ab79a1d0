"""Refusing a hostile workbook before it is parsed (SPEC 8).

An .xlsx is a zip of XML parts, and openpyxl reads a whole part (the shared
strings at once, a sheet row by row) into memory as it parses. A few megabytes
can unpack to gigabytes of whitespace, claim millions of cells, or declare XML
entities that expand without end. Before openpyxl sees the file, this module:

- reads the zip's end record and refuses a directory with more parts than any
  workbook has (a directory of millions of entries costs memory by itself);
- adds up the unpacked sizes the directory declares (``zipfile`` never returns
  more than the declared size of a part: a part that lies fails its checksum);
- reads the start of every XML part up to its root element: a DTD (entities,
  external references, "billion laughs") is refused, Excel never writes one;
- takes a sheet's ``<dimension ref>`` and the shared strings' ``count`` and
  ``uniqueCount`` at their word, then streams every sheet and the shared strings
  (C-speed byte counts of their cell and string tags, never a parse), so a
  header that lies is caught too, and refuses a run of text longer than any
  cell can hold (Excel's cells hold at most 32,767 characters).

The reader counts the cells it parses as well (:mod:`crm.io.tables`), in case a
sheet hides its cells from the byte count behind an unusual namespace prefix.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from crm.errors import UnreadableFile

MB = 1024 * 1024
MAX_UNPACKED = 500 * MB
MAX_CELLS = 10_000_000
MAX_PARTS = 10_000  # a workbook has tens of parts; hundreds with many sheets and pictures
MAX_TEXT_RUN = 1 * MB  # 32,767 characters of the widest escapes stay far below this
_HEAD = 64 * 1024  # the XML declaration, comments and the root tag fit in this
_CHUNK = 4 * MB


@dataclass(frozen=True)
class Limits:
    unpacked: int = MAX_UNPACKED  # bytes, all parts together
    cells: int = MAX_CELLS  # cells of all sheets; also the most shared strings

    def too_big(self) -> str:
        return f"the workbook unpacks to more than the {self.unpacked // MB} MB an import reads"

    def too_many_cells(self) -> str:
        return f"the workbook holds more than the {self.cells:,} cells an import reads"


DEFAULT = Limits()


class WorkbookTooBig(UnreadableFile):
    """Beyond the sizes an import reads; ``found`` says what the file claims or holds."""

    def __init__(self, path: str, reason: str, found: str):
        super().__init__(path, reason)
        self.found = found

    def __str__(self) -> str:
        return f"{super().__str__()} ({self.found})"


class BrokenWorkbook(UnreadableFile):
    """Broken or unsafe XML, or a damaged zip; ``detail`` is the parser's own words."""

    def __init__(self, path: str, reason: str, detail: str = ""):
        super().__init__(path, reason)
        self.detail = detail

    def __str__(self) -> str:
        return super().__str__() + (f" ({self.detail})" if self.detail else "")


BROKEN_XML = "the workbook's XML is broken; the file is damaged or was not written by a spreadsheet program"
DTD = (
    "the workbook's XML declares entities (a DTD), which spreadsheet programs never write; refused as unsafe"
)
DAMAGED = "the workbook is damaged (a part does not unpack as its directory says)"
LONG_TEXT = "the workbook holds a run of text longer than any cell can hold; refused as unsafe"
TOO_MANY_PARTS = "the workbook has more parts than any spreadsheet has; refused as unsafe"
# Every reason of a refusal here, for the app's translations.
REASONS = (DEFAULT.too_big(), DEFAULT.too_many_cells(), BROKEN_XML, DTD, DAMAGED, LONG_TEXT, TOO_MANY_PARTS)


def check_workbook(path: str | Path, limits: Limits | None = None) -> None:
    """Refuse (:class:`WorkbookTooBig`, :class:`BrokenWorkbook`) what openpyxl should not parse."""
    limits = limits or DEFAULT
    name = str(path)
    _check_directory(name)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise UnreadableFile(name, "the file is not a valid .xlsx workbook") from None
    except OSError as exc:
        raise UnreadableFile(name, exc.strerror or str(exc)) from None
    with archive:
        parts = archive.infolist()
        unpacked = sum(info.file_size for info in parts)
        if unpacked > limits.unpacked:
            raise WorkbookTooBig(name, limits.too_big(), f"it unpacks to {unpacked / MB:,.0f} MB")
        tally = _Tally(name, limits)
        for info in parts:
            if not info.is_dir():
                _scan_part(archive, info, tally)


def _check_directory(name: str) -> None:
    """The number of parts from the zip's end record, before ``zipfile`` reads the directory."""
    try:
        with open(name, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - (22 + 65535)))
            tail = handle.read()
            end = tail.rfind(b"PK\x05\x06")
            if end < 0 or len(tail) - end < 22:
                return  # zipfile says what is wrong with it
            entries = struct.unpack("<H", tail[end + 10 : end + 12])[0]
            if entries == 0xFFFF and end >= 20 and tail[end - 20 : end - 16] == b"PK\x06\x07":
                offset = struct.unpack("<Q", tail[end - 12 : end - 4])[0]
                handle.seek(offset)
                record = handle.read(56)
                if record[:4] == b"PK\x06\x06" and len(record) == 56:
                    entries = struct.unpack("<Q", record[32:40])[0]
    except OSError:
        return  # opening it again says why
    if entries > MAX_PARTS:
        raise WorkbookTooBig(name, TOO_MANY_PARTS, f"{entries:,} parts")


class _Tally:
    """Cells and shared strings counted so far, over all parts."""

    def __init__(self, name: str, limits: Limits):
        self.name = name
        self.limits = limits
        self.cells = 0
        self.strings = 0

    def add_cells(self, count: int, how: str = "") -> None:
        self.cells += count
        if self.cells > self.limits.cells:
            raise WorkbookTooBig(self.name, self.limits.too_many_cells(), how or f"over {self.cells:,} cells")

    def add_strings(self, count: int, how: str = "") -> None:
        self.strings += count
        if self.strings > self.limits.cells:
            found = how or f"over {self.strings:,} shared strings"
            raise WorkbookTooBig(self.name, self.limits.too_many_cells(), found)


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """The part's bytes as UTF-8, a few megabytes at a time."""
    decoder = None
    try:
        with archive.open(info) as stream:
            first = True
            while chunk := stream.read(_CHUNK):
                if first:
                    first = False
                    if chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or chunk[1:2] == b"\x00" == chunk[3:4]:
                        decoder = codecs.getincrementaldecoder("utf-16")()  # rare, but legal XML
                        if not chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                            decoder = codecs.getincrementaldecoder("utf-16-le")()
                if decoder is not None:
                    chunk = decoder.decode(chunk).encode("utf-8")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as exc:
        raise BrokenWorkbook(name, DAMAGED, f"{info.filename}: {exc}") from None
    except (NotImplementedError, RuntimeError) as exc:  # an unknown compression, a password
        raise UnreadableFile(name, "the file is not a valid .xlsx workbook") from exc


_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_ATTR = re.compile(rb"""\b(count|uniqueCount)\s*=\s*["'](\d+)["']""")
_DIMENSION = re.compile(
    rb"""<(?:[\w.-]+:)?dimension\s+ref\s*=\s*["']\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"""
)


def _root(head: bytes, name: str, part: str, is_xml: bool) -> re.Match | None:
    """The root element's start in ``head``, after the declaration, comments and
    processing instructions; a DTD is refused. None for a part that is not XML."""
    at = 0
    if head.startswith(codecs.BOM_UTF8):
        at = 3
    while True:
        at = head.find(b"<", at)
        if at < 0:
            break
        if head.startswith(b"<?", at):
            end = head.find(b"?>", at)
            at = end + 2 if end >= 0 else len(head)
            continue
        if head.startswith(b"<!--", at):
            end = head.find(b"-->", at)
            at = end + 3 if end >= 0 else len(head)
            continue
        if head.startswith(b"<!", at):  # before the root only a DTD may start so
            raise BrokenWorkbook(name, DTD if head[at : at + 9].upper() == b"<!DOCTYPE" else BROKEN_XML, part)
        found = _ROOT.match(head, at)
        if found:
            return found
        break
    if not is_xml:
        return None
    raise BrokenWorkbook(name, BROKEN_XML, f"{part}: no root element at the start")


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, tally: _Tally) -> None:
    name, part = tally.name, info.filename
    is_xml = part.lower().endswith((".xml", ".rels"))
    chunks = _chunks(archive, info, name)
    head = b""
    for chunk in chunks:
        head += chunk
        if len(head) >= _HEAD:
            break
    stripped = head.lstrip(b" \t\r\n\xef\xbb\xbf")
    if not head or (not is_xml and not stripped.startswith(b"<")):
        return  # a picture, a printer setting, a macro project: never parsed as XML
    root = _root(head[:_HEAD], name, part, is_xml)
    if root is None:
        return
    prefix, local = root.group(1) or b"", root.group(2)
    if local == b"worksheet":
        tag = b"<" + prefix + b"c"
        claimed = _DIMENSION.search(head, root.end(), root.end() + _HEAD)
        if claimed:
            first, last = claimed.group(1, 2), claimed.group(3, 4)
            if last[0] is None:
                last = first
            columns = _column(last[0]) - _column(first[0]) + 1
            rows = int(last[1]) - int(first[1]) + 1
            if columns > 0 and rows > 0 and columns * rows > tally.limits.cells:
                tally.add_cells(columns * rows, f"{part} says it spans {columns * rows:,} cells")
        add = tally.add_cells
    elif local == b"sst":
        tag = b"<" + prefix + b"si"
        start = head[root.start() : head.find(b">", root.start()) + 1 or len(head)]
        for attribute, number in _ATTR.findall(start):
            if int(number) > tally.limits.cells:
                what = "strings" if attribute == b"count" else "different strings"
                tally.add_strings(int(number), f"its shared strings say {int(number):,} {what}")
        add = tally.add_strings
    else:
        return  # styles, themes, relationships: small, and read by openpyxl only once
    _stream(head, chunks, tag, add, name, part)


def _stream(head: bytes, chunks: Iterator[bytes], tag: bytes, add, name: str, part: str) -> None:
    """Count ``tag`` (an upper bound of the cells or strings: ``<c`` also starts ``<col``)
    and refuse a stretch of more than :data:`MAX_TEXT_RUN` bytes without markup."""
    carry = b""
    offset = 0  # of the chunk being read, in the part
    last_tag = 0  # where the last "<" was, in the part
    for chunk in _chained(head, chunks):
        add((carry + chunk).count(tag))
        carry = chunk[-(len(tag) - 1) :] if len(chunk) >= len(tag) - 1 else carry + chunk
        last_tag = _markup_gaps(chunk, offset, last_tag, name, part)
        offset += len(chunk)
    if offset - last_tag > MAX_TEXT_RUN:
        raise BrokenWorkbook(name, LONG_TEXT, part)


def _chained(head: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield head
    yield from chunks


def _markup_gaps(chunk: bytes, offset: int, last: int, name: str, part: str) -> int:
    """Where the last ``<`` of the chunk is; refused when two are further apart than
    :data:`MAX_TEXT_RUN` (a few steps per chunk: each ``rfind`` jumps a whole window)."""
    end = offset + len(chunk)
    while True:
        window_end = last + MAX_TEXT_RUN + 1
        if window_end > end:
            found = chunk.rfind(b"<", max(0, last + 1 - offset))
            return offset + found if found >= 0 else last
        found = chunk.rfind(b"<", max(0, last + 1 - offset), window_end - offset)
        if found < 0:
            raise BrokenWorkbook(name, LONG_TEXT, part)
        last = offset + found


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
