"""Read-side queries of the survey, every one through the policy layer."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from npgov.chemicals.models import GroupMembership, ListEntry, Substance
from npgov.core import policy
from npgov.core.models import Organisation, OrganisationKind

from .choices import EDITABLE_STATES, REPORTED_STATES, Activity, ReportState, Resolution
from .models import Campaign, ReportLine, SurveyReport


def campaign_list(*, user) -> QuerySet[Campaign]:
    return policy.scope(user, "survey.view_campaign", Campaign.objects.all())


def report_list(*, user, code: str = "survey.view_surveyreport") -> QuerySet[SurveyReport]:
    return policy.scope(
        user, code, SurveyReport.objects.select_related("campaign", "enterprise__district")
    )


def reports_to_review(*, user) -> QuerySet[SurveyReport]:
    """Reports waiting for this user's review step."""
    district = policy.scope(
        user, "survey.review_district", SurveyReport.objects.filter(state=ReportState.SUBMITTED)
    )
    bureau = policy.scope(
        user,
        "survey.review_bureau",
        SurveyReport.objects.filter(state=ReportState.DISTRICT_PASSED),
    )
    ids = set(district.values_list("pk", flat=True)) | set(bureau.values_list("pk", flat=True))
    return SurveyReport.objects.filter(pk__in=ids).select_related("campaign", "enterprise")


def scope_substance_ids(campaign: Campaign) -> set[int]:
    """Every recorded substance the campaign asks about: named in a list of its scope, member
    of a group of a list entry or of the scope, or named in the scope directly."""
    ids = set(campaign.substances.values_list("pk", flat=True))
    group_ids = set(campaign.groups.values_list("pk", flat=True))
    entries = ListEntry.objects.filter(regulatory_list__in=campaign.lists.all())
    ids |= set(entries.filter(substances__isnull=False).values_list("substances", flat=True))
    group_ids |= set(entries.filter(group__isnull=False).values_list("group", flat=True))
    ids |= set(
        GroupMembership.objects.filter(group_id__in=group_ids).values_list(
            "substance_id", flat=True
        )
    )
    return ids


def scope_substances(campaign: Campaign) -> QuerySet[Substance]:
    return Substance.objects.filter(pk__in=scope_substance_ids(campaign)).order_by("name_zh")


def enterprises_in_scope(campaign: Campaign) -> QuerySet[Organisation]:
    """Operating enterprises of the campaign's industries (and districts, if limited)."""
    qs = Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE,
        is_active=True,
        enterprise_profile__industry__in=campaign.industries.all(),
    ).exclude(enterprise_profile__operating_status="closed")
    districts = list(campaign.districts.values_list("pk", flat=True))
    if districts:
        qs = qs.filter(district_id__in=districts)
    return qs


def previous_report(report: SurveyReport) -> SurveyReport | None:
    """The enterprise's reported report in the latest earlier campaign of the same kind."""
    return (
        SurveyReport.objects.filter(
            enterprise_id=report.enterprise_id,
            campaign__kind=report.campaign.kind,
            campaign__year__lt=report.campaign.year,
            state__in=REPORTED_STATES,
        )
        .order_by("-campaign__year")
        .first()
    )


def completion(*, user, campaign: Campaign) -> dict:
    """Completion figures of a campaign by state, district and industry (counts only)."""
    reports = policy.scope(
        user, "survey.view_surveyfigures", SurveyReport.objects.filter(campaign=campaign)
    )
    by_state = dict(reports.values_list("state").annotate(n=Count("pk")).order_by())
    by_district = (
        reports.values(
            code=F("enterprise__district__code"), name=F("enterprise__district__name_zh")
        )
        .annotate(
            total=Count("pk"),
            reported=Count("pk", filter=Q(state__in=REPORTED_STATES)),
            accepted=Count("pk", filter=Q(state=ReportState.ACCEPTED)),
        )
        .order_by("code")
    )
    by_industry = (
        reports.values(
            code=F("enterprise__enterprise_profile__industry__code"),
            name=F("enterprise__enterprise_profile__industry__name_zh"),
        )
        .annotate(
            total=Count("pk"),
            reported=Count("pk", filter=Q(state__in=REPORTED_STATES)),
            accepted=Count("pk", filter=Q(state=ReportState.ACCEPTED)),
        )
        .order_by("-total", "code")
    )
    total = sum(by_state.values())
    reported = sum(n for s, n in by_state.items() if s in REPORTED_STATES)
    overdue = 0
    if campaign.is_overdue():
        overdue = (
            reports.filter(state__in=EDITABLE_STATES)
            .filter(Q(extended_until__isnull=True) | Q(extended_until__lt=timezone.localdate()))
            .count()
        )
    return {
        "total": total,
        "reported": reported,
        "accepted": by_state.get(ReportState.ACCEPTED, 0),
        "overdue": overdue,
        "by_state": [(s, s.label, by_state.get(s.value, 0)) for s in ReportState],
        "by_district": list(by_district),
        "by_industry": list(by_industry),
    }


def overdue_reports(*, user, campaign: Campaign, today: dt.date | None = None):
    today = today or timezone.localdate()
    if today <= campaign.deadline:
        return SurveyReport.objects.none()
    return (
        report_list(user=user, code="survey.remind_surveyreport")
        .filter(campaign=campaign, state__in=EDITABLE_STATES)
        .filter(Q(extended_until__isnull=True) | Q(extended_until__lt=today))
        .order_by("enterprise__district__code", "enterprise__code")
    )


def unresolved_lines(*, user) -> list[dict]:
    """Names and CAS numbers reported but not yet in the knowledge base, with how often."""
    lines = policy.scope(
        user,
        "survey.resolve_reportline",
        ReportLine.objects.filter(resolution=Resolution.UNRESOLVED),
    )
    return list(
        lines.values("name_given", "cas_given")
        .annotate(lines=Count("pk"), reports=Count("report", distinct=True))
        .order_by("-lines", "name_given")
    )


def line_totals(*, user, campaign: Campaign, limit: int = 15) -> list[dict]:
    """The substances reported in a campaign with the largest totals (t/a)."""
    lines = policy.scope(
        user, "survey.view_surveyreport", ReportLine.objects.filter(report__campaign=campaign)
    )
    return list(
        lines.filter(substance__isnull=False)
        .values("substance_id", name=F("substance__name_zh"))
        .annotate(total=Sum("quantity_t"), n=Count("report", distinct=True))
        .order_by("-total")[:limit]
    )


def enterprise_section(*, user, obj) -> dict | None:
    """The enterprise page's survey section: its reports and the substances they name."""
    if not policy.can(user, "survey.view_surveyreport"):
        return None
    reports = list(report_list(user=user).filter(enterprise=obj).order_by("-campaign__year"))
    if not reports:
        return None
    lines = policy.scope(
        user,
        "survey.view_surveyreport",
        ReportLine.objects.filter(report__in=reports, report__state__in=REPORTED_STATES),
    )
    substances = (
        lines.values("substance__platform_id", "name_given", "activity")
        .annotate(years=Count("report__campaign__year", distinct=True), total=Sum("quantity_t"))
        .order_by("name_given", "activity")
    )
    rows = [{**row, "activity": Activity(row["activity"]).label} for row in substances]
    return {"reports": reports, "substances": rows}
