"""REST endpoints of the enterprise registry (scoped like the pages)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from npgov.core import policy

from . import selectors

router = Router(tags=["enterprises"])


class EnterpriseOut(Schema):
    id: int
    uscc: str = Field(alias="code")
    name_zh: str
    district: str | None = Field(None, alias="district.code")
    industry_code: str
    address: str
    longitude: float | None = Field(None, description="WGS-84")
    latitude: float | None = Field(None, description="WGS-84")


class StatusOut(Schema):
    kind: str
    valid_from: dt.date
    valid_until: dt.date | None
    source: str


class OutletOut(Schema):
    code: str
    name: str
    medium: str
    receiving: str


class PermittedOut(Schema):
    outlet: str = Field(alias="outlet.code")
    pollutant: str
    substance: str | None = Field(None, alias="substance.platform_id")
    limit_value: float | None
    unit: str
    standard: str


class PermitOut(Schema):
    number: str
    management_class: str
    valid_from: dt.date
    valid_until: dt.date
    pollutants: list[PermittedOut]

    @staticmethod
    def resolve_pollutants(obj):
        return list(obj.pollutants.all())


class EnterpriseDetailOut(EnterpriseOut):
    statuses: list[StatusOut]
    outlets: list[OutletOut]
    permits: list[PermitOut]


@router.get("/", response=list[EnterpriseOut])
@paginate
def enterprise_list(
    request, q: str = "", district: str = "", industry: str = "", key_sector: str = ""
):
    policy.require(request.auth, selectors.VIEW)
    return selectors.enterprise_list(
        user=request.auth, q=q, district=district, industry=industry, key_sector=key_sector
    )


@router.get("/{enterprise_id}", response=EnterpriseDetailOut)
def enterprise_detail(request, enterprise_id: int):
    policy.require(request.auth, selectors.VIEW)
    enterprise = get_object_or_404(selectors.enterprise_list(user=request.auth), pk=enterprise_id)
    record = selectors.enterprise_record(user=request.auth, enterprise=enterprise)
    data = EnterpriseOut.from_orm(enterprise).dict()
    return {
        **data,
        "statuses": list(record["statuses"]),
        "outlets": list(record["outlets"]),
        "permits": list(record["permits"]),
    }
