"""The survey workbook: generated with bilingual headers, dropdowns and a version stamp, and
read back refusing every bad form of input with the row, column and value named."""

import io

import pytest
from openpyxl import load_workbook

from npgov.core.imports import ImportRejected
from npgov.survey import services, workbook
from npgov.survey.choices import ReportState

pytestmark = pytest.mark.django_db


def filled(campaign, report, rows, edit=None) -> bytes:
    book = load_workbook(io.BytesIO(workbook.template(campaign, report)))
    sheet = book[workbook.LINES_SHEET]
    for row in rows:
        sheet.append(row)
    if edit:
        edit(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    # name, CAS, activity, quantity, unit, use, function, use text, air, water, soil, waste, ...
    [
        "二氯甲烷",
        "75-09-2",
        "加工使用",
        "１２，５００",
        "千克",
        "U02 溶剂、萃取剂或清洗剂",
        "F04",
        "",
        0.4,
        0,
        0,
        1.2,
    ],
    ["三氯甲烷", "67-66-3", "生产", 3, "吨", "U01", "F01", "", "0.01", 0, 0, 0],
]


def test_template_has_bilingual_headers_dropdowns_and_stamp(report):
    book = load_workbook(io.BytesIO(workbook.template(report.campaign, report)))
    sheet = book[workbook.LINES_SHEET]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["物质名称 / Substance name", "CAS号 / CAS RN", "活动类型 / Activity"]
    assert "排放至水体 / Release to water" in headers  # a detailed survey asks for releases
    assert len(sheet.data_validations.dataValidation) >= 4
    meta = {r[0]: r[1] for r in book[workbook.META_SHEET].iter_rows(values_only=True)}
    assert meta["template_version"] == report.campaign.template_version
    assert meta["enterprise"] == report.enterprise.code
    assert book[workbook.META_SHEET].sheet_state == "hidden"


def test_upload_converts_and_stores_then_loads_nothing_twice(report, users):
    content = filled(report.campaign, report, GOOD)
    report, loaded = services.report_upload(
        actor=users["enterprise"], report=report, file_name="调查表.xlsx", content=content
    )
    assert loaded and report.state == ReportState.DRAFT
    first = report.lines.get(position=1)
    assert first.quantity_t == pytest.approx(12.5) and first.waste_t == pytest.approx(
        1.2e-3
    )  # kg, the row's unit
    assert first.use_category == "U02" and first.activity == "processing_use"
    version = report.version
    report, loaded = services.report_upload(
        actor=users["enterprise"], report=report, file_name="调查表.xlsx", content=content
    )
    assert not loaded and report.version == version and report.lines.count() == 2


def _problems(report, users, content, name="调查表.xlsx"):
    with pytest.raises(ImportRejected) as caught:
        services.report_upload(
            actor=users["enterprise"], report=report, file_name=name, content=content
        )
    assert report.lines.count() == 0  # nothing stored
    return caught.value.errors


def test_text_units_and_bad_codes_are_named_by_row_and_column(report, users):
    rows = [
        ["二氯甲烷", "75-09-2", "加工使用", "约12吨", "t"],
        ["三氯甲烷", "67-66-3", "加工使用", "3", "桶"],
        ["甲苯", "108-88-4", "加工使用", "3", "t"],
        ["二氯甲烷", "75-09-2", "加工使用", "1,5", "t"],
    ]
    errors = _problems(report, users, filled(report.campaign, report, rows))
    where = {(e.row, e.field.split(" / ")[0]) for e in errors}
    assert where == {(2, "数量"), (3, "单位"), (4, "CAS号"), (5, "数量")}
    assert all(e.reason_zh and e.reason_en and e.file == "调查表.xlsx" for e in errors)


def test_formulas_and_merged_cells_are_refused(report, users):
    def formula(book):
        book[workbook.LINES_SHEET]["D2"] = "=2*6"

    errors = _problems(report, users, filled(report.campaign, report, GOOD, formula))
    assert errors[0].row == 2 and "公式" in errors[0].reason_zh

    def merge(book):
        book[workbook.LINES_SHEET].merge_cells("A2:A3")

    errors = _problems(report, users, filled(report.campaign, report, GOOD, merge))
    assert errors[0].field == "A2:A3"


def test_renamed_sheet_and_other_version_are_refused(report, users, campaign_factory):
    def rename(book):
        book[workbook.LINES_SHEET].title = "Sheet1"

    errors = _problems(report, users, filled(report.campaign, report, GOOD, rename))
    assert workbook.LINES_SHEET in errors[0].reason_zh

    def reorder(book):
        book.move_sheet(workbook.LINES_SHEET, offset=2)

    report2, loaded = services.report_upload(
        actor=users["enterprise"],
        report=report,
        file_name="x.xlsx",
        content=filled(report.campaign, report, GOOD, reorder),
    )
    assert loaded  # reordered sheets are found by name

    old = filled(report.campaign, report2, GOOD)
    services.campaign_save(
        actor=users["analyst"],
        data=services.CampaignInput(
            code=report.campaign.code,
            year=report.campaign.year,
            kind=report.campaign.kind,
            title_zh=report.campaign.title_zh,
            opens=report.campaign.opens,
            deadline=report.campaign.deadline,
            list_codes=["KCNP-2023", "PCC-1"],
            industry_codes=["2614", "2710"],
        ),
        campaign=report.campaign,
    )
    report2.refresh_from_db()
    report2.campaign.refresh_from_db()
    with pytest.raises(ImportRejected) as caught:
        services.report_upload(
            actor=users["enterprise"], report=report2, file_name="old.xlsx", content=old
        )
    assert caught.value.errors[0].field == "template_version"


def test_not_a_workbook(report, users):
    errors = _problems(report, users, b"name,cas\n", name="lines.csv")
    assert "xlsx" in errors[0].reason_en
