"""The survey's write side: assignment, saving lines with units, checks, the review workflow,
deadlines and concurrent edits."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from npgov.core.errors import WorkflowError
from npgov.survey import services
from npgov.survey.choices import ReportState

from .conftest import line

pytestmark = pytest.mark.django_db


def codes(report):
    return sorted(f.code for f in report.findings.all())


def test_assignment_by_industry_is_idempotent(campaign, users, enterprises):
    assert campaign.reports.count() == 2
    assert services.campaign_assign(actor=users["analyst"], campaign=campaign) == 0
    with pytest.raises(PermissionDenied):
        services.campaign_assign(actor=users["enterprise"], campaign=campaign)


def test_units_convert_to_tonnes_and_names_resolve(report, users):
    saved = services.report_save(
        actor=users["enterprise"],
        report=report,
        expected_version=report.version,
        lines=[
            line(name="二氯甲烷", cas="75-09-2", quantity="１２，５００", unit="千克"),
            line(name="三氯甲烷", quantity="3.5", unit="吨"),
            line(cas="127-18-4", quantity=800, unit="kg/a"),
        ],
    )
    lines = list(saved.lines.order_by("position"))
    assert [round(x.quantity_t, 6) for x in lines] == [12.5, 3.5, 0.8]
    assert all(x.substance_id for x in lines)
    assert saved.state == ReportState.DRAFT and saved.version == 1


def test_bad_values_are_refused_with_line_and_field(report, users):
    with pytest.raises(services.LinesRejected) as caught:
        services.report_save(
            actor=users["enterprise"],
            report=report,
            expected_version=report.version,
            lines=[
                line(name="二氯甲烷", quantity="12,5", unit="t"),
                line(name="三氯甲烷", quantity="3", unit="桶"),
                line(name="x", cas="75-09-3", quantity="1"),
                line(name="y", activity="销售", quantity="1"),
            ],
        )
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {(1, "quantity"), (2, "unit"), (3, "cas"), (4, "activity")}
    assert report.lines.count() == 0  # nothing stored


def test_unknown_substance_is_kept_and_flagged(report, users):
    services.report_save(
        actor=users["enterprise"],
        report=report,
        expected_version=report.version,
        lines=[line(name="某种新型助剂XY-7", quantity="2")],
    )
    stored = report.lines.get()
    assert stored.substance is None and stored.resolution == "unresolved"
    assert "unresolved" in codes(report)


def test_mass_balance_release_and_prohibited_activity(report, users):
    services.report_save(
        actor=users["enterprise"],
        report=report,
        expected_version=report.version,
        lines=[
            line(name="全氟辛基磺酸", cas="1763-23-1", activity="production", quantity="1"),
            line(cas="75-09-2", activity="import", quantity="10"),
            line(cas="75-09-2", activity="processing_use", quantity="14", release_air="0.5"),
            line(cas="67-66-3", quantity="1", release_air="0.7", release_water="0.6"),
        ],
    )
    found = {(f.code, f.line.position if f.line else None) for f in report.findings.all()}
    assert ("prohibited_activity", 1) in found
    assert ("mass_balance", 2) in found
    assert ("release_exceeds_quantity", 4) in found
    prohibited = report.findings.get(code="prohibited_activity")
    assert prohibited.severity == "compliance"
    assert prohibited.data["decision"]["decision"] == "prohibited"
    with pytest.raises(WorkflowError) as refused:
        services.report_submit(actor=users["enterprise"], report=report)
    assert refused.value.code == "errors"


def test_stale_edit_is_refused_and_nothing_lost(report, users, make_user):
    from npgov.core.roles import Role

    colleague = make_user(Role.ENTERPRISE_REPORTER, report.enterprise.code, "colleague")
    opened = report.version
    services.report_save(
        actor=colleague,
        report=report,
        expected_version=opened,
        lines=[line(cas="75-09-2", quantity="4")],
    )
    with pytest.raises(services.StaleReport, match="colleague"):
        services.report_save(
            actor=users["enterprise"],
            report=report,
            expected_version=opened,
            lines=[line(cas="67-66-3", quantity="9")],
        )
    assert [x.cas_given for x in report.lines.all()] == ["75-09-2"]


def test_workflow_district_then_bureau_with_line_comments(report, users):
    report = services.report_save(
        actor=users["enterprise"],
        report=report,
        expected_version=report.version,
        lines=[line(cas="75-09-2", quantity="4", release_air="0.1")],
    )
    report = services.report_submit(actor=users["enterprise"], report=report)
    with pytest.raises(PermissionDenied):
        services.report_review(actor=users["district_miyun"], report=report, accept=True)
    with pytest.raises(PermissionDenied):  # the bureau waits for the district
        services.report_review(actor=users["analyst"], report=report, accept=True)
    with pytest.raises(ValidationError):
        services.report_review(actor=users["district_chaoyang"], report=report, accept=False)
    first = report.lines.get()
    report = services.report_review(
        actor=users["district_chaoyang"],
        report=report,
        accept=False,
        line_comments={first.pk: "请附上采购台账"},
    )
    assert report.state == ReportState.RETURNED
    assert report.comments.get().line == first
    report = services.report_submit(actor=users["enterprise"], report=report)
    report = services.report_review(actor=users["district_chaoyang"], report=report, accept=True)
    assert report.state == ReportState.DISTRICT_PASSED
    report = services.report_review(actor=users["analyst"], report=report, accept=True)
    assert report.state == ReportState.ACCEPTED
    actions = list(report.events.values_list("action", flat=True))
    assert actions == [
        "assign", "edit", "submit", "return", "submit", "district_pass", "accept"
    ]  # fmt: skip
    with pytest.raises(WorkflowError):
        services.report_save(
            actor=users["enterprise"], report=report, expected_version=None, lines=[]
        )


def test_submit_after_deadline_needs_an_extension(report, users):
    report = services.report_save(
        actor=users["enterprise"],
        report=report,
        expected_version=report.version,
        lines=[line(cas="75-09-2", quantity="4", release_air="0")],
    )
    late = report.campaign.deadline + dt.timedelta(days=1)
    with pytest.raises(WorkflowError, match=report.campaign.deadline.isoformat()):
        services.report_submit(actor=users["enterprise"], report=report, today=late)
    services.report_extend(
        actor=users["district_chaoyang"],
        report=report,
        until=late + dt.timedelta(days=10),
        reason="企业停产检修",
    )
    report.refresh_from_db()
    submitted = services.report_submit(actor=users["enterprise"], report=report, today=late)
    assert submitted.state == ReportState.SUBMITTED


def test_year_on_year_and_missing_lines(campaign_factory, users, enterprises):
    first = campaign_factory(year=2024)
    second = campaign_factory(year=2025)
    old = first.reports.get(enterprise=enterprises["chaoyang"])
    old = services.report_save(
        actor=users["enterprise"],
        report=old,
        expected_version=old.version,
        lines=[
            line(cas="75-09-2", quantity="10", release_air="0"),
            line(cas="67-66-3", quantity="2", release_air="0"),
        ],
    )
    services.report_submit(actor=users["enterprise"], report=old)
    new = second.reports.get(enterprise=enterprises["chaoyang"])
    from npgov.survey.services import prefill

    assert [x.cas for x in prefill(new)] == ["75-09-2", "67-66-3"]
    services.report_save(
        actor=users["enterprise"],
        report=new,
        expected_version=new.version,
        lines=[line(cas="75-09-2", quantity="25", release_air="0")],
    )
    yoy = new.findings.get(code="year_on_year")
    assert yoy.data["change"] == pytest.approx(1.5)
    assert new.findings.get(code="missing_since_last_year").data["name"] == "三氯甲烷"


def test_screening_assigns_an_enterprise_in_scope(campaign, users, enterprises):
    from npgov.survey.models import SurveyReport

    SurveyReport.objects.filter(campaign=campaign).delete()
    result = services.screening_evaluate(
        actor=users["enterprise"],
        campaign=campaign,
        industry_code="2614",
        answers=[
            services.ScreeningAnswer("二氯甲烷", "1,500", "kg"),
            services.ScreeningAnswer("乙醇", "30", "t"),
        ],
    )
    assert result.must_report and result.substances[0]["quantity_t"] == 1.5
    report = services.screening_record(
        actor=users["enterprise"],
        campaign=campaign,
        enterprise=enterprises["chaoyang"],
        result=result,
    )
    assert report.basis == "self_check" and report.screening["must_report"]
    below = services.screening_evaluate(
        actor=users["enterprise"],
        campaign=campaign,
        industry_code="2614",
        answers=[services.ScreeningAnswer("二氯甲烷", "200", "kg")],
    )
    assert not below.must_report
