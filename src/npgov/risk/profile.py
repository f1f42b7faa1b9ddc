"""A substance's risk profile from the knowledge base and the monitoring store: hazard
verdicts with their evidence, its PNECs (freshwater, sediment, soil), the species sensitivity
distribution of its chronic data, and per compartment the measured exposure with its risk
quotient, overall and by district (read-only; nothing is stored)."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

import numpy as np
from django.utils.translation import gettext as _

from npgov.chemicals.choices import PropertyKind
from npgov.chemicals.models import PropertyRecord, Substance
from npgov.monitoring.choices import STORED_UNIT, Basis
from npgov.monitoring.models import Site
from npgov.monitoring.selectors import assessable, levels_by_site
from npgov.monitoring.selectors import results as visible_results
from npgov.science import exposure, hazard, risk, ssd

from .choices import COMPARTMENT_LABELS
from .pnecs import COMPARTMENT_MEDIA, Pnecs, chronic_by_species, derive

#: Proportions affected at which the SSD plot's confidence band is computed.
BAND_PROPORTIONS = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99)
#: Knowledge-base properties as the hazard screening names them (by medium where it matters).
HAZARD_NAMES = {
    PropertyKind.HALF_LIFE_WATER: ("half_life_freshwater", "half_life_marine"),
    PropertyKind.HALF_LIFE_SEDIMENT: ("half_life_freshwater_sediment",
                                      "half_life_marine_sediment"),
    PropertyKind.HALF_LIFE_SOIL: ("half_life_soil", "half_life_soil"),
    PropertyKind.HALF_LIFE_AIR: ("half_life_air", "half_life_air"),
    PropertyKind.BCF: ("bcf", "bcf"),
    PropertyKind.BAF: ("baf", "baf"),
    PropertyKind.LOG_KOW: ("log_kow", "log_kow"),
    PropertyKind.CHRONIC: ("noec_chronic_aquatic", "noec_chronic_aquatic"),
}  # fmt: skip


def hazard_of(substance: Substance) -> hazard.HazardResult:
    """REACH Annex XIII and Stockholm Annex D screening of the substance's recorded properties
    (classifications are not recorded in the knowledge base, so T rests on ecotoxicity)."""
    properties = []
    for row in PropertyRecord.objects.filter(substance=substance, kind__in=list(HAZARD_NAMES)):
        if row.kind == PropertyKind.CHRONIC and row.endpoint.upper() not in ("NOEC", "EC10"):
            continue
        fresh, marine = HAZARD_NAMES[row.kind]
        properties.append({
            "name": marine if row.medium == "marine" else fresh,
            "value": row.value_canonical, "unit": row.unit_canonical or "",
            "qualifier": row.qualifier, "source": row.source[:200],
        })  # fmt: skip
    return hazard.screen({"properties": properties})


def species_sensitivity(substance: Substance) -> dict:
    """The SSD of the chronic NOEC/EC10 values, one per species (geometric mean of several),
    with the fitted curves, the model-averaged HC5 and its bootstrap limits; or why not."""
    rows = PropertyRecord.objects.filter(substance=substance, kind=PropertyKind.CHRONIC)
    points = [{"species": s.species, "group": s.group_label, "value": s.value}
              for s in chronic_by_species(rows)]  # fmt: skip
    if len(points) < ssd.MIN_N:
        reason = _("{n} species with chronic data; an SSD needs at least {least}.").format(
            n=len(points), least=ssd.MIN_N
        )
        return {"points": points, "reason": reason}
    try:
        fits = ssd.fit([p["value"] for p in points])
    except ValueError as exc:  # no distribution converged (e.g. identical values)
        return {"points": points, "reason": _("No SSD could be fitted to the chronic data: {why}")
                .format(why=exc)}  # fmt: skip
    # The confidence band: bootstrap limits of the HCp along the curve (HC5's among them).
    band = []
    for p in BAND_PROPORTIONS:
        limits = fits.hc_ci(p, nboot=200, seed=1)
        band.append([p, limits.lcl, limits.ucl])
    _p, lcl, ucl = band[BAND_PROPORTIONS.index(0.05)]
    n = len(points)
    for i, point in enumerate(points, start=1):
        point["rank"] = (i - 0.5) / n  # plotting position (Hazen)
    low, high = points[0]["value"] / 10, points[-1]["value"] * 10
    grid = np.geomspace(low, high, 60)
    return {
        "points": points,
        "fits": fits.table(),
        "hc5": fits.hc5,
        "lcl": lcl,
        "ucl": ucl,
        "curve": [
            [float(x), float(y)] for x, y in zip(grid, fits.proportion_affected(grid), strict=True)
        ],  # fmt: skip
        "band": band,
    }


def _rq(result: risk.RiskResult) -> dict:
    return {k: getattr(result, k) for k in ("state", "rq", "qualifier", "exposure", "pnec",
                                            "unit", "reason", "n_sites", "n_sites_detected",
                                            "n_sites_limit_above_pnec")}  # fmt: skip


def exposure_by_compartment(*, user, substance: Substance, pnecs: Pnecs) -> list[dict]:
    """Per compartment with results the user may see: the MEC across sites (site maxima,
    Kaplan–Meier P95; non-detect sites censored at their lowest limit), its risk quotient
    with the state (risk, no risk, inconclusive) and the same per district.

    Every concentration (exposure, PNEC) is in the monitoring store's unit: ng/L for water,
    ng/g dry weight for solids. Regular samples only, rejected results left out. Solids are
    compared on a dry-weight
    basis: results of wet-weight samples are left out (no moisture content to convert them)
    and counted; results without a stated basis are taken as dry weight, as HJ methods for
    soil and sediment report them."""
    out = []
    for compartment, media in COMPARTMENT_MEDIA.items():
        qs = assessable(visible_results(user=user)).filter(substance=substance, medium__in=media)
        wet = 0
        if compartment != "water":
            wet = qs.filter(sample__basis=Basis.WET).count()
            qs = qs.exclude(sample__basis=Basis.WET)
        per_site = levels_by_site(qs)
        if not per_site and not wet:
            continue
        unit = STORED_UNIT["water" if compartment == "water" else "solid"]
        where = {pk: (name or "", code or "") for pk, name, code in Site.objects.filter(
            pk__in=per_site).values_list("pk", "district__name_zh", "district__code")}  # fmt: skip
        sites = {str(pk): (a["level"], a["censored"]) for pk, a in per_site.items()}
        # The PNEC in the monitoring store's unit, so that every number here is in one unit.
        pnec = pnecs.value(compartment)
        quotient = partial(risk.risk_quotient, pnec=pnec, medium=compartment,
                           pnec_unit=unit if pnec is not None else None)  # fmt: skip

        overall = quotient(exposure.mec(sites, unit=unit))
        grouped: dict[tuple[str, str], dict] = defaultdict(dict)
        for pk, arrays in per_site.items():
            grouped[where[pk]][str(pk)] = (arrays["level"], arrays["censored"])
        districts = []
        for (name, code), found in sorted(grouped.items()):
            mec = exposure.mec(found, unit=unit)
            rq = quotient(mec)
            districts.append({"district": name, "code": code, "n": mec.n_results,
                              "detected": mec.n_detected, "max": mec.mec_site_max,
                              **_rq(rq)})  # fmt: skip
        out.append({
            "compartment": compartment, "label": str(COMPARTMENT_LABELS[compartment]),
            "unit": unit if compartment == "water" else "ng/g dw",
            "pnec": pnecs.value(compartment), "pnec_reason": pnecs.reason(compartment),
            "n_wet_left_out": wet, "rq": _rq(overall), "districts": districts,
        })  # fmt: skip
    return out


def profile(*, user, substance: Substance) -> dict:
    """Everything a substance's risk page, its API and a new assessment version show; the
    survey's modelled exposure as its city-wide summary only (``pec.pec_by_enterprise`` gives
    the per-enterprise rows to those who may see them)."""
    from .pec import pec_summary

    pnecs = derive([substance.pk])[substance.pk]
    return {
        "hazard": hazard_of(substance),
        "pnecs": pnecs,
        "ssd": species_sensitivity(substance),
        "exposure": exposure_by_compartment(user=user, substance=substance, pnecs=pnecs),
        "pec": pec_summary(substance=substance, pnec_mg_per_l=pnecs.water_mg_per_l),
    }
