"""App configuration for npgov.survey."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "npgov.survey"
    label = "survey"
    verbose_name = _("Chemical environmental information survey")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from npgov.core import records
        from npgov.survey import models, policies  # noqa: F401  (registrations)
        from npgov.survey.selectors import enterprise_section

        records.register(
            "enterprise",
            records.Section("survey", "survey/_enterprise_section.html", enterprise_section),
        )

        auditlog.register(models.Campaign, m2m_fields={"lists", "groups", "industries"})
        auditlog.register(models.SurveyReport, exclude_fields=["version", "updated"])
        auditlog.register(models.ReportLine)
        auditlog.register(models.ReviewComment)
