"""REST endpoints of chemical knowledge: substances, groups, lists, resolution, rule checks."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from npgov.core import policy
from npgov.science.units import UnitError

from . import properties, selectors, services
from .choices import Activity, PropertyKind, SubstanceKind

router = Router(tags=["chemicals"])


class IdentifierOut(Schema):
    kind: str
    value: str


class SubstanceOut(Schema):
    platform_id: str
    name_zh: str
    name_en: str
    kind: str
    canonical_smiles: str
    inchikey: str
    formula: str
    monoisotopic_mass: float | None
    stereo_unspecified: bool
    identifiers: list[IdentifierOut]

    @staticmethod
    def resolve_identifiers(obj):
        return list(obj.identifiers.all())


class MembershipOut(Schema):
    group: str = Field(alias="group.code")
    basis: str
    rule_code: str


class MeasureUseOut(Schema):
    role: str
    code: str
    text_zh: str
    text_en: str
    until: dt.date | None


class LimitOut(Schema):
    value: float
    unit: str
    basis: str
    product: str
    standard: str


class MeasureOut(Schema):
    key: str
    activity: str
    kind: str
    effective_from: dt.date | None
    effective_until: dt.date | None
    provisional: bool
    note_en: str
    uses: list[MeasureUseOut]
    limits: list[LimitOut]

    @staticmethod
    def resolve_uses(obj):
        return list(obj.uses.all())

    @staticmethod
    def resolve_limits(obj):
        return list(obj.limits.all())


class EntryOut(Schema):
    list_code: str = Field(alias="regulatory_list.code")
    number: str
    name_zh: str
    name_en: str
    group: str | None = Field(None, alias="group.code")
    cas_listed: list[str]
    confirmed: bool
    measures: list[MeasureOut]

    @staticmethod
    def resolve_measures(obj):
        return list(obj.measures.all())


class PropertyOut(Schema):
    kind: str
    qualifier: str
    value: float
    unit: str
    value_canonical: float
    unit_canonical: str
    endpoint: str
    species: str
    taxonomic_group: str
    duration_hours: float | None
    effect: str
    medium: str
    origin: str
    reliability: str
    source: str


class SubstanceDetailOut(SubstanceOut):
    inchi: str
    description: str
    groups: list[MembershipOut]
    entries: list[EntryOut]
    properties: list[PropertyOut]

    @staticmethod
    def resolve_properties(obj):
        return list(obj.properties.all())

    @staticmethod
    def resolve_groups(obj):
        return selectors.groups_of(obj)

    @staticmethod
    def resolve_entries(obj):
        codes = {m.group.code for m in selectors.groups_of(obj)}
        return list(selectors.entries_of(substance=obj, group_codes=codes))


class SubstanceIn(Schema):
    name_zh: str = Field(min_length=1, max_length=300)
    name_en: str = Field("", max_length=400)
    kind: SubstanceKind = SubstanceKind.DEFINED
    cas: list[str] = []
    synonyms: list[str] = []
    smiles: str = Field("", max_length=5000)
    stereo_unspecified: bool = False
    description: str = ""
    source: str = Field(min_length=1, max_length=200)


class PropertyIn(Schema):
    kind: PropertyKind
    value: str = Field(description="Number, optionally with a qualifier: '<0.5', '>41'")
    unit: str = ""
    endpoint: str = ""
    species: str = ""
    taxonomic_group: str = ""
    duration_hours: float | None = None
    effect: str = ""
    medium: str = ""
    origin: str = "experimental"
    reliability: str = ""
    source: str = Field(min_length=1, max_length=400)


class GroupOut(Schema):
    code: str
    name_zh: str
    name_en: str
    description_en: str
    source: str


class ListOut(Schema):
    code: str
    name_zh: str
    name_en: str
    kind: str
    issuer_zh: str
    document_number: str
    edition: str
    published: dt.date | None
    effective: dt.date | None
    superseded_by: str | None = Field(None, alias="superseded_by.code")
    confirmed: bool


class ListDetailOut(ListOut):
    entries: list[EntryOut]

    @staticmethod
    def resolve_entries(obj):
        return list(
            obj.entries.select_related("regulatory_list", "group").prefetch_related(
                "measures__uses", "measures__limits"
            )
        )


class ResolveIn(Schema):
    identifiers: list[str] = Field(max_length=5000)


class ResolutionOut(Schema):
    query: str
    kind: str
    status: str
    substances: list[str]
    message_zh: str
    message_en: str


@router.get("/substances", response=list[SubstanceOut])
@paginate
def substance_list(request, q: str = ""):
    policy.require(request.auth, "chemicals.view_substance")
    return selectors.search(user=request.auth, text=q).prefetch_related("identifiers")


@router.get("/substances/{platform_id}", response=SubstanceDetailOut)
def substance_detail(request, platform_id: str):
    policy.require(request.auth, "chemicals.view_substance")
    return get_object_or_404(
        selectors.substance_list(user=request.auth).prefetch_related("identifiers"),
        platform_id=platform_id.upper(),
    )


def _substance_input(payload: SubstanceIn) -> services.SubstanceInput:
    return services.SubstanceInput(**payload.dict())


@router.post("/substances", response={201: SubstanceOut})
def substance_create(request, payload: SubstanceIn):
    """Data stewards add a substance; identity and conflicts are checked first."""
    policy.require(request.auth, "chemicals.change_substance")
    return Status(
        201, services.substance_create(actor=request.auth, data=_substance_input(payload))
    )


@router.put("/substances/{platform_id}", response=SubstanceOut)
def substance_update(request, platform_id: str, payload: SubstanceIn):
    policy.require(request.auth, "chemicals.change_substance")
    substance = get_object_or_404(
        selectors.substance_list(user=request.auth), platform_id=platform_id.upper()
    )
    return services.substance_update(
        actor=request.auth, substance=substance, data=_substance_input(payload)
    )


@router.post("/substances/{platform_id}/properties", response={201: PropertyOut})
def property_create(request, platform_id: str, payload: PropertyIn):
    """Data stewards add a property or ecotoxicity value; the unit is checked with pint."""
    policy.require(request.auth, "chemicals.change_substance")
    substance = get_object_or_404(
        selectors.substance_list(user=request.auth), platform_id=platform_id.upper()
    )
    data = payload.dict()
    try:
        record = properties.property_record_create(
            actor=request.auth,
            substance=substance,
            kind=data.pop("kind"),
            value_text=data.pop("value"),
            unit=data.pop("unit"),
            source=data.pop("source"),
            **data,
        )
    except (UnitError, ValueError) as exc:
        message = f"{exc.reason_zh} / {exc.reason_en}" if isinstance(exc, UnitError) else str(exc)
        raise ValidationError({"value": [message]}) from None
    return Status(201, record)


class ListIn(Schema):
    name_zh: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    kind: str = "other"
    issuer_zh: str = ""
    document_number: str = ""
    edition: str = ""
    published: dt.date | None = None
    effective: dt.date | None = None
    superseded_by: str | None = None
    confirmed: bool = True
    source: str = Field(min_length=1)


class UseIn(Schema):
    code: str
    text_zh: str
    text_en: str = ""
    until: dt.date | None = None


class LimitIn(Schema):
    value: float
    unit: str
    basis: str = ""
    product: str = ""
    standard: str


class MeasureIn(Schema):
    activity: Activity
    kind: str
    effective_from: dt.date | None = None
    effective_until: dt.date | None = None
    provisional: bool = False
    exemptions: list[UseIn] = []
    banned_uses: list[UseIn] = []
    limits: list[LimitIn] = []
    note_en: str = ""
    note_zh: str = ""


class EntryIn(Schema):
    name_zh: str = Field(min_length=1)
    name_en: str = ""
    abbreviation: str = ""
    group: str | None = None
    cas: list[str] = []
    emission_standards: list[str] = []
    confirmed: bool = True
    notes: str = ""
    measures: list[MeasureIn] = []


@router.put("/lists/{code}", response=ListOut)
def list_save(request, code: str, payload: ListIn):
    """Data stewards record a list or a new edition (the successor must exist)."""
    policy.require(request.auth, "chemicals.change_regulatorylist")
    return services.regulatory_list_save(actor=request.auth, code=code, data=payload.dict())


@router.put("/lists/{code}/entries/{number}", response=EntryOut)
def list_entry_save(request, code: str, number: str, payload: EntryIn):
    """Data stewards add or replace an entry and its control measures."""
    policy.require(request.auth, "chemicals.change_regulatorylist")
    reg = get_object_or_404(selectors.list_list(user=request.auth), code=code)
    data = payload.dict()
    data["number"] = number
    for measure in data["measures"]:
        for key in ("effective_from", "effective_until"):
            measure[key] = measure[key].isoformat() if measure[key] else None
        for use in measure["exemptions"] + measure["banned_uses"]:
            use["until"] = use["until"].isoformat() if use["until"] else None
    return services.list_entry_save(actor=request.auth, reg=reg, data=data)


@router.get("/groups", response=list[GroupOut])
def group_list(request):
    policy.require(request.auth, "chemicals.view_substance")
    return selectors.group_list(user=request.auth)


@router.get("/lists", response=list[ListOut])
def list_list(request):
    policy.require(request.auth, "chemicals.view_substance")
    return selectors.list_list(user=request.auth)


@router.get("/lists/{code}", response=ListDetailOut)
def list_detail(request, code: str):
    policy.require(request.auth, "chemicals.view_substance")
    return get_object_or_404(selectors.list_list(user=request.auth), code=code)


@router.post("/resolve", response=list[ResolutionOut])
def resolve(request, payload: ResolveIn):
    """Resolve identifiers in bulk; every input comes back with its status."""
    policy.require(request.auth, "chemicals.view_substance")
    return [
        ResolutionOut(
            query=r.query,
            kind=r.kind,
            status=r.status,
            substances=[s.platform_id for s in r.substances],
            message_zh=r.message_zh,
            message_en=r.message_en,
        )
        for r in selectors.resolve_batch(user=request.auth, queries=payload.identifiers)
    ]


class RuleCheckQuery(Schema):
    substance: str = Field(description="Name, CAS RN, InChIKey, SMILES or platform ID")
    activity: Activity
    use: str | None = None
    product: str | None = None
    date: dt.date | None = None


@router.get("/rules/check")
def rules_check(request, params: Query[RuleCheckQuery]):
    """The decision of the control measures for a substance, an activity and a date."""
    policy.require(request.auth, "chemicals.check_rules")
    check = selectors.rules_check(
        user=request.auth,
        query=params.substance,
        activity=params.activity,
        on=params.date or timezone.localdate(),
        use=params.use,
        product=params.product,
    )
    return rule_check_payload(check)


def rule_check_payload(check: selectors.RuleCheck) -> dict:
    """The JSON the API and the CLI give for a rule check."""
    resolution = check.resolution
    body = {
        "query": resolution.query,
        "resolution": resolution.status,
        "substance": (
            {
                "platform_id": check.substance.platform_id,
                "name_zh": check.substance.name_zh,
                "name_en": check.substance.name_en,
            }
            if check.substance
            else None
        ),
        "candidates": [s.platform_id for s in resolution.substances],
        "structure": resolution.structure.canonical_smiles if resolution.structure else None,
        "groups": check.group_codes,
    }
    if check.decision is None:
        body.update(
            {
                "decision": None,
                "message_zh": resolution.message_zh,
                "message_en": resolution.message_en,
            }
        )
        return body
    body.update(check.decision.as_dict())
    return body
