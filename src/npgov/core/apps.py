"""App configuration for npgov.core."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "npgov.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from npgov.core import audit, policies  # noqa: F401  (registrations)
