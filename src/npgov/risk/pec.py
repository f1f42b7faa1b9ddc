"""Modelled exposure from the enterprise survey: the local PEC in surface water of each
enterprise that reported a substance (ECHA R.16, EUSES standard scenario) and its risk quotient
PEC/PNEC, per enterprise for those who may see survey quantities, and as a city-wide summary
without enterprise identities or quantities.

This module only gathers inputs; the arithmetic is :func:`npgov.science.exposure.pec_local_water`
(whose docstring gives the formulas and whose defaults, all flagged in
``reference/risk/exposure_defaults.yaml``, the result records) and
:func:`npgov.science.risk.risk_quotient`.

Which survey data
-----------------
- **Report state.** Only lines of *accepted* reports (``ReportState.ACCEPTED``, passed by the
  district and the bureau). Submitted and district-passed reports are left out: their figures
  can still be returned and changed at review, and :func:`pec_summary` is what a frozen
  assessment stores. Lines without a recorded substance (unresolved names) are not used.
- **Campaign.** For each enterprise, its latest accepted report (highest survey year; within
  one year a key-controlled survey is preferred to a detailed one and that to a basic one, the
  first two asking for releases; then the newer campaign). Only that report's lines count: a
  PEC describes one year's situation, so earlier years are neither added nor averaged. An
  enterprise whose latest report does not name the substance, or names it only as imported
  or exported, therefore has no local release, whatever it reported before.

The basis of each line's PEC
----------------------------
1. ``release_water_t`` given (0 included): the reported release to water is the tonnage, with
   ``release_factor=1``, whatever the activity (a reported release is a release). Industrial
   scenario (f_region 1, f_main-source 1, T_emission 20 d), the standard STP on, STP removal 0:
   R.16 takes the removal from SimpleTreat 4.0 and there is no documented single default, so
   the yaml's worst case is kept. Basis ``"release_water"``.
2. Otherwise ``quantity_t`` with an environmental release category (ERC) and its default
   release factor to water (every factor UNCONFIRMED, methods.md 3.5); basis
   ``"quantity with ERCx"``:

   - production → ERC1 (manufacture of the substance, RF_water 0.06);
   - processing use → chosen from the line's function in process, which is all the survey says
     about the kind of use: reactant or raw material (F03) → ERC6a (use of intermediate, 0.02);
     catalyst or initiator (F05) → ERC6b (reactive processing aid, 0.05); solvent (F04),
     processing aid (F07), cleaning (F08) → ERC4 (non-reactive processing aid, 1.0); any other
     or no function → ERC4. Of the industrial ERCs with a water default in the yaml, ERC2
     (formulation into a mixture) and ERC5 (inclusion into an article) are not used: nothing
     in a line tells those two apart (an "additive" may go either way). ERC4 has the highest
     factor, so where the use is unknown the ERC can only overestimate, as screening should.
3. Import and export without a reported release: trading a substance releases nothing at the
   site, so no local release is modelled; the line is skipped and a note says so. An
   enterprise with only such lines has no row and is counted apart in the summary.

The enterprise's PEC is the sum of its lines' PECs: every ERC used is industrial with the same
T_emission, f_region and f_main-source, the lines share one STP and river, and PEC_regional is
0, so the model is linear in E_local and the sum equals the PEC of the site's summed daily
release. Transfers off site to a sewer (``transfer_t``) are not added: the survey's release to
water is taken as the load reaching the standard STP. Koc comes from the knowledge base: the
geometric mean of 10^value of the substance's ``log_koc`` records with qualifier "=" or "~"
(bounds are not values), passed as ``koc`` (Kp_susp = Foc_susp × Koc); without records sorption
is neglected and the science layer notes it.

RQ = PEC / PNEC (mg/L) with ``kind="PEC"``: "risk" at RQ ≥ 1, otherwise "no risk"; without a
PNEC the RQ is None and the state "inconclusive". ``confirmed`` is the PEC's flag (every
formula and default it rests on is confirmed); it is false while the R.16 defaults of the yaml
are unconfirmed. The PNEC's status is the caller's to report.

Confidentiality
---------------
Survey quantities are confidential business information. :func:`pec_by_enterprise` starts from
``policy.scope(user, "survey.view_surveyreport", ...)``: the bureau sees every enterprise, a
district officer those of the district, an enterprise reporter its own, everybody else none.
:func:`pec_summary` reads every accepted line (no user) and returns counts and RQ statistics
only, never a name, an identifier or a tonnage. Per district it gives counts only for districts
with at least :data:`MIN_GROUP` enterprises; smaller ones (and enterprises without a district)
are pooled as ``"other"``, because a count of one or two next to a district's name tells a
reader who knows the district's few enterprises which of them exceeds. The largest and median
RQ are withheld when fewer than :data:`MIN_GROUP` enterprises contribute city-wide: with one,
RQ × PNEC is its PEC and, the model being linear, its release. Residual risks, accepted and
stated: the largest RQ × PNEC still gives the PEC of the city's largest emitter, unnamed; a
district in which every enterprise has RQ ≥ 1 says so of each; the pooled group may itself
hold fewer than :data:`MIN_GROUP` enterprises, but names no district.

References
----------
.. [1] ECHA (2016). Guidance on information requirements and chemical safety assessment,
   Chapter R.16: Environmental exposure assessment, version 3.0. Local emission, standard STP
   and local surface water (EUSES); Appendix B (ERC release factors).
.. [2] European Commission (2003). Technical Guidance Document on Risk Assessment, Part II,
   chapter 2 (environmental exposure).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from npgov.chemicals.choices import PropertyKind
from npgov.chemicals.models import PropertyRecord, Substance
from npgov.core import policy
from npgov.science.exposure import PecResult, pec_local_water
from npgov.science.risk import RISK_THRESHOLD, RiskResult, risk_quotient
from npgov.survey.choices import (
    Activity,
    CampaignKind,
    ProcessFunction,
    ReportState,
    TransferRoute,
)
from npgov.survey.models import ReportLine, SurveyReport

from .pnecs import VALUE_QUALIFIERS, log_mean

__all__ = [
    "BASIS_RELEASE",
    "MIN_GROUP",
    "OTHER",
    "PROCESSING_ERC_BY_FUNCTION",
    "PROCESSING_ERC_DEFAULT",
    "PRODUCTION_ERC",
    "USED_STATES",
    "pec_by_enterprise",
    "pec_summary",
]

#: Fewest enterprises a district must have for its counts to be shown by name (k-anonymity).
MIN_GROUP = 3
#: Report states whose lines are used.
USED_STATES = (ReportState.ACCEPTED,)
#: The ERC of production lines without a reported release.
PRODUCTION_ERC = "ERC1"
#: The ERC of processing-use lines by the substance's function in the process.
PROCESSING_ERC_BY_FUNCTION = {
    ProcessFunction.REACTANT: "ERC6a",
    ProcessFunction.CATALYST: "ERC6b",
    ProcessFunction.SOLVENT: "ERC4",
    ProcessFunction.PROCESSING_AID: "ERC4",
    ProcessFunction.CLEANING: "ERC4",
}
#: The ERC of processing-use lines of any other or no function (the highest water factor).
PROCESSING_ERC_DEFAULT = "ERC4"
#: The basis of a line whose reported release to water is used.
BASIS_RELEASE = "release_water"
#: The code of the pooled group of small districts in the summary.
OTHER = "other"
#: Activities that release nothing at the site unless a release is reported.
_NO_LOCAL_RELEASE = frozenset({Activity.IMPORT, Activity.EXPORT})
#: Preference among campaigns of the same year (higher wins).
_KIND_RANK = {CampaignKind.BASIC: 0, CampaignKind.DETAILED: 1, CampaignKind.KEY_CONTROLLED: 2}


@dataclass(frozen=True)
class _LinePec:
    """One line's PEC and the inputs it rests on."""

    position: int
    activity: str
    basis: str
    erc: str | None
    tonnage_t: float
    release_factor: float
    pec: PecResult

    def as_dict(self) -> dict:
        return {
            "position": self.position,
            "activity": self.activity,
            "basis": self.basis,
            "erc": self.erc,
            "tonnage_t": self.tonnage_t,
            "release_factor": self.release_factor,
            "release_t": self.tonnage_t * self.release_factor,
            "pec_mg_per_l": self.pec.value_mg_per_l,
            "confirmed": self.pec.confirmed,
        }


@dataclass
class _Site:
    """One enterprise's lines of its latest report, their PECs and the risk quotient."""

    line: ReportLine  # any line of the report: enterprise, district and campaign
    lines: list[_LinePec] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    risk: RiskResult | None = None

    @property
    def pec_mg_per_l(self) -> float:
        return math.fsum(item.pec.value_mg_per_l for item in self.lines)

    @property
    def confirmed(self) -> bool:
        return all(item.pec.confirmed for item in self.lines)

    @property
    def unconfirmed(self) -> list[str]:
        return sorted({name for item in self.lines for name in item.pec.unconfirmed})

    @property
    def bases(self) -> list[str]:
        return list(dict.fromkeys(item.basis for item in self.lines))


def _erc_of(line: ReportLine) -> str | None:
    """The ERC of a line without a reported release; None for import and export."""
    if line.activity == Activity.PRODUCTION:
        return PRODUCTION_ERC
    if line.activity == Activity.PROCESSING_USE:
        return PROCESSING_ERC_BY_FUNCTION.get(line.function, PROCESSING_ERC_DEFAULT)
    return None


def _line_pec(line: ReportLine, *, koc: float | None) -> _LinePec | None:
    """The line's PEC on the basis the module docstring gives; None when nothing is released."""
    if line.release_water_t is not None:
        tonnage, erc, factor = line.release_water_t, None, 1.0
        pec = pec_local_water(tonnage, release_factor=factor, scenario="industrial", koc=koc)
        basis = BASIS_RELEASE
    else:
        erc = _erc_of(line)
        if erc is None:
            return None
        tonnage = line.quantity_t
        pec = pec_local_water(tonnage, erc=erc, koc=koc)
        factor = pec.parameters["release_factor"]["value"]
        basis = f"quantity with {erc}"
    return _LinePec(line.position, line.activity, basis, erc, tonnage, factor, pec)


def _koc(substance: Substance) -> tuple[float | None, int]:
    """Koc (L/kg) as the PNECs take it (:func:`npgov.risk.pnecs.log_mean`: the geometric mean
    over the substance's log Koc values, bounds left out), and the number of values; (None, 0)
    without any."""
    rows = list(PropertyRecord.objects.filter(substance=substance, kind=PropertyKind.LOG_KOC))
    mean = log_mean(rows, PropertyKind.LOG_KOC)
    if mean is None:
        return None, 0
    return 10.0**mean, sum(1 for r in rows if r.qualifier in VALUE_QUALIFIERS)


def _accepted_lines(substance: Substance) -> QuerySet[ReportLine]:
    return ReportLine.objects.filter(substance=substance, report__state__in=USED_STATES)


def _campaign_key(campaign) -> tuple:
    return (campaign.year, _KIND_RANK.get(campaign.kind, -1), campaign.pk)


def _latest(lines: Iterable[ReportLine]) -> dict[int, list[ReportLine]]:
    """Per enterprise, the substance's lines in its latest accepted report, if that report
    names the substance (see the docstring): an enterprise whose latest accepted report no
    longer lists it has no lines here, so an older year's figures are not carried forward."""
    chosen: dict[int, tuple[tuple, list[ReportLine]]] = {}
    for line in lines:
        key = _campaign_key(line.report.campaign)
        enterprise = line.report.enterprise_id
        best = chosen.get(enterprise)
        if best is None or key > best[0]:
            chosen[enterprise] = (key, [line])
        elif key == best[0]:
            best[1].append(line)
    newest: dict[int, tuple] = {}
    reports = SurveyReport.objects.filter(
        enterprise_id__in=list(chosen), state__in=USED_STATES
    ).select_related("campaign")
    for report in reports:
        key = _campaign_key(report.campaign)
        newest[report.enterprise_id] = max(key, newest.get(report.enterprise_id, key))
    return {
        enterprise: found
        for enterprise, (key, found) in chosen.items()
        if key == newest.get(enterprise, key)
    }


def _sites(
    lines: QuerySet[ReportLine], substance: Substance, pnec_mg_per_l: float | None
) -> tuple[list[_Site], int, float | None, int]:
    """(enterprises with a local release, enterprises without one, Koc, log Koc records)."""
    koc, n_koc = _koc(substance)
    lines = lines.select_related("report__campaign", "report__enterprise__district").order_by(
        "report__enterprise_id", "position"
    )
    sites: list[_Site] = []
    without = 0
    for found in _latest(lines).values():
        site = _Site(line=found[0])
        for line in found:
            item = _line_pec(line, koc=koc)
            if item is None:
                site.notes.append(
                    _("Line {position} ({activity}): no local release is modelled.").format(
                        position=line.position, activity=line.get_activity_display()
                    )
                )
                continue
            site.lines.append(item)
            if line.transfer_t and line.transfer_route == TransferRoute.SEWER:
                site.notes.append(
                    _(
                        "Line {position}: the transfer to a sewer is not included in the PEC."
                    ).format(position=line.position)
                )
        if not site.lines:
            without += 1
            continue
        site.risk = risk_quotient(
            site.pec_mg_per_l, pnec_mg_per_l, kind="PEC", unit="mg/L", medium="surface water"
        )
        sites.append(site)
    return sites, without, koc, n_koc


def _notes(site: _Site) -> list[str]:
    found = [*site.notes]
    for item in site.lines:
        found.extend(item.pec.notes)
    return list(dict.fromkeys(found))


def pec_by_enterprise(*, user, substance: Substance, pnec_mg_per_l: float | None) -> list[dict]:
    """The local PEC and RQ of each enterprise whose survey lines ``user`` may see
    (``survey.view_surveyreport``), highest PEC first.

    Each row: ``enterprise_id``, ``enterprise_name``, ``district`` (name or None),
    ``campaign`` (code) and ``year`` of the report used, ``basis`` (the lines' bases joined
    with " + "), ``release_t`` (the modelled release to water, t/a: Σ tonnage × release
    factor), ``lines`` (per line: position, activity, basis, erc, ``tonnage_t`` used,
    ``release_factor``, ``release_t``, ``pec_mg_per_l``, ``confirmed``), ``pec_mg_per_l``,
    ``rq`` (None without a PNEC), ``state`` ("risk", "no risk", "inconclusive"), ``reason``,
    ``koc`` (L/kg or None), ``confirmed``, ``unconfirmed`` (formulas and defaults not confirmed)
    and ``notes``. Enterprises whose latest report has no line with a local release have no
    row.
    """
    lines = policy.scope(user, "survey.view_surveyreport", _accepted_lines(substance))
    sites, _without, koc, _n_koc = _sites(lines, substance, pnec_mg_per_l)
    rows = []
    for site in sites:
        report = site.line.report
        enterprise = report.enterprise
        risk = site.risk
        rows.append({
            "enterprise_id": enterprise.pk,
            "enterprise_name": enterprise.name_zh,
            "district": enterprise.district.name_zh if enterprise.district else None,
            "campaign": report.campaign.code,
            "year": report.campaign.year,
            "basis": " + ".join(site.bases),
            "release_t": math.fsum(item.tonnage_t * item.release_factor for item in site.lines),
            "lines": [item.as_dict() for item in site.lines],
            "pec_mg_per_l": site.pec_mg_per_l,
            "rq": risk.rq,
            "state": risk.state,
            "reason": risk.reason,
            "koc": koc,
            "confirmed": site.confirmed,
            "unconfirmed": site.unconfirmed,
            "notes": _notes(site),
        })  # fmt: skip
    rows.sort(key=lambda row: (-row["pec_mg_per_l"], row["enterprise_name"]))
    return rows


def pec_summary(*, substance: Substance, pnec_mg_per_l: float | None) -> dict:
    """The city-wide picture over every accepted line, with no enterprise identity and no
    quantity (JSON-serialisable: a frozen assessment stores it).

    Keys: ``method``, ``substance_id``, ``pnec_mg_per_l``, ``report_states``, ``min_group``,
    ``campaign_years`` (the years of the reports used), ``n_enterprises`` (with a local
    release), ``n_enterprises_without_local_release``, ``n_risk`` (RQ ≥ 1; None without a
    PNEC), ``states`` (count per state), ``rq_max`` and ``rq_median`` (None without a PNEC or
    with fewer than :data:`MIN_GROUP` enterprises), ``basis_counts`` (lines per basis),
    ``koc`` and ``n_koc_records``, ``confirmed`` (every PEC rests on confirmed formulas and
    defaults; None without enterprises), ``unconfirmed``, ``districts`` (``code``, ``name``,
    ``n_enterprises``, ``n_risk`` for districts with at least :data:`MIN_GROUP` enterprises,
    then the pooled ``"other"``), and ``notes``.
    """
    sites, without, koc, n_koc = _sites(_accepted_lines(substance), substance, pnec_mg_per_l)
    has_pnec = pnec_mg_per_l is not None
    rqs = [site.risk.rq for site in sites if site.risk.rq is not None]
    notes: list[str] = []
    shown = has_pnec and len(sites) >= MIN_GROUP
    if has_pnec and sites and not shown:
        notes.append(
            _(
                "The largest and median RQ are withheld: fewer than {n} enterprises contribute."
            ).format(n=MIN_GROUP)
        )
    if not has_pnec:
        notes.append(_("No PNEC: the PECs are computed, the risk quotients are not."))

    def at_risk(group: list[_Site]) -> int | None:
        if not has_pnec:
            return None
        return sum(1 for site in group if site.risk.rq >= RISK_THRESHOLD)

    by_district: dict[int | None, list[_Site]] = {}
    for site in sites:
        by_district.setdefault(site.line.report.enterprise.district_id, []).append(site)
    districts = []
    pooled: list[_Site] = []
    for group in by_district.values():
        district = group[0].line.report.enterprise.district
        if district is None or len(group) < MIN_GROUP:
            pooled.extend(group)
            continue
        districts.append({"code": district.code, "name": district.name_zh,
                          "n_enterprises": len(group), "n_risk": at_risk(group)})  # fmt: skip
    districts.sort(key=lambda row: row["code"])
    if pooled:
        districts.append({"code": OTHER, "name": _("Other districts (pooled)"),
                          "n_enterprises": len(pooled), "n_risk": at_risk(pooled)})  # fmt: skip
        notes.append(
            _("Districts with fewer than {n} enterprises are pooled as other.").format(n=MIN_GROUP)
        )
    states = Counter(site.risk.state for site in sites)
    return {
        "method": "PEC_local,water (ECHA R.16, EUSES standard scenario) from survey reports",
        "substance_id": substance.pk,
        "pnec_mg_per_l": None if pnec_mg_per_l is None else float(pnec_mg_per_l),
        "report_states": [str(state) for state in USED_STATES],
        "min_group": MIN_GROUP,
        "campaign_years": sorted({site.line.report.campaign.year for site in sites}),
        "n_enterprises": len(sites),
        "n_enterprises_without_local_release": without,
        "n_risk": at_risk(sites),
        "states": {state: states.get(state, 0) for state in ("risk", "no risk", "inconclusive")},
        "rq_max": max(rqs) if shown else None,
        "rq_median": float(statistics.median(rqs)) if shown else None,
        "basis_counts": dict(
            sorted(Counter(item.basis for site in sites for item in site.lines).items())
        ),
        "koc": koc,
        "n_koc_records": n_koc,
        "confirmed": all(site.confirmed for site in sites) if sites else None,
        "unconfirmed": sorted({name for site in sites for name in site.unconfirmed}),
        "districts": districts,
        "notes": notes,
    }
