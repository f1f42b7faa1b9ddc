"""Permission grants and scope rules for the plan's records."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.policy import Reach, ScopeRule, grant, register_rule
from npgov.core.roles import Role as R

from .choices import ReviewState
from .models import Evidence, PlanTask, ProgressEvent, ProgressReport, ReportingPeriod

ALL, OWN, DISTRICT, SHARED, PUBLISHED = (
    Reach.ALL,
    Reach.OWN,
    Reach.DISTRICT,
    Reach.SHARED,
    Reach.PUBLISHED,
)
ACCEPTED = ReviewState.ACCEPTED

register_rule(ScopeRule(PlanTask, shared=Q(), published=Q()))
register_rule(ScopeRule(ReportingPeriod, shared=Q(), published=Q()))
register_rule(
    ScopeRule(
        ProgressReport,
        owner="organisation",
        district="organisation__district",
        shared=Q(review_state=ACCEPTED),
        published=Q(review_state=ACCEPTED, published=True),
    )
)
register_rule(
    ScopeRule(
        Evidence,
        owner="report__organisation",
        district="report__organisation__district",
        shared=Q(report__review_state=ACCEPTED),
    )
)
register_rule(
    ScopeRule(
        ProgressEvent,
        owner="report__organisation",
        district="report__organisation__district",
        shared=Q(report__review_state=ACCEPTED),
    )
)

grant("plan.view_plantask", _("View the work plan"), {role: [ALL] for role in R})
grant(
    "plan.view_progressreport",
    _("View progress reports"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DEPARTMENT_OFFICER: [OWN, PUBLISHED],
        R.DISTRICT_OFFICER: [OWN, DISTRICT, PUBLISHED],
        R.EXPERT: [SHARED],
        R.DATA_STEWARD: [PUBLISHED],
        R.ENTERPRISE_REPORTER: [PUBLISHED],
        R.LAB_UPLOADER: [PUBLISHED],
        R.PUBLIC: [PUBLISHED],
    },
)
# Aggregate figures (counts of submitted reports by task and district, no report content):
# every signed-in role sees them for all bodies; the public for published reports only.
grant(
    "plan.view_progressfigures",
    _("View progress figures"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DEPARTMENT_OFFICER: [ALL],
        R.DISTRICT_OFFICER: [ALL],
        R.EXPERT: [ALL],
        R.DATA_STEWARD: [ALL],
        R.ENTERPRISE_REPORTER: [PUBLISHED],
        R.LAB_UPLOADER: [PUBLISHED],
        R.PUBLIC: [PUBLISHED],
    },
)
for code, label in [
    ("plan.change_progressreport", _("Write progress reports")),
    ("plan.submit_progressreport", _("Submit progress reports")),
]:
    grant(
        code,
        label,
        {
            R.BUREAU_ANALYST: [OWN],
            R.DEPARTMENT_OFFICER: [OWN],
            R.DISTRICT_OFFICER: [OWN],
        },
    )
grant(
    "plan.review_progressreport",
    _("Review progress reports"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
    },
)
grant(
    "plan.export_progressreport",
    _("Export progress reports"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DEPARTMENT_OFFICER: [OWN, PUBLISHED],
        R.DISTRICT_OFFICER: [OWN, DISTRICT, PUBLISHED],
        R.EXPERT: [SHARED],
    },
)
grant(
    "plan.view_evidence",
    _("View evidence attachments"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DEPARTMENT_OFFICER: [OWN],
        R.DISTRICT_OFFICER: [OWN, DISTRICT],
        R.EXPERT: [SHARED],
    },
)
grant(
    "plan.view_progressevent",
    _("View report workflow"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DEPARTMENT_OFFICER: [OWN],
        R.DISTRICT_OFFICER: [OWN, DISTRICT],
        R.EXPERT: [SHARED],
    },
)
