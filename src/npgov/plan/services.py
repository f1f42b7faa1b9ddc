"""Writes of the plan app: loading the plan, reporting periods, progress reports and review."""

import datetime as dt
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core import policy, reference
from npgov.core.audit import acting_as
from npgov.core.errors import WorkflowError
from npgov.core.models import Organisation, OrganisationKind
from npgov.core.uploads import evidence_check, save_with_file, sha256_of

from . import selectors
from .choices import EventAction, ProgressStatus, ReviewState
from .models import (
    Evidence,
    PlanDeadline,
    PlanSection,
    PlanTask,
    ProgressEvent,
    ProgressReport,
    RecordLink,
    ReportingPeriod,
)

#: Days after the end of a quarter by which progress reports are due.
REPORT_DUE_DAYS = 10


@transaction.atomic
def plan_load_reference() -> dict[str, int]:
    """Load the plan's sections, tasks and deadlines from ``reference/plan.yaml`` (idempotent)."""
    data = reference.read_yaml("plan.yaml")
    version = str(data["version"])
    sections = {}
    for row in data["sections"]:
        sections[row["code"]], _c = PlanSection.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_zh": row["zh"],
                "name_en": row["en"],
                "nav_group": row["nav"],
                "order": row["order"],
            },
        )
    departments = {o.code: o for o in Organisation.objects.filter(kind=OrganisationKind.DEPARTMENT)}
    districts = {o.code: o for o in Organisation.objects.filter(kind=OrganisationKind.DISTRICT)}
    for row in data["tasks"]:
        task, _c = PlanTask.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "section": sections[row["section"]],
                "order": row["order"],
                "title_zh": row["title_zh"],
                "title_en": row["title_en"],
                "summary_en": row.get("summary_en", ""),
                "all_departments": row.get("all_departments", False),
                "source": row["source"],
                "reference_version": version,
            },
        )
        task.lead_departments.set([departments[c] for c in row.get("lead", [])])
        task.responsible_departments.set([departments[c] for c in row.get("responsible", [])])
        task.named_districts.set([districts[c] for c in row.get("district_leads", [])])
        for deadline in row.get("deadlines", []):
            PlanDeadline.objects.get_or_create(
                task=task,
                due=dt.date.fromisoformat(deadline["due"]),
                description_zh=deadline["zh"],
            )
    return {"sections": len(sections), "tasks": len(data["tasks"])}


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    next_start = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, next_start - dt.timedelta(days=1)


@transaction.atomic
def period_ensure(*, year: int, quarter: int) -> ReportingPeriod:
    """The reporting period of a quarter, created if missing."""
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("The quarter must be 1 to 4."), code="quarter")
    start, end = quarter_bounds(year, quarter)
    period, _created = ReportingPeriod.objects.get_or_create(
        year=year,
        quarter=quarter,
        defaults={"start": start, "end": end, "due": end + dt.timedelta(days=REPORT_DUE_DAYS)},
    )
    return period


def period_for_date(day: dt.date) -> ReportingPeriod:
    return period_ensure(year=day.year, quarter=(day.month - 1) // 3 + 1)


def _event(report: ProgressReport, action: str, actor, comment: str = "") -> None:
    ProgressEvent.objects.create(report=report, action=action, actor=actor, comment=comment)


def _clean_links(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = []
    for label, path in links:
        path = path.strip()
        if not path.startswith("/") or path.startswith("//"):
            raise ValidationError(
                _("The link “{path}” is not a path of this platform.").format(path=path),
                code="link",
            )
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            raise ValidationError(
                _("The link “{path}” does not lead to a page of this platform.").format(path=path),
                code="link",
            ) from None
        cleaned.append((label.strip() or path, path))
    return cleaned


@transaction.atomic
def progress_report_save(
    *,
    actor,
    task: PlanTask,
    period: ReportingPeriod,
    organisation: Organisation,
    status: str,
    percent: int,
    narrative: str,
    links: list[tuple[str, str]] | None = None,
    submit: bool = False,
) -> ProgressReport:
    """Create or edit the draft (or returned) report of a body on a task for a period, and
    submit it in the same transaction when ``submit`` is true (all or nothing)."""
    report = (
        ProgressReport.objects.select_for_update()
        .filter(task=task, period=period, organisation=organisation)
        .first()
    )
    creating = report is None
    if creating:
        report = ProgressReport(
            task=task, period=period, organisation=organisation, created_by=actor
        )
    policy.require(actor, "plan.change_progressreport", report)
    if all(o.pk != organisation.pk for o in selectors.expected_reporters(task)):
        raise WorkflowError(
            _("{organisation} does not report on task {task}.").format(
                organisation=organisation, task=task.label
            ),
            code="not_expected",
        )
    if not report.is_editable:
        raise WorkflowError(
            _("A report that is {state} cannot be edited.").format(
                state=report.get_review_state_display()
            ),
            code="not_editable",
        )
    if status == ProgressStatus.COMPLETED and percent != 100:
        raise ValidationError(
            {"percent": _("A completed task must be reported at 100%.")}, code="percent"
        )
    if status == ProgressStatus.NOT_STARTED and percent != 0:
        raise ValidationError(
            {"percent": _("A task not started must be reported at 0%.")}, code="percent"
        )
    report.status, report.percent, report.narrative = status, percent, narrative
    cleaned_links = _clean_links(links) if links is not None else None
    with acting_as(actor):
        report.full_clean()
        report.save()
        if cleaned_links is not None:
            report.links.all().delete()
            for label, path in cleaned_links:
                RecordLink.objects.create(report=report, label=label, path=path)
    _event(report, EventAction.CREATE if creating else EventAction.EDIT, actor)
    if submit:
        report = progress_report_submit(actor=actor, report=report)
    return report


@transaction.atomic
def progress_report_submit(*, actor, report: ProgressReport) -> ProgressReport:
    """Submit a draft or returned report to the bureau for review."""
    policy.require(actor, "plan.submit_progressreport", report)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise WorkflowError(
            _("Only a draft or returned report can be submitted; this one is {state}.").format(
                state=report.get_review_state_display()
            ),
            code="not_submittable",
        )
    if not report.narrative.strip():
        raise ValidationError(
            {"narrative": _("Describe the progress before submitting.")}, code="narrative"
        )
    with acting_as(actor):
        report.review_state = ReviewState.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.save()
    _event(report, EventAction.SUBMIT, actor)
    return report


def may_review_own(*, actor, report: ProgressReport) -> bool:
    """Reviewing is separated from reporting: no one reviews their own body's report."""
    return report.organisation_id != getattr(actor, "organisation_id", None)


@transaction.atomic
def progress_report_review(
    *, actor, report: ProgressReport, accept: bool, comment: str = "", publish: bool = False
) -> ProgressReport:
    """The bureau accepts a submitted report (optionally publishing it) or returns it."""
    policy.require(actor, "plan.review_progressreport", report)
    if not may_review_own(actor=actor, report=report):
        raise WorkflowError(
            _("A report cannot be reviewed by the organisation that wrote it."),
            code="own_report",
        )
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.review_state != ReviewState.SUBMITTED:
        raise WorkflowError(
            _("Only a submitted report can be reviewed; this one is {state}.").format(
                state=report.get_review_state_display()
            ),
            code="not_submitted",
        )
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say why the report is returned.")}, code="comment")
    with acting_as(actor):
        report.review_state = ReviewState.ACCEPTED if accept else ReviewState.RETURNED
        report.reviewed_at = timezone.now()
        report.reviewed_by = actor
        report.review_comment = comment
        report.published = bool(accept and publish)
        report.save()
    _event(report, EventAction.ACCEPT if accept else EventAction.RETURN, actor, comment)
    return report


@transaction.atomic
def evidence_add(*, actor, report: ProgressReport, upload: UploadedFile) -> Evidence:
    """Attach a checked file to an editable report; the same file is attached only once."""
    policy.require(actor, "plan.change_progressreport", report)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_editable:
        raise WorkflowError(
            _("Evidence can only be attached to a draft or returned report."), code="not_editable"
        )
    _ext, content_type, size = evidence_check(upload)
    sha = sha256_of(upload)
    existing = report.evidence.filter(sha256=sha).first()
    if existing:
        return existing
    with acting_as(actor):
        evidence = Evidence(
            report=report,
            original_name=PurePath(upload.name).name[:200],
            content_type=content_type,
            size=size,
            sha256=sha,
            uploaded_by=actor,
        )
        save_with_file(evidence, upload, sha)
    _event(report, EventAction.EVIDENCE, actor, evidence.original_name)
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    policy.require(actor, "plan.change_progressreport", evidence.report)
    if not evidence.report.is_editable:
        raise WorkflowError(
            _("Evidence can only be removed from a draft or returned report."),
            code="not_editable",
        )
    storage, stored, name = evidence.file.storage, evidence.file.name, evidence.original_name
    with acting_as(actor):
        evidence.delete()
    _event(evidence.report, EventAction.EVIDENCE_REMOVED, actor, name)
    # The file goes only once the row's deletion is committed.
    transaction.on_commit(lambda: storage.delete(stored))


def progress_export_request(*, actor, period: ReportingPeriod, fmt: str, language: str):
    """Queue the export of a period's progress report; returns the job the user can follow."""
    from npgov.core import services as core_services

    from .tasks import progress_export

    policy.require(actor, "plan.export_progressreport")
    if fmt not in ("xlsx", "docx"):
        raise ValidationError(_("Unknown export format “{fmt}”.").format(fmt=fmt), code="format")
    job = core_services.job_create(
        owner=actor,
        kind="plan.progress_export",
        title=_("Progress report {period} ({fmt})").format(period=period, fmt=fmt),
        params={"period": period.pk, "format": fmt, "language": language},
    )
    transaction.on_commit(lambda: progress_export.enqueue(str(job.pk)))
    return job
