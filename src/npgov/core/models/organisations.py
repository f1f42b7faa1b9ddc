"""Organisations: departments, districts, enterprises, laboratories and the expert committee.

One table holds every kind, so that users, records and the policy layer refer to a single
``Organisation``; proxy models give each kind its own manager, admin and forms.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District")
    ENTERPRISE = "enterprise", _("Enterprise")
    LABORATORY = "laboratory", _("Laboratory")
    EXPERT_COMMITTEE = "expert_committee", _("Expert committee")


class Organisation(TimeStampedModel):
    """A body that users belong to and that owns records (部门、区、企业、实验室、专家委员会)."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_(
            "Department code, GB/T 2260 division code, unified social credit code or "
            "laboratory code."
        ),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    short_name_zh = models.CharField(_("short name (Chinese)"), max_length=100, blank=True)
    district = models.ForeignKey(
        "self",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="located_organisations",
        limit_choices_to={"kind": OrganisationKind.DISTRICT},
        help_text=_("The district the organisation is located in (a district: itself)."),
    )
    # Department facts
    sector_zh = models.CharField(_("sector"), max_length=50, blank=True)
    is_bureau = models.BooleanField(
        _("is the ecology and environment bureau"),
        default=False,
        help_text=_("The lead department that reviews progress reports."),
    )
    # District facts
    is_gbt2260 = models.BooleanField(
        _("has a GB/T 2260 code"),
        default=False,
        help_text=_(
            "False for functional zones such as the Economic-Technological Development Area."
        ),
    )
    # Enterprise facts (the enterprises capability extends these)
    industry_code = models.CharField(_("industry code (GB/T 4754-2017)"), max_length=4, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    longitude = models.FloatField(_("longitude (WGS-84)"), null=True, blank=True)
    latitude = models.FloatField(_("latitude (WGS-84)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_synthetic = models.BooleanField(
        _("synthetic demo record"),
        default=False,
        help_text=_("Generated demo data; not a real organisation."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                name="organisation_coordinates_in_range",
                condition=(
                    Q(longitude__isnull=True, latitude__isnull=True)
                    | Q(
                        longitude__gte=-180, longitude__lte=180, latitude__gte=-90, latitude__lte=90
                    )
                ),
                violation_error_message=_(
                    "Longitude and latitude must both be given and in range."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_zh


class _KindManager(models.Manager):
    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)


class Department(Organisation):
    """A municipal department named in the work plan (市级部门)."""

    objects = _KindManager(OrganisationKind.DEPARTMENT)

    class Meta:
        proxy = True
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class District(Organisation):
    """A district government, or the Economic-Technological Development Area (区政府、经开区)."""

    objects = _KindManager(OrganisationKind.DISTRICT)

    class Meta:
        proxy = True
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Enterprise(Organisation):
    """An enterprise identified by its unified social credit code (企业)."""

    objects = _KindManager(OrganisationKind.ENTERPRISE)

    class Meta:
        proxy = True
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")


class Laboratory(Organisation):
    """A testing laboratory or monitoring station that uploads results (检测实验室)."""

    objects = _KindManager(OrganisationKind.LABORATORY)

    class Meta:
        proxy = True
        verbose_name = _("laboratory")
        verbose_name_plural = _("laboratories")


class ExpertCommittee(Organisation):
    """The new-pollutant governance expert committee (新污染物治理专家委员会)."""

    objects = _KindManager(OrganisationKind.EXPERT_COMMITTEE)

    class Meta:
        proxy = True
        verbose_name = _("expert committee")
        verbose_name_plural = _("expert committees")
