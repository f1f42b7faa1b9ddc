"""NORMAN prioritisation of substances from monitoring data: action categories, risk scores and
the ranking within each category.

The NORMAN framework works in two stages [1]_ [5]_: a decision tree first puts each substance in
one of six **action categories** by its knowledge gaps (is the PNEC reliable? are the exposure
data sufficient? is the analytical method sensitive enough?), then the substances are ranked
*within* each category, here by the monitoring-based risk score of von der Ohe et al. [2]_.

The inputs are per-substance aggregates over sites (:class:`SubstanceEvidence`), the columns of
NORMAN's own result tables [4]_; MEC_site is the concentration that represents a site.

Indicators (all VERIFIED on every row of the DANUBE 2018 and SCARCE 2018 result tables [4]_):

- Extent of Exceedance ``EoE = MEC95 / lowest PNEC``, MEC95 being the 95th percentile of
  MEC_site over the sites;
- Frequency of Exceedance score ``FoE = n(sites with MEC_site > PNEC) / n(sites analysed)``,
  a plain fraction in [0, 1] (0 when no site was analysed);
- EoE score by bands: 0 below 1, 0.1 for [1, 10), 0.2 for [10, 100) (EoE = 1 scores 0.1).
  UNCONFIRMED: 0.5 for [100, 1000) and 1 from 1000 up (no published row reaches them; the
  bands are :data:`EOE_BAND_EDGES` and :data:`EOE_BAND_SCORES`);
- risk score (``Final score``) ``= EoE score + FoE score``, in [0, 2];
- reported alongside (SCARCE columns): ``Max exceedance = MEC_site,max / PNEC`` and ``LOQ
  exceedance = LOQ_min / PNEC``.

Categories. The framework text (Dulio & von der Ohe 2013) was not available; the decision
rule is the one the two published NORMAN exercises applied, recovered from their tables [4]_.
"Insufficient exposure data" is recorded there as MEC95 = 0 (what sets it is not published),
and a provisional PNEC is a P-PNEC (QSAR-based or with a large assessment factor):

==================  ===========  ======================================  ========
exposure (MEC95)    PNEC         test                                    category
==================  ===========  ======================================  ========
sufficient (> 0)    reliable     exceedance statistic > PNEC             1
sufficient (> 0)    reliable     exceedance statistic <= PNEC            6
sufficient (> 0)    provisional  (DANUBE: exceedance statistic > PNEC)   3
insufficient (= 0)  reliable     LOQ_min <= PNEC, or LOQ_min unknown     2
insufficient (= 0)  reliable     LOQ_min > PNEC                          4
either              provisional  any other case                          5
==================  ===========  ======================================  ========

The two exercises differ in three details, kept in a :class:`CategoryRule`:
:data:`SCARCE_2018` (the default; reproduces 195/195 published categories) tests MEC_site,max,
puts every provisional-PNEC substance with sufficient exposure data in category 3 and counts
"P-PNEC exp." as provisional; :data:`DANUBE_2018` tests MEC95, sends a provisional-PNEC
substance to category 3 only when MEC95 exceeds the P-PNEC (else 5) and counts "P-PNEC exp."
as reliable. It reproduces 53/55 published categories (11 of them, in categories 2 and 4, up
to the LOQ_min the DANUBE table does not give); the other two rows (4-tert-octylphenol,
atrazine-2-hydroxy: reliable PNEC exceeded by MEC95, published in category 3) look like expert
overrides. An unknown LOQ_min is treated as not exceeding the PNEC, as the tables do (they
record it as 0).

Ranking (:func:`rank`): by category (1 first), then by risk score, highest first, then by
substance name ignoring case, hyphens and apostrophes (a spreadsheet's word sort), which
reproduces the published SCARCE order within every category. The order does not depend on
the order of the input.

The score functions are vectorised (scalars or NumPy arrays, broadcast together), so that they
apply to the aggregates of every substance at once; :func:`indicators`,
:func:`action_category` and :func:`rank` work on :class:`SubstanceEvidence` and use them.

References
----------
.. [1] Dulio, V. & von der Ohe, P. C. (eds.) (2013). *NORMAN prioritisation framework for
   emerging substances*. NORMAN Association (not read: the decision tree is taken from [4]_).
.. [2] von der Ohe, P. C. et al. (2011). A new risk assessment approach for the prioritization
   of 500 classical and emerging organic microcontaminants as potential river basin specific
   pollutants under the European Water Framework Directive. *Science of the Total
   Environment* 409, 2064–2077 (the risk indicators; not read).
.. [3] Dulio, V. et al. (2024). Beyond target chemicals: updating the NORMAN prioritisation
   scheme to support the EU chemicals strategy with semi-quantitative suspect/non-target
   screening data. *Environmental Sciences Europe* 36, 113 (the 2024 update; not applied).
.. [4] NORMAN Database System, Prioritisation module: result tables "DANUBE 2018" (SOLUTIONS,
   Danube basin, 14 April 2018) and "SCARCE 2018" (SOLUTIONS, Llobregat and Ebro, 20 April
   2018); github.com/xhoreckym/norman_database_system @ bd18d0c9, seed files
   ``monitoring_danube_export.csv`` and ``monitoring_scarce_export.csv`` (GPL-3.0).
.. [5] Dulio, V. & von der Ohe, P. C. (2014). Prioritisation of emerging contaminants by action
   category: the NORMAN approach. NORMAN WG1 presentation, slide 7 (the six categories).
"""

from __future__ import annotations

import enum
import math
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

__all__ = [
    "DANUBE_2018",
    "EOE_BAND_EDGES",
    "EOE_BAND_SCORES",
    "SCARCE_2018",
    "ActionCategory",
    "CategoryRule",
    "Indicators",
    "Ranked",
    "SubstanceEvidence",
    "action_categories",
    "action_category",
    "eoe_score",
    "extent_of_exceedance",
    "final_score",
    "foe_score",
    "indicators",
    "pnec_is_provisional",
    "rank",
]

#: Lower edges of the EoE bands; EoE on an edge takes the band above it (EoE = 1 scores 0.1).
EOE_BAND_EDGES = (1.0, 10.0, 100.0, 1000.0)
#: The score of each band: below 1, [1, 10), [10, 100), [100, 1000), 1000 and above. The first
#: three are VERIFIED on the published tables; 0.5 and 1 are UNCONFIRMED (no row reaches them).
EOE_BAND_SCORES = (0.0, 0.1, 0.2, 0.5, 1.0)
#: A ratio of decimal inputs can land a few ulps below a band edge (0.7 / 0.07 gives
#: 9.999999999999998); ratios within this relative distance below an edge count as the edge.
_EDGE_RTOL = 1e-9


class ActionCategory(enum.IntEnum):
    """The six NORMAN action categories [5]_; they compare equal to the integers 1–6."""

    CONTROL_MEASURES = 1
    SCREENING = 2
    HAZARD_ASSESSMENT = 3
    ANALYTICAL_METHODS = 4
    SCREENING_AND_HAZARD_ASSESSMENT = 5
    REDUCED_MONITORING = 6

    @property
    def action(self) -> str:
        """The action the category calls for (NORMAN's wording)."""
        return _ACTIONS[self]

    @property
    def knowledge_gap(self) -> str:
        """Why a substance lands here, as the published exercises decided it."""
        return _GAPS[self]


_ACTIONS = {
    ActionCategory.CONTROL_MEASURES: "control / mitigation measures",
    ActionCategory.SCREENING: "screening campaigns",
    ActionCategory.HAZARD_ASSESSMENT: "rigorous hazard assessment",
    ActionCategory.ANALYTICAL_METHODS: "improvement of analytical methods",
    ActionCategory.SCREENING_AND_HAZARD_ASSESSMENT: "screening and hazard assessment",
    ActionCategory.REDUCED_MONITORING: "reduced monitoring efforts",
}
_GAPS = {
    ActionCategory.CONTROL_MEASURES: "none; the PNEC is exceeded",
    ActionCategory.SCREENING: "insufficient exposure data",
    ActionCategory.HAZARD_ASSESSMENT: "provisional PNEC",
    ActionCategory.ANALYTICAL_METHODS: "insufficient exposure data, LOQ above the PNEC",
    ActionCategory.SCREENING_AND_HAZARD_ASSESSMENT: "insufficient exposure data, provisional PNEC",
    ActionCategory.REDUCED_MONITORING: "none; the PNEC is not exceeded",
}


@dataclass(frozen=True)
class CategoryRule:
    """How a prioritisation exercise applied NORMAN's decision tree (see the module docstring).

    Parameters
    ----------
    name
        A label for reports.
    exceedance_statistic
        What is compared with the PNEC to split categories 1 and 6: ``"mec_site_max"`` (SCARCE
        2018) or ``"mec95"`` (DANUBE 2018).
    provisional_needs_exceedance
        ``True`` (DANUBE 2018): a provisional-PNEC substance goes to category 3 only when the
        exceedance statistic exceeds the PNEC, else to 5. ``False`` (SCARCE 2018): every
        provisional-PNEC substance with sufficient exposure data goes to 3.
    experimental_p_pnec_is_provisional
        Whether a PNEC of type "P-PNEC exp." counts as provisional (SCARCE 2018) or as reliable
        (DANUBE 2018); used by :func:`pnec_is_provisional` only.
    """

    name: str
    exceedance_statistic: Literal["mec_site_max", "mec95"] = "mec_site_max"
    provisional_needs_exceedance: bool = False
    experimental_p_pnec_is_provisional: bool = True

    def __post_init__(self) -> None:
        if self.exceedance_statistic not in ("mec_site_max", "mec95"):
            raise ValueError(
                f"exceedance_statistic must be 'mec_site_max' or 'mec95', "
                f"not {self.exceedance_statistic!r}"
            )


#: The rule of the SCARCE 2018 exercise (reproduces all 195 published categories); the default.
SCARCE_2018 = CategoryRule("SCARCE 2018", "mec_site_max", False, True)
#: The rule of the DANUBE 2018 exercise (53 of 55 published categories; two expert overrides).
DANUBE_2018 = CategoryRule("DANUBE 2018", "mec95", True, False)


def pnec_is_provisional(pnec_type: str | None, rule: CategoryRule = SCARCE_2018) -> bool:
    """Whether a NORMAN "PNEC type" label denotes a provisional PNEC.

    "P-PNEC" (QSAR-based) is provisional; "P-PNEC exp." as ``rule`` says; a missing type
    (``None``, ``""`` or ``"-"``, as in the SCARCE table) is provisional too, since nothing
    shows the value was validated. Every other label (AA-EQS, PNEC chronic, V-PNEC, RAC, ...)
    is reliable. Case and surrounding spaces are ignored.
    """
    label = (pnec_type or "").strip().casefold()
    if label in ("", "-"):
        return True
    if label.startswith("p-pnec"):
        if "exp" in label[len("p-pnec") :]:
            return rule.experimental_p_pnec_is_provisional
        return True
    return False


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


def _count(owner: str, name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{owner}: {name} must be a whole number, not {value!r}")
    try:
        number = operator.index(value)
    except TypeError:
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            raise ValueError(f"{owner}: {name} must be a whole number, not {value!r}") from None
    if number < 0:
        raise ValueError(f"{owner}: {name} must not be negative, got {number}")
    return number


def _concentration(owner: str, name: str, value: Any, *, positive: bool = False) -> float:
    if value is None:
        raise ValueError(f"{owner}: {name} is missing")
    if isinstance(value, bool):
        raise ValueError(f"{owner}: {name} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{owner}: {name} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{owner}: {name} must be finite, got {number}")
    if positive and number <= 0:
        raise ValueError(f"{owner}: {name} must be positive, got {number}")
    if number < 0:
        raise ValueError(f"{owner}: {name} must not be negative, got {number}")
    return number


@dataclass(frozen=True)
class SubstanceEvidence:
    """What NORMAN's prioritisation needs to know about one substance, aggregated over sites.

    All concentrations in one unit (the PNEC's).

    Parameters
    ----------
    substance
        Name or identifier; unique within a ranking, and the last tie-break of :func:`rank`.
    n_sites
        Sites where the substance was analysed (NORMAN "No Sites").
    n_sites_exceeding
        Sites whose MEC_site exceeds the lowest PNEC ("No of Sites Where MEC/Site > PNEC").
    mec95
        95th percentile of MEC_site over the sites ("95th MEC/Site", "MEC95"). NORMAN records
        insufficient exposure data as 0, which sends the substance to category 2, 4 or 5.
    mec_site_max
        The largest MEC_site ("MEC/Site Max"); 0 when the substance was quantified nowhere.
    lowest_pnec
        The lowest PNEC ("Lowest PNEC"), > 0. Required: NORMAN derives a QSAR-based P-PNEC
        when no experimental one exists.
    pnec_provisional
        ``True`` for a provisional PNEC (P-PNEC); see :func:`pnec_is_provisional`.
    loq_min
        The lowest limit of quantification ("LOQ Min"), or ``None`` when not known (then it
        is taken not to exceed the PNEC, as NORMAN's tables do with LOQ_min = 0).
    n_sites_quantified
        Sites with a quantified result, when known. It enters no score; it is checked against
        the other counts (an exceeding site is a quantified one).

    Raises
    ------
    ValueError
        On a negative or non-integer count, a missing, non-finite or negative concentration,
        a PNEC that is not positive, or aggregates that contradict each other (more exceeding
        sites than sites, MEC95 above MEC_site,max, exceeding sites while MEC_site,max is
        below the PNEC, or the reverse).
    """

    substance: str
    n_sites: int
    n_sites_exceeding: int
    mec95: float
    mec_site_max: float
    lowest_pnec: float
    pnec_provisional: bool
    loq_min: float | None = None
    n_sites_quantified: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.substance, str) or not self.substance.strip():
            raise ValueError(f"substance must be a non-empty name, not {self.substance!r}")
        who = self.substance
        if self.lowest_pnec is None:
            raise ValueError(
                f"{who}: lowest_pnec is missing; NORMAN needs a lowest PNEC (a QSAR-based "
                "P-PNEC when no experimental one exists) to categorise a substance"
            )
        n = _count(who, "n_sites", self.n_sites)
        k = _count(who, "n_sites_exceeding", self.n_sites_exceeding)
        mec95 = _concentration(who, "mec95", self.mec95)
        peak = _concentration(who, "mec_site_max", self.mec_site_max)
        pnec = _concentration(who, "lowest_pnec", self.lowest_pnec, positive=True)
        loq = None if self.loq_min is None else _concentration(who, "loq_min", self.loq_min)
        if not isinstance(self.pnec_provisional, bool | np.bool_):
            raise ValueError(f"{who}: pnec_provisional must be True or False")
        if k > n:
            raise ValueError(f"{who}: n_sites_exceeding ({k}) is larger than n_sites ({n})")
        if mec95 > peak:
            raise ValueError(f"{who}: mec95 ({mec95}) is larger than mec_site_max ({peak})")
        if n == 0 and peak > 0:
            raise ValueError(f"{who}: concentrations are given but n_sites is 0")
        # Equality is allowed: published aggregates are rounded (DANUBE 2018 has one site
        # above a PNEC of 0.16 with MEC_site,max printed as 0.16).
        if k > 0 and peak < pnec:
            raise ValueError(
                f"{who}: {k} site(s) exceed the PNEC ({pnec}) but mec_site_max ({peak}) is below it"
            )
        if k == 0 and peak > pnec:
            raise ValueError(
                f"{who}: mec_site_max ({peak}) exceeds the PNEC ({pnec}) but n_sites_exceeding is 0"
            )
        if self.n_sites_quantified is not None:
            q = _count(who, "n_sites_quantified", self.n_sites_quantified)
            if not k <= q <= n:
                raise ValueError(
                    f"{who}: n_sites_quantified ({q}) must lie between n_sites_exceeding ({k}) "
                    f"and n_sites ({n})"
                )
            if q == 0 and peak > 0:
                raise ValueError(f"{who}: no site is quantified but mec_site_max is {peak}")
            object.__setattr__(self, "n_sites_quantified", q)
        # Store the checked values (plain int, float and bool, whatever was passed in).
        provisional = bool(self.pnec_provisional)
        for name, value in (
            ("n_sites", n), ("n_sites_exceeding", k), ("mec95", mec95), ("mec_site_max", peak),
            ("lowest_pnec", pnec), ("loq_min", loq), ("pnec_provisional", provisional),
        ):  # fmt: skip
            object.__setattr__(self, name, value)

    @property
    def exposure_sufficient(self) -> bool:
        """NORMAN's "sufficient exposure data": MEC95 > 0."""
        return self.mec95 > 0

    @property
    def detected(self) -> bool:
        """Whether the substance was quantified at any site (MEC_site,max > 0)."""
        return self.mec_site_max > 0


@dataclass(frozen=True)
class Indicators:
    """NORMAN's risk indicators of one substance (the columns of the result tables)."""

    extent_of_exceedance: float  # EoE = MEC95 / PNEC
    eoe_score: float  # banded EoE: 0, 0.1, 0.2, 0.5 or 1
    foe_score: float  # sites exceeding / sites analysed
    final_score: float  # eoe_score + foe_score, in [0, 2]
    max_exceedance: float  # MEC_site,max / PNEC
    loq_exceedance: float | None  # LOQ_min / PNEC; None when LOQ_min is unknown


@dataclass(frozen=True)
class Ranked:
    """One substance's place in a NORMAN prioritisation.

    ``position`` counts over the whole list (1 = first), ``rank_in_category`` within its
    action category (1 = highest risk score).
    """

    position: int
    rank_in_category: int
    category: ActionCategory
    evidence: SubstanceEvidence
    indicators: Indicators

    @property
    def substance(self) -> str:
        return self.evidence.substance

    @property
    def final_score(self) -> float:
        return self.indicators.final_score


# --------------------------------------------------------------------------------------------
# Vectorised scores
# --------------------------------------------------------------------------------------------


def _values(name: str, x: Any, *, positive: bool = False) -> np.ndarray:
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite")
    if positive and np.any(a <= 0):
        raise ValueError(f"{name} must be positive")
    if np.any(a < 0):
        raise ValueError(f"{name} must not be negative")
    return a


def _out(a: np.ndarray) -> float | np.ndarray:
    return float(a) if a.ndim == 0 else a


def extent_of_exceedance(mec95: Any, lowest_pnec: Any) -> float | np.ndarray:
    """EoE = MEC95 / lowest PNEC (vectorised). 0 where MEC95 = 0 (insufficient exposure data).

    Raises
    ------
    ValueError
        If a MEC95 is negative or not finite, or a PNEC is not positive.
    """
    m = _values("mec95", mec95)
    p = _values("lowest_pnec", lowest_pnec, positive=True)
    return _out(m / p)


def eoe_score(eoe: Any) -> float | np.ndarray:
    """The score of an Extent of Exceedance (vectorised): 0 below 1, 0.1 for [1, 10), 0.2 for
    [10, 100), 0.5 for [100, 1000), 1 from 1000 (the last two UNCONFIRMED)."""
    e = _values("eoe", eoe)
    band = np.digitize(e * (1.0 + _EDGE_RTOL), EOE_BAND_EDGES)
    return _out(np.asarray(EOE_BAND_SCORES)[band])


def foe_score(n_sites_exceeding: Any, n_sites: Any) -> float | np.ndarray:
    """The Frequency of Exceedance score (vectorised): sites where MEC_site > PNEC divided by
    the sites analysed; 0 where no site was analysed.

    Raises
    ------
    ValueError
        If a count is negative or not whole, or more sites exceed than were analysed.
    """
    k = _values("n_sites_exceeding", n_sites_exceeding)
    n = _values("n_sites", n_sites)
    if np.any(k != np.floor(k)) or np.any(n != np.floor(n)):
        raise ValueError("site counts must be whole numbers")
    k, n = np.broadcast_arrays(k, n)
    if np.any(k > n):
        raise ValueError("n_sites_exceeding must not exceed n_sites")
    ratio = np.divide(k, n, out=np.zeros(k.shape), where=n > 0)
    return _out(ratio)


def final_score(
    mec95: Any, lowest_pnec: Any, n_sites_exceeding: Any, n_sites: Any
) -> float | np.ndarray:
    """The risk score ("Final score") = EoE score + FoE score, in [0, 2] (vectorised)."""
    eoe = np.asarray(extent_of_exceedance(mec95, lowest_pnec))
    total = np.asarray(eoe_score(eoe)) + np.asarray(foe_score(n_sites_exceeding, n_sites))
    return _out(total)


def action_categories(
    mec95: Any,
    mec_site_max: Any,
    lowest_pnec: Any,
    pnec_provisional: Any,
    loq_min: Any = None,
    rule: CategoryRule = SCARCE_2018,
) -> int | np.ndarray:
    """NORMAN action categories 1–6 (vectorised; see the module docstring for the table).

    Parameters
    ----------
    mec95, mec_site_max, lowest_pnec
        As in :class:`SubstanceEvidence`.
    pnec_provisional
        ``True`` where the PNEC is provisional.
    loq_min
        Lowest LOQ; NaN (or ``None`` for all) where unknown, which counts as not above the
        PNEC.
    rule
        :data:`SCARCE_2018` (default) or :data:`DANUBE_2018`, or another :class:`CategoryRule`.

    Returns
    -------
    int or numpy.ndarray
        The category of each substance (integers, as :class:`ActionCategory` values).
    """
    m95 = _values("mec95", mec95)
    peak = _values("mec_site_max", mec_site_max)
    pnec = _values("lowest_pnec", lowest_pnec, positive=True)
    provisional = np.asarray(pnec_provisional)
    if provisional.dtype != bool:
        raise ValueError("pnec_provisional must be booleans")
    loq = np.asarray(np.nan if loq_min is None else loq_min, dtype=float)
    if np.any(loq < 0) or np.any(np.isinf(loq)):
        raise ValueError("loq_min must be finite and not negative (NaN where unknown)")
    m95, peak, pnec, provisional, loq = np.broadcast_arrays(m95, peak, pnec, provisional, loq)
    statistic = peak if rule.exceedance_statistic == "mec_site_max" else m95
    sufficient = m95 > 0
    exceeds = statistic > pnec
    loq_above = loq > pnec  # False where NaN (unknown)
    to_hazard = sufficient & (exceeds | (not rule.provisional_needs_exceedance))
    category = np.select(
        [
            ~provisional & sufficient & exceeds,
            ~provisional & sufficient,
            ~provisional & loq_above,
            ~provisional,
            to_hazard,
        ],
        [1, 6, 4, 2, 3],
        default=5,
    )
    return int(category) if category.ndim == 0 else category


# --------------------------------------------------------------------------------------------
# Per substance
# --------------------------------------------------------------------------------------------


def indicators(evidence: SubstanceEvidence) -> Indicators:
    """EoE, its score, the FoE score, the risk score, and the max and LOQ exceedances of one
    substance, as NORMAN's result tables give them (unrounded)."""
    e = evidence
    eoe = float(extent_of_exceedance(e.mec95, e.lowest_pnec))
    return _indicators(
        e, eoe, float(eoe_score(eoe)), float(foe_score(e.n_sites_exceeding, e.n_sites))
    )


def _indicators(e: SubstanceEvidence, eoe: float, eoe_points: float, foe: float) -> Indicators:
    return Indicators(
        extent_of_exceedance=eoe,
        eoe_score=eoe_points,
        foe_score=foe,
        final_score=eoe_points + foe,
        max_exceedance=e.mec_site_max / e.lowest_pnec,
        loq_exceedance=None if e.loq_min is None else e.loq_min / e.lowest_pnec,
    )


def action_category(
    evidence: SubstanceEvidence, rule: CategoryRule = SCARCE_2018
) -> ActionCategory:
    """The NORMAN action category of one substance under ``rule`` (default SCARCE 2018)."""
    e = evidence
    return ActionCategory(
        action_categories(
            e.mec95,
            e.mec_site_max,
            e.lowest_pnec,
            e.pnec_provisional,
            np.nan if e.loq_min is None else e.loq_min,
            rule,
        )
    )


def _evidence(item: SubstanceEvidence | Mapping[str, Any]) -> SubstanceEvidence:
    if isinstance(item, SubstanceEvidence):
        return item
    if isinstance(item, Mapping):
        try:
            return SubstanceEvidence(**item)
        except TypeError as error:  # unknown or missing keys
            raise ValueError(
                f"cannot read substance evidence from {dict(item)!r}: {error}"
            ) from None
    raise ValueError(f"expected SubstanceEvidence or a mapping, not {type(item).__name__}")


def _name_key(name: str) -> tuple[str, str, str]:
    """Names ignoring case, hyphens and apostrophes (as a spreadsheet's word sort orders
    them: "Perfluoro-n-undecanoic acid" after "Perfluoroheptanoic acid"), then ignoring case,
    then exactly, so that distinct names never tie."""
    folded = name.casefold()
    return folded.replace("-", "").replace("'", ""), folded, name


def rank(
    substances: Iterable[SubstanceEvidence | Mapping[str, Any]],
    rule: CategoryRule = SCARCE_2018,
) -> list[Ranked]:
    """Categorise and rank substances as NORMAN does.

    Sorted by action category (1 first), within a category by risk score (highest first), and
    ties by substance name, ignoring case, hyphens and apostrophes first (the order of the
    published SCARCE 2018 table). The result does not depend on the order of ``substances``.

    Parameters
    ----------
    substances
        :class:`SubstanceEvidence`, or mappings with its field names.
    rule
        The decision rule, :data:`SCARCE_2018` by default.

    Raises
    ------
    ValueError
        On invalid evidence, or when a substance name occurs twice.
    """
    items = [_evidence(item) for item in substances]
    seen: set[str] = set()
    for item in items:
        if item.substance in seen:
            raise ValueError(f"substance {item.substance!r} occurs more than once")
        seen.add(item.substance)
    if not items:
        return []
    column = {
        name: np.array([getattr(item, name) for item in items])
        for name in ("n_sites", "n_sites_exceeding", "mec95", "mec_site_max", "lowest_pnec")
    }
    loq = np.array([np.nan if item.loq_min is None else item.loq_min for item in items])
    provisional = np.array([item.pnec_provisional for item in items], dtype=bool)
    eoe = np.asarray(extent_of_exceedance(column["mec95"], column["lowest_pnec"]))
    eoe_points = np.asarray(eoe_score(eoe))
    foe = np.asarray(foe_score(column["n_sites_exceeding"], column["n_sites"]))
    total = eoe_points + foe
    categories = np.asarray(
        action_categories(
            column["mec95"], column["mec_site_max"], column["lowest_pnec"], provisional, loq, rule
        )
    )
    order = sorted(
        range(len(items)),
        key=lambda i: (categories[i], -total[i], *_name_key(items[i].substance)),
    )
    ranked: list[Ranked] = []
    within: dict[int, int] = {}
    for position, i in enumerate(order, start=1):
        category = int(categories[i])
        within[category] = within.get(category, 0) + 1
        ranked.append(
            Ranked(
                position=position,
                rank_in_category=within[category],
                category=ActionCategory(category),
                evidence=items[i],
                indicators=_indicators(
                    items[i], float(eoe[i]), float(eoe_points[i]), float(foe[i])
                ),
            )
        )
    return ranked
