"""Streaming import of monitoring results: long format (one result a row) or wide format (one
sample a row, analytes as columns), CSV in UTF-8, UTF-8 with BOM or GB18030, or xlsx.

The file streams by in batches of rows, each checked as a Polars frame (see :mod:`.parsing`),
and the good rows are written to a staging table (:mod:`.staging`); nothing but one batch and
small lookup caches is held in memory. Only when the whole file is clean are samples and
results moved into place, in the same transaction: a refused file changes nothing. A file
loaded before (same content) and rows already present (same sample, substance, laboratory
and method) are recognised and not loaded twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone

from npgov.core import policy
from npgov.core.imports import Column, ImportRejected, RowError, map_header
from npgov.core.models import Organisation, OrganisationKind

from . import microplastics
from .choices import ImportStatus
from .counts import counts_add_file
from .models import ImportFile, Programme, Site
from .parsing import Context, Problems, check
from .reading import read_frames, rows_of
from .staging import Direct, Staging, conflicts, move, repeats_of_loaded

MAX_ERRORS = 1000
MAX_BYTES = 500 * 1024 * 1024
#: Rows of the file checked together as one Polars frame.
BATCH_ROWS = 50_000

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
    if size > MAX_BYTES:  # refused before it is read at all
        error = RowError(
            file_name,
            0,
            "",
            f"{size / 1e6:.0f} MB",
            f"文件超过 {MAX_BYTES // 1048576} MB，请拆分后上传。",
            f"The file is larger than {MAX_BYTES // 1048576} MB; split it.",
        )
        ImportFile.objects.create(
            laboratory=laboratory,
            uploaded_by=actor,
            file_name=file_name[:300],
            sha256="",
            layout="",
            status=ImportStatus.REJECTED,
            errors=[error.as_dict()],
            error_count=1,
        )
        raise ImportRejected([error])
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


def _results(frames, layout: str, positions: dict, analytes: dict) -> Iterator[pl.DataFrame]:
    """Result rows from frames of file rows: blank rows left out, columns named by key, and
    a wide file turned into one row per analyte cell that is not blank."""
    for frame in frames:
        width = len(frame.columns) - 1
        blank = pl.all_horizontal(
            pl.col(f"c{n}").str.strip_chars().fill_null("") == "" for n in range(width)
        )
        frame = frame.filter(~blank)
        fixed = [pl.col(f"c{i}").alias(k) for k, i in positions.items()]
        if layout == "long":
            yield frame.select("row", *fixed)
            continue
        yield (
            frame.select("row", *fixed, *(pl.col(f"c{i}").alias(n) for n, i in analytes.items()))
            .unpivot(index=["row", *positions], variable_name="substance", value_name="value")
            .filter(pl.col("value").str.strip_chars().fill_null("") != "")
            .sort("row", maintain_order=True)
        )  # fmt: skip


def _load(actor, path, file_name, laboratory, sha, progress, today) -> Outcome:
    header, frames = read_frames(path, file_name, BATCH_ROWS)
    ctx = Context(
        user=actor,
        laboratory=laboratory,
        file_name=file_name,
        today=today,
        sites={s.code: s for s in Site.objects.all()},
        programmes=dict(Programme.objects.values_list("code", "pk")),
    )
    if microplastics.is_microplastics(header):
        rows = rows_of(path, file_name)
        next(rows)
        record, created = microplastics.load(
            ctx, rows, header,
            {"laboratory": laboratory, "uploaded_by": actor, "file_name": file_name[:300],
             "status": ImportStatus.LOADED},
            sha,
        )  # fmt: skip
        return Outcome(record, rows=record.rows, created=created, duplicates=record.rows - created)
    layout, positions, analytes = _layout(header, file_name)
    columns = LONG_COLUMNS if layout == "long" else WIDE_FIXED
    problems = Problems(ctx, {c.key: c.header for c in columns})
    count = 0
    with transaction.atomic():
        # Written first so that directly loaded rows can name it; a refusal rolls it back.
        record = ImportFile.objects.create(
            laboratory=laboratory, uploaded_by=actor, file_name=file_name[:300], sha256=sha,
            layout=layout, status=ImportStatus.LOADED,
        )  # fmt: skip
        staging = Staging()
        staging.create()
        direct = Direct(record, staging, problems) if staging.postgres else None
        try:
            for frame in _results(frames, layout, positions, analytes):
                count += frame.height
                good = check(ctx, frame, problems.headers, problems)
                errors = problems.errors(MAX_ERRORS)
                if not errors:
                    (direct or staging).write(good)
                elif len(errors) >= MAX_ERRORS:
                    break
                if progress and frame.height:
                    progress(int(frame["row"].max()))
            errors = problems.errors(MAX_ERRORS)
            if count == 0:
                errors.append(
                    RowError(file_name, 0, "", "", "文件没有数据行。", "The file has no data rows.")
                )
            if errors:
                raise ImportRejected(errors)
            found = conflicts(file_name, laboratory.pk)
            if direct is not None:
                found += repeats_of_loaded(file_name, record)
            if found:
                raise ImportRejected(found)
            samples, created = move(record)
            if direct is not None:
                samples, created = samples + direct.samples, created + direct.results
            counts_add_file(record)
            record.rows, record.created_count, record.duplicate_count = (
                count,
                created,
                count - created,
            )
            record.save(update_fields=["rows", "created_count", "duplicate_count"])
        finally:
            staging.drop()
    from .qa import qa_flag_batches

    qa_flag_batches(import_file=record)
    return Outcome(record, rows=count, created=created, duplicates=count - created,
                   samples_created=samples)  # fmt: skip
