"""The enterprise registry that extends core's organisation: industry, statuses with dates and
sources, facilities, outlets and discharge permits with permitted pollutants per outlet."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.models import TimeStampedModel

from .choices import (
    Datum,
    EnterpriseSize,
    KeySector,
    Medium,
    OperatingStatus,
    PermitClass,
    StatusKind,
)


class IndustryClass(models.Model):
    """A class of the national industry classification (GB/T 4754-2017, four digits)."""

    code = models.CharField(
        _("code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A GB/T 4754 class has four digits."))],
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    key_sector = models.CharField(
        _("key industry of the plan"), max_length=20, choices=KeySector.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=100)

    class Meta:
        verbose_name = _("industry class")
        verbose_name_plural = _("industry classes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class EnterpriseProfile(TimeStampedModel):
    """What the registry knows about an enterprise beyond its organisation record."""

    organisation = models.OneToOneField(
        "core.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="enterprise_profile",
        limit_choices_to={"kind": "enterprise"},
    )
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    industrial_park = models.CharField(_("industrial park"), max_length=200, blank=True)
    industry = models.ForeignKey(
        IndustryClass,
        verbose_name=_("industry (GB/T 4754-2017)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
    )
    size = models.CharField(_("size"), max_length=10, choices=EnterpriseSize.choices, blank=True)
    operating_status = models.CharField(
        _("operating status"),
        max_length=10,
        choices=OperatingStatus.choices,
        default=OperatingStatus.OPERATING,
    )
    coordinates_datum = models.CharField(
        _("datum of the coordinates as given"),
        max_length=5,
        choices=Datum.choices,
        default=Datum.WGS84,
        help_text=_("Coordinates are stored in WGS-84; GCJ-02 input is converted."),
    )

    class Meta:
        verbose_name = _("enterprise profile")
        verbose_name_plural = _("enterprise profiles")
        ordering = ["organisation__code"]

    def __str__(self) -> str:
        return str(self.organisation)


class EnterpriseStatus(models.Model):
    """A regulatory status of an enterprise over a period, with the document that set it."""

    enterprise = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="enterprise_statuses",
    )
    kind = models.CharField(_("status"), max_length=30, choices=StatusKind.choices)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("source document"), max_length=300)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("enterprise status")
        verbose_name_plural = _("enterprise statuses")
        ordering = ["enterprise", "kind", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "valid_from"],
                name="enterprise_status_unique",
                violation_error_message=_("This status is already recorded from that date."),
            ),
            models.CheckConstraint(
                name="enterprise_status_dates_in_order",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                violation_error_message=_("A status cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.valid_from}"


class Facility(models.Model):
    """A production unit, storage or treatment facility of an enterprise."""

    enterprise = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="facilities",
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["enterprise", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "code"],
                name="facility_code_unique",
                violation_error_message=_("The enterprise already has a facility with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Outlet(models.Model):
    """A discharge outlet (排放口) to water or air, coded as in the discharge permit."""

    enterprise = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="outlets",
    )
    facility = models.ForeignKey(
        Facility,
        verbose_name=_("facility"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outlets",
    )
    code = models.CharField(_("code"), max_length=30, help_text=_("e.g. DW001, DA001"))
    name = models.CharField(_("name"), max_length=200)
    medium = models.CharField(_("medium"), max_length=5, choices=Medium.choices)
    receiving = models.CharField(
        _("receiving water or sewer"),
        max_length=200,
        blank=True,
        help_text=_("A river, or the wastewater treatment plant the sewer leads to."),
    )
    longitude = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    latitude = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["enterprise", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "code"],
                name="outlet_code_unique",
                violation_error_message=_("The enterprise already has an outlet with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DischargePermit(models.Model):
    """A pollutant discharge permit (排污许可证) and its validity."""

    enterprise = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="discharge_permits",
    )
    number = models.CharField(_("permit number"), max_length=40, unique=True)
    management_class = models.CharField(
        _("management class"), max_length=15, choices=PermitClass.choices
    )
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("discharge permit")
        verbose_name_plural = _("discharge permits")
        ordering = ["enterprise", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                name="permit_dates_in_order",
                condition=Q(valid_until__gte=models.F("valid_from")),
                violation_error_message=_("A permit cannot expire before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.number


class PermittedPollutant(models.Model):
    """A pollutant a permit allows at an outlet, with its limit and the standard behind it."""

    permit = models.ForeignKey(
        DischargePermit,
        verbose_name=_("permit"),
        on_delete=models.CASCADE,
        related_name="pollutants",
    )
    outlet = models.ForeignKey(
        Outlet,
        verbose_name=_("outlet"),
        on_delete=models.CASCADE,
        related_name="permitted",
    )
    pollutant = models.CharField(_("pollutant"), max_length=200)
    substance = models.ForeignKey(
        "chemicals.Substance",
        verbose_name=_("substance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="permitted_at",
    )
    limit_value = models.FloatField(_("limit"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    standard = models.CharField(_("standard"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("permitted pollutant")
        verbose_name_plural = _("permitted pollutants")
        ordering = ["permit", "outlet", "pollutant"]
        constraints = [
            models.UniqueConstraint(
                fields=["permit", "outlet", "pollutant"],
                name="permitted_pollutant_unique",
                violation_error_message=_("This pollutant is already permitted at the outlet."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.outlet.code} {self.pollutant}"
