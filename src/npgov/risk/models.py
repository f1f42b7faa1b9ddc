"""Screening runs: which substances to act on first (plan tasks 4 and 5), computed from the
monitoring store and the knowledge base's ecotoxicity by NORMAN's prioritisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from npgov.core.models.base import TimeStampedModel

from .choices import AssessmentStatus, CategoryRule, ReviewDecision, RunStatus


class ScreeningRun(TimeStampedModel):
    """One screening: its scope and parameters, the frozen snapshot of its inputs (the
    monitoring results as Parquet, the PNECs as JSON) and the ranked result. A re-run uses the
    same snapshot, so it gives the same ranking."""

    title = models.CharField(_("title"), max_length=200)
    lists = models.ManyToManyField(
        "chemicals.ListEntry", verbose_name=_("list entries"), blank=True, related_name="+"
    )
    groups = models.ManyToManyField(
        "chemicals.SubstanceGroup", verbose_name=_("groups"), blank=True, related_name="+"
    )
    substances = models.ManyToManyField(
        "chemicals.Substance", verbose_name=_("substances"), blank=True, related_name="+"
    )
    media = models.JSONField(_("media"), default=list)
    districts = models.ManyToManyField(
        "core.Organisation", verbose_name=_("districts"), blank=True, related_name="+"
    )
    date_from = models.DateField(_("sampled from"), null=True, blank=True)
    date_to = models.DateField(_("sampled until"), null=True, blank=True)
    rule = models.CharField(
        _("category rule"), max_length=10, choices=CategoryRule.choices,
        default=CategoryRule.SCARCE,
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    message = models.TextField(_("message"), blank=True)
    rerun_of = models.ForeignKey(
        "self", verbose_name=_("re-run of"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reruns",
    )  # fmt: skip
    snapshot = models.FileField(_("input snapshot"), upload_to="risk/snapshots/%Y/", blank=True)
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, blank=True)
    snapshot_rows = models.PositiveIntegerField(_("results in the snapshot"), default=0)
    pnecs = models.JSONField(_("PNECs used"), default=dict, blank=True)
    result = models.JSONField(_("ranking"), default=list, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title


class Assessment(TimeStampedModel):
    """A substance's risk assessment, one version: the hazard verdicts, PNEC derivation, SSD
    and risk quotients frozen when it was drawn up, with the versions of the data and
    reference sets they came from. Reviewed by the expert committee; an approved version is
    never changed (a new version supersedes it)."""

    substance = models.ForeignKey(
        "chemicals.Substance", verbose_name=_("substance"), on_delete=models.PROTECT,
        related_name="risk_assessments",
    )  # fmt: skip
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )  # fmt: skip
    summary = models.TextField(_("summary"), blank=True)
    content = models.JSONField(_("content"), default=dict)
    sources = models.JSONField(_("data and reference versions"), default=dict)
    submitted = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "core.User", verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["substance", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["substance", "version"], name="assessment_version")
        ]

    def __str__(self) -> str:
        return f"{self.substance.platform_id} v{self.version}"


class AssessmentComment(models.Model):
    """A comment or decision of the expert committee (or the assessor's reply)."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE,
        related_name="comments",
    )  # fmt: skip
    author = models.ForeignKey(
        "core.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=ReviewDecision.choices,
        default=ReviewDecision.COMMENT,
    )  # fmt: skip
    text = models.TextField(_("comment"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment comment")
        verbose_name_plural = _("assessment comments")
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment} {self.get_decision_display()}"
