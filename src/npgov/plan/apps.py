"""App configuration for npgov.plan."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "npgov.plan"
    label = "plan"
    verbose_name = _("Work plan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from npgov.plan import policies  # noqa: F401  (registrations)
        from npgov.plan.models import (
            Evidence,
            PlanDeadline,
            PlanSection,
            PlanTask,
            ProgressReport,
            RecordLink,
            ReportingPeriod,
        )

        auditlog.register(PlanTask, m2m_fields={"lead_departments", "responsible_departments"})
        auditlog.register(ProgressReport)
        auditlog.register(Evidence, exclude_fields=["file"])
        auditlog.register(RecordLink)
        for model in (PlanSection, PlanDeadline, ReportingPeriod):
            auditlog.register(model)
