"""Background jobs: progress, result, failure, and that only their owner sees them."""

import pytest
from django.urls import reverse

from npgov.core.models import Job
from npgov.core.services import job_create
from npgov.plan.services import period_ensure
from npgov.plan.tasks import progress_export
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_export_job_succeeds_with_file_and_progress(client, users):
    period = period_ensure(year=2026, quarter=3)
    job = job_create(
        owner=users["analyst"],
        kind="plan.progress_export",
        title="t",
        params={"period": period.pk, "format": "xlsx"},
    )
    progress_export.enqueue(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    assert job.result_name == "npgov-progress-2026Q3.xlsx"
    assert client.login(username="analyst", password=PASSWORD)
    page = client.get(reverse("core:job_detail", args=[job.pk]))
    assert 'data-status="succeeded"' in page.content.decode()
    assert "hx-trigger" not in page.content.decode()  # finished jobs stop polling


def test_failed_job_says_why(users):
    job = job_create(
        owner=users["analyst"],
        kind="plan.progress_export",
        title="t",
        params={"period": 987654, "format": "xlsx"},
    )
    progress_export.enqueue(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message == "The reporting period no longer exists." or "报告期" in job.message


def test_running_job_page_polls_and_others_cannot_see_it(client, users):
    job = job_create(owner=users["analyst"], kind="plan.progress_export", title="t", params={})
    assert client.login(username="analyst", password=PASSWORD)
    assert "hx-trigger" in client.get(reverse("core:job_detail", args=[job.pk])).content.decode()
    client.logout()
    assert client.login(username="dept_agri", password=PASSWORD)
    assert client.get(reverse("core:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404
