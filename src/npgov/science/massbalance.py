"""Plausibility checks of annual chemical quantities reported by an enterprise: the mass
balance of a substance over its activities, releases against the quantity handled, and the
change from the previous year. Pure functions on plain numbers (tonnes a year).

The balance follows the logic of a substance flow analysis for one site and one year: what
comes in (production, import) must cover what goes out of the enterprise as the substance
itself (export, consumption in processing), up to stock changes and purchases on the domestic
market, which the survey does not ask for. An excess outflow is therefore a *warning* that
the enterprise explains, not an error.

References
----------
.. [1] Brunner, P. H. & Rechberger, H. (2016). *Handbook of Material Flow Analysis*, 2nd ed.,
   CRC Press, ch. 2 (balance of a process over a period).
.. [2] 生态环境部办公厅. 化学物质环境信息统计调查制度 (环办固体函〔2023〕202号) — 数据审核:
   填报数据的一致性与合理性.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Balance", "FlowLine", "balance", "release_excess", "yoy_change"]


@dataclass(frozen=True)
class FlowLine:
    """One reported line: the substance key, the activity, the quantity and its releases."""

    substance: str
    activity: str  # production | processing_use | import | export
    quantity_t: float
    released_t: float = 0.0


@dataclass(frozen=True)
class Balance:
    """The balance of one substance at one enterprise for one year (t/a)."""

    substance: str
    inflow_t: float
    outflow_t: float
    tolerance: float
    lines: tuple[int, ...] = field(default=())

    @property
    def excess_t(self) -> float:
        """Outflow beyond inflow, net of the tolerance (0 when balanced, rounding aside)."""
        return _beyond(self.outflow_t, self.inflow_t * (1 + self.tolerance))

    @property
    def balanced(self) -> bool:
        return self.excess_t == 0.0


def balance(lines: Iterable[FlowLine], tolerance: float = 0.05) -> list[Balance]:
    """The balance of every substance that the enterprise produces or imports.

    Parameters
    ----------
    lines
        The report's lines.
    tolerance
        Relative allowance for stock changes and rounding (0.05 = 5 % of the inflow).

    Returns
    -------
    list of Balance
        One per substance with a production or import line, in order of first appearance;
        substances only purchased on the domestic market have no inflow in the survey and no
        balance.
    """
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")
    inflow: dict[str, float] = {}
    outflow: dict[str, float] = {}
    positions: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        positions.setdefault(line.substance, []).append(index)
        if line.activity in ("production", "import"):
            inflow[line.substance] = inflow.get(line.substance, 0.0) + line.quantity_t
        elif line.activity in ("export", "processing_use"):
            outflow[line.substance] = outflow.get(line.substance, 0.0) + line.quantity_t
    return [
        Balance(key, inflow[key], outflow.get(key, 0.0), tolerance, tuple(positions[key]))
        for key in positions
        if key in inflow
    ]


def release_excess(quantity_t: float, released_t: float, tolerance: float = 0.0) -> float:
    """How far releases and transfers of a line exceed the quantity it handled (t/a, ≥ 0).

    A substance cannot leave a process in larger amounts than went through it; the releases,
    wastes and transfers of a line are bounded by its quantity.
    """
    return _beyond(released_t, quantity_t * (1 + tolerance))


def _beyond(value: float, bound: float) -> float:
    """How far ``value`` exceeds ``bound``, ignoring floating-point rounding (0.1 + 0.2 kg
    of releases do not exceed 0.3 kg handled)."""
    if value <= bound or math.isclose(value, bound, rel_tol=1e-9, abs_tol=1e-12):
        return 0.0
    return value - bound


def yoy_change(previous_t: float | None, current_t: float | None) -> float | None:
    """Relative change from last year's quantity to this year's (0.5 = +50 %).

    Returns ``None`` when either year is missing or last year's quantity was zero (a new
    activity is not a change in percent); ``-1.0`` means the activity stopped.
    """
    if previous_t is None or current_t is None or previous_t <= 0:
        return None
    return (current_t - previous_t) / previous_t
