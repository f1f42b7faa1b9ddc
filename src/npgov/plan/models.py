"""The work plan (sections, tasks, deadlines) and the quarterly progress reports on it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from npgov.core.models import TimeStampedModel

from .choices import EventAction, NavGroup, ProgressStatus, ReviewState, TaskKind


class PlanSection(models.Model):
    """A part of the plan, e.g. 三(二) 开展调查监测."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    nav_group = models.CharField(_("navigation group"), max_length=30, choices=NavGroup.choices)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_zh


class PlanTask(models.Model):
    """One of the plan's 16 tasks or 4 safeguards, with the bodies responsible for it."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TaskKind.choices)
    section = models.ForeignKey(
        PlanSection, verbose_name=_("section"), on_delete=models.PROTECT, related_name="tasks"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=300)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    lead_departments = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("lead departments"),
        related_name="led_tasks",
        blank=True,
    )
    responsible_departments = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("co-responsible departments"),
        related_name="co_responsible_tasks",
        blank=True,
    )
    named_districts = models.ManyToManyField(
        "core.Organisation",
        verbose_name=_("districts named in the task"),
        related_name="named_in_tasks",
        blank=True,
        help_text=_("Districts the task names explicitly (every district implements every task)."),
    )
    all_departments = models.BooleanField(
        _("all relevant departments"),
        default=False,
        help_text=_("The plan assigns the task to 有关部门 (all relevant departments)."),
    )
    source = models.CharField(_("source"), max_length=50)
    reference_version = models.CharField(_("reference version"), max_length=20)

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.label} {self.display_title}"

    @property
    def label(self) -> str:
        return f"{self.code}." if self.kind == TaskKind.TASK else self.code

    @property
    def display_title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_zh


class PlanDeadline(models.Model):
    """A dated milestone the plan sets for a task."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="deadlines"
    )
    due = models.DateField(_("due"))
    description_zh = models.CharField(_("description"), max_length=300)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "due", "description_zh"],
                name="plan_deadline_unique",
                violation_error_message=_("This deadline is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.label} {self.due}"


class ReportingPeriod(models.Model):
    """A quarter for which every responsible body reports progress on every task."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due = models.DateField(_("reports due"))

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter"],
                name="reporting_period_unique",
                violation_error_message=_("This reporting period already exists."),
            ),
            models.CheckConstraint(
                name="reporting_period_quarter_1_4",
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                violation_error_message=_("The quarter must be 1 to 4."),
            ),
        ]

    def __str__(self) -> str:
        return _("{year} Q{quarter}").format(year=self.year, quarter=self.quarter)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.quarter}"


class ProgressReport(TimeStampedModel):
    """What one department or district reports on one task for one quarter (进展报告)."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("reporting body"),
        on_delete=models.PROTECT,
        related_name="progress_reports",
    )
    status = models.CharField(
        _("progress status"),
        max_length=12,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    percent = models.PositiveSmallIntegerField(
        _("completion (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("narrative"), blank=True)
    review_state = models.CharField(
        _("review state"), max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the public portal once accepted."),
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period", "task__order", "organisation__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period", "organisation"],
                name="progress_report_unique",
                violation_error_message=_(
                    "This body has already reported on this task for this period."
                ),
            ),
            models.CheckConstraint(
                name="progress_report_percent_0_100",
                condition=models.Q(percent__lte=100),
                violation_error_message=_("Completion is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                name="progress_report_published_only_if_accepted",
                condition=models.Q(published=False) | models.Q(review_state="accepted"),
                violation_error_message=_("Only accepted reports can be published."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.period} · {self.organisation}"

    @property
    def is_editable(self) -> bool:
        return self.review_state in {ReviewState.DRAFT, ReviewState.RETURNED}


class ProgressEvent(models.Model):
    """One step of a report's workflow, with the comment given."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
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


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"evidence/{instance.report.period.code}/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    """A file attached to a report as evidence (size- and type-checked on upload)."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sha256"],
                name="evidence_unique_per_report",
                violation_error_message=_("This file is already attached to the report."),
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class RecordLink(models.Model):
    """A link from a report to a record of the platform that shows the progress."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="links"
    )
    label = models.CharField(_("label"), max_length=200)
    path = models.CharField(
        _("platform path"),
        max_length=300,
        help_text=_("A path of this platform, e.g. /plan/tasks/2/."),
    )

    class Meta:
        verbose_name = _("record link")
        verbose_name_plural = _("record links")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label
