"""Permission grants and scope rules of the survey. Quantities are confidential business
information: only the enterprise itself, its district and the bureau see report contents;
everyone else sees completion figures without quantities."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.policy import Reach, ScopeRule, grant, register_rule
from npgov.core.roles import Role as R

from .choices import CampaignStatus, ReportState
from .models import (
    Campaign,
    CheckFinding,
    LineEvidence,
    ReportEvent,
    ReportLine,
    ReviewComment,
    SurveyReport,
)

ALL, OWN, DISTRICT, PUBLISHED = Reach.ALL, Reach.OWN, Reach.DISTRICT, Reach.PUBLISHED

# Campaigns in preparation are seen by the bureau only.
register_rule(
    ScopeRule(
        Campaign,
        shared=~Q(status=CampaignStatus.DRAFT),
        published=~Q(status=CampaignStatus.DRAFT),
    ),
)
register_rule(
    ScopeRule(
        SurveyReport,
        owner="enterprise",
        district="enterprise__district",
        # Published figures count accepted reports of closed campaigns (never their content).
        published=Q(state=ReportState.ACCEPTED, campaign__status=CampaignStatus.CLOSED),
    )
)
register_rule(
    ScopeRule(ReportLine, owner="report__enterprise", district="report__enterprise__district")
)
for model in (CheckFinding, ReviewComment, ReportEvent):
    register_rule(
        ScopeRule(model, owner="report__enterprise", district="report__enterprise__district")
    )
register_rule(
    ScopeRule(
        LineEvidence,
        owner="line__report__enterprise",
        district="line__report__enterprise__district",
    )
)

grant(
    "survey.view_campaign",
    _("View survey campaigns"),
    {
        **{role: [Reach.SHARED] for role in R if role is not R.PUBLIC},
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.PUBLIC: [PUBLISHED],
    },
)
grant(
    "survey.manage_campaign",
    _("Set up survey campaigns and assign enterprises"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL]},
)
# Report contents, quantities included (confidential business information).
grant(
    "survey.view_surveyreport",
    _("View survey reports and their quantities"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DISTRICT_OFFICER: [DISTRICT],
        R.ENTERPRISE_REPORTER: [OWN],
    },
)
# Completion figures by district and industry: counts of reports, no content.
grant(
    "survey.view_surveyfigures",
    _("View survey completion figures"),
    {
        R.SYSTEM_ADMIN: [ALL],
        R.BUREAU_ANALYST: [ALL],
        R.DEPARTMENT_OFFICER: [ALL],
        R.DISTRICT_OFFICER: [ALL],
        R.EXPERT: [ALL],
        R.DATA_STEWARD: [ALL],
        R.PUBLIC: [PUBLISHED],
        R.ENTERPRISE_REPORTER: [PUBLISHED],
        R.LAB_UPLOADER: [PUBLISHED],
    },
)
grant(
    "survey.change_surveyreport",
    _("Fill in survey reports"),
    {R.SYSTEM_ADMIN: [ALL], R.ENTERPRISE_REPORTER: [OWN]},
)
grant(
    "survey.submit_surveyreport",
    _("Submit survey reports"),
    {R.SYSTEM_ADMIN: [ALL], R.ENTERPRISE_REPORTER: [OWN]},
)
grant(
    "survey.screen_surveyreport",
    _("Run the survey scope self-check"),
    {R.SYSTEM_ADMIN: [ALL], R.ENTERPRISE_REPORTER: [OWN]},
)
grant(
    "survey.review_district",
    _("Review survey reports for a district"),
    {R.SYSTEM_ADMIN: [ALL], R.DISTRICT_OFFICER: [DISTRICT]},
)
grant(
    "survey.review_bureau",
    _("Review survey reports for the bureau"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL]},
)
grant(
    "survey.remind_surveyreport",
    _("Remind enterprises and extend deadlines"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL], R.DISTRICT_OFFICER: [DISTRICT]},
)
grant(
    "survey.export_surveyreport",
    _("Export survey data"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL], R.DISTRICT_OFFICER: [DISTRICT]},
)
# Stewards see the names and identifiers of unresolved lines, not quantities.
grant(
    "survey.resolve_reportline",
    _("Resolve reported substances that are not yet in the knowledge base"),
    {R.SYSTEM_ADMIN: [ALL], R.DATA_STEWARD: [ALL]},
)
# The emission-source inventory shows quantities, so it has the reach of report contents.
grant(
    "survey.view_inventory",
    _("View the emission-source inventory"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL], R.DISTRICT_OFFICER: [DISTRICT]},
)
