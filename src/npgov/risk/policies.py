"""Permission grants of the risk app: screening runs are working documents of the bureau,
shared with the departments, districts and the expert committee; not public."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.policy import Reach, ScopeRule, grant, register_rule
from npgov.core.roles import Role as R

from .models import Assessment, AssessmentComment, ScreeningRun

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

register_rule(ScopeRule(Assessment, shared=Q()))
register_rule(ScopeRule(AssessmentComment, shared=Q()))

grant(
    "risk.view_assessment",
    _("View risk assessments"),
    {
        R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL], R.DEPARTMENT_OFFICER: [SHARED],
        R.DISTRICT_OFFICER: [SHARED], R.EXPERT: [SHARED],
    },
)  # fmt: skip
grant(
    "risk.add_assessment",
    _("Draw up and submit risk assessments"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL]},
)
grant(
    "risk.review_assessment",
    _("Review risk assessments (expert committee)"),
    {R.SYSTEM_ADMIN: [ALL], R.EXPERT: [SHARED]},
)
