"""Bugs found in review of the survey, each with the test that failed before its fix."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from npgov.core.errors import WorkflowError
from npgov.core.imports import ImportRejected
from npgov.survey import services
from npgov.survey.choices import CampaignStatus
from npgov.survey.lines import LineInput

from .conftest import line
from .test_workbook import GOOD, filled

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%synthetic\n"


def save(report, user, lines, version=None):
    report.refresh_from_db()
    return services.report_save(
        actor=user, report=report, lines=lines,
        expected_version=report.version if version is None else version,
    )  # fmt: skip


def test_evidence_stays_with_its_substance_and_is_never_dropped(report, users):
    save(
        report,
        users["enterprise"],
        [line(cas="75-09-2", quantity="4"), line(cas="67-66-3", quantity="2")],
    )
    first, second = report.lines.order_by("position")
    for stored, name in ((first, "a.pdf"), (second, "b.pdf")):
        services.line_evidence_add(
            actor=users["enterprise"], line=stored,
            upload=SimpleUploadedFile(name, PDF + name.encode(), "application/pdf"),
        )  # fmt: skip
    with pytest.raises(WorkflowError, match="二氯甲烷|evidence"):
        save(report, users["enterprise"], [line(cas="67-66-3", quantity="2")])
    save(
        report,
        users["enterprise"],
        [line(cas="67-66-3", quantity="3"), line(cas="75-09-2", quantity="5")],
    )
    moved = {x.cas_given: [e.original_name for e in x.evidence.all()] for x in report.lines.all()}
    assert moved == {"75-09-2": ["a.pdf"], "67-66-3": ["b.pdf"]}


def test_blank_and_stale_workbooks_are_refused(report, users):
    with pytest.raises(ImportRejected):
        services.report_upload(
            actor=users["enterprise"], report=report, file_name="blank.xlsx",
            content=filled(report.campaign, None, []),
        )  # fmt: skip
    old = filled(report.campaign, report, GOOD)
    save(report, users["enterprise"], [line(cas="75-09-2", quantity="9")])
    report.refresh_from_db()
    with pytest.raises(ImportRejected) as caught:
        services.report_upload(
            actor=users["enterprise"], report=report, file_name="old.xlsx", content=old
        )
    assert caught.value.errors[0].field == "report_version"
    assert report.lines.get().quantity_t == 9


def test_rounding_does_not_block_a_balanced_line(report, users):
    save(
        report,
        users["enterprise"],
        [line(cas="75-09-2", quantity="300", unit="kg", release_air="100", release_water="200")],
    )
    assert not report.findings.filter(code="release_exceeds_quantity").exists()


def test_a_stewards_link_survives_the_next_save(report, users, steward):
    from npgov.chemicals.models import Substance

    chloroform = Substance.objects.get(name_zh="三氯甲烷")
    save(report, users["enterprise"], [line(name="助剂XY-7", quantity="2")])
    services.unresolved_assign(actor=steward, name="助剂XY-7", cas="", substance=chloroform)
    save(report, users["enterprise"], [line(name="助剂XY-7", quantity="2.5")])
    assert report.lines.get().substance == chloroform


def test_no_self_assignment_to_a_closed_campaign_and_drafts_are_hidden(
    campaign, users, enterprises, client
):
    services.campaign_set_status(
        actor=users["analyst"], campaign=campaign, status=CampaignStatus.CLOSED
    )
    result = services.screening_evaluate(
        actor=users["enterprise"], campaign=campaign, industry_code="2614",
        answers=[services.ScreeningAnswer("75-09-2", "5", "t")],
    )  # fmt: skip
    with pytest.raises(WorkflowError):
        services.screening_record(
            actor=users["enterprise"],
            campaign=campaign,
            enterprise=enterprises["chaoyang"],
            result=result,
        )
    services.campaign_set_status(
        actor=users["analyst"], campaign=campaign, status=CampaignStatus.DRAFT
    )
    from tests.conftest import PASSWORD

    client.login(username="enterprise", password=PASSWORD)
    assert client.get(f"/survey/{campaign.code}/").status_code == 404


def test_resubmission_after_a_return_keeps_the_first_submission_time(report, users):
    save(report, users["enterprise"], [line(cas="75-09-2", quantity="4", release_air="0")])
    report = services.report_submit(actor=users["enterprise"], report=report)
    report = services.report_review(
        actor=users["district_chaoyang"], report=report, accept=False, comment="请补充"
    )
    late = report.campaign.deadline + dt.timedelta(days=3)
    report = services.report_submit(actor=users["enterprise"], report=report, today=late)
    assert not report.is_late


def test_a_row_without_substance_or_quantity_is_removed(report, users):
    save(
        report,
        users["enterprise"],
        [
            line(cas="75-09-2", quantity="4"),
            LineInput(activity="processing_use", unit="t", use_category="U02"),
        ],
    )
    assert report.lines.count() == 1


def test_an_activity_that_stopped_is_flagged(campaign_factory, users, enterprises):
    first, second = campaign_factory(year=2024), campaign_factory(year=2025)
    old = first.reports.get(enterprise=enterprises["chaoyang"])
    save(
        old,
        users["enterprise"],
        [
            line(cas="75-09-2", quantity="10", release_air="0"),
            line(cas="75-09-2", activity="import", quantity="100"),
        ],
    )
    services.report_submit(actor=users["enterprise"], report=old)
    new = second.reports.get(enterprise=enterprises["chaoyang"])
    save(new, users["enterprise"], [line(cas="75-09-2", quantity="10", release_air="0")])
    stopped = new.findings.get(code="year_on_year")
    assert stopped.data["change"] == -1.0
