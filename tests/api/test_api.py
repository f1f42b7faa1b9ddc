"""The REST API: authentication, the same policy layer, pagination, filtering, bad payloads."""

import datetime as dt

import pytest
from django.utils import timezone

from npgov.core.services import api_token_create
from npgov.plan.choices import ReviewState
from npgov.plan.models import ProgressReport
from npgov.plan.services import period_ensure
from tests.conftest import PASSWORD
from tests.plan.factories import report

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_openapi_schema_lists_the_endpoints(client, reference):
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/organisations",
        "/api/users",
        "/api/plan/tasks",
        "/api/plan/reports",
        "/api/plan/reports/{report_id}/review",
    } <= paths
    assert client.get("/api/docs").status_code == 200


def test_public_reads_the_plan_without_signing_in(client, reference):
    tasks = client.get("/api/plan/tasks").json()
    assert [t["code"] for t in tasks][:3] == ["1", "2", "3"]
    assert len(tasks) == 20
    task2 = next(t for t in tasks if t["code"] == "2")
    assert task2["lead_departments"] == ["MEE-BJ"]
    assert task2["deadlines"][0]["due"] == "2023-12-31"


def test_token_and_session_see_the_same_scope(client, users, org):
    mine = report(org("110105"))
    report(org("110118"))  # another district's draft
    headers = bearer(users["district_chaoyang"])
    by_token = client.get("/api/plan/reports", **headers).json()
    assert [r["id"] for r in by_token["items"]] == [mine.pk]
    assert client.login(username="district_chaoyang", password=PASSWORD)
    by_session = client.get("/api/plan/reports").json()
    assert by_session == by_token


def test_bad_token_is_refused_not_treated_as_public(client, reference):
    response = client.get("/api/plan/tasks", HTTP_AUTHORIZATION="Bearer npg_wrong")
    assert response.status_code == 401


def test_expired_token_is_refused(client, users):
    _t, key = api_token_create(
        user=users["analyst"], name="old", expires=timezone.now() - dt.timedelta(days=1)
    )
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_users_endpoint_is_for_administrators_only(client, users):
    assert client.get("/api/users", **bearer(users["analyst"])).status_code == 403
    assert client.get("/api/users").status_code == 401
    listing = client.get("/api/users", **bearer(users["admin"])).json()
    assert listing["count"] == len(users)


def test_admin_creates_user_with_roles_and_bad_payloads_change_nothing(client, users, org):
    headers = bearer(users["admin"])
    payload = {
        "username": "haidian",
        "password": "a-long-password-1",
        "roles": ["district_officer"],
        "organisation_id": org("110108").pk,
    }
    response = client.post("/api/users", payload, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    assert response.json()["roles"] == ["district_officer"]
    count = len(users) + 1
    bad = [
        {**payload, "username": "x1", "roles": ["pilot"]},  # unknown role
        {**payload, "username": "x2", "organisation_id": org("AGR-BJ").pk},  # wrong org kind
        {"username": "x3"},  # missing fields
    ]
    for body in bad:
        response = client.post("/api/users", body, content_type="application/json", **headers)
        assert response.status_code in (400, 422), response.content
        assert "detail" in response.json()
    response = client.post("/api/users", "{not json", content_type="application/json", **headers)
    assert response.status_code in (400, 422)
    from npgov.core.models import User

    assert User.objects.count() == count


def test_report_workflow_over_the_api(client, users, django_capture_on_commit_callbacks):
    period_ensure(year=2026, quarter=3)
    officer, analyst = bearer(users["district_miyun"]), bearer(users["analyst"])
    created = client.post(
        "/api/plan/reports",
        {
            "task": "14",
            "period": "2026Q3",
            "status": "in_progress",
            "percent": 20,
            "narrative": "密云水库周边农田微塑料试点启动。",
        },
        content_type="application/json",
        **officer,
    )
    assert created.status_code == 200, created.content
    rid = created.json()["id"]
    assert (
        client.post(
            f"/api/plan/reports/{rid}/review",
            {"accept": True},
            content_type="application/json",
            **analyst,
        ).status_code
        == 400
    )
    submitted = client.post(f"/api/plan/reports/{rid}/submit", **officer)
    assert submitted.json()["review_state"] == "submitted"
    assert (
        client.post(
            f"/api/plan/reports/{rid}/review",
            {"accept": True},
            content_type="application/json",
            **officer,
        ).status_code
        == 403
    )
    accepted = client.post(
        f"/api/plan/reports/{rid}/review",
        {"accept": True, "publish": True},
        content_type="application/json",
        **analyst,
    )
    assert accepted.json()["review_state"] == "accepted"
    public = client.get("/api/plan/reports", {"period": "2026Q3"}).json()
    assert [r["id"] for r in public["items"]] == [rid]


def test_invalid_percent_is_rejected_with_field_detail(client, users):
    period_ensure(year=2026, quarter=3)
    response = client.post(
        "/api/plan/reports",
        {
            "task": "14",
            "period": "2026Q3",
            "status": "in_progress",
            "percent": 140,
        },
        content_type="application/json",
        **bearer(users["district_miyun"]),
    )
    assert response.status_code == 422
    assert "percent" in str(response.json())
    assert not ProgressReport.objects.exists()


def test_filters_and_pagination(client, users, org):
    for task in ["1", "2", "3"]:
        report(org("110105"), task=task, state=ReviewState.SUBMITTED)
    headers = bearer(users["analyst"])
    page = client.get("/api/plan/reports", {"task": "2", "limit": 10}, **headers).json()
    assert page["count"] == 1 and page["items"][0]["task"] == "2"
    page = client.get("/api/plan/reports", {"limit": 2, "offset": 2}, **headers).json()
    assert page["count"] == 3 and len(page["items"]) == 1


def test_map_points_are_converted_to_gcj02_and_scoped(client, users, enterprises):
    points = client.get("/api/organisations/map-points", **bearer(users["analyst"])).json()
    assert {p["code"] for p in points} == {e.code for e in enterprises.values()}
    point = points[0]
    assert 0.004 < point["lon"] - 116.48 < 0.008  # GCJ-02 lies ~0.006° east in Beijing
    assert client.get("/api/organisations/map-points").json() == []  # public: no enterprises


def test_district_rates_figure(client, users, org):
    period_ensure(year=2026, quarter=3)
    report(org("110105"), state=ReviewState.ACCEPTED, published=True)
    rows = client.get("/api/plan/figures/districts", {"period": "2026Q3"}).json()
    chaoyang = next(r for r in rows if r["code"] == "110105")
    assert chaoyang["submitted"] == 1 and chaoyang["expected"] == 20
    assert len(rows) == 17


def test_admin_changes_roles_over_the_api(client, users, org):
    target = users["district_miyun"]
    response = client.patch(
        f"/api/users/{target.pk}",
        {"is_active": False},
        content_type="application/json",
        **bearer(users["admin"]),
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    response = client.patch(
        f"/api/users/{target.pk}",
        {"roles": ["expert"]},
        content_type="application/json",
        **bearer(users["admin"]),
    )
    assert response.status_code == 400  # an expert belongs to the expert committee
    response = client.patch(
        f"/api/users/{target.pk}",
        {"is_active": True},
        content_type="application/json",
        **bearer(users["analyst"]),
    )
    assert response.status_code == 403
