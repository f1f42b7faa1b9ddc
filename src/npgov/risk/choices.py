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


#: NORMAN action categories (science.ranking.ActionCategory) as the pages name them.
ACTION_LABELS = {
    1: _("Control / mitigation measures"),
    2: _("Screening campaigns"),
    3: _("Rigorous hazard assessment"),
    4: _("Improvement of analytical methods"),
    5: _("Screening and hazard assessment"),
    6: _("Reduced monitoring efforts"),
}
#: The knowledge gap behind each action category.
GAP_LABELS = {
    1: _("None: the PNEC is exceeded"),
    2: _("Insufficient exposure data"),
    3: _("Provisional PNEC"),
    4: _("Insufficient exposure data; the LOQ lies above the PNEC"),
    5: _("Insufficient exposure data and a provisional PNEC"),
    6: _("None: the PNEC is not exceeded"),
}
#: Verdicts of the hazard screening (science.hazard.VERDICTS) and states of a risk quotient
#: (science.risk.STATES).
VERDICT_LABELS = {"yes": _("yes"), "no": _("no"), "insufficient": _("insufficient data")}
STATE_LABELS = {"risk": _("risk"), "no risk": _("no risk"), "inconclusive": _("inconclusive")}
