"""REST endpoints of the work plan: tasks, periods, progress reports, review, figures."""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from npgov.core import policy
from npgov.core.models import Organisation

from . import selectors, services
from .choices import ProgressStatus
from .models import PlanTask, ReportingPeriod

router = Router(tags=["plan"])


class DeadlineOut(Schema):
    due: dt.date
    description_zh: str


class TaskOut(Schema):
    code: str
    kind: str
    section: str = Field(alias="section.code")
    title_zh: str
    title_en: str
    lead_departments: list[str]
    responsible_departments: list[str]
    deadlines: list[DeadlineOut]
    source: str

    @staticmethod
    def resolve_lead_departments(obj) -> list[str]:
        return [o.code for o in obj.lead_departments.all()]

    @staticmethod
    def resolve_responsible_departments(obj) -> list[str]:
        return [o.code for o in obj.responsible_departments.all()]

    @staticmethod
    def resolve_deadlines(obj):
        return list(obj.deadlines.all())


class PeriodOut(Schema):
    code: str
    year: int
    quarter: int
    start: dt.date
    end: dt.date
    due: dt.date


class ReportOut(Schema):
    id: int
    task: str = Field(alias="task.code")
    period: str = Field(alias="period.code")
    organisation_id: int
    organisation_code: str = Field(alias="organisation.code")
    status: str
    percent: int
    narrative: str
    review_state: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    review_comment: str
    published: bool


class ReportFilter(FilterSchema):
    period: str | None = Field(None, description="e.g. 2026Q3")
    task: str | None = None
    organisation_id: int | None = None
    status: ProgressStatus | None = None
    review_state: str | None = None


class ReportIn(Schema):
    task: str
    period: str = Field(pattern=r"^\d{4}Q[1-4]$")
    status: ProgressStatus
    percent: int = Field(ge=0, le=100)
    narrative: str = Field("", max_length=10000)
    organisation_id: int | None = Field(None, description="Defaults to the caller's organisation")


class ReviewIn(Schema):
    accept: bool
    comment: str = Field("", max_length=5000)
    publish: bool = False


class StatusCountOut(Schema):
    status: str
    label: str
    count: int


class DistrictRateOut(Schema):
    code: str
    name: str
    expected: int
    submitted: int
    rate: float


def _period(code: str) -> ReportingPeriod:
    period = selectors.period_by_code(code)
    if period is None:
        raise Http404(code)
    return period


@router.get("/tasks", response=list[TaskOut])
def task_list(request):
    policy.require(request.auth, "plan.view_plantask")
    return selectors.task_list(user=request.auth)


@router.get("/tasks/{code}", response=TaskOut)
def task_detail(request, code: str):
    policy.require(request.auth, "plan.view_plantask")
    return get_object_or_404(selectors.task_list(user=request.auth), code=code)


@router.get("/periods", response=list[PeriodOut])
def period_list(request):
    policy.require(request.auth, "plan.view_plantask")
    return selectors.period_list()


@router.get("/reports", response=list[ReportOut])
@paginate
def report_list(request, filters: Query[ReportFilter]):
    policy.require(request.auth, "plan.view_progressreport")
    qs = selectors.report_list(user=request.auth)
    if filters.period:
        qs = qs.filter(period=_period(filters.period))
    if filters.task:
        qs = qs.filter(task__code=filters.task)
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.review_state:
        qs = qs.filter(review_state=filters.review_state)
    return qs.order_by("pk")


@router.get("/reports/{report_id}", response=ReportOut)
def report_detail(request, report_id: int):
    policy.require(request.auth, "plan.view_progressreport")
    return get_object_or_404(selectors.report_list(user=request.auth), pk=report_id)


@router.post("/reports", response={200: ReportOut})
def report_save(request, payload: ReportIn):
    """Create or update the caller's organisation's draft report (idempotent per period)."""
    user = request.auth
    policy.require(user, "plan.change_progressreport")
    task = get_object_or_404(PlanTask, code=payload.task)
    organisation = (
        get_object_or_404(Organisation, pk=payload.organisation_id)
        if payload.organisation_id
        else user.organisation
    )
    return services.progress_report_save(
        actor=user,
        task=task,
        period=_period(payload.period),
        organisation=organisation,
        status=payload.status,
        percent=payload.percent,
        narrative=payload.narrative,
    )


@router.post("/reports/{report_id}/submit", response=ReportOut)
def report_submit(request, report_id: int):
    policy.require(request.auth, "plan.submit_progressreport")
    report = get_object_or_404(selectors.report_list(user=request.auth), pk=report_id)
    return services.progress_report_submit(actor=request.auth, report=report)


@router.post("/reports/{report_id}/review", response=ReportOut)
def report_review(request, report_id: int, payload: ReviewIn):
    policy.require(request.auth, "plan.review_progressreport")
    report = get_object_or_404(selectors.report_list(user=request.auth), pk=report_id)
    return services.progress_report_review(
        actor=request.auth,
        report=report,
        accept=payload.accept,
        comment=payload.comment,
        publish=payload.publish,
    )


@router.get("/figures/status-counts", response=list[StatusCountOut])
def status_counts(request, period: str | None = None):
    """Tasks by aggregated status in a period (default: the current one)."""
    policy.require(request.auth, "plan.view_plantask")
    chosen = _period(period) if period else selectors.period_current(timezone.localdate())
    progress = selectors.task_progress(user=request.auth, period=chosen) if chosen else []
    return [
        StatusCountOut(
            status=s.value, label=str(s.label), count=sum(1 for tp in progress if tp.status == s)
        )
        for s in ProgressStatus
    ]


@router.get("/figures/districts", response=list[DistrictRateOut])
def district_rates(request, period: str | None = None):
    """Per district, how many of its reports for the period were submitted."""
    policy.require(request.auth, "plan.view_plantask")
    chosen = _period(period) if period else selectors.period_current(timezone.localdate())
    if chosen is None:
        return []
    return selectors.district_submission_rates(user=request.auth, period=chosen)
