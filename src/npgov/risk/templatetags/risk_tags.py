"""Labels of the risk science's codes (verdicts, risk-quotient states) in the user's language."""

from django import template

from ..choices import STATE_LABELS, VERDICT_LABELS

register = template.Library()


@register.filter
def verdict(value: str) -> str:
    """A hazard verdict (yes, no, insufficient) as the pages say it."""
    return str(VERDICT_LABELS.get(value, value))


@register.filter
def rq_state(value: str) -> str:
    """A risk-quotient state (risk, no risk, inconclusive) as the pages say it."""
    return str(STATE_LABELS.get(value, value))


@register.filter
def sig(value, digits: int = 4) -> str:
    """A number to ``digits`` significant figures (PNECs and HC5s span many orders of
    magnitude, so a fixed number of decimals shows 0.000000 for the small ones)."""
    if value is None or value == "":
        return "—"
    try:
        return f"{float(value):.{int(digits)}g}"
    except (TypeError, ValueError):
        return str(value)
