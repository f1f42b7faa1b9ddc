"""Screening runs: inputs frozen from the monitoring store and the knowledge base, NORMAN
categories and ranking, reproducible re-runs, and who may see and start them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from npgov.monitoring.importers import import_results
from npgov.risk import services
from npgov.risk.models import ScreeningRun

from .conftest import HEADER

pytestmark = pytest.mark.django_db

RESULTS = HEADER + (
    # PFOA at Chaoyang's river: 12.5 and 20 ng/L (0.02 μg/L).
    "S-1,SW-CY-01,2025-05-03,样品,B1,HJ 1333-2023,全氟辛酸,335-67-1,12.5,ng/L,0.5,1.5,95\n"
    "S-2,SW-CY-01,2025-08-03,样品,B2,HJ 1333-2023,全氟辛酸,335-67-1,0.02,μg/L,0.0005,0.0015,99\n"
    # PFOS not detected (LOD 0.4, LOQ 1.2 ng/L) at the river and the WWTP effluent (an
    # effluent is not compared with the freshwater PNEC: not frozen).
    "S-1,SW-CY-01,2025-05-03,样品,B1,HJ 1333-2023,全氟辛基磺酸,1763-23-1,ND,ng/L,0.4,1.2,88\n"
    "S-3,WE-CY-02,2025-05-04,样品,B3,HJ 1333-2023,全氟辛基磺酸,1763-23-1,ND,ng/L,0.4,1.2,90\n"
    # Ciprofloxacin not detected; no ecotoxicity in the knowledge base.
    "S-3,WE-CY-02,2025-05-04,样品,B3,EPA 1694,环丙沙星,85721-33-1,未检出,ng/L,2,5,\n"
    # Farmland soil: screened against a soil PNEC by EqP, which needs a Koc.
    "S-4,SO-MY-01,2025-05-04,样品,B4,SOP-PFAS-02,全氟辛酸,335-67-1,900,μg/kg,5,15,90\n"
)


@pytest.fixture
def loaded(users, sites, write, ecotox):
    import_results(actor=users["lab"], path=write("r.csv", RESULTS))
    # PFOA: lowest NOEC 1e-4 mg/L (100 ng/L), AF 10 → PNEC 10 ng/L, below the 20 ng/L found.
    pfoa = ecotox("全氟辛酸", 1e-4)
    # PFOS: lowest NOEC 5e-6 mg/L (5 ng/L) → PNEC 0.5 ng/L, below the LOQ of 1.2 ng/L.
    pfos = ecotox("全氟辛基磺酸", 5e-6)
    from npgov.chemicals.models import Substance

    cipro = Substance.objects.get(name_zh="环丙沙星")
    return pfoa, pfos, cipro


def test_a_run_ranks_by_normans_categories_and_explains_the_gaps(
    users, loaded, django_capture_on_commit_callbacks
):
    pfoa, pfos, cipro = loaded
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(
            actor=users["analyst"], title="PFAS 与抗生素筛查", substances=[pfoa, pfos, cipro]
        )
    run.refresh_from_db()
    assert run.status == "done", run.message
    assert [(r["name"], r["category"]) for r in run.result] == [
        ("全氟辛酸", 1),
        ("全氟辛基磺酸", 4),
    ]
    top = run.result[0]
    # One water site; its MEC_site 20 ng/L exceeds the PNEC of 10 ng/L: FoE 1, EoE 2 → 0.1.
    assert top["pnec"] == pytest.approx(10.0) and top["mec_site_max"] == pytest.approx(20.0)
    assert top["foe"] == 1.0 and top["final_score"] == pytest.approx(1.1)
    assert run.result[1]["loq_exceedance"] == pytest.approx(1.2 / 0.5)  # method not sensitive
    assert {r["compartment"] for r in run.result} == {"water"}
    assert run.pnecs[str(pfoa.pk)]["water"]["rule"] == "FW-10"
    assert "生态毒性" in run.pnecs[str(cipro.pk)]["water"]["reason"]  # the default language
    # The river and soil results are frozen (not the effluent's two); PFOA has no Koc: no
    # soil PNEC, so not ranked in soil.
    assert run.snapshot_rows == 4 and len(run.snapshot_sha256) == 64
    assert "Koc" in run.pnecs[str(pfoa.pk)]["soil"]["reason"]


def test_a_rerun_uses_the_frozen_inputs_and_gives_the_same_ranking(
    users, loaded, write, django_capture_on_commit_callbacks
):
    pfoa, pfos, _cipro = loaded
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(actor=users["analyst"], title="PFAS", substances=[pfoa, pfos])
    run.refresh_from_db()
    # New results arrive after the run; a re-run still ranks the frozen snapshot.
    more = (
        HEADER
        + "S-9,SW-CY-01,2025-09-01,样品,B9,HJ 1333-2023,全氟辛基磺酸,1763-23-1,50,ng/L,0.4,1.2,90\n"
    )
    import_results(actor=users["lab"], path=write("more.csv", more))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.run_rerun(actor=users["analyst"], run=run)
    again.refresh_from_db()
    assert again.rerun_of == run and again.snapshot_sha256 == run.snapshot_sha256
    assert again.result == run.result and again.pnecs == run.pnecs
    with django_capture_on_commit_callbacks(execute=True):
        fresh = services.run_create(actor=users["analyst"], title="PFAS", substances=[pfoa, pfos])
    fresh.refresh_from_db()
    assert dict((r["name"], r["category"]) for r in fresh.result)["全氟辛基磺酸"] == 1


def test_bad_scopes_are_refused_and_only_the_bureau_starts_runs(users, loaded):
    pfoa, _pfos, _cipro = loaded
    with pytest.raises(ValidationError):
        services.run_create(actor=users["analyst"], title="empty")
    with pytest.raises(ValidationError):
        services.run_create(actor=users["analyst"], title="air", substances=[pfoa],
                            media=["air"])  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.run_create(actor=users["enterprise"], title="x", substances=[pfoa])
    assert ScreeningRun.objects.count() == 0


def test_pages_start_show_export_and_rerun_a_run(
    client, users, loaded, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    from tests.conftest import PASSWORD

    client.login(username=users["analyst"].username, password=PASSWORD)
    assert client.get("/risk/runs/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/risk/runs/", {
            "title": "全氟化合物筛查", "substances": "335-67-1\n全氟辛基磺酸\n环丙沙星",
            "rule": "scarce",
        })  # fmt: skip
    run = ScreeningRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/risk/runs/{run.pk}/"
    page = client.get(f"/risk/runs/{run.pk}/").content.decode()
    assert 'data-testid="category-water-1"' in page and "全氟辛酸" in page and "环丙沙星" in page
    export = client.get(f"/risk/runs/{run.pk}/export.xlsx")
    import io

    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet["A2"].value == "water" and sheet["B2"].value == "ng/L"
    assert sheet["F2"].value == "全氟辛酸" and sheet["D2"].value == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"/risk/runs/{run.pk}/rerun/")
    assert again.status_code == 302 and ScreeningRun.objects.count() == 2
    bad = client.post("/risk/runs/", {"title": "x", "substances": "不存在的物质", "rule": "scarce"})
    assert bad.status_code == 400 and "不存在的物质" in bad.content.decode()
    client.logout()
    client.login(username=users["enterprise"].username, password=PASSWORD)
    assert client.get("/risk/runs/").status_code == 403
    assert client.get(f"/risk/runs/{run.pk}/").status_code in (403, 404)


def test_the_inconclusive_list_names_substances_with_limits_above_the_pnec(
    client, users, loaded, django_capture_on_commit_callbacks
):
    from tests.conftest import PASSWORD

    pfoa, pfos, _cipro = loaded
    with django_capture_on_commit_callbacks(execute=True):
        services.run_create(actor=users["analyst"], title="PFAS", substances=[pfoa, pfos])
    client.login(username=users["expert"].username, password=PASSWORD)
    page = client.get("/risk/inconclusive/")
    (row,) = page.context["rows"]
    # PFOS: LOQ 1.2 ng/L against a PNEC of 0.5 ng/L; PFOA is quantified (LOQ 1.5 < PNEC 10).
    assert row["name"] == "全氟辛基磺酸" and row["loq_min"] == pytest.approx(1.2)
    assert row["loq_exceedance"] == pytest.approx(2.4) and "全氟辛基磺酸" in page.content.decode()


def test_a_substances_risk_page_shows_hazard_pnec_ssd_and_district_quotients(
    client, users, loaded, django_capture_on_commit_callbacks
):
    from npgov.chemicals.models import PropertyRecord
    from tests.conftest import PASSWORD

    pfoa, _pfos, _cipro = loaded
    # Three more species make six: an SSD can be fitted (geometric mean per species).
    for species, group, value in (("Oncorhynchus mykiss", "fish", 8e-4),
                                  ("Chironomus riparius", "invertebrates", 5e-4),
                                  ("Lemna minor", "plants", 2e-3)):  # fmt: skip
        PropertyRecord.objects.create(
            substance=pfoa, kind="chronic_toxicity", value=value, unit="mg/L",
            value_canonical=value, unit_canonical="mg/L", endpoint="NOEC", species=species,
            taxonomic_group=group, medium="freshwater", origin="experimental",
            reliability="K2", source="synthetic test record",
        )  # fmt: skip
    PropertyRecord.objects.create(
        substance=pfoa, kind="bcf", value=3000, unit="L/kg", value_canonical=3000,
        unit_canonical="L/kg", source="synthetic test record",
    )  # fmt: skip
    client.login(username=users["analyst"].username, password=PASSWORD)
    page = client.get(f"/risk/substances/{pfoa.platform_id}/")
    assert page.status_code == 200
    ctx = page.context
    assert ctx["hazard"].B == "yes" and ctx["hazard"].vB == "no"  # BCF 3000: > 2000, ≤ 5000
    assert ctx["pnecs"].water.value_mg_per_l == pytest.approx(1e-5)  # lowest NOEC / 10
    assert len(ctx["ssd"]["points"]) == 6 and 0 < ctx["ssd"]["hc5"] < 1e-4
    band = ctx["ssd"]["band"]  # (p, lower, upper): the confidence band around the curve
    assert all(lower < upper for _p, lower, upper in band)
    assert [row[2] for row in band] == sorted(row[2] for row in band)
    water, soil = ctx["exposure"]
    (chaoyang,) = [d for d in water["districts"] if d["district"] == "朝阳区"]
    assert chaoyang["max"] == pytest.approx(20.0) and chaoyang["rq"] == pytest.approx(2.0)
    assert chaoyang["state"] == "risk" and water["rq"]["state"] == "risk"
    # Farmland soil: 900 ng/g found, but no soil PNEC (no Koc): inconclusive, and says why.
    assert soil["compartment"] == "soil" and soil["pnec"] is None
    assert soil["rq"]["state"] == "inconclusive" and "Koc" in soil["pnec_reason"]
    html = page.content.decode()
    assert 'id="ssd-chart"' in html and 'data-compartment="water"' in html
    client.logout()
    client.login(username=users["enterprise"].username, password=PASSWORD)
    assert client.get(f"/risk/substances/{pfoa.platform_id}/").status_code == 403


def test_assessments_are_versioned_reviewed_by_experts_and_frozen_once_approved(users, loaded):
    from npgov.chemicals.models import PropertyRecord
    from npgov.risk import assessments

    pfoa, _pfos, _cipro = loaded
    first = assessments.assessment_create(actor=users["analyst"], substance=pfoa)
    assert first.version == 1 and first.status == "draft"
    assert first.content["pnecs"]["water"]["value_mg_per_l"] == pytest.approx(1e-5)
    assert first.content["hazard"]["P"] == "insufficient"  # no half-lives recorded
    assert (
        first.sources["property_records"] == 3
        and "assessment_factors.yaml" in (first.sources["reference"])
    )
    with pytest.raises(ValidationError):  # not yet in review
        assessments.assessment_review(actor=users["expert"], assessment=first,
                                      decision="approve", text="ok")  # fmt: skip
    assessments.assessment_submit(actor=users["analyst"], assessment=first)
    with pytest.raises(PermissionDenied):  # the assessor's body does not review
        assessments.assessment_review(actor=users["analyst"], assessment=first,
                                      decision="approve", text="ok")  # fmt: skip
    with pytest.raises(ValidationError):  # a decision needs its reason
        assessments.assessment_review(actor=users["expert"], assessment=first,
                                      decision="approve", text=" ")  # fmt: skip
    assessments.assessment_review(actor=users["expert"], assessment=first, decision="approve",
                                  text="PNEC 由三个营养级慢性数据推导，同意。")  # fmt: skip
    first.refresh_from_db()
    assert first.status == "approved" and first.decided_by == users["expert"]
    frozen = first.content
    # New data arrive: the approved version stays as it was; a new version shows the change.
    PropertyRecord.objects.create(
        substance=pfoa, kind="chronic_toxicity", value=2e-5, unit="mg/L",
        value_canonical=2e-5, unit_canonical="mg/L", endpoint="NOEC", species="Hyalella azteca",
        taxonomic_group="invertebrates", medium="freshwater", origin="experimental",
        reliability="K1", source="synthetic test record",
    )  # fmt: skip
    second = assessments.assessment_create(actor=users["analyst"], substance=pfoa)
    first.refresh_from_db()
    assert first.content == frozen and second.version == 2
    assert second.content["pnecs"]["water"]["value_mg_per_l"] == pytest.approx(2e-6)
    with pytest.raises(ValidationError):
        assessments.assessment_submit(actor=users["analyst"], assessment=first)


def test_assessment_pages_draw_up_submit_and_approve(client, users, loaded):
    from npgov.risk.models import Assessment
    from tests.conftest import PASSWORD

    pfoa, _pfos, _cipro = loaded
    client.login(username=users["analyst"].username, password=PASSWORD)
    made = client.post(f"/risk/substances/{pfoa.platform_id}/assessments/", {"summary": "初稿"})
    a = Assessment.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/risk/assessments/{a.pk}/"
    assert client.post(f"/risk/assessments/{a.pk}/", {"action": "submit"}).status_code == 302
    page = client.get(f"/risk/substances/{pfoa.platform_id}/").content.decode()
    assert 'data-testid="assessments"' in page and "v1" in page
    client.logout()
    client.login(username=users["expert"].username, password=PASSWORD)
    assert client.post(f"/risk/substances/{pfoa.platform_id}/assessments/").status_code == 403
    empty = client.post(f"/risk/assessments/{a.pk}/", {"decision": "approve", "text": ""})
    assert empty.status_code == 400
    done = client.post(f"/risk/assessments/{a.pk}/", {"decision": "approve", "text": "同意"})
    assert done.status_code == 302
    a.refresh_from_db()
    assert a.status == "approved" and "同意" in client.get(
        f"/risk/assessments/{a.pk}/").content.decode()  # fmt: skip
    client.logout()
    client.login(username=users["enterprise"].username, password=PASSWORD)
    assert client.get(f"/risk/assessments/{a.pk}/").status_code == 403
