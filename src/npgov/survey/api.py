"""REST endpoints of the survey, scoped like the pages (quantities only where the policy
lets the caller see report contents)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from npgov.core import policy
from npgov.science.geo import wgs84_to_gcj02

from . import selectors

router = Router(tags=["survey"])


class CampaignOut(Schema):
    code: str
    year: int
    kind: str
    title_zh: str
    status: str
    opens: dt.date
    deadline: dt.date
    template_version: str


class LineOut(Schema):
    position: int
    substance: str | None = Field(None, alias="substance.platform_id")
    name_given: str
    cas_given: str
    resolution: str
    activity: str
    quantity_t: float
    use_category: str
    function: str
    release_air_t: float | None
    release_water_t: float | None
    release_soil_t: float | None
    waste_t: float | None
    transfer_t: float | None
    transfer_route: str


class ReportOut(Schema):
    id: int
    campaign: str = Field(alias="campaign.code")
    enterprise: str = Field(alias="enterprise.code")
    enterprise_name: str = Field(alias="enterprise.name_zh")
    district: str | None = Field(None, alias="enterprise.district.code")
    state: str
    version: int
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None


class ReportDetailOut(ReportOut):
    lines: list[LineOut]


class DistrictRateOut(Schema):
    code: str
    rate: float
    total: int
    reported: int


class PointOut(Schema):
    name: str
    lon: float
    lat: float
    state: str


@router.get("/campaigns", response=list[CampaignOut])
def campaign_list(request):
    policy.require(request.auth, "survey.view_campaign")
    return selectors.campaign_list(user=request.auth)


@router.get("/campaigns/{code}/districts", response=list[DistrictRateOut])
def campaign_districts(request, code: str):
    """Share of assigned reports submitted, per district (counts only, no quantities)."""
    policy.require(request.auth, "survey.view_surveyfigures")
    campaign = get_object_or_404(selectors.campaign_list(user=request.auth), code=code)
    rows = selectors.completion(user=request.auth, campaign=campaign)["by_district"]
    return [
        {
            "code": r["code"],
            "rate": round(100 * r["reported"] / r["total"], 1) if r["total"] else 0.0,
            "total": r["total"],
            "reported": r["reported"],
        }
        for r in rows
        if r["code"]
    ]


@router.get("/campaigns/{code}/points", response=list[PointOut])
def campaign_points(request, code: str):
    """Assigned enterprises the caller may see, with their report's state (GCJ-02)."""
    policy.require(request.auth, "survey.view_surveyreport")
    campaign = get_object_or_404(selectors.campaign_list(user=request.auth), code=code)
    reports = selectors.report_list(user=request.auth).filter(
        campaign=campaign,
        enterprise__longitude__isnull=False,
        enterprise__latitude__isnull=False,
    )
    points = []
    for report in reports[:5000]:
        lon, lat = wgs84_to_gcj02(report.enterprise.longitude, report.enterprise.latitude)
        points.append(
            {
                "name": report.enterprise.name_zh,
                "lon": round(lon, 6),
                "lat": round(lat, 6),
                "state": report.state,
            }
        )
    return points


@router.get("/reports", response=list[ReportOut])
@paginate
def report_list(request, campaign: str | None = None, state: str | None = None):
    policy.require(request.auth, "survey.view_surveyreport")
    qs = selectors.report_list(user=request.auth)
    if campaign:
        qs = qs.filter(campaign__code=campaign)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("pk")


@router.get("/reports/{report_id}", response=ReportDetailOut)
def report_detail(request, report_id: int):
    policy.require(request.auth, "survey.view_surveyreport")
    report = get_object_or_404(selectors.report_list(user=request.auth), pk=report_id)
    return report
