"""REST endpoints of monitoring, scoped like the pages: sites, results and the censored
statistics that maps and risk screening use."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from npgov.chemicals.models import Substance
from npgov.core import policy
from npgov.science.censored import METHODS

from . import selectors

router = Router(tags=["monitoring"])


class SiteOut(Schema):
    code: str
    name_zh: str
    medium: str
    site_type: str
    district: str = Field(alias="district.code")
    longitude: float = Field(description="WGS-84")
    latitude: float = Field(description="WGS-84")


class ResultOut(Schema):
    site: str = Field(alias="site.code")
    sample: str = Field(alias="sample.code")
    substance: str = Field(alias="substance.platform_id")
    medium: str
    sampled_on: dt.date
    qc_type: str
    detection: str
    value: float | None = Field(None, description="ng/L (water), ng/g (solids) or ng/m³ (air)")
    lod: float | None
    loq: float | None
    method: str
    qa_flags: str
    review: str


class StatisticsOut(Schema):
    group: str | int | None
    method: str
    n: int
    n_detected: int
    detection_frequency: float
    min: float | None
    median: float | None
    mean: float | None
    sd: float | None
    p90: float | None
    p95: float | None
    max: float | None
    reliable: bool
    notes: list[str]


@router.get("/sites", response=list[SiteOut])
@paginate
def site_list(request, medium: str | None = None, district: str | None = None):
    policy.require(request.auth, "monitoring.view_site")
    qs = selectors.sites(user=request.auth)
    if medium:
        qs = qs.filter(medium=medium)
    if district:
        qs = qs.filter(district__code=district)
    return qs.order_by("code")


@router.get("/results", response=list[ResultOut])
@paginate
def result_list(
    request,
    substance: str | None = None,
    site: str | None = None,
    medium: str | None = None,
    year: int | None = None,
):
    policy.require(request.auth, "monitoring.view_result")
    qs = selectors.results(user=request.auth).select_related("site", "sample", "substance")
    if substance:
        qs = qs.filter(substance__platform_id=substance)
    if site:
        qs = qs.filter(site__code=site)
    if medium:
        qs = qs.filter(medium=medium)
    if year:
        qs = qs.filter(sampled_on__year=year)
    return qs.order_by("sampled_on", "pk")


@router.get("/statistics", response=list[StatisticsOut])
def statistics(
    request, substance: str, medium: str | None = None, by: str = "none", method: str = "km"
):
    """Per group: n, detects, detection frequency, min, median, mean, sd, P90, P95, max (in
    the stored unit of the medium), non-detects censored at their limit; ``method`` is
    ``km`` (Kaplan–Meier), ``ros`` or a named substitution, ``by`` one of none, district,
    site, site_type, programme, year, medium."""
    policy.require(request.auth, "monitoring.view_result")
    if by not in selectors.GROUPINGS or method not in METHODS:
        raise HttpError(422, "unknown grouping or method")
    chosen = get_object_or_404(Substance, platform_id=substance)
    return selectors.statistics(
        user=request.auth, substance=chosen, medium=medium, by=by, method=method
    )
