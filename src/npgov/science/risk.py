"""Risk characterisation: risk quotients (RQ = exposure / PNEC) from monitoring (MEC) or
modelled (PEC) exposure, per district for a map, and NORMAN's frequency and extent of
exceedance across sites.

Risk quotient (:func:`risk_quotient`). RQ = exposure / PNEC, both in the PNEC's unit (the
exposure is converted with :mod:`npgov.science.units`); R.16 flags a risk at RQ ≥ 1
(methods.md 3.4, "RCR = PEC/PNEC or MEC/PNEC"). Three states:

- ``"risk"``: RQ ≥ 1;
- ``"no risk"``: RQ < 1, and every site without a detect has a limit at or below the PNEC;
- ``"inconclusive"``: the exposure data cannot show the absence of risk — the substance was
  not detected (or detected only below the PNEC) where a detection limit lies above the PNEC
  (the method is not sensitive enough); or no PNEC could be derived; or there are no exposure
  data. ``reason`` says which.

A non-detect is never treated as a measured value: where nothing was detected, the RQ is an
upper bound (limit / PNEC, ``qualifier`` ``"<"``). For MEC the exposure is the MEC site max by
default (the worst case) or the MEC P95 across sites (``statistic="p95"``), see
:mod:`npgov.science.exposure`. The PNEC's ``confirmed`` flag and basis and the exposure's
reliability and notes are carried into the result.

Exceedance (:func:`exceedance`), as NORMAN defines its indicators (methods.md section 2,
SOURCED/VERIFIED on the DANUBE 2018 and SCARCE 2018 result tables):

- Frequency of Exceedance FoE = (number of sites with MEC_site > PNEC) / (number of sites
  where the substance was analysed), a fraction 0–1 (strictly greater, as NORMAN's column
  "No of Sites Where MEC/Site > PNEC"; a site exactly at the PNEC has RQ = 1, a "risk" for
  :func:`risk_quotient`, but is not counted here);
- Extent of Exceedance EoE = MEC95 / Lowest PNEC, with MEC95 the 95th percentile of MEC_site
  over all sites; MEC95 = 0 (and EoE = 0) when it cannot be estimated, as NORMAN's tables
  give it for substances without quantified values;
- "Max exceedance" = MEC_site,max / PNEC and "LOQ exceedance" = LOQ_min / PNEC (SCARCE).

The score bands, the final score and the action categories belong to the prioritisation, not
here.

References
----------
.. [1] ECHA (2016). Guidance Chapter R.16: Environmental exposure assessment, v3.0 (risk
   characterisation ratio); methods.md section 3.4.
.. [2] Dulio, V. & von der Ohe, P. C. (eds.) (2013). NORMAN prioritisation framework for
   emerging substances. NORMAN Association; von der Ohe, P. C. et al. (2011). *Sci. Total
   Environ.* 409, 2064–2077 (the risk indicators); the indicator arithmetic as applied in the
   NORMAN Database System's DANUBE 2018 and SCARCE 2018 tables (methods.md section 2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from npgov.science.exposure import MecResult, PecResult
from npgov.science.pnec import EqpResult, PnecResult
from npgov.science.units import (
    AmountError,
    UnitError,
    concentration_unit,
    convert,
    parse_amount,
)

__all__ = [
    "KINDS",
    "RISK_THRESHOLD",
    "STATES",
    "STATISTICS",
    "ExceedanceResult",
    "RiskResult",
    "SiteExceedance",
    "exceedance",
    "risk_by_district",
    "risk_quotient",
]

#: States of a risk quotient.
STATES = ("risk", "no risk", "inconclusive")
#: Kinds of exposure.
KINDS = ("MEC", "PEC")
#: Which MEC indicator is compared with the PNEC.
STATISTICS = ("site_max", "p95")
#: A risk is flagged at RQ ≥ this (R.16: RCR ≥ 1).
RISK_THRESHOLD = 1.0


@dataclass(frozen=True)
class RiskResult:
    """A risk quotient and its state.

    ``rq`` is exposure / PNEC; with ``qualifier`` ``"<"`` it is an upper bound (a limit of a
    non-detect divided by the PNEC). ``exposure`` and ``pnec`` are in ``unit`` (the PNEC's
    unit, or the exposure's when there is no PNEC). ``reason`` explains the state in one
    sentence. ``n_sites_limit_above_pnec`` counts the sites without a detect whose limit lies
    above the PNEC. ``pnec_confirmed`` is None for a PNEC given as a plain number,
    ``exposure_confirmed`` None for monitoring data or a plain number.
    """

    kind: str
    state: str
    rq: float | None
    qualifier: str
    exposure: float | None
    pnec: float | None
    unit: str | None
    statistic: str | None
    reason: str
    medium: str | None = None
    pnec_confirmed: bool | None = None
    pnec_basis: str | None = None
    exposure_confirmed: bool | None = None
    exposure_reliable: bool | None = None
    n_sites: int | None = None
    n_sites_detected: int | None = None
    n_sites_limit_above_pnec: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def confirmed(self) -> bool:
        """True when neither the PNEC nor the exposure is known to rest on an unconfirmed rule
        or default, and the PNEC's status is known."""
        return self.pnec_confirmed is True and self.exposure_confirmed is not False

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["confirmed"] = self.confirmed
        out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True)
class _Pnec:
    value: float | None
    unit: str | None
    confirmed: bool | None
    basis: str | None
    missing: str | None
    notes: tuple[str, ...] = ()


def _pnec(pnec: object, pnec_unit: str | None, solid_basis: str) -> _Pnec:
    if solid_basis not in ("dry", "wet"):
        raise ValueError(f"unknown solid_basis {solid_basis!r}; choose 'dry' or 'wet'")
    if isinstance(pnec, PnecResult | EqpResult) and pnec_unit is not None:
        raise ValueError("pnec_unit applies to a PNEC given as a number only")
    if pnec is None:
        return _Pnec(None, pnec_unit, None, None, "no PNEC was given")
    if isinstance(pnec, PnecResult):
        if not pnec.derived:
            why = pnec.reason or "no reason given"
            return _Pnec(None, "mg/L", pnec.confirmed, pnec.basis or None,
                         f"no PNEC could be derived ({why})")  # fmt: skip
        basis = pnec.basis
        if pnec.assessment_factor is not None:
            basis = f"{basis} (AF {pnec.assessment_factor:g}, {pnec.compartment})"
        notes = () if pnec.confirmed else (
            "PNEC provisional: its rule or a default is not confirmed against a primary text.",
        )  # fmt: skip
        return _Pnec(float(pnec.value_mg_per_l), "mg/L", pnec.confirmed, basis, None, notes)
    if isinstance(pnec, EqpResult):
        value = pnec.value_mg_per_kg_dwt if solid_basis == "dry" else pnec.value_mg_per_kg_wwt
        basis = f"equilibrium partitioning ({pnec.compartment}, {solid_basis} weight)"
        notes = () if pnec.confirmed else (
            "PNEC provisional: an EqP rule or default is not confirmed against a primary text.",
        )  # fmt: skip
        return _Pnec(float(value), "mg/kg", pnec.confirmed, basis, None, notes)
    if isinstance(pnec, bool) or not isinstance(pnec, int | float | str):
        raise ValueError(f"pnec {pnec!r}: give a number, a PnecResult, an EqpResult or None")
    try:
        value = parse_amount(pnec)
    except AmountError as exc:
        raise ValueError(f"pnec = {pnec!r}: {exc.reason_en}") from None
    if value <= 0:
        raise ValueError(f"pnec = {pnec!r}: must be positive")
    unit = concentration_unit("mg/L" if pnec_unit is None else pnec_unit, "pnec_unit")
    return _Pnec(value, unit, None, "given", None)


def _factor(unit: str, target: str, what: str) -> float:
    try:
        return convert(1.0, unit, target).value
    except UnitError as exc:
        raise ValueError(
            f"the {what} in {unit!r} cannot be compared with a PNEC in {target!r}: {exc.reason_en}"
        ) from None


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _verdict(
    kind: str,
    value: float | None,
    limits: list[float],
    pnec: float,
    unit: str,
    n_sites: int | None,
) -> tuple[str, float | None, str, str, int]:
    """(state, rq, qualifier, reason, sites with a limit above the PNEC)."""
    above = [limit for limit in limits if limit > pnec]
    if value is not None:
        rq = value / pnec
        if rq >= RISK_THRESHOLD:
            return ("risk", rq, "=", f"{kind} {_fmt(value)} {unit} ≥ PNEC {_fmt(pnec)} {unit} "
                    f"(RQ {_fmt(rq)} ≥ 1).", len(above))  # fmt: skip
        if above:
            return ("inconclusive", rq, "=",
                    f"{kind} {_fmt(value)} {unit} < PNEC (RQ {_fmt(rq)}), but {len(above)} of "
                    f"{n_sites} site(s) without a detect have a limit above the PNEC (up to "
                    f"{_fmt(max(above) / pnec)} × PNEC): the absence of risk is not shown "
                    "there.", len(above))  # fmt: skip
        return ("no risk", rq, "=", f"{kind} {_fmt(value)} {unit} < PNEC {_fmt(pnec)} {unit} "
                f"(RQ {_fmt(rq)} < 1).", 0)  # fmt: skip
    bound = max(limits) / pnec
    if above:
        lowest = min(limits)
        return ("inconclusive", bound, "<",
                f"Not detected, but the limit at {len(above)} of {len(limits)} site(s) lies "
                f"above the PNEC ({_fmt(pnec)} {unit}; limits {_fmt(lowest)} to "
                f"{_fmt(max(above))} {unit}): the method is not sensitive enough to show the "
                "absence of risk.", len(above))  # fmt: skip
    return ("no risk", bound, "<", f"Not detected; every limit (≤ {_fmt(max(limits))} {unit}) is "
            f"at or below the PNEC {_fmt(pnec)} {unit} (RQ < {_fmt(bound)}).", 0)  # fmt: skip


def risk_quotient(
    exposure: float | MecResult | PecResult | None,
    pnec: float | PnecResult | EqpResult | None,
    *,
    kind: str | None = None,
    unit: str = "mg/L",
    detected: bool = True,
    pnec_unit: str | None = None,
    statistic: str = "site_max",
    solid_basis: str = "dry",
    medium: str | None = None,
) -> RiskResult:
    """RQ = exposure / PNEC with the state ``"risk"``, ``"no risk"`` or ``"inconclusive"``.

    Parameters
    ----------
    exposure
        A :class:`~npgov.science.exposure.MecResult` (kind MEC), a
        :class:`~npgov.science.exposure.PecResult` (kind PEC), a plain number in ``unit``, or
        None (no exposure data: inconclusive).
    pnec
        A :class:`~npgov.science.pnec.PnecResult` (mg/L), an
        :class:`~npgov.science.pnec.EqpResult` (mg/kg, dry weight unless ``solid_basis`` is
        ``"wet"``), a positive number in ``pnec_unit`` (default mg/L), or None. None or a
        PnecResult without a value gives an inconclusive result with the reason.
    kind
        ``"MEC"`` or ``"PEC"``; follows the exposure's type, ``"MEC"`` for a plain number.
    unit
        Unit of a plain-number exposure.
    detected
        False when a plain-number exposure is the limit of a non-detect.
    pnec_unit
        Unit of a plain-number PNEC (default mg/L).
    statistic
        For a MecResult: ``"site_max"`` (default, the worst case) or ``"p95"`` (MEC P95 across
        sites).
    solid_basis
        ``"dry"`` or ``"wet"`` weight for an EqpResult PNEC (monitoring solids are usually
        reported in dry weight).
    medium
        A label recorded in the result (e.g. ``"surface water"``).

    Raises
    ------
    ValueError
        For an unknown kind or statistic, a kind contradicting the exposure's type, a negative
        or non-finite exposure, a non-positive PNEC, or units that cannot be compared.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r}; choose one of {', '.join(STATISTICS)}")
    if isinstance(exposure, MecResult):
        if kind not in (None, "MEC"):
            raise ValueError(f"kind {kind!r} contradicts a MecResult (measured: MEC)")
        kind = "MEC"
    elif isinstance(exposure, PecResult):
        if kind not in (None, "PEC"):
            raise ValueError(f"kind {kind!r} contradicts a PecResult (predicted: PEC)")
        kind = "PEC"
    elif exposure is not None and (
        isinstance(exposure, bool) or not isinstance(exposure, int | float)
    ):
        raise ValueError(f"exposure {exposure!r}: give a number, a MecResult, a PecResult or None")
    kind = kind or "MEC"
    if not isinstance(detected, bool):
        raise ValueError("detected must be True or False")
    p = _pnec(pnec, pnec_unit, solid_basis)
    notes: list[str] = list(p.notes)

    # Exposure: the value compared (None for a non-detect), the limits of sites without a
    # detect, and what the result carries over.
    carried: dict[str, Any] = {"statistic": None, "n_sites": None, "n_sites_detected": None,
                               "exposure_confirmed": None, "exposure_reliable": None}  # fmt: skip
    missing: str | None = None
    value: float | None = None
    limits: list[float] = []
    exposure_unit = unit
    if exposure is None:
        missing = "no exposure data"
    elif isinstance(exposure, MecResult):
        exposure_unit = exposure.unit
        carried.update(statistic=statistic, n_sites=exposure.n_sites,
                       n_sites_detected=exposure.n_sites_detected,
                       exposure_reliable=exposure.reliable)  # fmt: skip
        notes += [f"Exposure: {note}" for note in exposure.notes]
        if exposure.n_sites == 0:
            missing = "no monitoring results (no sites)"
        else:
            limits = [s.value for s in exposure.sites if s.censored]
            if exposure.detected:
                value = exposure.mec_site_max if statistic == "site_max" else exposure.mec_p95
                if value is None:
                    missing = (
                        "the MEC P95 across sites cannot be estimated (it lies among the "
                        "non-detects); use statistic='site_max'"
                    )
            if not exposure.reliable:
                notes.append("Exposure: the MEC estimate is flagged unreliable (see notes).")
    elif isinstance(exposure, PecResult):
        exposure_unit = exposure.unit
        value = exposure.value_mg_per_l
        carried.update(statistic="PEC_local,water", exposure_confirmed=exposure.confirmed)
        notes += [f"Exposure: {note}" for note in exposure.notes]
    else:
        number = float(exposure)
        if not math.isfinite(number) or number < 0:
            raise ValueError(f"exposure = {exposure!r}: must be finite and not negative")
        carried.update(statistic="value" if detected else "limit")
        if detected:
            value = number
        else:
            limits = [number]
            carried.update(n_sites=1, n_sites_detected=0)
            if kind == "PEC":
                raise ValueError("a PEC is a prediction: it cannot be a non-detect")
        exposure_unit = concentration_unit(unit, "unit")

    base = dict(kind=kind, pnec_confirmed=p.confirmed, pnec_basis=p.basis, medium=medium,
                **carried)  # fmt: skip
    if p.value is None or missing is not None:
        # The exposure is shown in the PNEC's unit when there is a PNEC, else in its own.
        value_unit = p.unit if p.value is not None else exposure_unit
        shown = value
        if value is not None and p.value is not None:
            shown = value * _factor(exposure_unit, p.unit, "exposure")
        reasons = [why for why in (p.missing, missing) if why]
        return RiskResult(
            state="inconclusive", rq=None, qualifier="", exposure=shown, pnec=p.value,
            unit=value_unit, reason="Inconclusive: " + "; ".join(reasons) + ".",
            notes=tuple(notes), **base,
        )  # fmt: skip
    factor = _factor(exposure_unit, p.unit, "exposure")
    value_p = None if value is None else value * factor
    limits_p = [limit * factor for limit in limits]
    state, rq, qualifier, reason, n_above = _verdict(
        kind, value_p, limits_p, p.value, p.unit, carried["n_sites"]
    )
    if isinstance(exposure, MecResult):
        base["n_sites_limit_above_pnec"] = n_above
        if (
            exposure.detected
            and exposure.limit_max is not None
            and exposure.limit_max * factor > p.value
        ):
            notes.append(
                "Some non-detect results (at sites with detects) have limits above the PNEC "
                f"(up to {_fmt(exposure.limit_max * factor)} {p.unit})."
            )
    elif limits:
        base["n_sites_limit_above_pnec"] = n_above
    exposure_shown = value_p if value_p is not None else max(limits_p)
    return RiskResult(
        state=state, rq=rq, qualifier=qualifier, exposure=exposure_shown, pnec=p.value,
        unit=p.unit, reason=reason, notes=tuple(notes), **base,
    )  # fmt: skip


def risk_by_district(
    mecs: Mapping[str, MecResult | None],
    pnec: float | PnecResult | EqpResult | None,
    *,
    pnec_unit: str | None = None,
    statistic: str = "site_max",
    solid_basis: str = "dry",
    medium: str | None = None,
) -> dict[str, RiskResult]:
    """RQ per district (for a map), from each district's :class:`MecResult` of one medium and
    that medium's PNEC. A district with None (no monitoring) or no sites is inconclusive with
    the reason, as is every district when there is no PNEC. Keeps the input order.

    Raises :class:`ValueError` for a value that is not a MecResult or None, and as
    :func:`risk_quotient`.
    """
    if not isinstance(mecs, Mapping):
        raise ValueError("mecs must be a mapping of district to MecResult (or None)")
    out: dict[str, RiskResult] = {}
    for district, result in mecs.items():
        if result is not None and not isinstance(result, MecResult):
            raise ValueError(
                f"district {district!r}: expected a MecResult or None, got {type(result).__name__}"
            )
        out[district] = risk_quotient(
            result, pnec, kind="MEC", pnec_unit=pnec_unit, statistic=statistic,
            solid_basis=solid_basis, medium=medium,
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class SiteExceedance:
    """One site against the PNEC: ``value`` is MEC_site (or the limit of a site without
    detects, ``censored``) in the PNEC's unit; ``ratio`` value / PNEC (an upper bound when
    censored); ``state`` ``"exceeds"`` (detected, > PNEC), ``"below"`` (detected ≤ PNEC, or
    not detected with a limit ≤ PNEC) or ``"inconclusive"`` (not detected, limit > PNEC, or no
    PNEC)."""

    site: str
    value: float
    censored: bool
    ratio: float | None
    state: str

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class ExceedanceResult:
    """NORMAN's exceedance indicators for one substance and medium (methods.md section 2).

    ``foe`` = sites with MEC_site > PNEC / sites analysed; ``eoe`` = MEC95 / PNEC;
    ``max_exceedance`` = MEC_site,max / PNEC; ``loq_exceedance`` = LOQ_min / PNEC, with
    LOQ_min the lowest limit among the non-detect results. ``mec95`` follows NORMAN: 0 when it
    cannot be estimated (``mec95_available`` false), so that ``eoe`` is then 0. Concentrations
    are in ``unit`` (the PNEC's). Ratios are None when there is no PNEC or no site;
    ``reason`` then says why.
    """

    n_sites: int
    n_sites_exceeding: int
    n_sites_limit_above_pnec: int
    foe: float | None
    mec95: float
    mec95_available: bool
    eoe: float | None
    mec_site_max: float | None
    max_exceedance: float | None
    loq_min: float | None
    loq_exceedance: float | None
    pnec: float | None
    unit: str
    pnec_confirmed: bool | None = None
    pnec_basis: str | None = None
    sites: tuple[SiteExceedance, ...] = ()
    reason: str | None = None
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["sites"] = [site.as_dict() for site in self.sites]
        out["notes"] = list(self.notes)
        return out


def exceedance(
    mec: MecResult,
    pnec: float | PnecResult | EqpResult | None,
    *,
    pnec_unit: str | None = None,
    solid_basis: str = "dry",
) -> ExceedanceResult:
    """Frequency and extent of exceedance across sites, as NORMAN computes them.

    Parameters
    ----------
    mec
        The sites' MEC (:func:`npgov.science.exposure.mec`; MEC_site is its
        ``site_statistic``, by default the site maximum).
    pnec
        NORMAN's "Lowest PNEC" for the medium: the lowest of the available PNECs (the caller
        chooses it); a number in ``pnec_unit`` (default mg/L), a PnecResult, an EqpResult or
        None (the ratios are then None, with the reason).

    Notes
    -----
    FoE = n(MEC_site > PNEC) / n(sites analysed); sites without detects never count as
    exceeding, and those whose limit lies above the PNEC are counted in
    ``n_sites_limit_above_pnec``. EoE = MEC95 / PNEC with MEC95 = 0 when not estimable (no
    detect, or the 95th percentile among the non-detects), as in NORMAN's tables. What makes
    NORMAN judge exposure data "insufficient" (MEC95 = 0 despite detects) is not known
    (methods.md section 2, UNCONFIRMED) and is not applied here.
    """
    if not isinstance(mec, MecResult):
        raise ValueError(f"mec: expected a MecResult, got {type(mec).__name__}")
    p = _pnec(pnec, pnec_unit, solid_basis)
    unit = p.unit if p.value is not None else mec.unit
    factor = _factor(mec.unit, unit, "MEC") if p.value is not None else 1.0
    notes: list[str] = list(p.notes)
    mec95_available = mec.mec_p95 is not None
    mec95 = mec.mec_p95 * factor if mec95_available else 0.0
    if not mec95_available:
        notes.append(
            "MEC95 not estimable (no detect, or the 95th percentile lies among the "
            "non-detects): taken as 0, so EoE = 0, as in NORMAN's tables."
        )
    site_max = None if mec.mec_site_max is None else mec.mec_site_max * factor
    loq_min = None if mec.limit_min is None else mec.limit_min * factor
    if mec.n_sites and not mec.reliable:
        notes.append("The MEC estimate is flagged unreliable (see the MecResult's notes).")
    sites = []
    for site in mec.sites:
        value = site.value * factor
        if p.value is None:
            sites.append(SiteExceedance(site.site, value, site.censored, None, "inconclusive"))
            continue
        ratio = value / p.value
        if site.censored:
            state = "inconclusive" if value > p.value else "below"
        else:
            state = "exceeds" if value > p.value else "below"
        sites.append(SiteExceedance(site.site, value, site.censored, ratio, state))
    n_exceeding = sum(1 for s in sites if s.state == "exceeds")
    n_above = (
        0 if p.value is None else sum(1 for s in sites if s.censored and s.state == "inconclusive")
    )
    reasons = [why for why in (p.missing, None if mec.n_sites else "no sites analysed") if why]
    if reasons:
        return ExceedanceResult(
            n_sites=mec.n_sites, n_sites_exceeding=0, n_sites_limit_above_pnec=0, foe=None,
            mec95=mec95, mec95_available=mec95_available, eoe=None, mec_site_max=site_max,
            max_exceedance=None, loq_min=loq_min, loq_exceedance=None, pnec=p.value, unit=unit,
            pnec_confirmed=p.confirmed, pnec_basis=p.basis, sites=tuple(sites),
            reason="No exceedance indicators: " + "; ".join(reasons) + ".", notes=tuple(notes),
        )  # fmt: skip
    if n_above:
        notes.append(
            f"{n_above} site(s) without a detect have a limit above the PNEC: they may exceed it "
            "unseen (not counted in FoE)."
        )
    return ExceedanceResult(
        n_sites=mec.n_sites,
        n_sites_exceeding=n_exceeding,
        n_sites_limit_above_pnec=n_above,
        foe=n_exceeding / mec.n_sites,
        mec95=mec95,
        mec95_available=mec95_available,
        eoe=mec95 / p.value,
        mec_site_max=site_max,
        max_exceedance=None if site_max is None else site_max / p.value,
        loq_min=loq_min,
        loq_exceedance=None if loq_min is None else loq_min / p.value,
        pnec=p.value,
        unit=unit,
        pnec_confirmed=p.confirmed,
        pnec_basis=p.basis,
        sites=tuple(sites),
        notes=tuple(notes),
    )
