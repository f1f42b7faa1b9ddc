"""Reads of core records, always through the policy layer."""

from auditlog.models import LogEntry
from django.db.models import QuerySet

from npgov.core import policy
from npgov.core.models import ApiToken, Job, Organisation, User


def organisation_list(*, user, kind: str | None = None, q: str = "") -> QuerySet[Organisation]:
    qs = policy.scope(
        user, "core.view_organisation", Organisation.objects.select_related("district")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(name_zh__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q))
    return qs


def user_list(*, user) -> QuerySet[User]:
    return policy.scope(
        user,
        "core.view_user",
        User.objects.select_related("organisation").prefetch_related("groups"),
    )


def audit_list(*, user, model: str = "", actor: str = "", action: str = "") -> QuerySet[LogEntry]:
    qs = policy.scope(
        user, "core.view_auditlog", LogEntry.objects.select_related("actor", "content_type")
    )
    if model:
        app_label, _sep, model_name = model.partition(".")
        qs = qs.filter(content_type__app_label=app_label, content_type__model=model_name)
    if actor:
        qs = qs.filter(actor__username=actor)
    if action != "":
        qs = qs.filter(action=int(action))
    return qs.order_by("-timestamp")


def job_list(*, user) -> QuerySet[Job]:
    return policy.scope(user, "core.view_job", Job.objects.all())


def token_list(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user) if user.is_authenticated else ApiToken.objects.none()
