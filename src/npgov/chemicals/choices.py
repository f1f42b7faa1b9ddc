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
