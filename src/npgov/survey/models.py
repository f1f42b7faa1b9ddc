"""Survey campaigns, enterprise reports and their lines, review comments, check findings and
the workflow's events (plan tasks 2 and 5)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npgov.core.models import TimeStampedModel

from .choices import (
    EDITABLE_STATES,
    Activity,
    AssignmentBasis,
    CampaignKind,
    CampaignStatus,
    EventAction,
    ProcessFunction,
    ReportState,
    Resolution,
    ReviewStep,
    Severity,
    TransferRoute,
    UseCategory,
)

#: Version of the xlsx template layout; a workbook of another version is refused.
TEMPLATE_SCHEMA = 1


class Campaign(TimeStampedModel):
    """One year's survey of one kind: its substance and industry scope, deadline and thresholds."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(
        _("survey year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    opens = models.DateField(_("opens"))
    deadline = models.DateField(_("deadline"))
    lists = models.ManyToManyField(
        "chemicals.RegulatoryList", verbose_name=_("lists in scope"), blank=True, related_name="+"
    )
    groups = models.ManyToManyField(
        "chemicals.SubstanceGroup", verbose_name=_("groups in scope"), blank=True, related_name="+"
    )
    substances = models.ManyToManyField(
        "chemicals.Substance", verbose_name=_("substances in scope"), blank=True, related_name="+"
    )
    industries = models.ManyToManyField(
        "enterprises.IndustryClass",
        verbose_name=_("industries in scope"),
        blank=True,
        related_name="campaigns",
    )
    districts = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("districts in scope"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "district"},
        help_text=_("Empty: every district."),
    )
    threshold_t = models.FloatField(
        _("reporting threshold (t/a)"),
        default=1.0,
        validators=[MinValueValidator(0)],
        help_text=_("A substance handled at or above this quantity a year must be reported."),
    )
    yoy_threshold_percent = models.PositiveSmallIntegerField(
        _("year-on-year change flagged above (%)"), default=50
    )
    balance_tolerance_percent = models.PositiveSmallIntegerField(
        _("mass-balance tolerance (%)"), default=5
    )
    template_revision = models.PositiveIntegerField(
        _("template revision"),
        default=1,
        help_text=_("Raised whenever the scope changes, so that old workbooks are refused."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"],
                name="campaign_year_kind_unique",
                violation_error_message=_("There is already a campaign of this kind that year."),
            ),
            models.CheckConstraint(
                name="campaign_deadline_after_opening",
                condition=Q(deadline__gte=models.F("opens")),
                violation_error_message=_("The deadline cannot be before the campaign opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title_zh}"

    @property
    def is_detailed(self) -> bool:
        """Detailed and key-controlled surveys ask for releases and transfers."""
        return self.kind != CampaignKind.BASIC

    @property
    def template_version(self) -> str:
        """The stamp written into, and required back from, the campaign's workbook."""
        return f"npgov-survey/{TEMPLATE_SCHEMA}/{self.code}/r{self.template_revision}"

    @property
    def activity_date(self) -> dt.date:
        """The day the activities of the survey year are judged on (its last day)."""
        return dt.date(self.year, 12, 31)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.deadline


class SurveyReport(TimeStampedModel):
    """One enterprise's report in one campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="reports"
    )
    enterprise = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="survey_reports",
        limit_choices_to={"kind": "enterprise"},
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.NOT_STARTED
    )
    basis = models.CharField(
        _("assigned by"), max_length=12, choices=AssignmentBasis.choices, default="rule"
    )
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Raised at every save; a stale edit is refused.")
    )
    nothing_to_report = models.BooleanField(
        _("nothing to report"),
        default=False,
        help_text=_("The enterprise declares it handled no substance of the scope that year."),
    )
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    upload_sha256 = models.CharField(
        _("SHA-256 of the last workbook loaded"), max_length=64, blank=True
    )
    upload_version = models.PositiveIntegerField(
        _("version the last workbook produced"), null=True, blank=True
    )
    screening = models.JSONField(_("scope self-check"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    district_reviewed_at = models.DateTimeField(_("district review at"), null=True, blank=True)
    district_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    extended_until = models.DateField(
        _("deadline extended until"),
        null=True,
        blank=True,
        help_text=_("Granted by the district or the bureau on request."),
    )
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey report")
        verbose_name_plural = _("survey reports")
        ordering = ["campaign", "enterprise__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "enterprise"],
                name="survey_report_unique",
                violation_error_message=_("The enterprise already has a report in this campaign."),
            )
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return f"{self.campaign.code} · {self.enterprise}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def deadline(self) -> dt.date:
        return max(self.campaign.deadline, self.extended_until or self.campaign.deadline)

    @property
    def is_late(self) -> bool:
        """Submitted after the deadline, or still not submitted once it has passed."""
        if self.submitted_at is not None:
            return timezone.localtime(self.submitted_at).date() > self.deadline
        return timezone.localdate() > self.deadline


class ReportLine(models.Model):
    """One substance and activity in a report, with the quantity handled (t/a) and, in the
    detailed surveys, releases by medium and transfers. All quantities are tonnes a year."""

    report = models.ForeignKey(
        SurveyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField(_("line"))
    substance = models.ForeignKey(
        "chemicals.Substance",
        verbose_name=_("substance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_lines",
    )
    name_given = models.CharField(_("name as reported"), max_length=300)
    cas_given = models.CharField(_("CAS RN as reported"), max_length=30, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=Resolution.choices, default=Resolution.MATCHED
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    quantity_t = models.FloatField(_("quantity (t/a)"), validators=[MinValueValidator(0)])
    quantity_given = models.CharField(_("quantity as reported"), max_length=60, blank=True)
    use_category = models.CharField(
        _("use category"), max_length=3, choices=UseCategory.choices, blank=True
    )
    function = models.CharField(
        _("function in process"), max_length=3, choices=ProcessFunction.choices, blank=True
    )
    release_air_t = models.FloatField(_("release to air (t/a)"), null=True, blank=True)
    release_water_t = models.FloatField(_("release to water (t/a)"), null=True, blank=True)
    release_soil_t = models.FloatField(_("release to soil (t/a)"), null=True, blank=True)
    waste_t = models.FloatField(_("to waste (t/a)"), null=True, blank=True)
    transfer_t = models.FloatField(_("transferred off site (t/a)"), null=True, blank=True)
    transfer_route = models.CharField(
        _("transfer route"), max_length=20, choices=TransferRoute.choices, blank=True
    )
    treatment = models.CharField(_("treatment before release"), max_length=200, blank=True)
    use_description = models.CharField(
        _("use as described"),
        max_length=300,
        blank=True,
        help_text=_("In words, e.g. the exempted use claimed; the rule evaluator reads it."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "position"], name="report_line_position_unique"
            ),
            models.CheckConstraint(
                name="report_line_quantity_not_negative", condition=Q(quantity_t__gte=0)
            ),
        ]
        indexes = [models.Index(fields=["substance", "activity"])]

    def __str__(self) -> str:
        return f"{self.position}. {self.name_given} ({self.get_activity_display()})"

    RELEASE_FIELDS = ("release_air_t", "release_water_t", "release_soil_t", "waste_t")

    @property
    def released_and_transferred_t(self) -> float:
        fields = (*self.RELEASE_FIELDS, "transfer_t")
        return sum(getattr(self, f) or 0.0 for f in fields)


class CheckFinding(models.Model):
    """What a check found on a report or a line: recomputed at every save and submit. Findings
    of kind ``compliance`` are kept for the compliance capability."""

    report = models.ForeignKey(
        SurveyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="findings"
    )
    line = models.ForeignKey(
        ReportLine,
        verbose_name=_("line"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="findings",
    )
    code = models.CharField(_("check"), max_length=40)
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    message_zh = models.CharField(_("message (Chinese)"), max_length=500)
    message_en = models.CharField(_("message (English)"), max_length=500)
    data = models.JSONField(_("details"), default=dict, blank=True)
    found_at = models.DateTimeField(_("found at"), default=timezone.now)

    class Meta:
        verbose_name = _("check finding")
        verbose_name_plural = _("check findings")
        ordering = ["report", "line__position", "severity", "code"]
        indexes = [models.Index(fields=["code", "severity"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.message_en}"


class ReviewComment(models.Model):
    """A reviewer's comment on a report or one of its lines, at one review step."""

    report = models.ForeignKey(
        SurveyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="comments"
    )
    line = models.ForeignKey(
        ReportLine,
        verbose_name=_("line"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    line_label = models.CharField(_("line"), max_length=300, blank=True)
    step = models.CharField(_("review step"), max_length=12, choices=ReviewStep.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True
    )
    text = models.TextField(_("comment"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ReportEvent(models.Model):
    """One step of a report's workflow."""

    report = models.ForeignKey(
        SurveyReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


def line_evidence_path(instance: LineEvidence, filename: str) -> str:
    return f"survey/{instance.line.report.campaign.code}/{instance.sha256[:2]}/{instance.sha256}"


class LineEvidence(models.Model):
    """A ledger, invoice or customs record attached to a line."""

    line = models.ForeignKey(
        ReportLine, verbose_name=_("line"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=line_evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("line evidence")
        verbose_name_plural = _("line evidence")
        ordering = ["uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "sha256"],
                name="line_evidence_unique",
                violation_error_message=_("This file is already attached to the line."),
            )
        ]

    def __str__(self) -> str:
        return self.original_name
