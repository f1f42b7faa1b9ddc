"""Regression tests for the first security and workflow review (each failed before its fix)."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook

from npgov.core import policy
from npgov.core.audit import history_for
from npgov.core.errors import WorkflowError
from npgov.core.models import Organisation, User
from npgov.core.roles import Role
from npgov.plan import exports
from npgov.plan.choices import ReviewState
from npgov.plan.models import Evidence, PlanTask, ProgressReport
from npgov.plan.services import (
    period_ensure,
    progress_report_review,
    progress_report_save,
    progress_report_submit,
)
from tests.api.test_api import bearer
from tests.conftest import PASSWORD
from tests.plan.factories import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_after_return(users):
    """Miyun writes a draft, the bureau returns it, Miyun revises; accepted and published."""
    period = period_ensure(year=2026, quarter=3)
    officer, analyst = users["district_miyun"], users["analyst"]
    common = dict(
        actor=officer,
        task=report.__globals__["PlanTask"].objects.get(code="14"),
        period=period,
        organisation=officer.organisation,
        status="in_progress",
        percent=30,
    )
    draft = progress_report_save(**common, narrative="初稿：内部草稿内容", submit=True)
    progress_report_review(actor=analyst, report=draft, accept=False, comment="退回意见：数据有误")
    progress_report_save(**common, narrative="定稿", submit=True)
    return progress_report_review(actor=analyst, report=draft, accept=True, publish=True)


def test_history_and_events_of_a_published_report_are_not_public(
    client, users, published_after_return
):
    url = reverse("plan:report_detail", args=[published_after_return.pk])
    page = client.get(url).content.decode()
    assert "定稿" in page
    assert "初稿" not in page and "退回意见" not in page and "analyst" not in page
    assert client.login(username="dept_agri", password=PASSWORD)
    page = client.get(url).content.decode()
    assert "退回意见" not in page
    assert history_for(AnonymousUser(), published_after_return) is None
    assert history_for(users["district_miyun"], published_after_return)
    assert history_for(users["analyst"], published_after_return)


def test_export_lists_only_evidence_the_user_may_see(users, org, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from npgov.plan.services import evidence_add

    draft = report(org("110118"), task="14")
    evidence_add(
        actor=users["district_miyun"],
        report=draft,
        upload=SimpleUploadedFile("密云台账.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    ProgressReport.objects.filter(pk=draft.pk).update(review_state="accepted", published=True)
    content = exports.period_report_xlsx(user=users["dept_agri"], period=draft.period)
    cells = [
        c
        for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)
        for c in row
    ]
    assert "密云台账.pdf" not in cells
    assert Evidence.objects.count() == 1


def test_body_cannot_report_on_a_task_it_is_not_assigned(client, users):
    period_ensure(year=2026, quarter=3)
    response = client.post(
        "/api/plan/reports",
        {
            "task": "2",
            "period": "2026Q3",
            "status": "delayed",
            "percent": 10,
            "narrative": "x",
        },
        content_type="application/json",
        **bearer(users["dept_agri"]),
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


def test_other_bodies_report_is_forbidden_before_its_state_is_revealed(client, users, org):
    accepted = report(org("110105"), task="14", state=ReviewState.ACCEPTED)
    response = client.post(
        "/api/plan/reports",
        {
            "task": "14",
            "period": accepted.period.code,
            "status": "in_progress",
            "percent": 10,
            "organisation_id": accepted.organisation_id,
        },
        content_type="application/json",
        **bearer(users["district_miyun"]),
    )
    assert response.status_code == 403


def test_the_bureau_cannot_review_its_own_report(users, org):
    own = report(org("MEE-BJ"), state=ReviewState.SUBMITTED)
    with pytest.raises(WorkflowError) as refused:
        progress_report_review(actor=users["analyst"], report=own, accept=True)
    assert refused.value.code == "own_report"
    own.refresh_from_db()
    assert own.review_state == ReviewState.SUBMITTED
    # Another administrator outside that body could; the system administrator here is in it.
    assert policy.can(users["analyst"], "plan.review_progressreport", own)


def test_save_and_submit_is_all_or_nothing(client, users):
    period = period_ensure(year=2026, quarter=3)
    assert client.login(username="district_chaoyang", password=PASSWORD)
    response = client.post(
        reverse("plan:report_edit", args=["2", period.code]),
        {
            "status": "in_progress",
            "percent": "10",
            "narrative": "",
            "links": "",
            "submit": "1",
        },
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


def test_submit_refuses_a_report_already_submitted(users, org):
    submitted = report(org("110105"), state=ReviewState.SUBMITTED)
    with pytest.raises(WorkflowError) as refused:
        progress_report_submit(actor=users["district_chaoyang"], report=submitted)
    assert refused.value.code == "not_submittable"


def test_reactivating_a_user_keeps_roles_and_demoting_a_superuser_sticks(client, users):
    target = users["district_miyun"]
    admin = bearer(users["admin"])
    client.patch(
        f"/api/users/{target.pk}", {"is_active": False}, content_type="application/json", **admin
    )
    response = client.patch(
        f"/api/users/{target.pk}", {"is_active": True}, content_type="application/json", **admin
    )
    assert response.json()["roles"] == ["district_officer"]
    root = User.objects.create_superuser("root", password="Root-pass-2026!")
    root.organisation = Organisation.objects.get(code="MEE-BJ")
    root.save()
    response = client.patch(
        f"/api/users/{root.pk}",
        {"roles": ["bureau_analyst"]},
        content_type="application/json",
        **admin,
    )
    assert response.status_code == 200
    root = User.objects.get(pk=root.pk)
    assert not root.is_superuser and policy.roles_of(root) == {Role.BUREAU_ANALYST}


def test_admin_site_cannot_change_reports(client, users, org):
    draft = report(org("110105"))
    assert client.login(username="admin", password=PASSWORD)
    url = reverse("admin:plan_progressreport_change", args=[draft.pk])
    assert client.get(url).status_code == 200  # viewing is allowed
    response = client.post(url, {"narrative": "篡改", "review_state": "accepted"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.narrative == "进展说明"


@pytest.mark.parametrize(
    "url",
    [
        "/api/plan/reports?period=abc",
        "/api/plan/figures/districts?period=2026Q9",
    ],
)
def test_malformed_period_is_not_found_not_a_server_error(client, users, url):
    assert client.get(url, **bearer(users["analyst"])).status_code == 404


def test_malformed_filters_in_pages_do_not_crash(client, users, org):
    draft = report(org("110105"))
    assert client.login(username="district_chaoyang", password=PASSWORD)
    assert client.get("/plan/reports/?organisation=abc").status_code == 200
    assert client.get("/plan/matrix/?period=xyz").status_code == 200
    response = client.post(
        reverse("plan:report_action", args=[draft.pk, "remove-evidence"]), {"evidence": "abc"}
    )
    assert response.status_code == 404


def test_inactive_district_is_neither_expected_nor_shown(users, org):
    from npgov.plan.selectors import district_submission_rates, expected_reporters, matrix

    Organisation.objects.filter(code="BJETDZ").update(is_active=False)
    period = period_ensure(year=2026, quarter=3)
    task = PlanTask.objects.get(code="2")
    assert "BJETDZ" not in {o.code for o in expected_reporters(task)}
    assert "BJETDZ" not in {
        r["code"] for r in district_submission_rates(user=users["analyst"], period=period)
    }
    grid = matrix(user=users["analyst"], period=period, axis="district")
    assert "BJETDZ" not in {o.code for o in grid.columns}
