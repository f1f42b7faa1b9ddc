"""Predicted no-effect concentrations (PNEC) after ECHA Guidance R.10: water by assessment factors
or from an SSD's HC5, sediment and soil by equilibrium partitioning.

Water (:func:`derive_aquatic`). The assessment factor (AF) depends on which short-term
(L(E)C50) and long-term (NOEC, EC10) results are available across the trophic levels, as in
R.10 Table R.10-4 (freshwater: AF 1000, 100, 50, 10) and Table R.10-5 (marine: AF 10000, 1000,
500, 100, 50, 10, the lower ones needing data on additional marine taxonomic groups such as
echinoderms or molluscs). The special cases of the table notes are applied:

- a long-term result protects only if it comes from the trophic level with the lowest L(E)C50
  (note b): otherwise one long-term result leaves the short-term factor in force, capped so
  that the PNEC is not above the long-term result / 100 (marine / 1000), and two long-term
  results get AF 100 instead of 50 (marine 1000 instead of 500);
- three long-term results not covering the group with the lowest L(E)C50 get AF 50 instead of
  10 (note c; reachable when sensitivity is judged by taxon group, ``sensitivity_by``);
- an algal NOEC is not used unsupported by long-term results of other trophic levels (the EC50
  of the algal growth test counts as short-term), TGD 2003 section 3.3.1.1.

Every rule, factor and default lives in ``reference/risk/assessment_factors.yaml`` with its
source and a ``confirmed`` flag; a result built on an unconfirmed rule or default says so
(``confirmed`` false and a note). The R.10 PDF itself was not read: the freshwater 1000 and 10
rows are confirmed from REACH Annex I, the algal rule and the marine 10000 row from the TGD
2003 that R.10 took over; the other rows are recalled or read only in secondary copies.

Input records (dicts or :class:`ToxicityRecord`) carry species, taxon group (trophic level is
derived from it), duration (``acute``/``chronic``), endpoint, value and unit (any mass per
volume; converted to mg/L with :mod:`npgov.science.units`), ``source_type``
(``experimental``/``predicted``) and Klimisch ``reliability`` (1–4). npgov's data rules:

- reliability: records of category 3 (not reliable) and 4 (not assignable) are set aside
  whenever any record of category 1 or 2 exists; only when none exists are they used, and the
  result then says so (``reliability`` 3 or 4, a note). Set-aside records below the critical
  value are named in a note;
- predicted values (QSAR, read-across) are used only for a trophic level without any
  experimental value (of either duration); ``experimental`` is false when one was used;
- short-term NOECs and long-term EC50s are not used by the scheme and are set aside with a
  reason; values given as lower bounds (``qualifier`` ``">"``) are used at face value (a
  conservative PNEC, noted), upper bounds (``"<"``) are refused;
- several values of one species and endpoint: the lowest is used (``same_species="lowest"``),
  or their geometric mean (``"geomean"``, TGD 2003 section 3.3.1.1; it presumes the test
  conditions were checked first).

No PNEC can be derived (``value_mg_per_l`` None, ``reason`` given, no exception) when no record
is usable or a trophic level of the base set (algae, invertebrates, fish; marine: algae,
crustaceans, fish) has no result at all: R.10 needs short-term data of three trophic levels.
Malformed input raises :class:`ValueError` naming the record index, the field and the value.

Sediment and soil (:func:`sediment_eqp`, :func:`soil_eqp`):
PNEC_comp = K_comp-water / RHO_comp × PNEC_water × 1000 (mg/kg wet weight), with
K_comp-water = Fair·K_air-water + Fwater + Fsolid·(Foc·Koc/1000)·RHO_solid; with the defaults
K_susp-water = 0.9 + 0.025·Koc and K_soil-water = 0.2·K_air-water + 0.2 + 0.03·Koc. For
log Kow > 5 the EqP PNEC is divided by 10 (R.10 raises the PEC/PNEC ratio by 10).

References
----------
.. [1] ECHA (2008). Guidance on information requirements and chemical safety assessment,
   Chapter R.10: Characterisation of dose [concentration]-response for environment. Tables
   R.10-4 (freshwater) and R.10-5 (marine) and their notes; equilibrium partitioning.
.. [2] European Commission (2003). Technical Guidance Document on Risk Assessment, Part II
   (EUR 20418 EN/2): section 3.3.1.1 and Table 16 (freshwater AF), 3.5.2 and 3.6.2.1 (EqP for
   sediment and soil), chapter 4 and Table 22 (marine AF), eq. 24 and Table 5 (defaults).
.. [3] Regulation (EC) No 1907/2006 (REACH), Annex I, section 3.3.1 and its footnote.
.. [4] Klimisch, H.-J., Andreae, M. & Tillmann, U. (1997). A systematic approach for evaluating
   the quality of experimental toxicological and ecotoxicological data. *Regulatory Toxicology
   and Pharmacology* 25, 1–5.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from npgov.science.units import AmountError, UnitError, concentration_factor, parse_amount

__all__ = [
    "COMPARTMENTS",
    "DATA_PATH",
    "EqpResult",
    "PnecResult",
    "Rule",
    "ToxicityRecord",
    "derive_aquatic",
    "from_ssd",
    "parse_record",
    "protective",
    "ssd_sufficient",
    "pnec_from_json",
    "reference_data",
    "sediment_eqp",
    "soil_eqp",
]

#: The data file of rules, factors and defaults.
DATA_PATH = Path(__file__).resolve().parents[1] / "reference" / "risk" / "assessment_factors.yaml"
#: Water compartments of the assessment-factor scheme.
COMPARTMENTS = ("freshwater", "marine")
#: Base trophic levels of the freshwater scheme and slots of the marine one.
_LEVELS = ("algae", "invertebrates", "fish")
_MARINE_SLOTS = ("algae", "crustaceans", "fish")

_DURATIONS = {
    "acute": "acute", "short-term": "acute", "short_term": "acute", "shortterm": "acute",
    "short": "acute", "chronic": "chronic", "long-term": "chronic", "long_term": "chronic",
    "longterm": "chronic", "long": "chronic",
}  # fmt: skip
_SOURCE_TYPES = {
    "experimental": "experimental", "experiment": "experimental", "measured": "experimental",
    "test": "experimental", "predicted": "predicted", "qsar": "predicted",
    "read-across": "predicted", "read_across": "predicted", "readacross": "predicted",
    "estimated": "predicted", "calculated": "predicted", "model": "predicted",
}  # fmt: skip
_MEDIA = {
    "freshwater": "freshwater", "fresh": "freshwater", "fresh_water": "freshwater",
    "marine": "marine", "saltwater": "marine", "salt_water": "marine", "seawater": "marine",
    "sea_water": "marine", "estuarine": "marine", "brackish": "marine",
}  # fmt: skip
_QUALIFIERS = {"": "=", "=": "=", "==": "=", "~": "=", "ca": "=", "ca.": "=", ">": ">",
               ">=": ">", "≥": ">"}  # fmt: skip
_UPPER_BOUNDS = {"<", "<=", "≤"}
_REQUIRED = ("species", "taxon_group", "duration", "endpoint", "value", "unit", "source_type",
             "reliability")  # fmt: skip
_OPTIONAL = ("trophic_level", "medium", "qualifier", "reference")
#: Keys of :meth:`ToxicityRecord.as_dict` that are computed, ignored when read back.
_COMPUTED = ("index", "value_mg_per_l", "aggregated_from")


@functools.lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))


def reference_data() -> dict:
    """A copy of the parsed ``assessment_factors.yaml`` (rules, factors, defaults, sources)."""
    return copy.deepcopy(_data())


def _token(text: object) -> str:
    return "_".join(str(text).strip().casefold().replace("-", " ").split())


@functools.lru_cache(maxsize=1)
def _vocabulary() -> dict[str, dict[str, str]]:
    data = _data()
    groups: dict[str, str] = {}
    for name, entry in data["taxon_groups"].items():
        for spelling in (name, *entry.get("aliases", ())):
            groups[_token(spelling)] = name
    levels: dict[str, str] = {}
    for name, spellings in data["trophic_level_aliases"].items():
        for spelling in (name, *spellings):
            levels[_token(spelling)] = name
    endpoints: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for kind, names in data["endpoints"].items():
        for name in names:
            key = name.replace(" ", "").casefold()
            endpoints[key] = name
            kinds[name] = kind
    return {"groups": groups, "levels": levels, "endpoints": endpoints, "kinds": kinds}


# --------------------------------------------------------------------------------------------
# Rules and results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One row or note of an assessment-factor table, as stored in the data file.

    ``factor`` is the table's factor; the factor actually applied is
    :attr:`PnecResult.assessment_factor`, which differs where a cap applies (the long-term
    result / 100, marine / 1000) or, for MW-ALGAL and MW-CAP, where two additional marine taxa
    bring the short-term factor from 10000 to 1000.
    """

    id: str
    factor: float
    text: str
    table: str
    source: str
    confirmed: bool
    basis: str = ""

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "factor": self.factor,
            "text": self.text,
            "table": self.table,
            "source": self.source,
            "confirmed": self.confirmed,
        }


def _cite(source: Mapping) -> str:
    guidance = source.get("guidance", "")
    guidance = {"R10": "ECHA Guidance R.10 (2008)"}.get(guidance, guidance)
    parts = [guidance]
    for key in ("table", "row", "note", "section", "page"):
        if source.get(key) not in (None, ""):
            parts.append(f"{key} {source[key]}" if key != "table" else str(source[key]))
    return ", ".join(parts)


def _rule(scheme: str, rule_id: str) -> Rule:
    data = _data()
    if scheme == "ssd":
        entry = data["ssd"]["rule"]
        table = entry["source"].get("table", "")
        return Rule("SSD", float("nan"), " ".join(entry["text"].split()), table,
                    _cite(entry["source"]), bool(entry["confirmed"]), "SSD")  # fmt: skip
    block = data[scheme]
    entry = block["rules"][rule_id]
    return Rule(
        rule_id,
        float(entry["factor"]),
        " ".join(entry["text"].split()),
        block["table"],
        _cite(entry["source"]),
        bool(entry["confirmed"]),
        entry.get("basis", ""),
    )


@dataclass(frozen=True)
class ToxicityRecord:
    """One validated ecotoxicity result. ``index`` is its position in the caller's list;
    ``value_mg_per_l`` the value converted from ``value`` and ``unit``; ``extra`` holds any
    further keys of the input, passed through unchanged; ``aggregated_from`` the indices of the
    records a geometric mean was taken of."""

    index: int
    species: str
    taxon_group: str
    trophic_level: str
    duration: str
    endpoint: str
    value: float
    unit: str
    value_mg_per_l: float
    source_type: str
    reliability: int
    qualifier: str = "="
    medium: str | None = None
    reference: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    aggregated_from: tuple[int, ...] = ()

    @property
    def experimental(self) -> bool:
        return self.source_type == "experimental"

    @property
    def marine_slot(self) -> str:
        return _data()["taxon_groups"][self.taxon_group]["marine_slot"]

    def as_dict(self) -> dict:
        out = {
            "index": self.index,
            "species": self.species,
            "taxon_group": self.taxon_group,
            "trophic_level": self.trophic_level,
            "duration": self.duration,
            "endpoint": self.endpoint,
            "qualifier": self.qualifier,
            "value": self.value,
            "unit": self.unit,
            "value_mg_per_l": self.value_mg_per_l,
            "source_type": self.source_type,
            "reliability": self.reliability,
            "medium": self.medium,
            "reference": self.reference,
        }
        if self.aggregated_from:
            out["aggregated_from"] = list(self.aggregated_from)
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out


@dataclass(frozen=True)
class PnecResult:
    """A water PNEC (mg/L) and how it was reached.

    ``value_mg_per_l`` is None when no PNEC can be derived; ``reason`` then says why.
    ``critical`` is the record (as a dict) the factor was applied to, or the HC5 for an SSD.
    ``experimental`` is true when no predicted value was used; ``reliability`` is the worst
    Klimisch category among the records used; ``confirmed`` is false when the rule (or a cap
    npgov adds) is not confirmed against a primary text. ``used`` and ``excluded`` give the
    record indices used and those set aside, with the reason.
    """

    compartment: str
    value_mg_per_l: float | None
    assessment_factor: float | None
    rule: Rule | None
    critical: Mapping[str, Any] | None
    basis: str
    experimental: bool | None
    reliability: int | None
    confirmed: bool
    notes: tuple[str, ...] = ()
    reason: str | None = None
    used: tuple[int, ...] = ()
    excluded: tuple[tuple[int, str], ...] = ()
    inputs: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def derived(self) -> bool:
        return self.value_mg_per_l is not None

    def as_dict(self) -> dict:
        return {
            "compartment": self.compartment,
            "derived": self.derived,
            "value_mg_per_l": self.value_mg_per_l,
            "assessment_factor": self.assessment_factor,
            "rule": None if self.rule is None else self.rule.as_dict(),
            "critical": None if self.critical is None else dict(self.critical),
            "basis": self.basis,
            "experimental": self.experimental,
            "reliability": self.reliability,
            "confirmed": self.confirmed,
            "notes": list(self.notes),
            "reason": self.reason,
            "used": list(self.used),
            "excluded": [{"index": i, "reason": why} for i, why in self.excluded],
            "inputs": dict(self.inputs),
        }


@dataclass(frozen=True)
class EqpResult:
    """A sediment or soil PNEC by equilibrium partitioning, with every input of the formula.

    ``value_mg_per_kg_wwt`` is the PNEC in mg/kg wet weight after the log Kow factor;
    ``value_mg_per_kg_dwt`` the same in dry weight (× RHO / (Fsolid · RHO_solid));
    ``eqp_mg_per_kg_wwt`` the EqP value before the log Kow factor. ``parameters`` maps each
    compartment property to its value, unit, whether it is the default, its source and
    ``confirmed`` flag.
    """

    compartment: str
    value_mg_per_kg_wwt: float
    value_mg_per_kg_dwt: float
    eqp_mg_per_kg_wwt: float
    log_kow_factor: float
    pnec_water_mg_per_l: float
    koc_l_per_kg: float | None
    kp_l_per_kg: float
    k_compartment_water: float
    wet_to_dry: float
    log_kow: float | None
    formula: str
    parameters: Mapping[str, Mapping[str, Any]]
    confirmed: bool
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "compartment": self.compartment,
            "value_mg_per_kg_wwt": self.value_mg_per_kg_wwt,
            "value_mg_per_kg_dwt": self.value_mg_per_kg_dwt,
            "eqp_mg_per_kg_wwt": self.eqp_mg_per_kg_wwt,
            "log_kow_factor": self.log_kow_factor,
            "pnec_water_mg_per_l": self.pnec_water_mg_per_l,
            "koc_l_per_kg": self.koc_l_per_kg,
            "kp_l_per_kg": self.kp_l_per_kg,
            "k_compartment_water_m3_per_m3": self.k_compartment_water,
            "wet_to_dry": self.wet_to_dry,
            "log_kow": self.log_kow,
            "formula": self.formula,
            "parameters": {k: dict(v) for k, v in self.parameters.items()},
            "confirmed": self.confirmed,
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------------------------
# Input records
# --------------------------------------------------------------------------------------------


def _bad(index: int | None, name: str, value: object, why: str) -> ValueError:
    where = "" if index is None else f"record {index}: "
    return ValueError(f"{where}field '{name}' = {value!r}: {why}")


def _number(index: int | None, name: str, value: object) -> float:
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise _bad(index, name, value, exc.reason_en) from None


def _positive(index: int | None, name: str, value: object) -> float:
    number = _number(index, name, value)
    if number <= 0:
        raise _bad(index, name, value, "must be a positive number")
    return number


def _water_mg_per_l(index: int | None, name: str, value: float, unit: object) -> float:
    if not isinstance(unit, str):
        raise _bad(index, name, unit, "the unit must be text such as 'mg/L', 'µg/L' or 'ng/L'")
    try:
        factor = concentration_factor(unit, "water")  # to ng/L
    except UnitError as exc:
        raise _bad(index, name, unit, exc.reason_en) from None
    return value * factor / 1e6


def _choice(index: int, name: str, value: object, table: Mapping[str, str], what: str) -> str:
    key = _token(value) if isinstance(value, str) else None
    if key is None or key not in table:
        allowed = ", ".join(sorted(set(table.values())))
        raise _bad(index, name, value, f"unknown {what} (use one of: {allowed})")
    return table[key]


def parse_record(data: Mapping[str, Any] | ToxicityRecord, index: int = 0) -> ToxicityRecord:
    """Validate one input record (a mapping such as a JSON object, or a
    :class:`ToxicityRecord`) and convert its value to mg/L.

    Raises :class:`ValueError` naming the record index, the field and the value when a required
    field is missing or a value, unit, duration, endpoint, taxon group, trophic level, source
    type, reliability, medium or qualifier is not recognised.
    """
    if isinstance(data, ToxicityRecord):
        data = data.as_dict()
    if not isinstance(data, Mapping):
        raise ValueError(f"record {index}: expected a mapping of fields, got {type(data).__name__}")
    for name in _REQUIRED:
        if data.get(name) is None or (isinstance(data.get(name), str) and not data[name].strip()):
            raise _bad(index, name, data.get(name), "is missing")
    vocab = _vocabulary()
    species = data["species"]
    if not isinstance(species, str):
        raise _bad(index, "species", species, "must be text")
    group = _choice(index, "taxon_group", data["taxon_group"], vocab["groups"], "taxon group")
    level = _data()["taxon_groups"][group]["trophic_level"]
    given_level = data.get("trophic_level")
    if given_level is not None and str(given_level).strip():
        stated = _choice(index, "trophic_level", str(given_level), vocab["levels"], "trophic level")
        if stated != level:
            raise _bad(
                index, "trophic_level", given_level,
                f"contradicts taxon group '{group}' (trophic level '{level}')",
            )  # fmt: skip
    duration = _choice(index, "duration", data["duration"], _DURATIONS, "duration")
    endpoint_raw = data["endpoint"]
    endpoint_key = str(endpoint_raw).replace(" ", "").casefold()
    if not isinstance(endpoint_raw, str) or endpoint_key not in vocab["endpoints"]:
        allowed = ", ".join(vocab["endpoints"].values())
        raise _bad(index, "endpoint", endpoint_raw, f"unknown endpoint (use one of: {allowed})")
    endpoint = vocab["endpoints"][endpoint_key]
    qualifier_raw = data.get("qualifier")
    qualifier = "="
    if qualifier_raw is not None:
        text = str(qualifier_raw).strip()
        if text in _UPPER_BOUNDS:
            raise _bad(
                index, "qualifier", qualifier_raw,
                "an upper bound cannot give a protective PNEC; give a definite value",
            )  # fmt: skip
        if text.casefold() not in _QUALIFIERS:
            raise _bad(index, "qualifier", qualifier_raw, "use '=', '>' or '>='")
        qualifier = _QUALIFIERS[text.casefold()]
    value = _positive(index, "value", data["value"])
    unit = data["unit"]
    mg_per_l = _water_mg_per_l(index, "unit", value, unit)
    source_type = _choice(index, "source_type", data["source_type"], _SOURCE_TYPES, "source type")
    reliability_raw = data["reliability"]
    try:
        if isinstance(reliability_raw, bool):
            raise ValueError
        reliability_number = float(str(reliability_raw).strip().upper().removeprefix("K"))
        if not reliability_number.is_integer():
            raise ValueError
        reliability = int(reliability_number)
    except ValueError:
        reliability = 0
    if reliability not in (1, 2, 3, 4):
        raise _bad(index, "reliability", reliability_raw, "must be a Klimisch category 1–4")
    medium = data.get("medium")
    if medium is not None and str(medium).strip():
        medium = _choice(index, "medium", str(medium), _MEDIA, "medium")
    else:
        medium = None
    reference = data.get("reference")
    extra = {k: v for k, v in data.items() if k not in _REQUIRED + _OPTIONAL + _COMPUTED}
    return ToxicityRecord(
        index=index,
        species=species.strip(),
        taxon_group=group,
        trophic_level=level,
        duration=duration,
        endpoint=endpoint,
        value=value,
        unit=str(unit).strip(),
        value_mg_per_l=mg_per_l,
        source_type=source_type,
        reliability=reliability,
        qualifier=qualifier,
        medium=medium,
        reference=None if reference is None else str(reference),
        extra=extra,
    )


def _geomean_groups(pool: list[ToxicityRecord]) -> list[ToxicityRecord]:
    groups: dict[tuple[str, str, str], list[ToxicityRecord]] = {}
    for record in pool:
        key = (record.species.casefold(), record.duration, record.endpoint)
        groups.setdefault(key, []).append(record)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0])
            continue
        definite = [r for r in members if r.qualifier == "="] or members
        mean = math.exp(sum(math.log(r.value_mg_per_l) for r in definite) / len(definite))
        first = min(definite, key=lambda r: r.index)
        out.append(
            ToxicityRecord(
                index=first.index,
                species=first.species,
                taxon_group=first.taxon_group,
                trophic_level=first.trophic_level,
                duration=first.duration,
                endpoint=first.endpoint,
                value=mean,
                unit="mg/L",
                value_mg_per_l=mean,
                source_type=(
                    "experimental" if all(r.experimental for r in definite) else "predicted"
                ),
                reliability=max(r.reliability for r in definite),
                qualifier="=" if any(r.qualifier == "=" for r in definite) else ">",
                medium=first.medium if len({r.medium for r in definite}) == 1 else None,
                reference="geometric mean",
                aggregated_from=tuple(sorted(r.index for r in definite)),
            )
        )
    return sorted(out, key=lambda r: r.index)


# --------------------------------------------------------------------------------------------
# Assessment-factor scheme
# --------------------------------------------------------------------------------------------


def _lowest(records: Iterable[ToxicityRecord]) -> ToxicityRecord:
    return min(records, key=lambda r: (r.value_mg_per_l, r.index))


def _sensitivity_key(record: ToxicityRecord, by: str) -> str:
    return record.trophic_level if by == "trophic_level" else record.taxon_group


@dataclass
class _Choice:
    rule_id: str
    critical: ToxicityRecord
    factor: float
    notes: list[str] = field(default_factory=list)
    npgov_cap: bool = False


def _capped(
    rule_id: str,
    acute_min: ToxicityRecord,
    acute_factor: float,
    chronic_min: ToxicityRecord,
    chronic_factor: float,
    why: str,
    npgov_cap: bool,
) -> _Choice:
    from_acute = acute_min.value_mg_per_l / acute_factor
    from_chronic = chronic_min.value_mg_per_l / chronic_factor
    if from_chronic < from_acute:
        note = (
            f"The PNEC from short-term data ({from_acute:.4g} mg/L = {acute_min.value_mg_per_l:.4g}"
            f" / {acute_factor:g}) was capped at the long-term result / {chronic_factor:g} "
            f"({from_chronic:.4g} mg/L, record {chronic_min.index}): {why}"
        )
        return _Choice(rule_id, chronic_min, chronic_factor, [note], npgov_cap)
    return _Choice(rule_id, acute_min, acute_factor)


def _decide(pool: list[ToxicityRecord], compartment: str, sensitivity_by: str) -> _Choice | str:
    """The rule for ``pool``, or the reason why none applies."""
    marine = compartment == "marine"
    block = _data()[compartment]
    single = float(block["single_long_term_factor"])
    acute = [r for r in pool if r.duration == "acute"]
    chronic = [r for r in pool if r.duration == "chronic"]
    notes: list[str] = []

    def slot(record: ToxicityRecord) -> str | None:
        if not marine:
            return record.trophic_level
        name = record.marine_slot
        return None if name == "additional" else name

    base = _MARINE_SLOTS if marine else _LEVELS
    acute_slots = {slot(r) for r in acute} - {None}
    chronic_slots = {slot(r) for r in chronic} - {None}
    add_acute: set[str] = set()
    add_chronic: set[str] = set()
    if marine:
        for record in pool:
            if record.marine_slot != "additional":
                continue
            if record.medium != "marine":
                notes.append(
                    f"Record {record.index} ({record.taxon_group}) is not counted as an "
                    "additional marine taxonomic group: its medium is not 'marine'."
                )
                continue
            (add_acute if record.duration == "acute" else add_chronic).add(record.taxon_group)
        if any(r.taxon_group == "invertebrate" for r in pool):
            notes.append(
                "Taxon group 'invertebrate' was counted as the crustacean base group of Table "
                "R.10-5; give 'crustacean' or the actual group to be exact."
            )
    missing = [s for s in base if s not in acute_slots | chronic_slots]
    if missing:
        present = sorted(acute_slots | chronic_slots)
        reason = (
            "No PNEC can be derived by assessment factors: R.10 needs results (at least "
            f"short-term L(E)C50) from each of {', '.join(base)}; "
            f"missing: {', '.join(missing)}."
        )
        if len(present) <= 1 and not chronic:
            reason += " Short-term data of a single trophic level are not enough."
        if marine and present == ["crustaceans"] and not chronic:
            reason += (
                " TGD 2003 (note a to Table 22) allows AF 10000 on Daphnia data alone only in"
                " exceptional, fully justified cases; npgov does not apply it automatically."
            )
        return reason
    for level in sorted(chronic_slots - acute_slots):
        notes.append(
            f"No short-term result for {level}: its sensitivity relative to the other trophic "
            "levels was judged from the short-term data of the others only."
        )

    acute_min = _lowest(acute) if acute else None
    chronic_min = _lowest(chronic) if chronic else None
    sensitive: set[str] = set()
    if acute_min is not None:
        sensitive = {
            _sensitivity_key(r, sensitivity_by)
            for r in acute
            if r.value_mg_per_l == acute_min.value_mg_per_l
        }
    chronic_keys = {_sensitivity_key(r, sensitivity_by) for r in chronic}
    covered = sensitive <= chronic_keys
    if acute_min is not None and chronic:
        where = ", ".join(sorted(sensitive))
        notes.append(
            f"Lowest L(E)C50: {acute_min.value_mg_per_l:.4g} mg/L ({where}); the long-term data "
            f"{'cover' if covered else 'do not cover'} it (judged by {sensitivity_by})."
        )
    n_c = len(chronic_slots)
    m_c = len(add_chronic)
    m_a = len(add_acute | add_chronic)

    if not marine:
        if n_c >= 3:
            choice = _Choice("FW-10" if covered else "FW-50-3LT", chronic_min, 0)
        elif n_c == 2:
            choice = _Choice("FW-50" if covered else "FW-100-2LT", chronic_min, 0)
        elif n_c == 1:
            (level,) = chronic_slots
            if level == "algae":
                choice = _capped(
                    "FW-1000-ALGAL", acute_min, 1000, chronic_min, single,
                    "npgov does not let a PNEC exceed the algal long-term result / 100.", True,
                )  # fmt: skip
            elif covered:
                choice = _Choice("FW-100", chronic_min, 0)
            else:
                choice = _capped(
                    "FW-1000-CAP", acute_min, 1000, chronic_min, single,
                    "R.10 Table R.10-4 note b.", False,
                )  # fmt: skip
        else:
            choice = _Choice("FW-1000", acute_min, 0)
    else:
        acute_factor = 1000.0 if m_a >= int(block["additional_groups_acute"]) else 10000.0
        if n_c >= 3:
            if covered and m_c >= 2:
                choice = _Choice("MW-10", chronic_min, 0)
            elif covered and m_c >= 1:
                choice = _Choice("MW-50", chronic_min, 0)
                notes.append(
                    "Three trophic levels and one additional marine group of long-term data: "
                    "the row for two levels plus one additional group (AF 50) applies."
                )
            else:
                choice = _Choice("MW-100" if covered else "MW-500-3LT", chronic_min, 0)
        elif n_c == 2:
            if covered and m_c >= 1:
                choice = _Choice("MW-50", chronic_min, 0)
            else:
                choice = _Choice("MW-500" if covered else "MW-1000-2LT", chronic_min, 0)
        elif n_c == 1:
            (level,) = chronic_slots
            if level == "algae":
                choice = _capped(
                    "MW-ALGAL", acute_min, acute_factor, chronic_min, single,
                    "npgov does not let a PNEC exceed the algal long-term result / 1000.", True,
                )  # fmt: skip
            elif covered:
                choice = _Choice("MW-1000", chronic_min, 0)
            else:
                choice = _capped(
                    "MW-CAP", acute_min, acute_factor, chronic_min, single,
                    "R.10 Table R.10-5 notes (as note b of Table R.10-4).", False,
                )  # fmt: skip
        elif m_a >= int(block["additional_groups_acute"]):
            choice = _Choice("MW-1000-ACUTE", acute_min, 0)
        else:
            choice = _Choice("MW-10000", acute_min, 0)
        if choice.rule_id in ("MW-ALGAL", "MW-CAP") and choice.critical.duration == "acute":
            choice.factor = acute_factor
    if choice.factor == 0:
        choice.factor = float(block["rules"][choice.rule_id]["factor"])
    # A PNEC from short-term data may not exceed the one from an available long-term result
    # (note b); this also covers long-term results of groups outside the base slots.
    if chronic_min is not None and choice.critical.duration == "acute":
        cap = chronic_min.value_mg_per_l / single
        if cap < choice.critical.value_mg_per_l / choice.factor:
            choice.notes.append(
                f"Capped at the lowest long-term result / {single:g} (record {chronic_min.index})"
                ", by analogy with note b."
            )
            choice.critical, choice.factor, choice.npgov_cap = chronic_min, single, True
    choice.notes[:0] = notes
    if (
        choice.critical.duration == "chronic"
        and acute_min is not None
        and acute_min.value_mg_per_l < choice.critical.value_mg_per_l
    ):
        choice.notes.append(
            f"Caution: a short-term L(E)C50 (record {acute_min.index}, {acute_min.taxon_group}, "
            f"{acute_min.value_mg_per_l:.4g} mg/L) is below the critical long-term value."
        )
    return choice


def derive_aquatic(
    records: Iterable[Mapping[str, Any] | ToxicityRecord],
    compartment: str = "freshwater",
    *,
    sensitivity_by: str = "trophic_level",
    same_species: str = "lowest",
) -> PnecResult:
    """PNEC for freshwater or marine water by the assessment-factor scheme of R.10.

    Parameters
    ----------
    records
        Ecotoxicity results, each a mapping (or :class:`ToxicityRecord`) with ``species``,
        ``taxon_group`` (algae, cyanobacteria, aquatic_plant, invertebrate, crustacean, insect,
        mollusc, echinoderm, annelid, cnidarian, rotifer, other_invertebrate, fish, amphibian),
        ``duration`` (``"acute"`` or ``"chronic"``), ``endpoint`` (L(E)C50, LC50, EC50, ErC50,
        ... or NOEC, EC10, ...), ``value`` and ``unit`` (mass per volume, e.g. ``"µg/L"``),
        ``source_type`` (``"experimental"``/``"predicted"``) and ``reliability`` (Klimisch
        1–4); optionally ``trophic_level`` (checked against the taxon group), ``medium``
        (``"freshwater"``/``"marine"``; additional marine taxa count only when marine),
        ``qualifier`` (``"="`` or ``">"``) and ``reference``. Other keys are passed through.
    compartment
        ``"freshwater"`` (Table R.10-4) or ``"marine"`` (Table R.10-5).
    sensitivity_by
        How a long-term result is judged to come from the most sensitive group:
        ``"trophic_level"`` (R.10's wording, default) or ``"taxon_group"`` (stricter: a
        Daphnia NOEC does not cover an insect's lowest LC50).
    same_species
        ``"lowest"`` (default) or ``"geomean"`` for several values of one species, duration
        and endpoint.

    Returns
    -------
    PnecResult
        With ``value_mg_per_l`` None and a ``reason`` when the data do not allow a PNEC.

    Raises
    ------
    ValueError
        For malformed input; the message names the record index, field and value.
    """
    if compartment not in COMPARTMENTS:
        raise ValueError(f"compartment {compartment!r}: use 'freshwater' or 'marine'")
    if sensitivity_by not in ("trophic_level", "taxon_group"):
        raise ValueError(f"sensitivity_by {sensitivity_by!r}: use 'trophic_level' or 'taxon_group'")
    if same_species not in ("lowest", "geomean"):
        raise ValueError(f"same_species {same_species!r}: use 'lowest' or 'geomean'")
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        raise ValueError("records must be a list of records")
    parsed = [parse_record(record, i) for i, record in enumerate(records)]
    inputs = {"n_records": len(parsed), "sensitivity_by": sensitivity_by,
              "same_species": same_species}  # fmt: skip
    excluded: list[tuple[int, str]] = []
    notes: list[str] = []
    kinds = _vocabulary()["kinds"]
    pool = []
    for record in parsed:
        kind = kinds[record.endpoint]
        if kind != record.duration:
            what = "short-term NOEC/EC10" if record.duration == "acute" else "long-term L(E)C50"
            why = f"{what} ({record.endpoint}) is not used by the AF scheme"
            excluded.append((record.index, why))
        else:
            pool.append(record)
    reliable_limit = int(_data()["reliable_up_to"])
    reliable = [r for r in pool if r.reliability <= reliable_limit]
    set_aside: list[ToxicityRecord] = []
    if reliable:
        for record in pool:
            if record.reliability > reliable_limit:
                label = _data()["reliability"][record.reliability]
                excluded.append((record.index, f"reliability {record.reliability} ({label})"))
                set_aside.append(record)
        pool = reliable
    elif pool:
        notes.append(
            "No record of reliability 1 or 2: the PNEC rests on records of reliability "
            f"{'/'.join(str(r) for r in sorted({r.reliability for r in pool}))} and is for "
            "screening only."
        )
    with_experiment = {r.trophic_level for r in pool if r.experimental}
    kept = []
    for record in pool:
        if not record.experimental and record.trophic_level in with_experiment:
            excluded.append((record.index, "predicted value for a trophic level with "
                             "experimental data"))  # fmt: skip
        else:
            kept.append(record)
    pool = kept
    predicted_levels = sorted({r.trophic_level for r in pool if not r.experimental})
    if predicted_levels:
        notes.append(
            f"Predicted (QSAR/read-across) values used for: {', '.join(predicted_levels)} "
            "(no experimental value there)."
        )
    if compartment == "freshwater" and any(r.medium == "marine" for r in pool):
        notes.append("Results for marine species were pooled with freshwater ones.")
    if same_species == "geomean":
        pool = _geomean_groups(pool)
    excluded.sort()

    def not_derived(reason: str) -> PnecResult:
        return PnecResult(
            compartment, None, None, None, None, "assessment factor", None, None, False,
            tuple(notes), reason, tuple(sorted({i for r in pool for i in _indices(r)})),
            tuple(excluded), inputs,
        )  # fmt: skip

    if not parsed:
        return not_derived("No records: no PNEC can be derived.")
    if not pool:
        return not_derived("No usable record: every record was set aside (see excluded).")
    choice = _decide(pool, compartment, sensitivity_by)
    if isinstance(choice, str):
        return not_derived(choice)
    rule = _rule(compartment, choice.rule_id)
    critical = choice.critical
    value = critical.value_mg_per_l / choice.factor
    notes.extend(choice.notes)
    confirmed = rule.confirmed and not choice.npgov_cap
    if not rule.confirmed:
        notes.append(
            f"Rule {rule.id} ({rule.source}) is provisional: not confirmed against the primary "
            "text of the guidance."
        )
    elif choice.npgov_cap:
        notes.append("The cap applied is npgov's (not in the guidance): provisional.")
    if critical.qualifier == ">":
        notes.append(
            "The critical value is a lower bound ('>'): the PNEC is conservative (the true "
            "effect concentration is higher)."
        )
    below = [r for r in set_aside if r.value_mg_per_l < critical.value_mg_per_l]
    if below:
        notes.append(
            "Records set aside as not reliable lie below the critical value: "
            + ", ".join(str(r.index) for r in below)
            + "."
        )
    return PnecResult(
        compartment=compartment,
        value_mg_per_l=value,
        assessment_factor=choice.factor,
        rule=rule,
        critical=critical.as_dict(),
        basis="assessment factor",
        experimental=all(r.experimental for r in pool),
        reliability=max(r.reliability for r in pool),
        confirmed=confirmed,
        notes=tuple(notes),
        reason=None,
        used=tuple(sorted({i for r in pool for i in _indices(r)})),
        excluded=tuple(excluded),
        inputs=inputs,
    )


def _indices(record: ToxicityRecord) -> tuple[int, ...]:
    return record.aggregated_from or (record.index,)


# --------------------------------------------------------------------------------------------
# SSD
# --------------------------------------------------------------------------------------------


def ssd_sufficient(taxon_groups: Iterable[str]) -> tuple[bool, tuple[str, ...]]:
    """Whether long-term NOEC/EC10 values support a PNEC from an SSD (R.10 R.10.3.1.3).

    Parameters
    ----------
    taxon_groups
        The taxon group of each species with a value (one entry per species; names or aliases
        as :func:`parse_record` takes them, e.g. ``"algae"``, ``"plants"``, ``"fish"``).

    Returns
    -------
    (bool, tuple of str)
        True when there are at least ``ssd.min_species`` species (10, R.10: "at least 10,
        preferably more than 15") and the three trophic levels of the base set (algae or
        plants, invertebrates, fish) are among them; and the trophic levels missing.

    Notes
    -----
    R.10 also asks for eight taxonomic groups (fish, a second Chordata family, a crustacean,
    an insect, ...). Those are finer than taxon groups, so they are not checked here;
    :func:`from_ssd` notes a shortfall when given ``n_taxonomic_groups``.
    """
    groups = list(taxon_groups)
    vocabulary = _vocabulary()["groups"]
    levels = {_data()["taxon_groups"][vocabulary[_token(g)]]["trophic_level"]
              for g in groups if _token(g) in vocabulary}  # fmt: skip
    missing = tuple(level for level in _LEVELS if level not in levels)
    return len(groups) >= int(_data()["ssd"]["min_species"]) and not missing, missing


def protective(*results: PnecResult | None) -> PnecResult | None:
    """The derived PNEC with the lowest value (a screening keeps to the protective side when
    several derivations are defensible); None when none was derived. Ties keep the first."""
    derived = [r for r in results if r is not None and r.derived]
    return min(derived, key=lambda r: r.value_mg_per_l) if derived else None


def from_ssd(
    hc5: float,
    factor: float | None = None,
    *,
    unit: str = "mg/L",
    hc5_lower: float | None = None,
    justification: str | None = None,
    compartment: str = "freshwater",
    n_species: int | None = None,
    n_taxonomic_groups: int | None = None,
    experimental: bool = True,
    reliability: int | None = None,
) -> PnecResult:
    """PNEC = HC5 / AF from a species sensitivity distribution (R.10 Table R.10-4, note e).

    Parameters
    ----------
    hc5
        The HC5 (median estimate, "50 % confidence") of an SSD of long-term NOEC/EC10, in
        ``unit``; fit it with :mod:`npgov.science.ssd`.
    factor
        The assessment factor, between 1 and 5; default 5. A factor below 5 needs a
        ``justification`` (R.10: to be fully justified case by case).
    unit
        Unit of ``hc5`` and ``hc5_lower`` (mass per volume).
    hc5_lower
        Lower confidence limit of the HC5 (optional): recorded, with the PNEC it would give.
    justification
        Why a factor below 5 is used (data quality, taxonomic diversity, uncertainty of the
        HC5, field or mesocosm data).
    compartment
        ``"freshwater"`` or ``"marine"`` (the marine factor is not confirmed: flagged).
    n_species, n_taxonomic_groups
        Size of the SSD's data set; a note is added below R.10's 10 species / 8 groups.
    experimental, reliability
        Whether the SSD rests on experimental data only, and the worst Klimisch category.
    """
    data = _data()["ssd"]
    if compartment not in COMPARTMENTS:
        raise ValueError(f"compartment {compartment!r}: use 'freshwater' or 'marine'")
    hc5_value = _positive(None, "hc5", hc5)
    hc5_mg = _water_mg_per_l(None, "unit", hc5_value, unit)
    af = float(data["default_factor"]) if factor is None else _number(None, "factor", factor)
    low, high = float(data["factor_min"]), float(data["factor_max"])
    if not low <= af <= high:
        raise _bad(None, "factor", factor, f"R.10 allows {low:g} to {high:g} for an SSD")
    if af < float(data["default_factor"]) and not (justification and justification.strip()):
        raise _bad(
            None, "factor", factor,
            f"a factor below {data['default_factor']} must be justified (justification=...)",
        )  # fmt: skip
    if reliability is not None and (
        isinstance(reliability, bool) or reliability not in (1, 2, 3, 4)
    ):
        raise _bad(None, "reliability", reliability, "must be a Klimisch category 1–4")
    rule = _rule("ssd", "SSD")
    rule = Rule(rule.id, af, rule.text, rule.table, rule.source, rule.confirmed, rule.basis)
    notes: list[str] = []
    critical: dict[str, Any] = {"hc5": hc5_value, "unit": unit, "hc5_mg_per_l": hc5_mg}
    inputs: dict[str, Any] = {"hc5": hc5_value, "unit": unit, "factor": af}
    if hc5_lower is not None:
        lower = _positive(None, "hc5_lower", hc5_lower)
        lower_mg = _water_mg_per_l(None, "unit", lower, unit)
        if lower_mg > hc5_mg * (1 + 1e-12):
            raise _bad(None, "hc5_lower", hc5_lower, "the lower limit exceeds the HC5")
        critical["hc5_lower_mg_per_l"] = lower_mg
        inputs["hc5_lower"] = lower
        notes.append(
            f"HC5 lower confidence limit {lower_mg:.4g} mg/L (HC5/lower = "
            f"{hc5_mg / lower_mg:.3g}); it would give {lower_mg / af:.4g} mg/L with the same "
            "factor."
        )
    if justification:
        inputs["justification"] = justification
    for given, minimum, what in (
        (n_species, data["min_species"], "species"),
        (n_taxonomic_groups, data["min_taxonomic_groups"], "taxonomic groups"),
    ):
        if given is None:
            continue
        count = _number(None, f"n_{what.replace(' ', '_')}", given)
        inputs[f"n_{what.replace(' ', '_')}"] = count
        if count < minimum:
            notes.append(
                f"The SSD has {count:g} {what}; R.10 asks for at least {minimum} "
                "(provisional requirement)."
            )
    confirmed = rule.confirmed
    if compartment == "marine":
        confirmed = False
        notes.append(" ".join(data["marine"]["note"].split()) + ".")
    if not rule.confirmed:
        notes.append(f"Rule SSD ({rule.source}) is provisional: not confirmed against R.10.")
    return PnecResult(
        compartment=compartment,
        value_mg_per_l=hc5_mg / af,
        assessment_factor=af,
        rule=rule,
        critical=critical,
        basis="SSD",
        experimental=bool(experimental),
        reliability=reliability,
        confirmed=confirmed,
        notes=tuple(notes),
        inputs=inputs,
    )


# --------------------------------------------------------------------------------------------
# Equilibrium partitioning
# --------------------------------------------------------------------------------------------

_SEDIMENT_PARAMETERS = ("f_air_susp", "f_water_susp", "f_solid_susp", "foc_susp", "rho_susp",
                        "rho_solid", "k_air_water")  # fmt: skip
_SOIL_PARAMETERS = ("f_air_soil", "f_water_soil", "f_solid_soil", "foc_soil", "rho_soil",
                    "rho_solid", "k_air_water")  # fmt: skip


def _pnec_water(pnec_water: float | PnecResult, unit: str) -> float:
    if isinstance(pnec_water, PnecResult):
        if not pnec_water.derived:
            raise ValueError(f"pnec_water: no water PNEC was derived ({pnec_water.reason})")
        return float(pnec_water.value_mg_per_l)
    value = _positive(None, "pnec_water", pnec_water)
    return _water_mg_per_l(None, "unit", value, unit)


def _eqp(
    compartment: str,
    pnec_water: float | PnecResult,
    koc: float | None,
    log_kow: float | None,
    unit: str,
    kp: float | None,
    apply_log_kow_factor: bool,
    given: Mapping[str, float | None],
) -> EqpResult:
    data = _data()["eqp"]
    names = _SEDIMENT_PARAMETERS if compartment == "sediment" else _SOIL_PARAMETERS
    suffix = "susp" if compartment == "sediment" else "soil"
    water = _pnec_water(pnec_water, unit)
    parameters: dict[str, dict[str, Any]] = {}
    values: dict[str, float] = {}
    for name in names:
        entry = data["defaults"][name]
        override = given.get(name)
        value = float(entry["value"]) if override is None else _number(None, name, override)
        if name.startswith("f_") or name.startswith("foc"):
            if not 0 <= value <= 1:
                raise _bad(None, name, override, "a fraction must lie between 0 and 1")
        elif name.startswith("rho") and value <= 0:
            raise _bad(None, name, override, "a density must be positive")
        if name.startswith("f_solid") and value <= 0:
            raise _bad(None, name, override, "the solid fraction must be positive")
        elif value < 0:
            raise _bad(None, name, override, "must not be negative")
        values[name] = value
        parameters[name] = {
            "value": value,
            "unit": entry["unit"],
            "default": override is None,
            "description": " ".join(entry["description"].split()),
            "source": _cite(entry["source"]),
            "confirmed": bool(entry["confirmed"]),
        }
    f_air, f_water, f_solid = (values[f"f_{x}_{suffix}"] for x in ("air", "water", "solid"))
    if not math.isclose(f_air + f_water + f_solid, 1.0, abs_tol=1e-9):
        raise ValueError(
            f"f_air_{suffix} + f_water_{suffix} + f_solid_{suffix} = "
            f"{f_air + f_water + f_solid:g}: the volume fractions must add up to 1"
        )
    notes: list[str] = []
    if kp is not None:
        kp_value = _number(None, "kp", kp)
        if kp_value < 0:
            raise _bad(None, "kp", kp, "must not be negative")
        koc_value = None if koc is None else _number(None, "koc", koc)
        parameters[f"foc_{suffix}"]["used"] = False
        notes.append(f"Kp_{suffix} given directly ({kp_value:g} L/kg); Koc and Foc not used.")
    else:
        if koc is None:
            raise ValueError("koc: give the substance's Koc (L/kg) or kp")
        koc_value = _number(None, "koc", koc)
        if koc_value < 0:
            raise _bad(None, "koc", koc, "must not be negative")
        kp_value = values[f"foc_{suffix}"] * koc_value
    log_kow_value = None if log_kow is None else _number(None, "log_kow", log_kow)
    rho = values[f"rho_{suffix}"]
    rho_solid = values["rho_solid"]
    k_cw = f_air * values["k_air_water"] + f_water + f_solid * kp_value / 1000 * rho_solid
    eqp = k_cw / rho * water * 1000
    rule = data["log_kow_factor"]
    factor = 1.0
    confirmed = bool(data["formulas"][compartment]["confirmed"]) and bool(
        data["formulas"]["k_compartment_water"]["confirmed"]
    )
    for name in names:
        if parameters[name]["default"] and parameters[name].get("used", True):
            confirmed = confirmed and parameters[name]["confirmed"]
    if log_kow_value is not None and log_kow_value > float(rule["threshold"]):
        if apply_log_kow_factor:
            factor = float(rule["factor"])
            confirmed = confirmed and bool(rule["confirmed"])
            notes.append(
                f"log Kow {log_kow_value:g} > {rule['threshold']}: the EqP PNEC is divided by "
                f"{factor:g} (R.10 raises the PEC/PNEC ratio by {factor:g} for uptake by "
                "ingestion of particles)."
            )
        else:
            notes.append(
                f"log Kow {log_kow_value:g} > {rule['threshold']}: the factor of "
                f"{rule['factor']} was not applied (apply_log_kow_factor=False)."
            )
    elif log_kow_value is None:
        notes.append(
            f"No log Kow given: the factor of {rule['factor']} for log Kow > "
            f"{rule['threshold']} was not considered."
        )
    if values["k_air_water"] == 0 and f_air > 0:
        notes.append("K_air-water = 0: the air term is neglected (non-volatile substance).")
    notes.append(
        "EqP may not suit lipophilic substances, specific modes of action or species exposed "
        "mainly through food (TGD 2003 3.6.2.1); it is a screening method."
    )
    if not confirmed:
        notes.append("Provisional: a default or rule used is not confirmed (see parameters).")
    value = eqp / factor
    wet_to_dry = rho / (f_solid * rho_solid)
    formula = (
        f"PNEC_{compartment} = K_{suffix}-water / RHO_{suffix} × PNEC_water × 1000"
        + (f" / {factor:g}" if factor != 1 else "")
        + f"; K_{suffix}-water = {f_air:g}×{values['k_air_water']:g} + {f_water:g} + "
        f"{f_solid:g}×{kp_value:g}/1000×{rho_solid:g} = {k_cw:.6g} m3/m3"
    )
    return EqpResult(
        compartment=compartment,
        value_mg_per_kg_wwt=value,
        value_mg_per_kg_dwt=value * wet_to_dry,
        eqp_mg_per_kg_wwt=eqp,
        log_kow_factor=factor,
        pnec_water_mg_per_l=water,
        koc_l_per_kg=koc_value,
        kp_l_per_kg=kp_value,
        k_compartment_water=k_cw,
        wet_to_dry=wet_to_dry,
        log_kow=log_kow_value,
        formula=formula,
        parameters=parameters,
        confirmed=confirmed,
        notes=tuple(notes),
    )


def sediment_eqp(
    pnec_water: float | PnecResult,
    koc: float | None = None,
    log_kow: float | None = None,
    *,
    unit: str = "mg/L",
    kp: float | None = None,
    apply_log_kow_factor: bool = True,
    f_air_susp: float | None = None,
    f_water_susp: float | None = None,
    f_solid_susp: float | None = None,
    foc_susp: float | None = None,
    rho_susp: float | None = None,
    rho_solid: float | None = None,
    k_air_water: float | None = None,
) -> EqpResult:
    """PNEC for sediment (mg/kg wet weight) by equilibrium partitioning from a water PNEC.

    PNEC_sed = K_susp-water / RHO_susp × PNEC_water × 1000, with
    K_susp-water = f_air_susp·k_air_water + f_water_susp + f_solid_susp·(kp/1000)·rho_solid
    (m³/m³) and kp = foc_susp·koc (L/kg). With the defaults (0, 0.9, 0.1, 0.1, 1150 kg/m³,
    2500 kg/m³) K_susp-water = 0.9 + 0.025·Koc. Divided by 10 when ``log_kow`` > 5.

    Parameters
    ----------
    pnec_water
        Water PNEC in ``unit`` (default mg/L) or a derived :class:`PnecResult`.
    koc
        Organic carbon-water partition coefficient, L/kg (or give ``kp``).
    log_kow
        log10 of the octanol-water partition coefficient; None: the factor is not considered.
    kp
        Solid-water partition coefficient of suspended matter, L/kg, replacing foc_susp·koc.
    f_air_susp, f_water_susp, f_solid_susp, foc_susp, rho_susp, rho_solid, k_air_water
        Compartment properties; None takes the default of ``assessment_factors.yaml`` (each
        with its source there and in the result's ``parameters``).
    """
    given = {
        "f_air_susp": f_air_susp, "f_water_susp": f_water_susp, "f_solid_susp": f_solid_susp,
        "foc_susp": foc_susp, "rho_susp": rho_susp, "rho_solid": rho_solid,
        "k_air_water": k_air_water,
    }  # fmt: skip
    return _eqp("sediment", pnec_water, koc, log_kow, unit, kp, apply_log_kow_factor, given)


def soil_eqp(
    pnec_water: float | PnecResult,
    koc: float | None = None,
    log_kow: float | None = None,
    *,
    unit: str = "mg/L",
    kp: float | None = None,
    apply_log_kow_factor: bool = True,
    f_air_soil: float | None = None,
    f_water_soil: float | None = None,
    f_solid_soil: float | None = None,
    foc_soil: float | None = None,
    rho_soil: float | None = None,
    rho_solid: float | None = None,
    k_air_water: float | None = None,
) -> EqpResult:
    """PNEC for soil (mg/kg wet weight) by equilibrium partitioning from a freshwater PNEC.

    PNEC_soil = K_soil-water / RHO_soil × PNEC_water × 1000, with
    K_soil-water = f_air_soil·k_air_water + f_water_soil + f_solid_soil·(kp/1000)·rho_solid
    (m³/m³) and kp = foc_soil·koc (L/kg). With the defaults (0.2, 0.2, 0.6, 0.02, 1700 kg/m³,
    2500 kg/m³, k_air_water 0) K_soil-water = 0.2 + 0.03·Koc. Divided by 10 when
    ``log_kow`` > 5. Parameters as for :func:`sediment_eqp`, with the soil properties.
    """
    given = {
        "f_air_soil": f_air_soil, "f_water_soil": f_water_soil, "f_solid_soil": f_solid_soil,
        "foc_soil": foc_soil, "rho_soil": rho_soil, "rho_solid": rho_solid,
        "k_air_water": k_air_water,
    }  # fmt: skip
    return _eqp("soil", pnec_water, koc, log_kow, unit, kp, apply_log_kow_factor, given)


# --------------------------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------------------------

_JSON_KEYS = {
    "compartment", "records", "sensitivity_by", "same_species", "hc5", "hc5_lower", "factor",
    "justification", "unit", "n_species", "n_taxonomic_groups", "experimental", "reliability",
    "koc", "log_kow", "eqp", "substance",
}  # fmt: skip


def pnec_from_json(data: Mapping[str, Any]) -> dict:
    """Derive PNECs from a plain dict (as read from a JSON file) and return a JSON-able dict.

    Accepted forms::

        {"compartment": "freshwater", "records": [{...}, ...]}          # assessment factors
        {"hc5": 0.12, "factor": 5, "unit": "mg/L", "hc5_lower": 0.05}   # SSD

    plus optionally ``"koc"`` (L/kg) and ``"log_kow"`` for sediment and (freshwater) soil by
    EqP, ``"eqp"`` (a mapping of compartment properties such as ``{"foc_susp": 0.05}``),
    ``"sensitivity_by"``, ``"same_species"``, ``"justification"``, ``"n_species"``,
    ``"n_taxonomic_groups"``, ``"experimental"``, ``"reliability"`` and ``"substance"``
    (echoed). Returns ``{"water": {...}, "sediment": {...}, "soil": {...}}`` with the
    compartments that apply (``None`` where EqP was asked for but no water PNEC exists) and
    ``"notes"``. Raises :class:`ValueError` for malformed input.
    """
    if not isinstance(data, Mapping):
        raise ValueError("expected a JSON object")
    unknown = sorted(set(data) - _JSON_KEYS)
    if unknown:
        raise ValueError(
            f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_JSON_KEYS))}"
        )
    compartment = data.get("compartment", "freshwater")
    if "records" in data and "hc5" in data:
        raise ValueError("give either 'records' (assessment factors) or 'hc5' (SSD), not both")
    if "records" in data:
        records = data["records"]
        if not isinstance(records, list):
            raise ValueError("'records' must be a list")
        water = derive_aquatic(
            records,
            compartment,
            sensitivity_by=data.get("sensitivity_by", "trophic_level"),
            same_species=data.get("same_species", "lowest"),
        )
    elif "hc5" in data:
        water = from_ssd(
            data["hc5"],
            data.get("factor"),
            unit=data.get("unit", "mg/L"),
            hc5_lower=data.get("hc5_lower"),
            justification=data.get("justification"),
            compartment=compartment,
            n_species=data.get("n_species"),
            n_taxonomic_groups=data.get("n_taxonomic_groups"),
            experimental=bool(data.get("experimental", True)),
            reliability=data.get("reliability"),
        )
    else:
        raise ValueError("give 'records' (assessment factors) or 'hc5' (SSD)")
    out: dict[str, Any] = {}
    if "substance" in data:
        out["substance"] = data["substance"]
    out["water"] = water.as_dict()
    notes: list[str] = []
    overrides = data.get("eqp") or {}
    if not isinstance(overrides, Mapping):
        raise ValueError("'eqp' must be a mapping of compartment properties")
    allowed = set(_SEDIMENT_PARAMETERS) | set(_SOIL_PARAMETERS) | {"kp_susp", "kp_soil"}
    bad = sorted(set(overrides) - allowed)
    if bad:
        raise ValueError(
            f"eqp: unknown propert(y/ies) {', '.join(bad)}; allowed: {', '.join(sorted(allowed))}"
        )
    targets = [
        target
        for target, suffix in (("sediment", "susp"), ("soil", "soil"))
        if "koc" in data or f"kp_{suffix}" in overrides
    ]
    if compartment == "marine" and "soil" in targets:
        targets.remove("soil")
        notes.append("Soil EqP is derived from the freshwater PNEC only; not computed.")
    for target in targets:
        if not water.derived:
            out[target] = None
            continue
        names = _SEDIMENT_PARAMETERS if target == "sediment" else _SOIL_PARAMETERS
        kwargs = {k: v for k, v in overrides.items() if k in names}
        kp = overrides.get("kp_susp" if target == "sediment" else "kp_soil")
        function = sediment_eqp if target == "sediment" else soil_eqp
        out[target] = function(
            water, data.get("koc"), data.get("log_kow"), kp=kp, **kwargs
        ).as_dict()
    if targets and not water.derived:
        notes.append("No water PNEC: sediment and soil PNECs by EqP cannot be derived.")
    out["notes"] = notes
    return out
