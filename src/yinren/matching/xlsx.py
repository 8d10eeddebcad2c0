"""A small, fast XLSX writer for rosters: whole columns at a time, rows built as XML by polars.

xlsxwriter writes a cell at a time in Python, about 10^5 cells a second on this machine: a roster of a
whole city (10^5 rows and more) would take longer than the rest of the match together. Here a sheet's rows
are one vectorised string expression, so a roster costs what its compression costs.

What it writes is a plain SpreadsheetML package (ECMA-376): inline strings (as xlsxwriter's
constant_memory mode writes them), one number format for money, bold headers and totals, column widths
and a frozen header row. The package is byte-for-byte reproducible: same cells and `created`, same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

import polars as pl

MAX_ROWS = 1_048_576  # rows in one sheet, the header included
CellKind = Literal["text", "integer", "money"]
# Style indexes into cellXfs of STYLES below.
_PLAIN, _BOLD, _MONEY, _BOLD_MONEY = 0, 1, 2, 3
_INVALID_XML = r"[\x00-\x08\x0B\x0C\x0E-\x1F]"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Column:
    header: str
    kind: CellKind = "text"
    width: float = 14.0


@dataclass
class Sheet:
    """A header row, the data (one polars column per `Column`, money as integer fen) and trailing rows.

    `data` columns: text as String, integer as an integer type, money as integer fen (shown in yuan with
    two decimals). `footer` rows are small (a 合计 row): each cell text, an int, or ("money", fen).
    """

    name: str
    columns: Sequence[Column]
    data: pl.DataFrame
    footer: Sequence[Sequence[object]] = ()
    preamble: Sequence[Sequence[object]] = ()  # rows above the header (a cover's facts)


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = _SHEET_NAME_BAD.sub("_", text).strip("'")[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escaped(series: pl.Series) -> pl.Expr:
    """The column as XML text: control characters dropped, & < > escaped (only the passes needed)."""
    text = pl.col(series.name).cast(pl.String).fill_null("")
    strings = series.cast(pl.String).drop_nulls()
    if strings.str.contains(_INVALID_XML).any():
        text = text.str.replace_all(_INVALID_XML, "")
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        if strings.str.contains(char, literal=True).any():
            text = text.str.replace_all(char, entity, literal=True)
    return text


def _constant(series: pl.Series) -> object | None:
    """The one value of a column that holds nothing else (no null either), else None."""
    if series.len() == 0 or series.null_count():
        return None
    first = series[0]
    return first if bool((series == first).all()) else None


def money_text(fen: pl.Expr) -> pl.Expr:
    """Integer fen as exact yuan text with two decimals ("1500.00"), negative amounts included."""
    sign = pl.when(fen < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    magnitude = fen.abs()
    return pl.concat_str(
        [sign, (magnitude // 100).cast(pl.String), pl.lit("."), (magnitude % 100).cast(pl.String).str.zfill(2)]
    )


def _cell_expr(column: Column, series: pl.Series) -> pl.Expr:
    """One column's cells as XML, a cell per row. Cells carry no reference: each follows the one before."""
    constant = _constant(series)
    if constant is not None:
        return pl.lit(_scalar_cell(None, _typed(column, constant), bold=False))
    name = pl.col(series.name)
    if column.kind == "text":
        return pl.concat_str([pl.lit('<c t="inlineStr"><is><t>'), _escaped(series), pl.lit("</t></is></c>")])
    style = f' s="{_MONEY}"' if column.kind == "money" else ""
    value = money_text(name) if column.kind == "money" else name.cast(pl.String)
    # A null number is an empty cell (still a cell, so that the next one keeps its column).
    return pl.concat_str([pl.lit(f"<c{style}><v>"), value, pl.lit("</v></c>")]).fill_null(f"<c{style}/>")


def _typed(column: Column, value: object) -> object:
    if column.kind == "money" and isinstance(value, int):
        return ("money", value)
    return value if column.kind != "text" else str(value)


def _rows_xml(sheet: Sheet, first_row: int) -> bytes:
    """The data rows as XML, row numbers starting at `first_row` (1-based)."""
    if sheet.data.height == 0:
        return b""
    names = [f"c{index}" for index in range(len(sheet.columns))]
    frame = sheet.data.select([pl.col(old).alias(new) for old, new in zip(sheet.data.columns, names, strict=True)])
    row = (pl.int_range(pl.len(), dtype=pl.Int64) + first_row).cast(pl.String)
    cells = [_cell_expr(column, frame[name]) for column, name in zip(sheet.columns, names, strict=True)]
    xml = frame.select(pl.concat_str([pl.lit('<row r="'), row, pl.lit('">'), *cells, pl.lit("</row>")]).alias("xml"))
    buffer = io.BytesIO()
    xml.write_csv(buffer, include_header=False, quote_style="never", line_terminator="")
    return buffer.getvalue()


def _scalar_cell(ref: str | None, value: object, bold: bool) -> str:
    """One cell; with no `ref`, an empty value is still a cell (cells without references are positional)."""
    if value is None or value == "":
        return "<c/>" if ref is None else ""
    at = f' r="{ref}"' if ref is not None else ""
    if isinstance(value, tuple) and len(value) == 2 and value[0] == "money":
        amount = int(value[1])
        sign, magnitude = ("-", -amount) if amount < 0 else ("", amount)
        money = _BOLD_MONEY if bold else _MONEY
        return f'<c{at} s="{money}"><v>{sign}{magnitude // 100}.{magnitude % 100:02d}</v></c>'
    style = f' s="{_BOLD}"' if bold else ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"<c{at}{style}><v>{value}</v></c>"
    text = escape(re.sub(_INVALID_XML, "", str(value)))
    return f'<c{at}{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _scalar_row(number: int, values: Sequence[object], bold: bool) -> str:
    cells = "".join(_scalar_cell(f"{column_letter(i)}{number}", v, bold) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _preamble_row(number: int, values: Sequence[object]) -> str:
    """A cover's fact: the label bold, the rest plain."""
    cells = "".join(_scalar_cell(f"{column_letter(i)}{number}", value, bold=i == 0) for i, value in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _sheet_xml(sheet: Sheet, selected: bool) -> bytes:
    columns = sheet.columns
    top = "".join(_preamble_row(i + 1, row) for i, row in enumerate(sheet.preamble))
    header_row = len(sheet.preamble) + 1
    header = _scalar_row(header_row, [column.header for column in columns], bold=True)
    body = _rows_xml(sheet, header_row + 1)
    last = header_row + sheet.data.height
    footer = "".join(_scalar_row(last + 1 + i, row, bold=True) for i, row in enumerate(sheet.footer))
    last += len(sheet.footer)
    if last > MAX_ROWS:
        raise ValueError(f"sheet {sheet.name!r} has {last} rows, more than {MAX_ROWS}")
    widths = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{column.width:g}" customWidth="1"/>'
        for i, column in enumerate(columns)
    )
    dimension = f"A1:{column_letter(max(len(columns), 1) - 1)}{last}"
    tab = ' tabSelected="1"' if selected else ""
    view = (
        f'<sheetView workbookViewId="0"{tab}>'
        f'<pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" activePane="bottomLeft" state="frozen"/>'
        f'<selection pane="bottomLeft" activeCell="A{header_row + 1}" sqref="A{header_row + 1}"/></sheetView>'
    )
    head = (
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><dimension ref="{dimension}"/>'
        f'<sheetViews>{view}</sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols>'
        f"<sheetData>{top}{header}"
    )
    tail = (
        f"{footer}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
    )
    return b"".join((head.encode("utf-8"), body, tail.encode("utf-8")))


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _workbook_xml(names: Sequence[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(names)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _workbook_rels(count: int) -> str:
    sheet_type = f"{_REL}/worksheet"
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{sheet_type}" Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(count)
    )
    rels += f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    return f'{_XML}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'


def _content_types(count: int) -> str:
    ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{ml}.worksheet+xml"/>' for i in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ml}.sheet.main+xml"/>{sheets}'
        f'<Override PartName="/xl/styles.xml" ContentType="{ml}.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'
    )


def _root_rels() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'
    )


def _core(title: str, created: datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>yinren</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    )


def _app() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>yinren</Application></Properties>"
    )


def write_workbook(path: Path, sheets: Sequence[Sheet], *, title: str, created: datetime) -> None:
    """Write the sheets, in order, as one .xlsx at `path` (the first sheet is the one shown on opening)."""
    taken: set[str] = set()
    names = [sheet_name(sheet.name, taken) for sheet in sheets]
    parts: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", _content_types(len(sheets)).encode()),
        ("_rels/.rels", _root_rels().encode()),
        ("docProps/app.xml", _app().encode()),
        ("docProps/core.xml", _core(title, created).encode()),
        ("xl/workbook.xml", _workbook_xml(names).encode()),
        ("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)).encode()),
        ("xl/styles.xml", STYLES.encode()),
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts:
            archive.writestr(_entry(name), data, compresslevel=1)
        for index, sheet in enumerate(sheets):
            xml = _sheet_xml(sheet, selected=index == 0)
            archive.writestr(_entry(f"xl/worksheets/sheet{index + 1}.xml"), xml, compresslevel=1)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info
