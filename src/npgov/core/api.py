"""REST endpoints of core: organisations, users (administrators), the current user, jobs."""

from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from npgov.core import policy, selectors, services
from npgov.core.models import Organisation
from npgov.core.roles import Role
from npgov.science.geo import wgs84_to_gcj02

router = Router(tags=["core"])


class OrganisationOut(Schema):
    id: int
    kind: str
    code: str
    name_zh: str
    name_en: str
    short_name_zh: str
    district_id: int | None


class OrganisationFilter(FilterSchema):
    kind: str | None = None
    q: str | None = Field(None, description="Part of the name or code")


class MapPointOut(Schema):
    id: int
    code: str
    name: str
    district_code: str | None
    lon: float = Field(description="Longitude in GCJ-02, ready to draw on Chinese web maps")
    lat: float = Field(description="Latitude in GCJ-02")


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    organisation_id: int | None
    roles: list[str]
    is_active: bool

    @staticmethod
    def resolve_roles(obj) -> list[str]:
        return sorted(r.value for r in services.user_roles(obj))


class UserIn(Schema):
    username: str = Field(min_length=3, max_length=150)
    password: str | None = Field(None, min_length=10)
    full_name: str = ""
    email: str = ""
    organisation_id: int | None = None
    roles: list[Role]


class UserPatchIn(Schema):
    full_name: str | None = None
    email: str | None = None
    organisation_id: int | None = None
    roles: list[Role] | None = None
    is_active: bool | None = None


class JobOut(Schema):
    id: UUID
    kind: str
    title: str
    status: str
    progress: int
    message: str
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        from django.urls import reverse

        return reverse("core:job_download", args=[obj.pk]) if obj.result_file else None


@router.get("/organisations", response=list[OrganisationOut])
@paginate
def organisation_list(request, filters: Query[OrganisationFilter]):
    return selectors.organisation_list(
        user=request.auth, kind=filters.kind or None, q=filters.q or ""
    )


@router.get("/organisations/map-points", response=list[MapPointOut])
def organisation_map_points(request, kind: str = "enterprise"):
    """Located organisations the user may see, converted from WGS-84 to GCJ-02."""
    qs = selectors.organisation_list(user=request.auth, kind=kind).filter(
        longitude__isnull=False, latitude__isnull=False
    )
    points = []
    for org in qs[:5000]:
        lon, lat = wgs84_to_gcj02(org.longitude, org.latitude)
        points.append(
            MapPointOut(
                id=org.pk,
                code=org.code,
                name=org.display_name,
                district_code=org.district.code if org.district else None,
                lon=round(lon, 6),
                lat=round(lat, 6),
            )
        )
    return points


@router.get("/organisations/{org_id}", response=OrganisationOut)
def organisation_detail(request, org_id: int):
    policy.require(request.auth, "core.view_organisation")
    return get_object_or_404(selectors.organisation_list(user=request.auth), pk=org_id)


@router.get("/me", response=UserOut)
def me(request):
    policy.require(request.auth, "core.view_profile")
    return request.auth


@router.get("/users", response=list[UserOut])
@paginate
def user_list(request):
    policy.require(request.auth, "core.view_user")
    return selectors.user_list(user=request.auth)


@router.post("/users", response={201: UserOut})
def user_create(request, payload: UserIn):
    policy.require(request.auth, "core.change_user")
    organisation = (
        get_object_or_404(Organisation, pk=payload.organisation_id)
        if payload.organisation_id
        else None
    )
    user = services.user_create(
        username=payload.username,
        password=payload.password,
        organisation=organisation,
        roles=list(payload.roles),
        full_name=payload.full_name,
        email=payload.email,
        actor=request.auth,
    )
    return Status(201, user)


@router.patch("/users/{user_id}", response=UserOut)
def user_update(request, user_id: int, payload: UserPatchIn):
    policy.require(request.auth, "core.change_user")
    user = get_object_or_404(selectors.user_list(user=request.auth), pk=user_id)
    data = payload.dict(exclude_unset=True)
    organisation = user.organisation
    if "organisation_id" in data:
        organisation = (
            get_object_or_404(Organisation, pk=data["organisation_id"])
            if data["organisation_id"]
            else None
        )
    return services.user_update(
        user=user,
        actor=request.auth,
        organisation=organisation,
        roles=list(data["roles"] or []) if "roles" in data else services.user_roles(user),
        full_name=data.get("full_name", user.full_name),
        email=data.get("email", user.email),
        is_active=data.get("is_active", user.is_active),
    )


@router.get("/jobs/{job_id}", response=JobOut)
def job_detail(request, job_id: UUID):
    policy.require(request.auth, "core.view_job")
    return get_object_or_404(selectors.job_list(user=request.auth), pk=job_id)
