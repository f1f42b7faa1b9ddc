"""Exports of a period's progress: real xlsx and docx files, scoped, formula-safe."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from npgov.plan import exports
from npgov.plan.choices import ReviewState
from npgov.plan.models import ProgressReport
from tests.plan.factories import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def period_reports(org, users):
    a = report(org("110105"), state=ReviewState.ACCEPTED)
    b = report(org("110118"), task="14", state=ReviewState.SUBMITTED)
    ProgressReport.objects.filter(pk=b.pk).update(narrative='=HYPERLINK("http://x","点击")')
    return a, b


def test_xlsx_holds_every_visible_report_and_neutralises_formulas(users, period_reports):
    content = exports.period_report_xlsx(user=users["analyst"], period=period_reports[0].period)
    wb = load_workbook(io.BytesIO(content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "任务 / Task"
    assert len(rows) == 3
    narratives = [r[6] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x","点击")' in narratives
    summary = list(wb.worksheets[1].iter_rows(values_only=True))
    assert len(summary) == 21  # header + 16 tasks + 4 safeguards


def test_export_is_scoped_to_what_the_user_may_see(users, period_reports):
    content = exports.period_report_xlsx(
        user=users["district_chaoyang"], period=period_reports[0].period
    )
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == ["朝阳区"]


def test_docx_has_summary_table_and_report_sections(users, period_reports):
    content = exports.period_report_docx(user=users["analyst"], period=period_reports[0].period)
    doc = Document(io.BytesIO(content))
    assert len(doc.tables[0].rows) == 21
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "朝阳区" in headings and "密云区" in headings
