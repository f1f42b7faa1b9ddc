"""Choices of the monitoring app: media, site types, programme kinds, sample QC types,
detection states, QA flags and the microplastics classes."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Medium(models.TextChoices):
    SURFACE_WATER = "surface_water", _("Surface water")
    GROUNDWATER = "groundwater", _("Groundwater")
    DRINKING_SOURCE = "drinking_source", _("Drinking-water source")
    SOIL = "soil", _("Soil")
    FARMLAND_SOIL = "farmland_soil", _("Farmland soil")
    SEDIMENT = "sediment", _("Sediment")
    WWTP_INFLUENT = "wwtp_influent", _("WWTP influent")
    WWTP_EFFLUENT = "wwtp_effluent", _("WWTP effluent")
    RECLAIMED_WATER = "reclaimed_water", _("Reclaimed water")
    INDUSTRIAL_EFFLUENT = "industrial_effluent", _("Industrial effluent")
    AIR = "air", _("Ambient air")
    BIOTA = "biota", _("Biota")


#: How concentrations are expressed in each kind of medium, and the unit they are stored in.
WATER_MEDIA = frozenset(
    {
        Medium.SURFACE_WATER,
        Medium.GROUNDWATER,
        Medium.DRINKING_SOURCE,
        Medium.WWTP_INFLUENT,
        Medium.WWTP_EFFLUENT,
        Medium.RECLAIMED_WATER,
        Medium.INDUSTRIAL_EFFLUENT,
    }
)
SOLID_MEDIA = frozenset({Medium.SOIL, Medium.FARMLAND_SOIL, Medium.SEDIMENT, Medium.BIOTA})
STORED_UNIT = {"water": "ng/L", "solid": "ng/g", "air": "ng/m**3"}
STORED_UNIT_LABEL = {"water": "ng/L", "solid": "ng/g", "air": "ng/m³"}
#: Highest plausible concentration per kind of medium (stored unit); above is an error.
PLAUSIBILITY_CEILING = {"water": 1e8, "solid": 1e7, "air": 1e6}


def medium_kind(medium: str) -> str:
    if medium in WATER_MEDIA:
        return "water"
    if medium in SOLID_MEDIA:
        return "solid"
    return "air"


class SiteType(models.TextChoices):
    BACKGROUND = "background", _("Background")
    INDUSTRIAL_PARK = "industrial_park", _("Industrial park")
    NEAR_OUTLET = "near_outlet", _("Near an outlet")
    WWTP = "wwtp", _("Wastewater treatment plant")
    FARMLAND = "farmland", _("Farmland")
    LIVESTOCK = "livestock", _("Livestock farm")
    DIVERSION_INFLOW = "diversion_inflow", _("Water-diversion inflow")
    DRINKING_SOURCE = "drinking_source", _("Drinking-water source protection area")
    URBAN = "urban", _("Urban")


class SiteStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("site", "Active")
    INACTIVE = "inactive", pgettext_lazy("site", "Inactive")


class ProgrammeKind(models.TextChoices):
    KEY_AREA = "key_area", _("Key area pilot")
    INDUSTRIAL_PARK = "industrial_park", _("Typical industrial park")
    KEY_INDUSTRY = "key_industry", _("Key industry")
    MICROPLASTICS = "microplastics", _("Microplastics pilot")
    ROUTINE = "routine", _("Routine monitoring")


class Basis(models.TextChoices):
    NA = "", _("Not applicable")
    WET = "wet", _("Wet weight")
    DRY = "dry", _("Dry weight")


class Fraction(models.TextChoices):
    NA = "", _("Not applicable")
    DISSOLVED = "dissolved", _("Dissolved")
    TOTAL = "total", pgettext_lazy("fraction", "Total")


class QcType(models.TextChoices):
    REGULAR = "regular", _("Regular sample")
    FIELD_BLANK = "field_blank", _("Field blank")
    TRIP_BLANK = "trip_blank", _("Trip blank")
    DUPLICATE = "duplicate", _("Field duplicate")


BLANKS = frozenset({QcType.FIELD_BLANK, QcType.TRIP_BLANK})


class Detection(models.TextChoices):
    DETECTED = "detected", _("Detected")
    BELOW_LOD = "lt_lod", _("Below the LOD")
    BELOW_LOQ = "lt_loq", _("Below the LOQ")
    NOT_ANALYSED = "not_analysed", _("Not analysed")


CENSORED = frozenset({Detection.BELOW_LOD, Detection.BELOW_LOQ})


class QaFlag(models.TextChoices):
    BLANK_CONTAMINATION = "blank_contamination", _("Blank above its LOQ in the batch")
    DUPLICATE_RPD = "duplicate_rpd", _("Duplicates disagree (RPD)")
    RECOVERY = "recovery", _("Recovery outside the window")
    DETECTED_BELOW_LOD = "detected_below_lod", _("Reported as detected below the LOD")
    LOD_ABOVE_LOQ = "lod_above_loq", _("LOD above LOQ")


class Review(models.TextChoices):
    PENDING = "pending", _("Not reviewed")
    ACCEPTED = "accepted", pgettext_lazy("QA review", "Accepted")
    REJECTED = "rejected", pgettext_lazy("QA review", "Rejected")


class Polymer(models.TextChoices):
    PE = "PE", "PE"
    PP = "PP", "PP"
    PS = "PS", "PS"
    PET = "PET", "PET"
    PVC = "PVC", "PVC"
    PA = "PA", "PA"
    PU = "PU", "PU"
    PMMA = "PMMA", "PMMA"
    OTHER = "other", _("Other polymer")


class Shape(models.TextChoices):
    FIBRE = "fibre", _("Fibre")
    FRAGMENT = "fragment", _("Fragment")
    FILM = "film", _("Film")
    PELLET = "pellet", _("Pellet")
    FOAM = "foam", _("Foam")


class SizeClass(models.TextChoices):
    LT_100 = "lt_100", "< 100 μm"
    S100_500 = "100_500", "100–500 μm"
    S500_1000 = "500_1000", "500–1000 μm"
    S1000_5000 = "1000_5000", "1–5 mm"


class ImportStatus(models.TextChoices):
    LOADED = "loaded", _("Loaded")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Already loaded")
