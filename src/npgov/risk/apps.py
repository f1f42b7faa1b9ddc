"""App configuration for npgov.risk."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "npgov.risk"
    label = "risk"
    verbose_name = _("Risk screening")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from npgov.risk import models, policies  # noqa: F401  (registrations)

        auditlog.register(models.ScreeningRun, exclude_fields=["result", "pnecs", "updated"])
        auditlog.register(models.Assessment, include_fields=["status", "summary", "decided_by"])
