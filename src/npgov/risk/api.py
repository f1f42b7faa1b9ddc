"""REST endpoints of risk, scoped like the pages: screening runs (start, re-run, ranking), the
inconclusive list, a substance's risk profile with its modelled exposure, and assessments with
the expert committee's review."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from npgov.chemicals import selectors as chem
from npgov.chemicals.models import ListEntry
from npgov.core import policy
from npgov.core import selectors as core
from npgov.core.models import OrganisationKind

from . import assessments, pec, profile, selectors, services
from .choices import AssessmentStatus, CategoryRule, ReviewDecision
from .pnecs import derive

router = Router(tags=["risk"])


class RunOut(Schema):
    id: int
    title: str
    status: str = Field(description="queued, running, done or failed")
    rule: str = Field(description="NORMAN category rule: scarce or danube")
    media: list[str]
    date_from: dt.date | None
    date_to: dt.date | None
    snapshot_rows: int = Field(description="Monitoring results frozen in the input snapshot")
    snapshot_sha256: str
    created: dt.datetime
    finished: dt.datetime | None
    rerun_of: int | None = Field(None, alias="rerun_of_id")


class RunDetailOut(RunOut):
    message: str
    lists: list[int] = Field(description="List entry IDs in scope")
    groups: list[str] = Field(description="Substance group codes in scope")
    substances: list[str] = Field(description="Platform IDs in scope")
    districts: list[str] = Field(description="GB/T 2260 codes; empty for every district")
    result: list[dict] = Field(
        description="The ranking, one row per substance × compartment, in order: compartment, "
        "unit, position, substance_id, name, platform_id, category (NORMAN action category "
        "1–6), rank_in_category, final_score, eoe, eoe_score, foe, max_exceedance, "
        "loq_exceedance, n_sites, n_sites_exceeding, mec95, mec_site_max, pnec, provisional "
        "(concentrations and PNEC in the row's unit)"
    )
    pnecs: dict = Field(
        description="The PNECs frozen for the run, by substance ID: name and, per "
        "compartment, pnec, unit, provisional and how it was derived (or why none was)"
    )

    @staticmethod
    def resolve_lists(obj) -> list[int]:
        return sorted(obj.lists.values_list("pk", flat=True))

    @staticmethod
    def resolve_groups(obj) -> list[str]:
        return sorted(obj.groups.values_list("code", flat=True))

    @staticmethod
    def resolve_substances(obj) -> list[str]:
        return sorted(obj.substances.values_list("platform_id", flat=True))

    @staticmethod
    def resolve_districts(obj) -> list[str]:
        return sorted(obj.districts.values_list("code", flat=True))


class RunIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    substances: list[str] = Field([], description="Platform IDs")
    groups: list[str] = Field([], description="Substance group codes")
    lists: list[int] = Field([], description="List entry IDs")
    media: list[str] = Field(
        [],
        description="Monitoring media with a PNEC compartment (the water media, sediment, "
        "soil, farmland_soil); every one when empty",
    )
    districts: list[str] = Field([], description="GB/T 2260 codes; every district when empty")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    rule: CategoryRule = CategoryRule.SCARCE


class InconclusiveOut(Schema):
    substance: str | None = Field(None, alias="platform_id")
    name: str
    compartment: str
    unit: str
    loq_min: float = Field(description="Lowest limit of quantification, in unit")
    pnec: float = Field(description="In unit")
    loq_exceedance: float = Field(description="LOQ / PNEC")
    category: int
    run: int = Field(description="ID of the latest finished run that ranked the pair")

    @staticmethod
    def resolve_run(obj) -> int:
        return obj["run"].pk


class SsdPointOut(Schema):
    species: str
    group: str
    value: float = Field(description="Chronic NOEC/EC10, geometric mean per species [mg/L]")
    rank: float | None = Field(None, description="Plotting position (Hazen)")


class SsdOut(Schema):
    hc5: float | None = Field(None, description="Model-averaged HC5 [mg/L]")
    lcl: float | None = Field(None, description="Lower bootstrap limit of the HC5 [mg/L]")
    ucl: float | None = Field(None, description="Upper bootstrap limit of the HC5 [mg/L]")
    reason: str = Field("", description="Why no SSD was fitted")
    points: list[SsdPointOut]


class RqOut(Schema):
    state: str = Field(description="risk, no risk or inconclusive")
    rq: float | None
    qualifier: str
    exposure: float | None
    pnec: float | None
    unit: str | None
    reason: str
    n_sites: int | None
    n_sites_detected: int | None
    n_sites_limit_above_pnec: int | None


class DistrictRqOut(RqOut):
    district: str
    code: str
    n: int = Field(description="Results")
    detected: int
    max: float | None = Field(description="Largest site MEC")


class ExposureOut(Schema):
    compartment: str
    label: str
    unit: str
    pnec: float | None = Field(description="In unit")
    pnec_reason: str
    n_wet_left_out: int = Field(description="Results of wet-weight solid samples left out")
    rq: RqOut
    districts: list[DistrictRqOut]


class ProfileOut(Schema):
    substance: str = Field(description="Platform ID")
    name_zh: str
    hazard: dict = Field(description="PBT/vPvB and POP screening verdicts with their evidence")
    pnecs: dict = Field(description="Freshwater (chosen, by factors, by SSD), sediment, soil")
    ssd: SsdOut
    exposure: list[ExposureOut] = Field(description="Measured exposure per compartment")
    pec: dict = Field(
        description="City-wide modelled PEC from the survey, with no enterprise identity"
    )


class PecLineOut(Schema):
    position: int
    activity: str
    basis: str
    erc: str | None
    tonnage_t: float
    release_factor: float
    release_t: float
    pec_mg_per_l: float
    confirmed: bool


class PecRowOut(Schema):
    enterprise_id: int
    enterprise_name: str
    district: str | None
    campaign: str
    year: int
    basis: str
    release_t: float = Field(description="Modelled release to water [t/a]")
    lines: list[PecLineOut]
    pec_mg_per_l: float
    rq: float | None
    state: str
    reason: str
    koc: float | None = Field(description="[L/kg]")
    confirmed: bool
    unconfirmed: list[str]
    notes: list[str]


class AssessmentOut(Schema):
    id: int
    substance: str = Field(alias="substance.platform_id")
    substance_name: str = Field(alias="substance.name_zh")
    version: int
    status: str = Field(description="draft, in_review, approved or returned")
    summary: str
    created: dt.datetime
    created_by: str | None
    submitted: dt.datetime | None
    decided: dt.datetime | None
    decided_by: str | None

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return str(obj.created_by) if obj.created_by_id else None

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return str(obj.decided_by) if obj.decided_by_id else None


class CommentOut(Schema):
    author: str
    decision: str = Field(description="comment, approve or return")
    text: str
    created: dt.datetime

    @staticmethod
    def resolve_author(obj) -> str:
        return str(obj.author)


class AssessmentDetailOut(AssessmentOut):
    content: dict = Field(description="Frozen when drawn up: hazard, pnecs, ssd, exposure and pec")
    sources: dict = Field(description="Versions of the data and reference sets used")
    comments: list[CommentOut]

    @staticmethod
    def resolve_comments(obj):
        return list(obj.comments.select_related("author"))


class AssessmentIn(Schema):
    summary: str = ""


class ReviewIn(Schema):
    decision: ReviewDecision
    text: str = Field("", description="Required: why")


def _pick(queryset, field: str, wanted: list, message: str, errors: dict, key: str) -> list:
    """The objects of ``queryset`` whose ``field`` is in ``wanted``; the missing ones are
    named under ``key`` in ``errors``."""
    found = {getattr(obj, field): obj for obj in queryset.filter(**{f"{field}__in": wanted})}
    missing = [str(value) for value in dict.fromkeys(wanted) if value not in found]
    if missing:
        errors[key] = [message.format(values=", ".join(missing))]
    return [found[value] for value in dict.fromkeys(wanted) if value in found]


def _substance(request, platform_id: str):
    return get_object_or_404(chem.substance_list(user=request.auth), platform_id=platform_id)


@router.get("/runs", response=list[RunOut], summary="List screening runs")
@paginate
def run_list(request):
    """Screening runs the caller may see, newest first (without their ranking)."""
    policy.require(request.auth, "risk.view_screeningrun")
    return selectors.runs(user=request.auth).defer("result", "pnecs").order_by("-created", "-pk")


@router.post("/runs", response={201: RunOut}, summary="Start a screening run")
def run_create(request, payload: RunIn):
    """Record a run over the given scope and queue it; poll the run until its status is
    ``done`` (or ``failed``). Unknown platform IDs, codes or list entries are refused."""
    policy.require(request.auth, "risk.add_screeningrun")
    errors: dict[str, list[str]] = {}
    substances = _pick(
        chem.substance_list(user=request.auth), "platform_id", payload.substances,
        _("Unknown platform IDs: {values}."), errors, "substances",
    )  # fmt: skip
    groups = _pick(
        chem.group_list(user=request.auth), "code", payload.groups,
        _("Unknown group codes: {values}."), errors, "groups",
    )  # fmt: skip
    lists = _pick(
        ListEntry.objects.filter(regulatory_list__in=chem.list_list(user=request.auth)), "pk",
        payload.lists, _("Unknown list entry IDs: {values}."), errors, "lists",
    )  # fmt: skip
    districts = _pick(
        core.organisation_list(user=request.auth, kind=OrganisationKind.DISTRICT), "code",
        payload.districts, _("Unknown district codes: {values}."), errors, "districts",
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    run = services.run_create(
        actor=request.auth, title=payload.title, lists=lists, groups=groups,
        substances=substances, media=payload.media, districts=districts,
        date_from=payload.date_from, date_to=payload.date_to, rule=payload.rule,
    )  # fmt: skip
    return Status(201, run)


@router.get("/runs/{run_id}", response=RunDetailOut, summary="A screening run and its ranking")
def run_detail(request, run_id: int):
    """The run's parameters, scope, frozen PNECs and its ranking by NORMAN's action
    categories (each compartment ranked on its own)."""
    policy.require(request.auth, "risk.view_screeningrun")
    return get_object_or_404(selectors.runs(user=request.auth), pk=run_id)


@router.post("/runs/{run_id}/rerun", response={201: RunOut}, summary="Re-run a screening run")
def run_rerun(request, run_id: int):
    """A new run on the same frozen inputs (results snapshot and PNECs): the same ranking.
    Only a finished run can be re-run."""
    policy.require(request.auth, "risk.add_screeningrun")
    run = get_object_or_404(selectors.runs(user=request.auth), pk=run_id)
    return Status(201, services.run_rerun(actor=request.auth, run=run))


@router.get("/inconclusive", response=list[InconclusiveOut], summary="Methods not sensitive enough")
def inconclusive(request):
    """Substance × compartment pairs whose lowest limit of quantification lies above the PNEC
    in the latest finished run that ranked them, largest LOQ/PNEC first."""
    policy.require(request.auth, "risk.view_screeningrun")
    return selectors.inconclusive(user=request.auth)


@router.get("/substances/{platform_id}", response=ProfileOut, summary="A substance's risk profile")
def substance_profile(request, platform_id: str):
    """Hazard verdicts, PNECs, the SSD summary (HC5 and its limits, the species values),
    measured exposure and risk quotients per compartment and district, and the city-wide
    modelled PEC (no enterprise rows: see ``…/pec``)."""
    policy.require(request.auth, "risk.view_screeningrun")
    substance = _substance(request, platform_id)
    found = profile.profile(user=request.auth, substance=substance)
    return {
        "substance": substance.platform_id,
        "name_zh": substance.name_zh,
        "hazard": found["hazard"].as_dict(),
        "pnecs": found["pnecs"].as_dict(),
        "ssd": found["ssd"],
        "exposure": found["exposure"],
        "pec": found["pec"],
    }


@router.get(
    "/substances/{platform_id}/pec",
    response=list[PecRowOut],
    summary="Local PEC per enterprise",
)
def substance_pec(request, platform_id: str):
    """The local PEC (ECHA R.16) and RQ of each enterprise whose survey report the caller may
    see, highest PEC first; empty without that reach."""
    policy.require(request.auth, "risk.view_screeningrun")
    substance = _substance(request, platform_id)
    pnec = derive([substance.pk])[substance.pk].water_mg_per_l
    return pec.pec_by_enterprise(user=request.auth, substance=substance, pnec_mg_per_l=pnec)


@router.get("/assessments", response=list[AssessmentOut], summary="List risk assessments")
@paginate
def assessment_list(request, substance: str | None = None, status: AssessmentStatus | None = None):
    """Assessment versions the caller may see, by substance and newest version first;
    ``substance`` is a platform ID."""
    policy.require(request.auth, "risk.view_assessment")
    qs = selectors.assessments(user=request.auth)
    if substance:
        qs = qs.filter(substance__platform_id=substance)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("substance__platform_id", "-version")


@router.get(
    "/assessments/{assessment_id}",
    response=AssessmentDetailOut,
    summary="A risk assessment version",
)
def assessment_detail(request, assessment_id: int):
    """Its frozen content and sources, and the committee's comments and decisions."""
    policy.require(request.auth, "risk.view_assessment")
    return get_object_or_404(selectors.assessments(user=request.auth), pk=assessment_id)


@router.post(
    "/substances/{platform_id}/assessments",
    response={201: AssessmentDetailOut},
    summary="Draw up a risk assessment",
)
def assessment_create(request, platform_id: str, payload: AssessmentIn | None = None):
    """A new draft version of the substance's assessment, drawn up from the data as they are
    now."""
    policy.require(request.auth, "risk.add_assessment")
    substance = _substance(request, platform_id)
    made = assessments.assessment_create(
        actor=request.auth, substance=substance, summary=payload.summary if payload else ""
    )
    return Status(201, made)


@router.post(
    "/assessments/{assessment_id}/submit",
    response=AssessmentOut,
    summary="Submit a risk assessment for review",
)
def assessment_submit(request, assessment_id: int):
    """A draft goes to the expert committee."""
    policy.require(request.auth, "risk.add_assessment")
    found = get_object_or_404(selectors.assessments(user=request.auth), pk=assessment_id)
    return assessments.assessment_submit(actor=request.auth, assessment=found)


@router.post(
    "/assessments/{assessment_id}/review",
    response=AssessmentDetailOut,
    summary="Comment on, approve or return a risk assessment",
)
def assessment_review(request, assessment_id: int, payload: ReviewIn):
    """The expert committee decides on a version in review; every decision says why, and
    nobody approves or returns their own assessment."""
    policy.require(request.auth, "risk.review_assessment")
    found = get_object_or_404(selectors.assessments(user=request.auth), pk=assessment_id)
    return assessments.assessment_review(
        actor=request.auth, assessment=found, decision=payload.decision, text=payload.text
    )
