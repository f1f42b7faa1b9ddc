"""Template filters that present audit entries (presentation only, no permission logic)."""

from django import template

from npgov.core.audit import ACTION_LABELS, describe_changes

register = template.Library()


@register.filter
def audit_action(entry) -> str:
    return str(ACTION_LABELS.get(entry.action, entry.action))


@register.filter
def audit_changes(entry) -> list[tuple[str, str, str]]:
    return describe_changes(entry)
