"""Permission grants and scope rules for the enterprise registry."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.policy import Reach, ScopeRule, grant, register_rule
from npgov.core.roles import Role as R

from .models import (
    DischargePermit,
    EnterpriseProfile,
    EnterpriseStatus,
    Facility,
    IndustryClass,
    Outlet,
    PermittedPollutant,
)

ALL, OWN, DISTRICT = Reach.ALL, Reach.OWN, Reach.DISTRICT

register_rule(ScopeRule(IndustryClass, shared=Q(), published=Q()))
register_rule(ScopeRule(EnterpriseProfile, owner="organisation", district="organisation__district"))
for model in (EnterpriseStatus, Facility, Outlet, DischargePermit):
    register_rule(ScopeRule(model, owner="enterprise", district="enterprise__district"))
register_rule(
    ScopeRule(
        PermittedPollutant, owner="permit__enterprise", district="permit__enterprise__district"
    )
)

# Organisation rows (kind enterprise) are scoped with these codes too: the same reaches.
grant(
    "enterprises.view_enterprise",
    _("View the enterprise registry"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DISTRICT_OFFICER: [DISTRICT],
        R.ENTERPRISE_REPORTER: [OWN],
    },
)
grant(
    "enterprises.change_enterprise",
    _("Edit enterprise records"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.ENTERPRISE_REPORTER: [OWN],
    },
)
grant(
    "enterprises.import_enterprise",
    _("Create enterprises in bulk"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
    },
)
grant("enterprises.view_industryclass", _("View industry classes"), {role: [ALL] for role in R})
