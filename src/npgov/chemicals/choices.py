"""Choices of the chemicals app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubstanceKind(models.TextChoices):
    DEFINED = "defined", _("Defined structure")
    UVCB = "uvcb", _("UVCB (unknown or variable composition)")
    MIXTURE = "mixture", _("Mixture or technical product")


class IdentifierKind(models.TextChoices):
    CAS = "cas", _("CAS RN")
    EC = "ec", _("EC number")
    SYNONYM = "synonym", _("Synonym or abbreviation")


class MembershipBasis(models.TextChoices):
    EXPLICIT = "explicit", _("Listed explicitly")
    RULE = "rule", _("Matched by structural rule")


class ListKind(models.TextChoices):
    KEY_CONTROLLED = "key_controlled", _("Key controlled new pollutants")
    PRIORITY_CONTROL = "priority_control", _("Priority control chemicals")
    STRICTLY_RESTRICTED = "strictly_restricted", _("Strictly restricted toxic chemicals")
    INTERNATIONAL = "international", _("International convention")
    PRIORITY_ASSESSMENT = "priority_assessment", _("Priority assessment plan")
    OTHER = "other", _("Other list")


class Activity(models.TextChoices):
    PRODUCTION = "production", _("Production")
    PROCESSING_USE = "processing_use", _("Processing use")
    IMPORT = "import", pgettext_lazy("activity", "Import")
    EXPORT = "export", pgettext_lazy("activity", "Export")
    USE_IN_PRODUCTS = "use_in_products", _("Use in products")
    EMISSION = "emission", _("Emission or discharge")
    WASTE_HANDLING = "waste_handling", _("Waste handling")


class MeasureKind(models.TextChoices):
    PROHIBITED = "prohibited", _("Prohibited")
    PROHIBITED_EXCEPT = "prohibited_except_exemptions", _("Prohibited except exempted uses")
    RESTRICTED = "restricted", _("Restricted")
    PERMIT_REQUIRED = "permit_required", _("Permit or release notice required")
    LIMIT = "limit", _("Content limit")
    NOT_PROHIBITED = "not_prohibited", _("Not prohibited")


class UseRole(models.TextChoices):
    EXEMPTION = "exemption", _("Exempted use")
    BANNED = "banned", _("Banned use")


class Decision(models.TextChoices):
    PROHIBITED = "prohibited", _("Prohibited")
    PERMITTED_UNDER_EXEMPTION = "permitted_under_exemption", _("Permitted under exemption")
    LIMIT = "limit", _("Content limit applies")
    RESTRICTED = "restricted", _("Restricted")
    NOT_REGULATED = "not_regulated", _("Not regulated")


class PropertyKind(models.TextChoices):
    """Physico-chemical, fate and ecotoxicity properties, with their canonical units below."""

    LOG_KOW = "log_kow", _("log Kow")
    WATER_SOLUBILITY = "water_solubility", _("Water solubility")
    VAPOUR_PRESSURE = "vapour_pressure", _("Vapour pressure")
    HENRY = "henry_constant", _("Henry's law constant")
    LOG_KOC = "log_koc", _("log Koc")
    HALF_LIFE_WATER = "half_life_water", _("Half-life in water")
    HALF_LIFE_SEDIMENT = "half_life_sediment", _("Half-life in sediment")
    HALF_LIFE_SOIL = "half_life_soil", _("Half-life in soil")
    HALF_LIFE_AIR = "half_life_air", _("Half-life in air")
    BCF = "bcf", _("Bioconcentration factor (BCF)")
    BAF = "baf", _("Bioaccumulation factor (BAF)")
    ACUTE = "acute_toxicity", _("Acute ecotoxicity")
    CHRONIC = "chronic_toxicity", _("Chronic ecotoxicity")


#: Canonical unit of each property ("" for logarithms, which carry no unit).
PROPERTY_UNITS = {
    PropertyKind.LOG_KOW: "",
    PropertyKind.WATER_SOLUBILITY: "mg/L",
    PropertyKind.VAPOUR_PRESSURE: "Pa",
    PropertyKind.HENRY: "Pa*m**3/mol",
    PropertyKind.LOG_KOC: "",
    PropertyKind.HALF_LIFE_WATER: "day",
    PropertyKind.HALF_LIFE_SEDIMENT: "day",
    PropertyKind.HALF_LIFE_SOIL: "day",
    PropertyKind.HALF_LIFE_AIR: "day",
    PropertyKind.BCF: "L/kg",
    PropertyKind.BAF: "L/kg",
    PropertyKind.ACUTE: "mg/L",
    PropertyKind.CHRONIC: "mg/L",
}
ECOTOX_KINDS = {PropertyKind.ACUTE, PropertyKind.CHRONIC}


class Qualifier(models.TextChoices):
    EQ = "=", "="
    LT = "<", "<"
    LE = "<=", "≤"
    GT = ">", ">"
    GE = ">=", "≥"
    APPROX = "~", "~"


class Reliability(models.TextChoices):
    KLIMISCH_1 = "K1", _("Klimisch 1: reliable without restriction")
    KLIMISCH_2 = "K2", _("Klimisch 2: reliable with restrictions")
    KLIMISCH_3 = "K3", _("Klimisch 3: not reliable")
    KLIMISCH_4 = "K4", _("Klimisch 4: not assignable")
    CRED_1 = "R1", _("CRED R1: reliable without restrictions")
    CRED_2 = "R2", _("CRED R2: reliable with restrictions")
    CRED_3 = "R3", _("CRED R3: not reliable")
    CRED_4 = "R4", _("CRED R4: not assignable")


class TaxonomicGroup(models.TextChoices):
    ALGAE = "algae", _("Algae and cyanobacteria")
    PLANTS = "plants", _("Aquatic plants")
    INVERTEBRATES = "invertebrates", _("Invertebrates")
    FISH = "fish", _("Fish")
    AMPHIBIANS = "amphibians", _("Amphibians")
    MICROORGANISMS = "microorganisms", _("Microorganisms")
    OTHER = "other", _("Other")


class DataOrigin(models.TextChoices):
    EXPERIMENTAL = "experimental", _("Experimental")
    PREDICTED = "predicted", _("Predicted (model)")
