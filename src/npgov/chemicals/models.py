"""Substances with verified identity, groups with membership rules, regulatory lists and their
control measures (一品一策) as data."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from npgov.core.models import TimeStampedModel

from .choices import (
    Activity,
    DataOrigin,
    IdentifierKind,
    ListKind,
    MeasureKind,
    MembershipBasis,
    PropertyKind,
    Qualifier,
    Reliability,
    SubstanceKind,
    TaxonomicGroup,
    UseRole,
)


class Substance(TimeStampedModel):
    """A chemical substance the platform knows: a defined structure, a UVCB or a mixture."""

    platform_id = models.CharField(_("platform ID"), max_length=12, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=400, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SubstanceKind.choices, default=SubstanceKind.DEFINED
    )
    description = models.TextField(_("description"), blank=True)
    composition = models.JSONField(
        _("composition ranges"),
        default=list,
        blank=True,
        help_text=_("For UVCBs and mixtures: components with minimum and maximum content."),
    )
    smiles = models.TextField(_("SMILES (as given)"), blank=True)
    canonical_smiles = models.TextField(_("canonical SMILES"), blank=True)
    inchi = models.TextField(_("InChI"), blank=True)
    inchikey = models.CharField(_("InChIKey"), max_length=27, blank=True, db_index=True)
    parent_inchikey = models.CharField(
        _("parent InChIKey"),
        max_length=27,
        blank=True,
        db_index=True,
        help_text=_("InChIKey of the neutral parent: a salt shares it with its acid or base."),
    )
    formula = models.CharField(_("formula"), max_length=100, blank=True)
    monoisotopic_mass = models.FloatField(_("monoisotopic mass (Da)"), null=True, blank=True)
    stereo_unspecified = models.BooleanField(
        _("stereochemistry not represented"),
        default=False,
        help_text=_("Stereoisomers share this structure; they are told apart by CAS RN."),
    )
    structure_note = models.CharField(_("structure note"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    reference_version = models.CharField(_("reference version"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("substance")
        verbose_name_plural = _("substances")
        ordering = ["platform_id"]
        indexes = [
            # Exact, case-insensitive name lookups (iexact compares UPPER() on PostgreSQL).
            models.Index(Upper("name_zh"), name="substance_name_zh_upper"),
            models.Index(Upper("name_en"), name="substance_name_en_upper"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["inchikey"],
                condition=~Q(inchikey="") & Q(stereo_unspecified=False),
                name="substance_unique_structure",
                violation_error_message=_("Another substance already has this structure."),
            ),
            models.CheckConstraint(
                name="substance_structure_only_if_defined",
                condition=Q(kind=SubstanceKind.DEFINED) | Q(smiles=""),
                violation_error_message=_(
                    "Only a substance with a defined structure has a SMILES; describe UVCBs "
                    "and mixtures by composition instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.platform_id} {self.display_name}"

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_zh

    @property
    def has_structure(self) -> bool:
        return bool(self.canonical_smiles)


class SubstanceIdentifier(models.Model):
    """A CAS RN, EC number or synonym of a substance (several CAS RNs may name one substance)."""

    substance = models.ForeignKey(
        Substance,
        verbose_name=_("substance"),
        on_delete=models.CASCADE,
        related_name="identifiers",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(_("value"), max_length=300)
    normalized = models.CharField(_("normalised value"), max_length=300, db_index=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("substance identifier")
        verbose_name_plural = _("substance identifiers")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "normalized"],
                condition=Q(kind__in=[IdentifierKind.CAS, IdentifierKind.EC]),
                name="identifier_registry_number_unique",
                violation_error_message=_("This registry number already belongs to a substance."),
            ),
            models.UniqueConstraint(
                fields=["substance", "kind", "normalized"],
                name="identifier_unique_per_substance",
                violation_error_message=_("The substance already has this identifier."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class SubstanceGroup(models.Model):
    """A group of substances with members by explicit list and by structural rule."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300)
    description_en = models.TextField(_("description (English)"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    reference_version = models.CharField(_("reference version"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("substance group")
        verbose_name_plural = _("substance groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_zh


class GroupRule(models.Model):
    """A structural or composition rule that classifies a substance into a group."""

    group = models.ForeignKey(
        SubstanceGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="rules"
    )
    code = models.CharField(_("code"), max_length=60)
    description_en = models.TextField(_("description (English)"))
    definition = models.JSONField(_("definition"), help_text=_("SMARTS and composition terms."))
    provisional = models.BooleanField(_("provisional"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("group rule")
        verbose_name_plural = _("group rules")
        ordering = ["group__code", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "code"],
                name="group_rule_unique",
                violation_error_message=_("The group already has a rule with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.group.code}/{self.code}"


class GroupMembership(models.Model):
    """That a substance belongs to a group, and why (listed, or matched by a rule)."""

    group = models.ForeignKey(
        SubstanceGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    substance = models.ForeignKey(
        Substance,
        verbose_name=_("substance"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    basis = models.CharField(_("basis"), max_length=10, choices=MembershipBasis.choices)
    rule_code = models.CharField(_("rule"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group__code", "substance__platform_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "substance", "basis", "rule_code"],
                name="membership_unique",
                violation_error_message=_("This membership is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.substance.platform_id} ∈ {self.group.code}"


class RegulatoryList(models.Model):
    """A versioned regulatory list (名录、清单) or convention annex."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=ListKind.choices)
    issuer_zh = models.CharField(_("issuer"), max_length=300, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    edition = models.CharField(_("edition"), max_length=50, blank=True)
    published = models.DateField(pgettext_lazy("list date", "published"), null=True, blank=True)
    effective = models.DateField(_("effective"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("False when publication details are not yet checked against the source."),
    )
    source = models.CharField(_("source"), max_length=300)
    reference_version = models.CharField(_("reference version"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("regulatory list")
        verbose_name_plural = _("regulatory lists")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_zh


class ListEntry(models.Model):
    """An entry of a list: one substance, several, or a group by its definition."""

    regulatory_list = models.ForeignKey(
        RegulatoryList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="entries"
    )
    number = models.CharField(_("number"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=400, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=50, blank=True)
    group = models.ForeignKey(
        SubstanceGroup,
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="list_entries",
    )
    defines_group = models.BooleanField(
        _("defines the group"),
        default=False,
        help_text=_("The substances this entry names are explicit members of its group."),
    )
    substances = models.ManyToManyField(
        Substance, verbose_name=_("substances"), related_name="list_entries", blank=True
    )
    cas_listed = models.JSONField(_("CAS RNs in the list"), default=list, blank=True)
    emission_standards = models.JSONField(_("emission standards"), default=list, blank=True)
    duties = models.JSONField(_("further duties"), default=dict, blank=True)
    annex = models.CharField(_("annex"), max_length=10, blank=True)
    year_listed = models.PositiveSmallIntegerField(_("year listed"), null=True, blank=True)
    listing_decision = models.CharField(_("listing decision"), max_length=100, blank=True)
    confirmed = models.BooleanField(_("confirmed"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["regulatory_list__code", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulatory_list", "number"],
                name="list_entry_unique",
                violation_error_message=_("The list already has an entry with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.regulatory_list.code} {self.number} {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_zh


class ControlMeasure(models.Model):
    """One control measure of an entry for one activity (一品一策), as a machine-checkable rule."""

    entry = models.ForeignKey(
        ListEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="measures"
    )
    key = models.CharField(_("key"), max_length=80, unique=True)
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Not yet confirmed against the official text."),
    )
    note_en = models.TextField(_("note (English)"), blank=True)
    note_zh = models.TextField(_("note (Chinese)"), blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("control measure")
        verbose_name_plural = _("control measures")
        ordering = ["entry__regulatory_list__code", "entry__order", "activity", "key"]
        constraints = [
            models.CheckConstraint(
                name="measure_dates_in_order",
                condition=Q(effective_from__isnull=True)
                | Q(effective_until__isnull=True)
                | Q(effective_from__lte=models.F("effective_until")),
                violation_error_message=_("A measure cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.get_activity_display()} · {self.get_kind_display()}"


class MeasureUse(models.Model):
    """An exempted or banned use of a measure, as the list writes it, with its end date."""

    measure = models.ForeignKey(
        ControlMeasure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="uses"
    )
    role = models.CharField(_("role"), max_length=10, choices=UseRole.choices)
    code = models.CharField(_("code"), max_length=100)
    text_zh = models.CharField(_("use (Chinese)"), max_length=300)
    text_en = models.CharField(_("use (English)"), max_length=300, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("exempted or banned use")
        verbose_name_plural = _("exempted or banned uses")
        ordering = ["measure", "role", "pk"]

    def __str__(self) -> str:
        return self.text_zh


class ProductLimit(models.Model):
    """A content limit in a product category set by a standard."""

    measure = models.ForeignKey(
        ControlMeasure,
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        related_name="limits",
    )
    value = models.FloatField(_("limit value"))
    unit = models.CharField(_("unit"), max_length=30)
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    product = models.CharField(_("product category"), max_length=100, blank=True)
    standard = models.CharField(_("standard"), max_length=100)

    class Meta:
        verbose_name = _("product limit")
        verbose_name_plural = _("product limits")
        ordering = ["measure", "product"]

    def __str__(self) -> str:
        return f"{self.product} ≤ {self.value} {self.unit} ({self.standard})"


class PropertyRecord(TimeStampedModel):
    """A physico-chemical, fate or ecotoxicity value of a substance, with its unit and source.

    The value is kept as reported (qualifier, value, unit) and in the property's canonical unit,
    converted with pint, so that hazard screening and PNEC derivation compare like with like.
    """

    substance = models.ForeignKey(
        Substance,
        verbose_name=_("substance"),
        on_delete=models.CASCADE,
        related_name="properties",
    )
    kind = models.CharField(_("property"), max_length=30, choices=PropertyKind.choices)
    qualifier = models.CharField(
        _("qualifier"), max_length=2, choices=Qualifier.choices, default=Qualifier.EQ
    )
    value = models.FloatField(_("value as reported"))
    unit = models.CharField(_("unit as reported"), max_length=40, blank=True)
    value_canonical = models.FloatField(_("value in canonical unit"))
    unit_canonical = models.CharField(_("canonical unit"), max_length=40, blank=True)
    endpoint = models.CharField(
        _("endpoint"), max_length=30, blank=True, help_text=_("e.g. LC50, EC50, NOEC, EC10")
    )
    species = models.CharField(_("species"), max_length=200, blank=True)
    taxonomic_group = models.CharField(
        _("taxonomic group"), max_length=20, choices=TaxonomicGroup.choices, blank=True
    )
    duration_hours = models.FloatField(_("exposure duration (h)"), null=True, blank=True)
    effect = models.CharField(_("effect"), max_length=100, blank=True)
    medium = models.CharField(
        _("medium"), max_length=20, blank=True, help_text=_("freshwater, marine, soil, sediment")
    )
    origin = models.CharField(
        _("origin"), max_length=15, choices=DataOrigin.choices, default=DataOrigin.EXPERIMENTAL
    )
    reliability = models.CharField(
        _("reliability"), max_length=2, choices=Reliability.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=400)

    class Meta:
        verbose_name = _("property record")
        verbose_name_plural = _("property records")
        ordering = ["substance", "kind", "taxonomic_group", "value_canonical"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "substance",
                    "kind",
                    "qualifier",
                    "value",
                    "unit",
                    "endpoint",
                    "species",
                    "duration_hours",
                    "source",
                ],
                name="property_record_unique",
                violation_error_message=_("This value is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.substance.platform_id} {self.get_kind_display()} {self.qualifier}"
            f"{self.value} {self.unit}"
        )
