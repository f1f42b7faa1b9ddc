"""Monitoring pages: the public sees sites and accepted results only; laboratories upload and
see their history; analysts see statistics, heat map and the review queue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from npgov.monitoring.importers import import_results
from npgov.monitoring.models import Result
from tests.conftest import PASSWORD

from .test_import import GOOD

pytestmark = pytest.mark.django_db


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def loaded(users, sites, write):
    return import_results(actor=users["lab"], path=write("r.csv", GOOD))


def test_public_sees_sites_but_only_accepted_results(client, loaded):
    page = client.get("/monitoring/")
    assert page.status_code == 200 and "SW-CY-01" in page.content.decode()
    site = client.get("/monitoring/sites/SW-CY-01/").content.decode()
    assert "12.5" not in site
    from npgov.core.models import User
    from npgov.monitoring.qa import result_review

    analyst = User.objects.get(username="analyst")
    result_review(actor=analyst, result=Result.objects.get(value=12.5), accept=True)
    assert "12.5" in client.get("/monitoring/sites/SW-CY-01/").content.decode()
    heat = client.get("/monitoring/heatmap/").context["heat"]  # accepted results only
    assert heat["substances"] == ["全氟辛酸"]


def test_analyst_pages(client, users, loaded):
    client = login(client, users["analyst"])
    pfoa = Result.objects.filter(substance__name_zh="全氟辛酸").first().substance
    assert client.get(f"/monitoring/?substance={pfoa.platform_id}").status_code == 200
    page = client.get(f"/monitoring/substances/{pfoa.platform_id}/?medium=surface_water")
    assert page.status_code == 200 and "朝阳区" in page.content.decode()
    assert client.get(f"/monitoring/substances/{pfoa.platform_id}/?method=ros").status_code == 200
    heat = client.get("/monitoring/heatmap/")
    assert heat.status_code == 200 and "全氟辛酸" in heat.context["heat"]["substances"]
    assert client.get("/monitoring/sites/SW-CY-01/").status_code == 200
    assert client.get("/monitoring/programmes/pilot-key-area/").status_code == 200


def test_lab_uploads_through_the_page_and_follows_the_job(
    client, users, sites, django_capture_on_commit_callbacks, settings, tmp_path
):
    from npgov.core.models import Job

    settings.MEDIA_ROOT = tmp_path
    client = login(client, users["lab"])
    bad = GOOD.replace("335-67-1,１２．５", "335-67-1,-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/monitoring/uploads/",
            {"file": SimpleUploadedFile("bad.csv", bad.encode("utf-8-sig"), "text/csv")},
        )
    job = Job.objects.get(kind="monitoring.import")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "failed" and "bad.csv" in job.message and job.result_name
    problems = client.get(f"/jobs/{job.pk}/download/")
    assert problems.status_code == 200 and b"".join(problems.streaming_content)[:2] == b"PK"
    record = client.get("/monitoring/uploads/").context["files"][0]
    assert record.status == "rejected"
    report = client.get(f"/monitoring/uploads/?report={record.pk}")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            "/monitoring/uploads/",
            {"file": SimpleUploadedFile("ok.csv", GOOD.encode("utf-8-sig"), "text/csv")},
        )
    assert ok.status_code == 302 and Result.objects.count() == 6
    done = Job.objects.filter(kind="monitoring.import").order_by("-created").first()
    assert done.status == "succeeded" and done.progress == 100 and "6" in done.message
    assert not list((tmp_path / "imports" / "monitoring").iterdir())  # uploads are removed
    assert login(client, users["enterprise"]).get("/monitoring/uploads/").status_code == 403


def test_template_downloads_and_its_examples_load(client, users, sites, tmp_path):
    from openpyxl import load_workbook

    from npgov.monitoring.importers import import_results

    response = login(client, users["lab"]).get("/monitoring/uploads/template.xlsx")
    assert response.status_code == 200
    path = tmp_path / "template.xlsx"
    path.write_bytes(response.content)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "样品编号 / Sample code"
    lists = [v.sqref for v in sheet.data_validations.dataValidation]
    assert len(lists) >= 5 and book.worksheets[1].sheet_state == "hidden"
    outcome = import_results(actor=users["lab"], path=path)
    assert outcome.created == 2
    assert (
        login(client, users["enterprise"]).get("/monitoring/uploads/template.xlsx").status_code
        == 403
    )


def test_review_queue_accepts_and_rejects(client, users, sites, write):
    text = GOOD.replace(",95\n", ",40\n")  # recovery out of window: flagged
    import_results(actor=users["lab"], path=write("q.csv", text))
    flagged = Result.objects.exclude(qa_flags="").get()
    client = login(client, users["analyst"])
    assert flagged.sample.code in client.get("/monitoring/review/").content.decode()
    client.post("/monitoring/review/", {"result": flagged.pk, "decision": "reject"})
    flagged.refresh_from_db()
    assert flagged.review == "rejected"
    assert (
        login(client, users["lab"])
        .post("/monitoring/review/", {"result": flagged.pk, "decision": "accept"})
        .status_code
        == 403
    )


def test_exports_follow_filters_and_neutralise_formulas(client, users, loaded):
    import csv
    import io

    from npgov.monitoring.models import Site

    Site.objects.filter(code="SW-CY-01").update(name_zh="=HYPERLINK(1)")
    client = login(client, users["analyst"])
    response = client.get("/monitoring/export.csv?medium=surface_water")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 4 and {r[1] for r in rows[1:]} == {"SW-CY-01"}
    assert rows[1][2] == "'=HYPERLINK(1)"
    xlsx = client.get("/monitoring/export.xlsx?site=SO-MY-01")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert login(client, users["enterprise"]).get("/monitoring/export.csv").status_code == 403


def test_kept_counts_match_the_results_after_import_and_review(users, loaded):
    from django.db.models import Count, Q

    from npgov.monitoring.counts import counts_rebuild
    from npgov.monitoring.models import ResultCount
    from npgov.monitoring.qa import result_review

    def snapshot():
        return sorted(
            ResultCount.objects.filter(n__gt=0).values_list(
                "site_id", "substance_id", "review", "n", "detected"
            )
        )

    for result in Result.objects.all()[:3]:
        result_review(actor=users["analyst"], result=result, accept=result.pk % 2 == 0)
    kept = snapshot()
    direct = sorted(
        Result.objects.values_list("site_id", "substance_id", "review")
        .annotate(n=Count("pk"), detected=Count("pk", filter=Q(detection="detected")))
        .order_by()
    )
    assert kept == direct
    counts_rebuild()
    assert snapshot() == kept


def test_api_sites_results_and_statistics(client, users, loaded):
    from tests.api.test_api import bearer

    pfoa = Result.objects.filter(substance__name_zh="全氟辛酸").first().substance.platform_id
    sites = client.get("/api/monitoring/sites").json()
    assert sites["count"] == 3  # sites are public
    assert client.get("/api/monitoring/results").json()["count"] == 0  # nothing accepted yet
    lab = client.get("/api/monitoring/results", **bearer(users["lab"])).json()
    assert lab["count"] == 6
    stats = client.get(
        f"/api/monitoring/statistics?substance={pfoa}&by=medium", **bearer(users["analyst"])
    ).json()
    assert {row["group"] for row in stats} == {"surface_water", "farmland_soil"}
    assert (
        client.get(
            f"/api/monitoring/statistics?substance={pfoa}&by=colour", **bearer(users["analyst"])
        ).status_code
        == 422
    )


def test_inventory_shows_where_monitoring_finds_a_substance_with_no_known_source(
    client, users, loaded
):
    pfoa = Result.objects.filter(substance__name_zh="全氟辛酸").first().substance
    page = login(client, users["analyst"]).get(f"/survey/inventory/?substance={pfoa.platform_id}")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="monitoring-found"' in body
    section = next(s for s in page.context["sections"] if s.key == "monitoring")
    found = {f["site"].code: f for f in section.context["found"]}
    # PFOA is detected in Chaoyang's river and Miyun's farmland soil; no enterprise reported it.
    assert set(found) == {"SW-CY-01", "SO-MY-01"} and section.context["unexplained"] == 2
    assert found["SW-CY-01"]["detected"] == 2 and found["SW-CY-01"]["no_source"]
    cipro = Result.objects.filter(substance__name_zh="环丙沙星").first().substance
    none = login(client, users["analyst"]).get(f"/survey/inventory/?substance={cipro.platform_id}")
    assert 'data-testid="monitoring-found"' not in none.content.decode()  # not detected anywhere
