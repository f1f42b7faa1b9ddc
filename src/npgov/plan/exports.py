"""A period's progress report as an Excel workbook or a Word document."""

import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from npgov.core import policy
from npgov.core.text import spreadsheet_safe

from . import selectors
from .choices import STATUS_COLOURS, ProgressStatus
from .models import Evidence, ReportingPeriod

HEADERS = [
    ("task", "Task", "任务"),
    ("organisation", "Reporting body", "报告单位"),
    ("status", "Progress status", "进展状态"),
    ("percent", "Completion (%)", "完成比例"),
    ("review", "Review state", "审核状态"),
    ("submitted", "Submitted at", "提交时间"),
    ("narrative", "Narrative", "进展说明"),
    ("comment", "Review comment", "审核意见"),
    ("evidence", "Evidence", "佐证材料"),
]


def _rows(*, user, period: ReportingPeriod):
    visible_evidence = policy.scope(user, "plan.view_evidence", Evidence.objects.all())
    reports = (
        selectors.report_list(user=user, code="plan.export_progressreport")
        .filter(period=period)
        .prefetch_related(Prefetch("evidence", queryset=visible_evidence))
        .order_by("task__order", "organisation__kind", "organisation__code")
    )
    for r in reports:
        yield (
            r,
            [
                f"{r.task.label} {r.task.display_title}",
                r.organisation.display_name,
                r.get_status_display(),
                r.percent,
                r.get_review_state_display(),
                timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")
                if r.submitted_at
                else "",
                r.narrative,
                r.review_comment,
                "; ".join(e.original_name for e in r.evidence.all()),
            ],
        )


def period_report_xlsx(*, user, period: ReportingPeriod, progress=None) -> bytes:
    """Every report of ``period`` the user may export, one row each, with a status summary."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Reports")[:31]
    ws.append([f"{zh} / {en}" for _k, en, zh in HEADERS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    rows = list(_rows(user=user, period=period))
    for i, (report, values) in enumerate(rows, start=2):
        ws.append([spreadsheet_safe(v) for v in values])
        colour = STATUS_COLOURS[report.status].lstrip("#")
        ws.cell(row=i, column=3).fill = PatternFill("solid", fgColor=colour)
        ws.cell(row=i, column=7).alignment = Alignment(wrap_text=True, vertical="top")
        if progress:
            progress(int(80 * (i - 1) / max(len(rows), 1)))
    for col, width in enumerate([34, 28, 12, 10, 12, 17, 60, 30, 30], start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    summary = wb.create_sheet(_("Tasks")[:31])
    summary.append(["任务 / Task", "状态 / Status", "已提交 / Submitted", "应报 / Expected"])
    for tp in selectors.task_progress(user=user, period=period):
        summary.append(
            [
                f"{tp.task.label} {tp.task.display_title}",
                str(ProgressStatus(tp.status).label),
                tp.submitted,
                tp.expected,
            ]
        )
    wb.properties.title = _("Progress report {period}").format(period=period)
    wb.properties.creator = "npgov"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def period_report_docx(*, user, period: ReportingPeriod, progress=None) -> bytes:
    """The period's progress as a Word document: a summary table, then each task's reports."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(10.5)
    doc.add_heading(_("Work plan progress report, {period}").format(period=period), level=0)
    doc.add_paragraph(
        _("Generated on {date} by {user}. Reports due {due}.").format(
            date=timezone.localdate().isoformat(), user=user, due=period.due.isoformat()
        )
    )
    doc.add_heading(_("Summary by task"), level=1)
    progress_rows = selectors.task_progress(user=user, period=period)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, [_("Task"), _("Status"), _("Submitted"), _("Expected")], strict=True
    ):
        cell.text = text
    for tp in progress_rows:
        cells = table.add_row().cells
        cells[0].text = f"{tp.task.label} {tp.task.display_title}"
        cells[1].text = str(ProgressStatus(tp.status).label)
        cells[2].text = str(tp.submitted)
        cells[3].text = str(tp.expected)
    rows = list(_rows(user=user, period=period))
    current_task = None
    for i, (report, values) in enumerate(rows, start=1):
        if report.task_id != current_task:
            current_task = report.task_id
            doc.add_heading(f"{report.task.label} {report.task.display_title}", level=1)
        doc.add_heading(values[1], level=2)
        para = doc.add_paragraph()
        run = para.add_run(f"{values[2]} · {values[3]}% · {values[4]}")
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(STATUS_COLOURS[report.status].lstrip("#").upper())
        if values[6]:
            doc.add_paragraph(values[6])
        if values[7]:
            doc.add_paragraph(_("Review comment: {comment}").format(comment=values[7]))
        if values[8]:
            doc.add_paragraph(_("Evidence: {files}").format(files=values[8]))
        if progress:
            progress(int(80 * i / max(len(rows), 1)))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
