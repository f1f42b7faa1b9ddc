"""Presentation filters of core (no permission logic)."""

from django import template

from npgov.core.roles import Role

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    return str(Role(value).label) if value in Role.values else value


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}``: a dictionary lookup with a variable key."""
    return mapping.get(key, "") if mapping else ""
