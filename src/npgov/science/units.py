"""The one pint unit registry of npgov, with the project's own units, and checked conversion.

pint has no ``ppb`` or particle count, and treats mass fractions (mg/kg) as dimensionless;
callers that must tell a soil concentration from a water one pass the quantity kind.
"""

from __future__ import annotations

import math
import re
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
