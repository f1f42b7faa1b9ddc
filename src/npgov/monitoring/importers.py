"""Streaming import of monitoring results: long format (one result a row) or wide format (one
sample a row, analytes as columns), CSV in UTF-8, UTF-8 with BOM or GB18030, or xlsx.

Every row is parsed and checked as it streams by, and the good ones are written to a staging
table (PostgreSQL ``COPY``, or batched inserts on SQLite); nothing but small lookup caches is
held in memory. Only when the whole file is clean are samples and results moved from the
staging table into place with two ``INSERT … SELECT`` statements, in the same transaction:
a refused file changes nothing. A file loaded before (same content) and rows already present
(same sample, substance, laboratory and method) are recognised and not loaded twice.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from npgov.chemicals.identity import normalise_cas
from npgov.chemicals.selectors import resolve
from npgov.core import policy
from npgov.core.imports import Column, ImportRejected, RowError, map_header, xlsx_merged_ranges
from npgov.core.models import Organisation, OrganisationKind
from npgov.science.units import AmountError, UnitError, concentration_factor, parse_amount

from . import microplastics
from .choices import (
    PLAUSIBILITY_CEILING,
    Basis,
    Detection,
    Fraction,
    ImportStatus,
    QcType,
    medium_kind,
)
from .counts import counts_add_file
from .models import ImportFile, Programme, Site

MAX_ERRORS = 1000
MAX_BYTES = 500 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_XLSX_RATIO = 200
CHUNK_ROWS = 20_000

SAMPLE_COLUMNS = (
    Column("sample", "样品编号", "Sample code", required=True, aliases=("sample_code",)),
    Column("site", "点位编号", "Site code", required=True, aliases=("site_code",)),
    Column("sampled_at", "采样时间", "Sampled at", required=True, aliases=("采样日期", "date")),
    Column("qc_type", "质控类型", "QC type", aliases=("qc",)),
    Column("duplicate_of", "平行样对应样品", "Duplicate of"),
    Column("batch", "分析批次", "Batch"),
    Column("programme", "监测项目", "Programme"),
    Column("matrix", "基质", "Matrix"),
    Column("depth", "采样深度(m)", "Depth (m)", aliases=("深度",)),
    Column("basis", "基准", "Basis"),
    Column("fraction", "形态", "Fraction"),
    Column("method", "分析方法", "Method", required=True),
)
LONG_COLUMNS = (
    *SAMPLE_COLUMNS,
    Column("substance", "物质名称", "Substance", aliases=("analyte", "指标", "检测项目")),
    Column("cas", "CAS号", "CAS RN", aliases=("cas", "CAS")),
    Column("value", "测定值", "Value", required=True, aliases=("结果", "浓度", "result")),
    Column("unit", "单位", "Unit", required=True),
    Column("lod", "检出限", "LOD"),
    Column("loq", "定量限", "LOQ"),
    Column("recovery", "回收率(%)", "Recovery (%)", aliases=("回收率",)),
)
WIDE_FIXED = (*SAMPLE_COLUMNS, Column("unit", "单位", "Unit", required=True))

ND_WORDS = {"nd", "n.d.", "n.d", "未检出", "<lod", "<dl", "bdl"}
NA_WORDS = {"na", "n.a.", "未分析", "未测", "-", "—", "/"}
LESS_THAN = re.compile(r"^\s*[<＜]\s*(.+)$")
QC_ALIASES = {
    "regular": QcType.REGULAR, "样品": QcType.REGULAR, "": QcType.REGULAR,
    "field_blank": QcType.FIELD_BLANK, "全程序空白": QcType.FIELD_BLANK,
    "现场空白": QcType.FIELD_BLANK, "trip_blank": QcType.TRIP_BLANK,
    "运输空白": QcType.TRIP_BLANK, "duplicate": QcType.DUPLICATE, "平行样": QcType.DUPLICATE,
    "现场平行": QcType.DUPLICATE,
}  # fmt: skip
BASIS_ALIASES = {
    "": Basis.NA,
    "wet": Basis.WET,
    "湿重": Basis.WET,
    "dry": Basis.DRY,
    "干重": Basis.DRY,
}
FRACTION_ALIASES = {
    "": Fraction.NA, "dissolved": Fraction.DISSOLVED, "溶解态": Fraction.DISSOLVED,
    "total": Fraction.TOTAL, "总量": Fraction.TOTAL,
}  # fmt: skip

STAGING_COLUMNS = (
    "row_number", "sample_code", "site_id", "medium", "sampled_at", "qc_type", "duplicate_of",
    "batch", "programme_id", "matrix", "depth_m", "basis", "fraction", "substance_id",
    "detection", "value", "lod", "loq", "unit_given", "method", "recovery_percent", "qa_flags",
)  # fmt: skip


@dataclass
class Outcome:
    """What an import did: the file record with its counts (and problems when refused)."""

    file: ImportFile
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    samples_created: int = 0
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "file": self.file.file_name,
            "status": self.file.status,
            "rows": self.rows,
            "results_created": self.created,
            "rows_already_present": self.duplicates,
            "samples_created": self.samples_created,
            "errors": [e.as_dict() for e in self.errors],
        }


# --- reading ---------------------------------------------------------------------------


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


# --- parsing ---------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.isascii():
        return value.strip()
    return unicodedata.normalize("NFKC", str(value)).strip()


def _date(value, today: dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(0))
    else:
        text = _text(value).replace("/", "-").replace(".", "-")
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
                try:
                    moment = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError("date") from None
    if moment.date() > today:
        raise OverflowError("future")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


MISSING = object()
#: Parsed sample columns are remembered for this many distinct samples at a time.
SAMPLE_CACHE = 20_000
SAMPLE_KEYS = (
    "sample", "site", "sampled_at", "qc_type", "duplicate_of", "batch", "programme", "matrix",
    "depth", "basis", "fraction", "method",
)  # fmt: skip


@dataclass
class Context:
    """Lookups shared by every row of one file (small: sites, programmes, substances, and the
    parsed forms of repeated cells)."""

    user: object
    laboratory: Organisation
    file_name: str
    today: dt.date
    sites: dict[str, Site]
    programmes: dict[str, int]
    substances: dict[tuple[str, str], object] = field(default_factory=dict)
    samples: dict[tuple, object] = field(default_factory=dict)
    amounts: dict[object, object] = field(default_factory=dict)
    cas_valid: dict[str, bool] = field(default_factory=dict)

    def substance(self, name: str, cas: str):
        key = (name.casefold(), cas)
        if key not in self.substances:
            found = None
            if cas:
                normal = normalise_cas(cas)
                result = resolve(user=self.user, query=normal or cas)
                found = result.substances[0] if result.status == "matched" else None
            if found is None and name:
                result = resolve(user=self.user, query=name)
                found = result.substances[0] if result.status == "matched" else None
            self.substances[key] = found
        return self.substances[key]

    def amount(self, raw) -> float:
        """``parse_amount`` remembered per cell value (limits and units repeat a lot)."""
        hit = self.amounts.get(raw, MISSING)
        if hit is MISSING:
            try:
                hit = parse_amount(raw if isinstance(raw, int | float) else _text(raw))
            except AmountError as exc:
                hit = exc
            if len(self.amounts) < 100_000:
                self.amounts[raw] = hit
        if isinstance(hit, AmountError):
            raise hit
        return hit


def _value(ctx, raw, lod, loq) -> tuple[str, float | None, float | None, float | None]:
    """(detection, value, lod, loq) from a cell: a number, ND/未检出, <x, or NA."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return Detection.DETECTED, ctx.amount(raw), lod, loq
    text = _text(raw)
    folded = text.casefold().replace(" ", "")
    if folded in NA_WORDS:
        return Detection.NOT_ANALYSED, None, lod, loq
    if folded in ND_WORDS:
        if lod is None and loq is None:
            raise AmountError(
                text, "未检出须给出检出限。", "A non-detect needs its detection limit (LOD)."
            )
        return (Detection.BELOW_LOD if lod is not None else Detection.BELOW_LOQ), None, lod, loq
    if folded == "<loq":
        if loq is None:
            raise AmountError(text, "“<LOQ”须给出定量限。", "“<LOQ” needs the LOQ.")
        return Detection.BELOW_LOQ, None, lod, loq
    match = LESS_THAN.match(text)
    if match:
        limit = parse_amount(match.group(1))
        if loq is not None and abs(limit - loq) <= 1e-12 * max(1, loq):
            return Detection.BELOW_LOQ, None, lod, loq
        return Detection.BELOW_LOD, None, lod if lod is not None else limit, loq
    return Detection.DETECTED, ctx.amount(text), lod, loq


def _optional_amount(ctx, raw, errors, where, header) -> float | None:
    if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return ctx.amount(raw)
    except AmountError as exc:
        errors.append(where(header, raw, exc.reason_zh, exc.reason_en))
        return None


def _sample_part(ctx: Context, cells: dict, where, errors: list):
    """The sample columns of a row, parsed once per distinct sample: ``(code, site,
    sampled_at, qc, duplicate_of, batch, programme_id, matrix, depth, basis, fraction,
    method)``, or ``None`` with ``errors`` extended (reported at the sample's first row)."""
    key = tuple(cells.get(k) for k in SAMPLE_KEYS)
    hit = ctx.samples.get(key, MISSING)
    if hit is not MISSING:
        return hit
    before = len(errors)
    site_code = _text(cells.get("site"))
    site = ctx.sites.get(site_code)
    if site is None:
        errors.append(where("site", site_code, "未知的点位编号。", "Unknown site code."))
    sample_code = _text(cells.get("sample"))
    if not sample_code:
        errors.append(where("sample", "", "缺少样品编号。", "The sample code is missing."))
    sampled_at = None
    try:
        sampled_at = _date(cells.get("sampled_at"), ctx.today)
    except OverflowError:
        errors.append(where("sampled_at", cells.get("sampled_at"), "采样时间晚于今天。",
                            "The sampling date is in the future."))  # fmt: skip
    except ValueError:
        errors.append(
            where("sampled_at", cells.get("sampled_at"), "无法识别的日期（应为 2025-05-03）。",
                  "Unrecognised date (write 2025-05-03).")
        )  # fmt: skip
    qc = QC_ALIASES.get(_text(cells.get("qc_type")).casefold())
    if qc is None:
        errors.append(
            where("qc_type", cells.get("qc_type"), "未知的质控类型。", "Unknown QC type.")
        )
    basis = BASIS_ALIASES.get(_text(cells.get("basis")).casefold())
    if basis is None:
        errors.append(
            where("basis", cells.get("basis"), "基准应为湿重或干重。", "Basis must be wet or dry.")
        )
    fraction = FRACTION_ALIASES.get(_text(cells.get("fraction")).casefold())
    if fraction is None:
        errors.append(where("fraction", cells.get("fraction"), "形态应为溶解态或总量。",
                            "Fraction must be dissolved or total."))  # fmt: skip
    programme = _text(cells.get("programme"))
    programme_id = ctx.programmes.get(programme) if programme else None
    if programme and programme_id is None:
        errors.append(where("programme", programme, "未知的监测项目。", "Unknown programme."))
    method = _text(cells.get("method"))
    if not method:
        errors.append(where("method", "", "缺少分析方法。", "The method is missing."))
    depth = _optional_amount(ctx, cells.get("depth"), errors, where, "depth")
    part = None
    if len(errors) == before:
        part = (sample_code, site, sampled_at, qc, _text(cells.get("duplicate_of")),
                _text(cells.get("batch")), programme_id, _text(cells.get("matrix")), depth,
                basis, fraction, method[:60])  # fmt: skip
    if len(ctx.samples) >= SAMPLE_CACHE:
        ctx.samples.clear()
    ctx.samples[key] = part
    return part


def parse_row(
    ctx: Context, cells: dict[str, object], number: int, headers: dict[str, str], errors: list
) -> tuple | None:
    """One staging row from one result, or ``None`` with ``errors`` extended."""
    before = len(errors)

    def where(key, value, zh, en):
        return RowError(ctx.file_name, number, headers.get(key, key), _text(value), zh, en)

    part = _sample_part(ctx, cells, where, errors)
    site = part[1] if part else None
    name, cas = _text(cells.get("substance")), _text(cells.get("cas"))
    substance = None
    if not name and not cas:
        errors.append(
            where("substance", "", "缺少物质名称或 CAS 号。", "The substance is missing.")
        )
    else:
        if cas:
            valid = ctx.cas_valid.get(cas)
            if valid is None:
                valid = ctx.cas_valid[cas] = normalise_cas(cas) is not None
            if not valid:
                errors.append(
                    where("cas", cas, "CAS 号校验位错误或格式错误。", "The CAS RN is not valid.")
                )
        substance = ctx.substance(name, cas)
        if substance is None and len(errors) == before:
            errors.append(
                where("substance", name or cas, "化学物质库中没有该物质，请联系数据管理员。",
                      "Not in the knowledge base; ask the data stewards to add it.")
            )  # fmt: skip
    unit = _text(cells.get("unit"))
    factor = None
    kind = medium_kind(site.medium) if site is not None else None
    if site is not None:
        try:
            factor = concentration_factor(unit, kind)
        except UnitError as exc:
            errors.append(where("unit", unit, exc.reason_zh, exc.reason_en))
    lod = _optional_amount(ctx, cells.get("lod"), errors, where, "lod")
    loq = _optional_amount(ctx, cells.get("loq"), errors, where, "loq")
    recovery = _optional_amount(ctx, cells.get("recovery"), errors, where, "recovery")
    try:
        detection, value, lod, loq = _value(ctx, cells.get("value"), lod, loq)
    except AmountError as exc:
        errors.append(where("value", cells.get("value"), exc.reason_zh, exc.reason_en))
        detection = value = None
    for key, amount in (("value", value), ("lod", lod), ("loq", loq)):
        if amount is not None and amount < 0:
            errors.append(where(key, amount, "数值不能为负。", "A value cannot be negative."))
    if len(errors) > before or part is None:
        return None
    if factor != 1.0:
        value, lod, loq = (None if x is None else x * factor for x in (value, lod, loq))
    if value is not None and value > PLAUSIBILITY_CEILING[kind]:
        errors.append(
            where("value", cells.get("value"), "数值超出该介质的合理上限，请核实单位。",
                  "The value is above what is plausible for this medium; check the unit.")
        )  # fmt: skip
        return None
    flags = []
    if lod is not None and loq is not None and lod > loq:
        flags.append("lod_above_loq")
    if detection == Detection.DETECTED and lod is not None and value < lod:
        flags.append("detected_below_lod")
    if recovery is not None and not 60 <= recovery <= 130:
        flags.append("recovery")
    (
        code,
        site,
        sampled_at,
        qc,
        duplicate_of,
        batch,
        programme_id,
        matrix,
        depth,
        basis,
        fraction,
        method,
    ) = part
    return (
        number, code, site.pk, site.medium, sampled_at, qc, duplicate_of, batch, programme_id,
        matrix, depth, basis, fraction, substance.pk, detection, value, lod, loq, unit[:20],
        method, recovery, ",".join(flags),
    )  # fmt: skip


# --- staging ---------------------------------------------------------------------------


class Staging:
    """A temporary table for the clean rows of one file."""

    name = "monitoring_staging"

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.buffer: list[tuple] = []

    def create(self) -> None:
        kinds = {
            "row_number": "integer", "sample_code": "varchar(60)", "site_id": "bigint",
            "medium": "varchar(30)",
            "sampled_at": "timestamp with time zone" if self.postgres else "datetime",
            "qc_type": "varchar(20)", "duplicate_of": "varchar(60)", "batch": "varchar(60)",
            "programme_id": "bigint", "matrix": "varchar(100)", "depth_m": "double precision",
            "basis": "varchar(5)", "fraction": "varchar(10)", "substance_id": "bigint",
            "detection": "varchar(15)", "value": "double precision", "lod": "double precision",
            "loq": "double precision", "unit_given": "varchar(20)", "method": "varchar(60)",
            "recovery_percent": "double precision", "qa_flags": "varchar(200)",
        }  # fmt: skip
        columns = ", ".join(f"{c} {kinds[c]}" for c in STAGING_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} ({columns})")

    def add(self, row: tuple) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        with connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor
                with raw.copy(
                    f"COPY {self.name} ({', '.join(STAGING_COLUMNS)}) FROM STDIN"
                ) as copy:
                    for row in self.buffer:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(STAGING_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {self.name} ({', '.join(STAGING_COLUMNS)}) VALUES ({marks})",
                    self.buffer,
                )
        self.buffer = []

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")


def _conflicts(file_name: str, laboratory_id: int) -> list[RowError]:
    """Rows that repeat a result of the same file, and samples whose code names another site
    or date in the file or in the database."""
    errors = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(row_number), MAX(row_number), sample_code FROM {Staging.name} "
            "GROUP BY sample_code, substance_id, method HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 200"
        )
        for first, last, code in cursor.fetchall():
            errors.append(
                RowError(file_name, last, "样品编号 / Sample code", code,
                         f"与第 {first} 行重复（同一样品、物质和方法）。",
                         f"Repeats row {first} (same sample, substance and method).")
            )  # fmt: skip
        cursor.execute(
            f"SELECT MIN(row_number), sample_code FROM {Staging.name} GROUP BY sample_code "
            "HAVING COUNT(DISTINCT site_id) > 1 OR COUNT(DISTINCT sampled_at) > 1 LIMIT 200"
        )
        for first, code in cursor.fetchall():
            errors.append(
                RowError(file_name, first, "样品编号 / Sample code", code,
                         "同一样品编号对应了不同的点位或采样时间。",
                         "One sample code names different sites or sampling times.")
            )  # fmt: skip
        cursor.execute(
            f"SELECT MIN(st.row_number), st.sample_code FROM {Staging.name} st "
            "JOIN monitoring_sample s ON s.laboratory_id = %s AND s.code = st.sample_code "
            "WHERE s.site_id <> st.site_id OR s.sampled_at <> st.sampled_at "
            "GROUP BY st.sample_code LIMIT 200",
            [laboratory_id],
        )
        for first, code in cursor.fetchall():
            errors.append(
                RowError(file_name, first, "样品编号 / Sample code", code,
                         "该样品编号已登记为其他点位或采样时间。",
                         "This sample code is already recorded for another site or time.")
            )  # fmt: skip
    return errors


def _move(import_file: ImportFile) -> tuple[int, int]:
    """Insert the new samples, then the results not already present; returns the counts."""
    lab = import_file.laboratory_id
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO monitoring_sample (code, laboratory_id, site_id, programme_id, medium, "
            "matrix, sampled_at, depth_m, basis, fraction, qc_type, batch, duplicate_of, "
            "import_file_id, event_id) "
            f"SELECT sample_code, %s, MIN(site_id), MIN(programme_id), MIN(medium), MIN(matrix), "
            "MIN(sampled_at), MIN(depth_m), MIN(basis), MIN(fraction), MIN(qc_type), MIN(batch), "
            f"MIN(duplicate_of), %s, NULL FROM {Staging.name} st "
            "WHERE NOT EXISTS (SELECT 1 FROM monitoring_sample s "
            "WHERE s.laboratory_id = %s AND s.code = st.sample_code) GROUP BY sample_code",
            [lab, import_file.pk, lab],
        )
        samples = cursor.rowcount
        date_of = (
            "CAST(s.sampled_at AS date)"
            if connection.vendor == "postgresql"
            else "date(s.sampled_at)"
        )
        cursor.execute(
            "INSERT INTO monitoring_result (sample_id, substance_id, site_id, medium, sampled_on, "
            "qc_type, detection, value, lod, loq, unit_given, method, laboratory_id, "
            "recovery_percent, qa_flags, review, import_file_id) "
            f"SELECT s.id, st.substance_id, s.site_id, s.medium, {date_of}, s.qc_type, "
            "st.detection, st.value, st.lod, st.loq, st.unit_given, st.method, %s, "
            "st.recovery_percent, st.qa_flags, 'pending', %s "
            f"FROM {Staging.name} st JOIN monitoring_sample s "
            "ON s.laboratory_id = %s AND s.code = st.sample_code "
            "ON CONFLICT (sample_id, substance_id, laboratory_id, method) DO NOTHING",
            [lab, import_file.pk, lab],
        )
        results = cursor.rowcount
    return samples, results


# --- the import ------------------------------------------------------------------------


def _layout(header: list[str], file_name: str) -> tuple[str, dict[str, int], dict[str, int]]:
    """``("long", positions, {})`` or ``("wide", positions, analyte columns)``."""
    long_names = {n for c in LONG_COLUMNS for n in c.names()}
    norm = ["".join(str(h or "").split()).casefold() for h in header]
    long_only = {
        n for c in LONG_COLUMNS if c.key in ("value", "substance", "cas") for n in c.names()
    }
    if any(h in long_only for h in norm):
        return "long", map_header([str(h or "") for h in header], LONG_COLUMNS, file_name), {}
    fixed_names = {n for c in WIDE_FIXED for n in c.names()}
    fixed = [str(h or "") if n in fixed_names else "" for h, n in zip(header, norm, strict=True)]
    positions = map_header(fixed, WIDE_FIXED, file_name)
    analytes = {
        str(h).strip(): i
        for i, (h, n) in enumerate(zip(header, norm, strict=True))
        if n and n not in fixed_names and n not in long_names
    }
    if not analytes:
        raise ImportRejected(
            [RowError(file_name, 1, "", "", "表头中既没有“测定值”列，也没有物质列。",
                      "The header has neither a value column nor analyte columns.")]
        )  # fmt: skip
    return "wide", positions, analytes


def import_results(
    *,
    actor,
    path: Path,
    file_name: str | None = None,
    laboratory: Organisation | None = None,
    progress: Callable[[int], None] | None = None,
    today: dt.date | None = None,
) -> Outcome:
    """Load a results file for ``laboratory`` (the actor's own by default). Raises
    :class:`ImportRejected` listing every problem (the refusal is also recorded in the
    laboratory's upload history); on success returns the counts."""
    file_name = file_name or path.name
    laboratory = laboratory or getattr(actor, "organisation", None)
    if laboratory is None or laboratory.kind != OrganisationKind.LABORATORY:
        raise ImportRejected(
            [
                RowError(
                    file_name,
                    0,
                    "",
                    "",
                    "请指定上传结果的实验室。",
                    "Say which laboratory the results are from.",
                )
            ]
        )
    probe = ImportFile(laboratory=laboratory)
    policy.require(actor, "monitoring.import_result", probe)
    size = path.stat().st_size
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    sha = digest.hexdigest()
    previous = ImportFile.objects.filter(
        laboratory=laboratory, sha256=sha, status=ImportStatus.LOADED
    ).first()
    if previous is not None:
        record = ImportFile.objects.create(
            laboratory=laboratory, uploaded_by=actor, file_name=file_name[:300], sha256=sha,
            layout=previous.layout, status=ImportStatus.DUPLICATE, rows=previous.rows,
            duplicate_count=previous.rows,
        )  # fmt: skip
        return Outcome(record, rows=previous.rows, duplicates=previous.rows)
    try:
        if size > MAX_BYTES:
            raise ImportRejected(
                [RowError(file_name, 0, "", f"{size / 1e6:.0f} MB",
                          f"文件超过 {MAX_BYTES // 1048576} MB，请拆分后上传。",
                          f"The file is larger than {MAX_BYTES // 1048576} MB; split it.")]
            )  # fmt: skip
        return _load(
            actor, path, file_name, laboratory, sha, progress, today or timezone.localdate()
        )
    except ImportRejected as rejected:
        ImportFile.objects.create(
            laboratory=laboratory, uploaded_by=actor, file_name=file_name[:300], sha256=sha,
            layout="", status=ImportStatus.REJECTED,
            errors=[e.as_dict() for e in rejected.errors[:200]],
            error_count=len(rejected.errors),
        )  # fmt: skip
        raise


def _load(actor, path, file_name, laboratory, sha, progress, today) -> Outcome:
    rows = rows_of(path, file_name)
    try:
        header = [str(h or "").strip() for h in next(rows)]
    except StopIteration:
        raise ImportRejected(
            [RowError(file_name, 0, "", "", "文件为空。", "The file is empty.")]
        ) from None
    ctx = Context(
        user=actor,
        laboratory=laboratory,
        file_name=file_name,
        today=today,
        sites={s.code: s for s in Site.objects.all()},
        programmes=dict(Programme.objects.values_list("code", "pk")),
    )
    if microplastics.is_microplastics(header):
        record, created = microplastics.load(
            ctx, rows, header,
            {"laboratory": laboratory, "uploaded_by": actor, "file_name": file_name[:300],
             "status": ImportStatus.LOADED},
            sha,
        )  # fmt: skip
        return Outcome(record, rows=record.rows, created=created, duplicates=record.rows - created)
    layout, positions, analytes = _layout(header, file_name)
    columns = LONG_COLUMNS if layout == "long" else WIDE_FIXED
    headers = {c.key: c.header for c in columns}
    errors: list[RowError] = []
    count = 0
    with transaction.atomic():
        staging = Staging()
        staging.create()
        try:
            for number, cells in enumerate(rows, start=2):
                if not any(_text(c) for c in cells):
                    continue
                fixed = {k: (cells[i] if i < len(cells) else None) for k, i in positions.items()}
                items = [fixed] if layout == "long" else [
                    {**fixed, "substance": name, "value": cells[i] if i < len(cells) else None}
                    for name, i in analytes.items()
                    if i < len(cells) and _text(cells[i])
                ]  # fmt: skip
                for item in items:
                    count += 1
                    row = parse_row(ctx, item, number, headers, errors)
                    if row is not None and not errors:
                        staging.add(row)
                if len(errors) >= MAX_ERRORS:
                    break
                if progress and count % 50_000 == 0:
                    progress(count)
            if count == 0:
                errors.append(
                    RowError(file_name, 0, "", "", "文件没有数据行。", "The file has no data rows.")
                )
            if errors:
                raise ImportRejected(errors)
            staging.flush()
            conflicts = _conflicts(file_name, laboratory.pk)
            if conflicts:
                raise ImportRejected(conflicts)
            record = ImportFile.objects.create(
                laboratory=laboratory, uploaded_by=actor, file_name=file_name[:300], sha256=sha,
                layout=layout, status=ImportStatus.LOADED, rows=count,
            )  # fmt: skip
            samples, created = _move(record)
            counts_add_file(record)
            record.created_count, record.duplicate_count = created, count - created
            record.save(update_fields=["created_count", "duplicate_count"])
        finally:
            staging.drop()
    from .qa import qa_flag_batches

    qa_flag_batches(import_file=record)
    return Outcome(record, rows=count, created=created, duplicates=count - created,
                   samples_created=samples)  # fmt: skip
