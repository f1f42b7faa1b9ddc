"""Every API endpoint, enumerated from the OpenAPI schema, keeps other bodies' data out."""

import pytest

from tests.api.test_api import bearer
from tests.plan.factories import report

pytestmark = pytest.mark.django_db


@pytest.fixture
def secrets(org, enterprises):
    """Records the public and the Chaoyang enterprise must never see."""
    draft = report(org("110118"), task="14")
    draft.narrative = "密云区内部草稿-SECRET"
    draft.save()
    return {
        "enterprise_code": enterprises["miyun"].code,
        "narrative": draft.narrative,
        "report_id": draft.pk,
        "org_id": enterprises["miyun"].pk,
    }


def _concrete(path: str, secrets: dict) -> str:
    return (
        path.replace("{report_id}", str(secrets["report_id"]))
        .replace("{org_id}", str(secrets["org_id"]))
        .replace("{code}", "2")
        .replace("{user_id}", "1")
        .replace("{job_id}", "00000000-0000-0000-0000-000000000000")
        .replace("{run_id}", "1")
        .replace("{assessment_id}", "1")
        .replace("{platform_id}", "NPG-UNKNOWN")
    )


@pytest.mark.parametrize("who", ["public", "enterprise", "district_chaoyang"])
def test_no_get_endpoint_leaks_other_bodies_records(client, users, secrets, who):
    schema = client.get("/api/openapi.json").json()
    headers = {} if who == "public" else bearer(users[who])
    checked = 0
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        response = client.get(_concrete(path, secrets), **headers)
        assert response.status_code < 500, path
        body = response.content.decode()
        assert secrets["enterprise_code"] not in body, path
        assert secrets["narrative"] not in body, path
        checked += 1
    assert checked >= 10


def test_no_write_endpoint_accepts_the_public(client, users, secrets):
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method in {"post", "patch", "put", "delete"} & set(operations):
            response = getattr(client, method)(
                _concrete(path, secrets), {}, content_type="application/json"
            )
            assert response.status_code in (401, 403, 404, 422), (method, path)
