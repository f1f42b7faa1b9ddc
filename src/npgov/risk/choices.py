"""Choices of the risk app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CategoryRule(models.TextChoices):
    SCARCE = "scarce", _("NORMAN SCARCE 2018 (site maximum against the PNEC)")
    DANUBE = "danube", _("NORMAN DANUBE 2018 (MEC95 against the PNEC)")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In expert review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ReviewDecision(models.TextChoices):
    COMMENT = "comment", _("Comment")
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return")


#: Names of the compartments screened (keys of ``pnecs.UNITS``).
COMPARTMENT_LABELS = {
    "water": _("Water"),
    "sediment": _("Sediment"),
    "soil": _("Soil"),
}
