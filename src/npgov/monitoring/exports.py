"""Export of a filtered set of monitoring results as CSV (streamed) or xlsx, scoped by the
policy; text a spreadsheet would evaluate is neutralised."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook

from npgov.core import policy
from npgov.core.text import spreadsheet_safe

from .models import Result

HEADER = [
    "采样日期 / Sampled on", "点位编号 / Site", "点位名称 / Site name", "区 / District",
    "介质 / Medium", "样品编号 / Sample", "质控类型 / QC type", "平台物质编号 / Platform ID",
    "物质名称 / Substance", "检出状态 / Detection", "测定值 / Value", "检出限 / LOD",
    "定量限 / LOQ", "单位 / Unit", "分析方法 / Method", "实验室 / Laboratory",
    "回收率(%) / Recovery (%)", "质控标记 / QA flags", "审核 / Review",
]  # fmt: skip
FILTERS = {
    "substance": "substance__platform_id",
    "medium": "medium",
    "site": "site__code",
    "district": "site__district__code",
    "year": "sampled_on__year",
    "programme": "sample__programme__code",
}


def filtered(*, user, params) -> object:
    qs = policy.scope(user, "monitoring.export_result", Result.objects.all())
    for key, lookup in FILTERS.items():
        value = (params.get(key) or "").strip()
        if value:
            qs = qs.filter(**{lookup: value})
    return qs.select_related("site__district", "sample", "substance", "laboratory").order_by(
        "sampled_on", "site__code", "pk"
    )


def rows(qs) -> Iterator[list]:
    for r in qs.iterator(chunk_size=5000):
        yield [
            r.sampled_on.isoformat(), r.site.code, r.site.name_zh, r.site.district.name_zh,
            r.get_medium_display(), r.sample.code, r.get_qc_type_display(),
            r.substance.platform_id, r.substance.name_zh, r.get_detection_display(), r.value,
            r.lod, r.loq, {"water": "ng/L", "solid": "ng/g"}.get(r.site.kind, "ng/m³"),
            r.method, r.laboratory.name_zh, r.recovery_percent, r.qa_flags, r.get_review_display(),
        ]  # fmt: skip


def csv_chunks(qs) -> Iterator[str]:
    """CSV text in pieces (UTF-8 with BOM for Excel), for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(HEADER)
    for n, row in enumerate(rows(qs), start=1):
        writer.writerow(["" if v is None else spreadsheet_safe(v) for v in row])
        if n % 2000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(qs) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    sheet.append(HEADER)
    for row in rows(qs):
        sheet.append([spreadsheet_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
