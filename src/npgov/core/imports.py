"""The import framework: read CSV (UTF-8, UTF-8 with BOM, GB18030) or xlsx tables with
bilingual headers, report every bad cell by file, row, field and value in Chinese and English,
load all or nothing, and never load the same file twice."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import Workbook, load_workbook

from npgov.core.models import ImportBatch
from npgov.core.text import spreadsheet_safe

ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Column:
    """A column of an import file: its key, its headers in both languages, and aliases."""

    key: str
    header_zh: str
    header_en: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    help_zh: str = ""

    @property
    def header(self) -> str:
        return f"{self.header_zh} / {self.header_en}"

    def names(self) -> set[str]:
        return {
            _norm(n) for n in (self.key, self.header_zh, self.header_en, self.header, *self.aliases)
        }


@dataclass(frozen=True)
class RowError:
    """One bad cell (or row): where it is, what it holds, and why it is refused."""

    file: str
    row: int
    field: str
    value: str
    reason_zh: str
    reason_en: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()

    def __str__(self) -> str:
        return (
            f"{self.file}, row {self.row}, {self.field} = “{self.value}”: "
            f"{self.reason_zh} / {self.reason_en}"
        )


class ImportRejected(Exception):
    """The file was refused; nothing was written."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = list(errors)


@dataclass
class ImportResult:
    file: str
    rows: int
    created: int
    duplicate_of: ImportBatch | None = None
    batch: ImportBatch | None = None
    notes: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return "".join(str(text).split()).casefold()


def decode(content: bytes, file_name: str) -> str:
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRejected(
        [
            RowError(
                file_name,
                0,
                "",
                "",
                "文件既不是 UTF-8 也不是 GB18030 编码的文本。",
                "The file is neither UTF-8 nor GB18030 text.",
            )
        ]
    )


def read_rows(content: bytes, file_name: str) -> Iterator[list[str]]:
    """Rows of a CSV or xlsx file as lists of strings (the first is the header)."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".xlsx":
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
            raise ImportRejected(
                [
                    RowError(
                        file_name,
                        0,
                        "",
                        "",
                        "无法读取该 xlsx 文件。",
                        f"The xlsx file cannot be read ({exc}).",
                    )
                ]
            ) from None
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield ["" if v is None else str(v).strip() for v in values]
        workbook.close()
        return
    if suffix not in (".csv", ".txt"):
        raise ImportRejected(
            [
                RowError(
                    file_name,
                    0,
                    "",
                    suffix,
                    "只接受 CSV 或 xlsx 文件。",
                    "Only CSV and xlsx files are accepted.",
                )
            ]
        )
    yield from csv.reader(io.StringIO(decode(content, file_name)))


def map_header(header: list[str], columns: Sequence[Column], file_name: str) -> dict[str, int]:
    """Column key -> position; unknown headers and missing required columns are errors."""
    lookup = {}
    for column in columns:
        for name in column.names():
            lookup[name] = column.key
    positions: dict[str, int] = {}
    errors = []
    for index, cell in enumerate(header):
        if not str(cell).strip():
            continue
        key = lookup.get(_norm(cell))
        if key is None:
            errors.append(
                RowError(
                    file_name, 1, cell, cell, f"无法识别的列“{cell}”。", f"Unknown column “{cell}”."
                )
            )
        elif key in positions:
            errors.append(
                RowError(
                    file_name, 1, cell, cell, f"列“{cell}”重复。", f"Column “{cell}” appears twice."
                )
            )
        else:
            positions[key] = index
    for column in columns:
        if column.required and column.key not in positions:
            errors.append(
                RowError(
                    file_name,
                    1,
                    column.header,
                    "",
                    f"缺少必填列“{column.header}”。",
                    f"The required column “{column.header}” is missing.",
                )
            )
    if errors:
        raise ImportRejected(errors)
    return positions


def run_import(
    *,
    actor,
    kind: str,
    file_name: str,
    content: bytes,
    columns: Sequence[Column],
    validate: Callable[[dict[str, str], int, list[RowError]], object | None],
    write: Callable[[list[object]], int],
    max_errors: int = 1000,
) -> ImportResult:
    """Validate every row, then write all rows in one transaction, or nothing.

    ``validate(row, row_number, errors)`` appends :class:`RowError`s and returns a parsed row
    (or ``None``); ``write(parsed_rows)`` stores them and returns the count created. A file
    whose content was loaded before (same kind and SHA-256) loads nothing.
    """
    digest = hashlib.sha256(content).hexdigest()
    previous = ImportBatch.objects.filter(kind=kind, sha256=digest).first()
    if previous:
        return ImportResult(file_name, previous.rows, 0, duplicate_of=previous)
    rows = read_rows(content, file_name)
    try:
        header = next(rows)
    except StopIteration:
        raise ImportRejected(
            [RowError(file_name, 0, "", "", "文件为空。", "The file is empty.")]
        ) from None
    positions = map_header(header, columns, file_name)
    errors: list[RowError] = []
    parsed = []
    count = 0
    for number, cells in enumerate(rows, start=2):
        if not any(str(c).strip() for c in cells):
            continue
        count += 1
        row = {
            key: (cells[pos].strip() if pos < len(cells) else "") for key, pos in positions.items()
        }
        for column in columns:
            if column.required and column.key in row and not row[column.key]:
                errors.append(
                    RowError(
                        file_name,
                        number,
                        column.header,
                        "",
                        "必填项为空。",
                        "A required value is empty.",
                    )
                )
        result = validate(row, number, errors)
        if result is not None:
            parsed.append(result)
        if len(errors) >= max_errors:
            break
    if count == 0:
        errors.append(
            RowError(file_name, 0, "", "", "文件没有数据行。", "The file has no data rows.")
        )
    if errors:
        raise ImportRejected(errors)
    try:
        with transaction.atomic():
            created = write(parsed)
            batch = ImportBatch.objects.create(
                kind=kind,
                file_name=file_name[:300],
                sha256=digest,
                rows=count,
                created_count=created,
                loaded_by=actor,
            )
    except IntegrityError:
        previous = ImportBatch.objects.filter(kind=kind, sha256=digest).first()
        if previous:  # the same file loaded at the same moment by someone else
            return ImportResult(file_name, previous.rows, 0, duplicate_of=previous)
        raise ImportRejected(
            [
                RowError(
                    file_name,
                    0,
                    "",
                    "",
                    "写入时发现与已有数据冲突，未保存任何数据。",
                    "A conflict with stored data was found while writing; nothing was stored.",
                )
            ]
        ) from None
    except ValidationError as exc:
        raise ImportRejected(
            [RowError(file_name, 0, "", "", message, message) for message in exc.messages]
        ) from None
    return ImportResult(file_name, count, created, batch=batch)


def error_report_xlsx(errors: Sequence[RowError]) -> bytes:
    """The errors of a refused file as an xlsx workbook with bilingual headers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "errors"
    sheet.append(
        [
            "文件 / File",
            "行 / Row",
            "字段 / Field",
            "值 / Value",
            "原因 / Reason",
            "Reason (English)",
        ]
    )
    for error in errors:
        sheet.append(
            [
                spreadsheet_safe(v)
                for v in (
                    error.file,
                    error.row,
                    error.field,
                    error.value,
                    error.reason_zh,
                    error.reason_en,
                )
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx(
    columns: Sequence[Column], *, title: str, examples: Sequence[Sequence[str]] = ()
) -> bytes:
    """An empty import template: bilingual headers, a help row as comments, examples."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if column.help_zh:
            cell.comment = Comment(column.help_zh, "npgov")
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 4)
    for example in examples:
        sheet.append(list(example))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_merged_ranges(source, sheet_name: str) -> list[str]:
    """The merged ranges of a sheet of an xlsx file (a path or a binary stream), read from
    the package: read-only openpyxl does not expose them. Raises ``KeyError`` or
    ``zipfile.BadZipFile`` on a damaged package."""
    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    with zipfile.ZipFile(source) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rel_id = None
        for sheet in book.iterfind("m:sheets/m:sheet", ns):
            if sheet.get("name") == sheet_name:
                rel_id = sheet.get(f"{{{ns['r']}}}id")
        if rel_id is None:
            return []
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        target = next(
            (r.get("Target") for r in rels.iterfind("p:Relationship", ns) if r.get("Id") == rel_id),
            None,
        )
        if target is None:
            return []
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        xml = archive.read(path)
    return [m.decode() for m in re.findall(rb'<(?:\w+:)?mergeCell ref="([A-Z0-9:]+)"', xml)]
