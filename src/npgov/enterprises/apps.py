"""App configuration for npgov.enterprises."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "npgov.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from npgov.enterprises import models, policies  # noqa: F401  (registrations)

        for model in (
            models.EnterpriseProfile,
            models.EnterpriseStatus,
            models.Facility,
            models.Outlet,
            models.DischargePermit,
            models.PermittedPollutant,
        ):
            auditlog.register(model)
