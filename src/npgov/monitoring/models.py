"""Monitoring of new pollutants: sites, programmes, sampling events, samples, results with
their detection state, limits, method and QA, microplastics observations, and the files
laboratories uploaded (plan tasks 3 and 14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npgov.core.models import TimeStampedModel

from .choices import (
    Basis,
    Detection,
    Fraction,
    ImportStatus,
    Medium,
    Polymer,
    ProgrammeKind,
    QcType,
    Review,
    Shape,
    SiteStatus,
    SiteType,
    SizeClass,
    medium_kind,
)


class Site(TimeStampedModel):
    """A monitoring site (点位): where samples of one medium are taken."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    medium = models.CharField(_("medium"), max_length=30, choices=Medium.choices)
    site_type = models.CharField(_("site type"), max_length=30, choices=SiteType.choices)
    district = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="monitoring_sites",
        limit_choices_to={"kind": "district"},
    )
    basin = models.CharField(_("river or basin"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "enterprise"},
    )
    outlet = models.ForeignKey(
        "enterprises.Outlet",
        verbose_name=_("outlet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_sites",
    )
    longitude = models.FloatField(_("longitude (WGS-84)"))
    latitude = models.FloatField(_("latitude (WGS-84)"))
    status = models.CharField(
        _("status"), max_length=10, choices=SiteStatus.choices, default=SiteStatus.ACTIVE
    )
    is_synthetic = models.BooleanField(_("synthetic (demo) record"), default=False)

    class Meta:
        verbose_name = _("monitoring site")
        verbose_name_plural = _("monitoring sites")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"

    @property
    def kind(self) -> str:
        return medium_kind(self.medium)


class Programme(models.Model):
    """A monitoring programme or pilot of the plan."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    plan_task = models.CharField(_("plan task"), max_length=10, blank=True)
    description = models.TextField(_("description"), blank=True)
    sites = models.ManyToManyField(
        Site, verbose_name=_("sites"), blank=True, related_name="programmes"
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring programme")
        verbose_name_plural = _("monitoring programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_zh


class SamplingEvent(models.Model):
    """A sampling campaign of a programme (e.g. 2025 Q2 round)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="events"
    )
    code = models.CharField(_("code"), max_length=40)
    started = models.DateField(_("started"))
    ended = models.DateField(_("ended"))

    class Meta:
        verbose_name = _("sampling event")
        verbose_name_plural = _("sampling events")
        ordering = ["programme", "started"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="sampling_event_unique"),
            models.CheckConstraint(
                name="sampling_event_dates_in_order", condition=Q(ended__gte=models.F("started"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.code}"


class ImportFile(models.Model):
    """A file a laboratory uploaded, with its report (loaded, refused, or already loaded)."""

    laboratory = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("laboratory"),
        on_delete=models.PROTECT,
        related_name="monitoring_files",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    layout = models.CharField(_("layout"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("results stored"), default=0)
    duplicate_count = models.PositiveIntegerField(_("rows already present"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of problems"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["laboratory", "sha256"],
                condition=Q(status="loaded"),
                name="import_file_loaded_once",
            )
        ]

    def __str__(self) -> str:
        return self.file_name


class Sample(models.Model):
    """A sample taken at a site (or a field QC sample)."""

    code = models.CharField(_("sample code"), max_length=60)
    laboratory = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("laboratory"),
        on_delete=models.PROTECT,
        related_name="monitoring_samples",
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="samples"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="samples",
    )  # fmt: skip
    event = models.ForeignKey(
        SamplingEvent, verbose_name=_("sampling event"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="samples",
    )  # fmt: skip
    medium = models.CharField(_("medium"), max_length=30, choices=Medium.choices)
    matrix = models.CharField(_("matrix"), max_length=100, blank=True)
    sampled_at = models.DateTimeField(_("sampled at"))
    depth_m = models.FloatField(_("depth (m)"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=5, choices=Basis.choices, blank=True)
    fraction = models.CharField(_("fraction"), max_length=10, choices=Fraction.choices, blank=True)
    qc_type = models.CharField(
        _("QC type"), max_length=20, choices=QcType.choices, default=QcType.REGULAR
    )
    batch = models.CharField(_("analytical batch"), max_length=60, blank=True)
    duplicate_of = models.CharField(
        _("duplicate of sample"), max_length=60, blank=True,
        help_text=_("For a field duplicate: the code of the sample it duplicates."),
    )  # fmt: skip
    import_file = models.ForeignKey(
        ImportFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="samples"
    )

    class Meta:
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        ordering = ["-sampled_at", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["laboratory", "code"], name="sample_code_unique_per_lab"
            )
        ]
        indexes = [models.Index(fields=["site", "sampled_at"])]

    def __str__(self) -> str:
        return self.code


class Result(models.Model):
    """One measured (or not detected) substance in one sample. Concentrations are stored in
    the unit of the medium's kind (ng/L, ng/g, ng/m³); site, medium and date are copied from
    the sample so that statistics over millions of results need no join."""

    # Sample, substance and site lead the unique constraint and the two indexes below, which
    # serve their lookups: no single-column index of their own to maintain on every load.
    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="results",
        db_index=False,
    )  # fmt: skip
    substance = models.ForeignKey(
        "chemicals.Substance", verbose_name=_("substance"), on_delete=models.PROTECT,
        related_name="monitoring_results", db_index=False,
    )  # fmt: skip
    # Copied from the sample (whose own keys are constrained): no constraint of their own, so
    # that a million-row load does not pay three more foreign-key checks per row.
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="results", db_constraint=False,
        db_index=False,
    )  # fmt: skip
    medium = models.CharField(_("medium"), max_length=30, choices=Medium.choices)
    sampled_on = models.DateField(_("sampled on"))
    qc_type = models.CharField(_("QC type"), max_length=20, choices=QcType.choices)
    detection = models.CharField(_("detection"), max_length=15, choices=Detection.choices)
    value = models.FloatField(_("value"), null=True, blank=True)
    lod = models.FloatField(_("LOD"), null=True, blank=True)
    loq = models.FloatField(_("LOQ"), null=True, blank=True)
    unit_given = models.CharField(_("unit as reported"), max_length=20)
    method = models.CharField(_("method"), max_length=60)
    laboratory = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    recovery_percent = models.FloatField(_("recovery (%)"), null=True, blank=True)
    qa_flags = models.CharField(_("QA flags"), max_length=200, blank=True)
    review = models.CharField(
        _("review"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    import_file = models.ForeignKey(
        ImportFile, on_delete=models.SET_NULL, null=True, related_name="results",
        db_constraint=False,
    )  # fmt: skip

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-sampled_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "substance", "laboratory", "method"], name="result_unique"
            ),
            models.CheckConstraint(
                name="result_value_not_negative", condition=Q(value__isnull=True) | Q(value__gte=0)
            ),
        ]
        indexes = [
            models.Index(fields=["substance", "medium", "sampled_on"]),
            models.Index(fields=["site", "substance", "sampled_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.sample_id}/{self.substance_id}"

    @property
    def censored(self) -> bool:
        return self.detection in (Detection.BELOW_LOD, Detection.BELOW_LOQ)

    @property
    def limit(self) -> float | None:
        """The limit a non-detect is below (LOQ for < LOQ, LOD for < LOD)."""
        if self.detection == Detection.BELOW_LOQ:
            return self.loq
        if self.detection == Detection.BELOW_LOD:
            return self.lod
        return None


class MicroplasticObservation(models.Model):
    """Particles counted in a sample by polymer, shape and size class."""

    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="microplastics"
    )
    polymer = models.CharField(_("polymer"), max_length=10, choices=Polymer.choices)
    shape = models.CharField(_("shape"), max_length=10, choices=Shape.choices)
    size_class = models.CharField(_("size class"), max_length=10, choices=SizeClass.choices)
    count = models.PositiveIntegerField(_("particles counted"))
    abundance = models.FloatField(_("abundance"))
    abundance_unit = models.CharField(_("abundance unit"), max_length=10)
    import_file = models.ForeignKey(
        ImportFile, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("microplastics observation")
        verbose_name_plural = _("microplastics observations")
        ordering = ["sample", "polymer", "shape", "size_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "polymer", "shape", "size_class"], name="microplastic_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.polymer} {self.shape} {self.size_class}"


class ResultCount(models.Model):
    """How many results, and how many detects, per site, substance, laboratory, QC type and
    review state: kept up to date by the import and the review, so that the heat map and
    detection maps over millions of results read a few thousand rows."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    substance = models.ForeignKey(
        "chemicals.Substance", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    laboratory = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    medium = models.CharField(max_length=30, choices=Medium.choices)
    qc_type = models.CharField(max_length=20, choices=QcType.choices)
    review = models.CharField(max_length=10, choices=Review.choices)
    n = models.PositiveIntegerField(default=0)
    detected = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("result count")
        verbose_name_plural = _("result counts")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "substance", "laboratory", "qc_type", "review"],
                name="result_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site_id}/{self.substance_id}: {self.detected}/{self.n}"
