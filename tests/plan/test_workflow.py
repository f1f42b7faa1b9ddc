"""The progress-report workflow through the web UI: file, return, resubmit, accept, matrix,
export, and the audit trail of every step."""

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from docx import Document

from npgov.core.models import Job
from npgov.plan.choices import EventAction, ReviewState
from npgov.plan.models import ProgressReport
from npgov.plan.services import period_ensure
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_district_files_bureau_returns_district_resubmits_bureau_accepts(
    client, users, django_capture_on_commit_callbacks
):
    period = period_ensure(year=2026, quarter=3)
    officer, analyst = users["district_chaoyang"], users["analyst"]
    edit_url = reverse("plan:report_edit", args=["3", period.code])

    # 1. The district officer files a report and submits it.
    login(client, officer)
    response = client.post(
        edit_url,
        {
            "status": "in_progress",
            "percent": "30",
            "narrative": "朝阳区完成2个试点园区的地表水布点。",
            "links": "任务3 | /plan/tasks/3/",
            "submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ProgressReport.objects.get(organisation=officer.organisation, period=period)
    assert report.review_state == ReviewState.SUBMITTED
    assert [lk.path for lk in report.links.all()] == ["/plan/tasks/3/"]

    # 2. The bureau returns it with a comment.
    client.logout()
    login(client, analyst)
    action = reverse("plan:report_action", args=[report.pk, "review"])
    assert client.post(action, {"decision": "return", "comment": ""}).status_code == 400
    response = client.post(action, {"decision": "return", "comment": "请补充采样点位清单。"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review_state == ReviewState.RETURNED
    assert report.review_comment == "请补充采样点位清单。"

    # 3. The officer sees the comment, revises and resubmits.
    client.logout()
    login(client, officer)
    page = client.get(edit_url).content.decode()
    assert "请补充采样点位清单。" in page
    response = client.post(
        edit_url,
        {
            "status": "in_progress",
            "percent": "45",
            "narrative": "已补充12个采样点位清单。",
            "links": "",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review_state == ReviewState.SUBMITTED and report.percent == 45

    # 4. The bureau accepts it and publishes it.
    client.logout()
    login(client, analyst)
    client.post(action, {"decision": "accept", "comment": "同意。", "publish": "on"})
    report.refresh_from_db()
    assert report.review_state == ReviewState.ACCEPTED and report.published

    # The matrix shows the accepted report in the district column.
    matrix = client.get(reverse("plan:matrix"), {"period": period.code, "axis": "district"})
    assert f'href="/plan/reports/{report.pk}/"' in matrix.content.decode()
    assert 'data-review="accepted"' in matrix.content.decode()

    # The exported docx shows it (the immediate task backend runs the job at once).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plan:export"), {"period": period.pk, "format": "docx"})
    job = Job.objects.get(owner=analyst)
    assert response.status_code == 302 and job.status == Job.Status.SUCCEEDED
    download = client.get(reverse("core:job_download", args=[job.pk]))
    text = "\n".join(
        p.text for p in Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs
    )
    assert "已补充12个采样点位清单。" in text

    # The workflow and the audit trail show every step.
    actions = list(report.events.values_list("action", flat=True))
    assert actions == [
        EventAction.CREATE,
        EventAction.SUBMIT,
        EventAction.RETURN,
        EventAction.EDIT,
        EventAction.SUBMIT,
        EventAction.ACCEPT,
    ]
    entries = LogEntry.objects.get_for_object(report).order_by("timestamp", "pk")
    states = [e.changes_dict.get("review_state", [None, None])[1] for e in entries]
    assert [s for s in states if s] == ["draft", "submitted", "returned", "submitted", "accepted"]
    assert {e.actor for e in entries} == {officer, analyst}
    detail = client.get(reverse("plan:report_detail", args=[report.pk])).content.decode()
    assert "请补充采样点位清单。" in detail


def test_officer_cannot_edit_a_submitted_report(client, users):
    period = period_ensure(year=2026, quarter=3)
    officer = users["district_miyun"]
    login(client, officer)
    url = reverse("plan:report_edit", args=["14", period.code])
    data = {"status": "in_progress", "percent": "10", "narrative": "x", "links": "", "submit": "1"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "percent": "90"})
    assert response.status_code == 400
    assert ProgressReport.objects.get(organisation=officer.organisation).percent == 10


def test_completed_needs_100_percent_and_nothing_is_written(client, users):
    period = period_ensure(year=2026, quarter=3)
    login(client, users["district_chaoyang"])
    url = reverse("plan:report_edit", args=["2", period.code])
    response = client.post(
        url, {"status": "completed", "percent": "80", "narrative": "x", "links": ""}
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


def test_link_to_foreign_site_is_refused(client, users):
    period = period_ensure(year=2026, quarter=3)
    login(client, users["district_chaoyang"])
    url = reverse("plan:report_edit", args=["2", period.code])
    response = client.post(
        url,
        {
            "status": "in_progress",
            "percent": "10",
            "narrative": "x",
            "links": "evil | //evil.example.com/",
        },
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()


def test_body_not_responsible_for_task_cannot_report(client, users):
    period = period_ensure(year=2026, quarter=3)
    login(client, users["dept_agri"])  # agriculture is not named in task 2
    response = client.get(reverse("plan:report_edit", args=["2", period.code]))
    assert response.status_code == 403


def test_district_officer_cannot_review(client, users):
    from tests.plan.factories import report

    submitted = report(users["dept_agri"].organisation, task="4", state=ReviewState.SUBMITTED)
    login(client, users["district_chaoyang"])
    response = client.post(
        reverse("plan:report_action", args=[submitted.pk, "review"]), {"decision": "accept"}
    )
    assert response.status_code == 404  # not even visible to them
    submitted.refresh_from_db()
    assert submitted.review_state == ReviewState.SUBMITTED
