"""Presentation filters of chemical knowledge (no permission logic)."""

from django import template

from npgov.chemicals.choices import Decision

register = template.Library()


@register.filter
def decision_label(value: str) -> str:
    return str(Decision(value).label) if value in Decision.values else value
