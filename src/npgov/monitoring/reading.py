"""Reading an uploaded results file as rows of cells, streamed: CSV in UTF-8, UTF-8 with BOM
or GB18030, or the first sheet of an xlsx workbook, which is refused when it is damaged,
truncated, expands like a zip bomb or has merged cells."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from npgov.core.imports import ImportRejected, RowError, xlsx_merged_ranges

MAX_XLSX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_XLSX_RATIO = 200


def _encoding(path: Path) -> str:
    head = path.open("rb").read(1 << 20)
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(head, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ImportRejected(
        [RowError(path.name, 0, "", "", "文件既不是 UTF-8 也不是 GB18030 编码。",
                  "The file is neither UTF-8 nor GB18030 text.")]
    )  # fmt: skip


def _check_xlsx(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ImportRejected(
            [RowError(name, 0, "", "", "xlsx 文件已损坏或不完整。",
                      "The xlsx file is damaged or incomplete.")]
        ) from None  # fmt: skip
    if bad is not None:
        raise ImportRejected(
            [RowError(name, 0, "", bad, "xlsx 文件已损坏或不完整。",
                      "The xlsx file is damaged or incomplete.")]
        )  # fmt: skip
    if total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise ImportRejected(
            [RowError(name, 0, "", f"{total / 1e6:.0f} MB",
                      "xlsx 文件解压后过大（疑似压缩炸弹），拒绝读取。",
                      "The xlsx file expands to an implausible size (a zip bomb?); refused.")]
        )  # fmt: skip


def rows_of(path: Path, name: str) -> Iterator[list[object]]:
    """Rows of a CSV or xlsx file as lists of cell values, streamed."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        _check_xlsx(path, name)
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
            raise ImportRejected(
                [
                    RowError(
                        name, 0, "", "", "无法读取该 xlsx 文件。", "The xlsx file cannot be read."
                    )
                ]
            ) from None
        sheet = book.worksheets[0]
        merged = xlsx_merged_ranges(path, sheet.title)
        if merged:
            book.close()
            raise ImportRejected(
                [RowError(name, 0, r, r, f"单元格 {r} 被合并；请取消合并。",
                          f"Cells {r} are merged; unmerge them.") for r in merged]
            )  # fmt: skip
        try:
            yield from (list(row) for row in sheet.iter_rows(values_only=True))
        finally:
            book.close()
        return
    if suffix not in (".csv", ".txt"):
        raise ImportRejected(
            [
                RowError(
                    name,
                    0,
                    "",
                    suffix,
                    "只接受 CSV 或 xlsx 文件。",
                    "Only CSV or xlsx files are accepted.",
                )
            ]
        )
    encoding = _encoding(path)
    with path.open("r", encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        try:
            yield from reader
        except UnicodeDecodeError:
            raise ImportRejected(
                [RowError(name, reader.line_num + 1, "", "",
                          f"第 {reader.line_num + 1} 行附近的字符不是 {encoding} 编码。",
                          f"Characters near line {reader.line_num + 1} are not {encoding}.")]
            ) from None  # fmt: skip
        except csv.Error as exc:
            raise ImportRejected(
                [RowError(name, reader.line_num, "", "", "CSV 格式错误（引号未闭合？）。",
                          f"Malformed CSV ({exc}).")]
            ) from None  # fmt: skip


def read_frames(path: Path, name: str, batch_rows: int) -> tuple[list[str], Iterator[pl.DataFrame]]:
    """The header, and the rows below it as frames of up to ``batch_rows`` rows: a ``row``
    column (the row number in the file, the header being row 1) and string columns ``c0``,
    ``c1``… one per header cell (longer rows are cut, shorter ones padded with nulls).

    UTF-8 CSV is read by Polars; GB18030 CSV and xlsx go through :func:`rows_of`. Raises
    :class:`ImportRejected` for an empty file or one that cannot be read.
    """
    rows = rows_of(path, name)
    try:
        header = [str(h or "").strip() for h in next(rows)]
    except StopIteration:
        raise ImportRejected(
            [RowError(name, 0, "", "", "文件为空。", "The file is empty.")]
        ) from None
    if Path(name).suffix.lower() != ".xlsx" and _encoding(path) == "utf-8-sig":
        rows.close()
        return header, _polars_frames(path, name, len(header), batch_rows)
    return header, _python_frames(rows, len(header), batch_rows)


#: Bytes of a UTF-8 CSV handed to Polars at a time (cut at a line end outside quotes).
CHUNK_BYTES = 8 * 1024 * 1024


def _chunks(path: Path, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The file in pieces of about ``size`` bytes, each ending at a line break that is not
    inside a quoted field (an even number of quotes before it; doubled quotes keep the
    parity), so that no record is split. Memory stays at a few pieces whatever the file."""
    carry = b""
    with path.open("rb") as handle:
        while block := handle.read(size):
            block = carry + block
            end = block.rfind(b"\n")
            while end >= 0 and block.count(b'"', 0, end) % 2:
                end = block.rfind(b"\n", 0, end)
            if end < 0:
                carry = block
                continue
            carry = block[end + 1 :]
            yield block[: end + 1]
    if carry:
        yield carry


def _polars_frames(path: Path, name: str, width: int, batch_rows: int) -> Iterator[pl.DataFrame]:
    schema = {f"c{i}": pl.String for i in range(width)}
    number = 0  # records before the piece (the header is record 1)
    try:
        for piece in _chunks(path):
            if number == 0 and piece.startswith(codecs.BOM_UTF8):
                piece = piece[len(codecs.BOM_UTF8) :]
            frame = pl.read_csv(
                piece, has_header=False, schema=schema, truncate_ragged_lines=True,
                empty_string_is_null=False, row_index_name="row", row_index_offset=number + 1,
            ).with_columns(pl.col("row").cast(pl.Int64))  # fmt: skip
            number += frame.height
            frame = frame.filter(pl.col("row") > 1)
            for offset in range(0, frame.height, batch_rows):
                yield frame.slice(offset, batch_rows)
    except pl.exceptions.PolarsError as exc:
        # Let the row reader name the line; if it reads the file, report what Polars said.
        for _row in rows_of(path, name):
            pass
        raise ImportRejected(
            [
                RowError(
                    name,
                    0,
                    "",
                    "",
                    "无法读取该 CSV 文件。",
                    f"The CSV file cannot be read ({exc}).",
                )
            ]
        ) from None


def _python_frames(rows: Iterator[list], width: int, batch_rows: int) -> Iterator[pl.DataFrame]:
    number = 1
    while True:
        batch, numbers = [], []
        for cells in rows:
            number += 1
            if len(cells) != width:
                cells = (list(cells) + [None] * width)[:width]
            batch.append(cells)
            numbers.append(number)
            if len(batch) == batch_rows:
                break
        if not batch:
            return
        data = {"row": pl.Series(numbers, dtype=pl.Int64)}
        for n, column in enumerate(zip(*batch, strict=True)):
            data[f"c{n}"] = pl.Series([_cell_string(c) for c in column], dtype=pl.String)
        yield pl.DataFrame(data)


def _cell_string(value) -> str | None:
    """A cell as the text the checks read (numbers as Python writes them)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
