"""Labels of the risk science's codes (verdicts, risk-quotient states) in the user's language."""

from django import template
from django.utils.translation import gettext as _

from ..choices import STATE_LABELS, VERDICT_LABELS
from ..pec import BASIS_RELEASE

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


@register.filter
def pec_basis(value: str) -> str:
    """The bases of an enterprise's PEC (``pec.pec_by_enterprise``: "release_water" or
    "quantity with ERCx", joined with " + ") as the pages say them."""
    out = []
    for basis in value.split(" + "):
        if basis == BASIS_RELEASE:
            out.append(_("reported release to water"))
        elif basis.startswith("quantity with "):
            erc = basis.removeprefix("quantity with ")
            out.append(_("quantity × the release factor of {erc}").format(erc=erc))
        else:
            out.append(basis)
    return " + ".join(out)
