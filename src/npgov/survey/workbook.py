"""The survey workbook: generated per campaign (and per report, prefilled) with bilingual
headers, coded dropdowns and a version stamp; read back with every problem reported by sheet,
row, column and value before anything is stored."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from npgov.core.imports import Column, ImportRejected, RowError, map_header, xlsx_merged_ranges
from npgov.core.text import spreadsheet_safe

from . import selectors
from .choices import Activity, ProcessFunction, TransferRoute, UseCategory
from .lines import DETAILED_FIELDS, LineInput
from .models import Campaign, SurveyReport

LINES_SHEET = "物质信息 Lines"
META_SHEET = "meta"
CODES_SHEET = "代码 Codes"
SCOPE_SHEET = "调查物质 Scope"
README_SHEET = "填表说明 Guide"
UNITS = ("t", "吨", "kg", "千克", "t/a", "kg/a")
MAX_LINES = 50_000

COLUMNS = (
    Column("name", "物质名称", "Substance name", aliases=("名称", "化学物质名称")),
    Column("cas", "CAS号", "CAS RN", aliases=("CAS", "CAS RN", "CAS 号")),
    Column("activity", "活动类型", "Activity", required=True),
    Column("quantity", "数量", "Quantity", required=True, aliases=("年量",)),
    Column("unit", "单位", "Unit", required=True),
    Column("use_category", "用途类别", "Use category"),
    Column("function", "工艺功能", "Function in process"),
    Column("use_description", "用途说明", "Use as described"),
    Column("release_air", "排放至大气", "Release to air"),
    Column("release_water", "排放至水体", "Release to water"),
    Column("release_soil", "排放至土壤", "Release to soil"),
    Column("waste", "进入废物", "To waste"),
    Column("transfer", "转移量", "Transferred off site"),
    Column("transfer_route", "转移去向", "Transfer route"),
    Column("treatment", "处理方式", "Treatment"),
    Column("note", "备注", "Note"),
)


def columns_for(campaign: Campaign) -> tuple[Column, ...]:
    if campaign.is_detailed:
        return COLUMNS
    return tuple(c for c in COLUMNS if c.key not in DETAILED_FIELDS)


def template(campaign: Campaign, report: SurveyReport | None = None) -> bytes:
    """The campaign's workbook; for a report, its current lines (or a prefill) are written in."""
    from django.utils import translation

    from .services import prefill

    columns = columns_for(campaign)
    workbook = Workbook()
    guide = workbook.active
    guide.title = README_SHEET
    _write_guide(guide, campaign, report)
    sheet = workbook.create_sheet(LINES_SHEET)
    sheet.append([c.header for c in columns])
    sheet.freeze_panes = "A2"
    # CAS numbers are text: Excel would read 75-09-2 as a date.
    cas_letter = sheet.cell(row=1, column=2).column_letter
    sheet.column_dimensions[cas_letter].number_format = "@"
    header_fill = PatternFill("solid", fgColor="DDE7F3")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.header) + 2)

    codes = workbook.create_sheet(CODES_SHEET)
    with translation.override("zh-hans"):
        lists = {
            "activity": [str(label) for _v, label in Activity.choices],
            "unit": list(UNITS),
            "use_category": [str(label) for _v, label in UseCategory.choices],
            "function": [str(label) for _v, label in ProcessFunction.choices],
            "transfer_route": [str(label) for _v, label in TransferRoute.choices],
        }
        if report is not None:
            lines = (
                [LineInput.from_line(line) for line in report.lines.order_by("position")]
                if report.lines.exists()
                else prefill(report)
            )
        else:
            lines = []
    for col, (key, values) in enumerate(lists.items(), start=1):
        codes.cell(row=1, column=col, value=key)
        for row, value in enumerate(values, start=2):
            codes.cell(row=row, column=col, value=value)
        letter = codes.cell(row=1, column=col).column_letter
        position = next((i for i, c in enumerate(columns, start=1) if c.key == key), None)
        if position is None:
            continue
        target = sheet.cell(row=1, column=position).column_letter
        validation = DataValidation(
            type="list",
            formula1=f"'{CODES_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=key != "unit",
            errorTitle="npgov",
            error="请从下拉列表中选择 / Choose from the list",
        )
        validation.add(f"{target}2:{target}{MAX_LINES + 1}")
        sheet.add_data_validation(validation)
    codes.sheet_state = "hidden"

    for line in lines:
        sheet.append([spreadsheet_safe(_cell_value(line, c.key, lists)) for c in columns])

    scope = workbook.create_sheet(SCOPE_SHEET)
    scope.append(["物质名称 / Substance name", "CAS号 / CAS RN", "平台编号 / Platform ID"])
    for substance in selectors.scope_substances(campaign).prefetch_related("identifiers"):
        cas = next((i.value for i in substance.identifiers.all() if i.kind == "cas"), "")
        scope.append([substance.name_zh, cas, substance.platform_id])
    scope.column_dimensions["A"].width = 40

    meta = workbook.create_sheet(META_SHEET)
    meta.append(["template_version", campaign.template_version])
    meta.append(["campaign", campaign.code])
    meta.append(["enterprise", report.enterprise.code if report else ""])
    meta.append(["report_version", report.version if report else ""])
    meta.append(["generated", timezone.now().isoformat(timespec="seconds")])
    meta.sheet_state = "hidden"
    workbook.active = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(line: LineInput, key: str, lists: dict) -> object:
    value = getattr(line, key)
    if key in lists and value:
        for label in lists[key]:
            if key == "activity" and Activity(value).label == label:
                return label
            if label.split()[0] == value:
                return label
    return value


def _write_guide(sheet, campaign: Campaign, report: SurveyReport | None) -> None:
    rows = [
        (campaign.title_zh, campaign.title_en),
        (f"调查年度：{campaign.year}", f"Survey year: {campaign.year}"),
        (
            f"截止日期：{campaign.deadline.isoformat()}",
            f"Deadline: {campaign.deadline.isoformat()}",
        ),
        (
            f"模板版本：{campaign.template_version}",
            f"Template version: {campaign.template_version}",
        ),
        ("", ""),
        (
            f"在“{LINES_SHEET}”工作表中每行填写一种物质的一种活动（生产、加工使用、进口、出口）。",
            f"In the sheet “{LINES_SHEET}”, one row per substance and activity.",
        ),
        (
            "数量单位可为 t、吨、kg、千克、t/a、kg/a；同一行的排放与转移量使用同一单位。",
            "Units: t, 吨, kg, 千克, t/a or kg/a; releases on a row use the row's unit.",
        ),
        (
            "请填写数值而非公式，不要合并单元格，不要重命名工作表。",
            "Enter values, not formulas; do not merge cells or rename sheets.",
        ),
        (
            f"调查范围内的物质见“{SCOPE_SHEET}”工作表；库中没有的物质也请如实填写。",
            f"The substances in scope are in “{SCOPE_SHEET}”; report others too.",
        ),
    ]
    if report is not None:
        rows.insert(1, (f"企业：{report.enterprise.name_zh}（{report.enterprise.code}）", ""))
    for zh, en in rows:
        sheet.append([zh, en])
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 70
    sheet["A1"].font = Font(bold=True, size=13)


@dataclass
class ReadLines:
    lines: list[LineInput]
    rows: list[int]  # the sheet row of each line
    report_version: int | None = None  # the report's version when its workbook was made


def read(
    content: bytes, file_name: str, *, campaign: Campaign, report: SurveyReport | None
) -> ReadLines:
    """The lines of an uploaded workbook; raises :class:`ImportRejected` listing every
    problem of the file's structure or of its cells' form (values are checked afterwards)."""

    def fail(row, field, value, zh, en):
        raise ImportRejected([RowError(file_name, row, field, str(value), zh, en)])

    if not file_name.lower().endswith(".xlsx"):
        fail(
            0,
            "",
            file_name,
            "请上传本次调查生成的 xlsx 模板。",
            "Upload the campaign's xlsx workbook.",
        )
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        fail(
            0,
            "",
            "",
            "无法读取该 xlsx 文件。",
            f"The xlsx file cannot be read ({type(exc).__name__}).",
        )
    names = book.sheetnames
    if META_SHEET not in names:
        fail(
            0,
            META_SHEET,
            "",
            "文件不是本平台生成的调查模板（缺少版本信息）；请下载本次调查的模板。",
            "The file is not a workbook generated by the platform (no version stamp); "
            "download the campaign's template.",
        )
    meta = {
        str(row[0]): ("" if row[1] is None else str(row[1]))
        for row in book[META_SHEET].iter_rows(values_only=True)
        if row and row[0]
    }
    version = meta.get("template_version", "")
    if version != campaign.template_version:
        fail(
            0,
            "template_version",
            version,
            f"模板版本“{version}”与本次调查当前版本“{campaign.template_version}”不符；"
            "请下载最新模板并把数据复制过去。",
            f"The template version “{version}” is not the campaign's current version "
            f"“{campaign.template_version}”; download the current template and copy the data.",
        )
    if report is not None and meta.get("enterprise") not in ("", report.enterprise.code):
        fail(
            0,
            "enterprise",
            meta.get("enterprise"),
            "该模板是为另一家企业生成的。",
            "This workbook was generated for another enterprise.",
        )
    if LINES_SHEET not in names:
        fail(
            0,
            LINES_SHEET,
            "、".join(names),
            f"找不到工作表“{LINES_SHEET}”（现有：{'、'.join(names)}）；请勿重命名工作表。",
            f"The sheet “{LINES_SHEET}” is missing (found: {', '.join(names)}); do not rename "
            "sheets.",
        )
    try:
        merged = xlsx_merged_ranges(io.BytesIO(content), LINES_SHEET)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        fail(
            0,
            "",
            "",
            "无法读取该 xlsx 文件的结构。",
            "The structure of the xlsx file cannot be read.",
        )
    errors = [
        RowError(
            file_name,
            int(re.search(r"\d+", ref).group()),
            ref,
            ref,
            f"单元格 {ref} 被合并；请取消合并，每格填写一个值。",
            f"Cells {ref} are merged; unmerge them and give each cell its own value.",
        )
        for ref in merged
    ]
    if errors:
        raise ImportRejected(errors)
    sheet = book[LINES_SHEET]
    rows = sheet.iter_rows()
    try:
        header = [("" if c.value is None else str(c.value)) for c in next(rows)]
    except StopIteration:
        fail(1, "", "", "工作表为空。", "The sheet is empty.")
    columns = columns_for(campaign)
    try:
        positions = map_header(header, columns, file_name)
    except ImportRejected as rejected:
        raise ImportRejected(
            [
                RowError(
                    e.file,
                    e.row,
                    e.field,
                    e.value,
                    e.reason_zh + "（请使用本次调查的模板，不要修改表头。）",
                    e.reason_en + " (Use the campaign's template; do not change the headers.)",
                )
                for e in rejected.errors
            ]
        ) from None
    headers = {c.key: c.header for c in columns}
    lines, numbers = [], []
    for number, cells in enumerate(rows, start=2):
        values = {}
        for key, pos in positions.items():
            cell = cells[pos] if pos < len(cells) else None
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(value, str) and value.startswith("=")
            ):
                errors.append(
                    RowError(
                        file_name,
                        number,
                        headers[key],
                        str(value),
                        "单元格中是公式；请填写数值（可复制后“选择性粘贴-数值”）。",
                        "The cell holds a formula; enter the value (paste as values).",
                    )
                )
                value = None
            values[key] = "" if value is None else value
        line = LineInput(**{k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()})
        if line.is_removed():
            continue
        lines.append(line)
        numbers.append(number)
        if len(lines) > MAX_LINES:
            fail(number, "", "", f"超过 {MAX_LINES} 行。", f"More than {MAX_LINES} lines.")
    book.close()
    if errors:
        raise ImportRejected(errors[:1000])
    stamped = meta.get("report_version", "")
    return ReadLines(lines, numbers, int(stamped) if stamped.isdigit() else None)
