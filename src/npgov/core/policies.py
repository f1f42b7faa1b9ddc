"""Permission grants and scope rules for core's models."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.models import Job, Organisation, OrganisationKind, User
from npgov.core.policy import Reach, ScopeRule, grant, register_rule
from npgov.core.roles import Role

R = Role
ALL, OWN, DISTRICT, SHARED, PUBLISHED, SELF = (
    Reach.ALL,
    Reach.OWN,
    Reach.DISTRICT,
    Reach.SHARED,
    Reach.PUBLISHED,
    Reach.SELF,
)
STAFF = (R.BUREAU_ANALYST, R.DEPARTMENT_OFFICER, R.DISTRICT_OFFICER, R.EXPERT)

register_rule(
    ScopeRule(
        Organisation,
        owner="",
        district="district",
        # Government bodies are public; enterprises and laboratories are not.
        shared=Q(
            kind__in=[
                OrganisationKind.DEPARTMENT,
                OrganisationKind.DISTRICT,
                OrganisationKind.LABORATORY,
                OrganisationKind.EXPERT_COMMITTEE,
            ]
        ),
        published=Q(kind__in=[OrganisationKind.DEPARTMENT, OrganisationKind.DISTRICT]),
    )
)
register_rule(ScopeRule(User, owner="organisation", user=""))
register_rule(ScopeRule(Job, user="owner"))

grant(
    "core.view_organisation",
    _("View organisations"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DEPARTMENT_OFFICER: [SHARED, OWN],
        R.DISTRICT_OFFICER: [SHARED, DISTRICT],
        R.EXPERT: [SHARED],
        R.DATA_STEWARD: [SHARED, OWN],
        R.ENTERPRISE_REPORTER: [PUBLISHED, OWN],
        R.LAB_UPLOADER: [PUBLISHED, OWN],
        R.PUBLIC: [PUBLISHED],
    },
)
grant(
    "core.change_organisation",
    _("Edit organisations"),
    {
        R.SYSTEM_ADMIN: [ALL],
    },
)
grant(
    "core.view_user",
    _("View users"),
    {
        R.SYSTEM_ADMIN: [ALL],
    },
)
grant(
    "core.change_user",
    _("Manage users"),
    {
        R.SYSTEM_ADMIN: [ALL],
    },
)
grant("core.use_admin", _("Browse the administration site"), {R.SYSTEM_ADMIN: [ALL]})
grant(
    "core.view_auditlog",
    _("Query the audit trail"),
    {
        R.SYSTEM_ADMIN: [ALL],
    },
)
# The change history of a record: the bureau for all records, other staff for their own
# body's records (evaluated against the record's own scope rule).
grant(
    "core.view_history",
    _("View change history"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DEPARTMENT_OFFICER: [OWN],
        R.DISTRICT_OFFICER: [OWN, DISTRICT],
    },
)
grant(
    "core.view_job",
    _("View background jobs"),
    {
        R.SYSTEM_ADMIN: [ALL],
        **{role: [SELF] for role in Role if role not in (R.SYSTEM_ADMIN, R.PUBLIC)},
    },
)
grant("core.view_dashboard", _("View the dashboard"), {role: [ALL] for role in Role})
grant(
    "core.view_profile",
    _("View own profile"),
    {role: [SELF] for role in Role if role is not R.PUBLIC},
)
grant(
    "core.manage_token",
    _("Create and revoke own API tokens"),
    {role: [SELF] for role in Role if role is not R.PUBLIC},
)
