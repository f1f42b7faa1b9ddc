"""Presentation filters of the plan app (no permission logic)."""

from django import template

from npgov.core.templatetags.core_tags import get_item
from npgov.plan.choices import STATUS_COLOURS, ProgressStatus

register = template.Library()


register.filter("get_item", get_item)


@register.filter
def status_label(status: str) -> str:
    return str(ProgressStatus(status).label)


@register.filter
def status_colour(status: str) -> str:
    return STATUS_COLOURS[ProgressStatus(status)]
