"""Writes of core records: reference organisations, users and roles, API tokens, jobs."""

import secrets
from datetime import datetime

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.core import reference
from npgov.core.audit import acting_as
from npgov.core.models import ApiToken, Job, Organisation, OrganisationKind, User
from npgov.core.roles import ROLE_ORGANISATION_KIND, Role

EXPERT_COMMITTEE_CODE = "EXPERT-BJ"


@transaction.atomic
def roles_ensure() -> None:
    """Create one group per role (idempotent)."""
    for role in Role:
        if role is not Role.PUBLIC:
            Group.objects.get_or_create(name=role.value)


@transaction.atomic
def organisations_load_reference() -> dict[str, int]:
    """Load districts, departments and the expert committee from the reference data.

    Idempotent: records are matched by code and updated in place.
    """
    counts = {"districts": 0, "departments": 0}
    for row in reference.read_csv("divisions.csv"):
        district, _created = Organisation.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": OrganisationKind.DISTRICT,
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "short_name_zh": row["name_zh"],
                "is_gbt2260": row["is_gbt2260"] == "true",
                "source": row["source"],
            },
        )
        if district.district_id != district.pk:
            district.district = district
            district.save(update_fields=["district"])
        counts["districts"] += 1
    for row in reference.read_csv("departments.csv"):
        Organisation.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": OrganisationKind.DEPARTMENT,
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "short_name_zh": row["short_zh"],
                "sector_zh": row["sector_zh"],
                "is_bureau": row["is_bureau"] == "true",
                "notes": row["notes"],
                "source": row["source"],
            },
        )
        counts["departments"] += 1
    Organisation.objects.update_or_create(
        code=EXPERT_COMMITTEE_CODE,
        defaults={
            "kind": OrganisationKind.EXPERT_COMMITTEE,
            "name_zh": "北京市新污染物治理专家委员会",
            "name_en": "Beijing New Pollutant Governance Expert Committee",
            "short_name_zh": "专家委员会",
            "source": "S-BJ-PLAN",
        },
    )
    roles_ensure()
    return counts


def _check_role_organisation(roles: list[Role], organisation: Organisation | None) -> None:
    for role in roles:
        kind = ROLE_ORGANISATION_KIND.get(role)
        if kind and (organisation is None or organisation.kind != kind):
            raise ValidationError(
                _("The role “{role}” needs an organisation of kind “{kind}”.").format(
                    role=role.label, kind=OrganisationKind(kind).label
                ),
                code="role_organisation",
            )


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    organisation: Organisation | None,
    roles: list[Role],
    full_name: str = "",
    email: str = "",
    actor: User | None = None,
) -> User:
    """Create a user in an organisation with roles; the roles must fit the organisation."""
    _check_role_organisation(roles, organisation)
    with acting_as(actor):
        user = User(
            username=username,
            organisation=organisation,
            full_name=full_name,
            email=email,
            is_staff=Role.SYSTEM_ADMIN in roles,
        )
        if password:
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
        user_set_roles(user=user, roles=roles, actor=actor)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: list[Role], actor: User | None = None) -> None:
    """Replace a user's roles."""
    _check_role_organisation(roles, user.organisation)
    roles_ensure()
    with acting_as(actor):
        user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
        admin = Role.SYSTEM_ADMIN in roles
        if user.is_staff != admin or (user.is_superuser and not admin):
            user.is_staff = admin
            user.is_superuser = user.is_superuser and admin
            user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("_npgov_roles", None)


def user_roles(user: User) -> list[Role]:
    """The roles a user holds as recorded (whether or not the account is active)."""
    names = set(user.groups.values_list("name", flat=True))
    roles = [role for role in Role if role.value in names]
    if user.is_superuser and Role.SYSTEM_ADMIN not in roles:
        roles.insert(0, Role.SYSTEM_ADMIN)
    return roles


@transaction.atomic
def user_update(
    *,
    user: User,
    actor: User,
    organisation: Organisation | None,
    roles: list[Role],
    full_name: str,
    email: str,
    is_active: bool,
) -> User:
    """Change a user's organisation, roles, name, e-mail and whether the account is active."""
    _check_role_organisation(roles, organisation)
    if user.pk == actor.pk and (not is_active or Role.SYSTEM_ADMIN not in roles):
        raise ValidationError(
            _("You cannot deactivate yourself or remove your own administrator role."),
            code="self_lockout",
        )
    with acting_as(actor):
        user.organisation, user.full_name, user.email = organisation, full_name, email
        user.is_active = is_active
        user.full_clean()
        user.save()
        user_set_roles(user=user, roles=roles, actor=actor)
    return user


@transaction.atomic
def api_token_create(
    *, user: User, name: str, expires: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create an API token; returns the token and its key (shown once, never stored)."""
    key = "npg_" + secrets.token_urlsafe(32)
    with acting_as(user):
        token = ApiToken(
            user=user,
            name=name,
            prefix=key[4:12],
            key_hash=ApiToken.hash_key(key),
            expires=expires,
        )
        token.full_clean()
        token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    with acting_as(actor):
        token.delete()


def api_token_authenticate(key: str) -> User | None:
    """The active user whose unexpired token has ``key``, recording its use."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), user__is_active=True)
        .first()
    )
    if token is None or (token.expires and token.expires <= timezone.now()):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token.user


def job_create(*, owner: User, kind: str, title: str, params: dict) -> Job:
    job = Job(owner=owner, kind=kind, title=title, params=params)
    job.full_clean()
    job.save()
    return job


def job_start(*, job: Job) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started=timezone.now(), progress=0
    )


def job_progress(*, job: Job, progress: int, message: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(progress=max(0, min(100, progress)), message=message)


def job_finish(
    *, job: Job, ok: bool, message: str = "", filename: str = "", content: bytes | None = None
) -> None:
    from django.core.files.base import ContentFile

    job.refresh_from_db()
    job.status = Job.Status.SUCCEEDED if ok else Job.Status.FAILED
    job.progress = 100 if ok else job.progress
    job.message = message
    job.finished = timezone.now()
    if content is not None:
        job.result_name = filename
        job.result_file.save(filename, ContentFile(content), save=False)
    job.save()
