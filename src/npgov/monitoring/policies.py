"""Permission grants and scope rules of monitoring. Monitoring results are public information
once accepted; laboratories see and upload their own; the bureau reviews."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.policy import Reach, ScopeRule, grant, register_rule
from npgov.core.roles import Role as R

from .choices import Review
from .models import (
    ImportFile,
    MicroplasticObservation,
    Programme,
    Result,
    ResultCount,
    Sample,
    SamplingEvent,
    Site,
)

ALL, OWN, SHARED, PUBLISHED = Reach.ALL, Reach.OWN, Reach.SHARED, Reach.PUBLISHED

for model in (Site, Programme, SamplingEvent):
    register_rule(ScopeRule(model, shared=Q(), published=Q()))
register_rule(ScopeRule(ImportFile, owner="laboratory"))
register_rule(ScopeRule(Sample, owner="laboratory", shared=Q(), published=Q()))
register_rule(
    ScopeRule(
        Result,
        owner="laboratory",
        shared=~Q(review=Review.REJECTED),
        published=Q(review=Review.ACCEPTED),
    )
)
register_rule(
    ScopeRule(
        ResultCount,
        owner="laboratory",
        shared=~Q(review=Review.REJECTED),
        published=Q(review=Review.ACCEPTED),
    )
)
register_rule(
    ScopeRule(MicroplasticObservation, owner="sample__laboratory", shared=Q(), published=Q())
)

STAFF = (R.BUREAU_ANALYST, R.DEPARTMENT_OFFICER, R.DISTRICT_OFFICER, R.EXPERT, R.DATA_STEWARD)

grant(
    "monitoring.view_site",
    _("View monitoring sites and programmes"),
    {role: [ALL] for role in R},
)
grant(
    "monitoring.view_result",
    _("View monitoring results"),
    {
        R.SYSTEM_ADMIN: [ALL],
        **{role: [SHARED] for role in STAFF},
        R.LAB_UPLOADER: [OWN, SHARED],
        R.ENTERPRISE_REPORTER: [PUBLISHED],
        R.PUBLIC: [PUBLISHED],
    },
)
grant(
    "monitoring.import_result",
    _("Upload monitoring results"),
    {R.SYSTEM_ADMIN: [ALL], R.LAB_UPLOADER: [OWN]},
)
grant(
    "monitoring.view_importfile",
    _("View uploaded monitoring files"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL], R.LAB_UPLOADER: [OWN]},
)
grant(
    "monitoring.review_result",
    _("Review flagged monitoring results"),
    {R.SYSTEM_ADMIN: [ALL], R.BUREAU_ANALYST: [ALL]},
)
grant(
    "monitoring.export_result",
    _("Export monitoring results"),
    {R.SYSTEM_ADMIN: [ALL], **{role: [SHARED] for role in STAFF}, R.LAB_UPLOADER: [OWN]},
)
