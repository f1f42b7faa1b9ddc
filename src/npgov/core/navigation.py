"""The platform's navigation, which follows the structure of the work plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NavGroup(models.TextChoices):
    SURVEY_MONITORING = "survey_monitoring", _("Survey and monitoring")
    SOURCE_PREVENTION = "source_prevention", _("Source prevention")
    PROCESS_CONTROL = "process_control", _("Process control")
    END_OF_PIPE = "end_of_pipe", _("End-of-pipe treatment")
    CAPACITY = "capacity", _("Capacity building")
    PLAN = "plan", _("Work plan")
