"""Reads of the enterprise registry, through the policy layer."""

from django.db.models import Q, QuerySet

from npgov.core import policy
from npgov.core.models import Organisation, OrganisationKind

from .models import DischargePermit, EnterpriseStatus, Facility, Outlet

VIEW = "enterprises.view_enterprise"


def enterprise_list(
    *, user, q: str = "", district: str = "", industry: str = "", key_sector: str = ""
) -> QuerySet[Organisation]:
    qs = policy.scope(
        user,
        VIEW,
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).select_related(
            "district", "enterprise_profile__industry"
        ),
    )
    if q:
        qs = qs.filter(Q(name_zh__icontains=q) | Q(code__icontains=q.upper()))
    if district:
        qs = qs.filter(district__code=district)
    if industry:
        qs = qs.filter(industry_code=industry)
    if key_sector:
        qs = qs.filter(enterprise_profile__industry__key_sector=key_sector)
    return qs.order_by("district__code", "code")


def enterprise_record(*, user, enterprise: Organisation) -> dict:
    """Everything the platform knows about an enterprise that ``user`` may see."""
    return {
        "statuses": policy.scope(
            user, VIEW, EnterpriseStatus.objects.filter(enterprise=enterprise)
        ),
        "facilities": policy.scope(user, VIEW, Facility.objects.filter(enterprise=enterprise)),
        "outlets": policy.scope(user, VIEW, Outlet.objects.filter(enterprise=enterprise)),
        "permits": policy.scope(
            user,
            VIEW,
            DischargePermit.objects.filter(enterprise=enterprise).prefetch_related(
                "pollutants__outlet", "pollutants__substance"
            ),
        ),
    }
