"""Exposure estimates for risk screening: measured environmental concentrations (MEC) from
monitoring results with non-detects, and the local predicted environmental concentration (PEC)
in surface water by the EUSES standard town / STP scenario of ECHA Guidance R.16.

MEC (:func:`mec`). Each site's results (value and censoring flag per sample, as
:func:`npgov.science.censored.summarise` takes them) give one concentration that represents the
site, MEC_site:

- by default the site's **maximum detected value** (``site_statistic="max"``; the worst case
  that R.16 risk characterisation and NORMAN's "MEC/Site" columns use); on request the site's
  Kaplan–Meier P95 or mean (``"p95"``, ``"mean"``), which are used only where the site's
  estimate is reliable (≥ 3 detects, ≥ 20 % detected) and otherwise fall back to the site
  maximum, with a note;
- a site where nothing was detected is a **non-detect**: it contributes "< its lowest limit"
  (``nondetect_limit="lowest"``, the best sensitivity reached there, as NORMAN's LOQ_min) or
  "< its highest limit" (``"highest"``, the bound that holds for every sample), never a
  measured value.

Across sites, as NORMAN defines its indicators (methods.md section 2):

- **MEC site max** ("MEC/Site Max") = the largest MEC_site of the sites with a detect;
- **MEC P95** ("95th MEC/Site", MEC95) = the 95th percentile of the MEC_site values **of all
  sites** (with the default, of the site maxima), the non-detect sites entering as censored
  values at their limit. It is the Kaplan–Meier quantile (NADA's convention: the smallest
  site value whose cumulative probability reaches 0.95; with no censoring the inverse of the
  empirical distribution, so with fewer than 20 sites it is the largest site value). NORMAN's
  per-site statistic (maximum or P95 of a site's samples) and its percentile convention are
  not in the sources read (methods.md section 2 marks them UNCONFIRMED); npgov's choices are
  the ones above.

Concentrations stay in the unit of the input (the monitoring store uses ng/L for water and ng/g
for solids); :meth:`MecResult.converted` and :func:`convert_concentration` convert with
:mod:`npgov.science.units` (for instance to mg/L, the unit of :mod:`npgov.science.pnec`).

PEC (:func:`pec_local_water`), with E in kg/d and C in mg/L (methods.md 3.4)::

    E_local,water   = tonnage × 1000 × f_region × f_main-source × RF_water / T_emission
    C_local,inf     = E_local,water × 10⁶ / EFFLUENT_stp
    C_local,eff     = C_local,inf × (1 − removal_STP)            (= PEC_STP)
    C_local,water   = C_local,eff / ((1 + Kp_susp × SUSP_water × 10⁻⁶) × DILUTION)
    PEC_local,water = C_local,water + PEC_regional,water

Every default (EFFLUENT_stp 2 000 000 L/d = 2000 m³/d, DILUTION 10 or 100 (marine), SUSP_water
15 mg/L, Foc_susp 0.1, the scenario's f_region, f_main-source and T_emission, the ERC release
factors) lives in ``reference/risk/exposure_defaults.yaml`` with its source and a ``confirmed``
flag, may be overridden by keyword, and is recorded in the result. The ERC release factors are
all UNCONFIRMED (methods.md 3.5): a PEC built on one says so in ``confirmed``, ``unconfirmed``
and a note. STP removal is not modelled (R.16 takes it from SimpleTreat 4.0); without a given
removal none is assumed (worst case).

References
----------
.. [1] ECHA (2016). Guidance on information requirements and chemical safety assessment,
   Chapter R.16: Environmental exposure assessment, version 3.0. Local emission, standard STP
   and local surface water (EUSES); Appendix B (ERC release factors).
.. [2] European Commission (2003). Technical Guidance Document on Risk Assessment, Part II,
   chapter 2 (environmental exposure) and Table 5 (defaults).
.. [3] Dulio, V. & von der Ohe, P. C. (eds.) (2013). NORMAN prioritisation framework for
   emerging substances. NORMAN Association; the indicator definitions as the NORMAN Database
   System applies them (methods.md section 2).
.. [4] Helsel, D. R. (2012). *Statistics for Censored Environmental Data Using Minitab and R*,
   2nd ed. Wiley, ch. 6 (Kaplan–Meier).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from npgov.science.censored import Summary, summarise
from npgov.science.units import (
    AmountError,
    UnitError,
    concentration_unit,
    convert,
    parse_amount,
    tonnes_per_year,
)

__all__ = [
    "COMPARTMENTS",
    "DATA_PATH",
    "NONDETECT_LIMITS",
    "SCENARIOS",
    "SITE_STATISTICS",
    "MecResult",
    "PecResult",
    "SiteMec",
    "convert_concentration",
    "erc_release_factors",
    "mec",
    "pec_local_water",
    "reference_data",
]

#: The data file of defaults and release factors.
DATA_PATH = Path(__file__).resolve().parents[1] / "reference" / "risk" / "exposure_defaults.yaml"
#: The statistic that represents a site (MEC_site).
SITE_STATISTICS = ("max", "p95", "mean")
#: Which limit represents a site without any detect.
NONDETECT_LIMITS = ("lowest", "highest")
#: Emission scenarios of :func:`pec_local_water`.
SCENARIOS = ("industrial", "wide_dispersive")
#: Receiving waters of :func:`pec_local_water`.
COMPARTMENTS = ("freshwater", "marine")
#: Litres a day in one cubic metre a second.
_L_PER_D_PER_M3_PER_S = 1000.0 * 86400.0


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))


def reference_data() -> dict:
    """A copy of the parsed ``exposure_defaults.yaml`` (formulas, defaults, ERCs, sources)."""
    return copy.deepcopy(_data())


def _text(value: str) -> str:
    return " ".join(str(value).split())


def _cite(source: Mapping) -> str:
    guidance = source.get("guidance", "")
    guidance = {"R16": "ECHA Guidance R.16 v3.0 (2016)"}.get(guidance, guidance)
    parts = [guidance]
    for key in ("table", "section"):
        if source.get(key) not in (None, ""):
            parts.append(str(source[key]))
    return ", ".join(parts)


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


def convert_concentration(value: float, unit: str, target: str = "mg/L") -> float:
    """``value`` (a concentration in ``unit``) in ``target``, e.g. ng/L → mg/L (× 10⁻⁶).

    Raises
    ------
    ValueError
        When the value is missing, not finite or negative, or the units cannot be converted
        (a mass per volume to a mass fraction, an unknown spelling); the message says which.

    Examples
    --------
    >>> convert_concentration(250, "ng/L")  # doctest: +ELLIPSIS
    0.000250000...
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"concentration {value!r}: not a number")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"concentration {value!r}: must be finite and not negative")
    try:
        return convert(float(value), unit, target).value
    except UnitError as exc:
        raise ValueError(f"cannot convert {unit!r} to {target!r}: {exc.reason_en}") from None


def _factor(unit: str, target: str) -> float:
    return convert_concentration(1.0, unit, target)


# --------------------------------------------------------------------------------------------
# MEC from monitoring results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteMec:
    """The concentration that represents one site (MEC_site), in the unit of the input.

    ``value`` is MEC_site: a detected statistic, or for a site without detects
    (``censored`` true) the limit it is known to lie below. ``basis`` says which. ``max`` is
    the largest detected value; ``p95`` and ``mean`` the site's Kaplan–Meier estimates, given
    only where they are reliable (otherwise None). ``limit_min`` and ``limit_max`` are the
    lowest and highest limits among the site's non-detects. ``summary`` is the full
    :class:`~npgov.science.censored.Summary` (method ``"km"``).
    """

    site: str
    value: float
    censored: bool
    basis: str
    n: int
    n_detected: int
    max: float | None
    p95: float | None
    mean: float | None
    limit_min: float | None
    limit_max: float | None
    reliable: bool
    notes: tuple[str, ...] = ()
    summary: Summary | None = field(default=None, compare=False)

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "summary"}
        out["notes"] = list(self.notes)
        out["summary"] = None if self.summary is None else self.summary.as_dict()
        return out


@dataclass(frozen=True)
class MecResult:
    """MEC indicators across sites, in ``unit`` (the unit of the input).

    ``mec_site_max`` is the largest MEC_site of the sites with a detect and ``mec_p95`` the
    Kaplan–Meier 95th percentile of the MEC_site values of all sites, non-detect sites
    censored at their limit (see the module docstring); both are None when no site has a
    detect, and ``mec_p95`` also when the percentile lies among the non-detects. ``limit_min``
    and ``limit_max`` are the lowest and highest limits (LOD/LOQ) among all non-detect
    results. ``reliable`` is false with fewer than 3 sites with detects or fewer than 20 % of
    sites with detects; ``notes`` say why.
    """

    unit: str
    site_statistic: str
    nondetect_limit: str
    n_sites: int
    n_sites_detected: int
    mec_site_max: float | None
    mec_p95: float | None
    limit_min: float | None
    limit_max: float | None
    n_results: int
    n_detected: int
    reliable: bool
    method: str = "km"
    sites: tuple[SiteMec, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def detected(self) -> bool:
        """True when at least one site has a detect."""
        return self.n_sites_detected > 0

    def converted(self, unit: str) -> MecResult:
        """The same result with every concentration expressed in ``unit`` (e.g. ``"mg/L"``).
        Raises :class:`ValueError` when the units cannot be converted."""
        target = concentration_unit(unit)
        factor = _factor(self.unit, target)

        def scale(value: float | None) -> float | None:
            return None if value is None else value * factor

        sites = []
        for site in self.sites:
            summary = site.summary
            if summary is not None:
                summary = dataclasses.replace(
                    summary, **{k: scale(getattr(summary, k))
                                for k in ("min", "median", "mean", "sd", "p90", "p95", "max")},
                )  # fmt: skip
            sites.append(
                dataclasses.replace(
                    site,
                    value=site.value * factor,
                    max=scale(site.max),
                    p95=scale(site.p95),
                    mean=scale(site.mean),
                    limit_min=scale(site.limit_min),
                    limit_max=scale(site.limit_max),
                    summary=summary,
                )  # fmt: skip
            )
        return dataclasses.replace(
            self, unit=target, mec_site_max=scale(self.mec_site_max), mec_p95=scale(self.mec_p95),
            limit_min=scale(self.limit_min), limit_max=scale(self.limit_max), sites=tuple(sites),
        )  # fmt: skip

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["detected"] = self.detected
        out["sites"] = [site.as_dict() for site in self.sites]
        out["notes"] = list(self.notes)
        return out


def _site(name: object, data: object, unit: str, statistic: str, nondetect_limit: str) -> SiteMec:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"site name {name!r}: must be non-empty text")
    if isinstance(data, str | bytes) or not isinstance(data, Sequence) or len(data) not in (2, 3):
        raise ValueError(
            f"site {name!r}: give (values, censored) or (values, censored, counts), "
            f"got {type(data).__name__}"
        )
    values, flags = data[0], data[1]
    counts = data[2] if len(data) == 3 else None
    try:
        summary = summarise(values, flags, "km", counts)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"site {name!r}: {exc}") from None
    if summary.n == 0:
        raise ValueError(f"site {name!r}: no results")
    x = np.asarray(values, dtype=float)
    c = np.asarray(flags, dtype=bool)
    limits = x[c]
    limit_min = float(limits.min()) if limits.size else None
    limit_max = float(limits.max()) if limits.size else None
    notes: list[str] = []
    p95 = summary.p95 if summary.reliable else None
    mean = summary.mean if summary.reliable else None
    if summary.n_detected == 0:
        value = limit_min if nondetect_limit == "lowest" else limit_max
        basis = f"not detected: < {nondetect_limit} limit"
        if limit_min != limit_max:
            notes.append(
                f"Site {name}: not detected, limits {limit_min:g} to {limit_max:g} {unit}; "
                f"the {nondetect_limit} is used."
            )
        return SiteMec(name, float(value), True, basis, summary.n, 0, None, None, None,
                       limit_min, limit_max, False, tuple(notes), summary)  # fmt: skip
    value = summary.max
    basis = "maximum of detected values"
    if statistic in ("p95", "mean"):
        estimate = p95 if statistic == "p95" else mean
        if estimate is None:
            why = "; ".join(summary.notes) or "not estimable"
            label = "P95" if statistic == "p95" else "mean"
            notes.append(
                f"Site {name}: the Kaplan–Meier {label} is not reliable ({why}); the site "
                "maximum is used."
            )
            basis = f"maximum of detected values (KM {statistic} not reliable)"
        else:
            value = estimate
            basis = f"Kaplan–Meier {statistic}"
    return SiteMec(name, float(value), False, basis, summary.n, summary.n_detected, summary.max,
                   p95, mean, limit_min, limit_max, summary.reliable, tuple(notes),
                   summary)  # fmt: skip


def mec(
    sites: Mapping[str, Sequence[Any]],
    *,
    unit: str = "ng/L",
    site_statistic: str = "max",
    nondetect_limit: str = "lowest",
) -> MecResult:
    """MEC site max and MEC P95 across sites from per-site monitoring results with non-detects.

    Parameters
    ----------
    sites
        Site name → ``(values, censored)`` or ``(values, censored, counts)``: the detected
        concentrations or, for a non-detect, its limit (LOD/LOQ), in ``unit``; ``censored``
        true for a non-detect ("< value"); ``counts`` how many results each pair stands for,
        as :func:`npgov.science.censored.summarise` takes them.
    unit
        The unit of every value (a mass per volume such as ng/L or a mass fraction such as
        ng/g). The result keeps it.
    site_statistic
        What represents a site with detects (MEC_site): ``"max"`` (default) the maximum
        detected value, ``"p95"`` or ``"mean"`` the site's Kaplan–Meier estimate where it is
        reliable (the maximum otherwise, with a note).
    nondetect_limit
        What represents a site without detects: ``"lowest"`` (default) or ``"highest"`` of its
        limits, as a censored value.

    Returns
    -------
    MecResult
        With the per-site values in ``sites`` (in input order). An empty mapping gives
        ``n_sites`` 0 and a note.

    Raises
    ------
    ValueError
        For a negative or non-finite value, values and flags of different lengths, a site
        without results, an unknown option or a unit that is not a concentration; the message
        names the site.
    """
    if site_statistic not in SITE_STATISTICS:
        raise ValueError(
            f"unknown site_statistic {site_statistic!r}; choose one of {', '.join(SITE_STATISTICS)}"
        )
    if nondetect_limit not in NONDETECT_LIMITS:
        raise ValueError(
            f"unknown nondetect_limit {nondetect_limit!r}; choose one of "
            f"{', '.join(NONDETECT_LIMITS)}"
        )
    unit = concentration_unit(unit)
    if not isinstance(sites, Mapping):
        raise ValueError(
            "sites must be a mapping of site name to (values, censored) or "
            "(values, censored, counts)"
        )
    per_site = tuple(
        _site(name, data, unit, site_statistic, nondetect_limit) for name, data in sites.items()
    )
    if not per_site:
        return MecResult(unit, site_statistic, nondetect_limit, 0, 0, None, None, None, None, 0,
                         0, False, sites=(), notes=("No sites: no exposure data.",))  # fmt: skip
    notes = [note for site in per_site for note in site.notes]
    n_sites = len(per_site)
    across = summarise([s.value for s in per_site], [s.censored for s in per_site], "km")
    n_sites_detected = across.n_detected
    limits_min = [s.limit_min for s in per_site if s.limit_min is not None]
    limits_max = [s.limit_max for s in per_site if s.limit_max is not None]
    statistic_text = {"max": "site maxima", "p95": "site P95s", "mean": "site means"}
    notes.append(
        f"MEC P95 = Kaplan–Meier 95th percentile of the {statistic_text[site_statistic]} of all "
        f"{n_sites} site(s), sites without detects censored at their {nondetect_limit} limit."
    )
    p95 = across.p95
    if n_sites_detected == 0:
        notes.append(
            "No site has a detect: MEC site max and MEC P95 cannot be estimated (NORMAN's "
            "tables give MEC95 = 0 for such substances)."
        )
    else:
        if n_sites_detected < 3:
            notes.append(
                f"Fewer than 3 sites with detects ({n_sites_detected}): the MEC P95 is not "
                "reliable."
            )
        if n_sites_detected / n_sites < 0.2:
            notes.append(
                "More than 80 % of sites without detects: report the detection frequency and "
                "the MEC site max."
            )
        if p95 is None:
            notes.append(
                "The 95th percentile across sites lies below the lowest site with a detect "
                "(among the non-detects): MEC P95 not estimable."
            )
        elif p95 == across.max:
            notes.append(
                "MEC P95 equals the MEC site max: too few sites for a distinct 95th percentile."
            )
    return MecResult(
        unit=unit,
        site_statistic=site_statistic,
        nondetect_limit=nondetect_limit,
        n_sites=n_sites,
        n_sites_detected=n_sites_detected,
        mec_site_max=across.max,
        mec_p95=p95,
        limit_min=min(limits_min) if limits_min else None,
        limit_max=max(limits_max) if limits_max else None,
        n_results=sum(s.n for s in per_site),
        n_detected=sum(s.n_detected for s in per_site),
        reliable=across.reliable,
        sites=per_site,
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------------------------
# Local PEC in surface water (R.16, EUSES standard scenario)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PecResult:
    """A local PEC in surface water (mg/L) and every input of its formula.

    ``value_mg_per_l`` is PEC_local,water; ``c_local_eff_mg_per_l`` is the STP effluent
    concentration (PEC_STP). ``parameters`` maps each parameter to its ``value``, ``unit``,
    ``default`` (true when the default of ``exposure_defaults.yaml`` was used), ``description``,
    ``source`` and ``confirmed`` (None for a value the caller gave). ``confirmed`` is false
    when an unconfirmed formula or default was used; ``unconfirmed`` names them. ``formula``
    repeats the computation with the numbers filled in.
    """

    value_mg_per_l: float
    compartment: str
    scenario: str
    erc: str | None
    tonnage_t_per_year: float
    e_local_water_kg_per_d: float
    c_local_inf_mg_per_l: float
    c_local_eff_mg_per_l: float
    c_local_water_mg_per_l: float
    stp: bool
    annual_average: bool
    formula: str
    parameters: Mapping[str, Mapping[str, Any]]
    confirmed: bool
    unconfirmed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    unit = "mg/L"

    @property
    def pec_stp_mg_per_l(self) -> float:
        """PEC for the STP micro-organisms: the effluent concentration C_local,eff."""
        return self.c_local_eff_mg_per_l

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["unit"] = self.unit
        out["pec_stp_mg_per_l"] = self.pec_stp_mg_per_l
        out["parameters"] = {k: dict(v) for k, v in self.parameters.items()}
        out["unconfirmed"] = list(self.unconfirmed)
        out["notes"] = list(self.notes)
        return out


def _number(name: str, value: object) -> float:
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise ValueError(f"{name} = {value!r}: {exc.reason_en}") from None


def _fraction(name: str, value: object) -> float:
    number = _number(name, value)
    if not 0 <= number <= 1:
        raise ValueError(f"{name} = {value!r}: a fraction must lie between 0 and 1")
    return number


def _non_negative(name: str, value: object) -> float:
    number = _number(name, value)
    if number < 0:
        raise ValueError(f"{name} = {value!r}: must not be negative")
    return number


def _positive(name: str, value: object) -> float:
    number = _number(name, value)
    if number <= 0:
        raise ValueError(f"{name} = {value!r}: must be positive")
    return number


def _days(name: str, value: object) -> float:
    number = _number(name, value)
    if not 0 < number <= 365:
        raise ValueError(f"{name} = {value!r}: the number of emission days must be in (0, 365]")
    return number


def _dilution(name: str, value: object) -> float:
    number = _number(name, value)
    if number < 1:
        raise ValueError(f"{name} = {value!r}: a dilution factor must be at least 1")
    return number


_ERC_KEY = re.compile(r"[\s_\-.]")


def _erc(name: object) -> tuple[str, Mapping[str, Any]]:
    table = _data()["ercs"]
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"erc {name!r}: give an ERC code such as 'ERC2' or '8a'")
    key = _ERC_KEY.sub("", name).casefold().removeprefix("erc")
    lookup = {k.casefold().removeprefix("erc"): k for k in table}
    if key not in lookup:
        raise ValueError(f"unknown erc {name!r}; known: {', '.join(table)}")
    code = lookup[key]
    return code, table[code]


def erc_release_factors(erc: str) -> dict[str, Any]:
    """The default release factors of an environmental release category (fractions of the
    used amount released to air, water and soil; None where no default was recalled), with its
    name, type, source and ``confirmed`` flag (false for every row: methods.md 3.5).

    Raises :class:`ValueError` for an unknown ERC.
    """
    code, entry = _erc(erc)
    return {
        "erc": code,
        "name": _text(entry["name"]),
        "type": entry["type"],
        "release_factors": dict(entry["release_factors"]),
        "confidence": entry.get("confidence"),
        "source": _cite(entry["source"]),
        "confirmed": bool(entry["confirmed"]),
    }


def _record(entry: Mapping[str, Any], value: float, default: bool, **extra: Any) -> dict:
    out = {
        "value": value,
        "unit": entry["unit"],
        "default": default,
        "description": _text(entry["description"]),
        "source": _cite(entry["source"]) if default else "given",
        "confirmed": bool(entry["confirmed"]) if default else None,
    }
    out.update(extra)
    return out


def pec_local_water(
    tonnage: float,
    *,
    tonnage_unit: str = "t/a",
    erc: str | None = None,
    release_factor: float | None = None,
    scenario: str | None = None,
    emission_days: float | None = None,
    f_region: float | None = None,
    f_main_source: float | None = None,
    stp: bool = True,
    stp_removal: float | None = None,
    effluent_stp: float | None = None,
    koc: float | None = None,
    kp_susp: float | None = None,
    foc_susp: float | None = None,
    susp_water: float | None = None,
    compartment: str = "freshwater",
    dilution: float | None = None,
    river_flow_m3_per_s: float | None = None,
    pec_regional: float | None = None,
    annual_average: bool = False,
) -> PecResult:
    """Local PEC in surface water (mg/L) by the EUSES standard scenario of R.16.

    PEC_local,water = C_local,eff / ((1 + Kp_susp·SUSP_water·10⁻⁶)·DILUTION) + PEC_regional,
    C_local,eff = E_local,water·10⁶·(1 − removal_STP) / EFFLUENT_stp and E_local,water =
    tonnage·1000·f_region·f_main-source·RF_water / T_emission (see the module docstring).

    Parameters
    ----------
    tonnage
        The annual amount used: at the site for the industrial scenario, in the region for the
        wide-dispersive one (see ``f_region``). Not negative.
    tonnage_unit
        Its unit: a mass a year (t/a, kg/a, 吨/年) or a mass read as the year's total (t, kg).
    erc
        Environmental release category (``"ERC2"``, ``"8a"``, ...): gives the default release
        factor to water and the scenario. Every ERC release factor is UNCONFIRMED.
    release_factor
        Fraction of the tonnage released to water (before the STP), replacing the ERC default.
        One of ``erc`` and ``release_factor`` is required.
    scenario
        ``"industrial"`` (point source; f_region 1, f_main-source 1, T_emission 20 d) or
        ``"wide_dispersive"`` (standard town; 0.1, 0.002, 365 d). Follows the ERC; without an
        ERC ``"industrial"``. A scenario contradicting the ERC is refused.
    emission_days, f_region, f_main_source
        T_emission (d, in (0, 365]) and the fractions, replacing the scenario's defaults.
        Pass ``f_region=0.1`` when an industrial tonnage is an EU (or national) tonnage.
    stp
        False for a direct discharge: C_local,eff = C_local,inf.
    stp_removal
        Fraction removed in the STP (from SimpleTreat or a measurement). Default 0 (worst
        case: npgov does not model SimpleTreat).
    effluent_stp
        STP effluent flow, L/d (default 2 000 000 L/d = 2000 m³/d).
    koc, kp_susp, foc_susp
        Sorption to suspended matter: Kp_susp (L/kg) given, or Foc_susp (default 0.1) × Koc
        (L/kg). Without either, Kp_susp = 0 (sorption neglected; a slight overestimate).
    susp_water
        Suspended matter in the river, mg/L (default 15).
    compartment
        ``"freshwater"`` (default DILUTION 10) or ``"marine"`` (100).
    dilution
        DILUTION, replacing the default (at least 1).
    river_flow_m3_per_s
        Known river flow: DILUTION = (EFFLUENT_stp + FLOW) / EFFLUENT_stp, capped at 1000.
        Not together with ``dilution``.
    pec_regional
        Regional background PEC_regional,water, mg/L (default 0: left out, noted).
    annual_average
        Multiply C_local,water by T_emission/365 (annual average) before adding the background.

    Returns
    -------
    PecResult

    Raises
    ------
    ValueError
        For a negative, non-finite or out-of-range value, an unknown ERC, scenario or
        compartment, an ERC without a default release factor to water and no
        ``release_factor``, or contradictory options; the message names the parameter.
    """
    data = _data()
    defaults = data["defaults"]
    formulas = data["formulas"]
    amount = _non_negative("tonnage", tonnage)
    try:
        t_per_year = tonnes_per_year(amount, tonnage_unit)
    except UnitError as exc:
        raise ValueError(f"tonnage_unit = {tonnage_unit!r}: {exc.reason_en}") from None
    if compartment not in COMPARTMENTS:
        raise ValueError(
            f"unknown compartment {compartment!r}; choose one of {', '.join(COMPARTMENTS)}"
        )
    if not isinstance(stp, bool) or not isinstance(annual_average, bool):
        raise ValueError("stp and annual_average must be True or False")
    erc_code, erc_entry = _erc(erc) if erc is not None else (None, None)
    if scenario is None:
        scenario = erc_entry["type"] if erc_entry is not None else "industrial"
    elif scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}")
    elif erc_entry is not None and erc_entry["type"] != scenario:
        raise ValueError(
            f"scenario {scenario!r} contradicts {erc_code}, a {erc_entry['type']} release category"
        )
    preset = data["scenarios"][scenario]
    parameters: dict[str, dict[str, Any]] = {}
    notes: list[str] = []
    used_formulas = ["e_local_water", "c_local_inf", "c_local_eff", "c_local_water",
                     "pec_local_water"]  # fmt: skip

    parameters["tonnage"] = {
        "value": t_per_year, "unit": "t/a", "default": False,
        "description": f"annual tonnage ({amount:g} {tonnage_unit} as given)",
        "source": "given", "confirmed": None,
    }  # fmt: skip

    # Release factor to water.
    if release_factor is not None:
        rf = _fraction("release_factor", release_factor)
        parameters["release_factor"] = {
            "value": rf, "unit": "1", "default": False,
            "description": "fraction of the tonnage released to water (before the STP)",
            "source": "given", "confirmed": None,
        }  # fmt: skip
        if erc_entry is not None:
            notes.append(f"The release factor given ({rf:g}) replaces the {erc_code} default.")
    else:
        if erc_entry is None:
            raise ValueError(
                "give release_factor (the fraction of the tonnage released to water) or erc"
            )
        rf = erc_entry["release_factors"]["water"]
        if rf is None:
            raise ValueError(
                f"{erc_code} has no default release factor to water in exposure_defaults.yaml "
                f"({erc_entry.get('confidence', 'not recalled')}); give release_factor"
            )
        rf = float(rf)
        confirmed_rf = bool(erc_entry["confirmed"])
        parameters["release_factor"] = {
            "value": rf, "unit": "1", "default": True,
            "description": f"default release factor to water of {erc_code} "
                           f"({_text(erc_entry['name'])})",
            "source": f"{_cite(erc_entry['source'])} (methods.md 3.5)",
            "confirmed": confirmed_rf,
        }  # fmt: skip
        if not confirmed_rf:
            notes.append(
                f"The release factor to water of {erc_code} ({rf:g}) is UNCONFIRMED "
                "(methods.md 3.5): check it against R.16 Table R.16-22 before this PEC is used "
                "for anything but a demonstration."
            )

    def default_or_given(name: str, entry: Mapping[str, Any], given: object, check) -> float:
        if given is None:
            value = float(entry["value"])
            parameters[name] = _record(entry, value, True)
        else:
            value = check(name, given)
            parameters[name] = _record(entry, value, False)
        return value

    days = default_or_given("emission_days", preset["emission_days"], emission_days, _days)
    region = default_or_given("f_region", preset["f_region"], f_region, _fraction)
    main = default_or_given("f_main_source", preset["f_main_source"], f_main_source, _fraction)
    effluent = default_or_given("effluent_stp", defaults["effluent_stp"], effluent_stp, _positive)

    # STP.
    if stp:
        removal = default_or_given("stp_removal", defaults["stp_removal"], stp_removal, _fraction)
        if stp_removal is None:
            notes.append(
                "STP removal not modelled (R.16 uses SimpleTreat 4.0): none assumed, a worst "
                "case; give stp_removal."
            )
    else:
        if stp_removal is not None:
            raise ValueError("stp_removal was given with stp=False (no STP)")
        removal = 0.0
        notes.append("No STP (direct discharge): C_local,eff = C_local,inf.")

    # Sorption to suspended matter.
    if kp_susp is not None:
        kp = _non_negative("kp_susp", kp_susp)
        parameters["kp_susp"] = {
            "value": kp, "unit": "L/kg", "default": False,
            "description": "solid-water partition coefficient of suspended matter",
            "source": "given", "confirmed": None,
        }  # fmt: skip
        if koc is not None or foc_susp is not None:
            notes.append("Kp_susp given directly: Koc and Foc_susp not used.")
    elif koc is not None:
        koc_value = _non_negative("koc", koc)
        foc = default_or_given("foc_susp", defaults["foc_susp"], foc_susp, _fraction)
        kp = foc * koc_value
        used_formulas.append("kp_susp")
        parameters["koc"] = {
            "value": koc_value, "unit": "L/kg", "default": False,
            "description": "organic-carbon-water partition coefficient",
            "source": "given", "confirmed": None,
        }  # fmt: skip
        parameters["kp_susp"] = {
            "value": kp, "unit": "L/kg", "default": False,
            "description": f"Foc_susp × Koc = {foc:g} × {koc_value:g}",
            "source": _cite(formulas["kp_susp"]["source"]),
            "confirmed": bool(formulas["kp_susp"]["confirmed"]),
        }  # fmt: skip
    else:
        if foc_susp is not None:
            raise ValueError("foc_susp was given without koc")
        kp = 0.0
        parameters["kp_susp"] = {
            "value": kp, "unit": "L/kg", "default": True,
            "description": "no Koc or Kp_susp given: sorption to suspended matter neglected",
            "source": "npgov (conservative: all of the substance taken as dissolved)",
            "confirmed": True,
        }  # fmt: skip
        notes.append("No Koc or Kp_susp given: sorption to suspended matter neglected.")
    susp = default_or_given("susp_water", defaults["susp_water"], susp_water, _non_negative)

    # Dilution.
    if river_flow_m3_per_s is not None:
        if dilution is not None:
            raise ValueError("give dilution or river_flow_m3_per_s, not both")
        flow = _non_negative("river_flow_m3_per_s", river_flow_m3_per_s)
        cap = default_or_given("dilution_max", defaults["dilution_max"], None, _dilution)
        flow_l_per_d = flow * _L_PER_D_PER_M3_PER_S
        computed = (effluent + flow_l_per_d) / effluent
        dil = min(computed, cap)
        used_formulas.append("dilution_from_flow")
        parameters["river_flow"] = {
            "value": flow, "unit": "m3/s", "default": False,
            "description": f"river flow ({flow_l_per_d:.6g} L/d)",
            "source": "given", "confirmed": None,
        }  # fmt: skip
        parameters["dilution"] = {
            "value": dil, "unit": "1", "default": False,
            "description": f"(EFFLUENT_stp + FLOW) / EFFLUENT_stp = ({effluent:g} + "
                           f"{flow_l_per_d:.6g}) / {effluent:g} = {computed:.6g}"
                           + (f", capped at {cap:g}" if computed > cap else ""),
            "source": _cite(formulas["dilution_from_flow"]["source"]),
            "confirmed": bool(formulas["dilution_from_flow"]["confirmed"]),
        }  # fmt: skip
        if computed > cap:
            notes.append(f"The dilution from the river flow ({computed:.4g}) is capped at {cap:g}.")
    else:
        key = "dilution" if compartment == "freshwater" else "dilution_marine"
        dil = default_or_given("dilution", defaults[key], dilution, _dilution)

    regional = default_or_given(
        "pec_regional", defaults["pec_regional"], pec_regional, _non_negative
    )
    if pec_regional is None:
        notes.append("PEC_regional = 0: the regional background is not included.")

    # The computation.
    e_local = t_per_year * 1000.0 * region * main * rf / days
    c_inf = e_local * 1e6 / effluent
    c_eff = c_inf * (1.0 - removal)
    c_water = c_eff / ((1.0 + kp * susp * 1e-6) * dil)
    c_used = c_water * days / 365.0 if annual_average else c_water
    pec = c_used + regional
    if annual_average:
        used_formulas.append("annual_average")
        notes.append(f"Annual average: C_local,water × {days:g}/365.")

    formula = (
        f"E_local,water = {t_per_year:g} t/a × 1000 kg/t × f_region {region:g} × f_main-source "
        f"{main:g} × RF_water {rf:g} / T_emission {days:g} d = {e_local:.6g} kg/d; "
        f"C_local,inf = {e_local:.6g} × 10⁶ / EFFLUENT_stp {effluent:g} L/d = {c_inf:.6g} mg/L; "
        f"C_local,eff = {c_inf:.6g} × (1 − removal {removal:g}) = {c_eff:.6g} mg/L; "
        f"C_local,water = {c_eff:.6g} / ((1 + Kp_susp {kp:g} × SUSP_water {susp:g} × 10⁻⁶) × "
        f"DILUTION {dil:g}) = {c_water:.6g} mg/L; "
        + (f"annual average {c_water:.6g} × {days:g}/365 = {c_used:.6g} mg/L; "
           if annual_average else "")
        + f"PEC_local,water = {c_used:.6g} + PEC_regional {regional:g} = {pec:.6g} mg/L"
    )  # fmt: skip

    unconfirmed = [f"formula {name}" for name in used_formulas if not formulas[name]["confirmed"]]
    unconfirmed += [
        name for name, record in parameters.items() if record["default"] and not record["confirmed"]
    ]
    if len(unconfirmed) > 0:
        notes.append(
            "Provisional: unconfirmed formulas or defaults were used (methods.md 3.4/3.5, recalled "
            f"from R.16): {', '.join(unconfirmed)}."
        )
    return PecResult(
        value_mg_per_l=pec,
        compartment=compartment,
        scenario=scenario,
        erc=erc_code,
        tonnage_t_per_year=t_per_year,
        e_local_water_kg_per_d=e_local,
        c_local_inf_mg_per_l=c_inf,
        c_local_eff_mg_per_l=c_eff,
        c_local_water_mg_per_l=c_water,
        stp=stp,
        annual_average=annual_average,
        formula=formula,
        parameters=parameters,
        confirmed=not unconfirmed,
        unconfirmed=tuple(unconfirmed),
        notes=tuple(notes),
    )
