"""Audit trail: django-auditlog records every create, change and delete of registered models.

Services run writes inside :func:`acting_as` so that work done outside a web request
(the CLI, background jobs) is attributed to a user too.
"""

from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from npgov.core import policy
from npgov.core.models import ApiToken, Organisation, User
from npgov.core.policy import ScopeRule, register_rule

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("created"),
    LogEntry.Action.UPDATE: _("changed"),
    LogEntry.Action.DELETE: _("deleted"),
    LogEntry.Action.ACCESS: _("accessed"),
}

auditlog.register(Organisation)
auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"groups"})
auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used"])
register_rule(ScopeRule(LogEntry))


@contextmanager
def acting_as(user):
    """Attribute audit entries written inside the block to ``user`` (None: keep the current)."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    with set_actor(user):
        yield


def entries_for(obj: models.Model) -> models.QuerySet:
    """The audit entries of one object, newest first (no permission check: see history_for)."""
    return LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")


def history_for(user, obj: models.Model, limit: int = 50) -> list[LogEntry] | None:
    """The change history of ``obj`` if ``user`` may read it (``core.view_history``), else
    ``None``: earlier drafts and reviewers' names are not for everyone who sees the record."""
    if not policy.can(user, "core.view_history", obj):
        return None
    return list(entries_for(obj)[:limit])


def describe_changes(entry: LogEntry) -> list[tuple[str, str, str]]:
    """``(field label, old, new)`` for each changed field of ``entry``."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        label = name
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a field removed since the entry was written
                field = None
            if field is not None:
                if field.auto_created or getattr(field, "primary_key", False):
                    continue  # reverse relations and the primary key tell the reader nothing
                label = str(field.verbose_name)
        if isinstance(values, dict):  # many-to-many change
            old, new = "", f"{values.get('type', '')}: {', '.join(values.get('objects', []))}"
        else:
            old, new = values[0], values[1]
        rows.append(
            (
                label,
                "" if old in (None, "None") else str(old),
                "" if new in (None, "None") else str(new),
            )
        )
    return rows
