"""The results upload template: an xlsx in the long format with bilingual headers, a help
comment on each header, dropdowns for the coded columns (sites, QC types, basis, fraction,
units, programmes) from a hidden sheet, and two example rows that the importer accepts."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from npgov.core.text import spreadsheet_safe

from .choices import STORED_UNIT_LABEL, medium_kind
from .importers import LONG_COLUMNS

LISTS_SHEET = "代码 Codes"
ROWS = 20_000
HELP = {
    "sample": "实验室内唯一的样品编号 / the laboratory's own sample code",
    "site": "平台登记的点位编号 / a site code registered on the platform",
    "sampled_at": "2025-05-03 或 2025-05-03 10:30（北京时间）/ local time",
    "qc_type": "样品、全程序空白、运输空白或平行样 / regular, blank or duplicate",
    "duplicate_of": "平行样所对应的样品编号 / the sample a duplicate repeats",
    "method": "HJ 标准号、EPA 方法或实验室 SOP 编号 / HJ standard, EPA method or lab SOP",
    "substance": "物质名称或其同义名；与 CAS 号至少填一项 / name or synonym, or give the CAS RN",
    "value": "数值、ND/未检出（须填检出限）或 <0.5 / a number, ND (with the LOD) or <0.5",
    "unit": "须与点位介质相符：水 ng/L、μg/L，固体 ng/g、μg/kg，气 ng/m³ / by medium",
    "recovery": "加标回收率（%），60–130 之外将被标记 / outside 60–130 is flagged",
}
QC_CHOICES = ["样品", "全程序空白", "运输空白", "平行样"]
BASIS_CHOICES = ["湿重", "干重"]
FRACTION_CHOICES = ["溶解态", "总量"]
UNIT_CHOICES = ["ng/L", "μg/L", "mg/L", "ng/g", "μg/kg", "mg/kg", "ng/m³"]


def results_template(*, sites: list[tuple[str, str]], programmes: list[str]) -> bytes:
    """The template for the given sites (code, medium) and programme codes; the examples
    name a water site where there is one, with a unit its medium allows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "结果 Results"
    sheet.append([c.header for c in LONG_COLUMNS])
    for index, column in enumerate(LONG_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=column.required)
        if column.key in HELP:
            cell.comment = Comment(HELP[column.key], "npgov")
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.header) + 2)
    if sites:
        site, medium = next(((c, m) for c, m in sites if medium_kind(m) == "water"), sites[0])
        unit = STORED_UNIT_LABEL[medium_kind(medium)]
        examples = [
            {"sample": "S-0001", "site": site, "sampled_at": "2025-05-03", "qc_type": "样品",
             "batch": "B1", "method": "HJ 1333-2023", "substance": "全氟辛酸", "cas": "335-67-1",
             "value": "12.5", "unit": unit, "lod": "0.5", "loq": "1.5", "recovery": "95"},
            {"sample": "S-0001", "site": site, "sampled_at": "2025-05-03", "qc_type": "样品",
             "batch": "B1", "method": "HJ 1333-2023", "substance": "全氟辛基磺酸",
             "cas": "1763-23-1", "value": "ND", "unit": unit, "lod": "0.4", "loq": "1.2"},
        ]  # fmt: skip
        for example in examples:
            sheet.append([spreadsheet_safe(example.get(c.key, "")) for c in LONG_COLUMNS])
    sheet.freeze_panes = "A2"

    lists = book.create_sheet(LISTS_SHEET)
    coded = {
        "site": [code for code, _m in sites], "qc_type": QC_CHOICES, "basis": BASIS_CHOICES,
        "fraction": FRACTION_CHOICES, "unit": UNIT_CHOICES, "programme": programmes,
    }  # fmt: skip
    position = {c.key: i for i, c in enumerate(LONG_COLUMNS, start=1)}
    for col, (key, values) in enumerate(coded.items(), start=1):
        lists.cell(row=1, column=col, value=key)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=col, value=spreadsheet_safe(value))
        if not values:
            continue
        letter = lists.cell(row=1, column=col).column_letter
        target = sheet.cell(row=1, column=position[key]).column_letter
        validation = DataValidation(
            type="list", formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True, showErrorMessage=key != "unit", errorTitle="npgov",
            error="请从下拉列表中选择 / Choose from the list",
        )  # fmt: skip
        validation.add(f"{target}2:{target}{ROWS + 1}")
        sheet.add_data_validation(validation)
    lists.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
