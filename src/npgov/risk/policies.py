"""Permission grants of the risk app: screening runs are working documents of the bureau,
shared with the departments, districts and the expert committee; not public."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.policy import Reach, ScopeRule, grant, register_rule
from npgov.core.roles import Role as R

from .models import ScreeningRun

ALL, SHARED = Reach.ALL, Reach.SHARED

register_rule(ScopeRule(ScreeningRun, shared=Q()))

grant(
    "risk.view_screeningrun",
    _("View risk screening runs"),
    {
        R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL], R.DEPARTMENT_OFFICER: [SHARED],
        R.DISTRICT_OFFICER: [SHARED], R.EXPERT: [SHARED],
    },
)  # fmt: skip
grant(
    "risk.add_screeningrun",
    _("Start risk screening runs"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL]},
)
