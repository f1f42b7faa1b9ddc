"""Reads of the plan app, always through the policy layer."""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from npgov.core import policy
from npgov.core.models import Organisation, OrganisationKind

from .choices import ProgressStatus, ReviewState
from .models import PlanSection, PlanTask, ProgressReport, ReportingPeriod

SUBMITTED_STATES = (ReviewState.SUBMITTED, ReviewState.ACCEPTED)


def task_list(*, user) -> QuerySet[PlanTask]:
    qs = PlanTask.objects.select_related("section").prefetch_related(
        "lead_departments", "responsible_departments", "named_districts", "deadlines"
    )
    return policy.scope(user, "plan.view_plantask", qs)


def section_list(*, user, nav_group: str | None = None) -> QuerySet[PlanSection]:
    sections = PlanSection.objects.prefetch_related(
        Prefetch("tasks", queryset=task_list(user=user))
    )
    return sections.filter(nav_group=nav_group) if nav_group else sections


def report_list(*, user, code: str = "plan.view_progressreport") -> QuerySet[ProgressReport]:
    qs = ProgressReport.objects.select_related(
        "task", "period", "organisation", "submitted_by", "reviewed_by"
    )
    return policy.scope(user, code, qs)


def period_list() -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.all()


def period_by_code(code: str) -> ReportingPeriod | None:
    """The period of a code such as ``2026Q3``; ``None`` for a malformed or unknown code."""
    match = re.fullmatch(r"(\d{4})Q([1-4])", code.strip().upper())
    if not match:
        return None
    return ReportingPeriod.objects.filter(
        year=int(match.group(1)), quarter=int(match.group(2))
    ).first()


def period_current(today: dt.date) -> ReportingPeriod | None:
    """The latest period that has started by ``today``."""
    return ReportingPeriod.objects.filter(start__lte=today).order_by("-start").first()


def period_latest_closed(today: dt.date) -> ReportingPeriod | None:
    """The latest period whose reports were due before ``today``."""
    return ReportingPeriod.objects.filter(due__lt=today).order_by("-due").first()


def active_districts() -> list[Organisation]:
    """Every active district (and the development area), by code."""
    return list(
        Organisation.objects.filter(kind=OrganisationKind.DISTRICT, is_active=True).order_by("code")
    )


def expected_reporters(
    task: PlanTask, *, districts: list[Organisation] | None = None
) -> list[Organisation]:
    """The bodies that must report on ``task``: its departments and every active district.

    Pass ``districts`` (from :func:`active_districts`) when calling this for many tasks.
    """
    departments = {o.pk: o for o in task.lead_departments.all()}
    departments.update({o.pk: o for o in task.responsible_departments.all()})
    if task.all_departments:
        departments.update(
            {o.pk: o for o in Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)}
        )
    if districts is None:
        districts = active_districts()
    return sorted(departments.values(), key=lambda o: o.code) + districts


def aggregate_status(statuses: list[str], expected: int) -> str:
    """One status for a task from its reports: delayed wins, completed needs every body."""
    if not statuses:
        return ProgressStatus.NOT_STARTED
    if ProgressStatus.DELAYED in statuses:
        return ProgressStatus.DELAYED
    if len(statuses) >= expected and all(s == ProgressStatus.COMPLETED for s in statuses):
        return ProgressStatus.COMPLETED
    if all(s == ProgressStatus.NOT_STARTED for s in statuses):
        return ProgressStatus.NOT_STARTED
    return ProgressStatus.IN_PROGRESS


@dataclass
class TaskProgress:
    task: PlanTask
    status: str
    expected: int
    submitted: int


def task_progress(*, user, period: ReportingPeriod) -> list[TaskProgress]:
    """Each task with the status its submitted reports give for ``period`` (counts only: the
    figures permission, not the permission to read the reports)."""
    reports_by_task: dict[int, list[ProgressReport]] = {}
    for report in report_list(user=user, code="plan.view_progressfigures").filter(period=period):
        reports_by_task.setdefault(report.task_id, []).append(report)
    result = []
    districts = active_districts()
    for task in task_list(user=user):
        reports = reports_by_task.get(task.pk, [])
        submitted = [r for r in reports if r.review_state in SUBMITTED_STATES]
        expected = len(expected_reporters(task, districts=districts))
        result.append(
            TaskProgress(
                task=task,
                status=aggregate_status([r.status for r in submitted], expected),
                expected=expected,
                submitted=len(submitted),
            )
        )
    return result


@dataclass
class Matrix:
    axis: str
    columns: list[Organisation]
    rows: list[tuple[PlanTask, list[ProgressReport | None | bool]]]


def matrix(*, user, period: ReportingPeriod, axis: str) -> Matrix:
    """Tasks × departments or tasks × districts; a cell holds the visible report, ``None``
    when a report is expected but missing or not visible, ``False`` when none is expected."""
    kind = OrganisationKind.DEPARTMENT if axis == "department" else OrganisationKind.DISTRICT
    reports = {
        (r.task_id, r.organisation_id): r
        for r in report_list(user=user).filter(period=period, organisation__kind=kind)
    }
    tasks = list(task_list(user=user))
    districts = active_districts()
    expected = {
        task.pk: {o.pk for o in expected_reporters(task, districts=districts)} for task in tasks
    }
    if kind == OrganisationKind.DEPARTMENT:
        involved = set().union(*expected.values()) if expected else set()
        columns = list(Organisation.objects.filter(pk__in=involved, kind=kind).order_by("code"))
    else:
        columns = districts
    rows = []
    for task in tasks:
        cells = []
        for org in columns:
            if org.pk not in expected[task.pk]:
                cells.append(False)
            else:
                cells.append(reports.get((task.pk, org.pk)))
        rows.append((task, cells))
    return Matrix(axis=axis, columns=columns, rows=rows)


def missing_reports(
    *, user, period: ReportingPeriod, task: PlanTask | None = None
) -> list[tuple[PlanTask, Organisation]]:
    """Expected reports of ``period`` (for ``task``, when given) not (yet) submitted, among the
    bodies the user may see."""
    submitted = set(
        report_list(user=user)
        .filter(period=period, review_state__in=SUBMITTED_STATES)
        .values_list("task_id", "organisation_id")
    )
    visible_orgs = set(
        policy.scope(user, "core.view_organisation", Organisation.objects.all()).values_list(
            "pk", flat=True
        )
    )
    tasks = [task] if task is not None else task_list(user=user)
    districts = active_districts()
    return [
        (t, org)
        for t in tasks
        for org in expected_reporters(t, districts=districts)
        if org.pk in visible_orgs and (t.pk, org.pk) not in submitted
    ]


def overdue_deadlines(
    *,
    user,
    today: dt.date,
    period: ReportingPeriod | None,
    progress: list[TaskProgress] | None = None,
):
    """Plan deadlines that have passed while the task is not reported completed."""
    if progress is None:
        progress = task_progress(user=user, period=period) if period else []
    statuses = {tp.task.pk: tp.status for tp in progress}
    items = []
    for task in task_list(user=user):
        for deadline in task.deadlines.all():
            if deadline.due < today and statuses.get(task.pk) != ProgressStatus.COMPLETED:
                items.append((task, deadline))
    return items


def dashboard_figures(*, user, today: dt.date) -> dict:
    """The figures of the home dashboard for ``user``."""
    current = period_current(today)
    # Figures describe the latest quarter whose reports are due; the to-do list the current one.
    period = period_latest_closed(today) or current
    progress = task_progress(user=user, period=period) if period else []
    counts = Counter(tp.status for tp in progress)
    org_id = getattr(user, "organisation_id", None)
    own_due = []
    if current and org_id and policy.can(user, "plan.change_progressreport"):
        own = {
            r.task_id: r
            for r in report_list(user=user).filter(period=current, organisation_id=org_id)
        }
        districts = active_districts()
        for task in task_list(user=user):
            if any(o.pk == org_id for o in expected_reporters(task, districts=districts)):
                report = own.get(task.pk)
                if report is None or report.is_editable:
                    own_due.append((task, report))
    awaiting_review = (
        report_list(user=user, code="plan.review_progressreport")
        .filter(review_state=ReviewState.SUBMITTED)
        .count()
        if policy.can(user, "plan.review_progressreport")
        else None
    )
    delayed_reports = (
        report_list(user=user).filter(period=period, status=ProgressStatus.DELAYED)
        if period
        else ProgressReport.objects.none()
    )
    return {
        "period": period,
        "current_period": current,
        "status_counts": {s: counts.get(s, 0) for s in ProgressStatus},
        "progress": progress,
        "overdue": overdue_deadlines(user=user, today=today, period=period, progress=progress),
        "delayed_reports": list(delayed_reports[:20]),
        "own_due": own_due,
        "awaiting_review": awaiting_review,
        "missing_count": (
            len(missing_reports(user=user, period=period)) if period and period.due < today else 0
        ),
    }


def district_submission_rates(*, user, period: ReportingPeriod) -> list[dict]:
    """Per district: reports expected, submitted and the rate (the figures permission)."""
    tasks = list(task_list(user=user))
    submitted = Counter(
        report_list(user=user, code="plan.view_progressfigures")
        .filter(
            period=period,
            review_state__in=SUBMITTED_STATES,
            organisation__kind=OrganisationKind.DISTRICT,
        )
        .values_list("organisation_id", flat=True)
    )
    rows = []
    for district in active_districts():
        expected = len(tasks)
        rows.append(
            {
                "code": district.code,
                "name": district.display_name,
                "expected": expected,
                "submitted": submitted.get(district.pk, 0),
                "rate": round(100 * submitted.get(district.pk, 0) / expected, 1) if expected else 0,
            }
        )
    return rows
