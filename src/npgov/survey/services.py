"""Writes of the survey: campaigns and assignment, the scope self-check, saving a report with
its lines (refusing stale edits), the checks, the review workflow, reminders, extensions,
evidence, and the stewards' resolution of unknown substances."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.chemicals.models import Substance
from npgov.core import policy
from npgov.core.audit import acting_as
from npgov.core.errors import DomainError, WorkflowError
from npgov.core.models import Organisation, OrganisationKind
from npgov.core.uploads import evidence_check, save_with_file, sha256_of
from npgov.science.units import AmountError, UnitError, parse_amount, tonnes_per_year

from . import checks, selectors
from .choices import (
    EDITABLE_STATES,
    Activity,
    AssignmentBasis,
    CampaignStatus,
    EventAction,
    ReportState,
    Resolution,
    ReviewStep,
    Severity,
)
from .lines import LineInput, LineProblem, Resolver, field_label, validate_line
from .models import (
    Campaign,
    CheckFinding,
    LineEvidence,
    ReportEvent,
    ReportLine,
    ReviewComment,
    SurveyReport,
)


class StaleReport(WorkflowError):
    """Someone else saved the report since this edit began; nothing was written."""


class LinesRejected(DomainError):
    """Some lines are invalid; nothing was written. ``problems`` lists them."""

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        self.problems = list(problems)
        super().__init__(
            [
                _("Line {line}, {field} “{value}”: {reason}").format(
                    line=p.line,
                    field=field_label(p.field),
                    value=p.value,
                    reason=p.reason_en if _is_english() else p.reason_zh,
                )
                for p in self.problems
            ],
            code="lines",
        )


def _is_english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("en")


def _event(report: SurveyReport, action: str, actor, comment: str = "") -> None:
    ReportEvent.objects.create(report=report, action=action, actor=actor, comment=comment)


# --- campaigns ---------------------------------------------------------------------------


@dataclass
class CampaignInput:
    code: str
    year: int
    kind: str
    title_zh: str
    opens: dt.date
    deadline: dt.date
    title_en: str = ""
    list_codes: list[str] = field(default_factory=list)
    group_codes: list[str] = field(default_factory=list)
    substance_ids: list[int] = field(default_factory=list)
    industry_codes: list[str] = field(default_factory=list)
    district_codes: list[str] = field(default_factory=list)
    threshold_t: float = 1.0
    yoy_threshold_percent: int = 50
    balance_tolerance_percent: int = 5
    note: str = ""


@transaction.atomic
def campaign_save(*, actor, data: CampaignInput, campaign: Campaign | None = None) -> Campaign:
    """Create or change a campaign; a change of scope raises the template revision so that
    workbooks generated before are refused."""
    from npgov.chemicals.models import RegulatoryList, SubstanceGroup
    from npgov.enterprises.models import IndustryClass

    policy.require(actor, "survey.manage_campaign")
    campaign = campaign or Campaign(created_by=actor)
    before = _scope_signature(campaign) if campaign.pk else None
    for name in (
        "code",
        "year",
        "kind",
        "title_zh",
        "title_en",
        "opens",
        "deadline",
        "threshold_t",
        "yoy_threshold_percent",
        "balance_tolerance_percent",
        "note",
    ):
        setattr(campaign, name, getattr(data, name))
    lookups = [
        ("lists", RegulatoryList.objects.filter(code__in=data.list_codes), data.list_codes, "code"),
        (
            "groups",
            SubstanceGroup.objects.filter(code__in=data.group_codes),
            data.group_codes,
            "code",
        ),
        (
            "industries",
            IndustryClass.objects.filter(code__in=data.industry_codes),
            data.industry_codes,
            "code",
        ),
        (
            "districts",
            Organisation.objects.filter(
                kind=OrganisationKind.DISTRICT, code__in=data.district_codes
            ),
            data.district_codes,
            "code",
        ),
        (
            "substances",
            Substance.objects.filter(pk__in=data.substance_ids),
            data.substance_ids,
            "pk",
        ),
    ]
    resolved = {}
    for name, qs, wanted, key in lookups:
        objects = list(qs)
        missing = sorted({str(w) for w in wanted} - {str(getattr(o, key)) for o in objects})
        if missing:
            field = {"substances": "substance_ids"}.get(name, f"{name[:-1]}_codes")
            if name == "industries":
                field = "industry_codes"
            what = Campaign._meta.get_field(name).verbose_name
            raise ValidationError(
                {field: _("Unknown {what}: {codes}.").format(what=what, codes=", ".join(missing))},
                code="unknown",
            )
        resolved[name] = objects
    with acting_as(actor):
        campaign.full_clean()
        campaign.save()
        for name, objects in resolved.items():
            getattr(campaign, name).set(objects)
        if before is not None and before != _scope_signature(campaign):
            campaign.template_revision += 1
            campaign.save(update_fields=["template_revision"])
    return campaign


def _scope_signature(campaign: Campaign) -> tuple:
    return (
        campaign.kind,
        campaign.year,
        tuple(sorted(campaign.lists.values_list("pk", flat=True))),
        tuple(sorted(campaign.groups.values_list("pk", flat=True))),
        tuple(sorted(campaign.substances.values_list("pk", flat=True))),
    )


@transaction.atomic
def campaign_set_status(*, actor, campaign: Campaign, status: str) -> Campaign:
    policy.require(actor, "survey.manage_campaign")
    if status not in CampaignStatus.values:
        raise ValidationError(_("Unknown campaign status."), code="status")
    with acting_as(actor):
        campaign.status = status
        campaign.save(update_fields=["status", "updated"])
    return campaign


@transaction.atomic
def campaign_assign(*, actor, campaign: Campaign) -> int:
    """Assign every enterprise of the campaign's industry and district scope that has no report
    yet; returns the number assigned (running it again assigns nothing twice)."""
    policy.require(actor, "survey.manage_campaign")
    have = set(campaign.reports.values_list("enterprise_id", flat=True))
    new = [
        SurveyReport(campaign=campaign, enterprise=e, basis=AssignmentBasis.RULE, created_by=actor)
        for e in selectors.enterprises_in_scope(campaign)
        if e.pk not in have
    ]
    SurveyReport.objects.bulk_create(new)
    created = SurveyReport.objects.filter(
        campaign=campaign, enterprise_id__in=[r.enterprise_id for r in new]
    )
    ReportEvent.objects.bulk_create(
        [ReportEvent(report=r, action=EventAction.ASSIGN, actor=actor) for r in created]
    )
    return len(new)


@transaction.atomic
def campaign_add_enterprise(
    *, actor, campaign: Campaign, enterprise: Organisation, basis: str = AssignmentBasis.MANUAL
) -> SurveyReport:
    """Add one enterprise to a campaign by hand (or after its self-check)."""
    probe = SurveyReport(campaign=campaign, enterprise=enterprise)
    if basis == AssignmentBasis.SELF_CHECK:
        policy.require(actor, "survey.screen_surveyreport", probe)
    else:
        policy.require(actor, "survey.manage_campaign")
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise ValidationError(_("Only enterprises report in a survey."), code="kind")
    report, created = SurveyReport.objects.get_or_create(
        campaign=campaign, enterprise=enterprise, defaults={"basis": basis, "created_by": actor}
    )
    if created:
        _event(report, EventAction.ASSIGN, actor, AssignmentBasis(basis).label)
    return report


# --- scope self-check --------------------------------------------------------------------


@dataclass
class ScreeningAnswer:
    query: str
    quantity: object
    unit: str = "t"


@dataclass
class ScreeningResult:
    must_report: bool
    industry_in_scope: bool
    substances: list[dict]
    unknown: list[str]
    reasons_zh: list[str]
    reasons_en: list[str]

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def screening_evaluate(
    *, actor, campaign: Campaign, industry_code: str, answers: Sequence[ScreeningAnswer]
) -> ScreeningResult:
    """Whether an enterprise must report, and which substances: its industry is in the scope
    and it handles a substance of the scope at or above the threshold. An answer that names
    no recorded substance is listed so the enterprise can ask the district."""
    in_industry = campaign.industries.filter(code=industry_code).exists()
    scope_ids = selectors.scope_substance_ids(campaign)
    resolver = Resolver(actor)
    report_these, unknown, problems = [], [], []
    totals: dict[Substance, float] = {}
    for number, answer in enumerate(answers, start=1):
        if not str(answer.query).strip():
            continue
        try:
            quantity = tonnes_per_year(parse_amount(answer.quantity), answer.unit)
        except (AmountError, UnitError) as exc:
            problems.append(f"{number}: {exc.reason_en if _is_english() else exc.reason_zh}")
            continue
        substance, _problem = resolver(str(answer.query), "")
        if substance is None:
            unknown.append(str(answer.query))
            continue
        if substance.pk in scope_ids:
            totals[substance] = totals.get(substance, 0.0) + quantity
    if problems:
        raise ValidationError(problems, code="screening")
    report_these = [
        {"substance": s.pk, "name": str(s), "quantity_t": t}
        for s, t in totals.items()
        if t >= campaign.threshold_t
    ]
    must = in_industry and bool(report_these)
    zh, en = [], []
    if not in_industry:
        zh.append(f"行业代码 {industry_code} 不在本次调查的行业范围内。")
        en.append(f"Industry class {industry_code} is outside the campaign's industry scope.")
    if not report_these:
        zh.append(f"没有年用量达到 {campaign.threshold_t:g} 吨的调查范围内物质。")
        en.append(f"No substance of the scope is handled at {campaign.threshold_t:g} t/a or more.")
    if must:
        zh.append("需要填报：" + "、".join(s["name"] for s in report_these))
        en.append("Must report: " + ", ".join(s["name"] for s in report_these))
    return ScreeningResult(must, in_industry, report_these, unknown, zh, en)


@transaction.atomic
def screening_record(
    *, actor, campaign: Campaign, enterprise: Organisation, result: ScreeningResult
) -> SurveyReport | None:
    """Keep the self-check's answer; an enterprise found to be in scope gets its report."""
    probe = SurveyReport(campaign=campaign, enterprise=enterprise)
    policy.require(actor, "survey.screen_surveyreport", probe)
    if campaign.status != CampaignStatus.OPEN:
        raise WorkflowError(_("The campaign is not open for reporting."), code="closed")
    report = SurveyReport.objects.filter(campaign=campaign, enterprise=enterprise).first()
    if report is None and result.must_report:
        report = campaign_add_enterprise(
            actor=actor, campaign=campaign, enterprise=enterprise, basis=AssignmentBasis.SELF_CHECK
        )
    if report is not None:
        report.screening = {**result.as_dict(), "at": timezone.now().isoformat()}
        report.save(update_fields=["screening", "updated"])
    return report


# --- reports -----------------------------------------------------------------------------


def prefill(report: SurveyReport) -> list[LineInput]:
    """Lines to start from: last year's report, then the substances of the enterprise's
    permits that are in scope and not already there (with no quantity)."""
    from npgov.enterprises.models import PermittedPollutant

    lines: list[LineInput] = []
    seen: set[int] = set()
    previous = selectors.previous_report(report)
    if previous is not None:
        for line in previous.lines.all().order_by("position"):
            lines.append(LineInput.from_line(line))
            if line.substance_id:
                seen.add(line.substance_id)
    scope_ids = selectors.scope_substance_ids(report.campaign)
    permitted = (
        PermittedPollutant.objects.filter(
            permit__enterprise_id=report.enterprise_id, substance__isnull=False
        )
        .select_related("substance")
        .order_by("substance__name_zh")
    )
    for item in permitted:
        if item.substance_id in seen or (scope_ids and item.substance_id not in scope_ids):
            continue
        seen.add(item.substance_id)
        cas = item.substance.identifiers.filter(kind="cas").values_list("value", flat=True).first()
        lines.append(
            LineInput(
                name=item.substance.name_zh,
                cas=cas or "",
                activity=Activity.PROCESSING_USE,
                unit="t",
                note=_("From permit {number}").format(number=item.permit.number),
            )
        )
    return lines


def _lock(report: SurveyReport, expected_version: int | None) -> SurveyReport:
    current = SurveyReport.objects.select_for_update().select_related("campaign").get(pk=report.pk)
    if expected_version is not None and current.version != expected_version:
        who = (
            current.edited_by.get_full_name() or current.edited_by.username
            if current.edited_by
            else "?"
        )
        raise StaleReport(
            _(
                "{who} saved this report at {at} after you opened it; your changes were not "
                "saved. Reload the report, then make your changes again."
            ).format(who=who, at=timezone.localtime(current.updated).strftime("%Y-%m-%d %H:%M")),
            code="stale",
        )
    return current


@transaction.atomic
def report_save(
    *,
    actor,
    report: SurveyReport,
    lines: Sequence[LineInput],
    expected_version: int | None,
    nothing_to_report: bool = False,
    contact_name: str | None = None,
    contact_phone: str | None = None,
    action: str = EventAction.EDIT,
    comment: str = "",
) -> SurveyReport:
    """Replace the report's lines with ``lines``, all or nothing, and run the checks.

    ``expected_version`` is the version the editor started from: if someone saved in the
    meantime the save is refused (:class:`StaleReport`) and nothing is written.
    """
    policy.require(actor, "survey.change_surveyreport", report)
    report = _lock(report, expected_version)
    if not report.is_editable:
        raise WorkflowError(
            _("A report that is {state} cannot be edited.").format(
                state=report.get_state_display()
            ),
            code="not_editable",
        )
    if report.campaign.status != CampaignStatus.OPEN:
        raise WorkflowError(_("The campaign is not open for reporting."), code="closed")
    resolver = Resolver(actor)
    parsed, problems = [], []
    position = 0
    for data in lines:
        if data.is_removed():
            continue
        position += 1
        line, found = validate_line(
            data, position=position, campaign=report.campaign, resolver=resolver
        )
        problems.extend(found)
        if line is not None:
            line.report = report
            parsed.append(line)
    if problems:
        raise LinesRejected(problems)
    with acting_as(actor):
        if contact_name is not None:
            report.contact_name = contact_name[:100]
        if contact_phone is not None:
            report.contact_phone = contact_phone[:40]
        report.nothing_to_report = nothing_to_report
        if report.state == ReportState.NOT_STARTED:
            report.state = ReportState.DRAFT
        report.version += 1
        report.edited_by = actor
        report.save()
        summary = _replace_lines(report, parsed)
    findings_refresh(report)
    _event(report, action, actor, "; ".join(x for x in (comment, summary) if x))
    return report


def _line_key(line: ReportLine) -> tuple:
    who = (
        f"s{line.substance_id}"
        if line.substance_id
        else (f"n:{line.name_given.casefold()}|{line.cas_given}")
    )
    return (who, line.activity)


def _replace_lines(report: SurveyReport, parsed: list[ReportLine]) -> str:
    """Store ``parsed`` as the report's lines. A new line takes over the stored line of the
    same substance and activity, so its evidence and review comments stay with it; a stored
    line with evidence is never deleted. Returns a summary of what changed."""
    existing: dict[tuple, list[ReportLine]] = {}
    for line in report.lines.annotate(n_evidence=Count("evidence")).order_by("position"):
        existing.setdefault(_line_key(line), []).append(line)
    updates, creates, changed = [], [], 0
    names = [f.attname for f in ReportLine._meta.concrete_fields if f.name not in ("id", "report")]
    for line in parsed:
        candidates = existing.get(_line_key(line))
        if not candidates:
            creates.append(line)
            continue
        old = candidates.pop(0)
        line.pk = old.pk
        if any(getattr(old, n) != getattr(line, n) for n in names if n != "position"):
            changed += 1
        updates.append(line)
    gone = [line for lines in existing.values() for line in lines]
    with_evidence = [line for line in gone if line.n_evidence]
    if with_evidence:
        raise WorkflowError(
            _(
                "“{name}” ({activity}) has evidence attached and cannot be removed; keep the "
                "line and explain in its note."
            ).format(
                name=with_evidence[0].name_given,
                activity=with_evidence[0].get_activity_display(),
            ),
            code="evidence",
        )
    if gone:
        ReportLine.objects.filter(pk__in=[line.pk for line in gone]).delete()
    if updates:
        # Positions are unique per report: move the kept lines out of the way first.
        ReportLine.objects.filter(pk__in=[x.pk for x in updates]).update(
            position=F("position") + 1_000_000
        )
        ReportLine.objects.bulk_update(updates, names, batch_size=500)
    if creates:
        ReportLine.objects.bulk_create(creates, batch_size=1000)
    parts = [
        _("{n} lines added").format(n=len(creates)) if creates else "",
        _("{n} changed").format(n=changed) if changed else "",
        _("{n} removed").format(n=len(gone)) if gone else "",
    ]
    return ", ".join(p for p in parts if p)


def findings_refresh(report: SurveyReport) -> list[CheckFinding]:
    """Run the checks again and store what they find (replacing the previous findings)."""
    findings = checks.report_findings(report)
    report.findings.all().delete()
    CheckFinding.objects.bulk_create(findings, batch_size=1000)
    return findings


@transaction.atomic
def report_submit(*, actor, report: SurveyReport, today: dt.date | None = None) -> SurveyReport:
    """Submit to the district: only without errors, and before the deadline (or the extended
    one); a report returned for revision may be submitted again after it."""
    policy.require(actor, "survey.submit_surveyreport", report)
    report = _lock(report, None)
    if not report.is_editable or report.state == ReportState.NOT_STARTED:
        raise WorkflowError(
            _("Only a draft or returned report can be submitted; this one is {state}.").format(
                state=report.get_state_display()
            ),
            code="not_submittable",
        )
    if report.campaign.status != CampaignStatus.OPEN:
        raise WorkflowError(_("The campaign is not open for reporting."), code="closed")
    today = today or timezone.localdate()
    if report.state != ReportState.RETURNED and today > report.deadline:
        raise WorkflowError(
            _(
                "The deadline was {deadline}; the report can no longer be submitted. Ask your "
                "district's environment bureau for an extension."
            ).format(deadline=report.deadline.isoformat()),
            code="deadline",
        )
    findings = findings_refresh(report)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    if errors:
        message = errors[0].message_en if _is_english() else errors[0].message_zh
        raise WorkflowError(
            _("The report has {n} error(s) to correct before it can be submitted: {first}").format(
                n=len(errors), first=message
            ),
            code="errors",
        )
    with acting_as(actor):
        report.state = ReportState.SUBMITTED
        if report.submitted_at is None:  # lateness is judged by the first submission
            report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.version += 1
        report.edited_by = actor
        report.save()
    _event(report, EventAction.SUBMIT, actor)
    return report


@transaction.atomic
def report_review(
    *,
    actor,
    report: SurveyReport,
    accept: bool,
    comment: str = "",
    line_comments: dict[int, str] | None = None,
) -> SurveyReport:
    """The district (for a submitted report) or the bureau (for one the district passed)
    passes or returns it; a return needs a comment on the report or on a line."""
    report = _lock(report, None)
    if report.state == ReportState.SUBMITTED:
        step, code = ReviewStep.DISTRICT, "survey.review_district"
    elif report.state == ReportState.DISTRICT_PASSED:
        step, code = ReviewStep.BUREAU, "survey.review_bureau"
    else:
        raise WorkflowError(
            _("The report is {state}; there is nothing to review.").format(
                state=report.get_state_display()
            ),
            code="not_reviewable",
        )
    policy.require(actor, code, report)
    line_comments = {k: v.strip() for k, v in (line_comments or {}).items() if v and v.strip()}
    if not accept and not comment.strip() and not line_comments:
        raise ValidationError(
            {"comment": _("Say why the report is returned, on the report or on its lines.")},
            code="comment",
        )
    lines = {line.pk: line for line in report.lines.filter(pk__in=list(line_comments))}
    unknown = set(line_comments) - set(lines)
    if unknown:
        raise ValidationError(_("A comment names a line that is not in this report."), code="line")
    now = timezone.now()
    with acting_as(actor):
        if comment.strip():
            ReviewComment.objects.create(
                report=report, step=step, author=actor, text=comment.strip(), at=now
            )
        for pk, text in line_comments.items():
            ReviewComment.objects.create(
                report=report,
                line=lines[pk],
                line_label=str(lines[pk])[:300],
                step=step,
                author=actor,
                text=text,
                at=now,
            )
        if not accept:
            report.state = ReportState.RETURNED
            action = EventAction.RETURN
        elif step == ReviewStep.DISTRICT:
            report.state = ReportState.DISTRICT_PASSED
            report.district_reviewed_at, report.district_reviewed_by = now, actor
            action = EventAction.DISTRICT_PASS
        else:
            report.state = ReportState.ACCEPTED
            report.accepted_at, report.accepted_by = now, actor
            action = EventAction.ACCEPT
        report.version += 1
        report.save()
    _event(report, action, actor, comment.strip())
    return report


@transaction.atomic
def report_extend(*, actor, report: SurveyReport, until: dt.date, reason: str) -> SurveyReport:
    policy.require(actor, "survey.remind_surveyreport", report)
    if not report.is_editable:
        raise WorkflowError(
            _("Only a report that has not been submitted can be given more time."),
            code="not_editable",
        )
    if until <= report.campaign.deadline:
        raise ValidationError(
            {"until": _("An extension must end after the campaign's deadline.")}, code="until"
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")}, code="reason")
    with acting_as(actor):
        report.extended_until = until
        report.save(update_fields=["extended_until", "updated"])
    _event(
        report,
        EventAction.EXTEND,
        actor,
        _("Extended until {day}: {reason}").format(day=until.isoformat(), reason=reason.strip()),
    )
    return report


@transaction.atomic
def reminders_send(*, actor, campaign: Campaign, today: dt.date | None = None) -> int:
    """Record a reminder on every report still open (not submitted) that the actor may remind;
    the enterprise sees it on its report list. Returns how many were reminded."""
    policy.require(actor, "survey.remind_surveyreport")
    reports = selectors.report_list(user=actor, code="survey.remind_surveyreport").filter(
        campaign=campaign, state__in=EDITABLE_STATES
    )
    now = timezone.now()
    ids = list(reports.values_list("pk", flat=True))
    SurveyReport.objects.filter(pk__in=ids).update(last_reminded_at=now)
    text = (
        _("Overdue since {day}").format(day=campaign.deadline.isoformat())
        if campaign.is_overdue(today)
        else _("Deadline {day}").format(day=campaign.deadline.isoformat())
    )
    ReportEvent.objects.bulk_create(
        [
            ReportEvent(report_id=pk, action=EventAction.REMIND, actor=actor, comment=text)
            for pk in ids
        ]
    )
    return len(ids)


# --- evidence ----------------------------------------------------------------------------


@transaction.atomic
def line_evidence_add(*, actor, line: ReportLine, upload) -> LineEvidence:
    """Attach a ledger, invoice or customs record to a line of an editable report."""
    report = line.report
    policy.require(actor, "survey.change_surveyreport", report)
    if not report.is_editable or report.campaign.status != CampaignStatus.OPEN:
        raise WorkflowError(
            _("Evidence can only be attached to a draft or returned report."), code="not_editable"
        )
    _ext, content_type, size = evidence_check(upload)
    sha = sha256_of(upload)
    existing = line.evidence.filter(sha256=sha).first()
    if existing:
        return existing
    with acting_as(actor):
        evidence = LineEvidence(
            line=line,
            original_name=PurePath(upload.name).name[:200],
            content_type=content_type,
            size=size,
            sha256=sha,
            uploaded_by=actor,
        )
        save_with_file(evidence, upload, sha)
    _event(report, EventAction.EVIDENCE, actor, f"{line.position}: {evidence.original_name}")
    return evidence


# --- stewardship -------------------------------------------------------------------------


@transaction.atomic
def unresolved_assign(*, actor, name: str, cas: str, substance: Substance) -> int:
    """A steward says which recorded substance an unresolved name (and CAS RN) means: the
    name becomes a synonym of the substance, so that it resolves from now on; every such line
    is linked, and the checks of reports still being edited run again. Returns the lines
    linked."""
    from npgov.chemicals.services import synonym_add

    policy.require(actor, "survey.resolve_reportline")
    synonym_add(actor=actor, substance=substance, name=name, source=_("Survey report name"))
    lines = list(
        ReportLine.objects.filter(
            resolution=Resolution.UNRESOLVED, name_given=name, cas_given=cas
        ).select_related("report")
    )
    with acting_as(actor):
        for line in lines:
            line.substance, line.resolution = substance, Resolution.MATCHED
            line.save(update_fields=["substance", "resolution"])
    reports = {line.report_id: line.report for line in lines}
    for report in reports.values():
        _event(report, EventAction.RESOLVED, actor, f"{name} → {substance}")
        if report.is_editable:
            findings_refresh(report)
    return len(lines)


# --- workbook upload ---------------------------------------------------------------------


@transaction.atomic
def report_upload(
    *, actor, report: SurveyReport, file_name: str, content: bytes
) -> tuple[SurveyReport, bool]:
    """Load a filled-in workbook into the report: every problem is reported with its sheet row
    and nothing is stored unless the whole file is right. Returns ``(report, loaded)``;
    ``loaded`` is false when this very file was the last one loaded and nothing has changed
    since (a second upload loads nothing twice)."""
    from npgov.core.imports import ImportRejected, RowError

    from . import workbook

    policy.require(actor, "survey.change_surveyreport", report)
    digest = hashlib.sha256(content).hexdigest()
    if report.upload_sha256 == digest and report.upload_version == report.version:
        return report, False
    read = workbook.read(content, file_name, campaign=report.campaign, report=report)
    if not read.lines:
        raise ImportRejected(
            [
                RowError(
                    file_name, 0, workbook.LINES_SHEET, "",
                    "填报表中没有物质行；如本年度无需填报，请在网页上声明。",
                    "The workbook has no lines; to declare that there is nothing to report, "
                    "use the web form.",
                )
            ]
        )  # fmt: skip
    if read.report_version is not None and read.report_version != report.version:
        raise ImportRejected(
            [
                RowError(
                    file_name, 0, "report_version", str(read.report_version),
                    "下载该填报表之后，报告已在平台上被修改；请重新下载填报表，再填入您的修改。",
                    "The report was changed on the platform after this workbook was downloaded; "
                    "download it again and make your changes there.",
                )
            ]
        )  # fmt: skip
    try:
        report = report_save(
            actor=actor,
            report=report,
            lines=read.lines,
            expected_version=None,
            nothing_to_report=False,
            action=EventAction.UPLOAD,
            comment=PurePath(file_name).name[:200],
        )
    except LinesRejected as rejected:
        headers = {c.key: c.header for c in workbook.COLUMNS}
        raise ImportRejected(
            [
                RowError(
                    file_name,
                    read.rows[p.line - 1],
                    headers.get(p.field, p.field),
                    p.value,
                    p.reason_zh,
                    p.reason_en,
                )
                for p in rejected.problems
            ]
        ) from None
    report.upload_sha256, report.upload_version = digest, report.version
    report.save(update_fields=["upload_sha256", "upload_version"])
    return report, True
