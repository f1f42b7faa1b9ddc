"""Exports of a campaign's data, scoped by the policy: the analysts' layout (one row per line,
every field) and a layout aligned with the national survey system (one row per enterprise and
substance, activities side by side, accepted reports only). Text that a spreadsheet would
evaluate is neutralised."""

from __future__ import annotations

import csv
import io
from collections import OrderedDict

from openpyxl import Workbook

from npgov.core import policy
from npgov.core.text import spreadsheet_safe

from .choices import ReportState
from .models import Campaign, ReportLine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ANALYST_COLUMNS = (
    ("统一社会信用代码", "USCC"),
    ("企业名称", "Enterprise"),
    ("行政区划代码", "District code"),
    ("行政区", "District"),
    ("行业代码", "Industry code"),
    ("报告状态", "Report state"),
    ("行号", "Line"),
    ("平台物质编号", "Platform ID"),
    ("物质名称", "Substance"),
    ("CAS号", "CAS RN"),
    ("解析", "Resolution"),
    ("活动类型", "Activity"),
    ("数量(t/a)", "Quantity (t/a)"),
    ("填报数量", "Quantity as reported"),
    ("用途类别", "Use category"),
    ("工艺功能", "Function"),
    ("排放至大气(t/a)", "Air (t/a)"),
    ("排放至水体(t/a)", "Water (t/a)"),
    ("排放至土壤(t/a)", "Soil (t/a)"),
    ("进入废物(t/a)", "Waste (t/a)"),
    ("转移量(t/a)", "Transfer (t/a)"),
    ("转移去向", "Transfer route"),
    ("处理方式", "Treatment"),
    ("备注", "Note"),
)

#: Columns of the national system's chemical-substance sheet (per enterprise and substance).
NATIONAL_COLUMNS = (
    "统一社会信用代码",
    "单位名称",
    "行政区划代码",
    "行业代码",
    "调查年度",
    "化学物质名称",
    "CAS号",
    "年生产量(吨)",
    "年加工使用量(吨)",
    "年进口量(吨)",
    "年出口量(吨)",
    "用途类别",
    "向大气排放量(吨)",
    "向水体排放量(吨)",
    "向土壤排放量(吨)",
    "进入废物量(吨)",
    "转移量(吨)",
)


def _lines(user, campaign: Campaign, accepted_only: bool):
    lines = policy.scope(
        user,
        "survey.export_surveyreport",
        ReportLine.objects.filter(report__campaign=campaign),
    )
    if accepted_only:
        lines = lines.filter(report__state=ReportState.ACCEPTED)
    return lines.select_related(
        "substance",
        "report__enterprise__district",
        "report__enterprise__enterprise_profile__industry",
    ).order_by("report__enterprise__code", "position")


def _industry(enterprise) -> str:
    profile = getattr(enterprise, "enterprise_profile", None)
    return profile.industry.code if profile and profile.industry else enterprise.industry_code


def analyst_rows(user, campaign: Campaign):
    for line in _lines(user, campaign, accepted_only=False).iterator(chunk_size=2000):
        enterprise = line.report.enterprise
        yield [
            enterprise.code,
            enterprise.name_zh,
            enterprise.district.code if enterprise.district else "",
            enterprise.district.name_zh if enterprise.district else "",
            _industry(enterprise),
            line.report.get_state_display(),
            line.position,
            line.substance.platform_id if line.substance else "",
            line.name_given,
            line.cas_given,
            line.get_resolution_display(),
            line.get_activity_display(),
            line.quantity_t,
            line.quantity_given,
            line.use_category,
            line.function,
            line.release_air_t,
            line.release_water_t,
            line.release_soil_t,
            line.waste_t,
            line.transfer_t,
            line.get_transfer_route_display() if line.transfer_route else "",
            line.treatment,
            line.note,
        ]


def national_rows(user, campaign: Campaign):
    grouped: OrderedDict[tuple, dict] = OrderedDict()
    for line in _lines(user, campaign, accepted_only=True).iterator(chunk_size=2000):
        enterprise = line.report.enterprise
        key = (enterprise.pk, line.substance_id or line.name_given)
        row = grouped.get(key)
        if row is None:
            row = grouped[key] = {
                "head": [
                    enterprise.code,
                    enterprise.name_zh,
                    enterprise.district.code if enterprise.district else "",
                    _industry(enterprise),
                    campaign.year,
                    line.substance.name_zh if line.substance else line.name_given,
                    line.cas_given,
                ],
                "production": 0.0,
                "processing_use": 0.0,
                "import": 0.0,
                "export": 0.0,
                "uses": [],
                "releases": [0.0, 0.0, 0.0, 0.0, 0.0],
            }
        row[line.activity] += line.quantity_t
        if line.use_category and line.use_category not in row["uses"]:
            row["uses"].append(line.use_category)
        for i, value in enumerate(
            (
                line.release_air_t,
                line.release_water_t,
                line.release_soil_t,
                line.waste_t,
                line.transfer_t,
            )
        ):
            row["releases"][i] += value or 0.0
    for row in grouped.values():
        yield [
            *row["head"],
            row["production"],
            row["processing_use"],
            row["import"],
            row["export"],
            ";".join(row["uses"]),
            *row["releases"],
        ]


def export(*, user, campaign: Campaign, fmt: str, layout: str) -> tuple[bytes, str]:
    """The campaign's lines the user may export, as xlsx or CSV (UTF-8 with BOM)."""
    policy.require(user, "survey.export_surveyreport")
    if layout == "national":
        header, rows = list(NATIONAL_COLUMNS), national_rows(user, campaign)
    else:
        header = [f"{zh} / {en}" for zh, en in ANALYST_COLUMNS]
        rows = analyst_rows(user, campaign)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else spreadsheet_safe(v) for v in row])
        return buffer.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("化学物质信息" if layout == "national" else "lines")
    sheet.append(header)
    for row in rows:
        sheet.append([spreadsheet_safe(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), XLSX
