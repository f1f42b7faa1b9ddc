"""Choices of the enterprises app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class KeySector(models.TextChoices):
    """The key industries of the plan and the survey (tasks 2 and 14)."""

    PETROCHEMICAL = "petrochemical", _("Petrochemicals")
    CHEMICAL = "chemical", _("Chemicals")
    PHARMACEUTICAL = "pharmaceutical", _("Pharmaceuticals")
    PESTICIDE = "pesticide", _("Pesticides")
    ELECTROPLATING = "electroplating", _("Electroplating and surface treatment")
    TEXTILE_DYEING = "textile_dyeing", _("Textile dyeing and finishing")
    LEATHER = "leather", _("Leather tanning")
    PAPER = "paper", _("Pulp and paper")
    PLASTICS = "plastics", _("Plastic products")
    ELECTRONICS = "electronics", _("Electronic components and circuits")
    WASTE = "waste", _("Wastewater and hazardous waste treatment")


class EnterpriseSize(models.TextChoices):
    LARGE = "large", pgettext_lazy("enterprise size", "Large")
    MEDIUM = "medium", pgettext_lazy("enterprise size", "Medium")
    SMALL = "small", pgettext_lazy("enterprise size", "Small")
    MICRO = "micro", pgettext_lazy("enterprise size", "Micro")


class OperatingStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class StatusKind(models.TextChoices):
    KEY_DISCHARGE_UNIT = "key_discharge_unit", _("Key pollutant-discharge unit (重点排污单位)")
    SOIL_KEY_SUPERVISION = (
        "soil_key_supervision",
        _("Soil-pollution key supervision unit (土壤污染重点监管单位)"),
    )
    CLEANER_PRODUCTION_AUDIT = (
        "cleaner_production_audit",
        _("Mandatory cleaner-production audit (强制性清洁生产审核)"),
    )
    DISCLOSURE_DUTY = (
        "disclosure_duty",
        _("Environmental-information disclosure duty (环境信息依法披露)"),
    )


class Datum(models.TextChoices):
    WGS84 = "wgs84", "WGS-84"
    GCJ02 = "gcj02", _("GCJ-02 (Chinese web maps)")


class Medium(models.TextChoices):
    WATER = "water", _("Water")
    AIR = "air", _("Air")


class PermitClass(models.TextChoices):
    KEY = "key", _("Key management (重点管理)")
    SIMPLIFIED = "simplified", _("Simplified management (简化管理)")
    REGISTRATION = "registration", _("Registration (登记管理)")
