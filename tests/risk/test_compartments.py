"""PNECs per compartment (the SSD's when the chronic data suffice, EqP for sediment and soil),
screening of sediment and soil on a dry-weight basis, the streamed snapshot, and assessments
that freeze every compartment."""

import dataclasses

import pyarrow.parquet as pq
import pytest

from npgov.chemicals.models import PropertyRecord
from npgov.monitoring.importers import import_results
from npgov.risk import pnecs, services
from npgov.science import pnec as pnec_science
from npgov.science import ssd

from .conftest import HEADER

pytestmark = pytest.mark.django_db

SOIL = HEADER.replace("回收率(%)\n", "回收率(%),基准\n") + (
    # PFOA in farmland soil: 900 μg/kg dry weight at Miyun, 1.2 ng/g wet weight at the same
    # site (left out: no moisture content), and surface water at Chaoyang.
    "S-4,SO-MY-01,2025-05-04,样品,B4,SOP-PFAS-02,全氟辛酸,335-67-1,900,μg/kg,5,15,90,干重\n"
    "S-5,SO-MY-01,2025-06-04,样品,B5,SOP-PFAS-02,全氟辛酸,335-67-1,1.2,ng/g,0.1,0.3,90,湿重\n"
    "S-1,SW-CY-01,2025-05-03,样品,B1,HJ 1333-2023,全氟辛酸,335-67-1,20,ng/L,0.5,1.5,95,\n"
)
#: Ten more species for an SSD: (group, species, NOEC mg/L).
SPECIES = (
    ("algae", "Chlorella vulgaris", 4e-4), ("plants", "Lemna minor", 9e-4),
    ("invertebrates", "Ceriodaphnia dubia", 2e-4), ("invertebrates", "Chironomus riparius", 6e-4),
    ("fish", "Oryzias latipes", 3e-4), ("fish", "Pimephales promelas", 5e-4),
    ("fish", "Oncorhynchus mykiss", 1.2e-3),
)  # fmt: skip


def _record(substance, kind, value, unit="mg/L", **extra):
    PropertyRecord.objects.create(
        substance=substance, kind=kind, value=value, unit=unit, value_canonical=value,
        unit_canonical=unit, origin="experimental", reliability="K1",
        source="synthetic test record", **extra,
    )  # fmt: skip


@pytest.fixture
def pfoa(users, sites, write, ecotox):
    import_results(actor=users["lab"], path=write("soil.csv", SOIL))
    # Lowest NOEC 1e-4 mg/L (Daphnia) → PNEC 1e-5 mg/L by AF 10; log Koc 2 → Koc 100 L/kg.
    substance = ecotox("全氟辛酸", 1e-4)
    _record(substance, "log_koc", 2.0, "")
    return substance


def test_soil_and_sediment_pnecs_by_equilibrium_partitioning(pfoa):
    found = pnecs.derive([pfoa.pk])[pfoa.pk]
    assert found.by_ssd is None and "3" in found.choice and "10" in found.choice
    assert found.water.value_mg_per_l == pytest.approx(1e-5)
    # TGD defaults: K_soil-water = 0.2 + 0.6 × 0.02 × 100 / 1000 × 2500 = 3.2 m³/m³;
    # dry weight = K / (F_solid × RHO_solid) × PNEC_water × 1000 = 3.2 / 1500 × 1e-5 × 1000.
    assert found.soil.value_mg_per_kg_dwt == pytest.approx(3.2 / 1500 * 1e-2)
    assert found.value("soil") == pytest.approx(3.2 / 1500 * 1e-2 * 1e3)  # ng/g dw
    # Sediment: K_susp-water = 0.9 + 0.1 × 0.1 × 100 / 1000 × 2500 = 3.4; dry = K / 250 × …
    assert found.sediment.value_mg_per_kg_dwt == pytest.approx(3.4 / 250 * 1e-2)
    # EqP from an experimental water PNEC is as reliable as it (NORMAN's P-PNEC is about
    # predicted ecotoxicity): not provisional.
    assert not found.provisional("soil") and not found.provisional("water")
    entry = found.entry("soil")
    assert entry["unit"] == "ng/g dw" and entry["rule"] == "EqP" and entry["koc"] == 100


def test_an_ssd_is_fitted_from_ten_species_and_the_lower_pnec_is_used(pfoa):
    for group, species, value in SPECIES:
        _record(pfoa, "chronic_toxicity", value, endpoint="NOEC", species=species,
                taxonomic_group=group, medium="freshwater")  # fmt: skip
    found = pnecs.derive([pfoa.pk])[pfoa.pk]
    values = sorted([1e-4, 2e-4, 3e-4] + [v for _g, _s, v in SPECIES])
    hc5 = ssd.fit(values).hc5
    assert found.by_ssd.basis == "SSD"
    assert found.by_ssd.value_mg_per_l == pytest.approx(hc5 / 5)
    assert found.by_factors.value_mg_per_l == pytest.approx(1e-5)
    # HC5 / 5 ≈ 2.1e-5 mg/L is above the factors' 1e-5: the lower (protective) one is used,
    # both are kept, and the SSD notes R.10's eight taxonomic groups it cannot show.
    assert hc5 / 5 > 1e-5 and found.water is found.by_factors
    assert "HC5 / 5" in found.choice and "2.083e-05" in found.choice
    assert any("taxonomic groups" in note for note in found.by_ssd.notes)
    # Were the factors' PNEC the higher one, the SSD's would be used.
    higher = pnecs.Pnecs(
        by_ssd=found.by_ssd, by_factors=dataclasses.replace(found.by_factors, value_mg_per_l=1e-3)
    )
    pnecs._choose(higher, "")  # fmt: skip
    assert higher.water is higher.by_ssd
    # A censored or unreliable record is not a species of the SSD: nine left, AF again.
    PropertyRecord.objects.filter(species="Oncorhynchus mykiss").update(reliability="K3")
    again = pnecs.derive([pfoa.pk])[pfoa.pk]
    assert again.by_ssd is None and again.water is again.by_factors


def test_a_run_ranks_soil_on_a_dry_weight_basis(users, pfoa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(actor=users["analyst"], title="土壤", substances=[pfoa])
    run.refresh_from_db()
    assert run.status == "done", run.message
    by = {r["compartment"]: r for r in run.result}
    assert set(by) == {"water", "soil"}
    soil = by["soil"]
    # 900 μg/kg = 900 ng/g dw against 3.2/1500 × 10 ng/g: exceeded at every site, from an
    # experimental water PNEC: category 1, control measures.
    assert soil["unit"] == "ng/g dw" and soil["mec_site_max"] == pytest.approx(900)
    assert soil["pnec"] == pytest.approx(3.2 / 1500 * 10) and soil["category"] == 1
    assert by["water"]["pnec"] == pytest.approx(10.0) and by["water"]["category"] == 1
    # The wet-weight result is neither frozen nor ranked, and the run says so.
    assert run.snapshot_rows == 2 and "1" in run.message
    assert run.pnecs[str(pfoa.pk)]["sediment"]["pnec"] == pytest.approx(3.4 / 250 * 10)


def test_the_snapshot_is_streamed_in_chunks_and_is_the_same_whatever_their_size(
    users, pfoa, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        whole = services.run_create(actor=users["analyst"], title="整", substances=[pfoa])
    monkeypatch.setattr(services, "SNAPSHOT_CHUNK", 1)
    with django_capture_on_commit_callbacks(execute=True):
        pieces = services.run_create(actor=users["analyst"], title="分", substances=[pfoa])
    whole.refresh_from_db()
    pieces.refresh_from_db()
    with whole.snapshot.open("rb") as a, pieces.snapshot.open("rb") as b:
        one, two = pq.read_table(a), pq.read_table(b)
    assert two.num_rows == 2 and pq.ParquetFile(pieces.snapshot.path).num_row_groups == 2
    assert one.to_pylist() == two.to_pylist() and pieces.result == whole.result
    assert set(one.column("compartment").to_pylist()) == {"water", "soil"}


def test_an_assessment_freezes_every_compartment_and_the_modelled_exposure(users, pfoa):
    from npgov.risk import assessments

    a = assessments.assessment_create(actor=users["analyst"], substance=pfoa)
    content = a.content
    assert content["schema"] == 2
    assert content["pnecs"]["values"]["soil"] == pytest.approx(3.2 / 1500 * 10)
    water, soil = content["exposure"]
    assert (water["compartment"], soil["compartment"]) == ("water", "soil")
    assert soil["rq"]["state"] == "risk" and soil["n_wet_left_out"] == 1
    assert soil["districts"][0]["district"] == "密云区"
    assert content["pec"]["n_enterprises"] == 0  # no survey report of PFOA


def test_runs_frozen_before_compartments_are_migrated_to_the_water_shape():
    from importlib import import_module

    from django.apps import apps

    from npgov.risk.models import ScreeningRun

    legacy = ScreeningRun.objects.create(
        title="old", media=["surface_water"],
        pnecs={"7": {"name": "PFOS", "pnec_ng_per_l": 0.2, "provisional": False, "rule": "FW-10"}},
        result=[{"substance_id": 7, "name": "PFOS", "category": 1}],
    )  # fmt: skip
    import_module("npgov.risk.migrations.0003_compartments").forwards(apps, None)
    legacy.refresh_from_db()
    water = legacy.pnecs["7"]["water"]
    assert water == {"pnec": 0.2, "unit": "ng/L", "provisional": False, "rule": "FW-10"}
    assert legacy.pnecs["7"]["soil"]["pnec"] is None
    assert legacy.result[0]["compartment"] == "water"


def test_eqp_inputs_match_the_science_functions(pfoa):
    """The risk app passes the knowledge base's Koc and log Kow unchanged."""
    _record(pfoa, "log_kow", 5.5, "")
    found = pnecs.derive([pfoa.pk])[pfoa.pk]
    expected = pnec_science.soil_eqp(1e-5, koc=100.0, log_kow=5.5)
    assert found.soil.value_mg_per_kg_dwt == pytest.approx(expected.value_mg_per_kg_dwt)
    assert found.soil.log_kow_factor == 10  # log Kow > 5: divided by 10


def test_pages_name_states_verdicts_and_categories_in_chinese(
    client, users, pfoa, django_capture_on_commit_callbacks
):
    from tests.conftest import PASSWORD

    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(actor=users["analyst"], title="土壤", substances=[pfoa])
    client.login(username=users["analyst"].username, password=PASSWORD)
    page = client.get(f"/risk/runs/{run.pk}/").content.decode()
    assert "管控/减排措施" in page  # category 1
    assert 'data-testid="category-soil-1"' in page
    page = client.get(f"/risk/substances/{pfoa.platform_id}/").content.decode()
    assert "有风险" in page and "数据不足" in page  # RQ state, hazard verdict
    assert "<strong>1e-05 mg/L</strong>" in page  # significant figures, not 0.000010


def test_a_rerun_keeps_the_count_of_wet_weight_results_left_out(
    users, pfoa, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_create(actor=users["analyst"], title="土壤", substances=[pfoa])
    run.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.run_rerun(actor=users["analyst"], run=run)
    again.refresh_from_db()
    assert again.message == run.message and "1" in again.message


def test_chronic_data_no_distribution_fits_fall_back_to_factors(client, users, pfoa):
    # Ten species with the same NOEC: no SSD can be fitted. The factors' PNEC is used, the
    # page says why, and nothing fails (this raised ValueError before).
    for group, species, _value in (*SPECIES, ("fish", "Salmo trutta", 0)):
        _record(pfoa, "chronic_toxicity", 1e-4, endpoint="NOEC", species=species,
                taxonomic_group=group, medium="freshwater")  # fmt: skip
    PropertyRecord.objects.filter(substance=pfoa, kind="chronic_toxicity").update(
        value=1e-4, value_canonical=1e-4
    )
    found = pnecs.derive([pfoa.pk])[pfoa.pk]
    assert found.by_ssd is None and found.water is found.by_factors
    assert "物种敏感度分布" in found.choice  # why no SSD, in the default language
    from tests.conftest import PASSWORD

    client.login(username=users["analyst"].username, password=PASSWORD)
    page = client.get(f"/risk/substances/{pfoa.platform_id}/")
    assert page.status_code == 200 and page.context["ssd"]["reason"]


def test_pec_bases_are_named_in_the_users_language():
    from npgov.risk.templatetags.risk_tags import pec_basis

    assert (
        pec_basis("release_water + quantity with ERC1")
        == "报告的向水体排放量 + 用量 × ERC1 的释放系数"
    )
