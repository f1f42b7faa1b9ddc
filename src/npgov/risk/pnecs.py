"""PNECs of substances from the knowledge base: freshwater by the ECHA R.10 assessment factors
(:func:`npgov.science.pnec.derive_aquatic`) and, where the chronic data suffice, from a species
sensitivity distribution (:func:`npgov.science.pnec.from_ssd`); sediment and soil by
equilibrium partitioning from the freshwater PNEC and Koc
(:func:`~npgov.science.pnec.sediment_eqp`, :func:`~npgov.science.pnec.soil_eqp`).

Which freshwater PNEC is used (written into every result as ``choice``): an SSD is fitted
when the chronic NOEC/EC10 data cover at least 10 species (R.10's minimum) from algae or
aquatic plants, invertebrates and fish (:func:`npgov.science.pnec.ssd_sufficient`), giving
HC5/5. R.10 also asks
for eight taxonomic groups, which the knowledge base's coarse groups cannot show, so an SSD
here is not the full R.10 case; when both derivations exist the lower PNEC is used
(:func:`npgov.science.pnec.protective`: a screening stays on the protective side) and both
are kept for the record.

Which monitoring media are screened against which PNEC (:data:`COMPARTMENT_MEDIA`): the
freshwater PNEC protects aquatic ecosystems, so it is compared with ambient surface waters
only (rivers, lakes, drinking-water source reservoirs), not with wastewater, effluents,
reclaimed water or groundwater (NORMAN, too, compares its freshwater PNEC with surface-water
sites). A sediment or soil PNEC by EqP is as reliable as the water PNEC it comes from, so it
carries that PNEC's provisional flag (NORMAN's P-PNEC is about predicted ecotoxicity data).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from npgov.chemicals.choices import PropertyKind
from npgov.chemicals.models import PropertyRecord
from npgov.monitoring.choices import Medium
from npgov.science import pnec as pnec_science
from npgov.science import ssd

#: Knowledge-base taxonomic groups as R.10 counts them (others are not used for a PNEC).
TAXA = {"algae": "algae", "plants": "aquatic_plant", "invertebrates": "invertebrate",
        "fish": "fish", "amphibians": "amphibian"}  # fmt: skip
RELIABILITY = {"K1": 1, "R1": 1, "K2": 2, "R2": 2, "K3": 3, "R3": 3, "K4": 4, "R4": 4}
#: Klimisch categories not used in an SSD (not reliable, not assignable).
UNRELIABLE = {"K3", "R3", "K4", "R4"}
#: Compartments screened, and the monitoring media compared with each one's PNEC.
COMPARTMENT_MEDIA = {
    "water": frozenset({Medium.SURFACE_WATER, Medium.DRINKING_SOURCE}),
    "sediment": frozenset({Medium.SEDIMENT}),
    "soil": frozenset({Medium.SOIL, Medium.FARMLAND_SOIL}),
}
#: Unit of each compartment's PNEC and exposure in a screening (the monitoring store's unit;
#: solids on a dry-weight basis).
UNITS = {"water": "ng/L", "sediment": "ng/g dw", "soil": "ng/g dw"}
#: Monitoring's stored units per PNEC unit: ng/L per mg/L, ng/g per mg/kg.
NG_PER_MG_PER_L = 1e6
NG_PER_G_PER_MG_PER_KG = 1e3


#: The compartment of each screened medium.
COMPARTMENT_OF = {m: c for c, media in COMPARTMENT_MEDIA.items() for m in media}


@dataclass
class Pnecs:
    """A substance's PNECs: freshwater (the chosen one, and both derivations), sediment and
    soil; a compartment without one has a reason."""

    water: pnec_science.PnecResult | None = None
    by_factors: pnec_science.PnecResult | None = None
    by_ssd: pnec_science.PnecResult | None = None
    choice: str = ""
    sediment: pnec_science.EqpResult | None = None
    soil: pnec_science.EqpResult | None = None
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def water_mg_per_l(self) -> float | None:
        """The freshwater PNEC in mg/L (None when none was derived)."""
        return self.water.value_mg_per_l if self.water is not None else None

    def value(self, compartment: str) -> float | None:
        """The PNEC in the screening unit of ``compartment`` (:data:`UNITS`)."""
        if compartment == "water":
            if self.water is None or not self.water.derived:
                return None
            return self.water.value_mg_per_l * NG_PER_MG_PER_L
        eqp = getattr(self, compartment)
        return None if eqp is None else eqp.value_mg_per_kg_dwt * NG_PER_G_PER_MG_PER_KG

    def provisional(self, compartment: str) -> bool:
        """NORMAN's "provisional PNEC": resting on predicted ecotoxicity data (sediment and
        soil share the flag of the water PNEC they are partitioned from)."""
        return self.water is None or not self.water.experimental

    def reason(self, compartment: str) -> str:
        return self.reasons.get(compartment, "")

    def entry(self, compartment: str) -> dict:
        """A compartment's PNEC as a screening run freezes it (JSON)."""
        value = self.value(compartment)
        out = {"pnec": value, "unit": UNITS[compartment],
               "provisional": self.provisional(compartment)}  # fmt: skip
        if value is None:
            out["reason"] = self.reason(compartment)
            return out
        if compartment == "water":
            rule = self.water.rule
            out.update(confirmed=self.water.confirmed, rule=rule.id if rule else "",
                       factor=self.water.assessment_factor, basis=self.water.basis,
                       choice=self.choice)  # fmt: skip
        else:
            eqp = getattr(self, compartment)
            out.update(confirmed=eqp.confirmed, rule="EqP", factor=eqp.log_kow_factor,
                       basis=eqp.formula, koc=eqp.koc_l_per_kg)  # fmt: skip
        return out

    def as_dict(self) -> dict:
        """Everything, for a frozen assessment."""

        def plain(result):
            return None if result is None else result.as_dict()

        return {
            "water": plain(self.water), "by_factors": plain(self.by_factors),
            "by_ssd": plain(self.by_ssd), "choice": self.choice,
            "sediment": plain(self.sediment), "soil": plain(self.soil),
            "reasons": dict(self.reasons),
            "values": {c: self.value(c) for c in UNITS}, "units": dict(UNITS),
        }  # fmt: skip


def _record(row: PropertyRecord) -> dict | None:
    taxon = TAXA.get(row.taxonomic_group)
    if taxon is None or row.medium not in ("", "freshwater") or row.qualifier in ("<", "<="):
        return None
    return {
        "species": row.species or row.get_taxonomic_group_display(),
        "taxon_group": taxon,
        "duration": "acute" if row.kind == PropertyKind.ACUTE else "chronic",
        "endpoint": row.endpoint or ("EC50" if row.kind == PropertyKind.ACUTE else "NOEC"),
        "value": row.value_canonical,
        "unit": "mg/L",
        "qualifier": row.qualifier if row.qualifier in (">", ">=") else "=",
        "source_type": row.origin,
        "reliability": RELIABILITY.get(row.reliability, 4),
        "reference": row.source[:200],
        "record_id": row.pk,
    }


@dataclass
class SpeciesValue:
    """One species' chronic NOEC/EC10 (mg/L, geometric mean of its records)."""

    species: str
    group: str
    group_label: str
    value: float
    experimental: bool
    reliability: int


def chronic_by_species(rows) -> list[SpeciesValue]:
    """One value per species from chronic NOEC/EC10 records with a measured value (no
    censored ones, none rated unreliable), sorted from the most sensitive; the input of an
    SSD."""
    values: dict[str, list[float]] = defaultdict(list)
    kept: dict[str, list[PropertyRecord]] = defaultdict(list)
    for row in rows:
        endpoint = (row.endpoint or "NOEC").upper()
        usable = (
            row.kind == PropertyKind.CHRONIC and endpoint in ("NOEC", "EC10")
            and row.qualifier in ("=", "") and row.value_canonical > 0 and row.species
            and row.medium in ("", "freshwater") and row.reliability not in UNRELIABLE
        )  # fmt: skip
        if usable:
            values[row.species].append(row.value_canonical)
            kept[row.species].append(row)
    out = [
        SpeciesValue(
            species=name,
            group=kept[name][0].taxonomic_group,
            group_label=str(kept[name][0].get_taxonomic_group_display()),
            value=statistics.geometric_mean(found),
            experimental=all(r.origin != "predicted" for r in kept[name]),
            reliability=max(RELIABILITY.get(r.reliability, 4) for r in kept[name]),
        )  # fmt: skip
        for name, found in values.items()
    ]
    return sorted(out, key=lambda s: (s.value, s.species))


def _ssd_pnec(species: list[SpeciesValue]) -> tuple[pnec_science.PnecResult | None, str]:
    """The SSD-based PNEC if the data suffice (:func:`npgov.science.pnec.ssd_sufficient`), or
    why not."""
    groups = {s.group for s in species}
    enough, _missing = pnec_science.ssd_sufficient(s.group for s in species)
    if not enough:
        least = pnec_science.reference_data()["ssd"]["min_species"]
        return None, _(
            "The chronic data cover {n} species ({groups}); an SSD-based PNEC needs at least "
            "{least} species from algae or plants, invertebrates and fish."
        ).format(n=len(species), least=least,
                 groups=", ".join(sorted({s.group_label for s in species})) or "-")  # fmt: skip
    try:
        fits = ssd.fit([s.value for s in species])
        result = pnec_science.from_ssd(
            fits.hc5, unit="mg/L", n_species=len(species), n_taxonomic_groups=len(groups),
            experimental=all(s.experimental for s in species),
            reliability=max(s.reliability for s in species),
        )  # fmt: skip
    except ValueError as exc:  # no distribution converged, or an HC5 R.10 cannot take
        return None, _("No SSD could be fitted to the chronic data: {why}").format(why=exc)
    return result, ""


def _choose(out: Pnecs, ssd_note: str) -> None:
    """The freshwater PNEC (:func:`npgov.science.pnec.protective` of the two derivations) and
    why."""
    factors = out.by_factors if out.by_factors is not None and out.by_factors.derived else None
    out.water = pnec_science.protective(out.by_ssd, factors) or out.by_factors
    if out.by_ssd is None:
        out.choice = _("Assessment factors (R.10). {note}").format(note=ssd_note).strip()
    elif factors is None:
        out.choice = _("SSD: HC5 / {af:g} (no PNEC by assessment factors).").format(
            af=out.by_ssd.assessment_factor
        )
    else:
        out.choice = _(
            "SSD (HC5 / {af:g}) {ssd:.4g} mg/L and assessment factors {factors:.4g} mg/L: the "
            "lower is used, as the knowledge base cannot show R.10's eight taxonomic groups "
            "for an SSD."
        ).format(af=out.by_ssd.assessment_factor, ssd=out.by_ssd.value_mg_per_l,
                 factors=factors.value_mg_per_l)  # fmt: skip


#: Qualifiers of property records that are values rather than bounds.
VALUE_QUALIFIERS = ("=", "~", "")


def log_mean(rows, kind) -> float | None:
    """Arithmetic mean of the log values recorded (the log of the geometric mean of the
    coefficients), bounds left out; None without values."""
    found = [r.value_canonical for r in rows if r.kind == kind and r.qualifier in VALUE_QUALIFIERS]
    return sum(found) / len(found) if found else None


def derive(substance_ids) -> dict[int, Pnecs]:
    """The PNECs of each substance (every id gets an entry, with reasons where none)."""
    ids = list(substance_ids)
    rows = PropertyRecord.objects.filter(
        substance_id__in=ids,
        kind__in=[PropertyKind.ACUTE, PropertyKind.CHRONIC, PropertyKind.LOG_KOC,
                  PropertyKind.LOG_KOW],
    ).order_by("substance_id", "pk")  # fmt: skip
    by_substance: dict[int, list[PropertyRecord]] = defaultdict(list)
    for row in rows:
        by_substance[row.substance_id].append(row)
    return {pk: derive_one(by_substance.get(pk, [])) for pk in ids}


def derive_one(rows: list[PropertyRecord]) -> Pnecs:
    """The PNECs from one substance's property records."""
    out = Pnecs()
    records = [r for r in map(_record, rows) if r is not None]
    if not records:
        reason = _("No ecotoxicity records in the knowledge base.")
        out.reasons = {c: reason for c in UNITS}
        return out
    try:
        out.by_factors = pnec_science.derive_aquatic(records, compartment="freshwater")
    except ValueError as exc:  # a record the knowledge base took but R.10 cannot use
        out.reasons["water"] = str(exc)
    out.by_ssd, ssd_note = _ssd_pnec(chronic_by_species(rows))
    _choose(out, ssd_note)
    if out.water is not None and not out.water.derived:
        out.reasons["water"] = out.water.reason or ""
    if out.value("water") is None:
        out.reasons.setdefault("water", _("No freshwater PNEC could be derived."))
        for compartment in ("sediment", "soil"):
            out.reasons[compartment] = _("No freshwater PNEC to partition from.")
        return out
    log_koc, log_kow = log_mean(rows, PropertyKind.LOG_KOC), log_mean(rows, PropertyKind.LOG_KOW)
    if log_koc is None:
        reason = _("No Koc in the knowledge base for equilibrium partitioning.")
        for compartment in ("sediment", "soil"):
            out.reasons[compartment] = reason
        return out
    koc = 10**log_koc
    out.sediment = pnec_science.sediment_eqp(out.water, koc=koc, log_kow=log_kow)
    out.soil = pnec_science.soil_eqp(out.water, koc=koc, log_kow=log_kow)
    return out
