"""A substance's risk profile from the knowledge base and the monitoring store: hazard
verdicts with their evidence, the freshwater PNEC, the species sensitivity distribution of its
chronic data, and risk quotients by district (read-only; nothing is stored)."""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from django.utils.translation import gettext as _

from npgov.chemicals.choices import PropertyKind
from npgov.chemicals.models import PropertyRecord, Substance
from npgov.core.models import Organisation, OrganisationKind
from npgov.monitoring.choices import WATER_MEDIA
from npgov.monitoring.selectors import statistics
from npgov.science import hazard, ssd

from .pnecs import freshwater_pnecs

NG_PER_MG = 1e6
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
    values: dict[str, list[float]] = defaultdict(list)
    groups: dict[str, str] = {}
    for row in PropertyRecord.objects.filter(substance=substance, kind=PropertyKind.CHRONIC):
        if row.qualifier in ("=", "") and row.value_canonical > 0 and row.species:
            values[row.species].append(row.value_canonical)
            groups[row.species] = row.get_taxonomic_group_display()
    species = sorted(values, key=lambda name: _geomean(values[name]))
    points = [{"species": s, "group": groups[s], "value": _geomean(values[s])} for s in species]
    if len(points) < ssd.MIN_N:
        reason = _("{n} species with chronic data; an SSD needs at least {least}.").format(
            n=len(points), least=ssd.MIN_N
        )
        return {"points": points, "reason": reason}
    fits = ssd.fit([p["value"] for p in points])
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


def _geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def risk_by_district(*, user, substance: Substance, pnec_mg_per_l: float | None) -> list[dict]:
    """Per district: water results, detects, the largest detected value (ng/L) and the risk
    quotient max / PNEC; districts without a detect are not given a quotient."""
    pnec = pnec_mg_per_l * NG_PER_MG if pnec_mg_per_l else None
    code_of = dict(
        Organisation.objects.filter(kind=OrganisationKind.DISTRICT).values_list("name_zh", "code")
    )
    rows = []
    for medium in sorted(WATER_MEDIA):
        for row in statistics(user=user, substance=substance, medium=medium, by="district"):
            rows.append({**row, "medium": medium})
    by_district: dict[str, dict] = {}
    for row in rows:
        cell = by_district.setdefault(row["group"], {"district": row["group"], "n": 0,
                                                     "detected": 0, "max": None})  # fmt: skip
        cell["n"] += row["n"]
        cell["detected"] += row["n_detected"]
        if row["max"] is not None:
            cell["max"] = max(cell["max"] or 0.0, row["max"])
    out = []
    for cell in sorted(by_district.values(), key=lambda c: c["district"] or ""):
        rq = cell["max"] / pnec if pnec and cell["max"] is not None else None
        out.append({**cell, "code": code_of.get(cell["district"], ""), "rq": rq})
    return out


def profile(*, user, substance: Substance) -> dict:
    derived = freshwater_pnecs([substance.pk]).get(substance.pk)
    value = getattr(derived, "value_mg_per_l", None)
    return {
        "hazard": hazard_of(substance),
        "pnec": derived,
        "pnec_error": derived if isinstance(derived, str) else None,
        "ssd": species_sensitivity(substance),
        "districts": risk_by_district(user=user, substance=substance, pnec_mg_per_l=value),
    }
