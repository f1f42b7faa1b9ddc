"""Build progress reports in given states directly (tests of reads and policy)."""

from django.utils import timezone

from npgov.plan.choices import ProgressStatus, ReviewState
from npgov.plan.models import PlanTask, ProgressReport
from npgov.plan.services import period_ensure


def report(
    org,
    *,
    task="2",
    state=ReviewState.DRAFT,
    published=False,
    year=2026,
    quarter=3,
    status=ProgressStatus.IN_PROGRESS,
    percent=40,
):
    return ProgressReport.objects.create(
        task=PlanTask.objects.get(code=task),
        period=period_ensure(year=year, quarter=quarter),
        organisation=org,
        status=status,
        percent=percent,
        narrative="进展说明",
        review_state=state,
        published=published,
        submitted_at=None if state == ReviewState.DRAFT else timezone.now(),
    )
