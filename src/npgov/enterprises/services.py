"""Writes of the enterprise registry: industry classes, enterprises and their profiles
(single or in bulk), statuses, facilities, outlets and permits."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from npgov.core import policy, reference
from npgov.core.audit import acting_as
from npgov.core.models import Organisation, OrganisationKind
from npgov.science.geo import gcj02_to_wgs84, in_china_bbox
from npgov.science.identifiers import uscc_check

from .choices import Datum
from .models import EnterpriseProfile, EnterpriseStatus, IndustryClass

#: The bounding box of Beijing (WGS-84), for a plausibility check of coordinates.
BEIJING_BBOX = (115.4, 39.4, 117.6, 41.1)


@transaction.atomic
def industry_classes_load_reference() -> int:
    rows = reference.read_csv("enterprises/industry_classes.csv")
    for row in rows:
        IndustryClass.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_zh": row["name_zh"],
                "key_sector": row["key_sector"],
                "source": row["source"],
            },
        )
    return len(rows)


@dataclass
class EnterpriseInput:
    uscc: str
    name_zh: str
    district_code: str = ""
    legal_representative: str = ""
    address: str = ""
    longitude: float | None = None
    latitude: float | None = None
    datum: str = Datum.WGS84
    industrial_park: str = ""
    industry_code: str = ""
    size: str = ""
    operating_status: str = "operating"


def enterprise_validate(data: EnterpriseInput, *, existing: Organisation | None = None) -> dict:
    """Check one enterprise; returns the cleaned values or raises ValidationError per field."""
    errors: dict[str, list[str]] = {}
    check = uscc_check(data.uscc)
    if not check.valid:
        errors.setdefault("uscc", []).append(f"{check.reason_zh} / {check.reason_en}")
    elif (
        Organisation.objects.filter(code=check.normalized)
        .exclude(pk=getattr(existing, "pk", None))
        .exists()
    ):
        errors.setdefault("uscc", []).append(
            _("Another enterprise already has the credit code {code}.").format(
                code=check.normalized
            )
        )
    district = None
    if data.district_code:
        district = Organisation.objects.filter(
            kind=OrganisationKind.DISTRICT, code=data.district_code.strip()
        ).first()
        if district is None:
            errors.setdefault("district", []).append(
                _("Unknown district code {code}.").format(code=data.district_code)
            )
    elif check.valid:
        district = Organisation.objects.filter(
            kind=OrganisationKind.DISTRICT, code=check.normalized[2:8]
        ).first()
        if district is None:
            errors.setdefault("district", []).append(
                _(
                    "Give the district: the credit code's division {code} is not a district of "
                    "Beijing."
                ).format(code=check.normalized[2:8])
            )
    if district is not None and check.valid and district.is_gbt2260:
        division = check.normalized[2:8]
        if division.startswith("1101") and division != district.code:
            errors.setdefault("district", []).append(
                _(
                    "The district {district} does not match the credit code's division {code}."
                ).format(district=district, code=division)
            )
    industry = None
    if data.industry_code:
        industry = IndustryClass.objects.filter(code=data.industry_code.strip()).first()
        if industry is None:
            errors.setdefault("industry", []).append(
                _("Unknown GB/T 4754-2017 class {code}.").format(code=data.industry_code)
            )
    longitude, latitude = data.longitude, data.latitude
    if (longitude is None) != (latitude is None):
        errors.setdefault("coordinates", []).append(_("Give both longitude and latitude."))
    elif longitude is not None:
        if data.datum == Datum.GCJ02 and in_china_bbox(longitude, latitude):
            longitude, latitude = gcj02_to_wgs84(longitude, latitude)
        west, south, east, north = BEIJING_BBOX
        if not (west <= longitude <= east and south <= latitude <= north):
            errors.setdefault("coordinates", []).append(
                _("The point ({lon}, {lat}) lies outside Beijing.").format(
                    lon=data.longitude, lat=data.latitude
                )
            )
    if not data.name_zh.strip():
        errors.setdefault("name_zh", []).append(_("The enterprise's name is required."))
    if errors:
        raise ValidationError(errors)
    return {
        "uscc": check.normalized,
        "district": district,
        "industry": industry,
        "longitude": longitude,
        "latitude": latitude,
    }


@transaction.atomic
def enterprise_save(
    *, actor, data: EnterpriseInput, enterprise: Organisation | None = None
) -> Organisation:
    """Create or update an enterprise and its profile (one place for this write)."""
    if enterprise is None:
        policy.require(actor, "enterprises.import_enterprise")
    else:
        policy.require(actor, "enterprises.change_enterprise", enterprise)
    clean = enterprise_validate(data, existing=enterprise)
    with acting_as(actor):
        org = enterprise or Organisation(kind=OrganisationKind.ENTERPRISE, created_by=actor)
        org.code = clean["uscc"]
        org.name_zh = data.name_zh.strip()
        org.district = clean["district"]
        org.address = data.address
        org.industry_code = clean["industry"].code if clean["industry"] else ""
        org.longitude, org.latitude = clean["longitude"], clean["latitude"]
        org.full_clean()
        org.save()
        profile, _created = EnterpriseProfile.objects.get_or_create(
            organisation=org, defaults={"created_by": actor}
        )
        profile.legal_representative = data.legal_representative
        profile.industrial_park = data.industrial_park
        profile.industry = clean["industry"]
        profile.size = data.size
        profile.operating_status = data.operating_status or "operating"
        profile.coordinates_datum = data.datum or Datum.WGS84
        profile.full_clean()
        profile.save()
    return org


@transaction.atomic
def enterprise_status_add(
    *,
    actor,
    enterprise: Organisation,
    kind: str,
    valid_from,
    valid_until=None,
    source: str,
    note: str = "",
) -> EnterpriseStatus:
    policy.require(actor, "enterprises.change_enterprise", enterprise)
    with acting_as(actor):
        status = EnterpriseStatus(
            enterprise=enterprise,
            kind=kind,
            valid_from=valid_from,
            valid_until=valid_until,
            source=source,
            note=note,
        )
        status.full_clean()
        status.save()
    return status
