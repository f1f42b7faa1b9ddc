"""User management by administrators: create, edit roles, deactivate, all through services."""

import pytest
from django.urls import reverse

from npgov.core import policy
from npgov.core.models import Organisation, User
from npgov.core.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_creates_a_district_officer(client, users):
    assert client.login(username="admin", password=PASSWORD)
    haidian = Organisation.objects.get(code="110108")
    response = client.post(
        reverse("core:user_create"),
        {
            "username": "haidian_officer",
            "full_name": "海淀区联络员",
            "email": "",
            "organisation": haidian.pk,
            "roles": ["district_officer"],
            "password": "Haidian-2026-strong",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="haidian_officer")
    assert policy.roles_of(created) == {Role.DISTRICT_OFFICER}
    assert created.check_password("Haidian-2026-strong")


@pytest.mark.parametrize(
    ("org_code", "roles", "password", "message"),
    [
        ("110108", ["enterprise_reporter"], "Haidian-2026-strong", "企业"),
        ("110108", ["district_officer"], "123", "密码"),
    ],
)
def test_invalid_users_are_refused_and_nothing_is_written(
    client, users, org_code, roles, password, message
):
    assert client.login(username="admin", password=PASSWORD)
    before = User.objects.count()
    response = client.post(
        reverse("core:user_create"),
        {
            "username": "bad",
            "organisation": Organisation.objects.get(code=org_code).pk,
            "roles": roles,
            "password": password,
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == before


def test_admin_deactivates_a_user_and_the_audit_trail_shows_it(client, users):
    assert client.login(username="admin", password=PASSWORD)
    target = users["dept_agri"]
    response = client.post(
        reverse("core:user_edit", args=[target.pk]),
        {
            "full_name": target.full_name,
            "email": "",
            "organisation": target.organisation.pk,
            "roles": ["department_officer"],
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    page = client.get(reverse("core:user_edit", args=[target.pk])).content.decode()
    assert "admin" in page  # the actor appears in the change history


def test_admin_cannot_lock_themselves_out(client, users):
    assert client.login(username="admin", password=PASSWORD)
    admin = users["admin"]
    response = client.post(
        reverse("core:user_edit", args=[admin.pk]),
        {
            "organisation": admin.organisation.pk,
            "roles": ["bureau_analyst"],
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    assert policy.roles_of(User.objects.get(pk=admin.pk)) == {Role.SYSTEM_ADMIN}


def test_non_admin_cannot_manage_users(client, users):
    assert client.login(username="analyst", password=PASSWORD)
    assert client.get(reverse("core:user_list")).status_code == 403
    assert client.post(reverse("core:user_create"), {}).status_code == 403


def test_user_changes_own_password(client, users):
    assert client.login(username="expert", password=PASSWORD)
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Expert-new-2026!",
            "new_password2": "Expert-new-2026!",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="expert").check_password("Expert-new-2026!")
