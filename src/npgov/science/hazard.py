"""Hazard screening of a substance: P, vP, B, vB, T, PBT, vPvB and Stockholm POP screening.

:func:`screen` answers each criterion ``"yes"``, ``"no"`` or ``"insufficient"`` (the data given
cannot decide it) and lists the evidence behind every answer. The numbers are data: they are
read from ``reference/risk/screening_criteria.yaml``, which records for each criterion its
instrument, clause and whether the number was confirmed in a retrieved source.

Schemes
-------
``"reach"``
    REACH Annex XIII as amended by Regulation (EU) No 253/2011: P, vP (degradation half-lives in
    water, sediment and soil), B, vB (BCF in aquatic species), T (long-term aquatic NOEC/EC10, or
    CLP classification Carc. 1A/1B, Muta. 1A/1B, Repr. 1A/1B/2, STOT RE 1/2).
``"gbt24782"``
    GB/T 24782-2009. Its P and vP numbers are confirmed and equal REACH's. Its B, vB and T numbers
    rest on the standard's preface only and are UNCONFIRMED: every evidence record that rests on
    them says so (``unconfirmed: true``). Its T classification limbs are expected to use the
    Directive 67/548/EEC categories; classifications are still given as CLP codes, read through
    the CLP Annex VII translation (an inference, also flagged unconfirmed). The standard's
    screening table for missing data was not retrieved, so log Kow is not used under it.

POP screening (Stockholm Convention Annex D para. 1 (b)-(d)) is the same for both schemes.

Rules
-----
Operators are strict: P needs a half-life *above* 40 d; 40 d exactly is not P.

*Three-valued logic.* A criterion with several limbs ("any of") is ``yes`` if any limb is yes,
``no`` only if every limb is no, else ``insufficient``; a compartment without data is a limb
that cannot be decided, so "not P" needs a decision in all five compartments. PBT is P and B
and T, vPvB is vP and vB: ``yes`` if all are yes, ``no`` if any is no, else ``insufficient``.
Annex D also accepts evidence this screening does not take (1(b)(ii), 1(c)(ii)-(iii),
1(d)(i)-(iii): monitoring data, other reasons for concern); those limbs stay open, so a POP
criterion is ``yes`` or ``insufficient``, never ``no``. A numeric limb that fails is still shown
as ``no`` in the evidence.

*Censored values.* A record with qualifier ``>``, ``>=``, ``<`` or ``<=`` is the interval of
values it allows (half-lives, BCF, BAF and NOEC are positive; log Kow may be negative). It
decides a limb only when the whole interval is on one side of the threshold: ``> 200 d`` proves
P, ``< 10 d`` proves not P, ``> 30 d`` decides nothing, ``> 40 d`` proves P (above 40 strictly)
while ``>= 40 d`` does not. ``~`` (approximately) is read as ``=``.

*Several records of one property.* Each record is tested on its own. If every record that
decides agrees, that is the limb's verdict (records that decide nothing do not contradict). If
records fall on both sides of the threshold they are reported as contradictory and pooled as
ECHA guidance R.11 suggests: half-lives, BCF and BAF by their geometric mean, log Kow by its
arithmetic mean (the geometric mean of Kow). Censored records pool as intervals (the mean of
the lower bounds and of the upper bounds), so ``< 10 d`` with ``> 200 d`` gives
``insufficient``. For the aquatic NOEC the lowest result decides (the most sensitive species),
so any record proving NOEC < 0.01 mg/L gives T. Pooling assumes comparable records (one species,
comparable conditions); give one key value per species or compartment otherwise.

*Screening indicators* (log Kow) are used only when no BCF and no BAF record is given, and are
labelled as such. Under REACH log Kow > 4.5 only flags potential B/vB: B stays
``insufficient`` until a BCF decides. Under Annex D 1(c)(i) log Kow > 5 counts in the absence of
BCF/BAF data. Under REACH a BAF is not the Annex XIII metric (BCF) and is not used for B/vB.

Values are converted with the project's pint registry (:mod:`npgov.science.units`) and compared
after rounding to 12 significant digits, so that 960 h is exactly 40 d. A month is pint's month,
1/12 of a Julian year: Annex D's two months are 60.875 d.

References
----------
.. [1] Regulation (EC) No 1907/2006 (REACH), Annex XIII, as amended by Commission Regulation
   (EU) No 253/2011, sections 1.1 and 1.2.
.. [2] Stockholm Convention on Persistent Organic Pollutants, Annex D, paragraph 1.
.. [3] GB/T 24782-2009 持久性、生物累积性和毒性物质及高持久性和高生物累积性物质的判定方法.
.. [4] Regulation (EC) No 1272/2008 (CLP), Annex VI Table 1.1 (hazard class and category
   codes) and Annex VII (translation from Directive 67/548/EEC).
.. [5] ECHA (2017). Guidance on Information Requirements and Chemical Safety Assessment,
   Chapter R.11: PBT/vPvB assessment (geometric mean of comparable half-lives or BCFs;
   log Kow as a screening indicator for B).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .units import AmountError, UnitError, convert, parse_amount, parse_quantity

__all__ = [
    "CRITERIA_PATH",
    "PROPERTY_NAMES",
    "QUALIFIERS",
    "SCHEMES",
    "VERDICTS",
    "Criteria",
    "Evidence",
    "HazardInputError",
    "HazardResult",
    "Limb",
    "POPScreening",
    "RecordVerdict",
    "all_of",
    "any_of",
    "load_criteria",
    "screen",
]

YES, NO, INSUFFICIENT = "yes", "no", "insufficient"
#: The answers a criterion can get.
VERDICTS: tuple[str, ...] = (YES, NO, INSUFFICIENT)
#: The PBT schemes :func:`screen` knows.
SCHEMES: tuple[str, ...] = ("reach", "gbt24782")
#: Property names accepted in the input.
PROPERTY_NAMES: tuple[str, ...] = (
    "half_life_freshwater",
    "half_life_marine",
    "half_life_freshwater_sediment",
    "half_life_marine_sediment",
    "half_life_soil",
    "half_life_air",
    "bcf",
    "baf",
    "log_kow",
    "noec_chronic_aquatic",
)
#: Qualifier spellings accepted, mapped to the canonical one (absent means "=").
QUALIFIERS: dict[str, str] = {
    "=": "=",
    "==": "=",
    "~": "~",
    "≈": "~",
    ">": ">",
    ">=": ">=",
    "≥": ">=",
    "<": "<",
    "<=": "<=",
    "≤": "<=",
}
#: The data file; its path is relative to the package.
CRITERIA_PATH = (
    Path(__file__).resolve().parents[1] / "reference" / "risk" / "screening_criteria.yaml"
)

_CRITERIA = ("P", "vP", "B", "vB", "T")
_POP_CRITERIA = ("persistence", "bioaccumulation", "long_range_transport")
_RECORD_KEYS = frozenset({"name", "value", "unit", "qualifier", "source"})
_DATA_KEYS = frozenset({"properties", "classifications"})
_DIMENSIONLESS = frozenset({"", "-", "1", "dimensionless", "unitless", "无量纲"})
#: How the records of one property are pooled when they contradict each other.
_POOLING = {"day": "geometric_mean", "L/kg": "geometric_mean", "": "mean", "mg/L": "minimum"}
_UNIT_SHOWN = {"day": "d", "L/kg": "L/kg", "": "", "mg/L": "mg/L"}
_EXPECTED_EN = {
    "day": "a time (h, d, weeks, months, years)",
    "mg/L": "a concentration in water (ng/L, µg/L, mg/L)",
    "L/kg": "L/kg or dimensionless",
    "": "dimensionless (no unit)",
}
_EXPECTED_ZH = {
    "day": "时间单位（h、d、周、月、年）",
    "mg/L": "水中浓度单位（ng/L、µg/L、mg/L）",
    "L/kg": "L/kg 或无量纲",
    "": "无量纲（不填单位）",
}


class HazardInputError(ValueError):
    """Input that :func:`screen` cannot screen: an unknown property or classification, a value
    that is not a non-negative number, a unit of the wrong kind, an unknown scheme.

    Parameters
    ----------
    code : str
        Machine reason code: ``"data"``, ``"scheme"``, ``"record"``, ``"property"``,
        ``"value"``, ``"qualifier"``, ``"unit"`` or ``"classification"``.
    value : object
        The offending value.
    reason_zh, reason_en : str
        The same complete sentence in Chinese and in English.
    """

    def __init__(self, code: str, value: object, reason_zh: str, reason_en: str) -> None:
        super().__init__(f"{reason_en} {reason_zh}")
        self.code, self.value, self.reason_zh, self.reason_en = code, value, reason_zh, reason_en

    def as_dict(self) -> dict[str, str]:
        """The error as a JSON-ready dictionary."""
        return {
            "code": self.code,
            "value": str(self.value),
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }


# ---------------------------------------------------------------------------------------------
# Criteria (loaded from the YAML data file)


@dataclass(frozen=True)
class Limb:
    """One way of meeting a criterion: a numeric test on one property, a set of CLP classes, or
    (``kind="not_assessed"``) evidence this screening does not take.

    ``threshold`` is in the property's unit (half-lives d, BCF/BAF L/kg, NOEC mg/L, log Kow
    dimensionless). ``kind`` is ``"numeric"``, ``"classification"``, ``"screening"`` (an
    indicator used only without BCF/BAF records; ``decides`` says whether it counts towards
    the criterion) or ``"not_assessed"``.
    """

    criterion: str
    kind: str
    text: str
    instrument: str
    confirmed: bool
    property: str | None = None
    op: str | None = None
    threshold: float | None = None
    threshold_text: str = ""
    classes: tuple[str, ...] = ()
    decides: bool = True
    indication: str = ""
    note: str = ""


@dataclass(frozen=True)
class _Criterion:
    limbs: tuple[Limb, ...]
    screening: tuple[Limb, ...]
    not_assessed: tuple[Limb, ...]
    screening_note: str
    confirmed: bool


@dataclass(frozen=True)
class Criteria:
    """The screening criteria as loaded from the data file (see :func:`load_criteria`)."""

    schemes: Mapping[str, Mapping[str, _Criterion]]
    pop: Mapping[str, _Criterion]
    units: Mapping[str, str]
    labels: Mapping[str, str]
    clp_codes: Mapping[str, str]  # normalised spelling -> canonical code
    path: str


def _round(x: float) -> float:
    """``x`` to 12 significant digits: removes binary noise from conversions and means."""
    return float(f"{x:.12g}") if math.isfinite(x) else x


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _clp_key(text: str) -> str:
    """A CLP code reduced to compare spellings: NFKC, Annex VI's trailing ``*`` dropped, dots,
    spaces, hyphens and underscores removed, upper case (``Carc 1B`` = ``Carc. 1B``)."""
    cleaned = unicodedata.normalize("NFKC", text).strip().rstrip("*").strip()
    return re.sub(r"[\s.\-_]+", "", cleaned).upper()


def _threshold(spec: Mapping[str, Any], unit: str) -> tuple[float, str]:
    value = float(spec["value"])
    given_unit = str(spec.get("unit", unit) or "")
    converted = value if unit == "" else _round(convert(value, given_unit or unit, unit).value)
    sign = {"gt": ">", "lt": "<"}[spec["op"]]
    shown = _UNIT_SHOWN[unit]
    text = f"{sign} {_fmt(converted)} {shown}".rstrip()
    if given_unit and given_unit != unit:
        text = f"{sign} {_fmt(value)} {given_unit} ({_fmt(converted)} {shown})"
    return converted, text


def _limbs(
    criterion: str,
    specs: Iterable[Mapping[str, Any]],
    kind: str,
    instrument: str,
    confirmed: bool,
    units: Mapping[str, str],
) -> tuple[Limb, ...]:
    limbs = []
    for spec in specs:
        where = f"{instrument}, {spec['clause']}" if spec.get("clause") else instrument
        sure = bool(spec.get("confirmed", confirmed))
        text = str(spec["text"])
        if kind == "not_assessed":
            limbs.append(Limb(criterion, kind, text, where, sure))
        elif "classes" in spec:
            classes = tuple(str(c) for c in spec["classes"])
            limbs.append(Limb(criterion, "classification", text, where, sure, classes=classes))
        else:
            prop = str(spec["property"])
            if prop not in units:
                raise ValueError(f"{criterion}: unknown property {prop!r} in the criteria file")
            value, shown = _threshold(spec, units[prop])
            limbs.append(
                Limb(
                    criterion,
                    kind,
                    text,
                    where,
                    sure,
                    property=prop,
                    op=str(spec["op"]),
                    threshold=value,
                    threshold_text=shown,
                    decides=bool(spec.get("decides", kind == "numeric")),
                    indication=str(spec.get("indication", "")),
                    note=str(spec.get("source_note", "")),
                )
            )
    return tuple(limbs)


def _criterion(
    name: str, spec: Mapping[str, Any], instrument: str, confirmed: bool, units: Mapping[str, str]
) -> _Criterion:
    sure = bool(spec.get("confirmed", confirmed))
    return _Criterion(
        limbs=_limbs(name, spec.get("any_of", ()), "numeric", instrument, sure, units),
        screening=_limbs(name, spec.get("screening", ()), "screening", instrument, sure, units),
        not_assessed=_limbs(
            name, spec.get("not_assessed", ()), "not_assessed", instrument, sure, units
        ),
        screening_note=" ".join(str(spec.get("screening_note", "")).split()),
        confirmed=sure,
    )


def load_criteria(path: str | Path | None = None) -> Criteria:
    """Read the screening criteria from the YAML data file.

    Parameters
    ----------
    path
        The file; :data:`CRITERIA_PATH` (``reference/risk/screening_criteria.yaml`` in the
        package) when omitted. The default file is read once and cached.

    Raises
    ------
    ValueError
        When the file names properties other than :data:`PROPERTY_NAMES`, lacks a scheme or
        criterion, or has two CLP codes that read the same.
    """
    return _load(str(Path(path).resolve()) if path is not None else str(CRITERIA_PATH))


@functools.lru_cache(maxsize=8)
def _load(path: str) -> Criteria:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    properties = data["properties"]
    if tuple(properties) != PROPERTY_NAMES:
        raise ValueError(f"{path}: properties must be exactly {', '.join(PROPERTY_NAMES)}")
    units = {name: str(spec["unit"] or "") for name, spec in properties.items()}
    if set(units.values()) - set(_POOLING):
        raise ValueError(f"{path}: property units must be among {sorted(_POOLING)}")
    labels = {name: str(spec["label"]) for name, spec in properties.items()}
    schemes: dict[str, dict[str, _Criterion]] = {}
    for scheme in SCHEMES:
        block = data["schemes"][scheme]
        instrument = str(block["instrument"])
        schemes[scheme] = {
            name: _criterion(name, block["criteria"][name], instrument, True, units)
            for name in _CRITERIA
        }
    pop_block = data["pop"]
    pop = {
        name: _criterion(
            f"POP.{name}",
            pop_block["criteria"][name],
            str(pop_block["instrument"]),
            bool(pop_block.get("confirmed", True)),
            units,
        )
        for name in _POP_CRITERIA
    }
    clp: dict[str, str] = {}
    for group in ("physical", "health", "environment"):
        for code in data["clp_hazard_codes"][group]:
            key = _clp_key(str(code))
            if key in clp:
                raise ValueError(f"{path}: CLP codes {clp[key]!r} and {code!r} read the same")
            clp[key] = str(code)
    for block in schemes.values():
        for criterion in block.values():
            for limb in criterion.limbs:
                unknown = [c for c in limb.classes if _clp_key(c) not in clp]
                if unknown:
                    raise ValueError(f"{path}: {limb.criterion} names unknown CLP codes {unknown}")
    return Criteria(schemes, pop, units, labels, clp, path)


# ---------------------------------------------------------------------------------------------
# Input


@dataclass(frozen=True)
class _Record:
    property: str
    value: float  # in the property's unit
    qualifier: str  # canonical: "=", "~", ">", ">=", "<", "<="
    unit: str  # shown unit of the property
    given: str  # as given, e.g. "> 30 weeks"
    source: str | None
    floor: float  # the lowest value the quantity can take (0 or -inf)


class _Interval(NamedTuple):
    lo: float
    lo_open: bool
    hi: float
    hi_open: bool


def _interval(record: _Record) -> _Interval:
    v, q, floor = record.value, record.qualifier, record.floor
    if q in ("=", "~"):
        return _Interval(v, False, v, False)
    if q in (">", ">="):
        return _Interval(v, q == ">", math.inf, True)
    return _Interval(floor, True, v, q == "<")


def _name(record: Mapping[str, Any]) -> str:
    return str(record.get("name", "?"))


def _number(name: str, raw: object, index: int) -> float:
    try:
        return parse_amount(raw)
    except AmountError as exc:
        hint_en = hint_zh = ""
        if isinstance(raw, str) and raw.strip()[:1] in "<>~≈≤≥=":
            hint_en = ' Put the sign in "qualifier" and the number in "value".'
            hint_zh = "请把符号写在 qualifier 中，数值写在 value 中。"
        raise HazardInputError(
            "value",
            raw,
            f"性质“{name}”（第 {index + 1} 条记录）的数值 {raw!r} 无效：{exc.reason_zh}{hint_zh}",
            f"The value {raw!r} of property “{name}” (record {index + 1}) is not valid: "
            f"{exc.reason_en}{hint_en}",
        ) from None


def _converted(name: str, value: float, unit_raw: object, target: str, index: int) -> float:
    unit = "" if unit_raw is None else str(unit_raw).strip()

    def refuse(reason_zh: str, reason_en: str) -> HazardInputError:
        shown_zh, shown_en = (f"“{unit}”", f"“{unit}”") if unit else ("（空）", "(none)")
        return HazardInputError(
            "unit",
            unit,
            f"性质“{name}”（第 {index + 1} 条记录，数值 {_fmt(value)}）的单位{shown_zh}不可用："
            f"{reason_zh}应为{_EXPECTED_ZH[target]}。",
            f"The unit {shown_en} of property “{name}” (record {index + 1}, value {_fmt(value)}) "
            f"cannot be used: {reason_en} Expected {_EXPECTED_EN[target]}.",
        )

    if target == "":
        if unit in _DIMENSIONLESS:
            return value
        raise refuse("log Kow 无量纲。", "log Kow is dimensionless.")
    if target == "L/kg" and unit in _DIMENSIONLESS:
        return value
    if unit in _DIMENSIONLESS:
        raise refuse("缺少单位。", "The unit is missing.")
    try:
        if target == "L/kg":
            quantity = parse_quantity(unit)
            if quantity.dimensionless:
                if abs(float(quantity.to("dimensionless").magnitude) - 1.0) > 1e-12:
                    raise refuse(
                        "不是比值为 1 的无量纲单位。", "It is a scaled dimensionless unit."
                    )
                return value
        return _round(convert(value, unit, target).value)
    except UnitError as exc:
        raise refuse(exc.reason_zh, exc.reason_en) from None


def _records(data: Mapping[str, Any], criteria: Criteria) -> list[_Record]:
    raw = data.get("properties", [])
    if raw is None:
        raw = []
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise HazardInputError(
            "data",
            raw,
            "“properties”必须是记录列表。",
            "“properties” must be a list of records.",
        )
    for index, record in enumerate(raw):
        if not isinstance(record, Mapping):
            raise HazardInputError(
                "record",
                record,
                f"第 {index + 1} 条性质记录不是对象（需要 name、value、unit）。",
                f"Property record {index + 1} is not an object (it needs name, value, unit).",
            )
        extra = sorted(set(map(str, record)) - _RECORD_KEYS)
        if extra or "name" not in record or "value" not in record:
            what_en = f"has unknown keys {', '.join(extra)}" if extra else "lacks “name” or “value”"
            what_zh = f"含有未知字段 {'、'.join(extra)}" if extra else "缺少 name 或 value"
            raise HazardInputError(
                "record",
                record,
                f"第 {index + 1} 条性质记录（{_name(record)}）{what_zh}；"
                f"可用字段：{'、'.join(sorted(_RECORD_KEYS))}。",
                f"Property record {index + 1} ({_name(record)}) {what_en}; "
                f"allowed keys: {', '.join(sorted(_RECORD_KEYS))}.",
            )
    unknown = sorted({_name(r) for r in raw} - set(PROPERTY_NAMES))
    if unknown:
        listed = ", ".join(PROPERTY_NAMES)
        raise HazardInputError(
            "property",
            unknown,
            f"未知的性质名称：{'、'.join(unknown)}。可用名称：{listed}。",
            f"Unknown property names: {', '.join(unknown)}. Known properties: {listed}.",
        )
    records = []
    for index, record in enumerate(raw):
        name = str(record["name"])
        value = _number(name, record["value"], index)
        target = criteria.units[name]
        if target != "" and value <= 0:
            raise HazardInputError(
                "value",
                record["value"],
                f"性质“{name}”（第 {index + 1} 条记录）的数值 {_fmt(value)} 必须大于零。",
                f"The value {_fmt(value)} of property “{name}” (record {index + 1}) must be "
                "greater than zero (negative and zero values are not possible).",
            )
        qualifier_raw = record.get("qualifier")
        qualifier_text = "" if qualifier_raw is None else str(qualifier_raw).strip()
        qualifier = QUALIFIERS.get(qualifier_text or "=")
        if qualifier is None:
            allowed = ", ".join(q for q in QUALIFIERS if q.isascii() and q != "==")
            raise HazardInputError(
                "qualifier",
                qualifier_raw,
                f"性质“{name}”（第 {index + 1} 条记录）的限定符“{qualifier_text}”无效；"
                f"可用：{allowed}。",
                f"The qualifier “{qualifier_text}” of property “{name}” (record {index + 1}) "
                f"is not known; use one of {allowed}.",
            )
        converted = _converted(name, value, record.get("unit"), target, index)
        unit_given = "" if record.get("unit") is None else str(record.get("unit")).strip()
        given = " ".join(
            part
            for part in ("" if qualifier == "=" else qualifier, _fmt(value), unit_given)
            if part
        )
        source = record.get("source")
        records.append(
            _Record(
                name,
                converted,
                qualifier,
                _UNIT_SHOWN[target],
                given,
                None if source is None else str(source),
                -math.inf if target == "" else 0.0,
            )
        )
    return records


def _classifications(data: Mapping[str, Any], criteria: Criteria) -> list[str] | None:
    raw = data.get("classifications")
    if raw is None:
        return None
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise HazardInputError(
            "classification",
            raw,
            '“classifications”必须是 CLP 危害类别代码的列表，如 ["Carc. 1B"]。',
            '“classifications” must be a list of CLP hazard class codes, e.g. ["Carc. 1B"].',
        )
    bad = [c for c in raw if not isinstance(c, str) or _clp_key(c) not in criteria.clp_codes]
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise HazardInputError(
            "classification",
            bad,
            f"以下不是 CLP 危害类别代码：{shown}。请使用 “Carc. 1B”、“Repr. 2”、“STOT RE 1” "
            "等 CLP 代码（不接受 67/548/EEC 类别）。",
            f"Not CLP hazard class codes: {shown}. Use CLP codes such as “Carc. 1B”, "
            "“Repr. 2”, “STOT RE 1” (Directive 67/548/EEC categories are not accepted).",
        )
    return [criteria.clp_codes[_clp_key(c)] for c in raw]


# ---------------------------------------------------------------------------------------------
# Evidence and result


@dataclass(frozen=True)
class RecordVerdict:
    """One input record and what it alone says about a limb.

    ``value`` is in the property's unit (``unit``: d, L/kg, mg/L or empty for log Kow);
    ``given`` is the record as given (e.g. ``"> 30 weeks"``).
    """

    value: float
    qualifier: str
    unit: str
    given: str
    verdict: str
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "given": self.given,
            "verdict": self.verdict,
            "source": self.source,
        }


@dataclass(frozen=True)
class Evidence:
    """What decided one limb of one criterion.

    Attributes
    ----------
    criterion : str
        ``"P"``, ``"vP"``, ``"B"``, ``"vB"``, ``"T"``, ``"POP.persistence"``,
        ``"POP.bioaccumulation"`` or ``"POP.long_range_transport"``.
    verdict : str
        What this limb says (``yes``, ``no``, ``insufficient``). A screening indicator that
        does not count towards its criterion (REACH log Kow) always says ``insufficient``.
    property, classification : str or None
        The property tested, or the CLP classes given that matched (comma-separated).
    value, qualifier, unit : float, str, str or None
        The deciding quantity in the property's unit: the one record, the most decisive of
        several agreeing records, or the pooled estimate of contradictory records (``None`` when
        it is an interval bounded on both sides or nothing decides).
    value_text : str
        The same in words, e.g. ``"> 200 d"`` or ``"geometric mean of 2 records: 42.4264 d"``.
    threshold : str
        The threshold with its operator, e.g. ``"> 40 d"``.
    rule, instrument : str
        The limb in words and the instrument with its clause.
    screening_indicator, unconfirmed, contradictory : bool
        A screening indicator (log Kow); the number rests on an unconfirmed source (GB/T 24782
        B, vB, T); records fall on both sides of the threshold.
    records : tuple of RecordVerdict
        Every record of the property, with its own verdict.
    note : str
        How the verdict was reached.
    """

    criterion: str
    verdict: str
    rule: str
    instrument: str
    property: str | None = None
    classification: str | None = None
    value: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    value_text: str = ""
    threshold: str = ""
    screening_indicator: bool = False
    unconfirmed: bool = False
    contradictory: bool = False
    records: tuple[RecordVerdict, ...] = ()
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "verdict": self.verdict,
            "property": self.property,
            "classification": self.classification,
            "value": self.value,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "value_text": self.value_text,
            "threshold": self.threshold,
            "rule": self.rule,
            "instrument": self.instrument,
            "screening_indicator": self.screening_indicator,
            "unconfirmed": self.unconfirmed,
            "contradictory": self.contradictory,
            "records": [r.as_dict() for r in self.records],
            "note": self.note,
        }


@dataclass(frozen=True)
class POPScreening:
    """Stockholm Convention Annex D para. 1 screening: ``yes`` or ``insufficient`` each (the
    limbs this screening cannot assess stay open, so never ``no``)."""

    persistence: str
    bioaccumulation: str
    long_range_transport: str

    def as_dict(self) -> dict[str, str]:
        return {
            "persistence": self.persistence,
            "bioaccumulation": self.bioaccumulation,
            "long_range_transport": self.long_range_transport,
        }


@dataclass(frozen=True)
class HazardResult:
    """The screening of one substance under one scheme (see :func:`screen`)."""

    P: str
    vP: str
    B: str
    vB: str
    T: str
    PBT: str
    vPvB: str
    POP: POPScreening
    evidence: tuple[Evidence, ...] = field(default=())
    scheme: str = "reach"

    def evidence_for(self, criterion: str) -> tuple[Evidence, ...]:
        """The evidence records of one criterion (``"P"``, ``"POP.persistence"`` …)."""
        return tuple(e for e in self.evidence if e.criterion == criterion)

    def as_dict(self) -> dict[str, Any]:
        """``{"P", "vP", "B", "vB", "T", "PBT", "vPvB", "POP": {...}, "evidence": [...]}``,
        ready for JSON."""
        return {
            "P": self.P,
            "vP": self.vP,
            "B": self.B,
            "vB": self.vB,
            "T": self.T,
            "PBT": self.PBT,
            "vPvB": self.vPvB,
            "POP": self.POP.as_dict(),
            "evidence": [e.as_dict() for e in self.evidence],
        }


# ---------------------------------------------------------------------------------------------
# Logic


def any_of(verdicts: Iterable[str]) -> str:
    """Three-valued "or": ``yes`` if any is yes, ``no`` if all are no (and there is at least
    one), else ``insufficient``."""
    seen = list(verdicts)
    if YES in seen:
        return YES
    if seen and all(v == NO for v in seen):
        return NO
    return INSUFFICIENT


def all_of(verdicts: Iterable[str]) -> str:
    """Three-valued "and": ``yes`` if all are yes (and there is at least one), ``no`` if any is
    no, else ``insufficient``."""
    seen = list(verdicts)
    if NO in seen:
        return NO
    if seen and all(v == YES for v in seen):
        return YES
    return INSUFFICIENT


def _test(interval: _Interval, op: str, threshold: float) -> str:
    """Where an interval of possible values lies against a strict threshold."""
    lo, lo_open, hi, hi_open = interval
    if op == "gt":
        if lo > threshold or (lo == threshold and lo_open):
            return YES
        return NO if hi <= threshold else INSUFFICIENT
    if hi < threshold or (hi == threshold and hi_open):
        return YES
    return NO if lo >= threshold else INSUFFICIENT


def _mean(bounds: list[float], geometric: bool) -> float:
    if geometric:
        if any(b == 0 for b in bounds):
            return 0.0
        if any(math.isinf(b) for b in bounds):
            return math.inf
        return _round(math.exp(math.fsum(math.log(b) for b in bounds) / len(bounds)))
    if any(b == -math.inf for b in bounds):
        return -math.inf
    if any(b == math.inf for b in bounds):
        return math.inf
    return _round(math.fsum(bounds) / len(bounds))


def _pool(intervals: list[_Interval], pooling: str) -> _Interval:
    """The interval of the pooled value: every mean and the minimum increase with each
    argument, so the bounds pool separately; a bound is open when any bound that sets it is."""
    if pooling == "minimum":
        lo = min(i.lo for i in intervals)
        hi = min(i.hi for i in intervals)
        lo_open = all(i.lo_open for i in intervals if i.lo == lo)
        hi_open = any(i.hi_open for i in intervals if i.hi == hi)
        return _Interval(lo, lo_open, hi, hi_open)
    geometric = pooling == "geometric_mean"
    lo = _mean([i.lo for i in intervals], geometric)
    hi = _mean([i.hi for i in intervals], geometric)
    return _Interval(lo, any(i.lo_open for i in intervals), hi, any(i.hi_open for i in intervals))


def _describe(interval: _Interval, floor: float) -> tuple[float | None, str | None, str]:
    lo, lo_open, hi, hi_open = interval
    if lo == hi:
        return lo, "=", _fmt(lo)
    if lo == floor and math.isinf(hi):
        return None, None, "unbounded (any value)"
    if math.isinf(hi):
        sign = ">" if lo_open else ">="
        return lo, sign, f"{sign} {_fmt(lo)}"
    if lo == floor:
        sign = "<" if hi_open else "<="
        return hi, sign, f"{sign} {_fmt(hi)}"
    return None, None, f"between {_fmt(lo)} and {_fmt(hi)}"


_POOL_WORDS = {
    "geometric_mean": "geometric mean",
    "mean": "arithmetic mean",
    "minimum": "lowest value",
}


def _numeric_evidence(limb: Limb, records: list[_Record], units: Mapping[str, str]) -> Evidence:
    assert limb.property is not None and limb.op is not None and limb.threshold is not None
    unit = _UNIT_SHOWN[units[limb.property]]
    base = {
        "criterion": limb.criterion,
        "rule": limb.text,
        "instrument": limb.instrument,
        "property": limb.property,
        "threshold": limb.threshold_text,
        "screening_indicator": limb.kind == "screening",
        "unconfirmed": not limb.confirmed,
        "unit": unit,
    }
    if not records:
        return Evidence(
            verdict=INSUFFICIENT,
            value_text="no record",
            note=f"no {limb.property} record",
            **base,
        )
    per = [(r, _test(_interval(r), limb.op, limb.threshold)) for r in records]
    shown = tuple(RecordVerdict(r.value, r.qualifier, r.unit, r.given, v, r.source) for r, v in per)
    verdicts = {v for _, v in per}
    contradictory = YES in verdicts and NO in verdicts
    pooling = _POOLING[units[limb.property]]
    floor = records[0].floor
    suffix = f" {unit}" if unit else ""
    if len(records) == 1:
        record, verdict = per[0]
        value, qualifier = record.value, record.qualifier
        text = ("" if qualifier == "=" else f"{qualifier} ") + _fmt(value) + suffix
        if record.given != text:
            text += f" (given: {record.given})"
        note = {
            YES: "the record meets the threshold",
            NO: "the record does not meet the threshold",
            INSUFFICIENT: "the censored record lies on both sides of the threshold",
        }[verdict]
    elif contradictory:
        pooled = _pool([_interval(r) for r, _ in per], pooling)
        verdict = _test(pooled, limb.op, limb.threshold)
        value, qualifier, described = _describe(pooled, floor)
        words = _POOL_WORDS[pooling]
        text = f"{words} of {len(records)} records: {described}{suffix}"
        if pooling == "minimum":
            note = (
                "contradictory records: some meet the threshold and some do not; the lowest "
                "(most sensitive) result decides"
            )
        else:
            note = (
                "contradictory records: some meet the threshold and some do not; weighed by "
                f"the {words} of all records (ECHA R.11)"
            )
            if verdict == INSUFFICIENT:
                note += ", which the censored records leave on both sides of the threshold"
    else:
        verdict = YES if YES in verdicts else NO if NO in verdicts else INSUFFICIENT
        deciding = [r for r, v in per if v == verdict]
        if verdict == INSUFFICIENT:
            value, qualifier = None, None
            text = f"{len(records)} records, none decides"
            note = "no record decides: the censored values lie on both sides of the threshold"
        else:
            # The most decisive agreeing record: the one farthest on the verdict's side.
            upwards = (verdict == YES) == (limb.op == "gt")
            key = (lambda r: _interval(r).lo) if upwards else (lambda r: -_interval(r).hi)
            best = max(deciding, key=key)
            value, qualifier = best.value, best.qualifier
            text = ("" if qualifier == "=" else f"{qualifier} ") + _fmt(value) + suffix
            text += f" (most decisive of {len(records)} records)"
            note = (
                f"{len(deciding)} of {len(records)} records decide and agree; the others "
                "decide nothing"
                if len(deciding) < len(records)
                else f"all {len(records)} records agree"
            )
    if limb.kind == "screening" and not limb.decides:
        indication = {
            YES: f"{limb.indication} (screening indicator)",
            NO: f"no screening indication ({limb.threshold_text} not met)",
            INSUFFICIENT: "the log Kow records do not place the value against the indicator",
        }[verdict]
        note = f"{indication}; {note}; a measured BCF is needed to decide"
        verdict = INSUFFICIENT
    elif limb.kind == "screening":
        note = f"screening indicator used in the absence of BCF/BAF data; {note}"
    if limb.kind == "screening" and limb.note:
        note += f" (basis: {limb.note})"
    return Evidence(
        verdict=verdict,
        value=value,
        qualifier=qualifier,
        value_text=text,
        contradictory=contradictory,
        records=shown,
        note=note,
        **base,
    )


def _classification_evidence(limb: Limb, given: list[str] | None) -> Evidence:
    base = {
        "criterion": limb.criterion,
        "rule": limb.text,
        "instrument": limb.instrument,
        "threshold": ", ".join(limb.classes),
        "unconfirmed": not limb.confirmed,
    }
    if given is None:
        return Evidence(verdict=INSUFFICIENT, note="no classifications given", **base)
    wanted = {_clp_key(c) for c in limb.classes}
    matched = sorted({c for c in given if _clp_key(c) in wanted})
    if matched:
        return Evidence(
            verdict=YES,
            classification=", ".join(matched),
            note="classified " + ", ".join(matched),
            **base,
        )
    return Evidence(verdict=NO, note="none of the given classifications is one of these", **base)


def _evaluate(
    criterion: _Criterion,
    by_property: Mapping[str, list[_Record]],
    classifications: list[str] | None,
    units: Mapping[str, str],
    *,
    baf_counts: bool,
) -> tuple[str, list[Evidence]]:
    """The verdict of one criterion (three-valued "or" over the limbs that count) and its
    evidence, limb by limb."""
    items: list[tuple[Evidence, bool]] = []  # (evidence, counts towards the verdict)
    for limb in criterion.limbs:
        if limb.kind == "classification":
            items.append((_classification_evidence(limb, classifications), True))
            continue
        item = _numeric_evidence(limb, by_property.get(limb.property or "", []), units)
        if limb.property == "bcf" and not baf_counts and by_property.get("baf"):
            item = replace(
                item,
                note=item.note + "; BAF records are not the metric of this criterion (BCF in "
                "aquatic species) and are not used",
            )
        items.append((item, True))
    measured = bool(by_property.get("bcf")) or bool(by_property.get("baf"))
    if not measured:
        for limb in criterion.screening:
            if by_property.get(limb.property or ""):
                item = _numeric_evidence(limb, by_property[limb.property or ""], units)
                items.append((item, limb.decides))
        if criterion.screening_note and by_property.get("log_kow"):
            first = criterion.limbs[0]
            note = (
                Evidence(
                    criterion=first.criterion,
                    verdict=INSUFFICIENT,
                    rule="screening criteria for missing BCF data",
                    instrument=first.instrument,
                    property="log_kow",
                    screening_indicator=True,
                    unconfirmed=True,
                    note=criterion.screening_note,
                ),
                False,
            )
            items.append(note)
    for limb in criterion.not_assessed:
        open_limb = Evidence(
            criterion=limb.criterion,
            verdict=INSUFFICIENT,
            rule=limb.text,
            instrument=limb.instrument,
            unconfirmed=not limb.confirmed,
            note="not assessed by this screening: needs monitoring data or expert judgement",
        )
        items.append((open_limb, True))
    return any_of(e.verdict for e, counts in items if counts), [e for e, _ in items]


def screen(
    data: Mapping[str, Any], scheme: str = "reach", *, criteria: Criteria | None = None
) -> HazardResult:
    """Screen a substance for P, vP, B, vB, T, PBT, vPvB and the Annex D POP criteria.

    Parameters
    ----------
    data : dict
        ``{"properties": [{"name", "value", "unit", "qualifier"?, "source"?}, ...],
        "classifications": ["Carc. 1B", ...]}``. Property names are :data:`PROPERTY_NAMES`:
        half-lives (``half_life_freshwater``, ``_marine``, ``_freshwater_sediment``,
        ``_marine_sediment``, ``_soil``, ``_air``) in any time unit (h, d, weeks, months,
        years; converted to d), ``bcf`` and ``baf`` in L/kg or dimensionless, ``log_kow``
        dimensionless, ``noec_chronic_aquatic`` in ng/L, µg/L or mg/L (converted to mg/L).
        ``qualifier`` is one of ``=``, ``~``, ``>``, ``>=``, ``<``, ``<=`` (absent: ``=``);
        ``source`` is an optional citation carried into the evidence. ``classifications``
        lists the CLP hazard class codes of the substance (spellings such as ``Carc 1B`` or
        ``STOT-RE 1`` are accepted); a given list, even empty, is taken as the substance's
        classification, an absent one as unknown.
    scheme : {"reach", "gbt24782"}
        REACH Annex XIII or GB/T 24782-2009 (see the module notes).
    criteria : Criteria, optional
        Criteria from :func:`load_criteria`; the package's data file when omitted.

    Returns
    -------
    HazardResult
        The verdicts and the evidence for each; ``as_dict()`` gives the JSON shape.

    Raises
    ------
    HazardInputError
        (a :class:`ValueError`) for an unknown scheme, property name, record key, qualifier
        or classification (naming them), and for a value that is not a number, is negative or
        zero (log Kow may be negative), or whose unit is of the wrong kind (naming the
        property and value).

    Examples
    --------
    >>> r = screen({"properties": [{"name": "half_life_freshwater", "value": 40.1,
    ...                             "unit": "d"}]})
    >>> r.P, r.evidence_for("P")[1].verdict
    ('yes', 'yes')
    """
    if scheme not in SCHEMES:
        raise HazardInputError(
            "scheme",
            scheme,
            f"未知的判定方案“{scheme}”；可用：{'、'.join(SCHEMES)}。",
            f"Unknown scheme “{scheme}”; use one of {', '.join(SCHEMES)}.",
        )
    if not isinstance(data, Mapping):
        raise HazardInputError(
            "data",
            type(data).__name__,
            "输入必须是包含 properties 和 classifications 的对象。",
            "The input must be an object with “properties” and “classifications”.",
        )
    extra = sorted(set(map(str, data)) - _DATA_KEYS)
    if extra:
        raise HazardInputError(
            "data",
            extra,
            f"输入含有未知字段：{'、'.join(extra)}；可用字段：classifications、properties。",
            f"Unknown input keys: {', '.join(extra)}; allowed keys: classifications, properties.",
        )
    crit = criteria if criteria is not None else load_criteria()
    records = _records(data, crit)
    classifications = _classifications(data, crit)
    by_property: dict[str, list[_Record]] = {}
    for record in records:
        by_property.setdefault(record.property, []).append(record)

    verdicts: dict[str, str] = {}
    evidence: list[Evidence] = []
    for name in _CRITERIA:
        verdict, items = _evaluate(
            crit.schemes[scheme][name], by_property, classifications, crit.units, baf_counts=False
        )
        verdicts[name] = verdict
        evidence.extend(items)
    pop: dict[str, str] = {}
    for name in _POP_CRITERIA:
        verdict, items = _evaluate(
            crit.pop[name], by_property, classifications, crit.units, baf_counts=True
        )
        pop[name] = verdict
        evidence.extend(items)
    return HazardResult(
        P=verdicts["P"],
        vP=verdicts["vP"],
        B=verdicts["B"],
        vB=verdicts["vB"],
        T=verdicts["T"],
        PBT=all_of(verdicts[c] for c in ("P", "B", "T")),
        vPvB=all_of(verdicts[c] for c in ("vP", "vB")),
        POP=POPScreening(**pop),
        evidence=tuple(evidence),
        scheme=scheme,
    )
