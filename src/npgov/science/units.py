"""The one pint unit registry of npgov, with the project's own units, and checked conversion.

pint has no ``ppb`` or particle count, and treats mass fractions (mg/kg) as dimensionless;
callers that must tell a soil concentration from a water one pass the quantity kind.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

import pint

ureg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
for _definition in ("ppm = 1e-6", "ppb = 1e-9", "ppt = 1e-12"):
    if _definition.split()[0] not in ureg:
        ureg.define(_definition)
# Microplastic counts: their own dimension, so items/L never converts to mg/L.
ureg.define("item = [particle_count] = items")

#: Spellings common in Chinese laboratory files, mapped to pint's.
ALIASES = {
    "μg/L": "ug/L",
    "µg/L": "ug/L",
    "μg/kg": "ug/kg",
    "µg/kg": "ug/kg",
    "μg/g": "ug/g",
    "µg/g": "ug/g",
    "吨": "t",
    "吨/年": "t/year",
    "t/a": "t/year",
    "千克": "kg",
    "公斤": "kg",
    "千克/年": "kg/year",
    "公斤/年": "kg/year",
    "kg/a": "kg/year",
    "克": "g",
    "天": "day",
    "d": "day",
    "h": "hour",
    "小时": "hour",
    "L/kg": "L/kg",
    "‰": "0.001",
    "%": "percent",
}


class UnitError(ValueError):
    """A unit is missing, unknown, or of the wrong kind for the quantity."""

    def __init__(self, code: str, value: str, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.code, self.value, self.reason_zh, self.reason_en = code, value, reason_zh, reason_en


@dataclass(frozen=True)
class Converted:
    value: float
    unit: str


def _spelling(text: str) -> str:
    spelled = (text or "").strip()
    spelled = ALIASES.get(spelled, spelled)
    # Exponents written without an operator (m3, cm2) as in Chinese laboratory files.
    return re.sub(r"(?<=[A-Za-z])([23])(?![\d.])", r"**\1", spelled)


def parse_quantity(text: str) -> pint.Quantity:
    """The unit of a spelling, as a quantity that keeps any factor (``mg/(10*L)``)."""
    spelled = (text or "").strip()
    if not spelled:
        raise UnitError("missing", "", "缺少单位。", "The unit is missing.")
    try:
        quantity = ureg.parse_expression(_spelling(spelled))
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        AttributeError,
        TypeError,
        ValueError,
        SyntaxError,
        AssertionError,
    ) as exc:
        raise UnitError(
            "unknown",
            spelled,
            f"无法识别单位“{spelled}”。",
            f"Unknown unit “{spelled}” ({type(exc).__name__}).",
        ) from None
    if not isinstance(quantity, pint.Quantity):
        raise UnitError("unknown", spelled, f"“{spelled}”不是单位。", f"“{spelled}” is not a unit.")
    return quantity


def parse_unit(text: str) -> pint.Unit:
    """The pint unit of a spelling as found in files; raises :class:`UnitError`."""
    return parse_quantity(text).units


def convert(value: float, unit: str, target: str) -> Converted:
    """``value`` in ``unit`` expressed in ``target``; raises :class:`UnitError` when the
    dimensions differ. Rounding is left to presentation.

    Examples
    --------
    >>> convert(3, "ug/kg", "ng/g").value  # doctest: +ELLIPSIS
    2.99999999...
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise UnitError("value", str(value), "缺少数值。", "The value is missing.")
    source = parse_quantity(unit)
    try:
        quantity = (value * source).to(target)
    except pint.errors.DimensionalityError:
        raise UnitError(
            "dimension",
            unit,
            f"单位“{unit}”不能换算为“{target}”（量纲不同）。",
            f"The unit “{unit}” cannot be converted to “{target}” (different dimensions).",
        ) from None
    return Converted(float(quantity.magnitude), target)


class AmountError(ValueError):
    """A cell that should hold a number does not."""

    def __init__(self, value: str, reason_zh: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.value, self.reason_zh, self.reason_en = value, reason_zh, reason_en


_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def parse_amount(text: object) -> float:
    """A number as typed in a form or a spreadsheet cell.

    Full-width digits and signs (１２．５) are read after NFKC normalisation; thousands are
    accepted only when grouped by commas in threes (``12,500.5``, also with the full-width
    comma), so that a decimal comma (``12,5``) is refused rather than misread. Raises
    :class:`AmountError` with a reason in Chinese and English.

    Examples
    --------
    >>> parse_amount("１２，５００．５")
    12500.5
    """
    if isinstance(text, bool):
        raise AmountError(str(text), "不是数值。", "Not a number.")
    if isinstance(text, int | float):
        if isinstance(text, float) and not math.isfinite(text):
            raise AmountError(str(text), "不是有限的数值。", "Not a finite number.")
        return float(text)
    raw = "" if text is None else str(text)
    cleaned = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
    if not cleaned:
        raise AmountError(raw, "缺少数值。", "The number is missing.")
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        raise AmountError(
            raw,
            f"“{raw}”中的逗号不是千位分隔（应为 12,500 或 12.5）。",
            f"The comma in “{raw}” is not a thousands separator (write 12,500 or 12.5).",
        )
    if not _PLAIN.match(cleaned):
        raise AmountError(raw, f"“{raw}”不是数值。", f"“{raw}” is not a number.")
    value = float(cleaned)
    if not math.isfinite(value):
        raise AmountError(raw, "不是有限的数值。", "Not a finite number.")
    return value


def tonnes_per_year(value: float, unit: str) -> float:
    """An annual quantity in tonnes a year: a mass (t, 吨, kg, 千克, g) is read as the year's
    total, a mass rate (t/a, kg/a, 吨/年) is converted. Raises :class:`UnitError`.

    Examples
    --------
    >>> tonnes_per_year(2500, "千克")
    2.5
    """
    return value * _tonnes_per_year_factor((unit or "").strip())


@functools.lru_cache(maxsize=256)
def _tonnes_per_year_factor(unit: str) -> float:
    quantity = parse_quantity(unit)
    try:
        if quantity.check("[mass]"):
            return float(quantity.to("t").magnitude)
        return float(quantity.to("t/year").magnitude)
    except pint.errors.DimensionalityError:
        raise UnitError(
            "dimension",
            unit,
            f"“{unit}”不是质量或年量单位（可用 t、吨、kg、千克、t/a）。",
            f"“{unit}” is not a mass or annual-quantity unit (use t, 吨, kg, 千克 or t/a).",
        ) from None


#: The unit concentrations are stored in, per kind of medium.
CONCENTRATION_UNITS = {"water": "ng/L", "solid": "ng/g", "air": "ng/m**3"}


def concentration_factor(unit: str, kind: str) -> float:
    """Factor from ``unit`` to the stored unit of ``kind`` (``"water"`` ng/L, ``"solid"``
    ng/g, ``"air"`` ng/m³). The kind decides which units are legal: a mass per volume for
    water and air, a mass fraction (ng/g, μg/kg, mg/kg, ppm, ppb) for soil, sediment and
    biota. Raises :class:`UnitError`.

    Examples
    --------
    >>> concentration_factor("μg/L", "water")
    1000.0
    >>> concentration_factor("μg/kg", "solid")
    1.0
    """
    return _concentration_factor((unit or "").strip(), kind)


def concentration_unit(unit: object, name: str = "unit") -> str:
    """``unit`` (stripped) if it is a concentration: a mass per volume (water, air) or a mass
    fraction (solids). Raises :class:`ValueError` naming ``name`` otherwise.

    Examples
    --------
    >>> concentration_unit(" mg/kg ")
    'mg/kg'
    """
    if isinstance(unit, str) and unit.strip():
        for kind in ("water", "solid"):
            try:
                concentration_factor(unit, kind)
                return unit.strip()
            except UnitError:
                continue
    raise ValueError(
        f"{name} = {unit!r}: not a concentration unit (use a mass per volume such as 'ng/L' or "
        "a mass fraction such as 'ng/g')"
    )


@functools.lru_cache(maxsize=512)
def _concentration_factor(unit: str, kind: str) -> float:
    if kind not in CONCENTRATION_UNITS:
        raise ValueError(f"unknown medium kind {kind!r}")
    quantity = parse_quantity(unit)
    legal = (
        quantity.dimensionless and "%" not in unit
        if kind == "solid"
        else quantity.check("[mass]/[length]**3")
    )
    if not legal:
        expected_zh = {"water": "ng/L、μg/L、mg/L", "solid": "ng/g、μg/kg、mg/kg",
                       "air": "ng/m3、μg/m3"}[kind]  # fmt: skip
        expected_en = expected_zh.replace("、", ", ")
        raise UnitError(
            "medium",
            unit,
            f"单位“{unit}”不适用于该介质（应为 {expected_zh} 等）。",
            f"The unit “{unit}” is not legal for this medium (use {expected_en} or similar).",
        )
    return float(f"{quantity.to(CONCENTRATION_UNITS[kind]).magnitude:.12g}")
