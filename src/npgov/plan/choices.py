"""Choices of the plan app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from npgov.core.navigation import NavGroup  # noqa: F401  (re-exported for the plan)


class TaskKind(models.TextChoices):
    TASK = "task", _("Task")
    SAFEGUARD = "safeguard", _("Safeguard")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")


#: Colours of the statuses in matrices, charts and maps.
STATUS_COLOURS = {
    ProgressStatus.NOT_STARTED: "#b0b7c3",
    ProgressStatus.IN_PROGRESS: "#3b82f6",
    ProgressStatus.COMPLETED: "#16a34a",
    ProgressStatus.DELAYED: "#dc2626",
}


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


class EventAction(models.TextChoices):
    CREATE = "create", _("Created")
    EDIT = "edit", _("Edited")
    SUBMIT = "submit", _("Submitted")
    RETURN = "return", _("Returned")
    ACCEPT = "accept", _("Accepted")
    EVIDENCE = "evidence", _("Evidence attached")
    EVIDENCE_REMOVED = "evidence_removed", _("Evidence removed")
