"""App configuration for npgov.chemicals."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChemicalsConfig(AppConfig):
    name = "npgov.chemicals"
    label = "chemicals"
    verbose_name = _("Chemicals")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from npgov.chemicals import models, policies  # noqa: F401  (registrations)

        for model in (
            models.Substance,
            models.SubstanceIdentifier,
            models.SubstanceGroup,
            models.GroupMembership,
            models.RegulatoryList,
            models.ListEntry,
            models.ControlMeasure,
            models.PropertyRecord,
        ):
            auditlog.register(model)
