"""Spreadsheet writers shared by every export: formula neutralisation, streamed CSV and a
streamed XLSX writer.

Neutralisation (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return is written with a leading apostrophe, so no spreadsheet program ever
evaluates it as a formula. Only text is neutralised; numbers and dates are written as such.
The measure import strips that apostrophe again (`unneutralise`), so an export still
re-imports without change.

The XLSX writer streams: rows go through a zip file written to a non-seekable sink (entries
with data descriptors), and the caller takes the compressed bytes as they come, so the first
byte leaves before the last row is read and memory stays flat however many rows there are.
Cells are inline strings, numbers and dates (no shared-strings table to hold in memory).
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """`text` that a spreadsheet cannot take for a formula (OWASP CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """The inverse of `neutralise` for text read back from an export."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def safe_cell(value: Any) -> Any:
    """A CSV/XLSX cell value with text neutralised; other types unchanged."""
    return neutralise(value) if isinstance(value, str) else value


class _Echo:
    """A write-only file whose `write` returns the text (csv.writer into a generator)."""

    def write(self, value: str) -> str:
        return value


def plain_text(value: Any) -> str:
    """Default CSV text of a non-text value: ISO dates, numbers as Python writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_stream(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    delimiter: str = ",",
    bom: bool = True,
    fmt: Callable[[Any], str] = plain_text,
    batch: int = 500,
) -> Iterator[bytes]:
    """UTF-8 CSV yielded in batches of rows (for a StreamingHttpResponse or a file). Text
    (`str`) cells are neutralised; every other value is written as `fmt(value)`."""
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    head = writer.writerow([safe_cell(h) for h in header])
    yield (("\ufeff" if bom else "") + head).encode("utf-8")  # before the first row is read
    chunk: list[str] = []
    for row in rows:
        chunk.append(
            writer.writerow([neutralise(c) if isinstance(c, str) else fmt(c) for c in row])
        )
        if len(chunk) >= batch:
            yield "".join(chunk).encode("utf-8")
            chunk = []
    if chunk:
        yield "".join(chunk).encode("utf-8")


# ---------------------------------------------------------------- XLSX

MONEY = "money"  # '#,##0.00 "NOK"' — exact øre
WHOLE_MONEY = "whole_money"  # '#,##0 "kr"' — report layout
DATE = "date"  # yyyy-mm-dd
NORWEGIAN_DATE = "nb_date"  # dd.mm.yyyy
INTEGER = "integer"
TEXT = "text"

_STYLE_IDS = {
    TEXT: 0,
    "header": 1,
    MONEY: 2,
    DATE: 3,
    INTEGER: 4,
    WHOLE_MONEY: 5,
    NORWEGIAN_DATE: 6,
}
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="4"><numFmt numFmtId="164" formatCode="#,##0.00 &quot;NOK&quot;"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" \
formatCode="#,##0 &quot;kr&quot;"/><numFmt numFmtId="167" formatCode="dd.mm.yyyy"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="7">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/>
</Relationships>"""
_EPOCH = dt.date(1899, 12, 30)
# a bare CR would come back as LF (XML end-of-line handling): keep it as a reference
_KEEP = {"\r": "&#13;"}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: float | None = None


class _Sink:
    """A non-seekable file for ZipFile that hands over what was written."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._pos = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts = []
        return data


def _letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        style = _STYLE_IDS[kind if kind in (DATE, NORWEGIAN_DATE) else DATE]
        return f'<c r="{ref}" s="{style}"><v>{(value - _EPOCH).days}</v></c>'
    if isinstance(value, int | float | Decimal):
        style = _STYLE_IDS.get(kind, 0) if kind != TEXT else 0
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    text = escape(neutralise(str(value)), _KEEP)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def xlsx_stream(
    sheet_name: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    freeze_header: bool = True,
    batch: int = 500,
) -> Iterator[bytes]:
    """One-sheet XLSX, yielded as compressed bytes while `rows` are consumed. Text cells are
    inline strings, neutralised; int/float/Decimal are numbers in the column's format; dates
    date cells. Column widths when given; the header row bold and (by default) frozen."""
    sink = _Sink()
    book = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
    for name, text in (
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _ROOT_RELS),
        ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ("xl/styles.xml", _STYLES),
        (
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet_name[:31])}" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        ),
    ):
        book.writestr(name, text)
    yield sink.take()
    letters = [_letters(i) for i in range(len(columns))]
    kinds = [c.kind for c in columns]
    # no Zip64 records (older Excel versions refuse them); a sheet stays far below 2 GB
    # (Excel itself stops at 1 048 576 rows)
    with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
        head = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        ]
        if freeze_header:
            head.append(
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            )
        widths = [
            f'<col min="{i + 1}" max="{i + 1}" width="{c.width}" customWidth="1"/>'
            for i, c in enumerate(columns)
            if c.width
        ]
        if widths:
            head.append("<cols>" + "".join(widths) + "</cols>")
        head.append('<sheetData><row r="1">')
        head.extend(
            f'<c r="{letters[i]}1" s="1" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(neutralise(c.header), _KEEP)}</t></is></c>"
            for i, c in enumerate(columns)
        )
        head.append("</row>")
        sheet.write("".join(head).encode("utf-8"))
        parts: list[str] = []
        for number, row in enumerate(rows, start=2):
            parts.append(f'<row r="{number}">')
            parts.extend(
                _cell(f"{letters[i]}{number}", value, kinds[i]) for i, value in enumerate(row)
            )
            parts.append("</row>")
            if number % batch == 0:
                sheet.write("".join(parts).encode("utf-8"))
                parts = []
                data = sink.take()
                if data:
                    yield data
        parts.append("</sheetData></worksheet>")
        sheet.write("".join(parts).encode("utf-8"))
    book.close()
    yield sink.take()


def xlsx_bytes(sheet_name: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> bytes:
    return b"".join(xlsx_stream(sheet_name, columns, rows))
