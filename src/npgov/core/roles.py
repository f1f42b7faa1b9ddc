"""The roles a user can hold; each is a Django group of the same code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    BUREAU_ANALYST = "bureau_analyst", _("Bureau analyst")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    ENTERPRISE_REPORTER = "enterprise_reporter", _("Enterprise reporter")
    LAB_UPLOADER = "lab_uploader", _("Laboratory uploader")
    EXPERT = "expert", _("Expert")
    DATA_STEWARD = "data_steward", _("Data steward")
    PUBLIC = "public", _("Public (not signed in)")


#: The organisation kind a holder of each role must belong to (None: any).
ROLE_ORGANISATION_KIND = {
    Role.SYSTEM_ADMIN: None,
    Role.BUREAU_ANALYST: "department",
    Role.DEPARTMENT_OFFICER: "department",
    Role.DISTRICT_OFFICER: "district",
    Role.ENTERPRISE_REPORTER: "enterprise",
    Role.LAB_UPLOADER: "laboratory",
    Role.EXPERT: "expert_committee",
    Role.DATA_STEWARD: "department",
}
