"""App configuration for npgov.monitoring."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "npgov.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from npgov.core import records
        from npgov.monitoring import models, policies  # noqa: F401  (registrations)
        from npgov.monitoring.selectors import inventory_section

        records.register(
            "inventory",
            records.Section("monitoring", "monitoring/_inventory_section.html", inventory_section),
        )

        for model in (models.Site, models.Programme, models.Result):
            auditlog.register(model, include_fields=["review"] if model is models.Result else None)
