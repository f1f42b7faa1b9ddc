"""Every page declares a permission; error pages, sign-in and language switching behave."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from npgov.core.views.mixins import PolicyRequiredMixin
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

#: Views that are not behind a permission code, and why.
OPEN_VIEWS = {
    "login": "signing in",
    "logout": "signing out",
    "set_language": "switching language",
    "account": "the signed-in user's own account (LoginRequiredMixin)",
    "password_change": "changing one's own password (login required by Django's view)",
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace or ""
            if namespace in {"admin", "api"}:
                continue  # the admin has its own staff check; the API is tested separately
            yield from _walk(entry.url_patterns, prefix + (f"{namespace}:" if namespace else ""))
        elif isinstance(entry, URLPattern):
            yield prefix + (entry.name or ""), entry.callback


def test_every_page_asks_the_policy_layer():
    unchecked = []
    for name, callback in _walk(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None)
        short = name.split(":")[-1]
        if short in OPEN_VIEWS:
            continue
        if not (
            view_class and issubclass(view_class, PolicyRequiredMixin) and view_class.permission
        ):
            unchecked.append(name)
    assert unchecked == []


def test_every_api_operation_is_guarded_by_policy_code():
    """Each API handler calls the policy layer (require/can/scope) or a scoped selector."""
    import inspect

    from npgov.api.main import api

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                source = inspect.getsource(operation.view_func)
                assert "policy." in source or "selectors." in source, operation.view_func


def test_error_pages_in_both_languages(client, reference):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get("/no-such-page/")
    assert "Page not found" in response.content.decode()


def test_wrong_password_gives_a_clear_message(client, users):
    response = client.post(reverse("login"), {"username": "analyst", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_csrf_failure_is_explained_and_changes_nothing(users, reference):
    from django.test import Client

    from npgov.plan.models import ProgressReport
    from npgov.plan.services import period_ensure

    period = period_ensure(year=2026, quarter=3)
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="district_chaoyang", password=PASSWORD)
    response = client.post(
        reverse("plan:report_edit", args=["2", period.code]),
        {"status": "in_progress", "percent": "5", "narrative": "x"},
    )
    assert response.status_code == 403
    assert "表单" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_expired_session_redirects_to_sign_in(client, users):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert client.login(username="analyst", password=PASSWORD)
    assert client.get(reverse("plan:export")).status_code == 200
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.get(reverse("plan:export"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("username", "url", "status"),
    [
        ("enterprise", "/audit/", 403),
        ("admin", "/audit/", 200),
        ("district_chaoyang", "/plan/export/", 200),
        ("enterprise", "/plan/export/", 403),
        ("expert", "/plan/matrix/", 200),
    ],
)
def test_pages_follow_the_policy(client, users, username, url, status):
    assert client.login(username=username, password=PASSWORD)
    assert client.get(url).status_code == status


def test_dashboard_renders_for_every_role(client, users):
    from npgov.plan.services import period_ensure

    period_ensure(year=2026, quarter=3)
    for username in users:
        assert client.login(username=username, password=PASSWORD)
        assert client.get("/").status_code == 200, username
        client.logout()
    assert client.get("/").status_code == 200


def test_chinese_is_the_default_whatever_the_browser_asks(client, reference):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "工作台" in page and "Dashboard" not in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Dashboard" in client.get("/").content.decode()


def test_audit_history_hides_reverse_relations_and_primary_keys(client, users):
    from npgov.plan.models import PlanTask

    assert client.login(username="admin", password=PASSWORD)
    task = PlanTask.objects.get(code="3")
    page = client.get(reverse("plan:task_detail", args=[task.code])).content.decode()
    assert "plan.PlanDeadline.None" not in page
    assert "建立新污染物环境调查监测体系" in page


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, users, settings):
    settings.AXES_ENABLED = True
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "analyst", "password": "x"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "analyst", "password": "x"})
    assert response.status_code == 429
    assert "请在 15 分钟后重试" in response.content.decode()
    # Even the right password is refused until the cool-off ends.
    response = client.post(reverse("login"), {"username": "analyst", "password": PASSWORD})
    assert response.status_code == 429
    # Another account from the same address is not affected.
    response = client.post(reverse("login"), {"username": "expert", "password": PASSWORD})
    assert response.status_code == 302
