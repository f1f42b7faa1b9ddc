"""A screening run as an xlsx workbook: the ranking, the PNECs used and the parameters."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from npgov.core.text import spreadsheet_safe

from .models import ScreeningRun
from .pnecs import UNITS

RANKING = (
    ("compartment", "环境介质 / Compartment"), ("unit", "单位 / Unit"),
    ("position", "排序 / Position"), ("category", "行动类别 / Action category"),
    ("rank_in_category", "类别内排序 / Rank in category"), ("name", "物质 / Substance"),
    ("final_score", "风险得分 / Final score"), ("eoe", "超标程度 EoE"),
    ("eoe_score", "EoE 得分 / EoE score"), ("foe", "超标频率 FoE"),
    ("n_sites", "点位数 / Sites"), ("n_sites_exceeding", "超标点位数 / Sites above PNEC"),
    ("mec95", "MEC95"), ("mec_site_max", "MEC 点位最大值 / MEC site max"),
    ("pnec", "PNEC"), ("provisional", "临时 PNEC / Provisional PNEC"),
    ("loq_exceedance", "LOQ/PNEC"),
)  # fmt: skip
PNECS = (
    ("name", "物质 / Substance"), ("compartment", "环境介质 / Compartment"),
    ("pnec", "PNEC"), ("unit", "单位 / Unit"), ("rule", "规则 / Rule"),
    ("factor", "评估因子 / Assessment factor"), ("basis", "依据 / Basis"),
    ("choice", "选用理由 / Why this PNEC"),
    ("provisional", "临时 / Provisional"), ("confirmed", "已核实 / Confirmed"),
    ("reason", "无法推导的原因 / Why none"),
)  # fmt: skip


def run_xlsx(run: ScreeningRun) -> bytes:
    book = Workbook()
    ranking = book.active
    ranking.title = "排序 Ranking"
    _sheet(ranking, RANKING, run.result)
    _sheet(book.create_sheet("PNEC"), PNECS, [
        {"name": entry["name"], "compartment": compartment, **entry[compartment]}
        for entry in run.pnecs.values() for compartment in UNITS
    ])  # fmt: skip
    meta = book.create_sheet("参数 Parameters")
    for key, value in (
        ("title", run.title), ("rule", run.get_rule_display()), ("media", ", ".join(run.media)),
        ("districts", ", ".join(d.name_zh for d in run.districts.all()) or "all"),
        ("date_from", str(run.date_from or "")), ("date_to", str(run.date_to or "")),
        ("snapshot_sha256", run.snapshot_sha256), ("snapshot_rows", run.snapshot_rows),
        ("rerun_of", run.rerun_of_id or ""), ("finished", str(run.finished or "")),
    ):  # fmt: skip
        meta.append([key, spreadsheet_safe(value)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(sheet, columns, rows) -> None:
    sheet.append([header for _key, header in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([spreadsheet_safe(row.get(key)) for key, _header in columns])
