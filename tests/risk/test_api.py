"""The risk REST API: runs started, read and re-run over the API with the pages' permissions,
unknown identifiers named, the substance profile, per-enterprise PECs within survey reach,
and the expert committee's review."""

# ruff: noqa: F811  (the fixtures imported below are used as test arguments)

import pytest

from npgov.risk.models import Assessment, ScreeningRun
from tests.api.test_api import bearer
from tests.risk.test_pec import city, pfoa  # noqa: F401  (fixtures)
from tests.risk.test_screening import loaded  # noqa: F401  (fixture)
from tests.survey.conftest import campaign_factory, industries  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

JSON = "application/json"


def post(client, path, body, headers):
    return client.post(f"/api/risk{path}", body, content_type=JSON, **headers)


def test_the_analyst_starts_reads_and_reruns_a_run(
    client, users, loaded, django_capture_on_commit_callbacks
):
    pfoa, pfos, cipro = loaded
    analyst = bearer(users["analyst"])
    body = {"title": "PFAS 与抗生素筛查", "substances": [s.platform_id for s in loaded],
            "districts": ["110105"]}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        started = post(client, "/runs", body, analyst)
    assert started.status_code == 201, started.content
    run_id = started.json()["id"]
    run = client.get(f"/api/risk/runs/{run_id}", **analyst).json()
    assert run["status"] == "done", run["message"]
    assert run["substances"] == sorted(s.platform_id for s in loaded)
    assert run["districts"] == ["110105"] and run["media"]
    first = run["result"][0]
    assert (first["compartment"], first["platform_id"], first["category"]) == (
        "water", pfoa.platform_id, 1,
    )  # fmt: skip
    assert first["pnec"] == pytest.approx(10.0) and first["unit"] == "ng/L"
    assert run["pnecs"][str(pfoa.pk)]["water"]["rule"] == "FW-10"
    listing = client.get("/api/risk/runs", **analyst).json()
    assert listing["count"] == 1 and "result" not in listing["items"][0]
    with django_capture_on_commit_callbacks(execute=True):
        rerun = post(client, f"/runs/{run_id}/rerun", {}, analyst)
    assert rerun.status_code == 201 and rerun.json()["rerun_of"] == run_id
    again = client.get(f"/api/risk/runs/{rerun.json()['id']}", **analyst).json()
    assert again["status"] == "done" and again["result"] == run["result"]
    assert again["snapshot_sha256"] == run["snapshot_sha256"] and again["pnecs"] == run["pnecs"]
    # The department sees the run (shared) but does not start or re-run one.
    officer = bearer(users["dept_agri"])
    assert client.get(f"/api/risk/runs/{run_id}", **officer).status_code == 200
    assert post(client, f"/runs/{run_id}/rerun", {}, officer).status_code == 403


def test_enterprises_are_refused_and_the_public_must_sign_in(client, users, loaded):
    pfoa = loaded[0]
    enterprise = bearer(users["enterprise"])
    body = {"title": "x", "substances": [pfoa.platform_id]}
    assert client.get("/api/risk/runs", **enterprise).status_code == 403
    assert post(client, "/runs", body, enterprise).status_code == 403
    assert client.get(f"/api/risk/substances/{pfoa.platform_id}", **enterprise).status_code == 403
    assert client.get("/api/risk/runs").status_code == 401
    assert post(client, "/runs", body, {}).status_code == 401
    assert ScreeningRun.objects.count() == 0


def test_unknown_identifiers_and_bad_scopes_are_named(client, users, loaded):
    pfoa = loaded[0]
    analyst = bearer(users["analyst"])
    bad = post(client, "/runs", {"title": "x", "substances": [pfoa.platform_id, "NPG-NOPE"],
                                 "groups": ["NO-SUCH-GROUP"], "districts": ["110105", "999999"]},
               analyst)  # fmt: skip
    assert bad.status_code == 400
    found = bad.json()
    assert {"substances", "groups", "districts"} == set(found["errors"])
    for name in ("NPG-NOPE", "NO-SUCH-GROUP", "999999"):
        assert name in found["detail"]
    assert "110105" not in found["detail"]
    # The service's own checks come back the same way.
    assert post(client, "/runs", {"title": "empty"}, analyst).status_code == 400
    air = post(client, "/runs", {"title": "air", "substances": [pfoa.platform_id],
                                 "media": ["air"]}, analyst)  # fmt: skip
    assert air.status_code == 400 and "air" in air.json()["detail"]
    assert ScreeningRun.objects.count() == 0


def test_the_inconclusive_list(client, users, loaded, django_capture_on_commit_callbacks):
    from npgov.risk import services

    pfoa, pfos, _cipro = loaded
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(actor=users["analyst"], title="PFAS", substances=[pfoa, pfos])
    (row,) = client.get("/api/risk/inconclusive", **bearer(users["expert"])).json()
    # PFOS: LOQ 1.2 ng/L against a PNEC of 0.5 ng/L.
    assert row["substance"] == pfos.platform_id and row["run"] == run.pk
    assert row["loq_min"] == pytest.approx(1.2) and row["loq_exceedance"] == pytest.approx(2.4)


def test_a_substances_profile(client, users, loaded):
    pfoa = loaded[0]
    analyst = bearer(users["analyst"])
    found = client.get(f"/api/risk/substances/{pfoa.platform_id}", **analyst)
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["pnecs"]["water"]["value_mg_per_l"] == pytest.approx(1e-5)  # lowest NOEC / 10
    assert body["hazard"]["P"] == "insufficient"  # no half-lives recorded
    assert body["ssd"]["hc5"] is None and body["ssd"]["reason"]  # three species: no SSD
    assert len(body["ssd"]["points"]) == 3 and "curve" not in body["ssd"]
    water = next(e for e in body["exposure"] if e["compartment"] == "water")
    assert water["rq"]["state"] == "risk" and water["pnec"] == pytest.approx(10.0)
    assert body["pec"]["pnec_mg_per_l"] == pytest.approx(1e-5)
    assert body["pec"]["n_enterprises"] == 0 and "enterprise_name" not in found.content.decode()
    missing = client.get("/api/risk/substances/NPG-NOPE", **analyst)
    assert missing.status_code == 404


def test_enterprise_pecs_only_within_survey_reach(client, users, city, pfoa):
    path = f"/api/risk/substances/{pfoa.platform_id}/pec"
    rows = client.get(path, **bearer(users["analyst"])).json()
    assert len(rows) == 5 and rows[0]["pec_mg_per_l"] >= rows[-1]["pec_mg_per_l"]
    assert client.get(path, **bearer(users["expert"])).json() == []
    assert client.get(path, **bearer(users["enterprise"])).status_code == 403


def test_the_expert_reviews_an_assessment_over_the_api(client, users, loaded):
    pfoa = loaded[0]
    analyst, expert = bearer(users["analyst"]), bearer(users["expert"])
    path = f"/substances/{pfoa.platform_id}/assessments"
    assert post(client, path, {}, expert).status_code == 403
    made = post(client, path, {"summary": "初稿"}, analyst)
    assert made.status_code == 201, made.content
    draft = made.json()
    assert (draft["version"], draft["status"], draft["summary"]) == (1, "draft", "初稿")
    assert draft["content"]["pnecs"]["water"]["value_mg_per_l"] == pytest.approx(1e-5)
    aid = draft["id"]
    early = post(client, f"/assessments/{aid}/review", {"decision": "approve", "text": "ok"},
                 expert)  # fmt: skip
    assert early.status_code == 400  # not yet in review
    submitted = post(client, f"/assessments/{aid}/submit", {}, analyst)
    assert submitted.status_code == 200 and submitted.json()["status"] == "in_review"
    own = post(client, f"/assessments/{aid}/review", {"decision": "approve", "text": "ok"},
               analyst)  # fmt: skip
    assert own.status_code == 403  # the assessor's body does not review
    empty = post(client, f"/assessments/{aid}/review", {"decision": "approve", "text": " "},
                 expert)  # fmt: skip
    assert empty.status_code == 400 and "text" in empty.json()["errors"]
    done = post(client, f"/assessments/{aid}/review", {"decision": "approve", "text": "同意"},
                expert)  # fmt: skip
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "approved" and body["decided_by"] == str(users["expert"])
    assert [(c["decision"], c["text"]) for c in body["comments"]] == [("approve", "同意")]
    query = {"substance": pfoa.platform_id, "status": "approved"}
    listing = client.get("/api/risk/assessments", query, **expert).json()
    assert [a["id"] for a in listing["items"]] == [aid]
    enterprise = bearer(users["enterprise"])
    assert client.get(f"/api/risk/assessments/{aid}", **enterprise).status_code == 403


def test_nobody_approves_their_own_assessment(client, users, loaded):
    admin = bearer(users["admin"])  # may both draw up and review
    path = f"/api/risk/substances/{loaded[0].platform_id}/assessments"
    made = client.generic("POST", path, b"", **admin).json()  # no body: the summary is optional
    assert made["summary"] == ""
    post(client, f"/assessments/{made['id']}/submit", {}, admin)
    own = post(client, f"/assessments/{made['id']}/review",
               {"decision": "approve", "text": "同意"}, admin)  # fmt: skip
    assert own.status_code == 400
    assert Assessment.objects.get().status == "in_review"
