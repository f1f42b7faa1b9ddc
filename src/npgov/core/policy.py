"""The one policy layer: may this user do this action (to this object), and which rows may they see.

Permission codes are strings ``"<app>.<action>_<model>"``. Each app declares, in its
``policies.py``, which roles hold each code and with what reach (:class:`Reach`), and how
each model's rows relate to an organisation, a district and the public (:class:`ScopeRule`).
Views, API endpoints, exports, reports and the CLI all ask :func:`can` and :func:`scope`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from npgov.core.roles import Role


class Reach(enum.Enum):
    """How far a granted permission extends for a role."""

    ALL = "all"  # every row
    OWN = "own"  # rows owned by the user's organisation
    DISTRICT = "district"  # rows located in the user's district
    SHARED = "shared"  # rows shared with all signed-in staff
    PUBLISHED = "published"  # rows published to the public
    SELF = "self"  # rows that are the user or belong to the user


@dataclass(frozen=True)
class ScopeRule:
    """How the rows of one model relate to the reaches.

    ``owner`` is the lookup of the owning organisation (``""`` when the row *is* the
    organisation); ``district`` the lookup of the district organisation; ``user`` the lookup
    of the owning user; ``shared`` and ``published`` are filters.
    """

    model: type[models.Model]
    owner: str | None = None
    district: str | None = None
    user: str | None = None
    shared: Q | None = None
    published: Q | None = None

    def q(self, reach: Reach, user) -> Q | None:
        """The filter for ``reach``; ``None`` means "no rows"."""
        org_id = getattr(user, "organisation_id", None)
        if reach is Reach.ALL:
            return Q()
        if reach is Reach.OWN and self.owner is not None and org_id:
            return Q(**{_id_lookup(self.owner): org_id})
        if reach is Reach.DISTRICT and self.district is not None:
            district_id = _user_district_id(user)
            if district_id:
                return Q(**{_id_lookup(self.district): district_id})
        if reach is Reach.SELF and self.user is not None and user.is_authenticated:
            return Q(**{_id_lookup(self.user): user.pk})
        if reach is Reach.SHARED:
            return self.shared
        if reach is Reach.PUBLISHED:
            return self.published
        return None

    def matches_unsaved(self, reach: Reach, user, obj) -> bool:
        """Whether an unsaved instance falls within ``reach`` (ownership reaches only)."""
        if reach is Reach.ALL:
            return True
        if reach is Reach.OWN and self.owner is not None:
            return _resolve_id(obj, self.owner) == getattr(user, "organisation_id", None)
        if reach is Reach.DISTRICT and self.district is not None:
            district_id = _user_district_id(user)
            return district_id is not None and _resolve_id(obj, self.district) == district_id
        if reach is Reach.SELF and self.user is not None:
            return _resolve_id(obj, self.user) == user.pk
        return False


def _id_lookup(path: str) -> str:
    return "pk" if path == "" else f"{path}__pk"


def _resolve_id(obj, path: str):
    if path == "":
        return obj.pk
    target = obj
    parts = path.split("__")
    for part in parts[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return getattr(target, f"{parts[-1]}_id", None)


def _user_district_id(user) -> int | None:
    org = getattr(user, "organisation", None)
    return org.district_id if org is not None else None


@dataclass
class _Registry:
    rules: dict[type[models.Model], ScopeRule] = field(default_factory=dict)
    grants: dict[str, dict[Role, tuple[Reach, ...]]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


_registry = _Registry()


def register_rule(rule: ScopeRule) -> None:
    """Declare how rows of ``rule.model`` are scoped."""
    _registry.rules[rule.model] = rule


def grant(code: str, label: str, roles: dict[Role, Iterable[Reach]]) -> None:
    """Declare permission ``code`` and the reach each role has with it."""
    _registry.grants[code] = {role: tuple(reaches) for role, reaches in roles.items()}
    _registry.labels[code] = label


def permission_codes() -> dict[str, str]:
    """Every declared permission code with its label."""
    return dict(_registry.labels)


def grants_for(code: str) -> dict[Role, tuple[Reach, ...]]:
    try:
        return _registry.grants[code]
    except KeyError:
        raise LookupError(f"Unknown permission code {code!r}") from None


def rule_for(model: type[models.Model]) -> ScopeRule:
    model = model._meta.concrete_model if model._meta.proxy else model
    try:
        return _registry.rules[model]
    except KeyError:
        raise LookupError(f"No scope rule registered for {model.__name__}") from None


def roles_of(user) -> frozenset[Role]:
    """The roles a user holds (anonymous visitors hold only the public role)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset({Role.PUBLIC})
    cached = getattr(user, "_npgov_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = frozenset(Role(name) for name in names if name in Role.values)
        if user.is_superuser:
            cached |= {Role.SYSTEM_ADMIN}
        user._npgov_roles = cached
    return cached


def reaches(user, code: str) -> set[Reach]:
    """The union of reaches that ``user``'s roles give for ``code``."""
    granted = grants_for(code)
    result: set[Reach] = set()
    for role in roles_of(user):
        result.update(granted.get(role, ()))
    return result


def can(user, code: str, obj: models.Model | None = None) -> bool:
    """May ``user`` perform ``code`` (on ``obj``, when given)?"""
    user_reaches = reaches(user, code)
    if not user_reaches:
        return False
    if obj is None:
        return True
    rule = rule_for(type(obj))
    if obj.pk is None or obj._state.adding:
        return any(rule.matches_unsaved(reach, user, obj) for reach in user_reaches)
    return scope(user, code, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def require(user, code: str, obj: models.Model | None = None) -> None:
    """Raise :class:`PermissionDenied` unless :func:`can` allows."""
    if not can(user, code, obj):
        raise PermissionDenied(code)


def scope(user, code: str, queryset: models.QuerySet) -> models.QuerySet:
    """Restrict ``queryset`` to the rows ``user`` may see or act on with ``code``."""
    user_reaches = reaches(user, code)
    if not user_reaches:
        return queryset.none()
    rule = rule_for(queryset.model)
    combined: Q | None = None
    for reach in user_reaches:
        q = rule.q(reach, user)
        if q is None:
            continue
        if not q:  # Q() — everything
            return queryset
        combined = q if combined is None else combined | q
    if combined is None:
        return queryset.none()
    return queryset.filter(combined)
