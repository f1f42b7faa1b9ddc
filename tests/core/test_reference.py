"""Reference data: loaded completely, idempotently, with sources; boundaries match the datum."""

import json
from pathlib import Path

import pytest

from npgov.core.models import Organisation, OrganisationKind
from npgov.plan.models import PlanTask

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SHARED_GEO = ROOT.parent / "shared" / "reference" / "geo" / "beijing_districts.geojson"
VENDOR_GEO = ROOT / "src" / "npgov" / "static" / "vendor" / "geo" / "beijing_districts.json"


def test_reference_loads_all_districts_departments_and_tasks(reference):
    districts = Organisation.objects.filter(kind=OrganisationKind.DISTRICT)
    assert districts.count() == 17
    assert set(districts.filter(is_gbt2260=True).values_list("code", flat=True)) == {
        "110101",
        "110102",
        "110105",
        "110106",
        "110107",
        "110108",
        "110109",
        "110111",
        "110112",
        "110113",
        "110114",
        "110115",
        "110116",
        "110117",
        "110118",
        "110119",
    }
    etdz = districts.get(code="BJETDZ")
    assert not etdz.is_gbt2260 and etdz.district == etdz
    assert Organisation.objects.get(code="MEE-BJ").is_bureau
    assert all(o.source for o in Organisation.objects.all())
    assert PlanTask.objects.filter(kind="task").count() == 16
    assert PlanTask.objects.filter(kind="safeguard").count() == 4
    task14 = PlanTask.objects.get(code="14")
    assert {d.code for d in task14.named_districts.all()} == {"110118", "110119"}
    assert "WAT-BJ" in {d.code for d in task14.responsible_departments.all()}
    assert PlanTask.objects.get(code="11").responsible_departments.filter(code="FOR-BJ").exists()


def test_loading_twice_changes_nothing(reference):
    from npgov.core.services import organisations_load_reference
    from npgov.plan.services import plan_load_reference

    before = (Organisation.objects.count(), PlanTask.objects.count())
    organisations_load_reference()
    plan_load_reference()
    assert (Organisation.objects.count(), PlanTask.objects.count()) == before


def _bbox(feature):
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    points = [pt for polygon in polygons for pt in polygon[0]]
    return (
        min(p[0] for p in points),
        min(p[1] for p in points),
        max(p[0] for p in points),
        max(p[1] for p in points),
    )


@pytest.mark.skipif(not VENDOR_GEO.exists(), reason="front-end files missing: run `make assets`")
def test_boundaries_are_keyed_by_division_code_and_in_gcj02():
    """The npm boundaries carry our codes and agree with the GCJ-02 reference shapes to ~2 px
    of their 1/1024° quantisation, far closer than the ~500 m WGS-84 offset."""
    ours = json.loads(VENDOR_GEO.read_text(encoding="utf-8"))
    assert ours["npgov"]["datum"] == "GCJ-02"
    assert len({f["properties"]["adcode"] for f in ours["features"]}) == 16
    if not SHARED_GEO.exists():
        pytest.skip("../shared/reference/geo is absent: boundary comparison not possible")
    reference = {
        str(f["properties"]["adcode"]): f
        for f in json.loads(SHARED_GEO.read_text(encoding="utf-8"))["features"]
    }
    east_offsets = []
    for feature in ours["features"]:
        a, b = _bbox(feature), _bbox(reference[feature["properties"]["adcode"]])
        east_offsets.append((a[0] - b[0] + a[2] - b[2]) / 2 * 85_000)  # metres at 40° N
        assert all(abs(x - y) < 0.005 for x, y in zip(a, b, strict=True))
    mean_east = sum(east_offsets) / len(east_offsets)
    assert abs(mean_east) < 150  # a WGS-84 shape would sit ~500 m west
