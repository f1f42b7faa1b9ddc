"""Pages and API of chemical knowledge, for the public and for stewards."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from npgov.chemicals.models import Substance

pytestmark = pytest.mark.django_db


def pfos():
    return Substance.objects.get(identifiers__normalized="1763-23-1")


def test_search_page_finds_by_cas_and_shows_structures(client, chem):
    page = client.get(reverse("chemicals:substance_list"), {"q": "335-67-1"}).content.decode()
    assert "全氟辛酸" in page and "structure.svg" in page


def test_substructure_search_and_bad_smarts(client, chem):
    page = client.get(
        reverse("chemicals:substance_list"), {"smarts": "c1ccccc1Oc1ccccc1"}
    ).content.decode()
    assert "十溴二苯醚" in page
    bad = client.get(reverse("chemicals:substance_list"), {"smarts": "C(("}).content.decode()
    assert 'role="alert"' in bad


def test_substance_page_shows_structure_groups_lists_and_dates(client, chem):
    page = client.get(reverse("chemicals:substance_detail", args=[pfos().platform_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "YFSUTJLHUFNCNZ-UHFFFAOYSA-N" in text
    assert "重点管控新污染物清单（2023年版）" in text and "2023-03-01" in text
    assert "用于生产灭火泡沫药剂" in text and "2023-12-31" in text
    svg = client.get(reverse("chemicals:structure_svg", args=[pfos().platform_id]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_uvcb_page_explains_why_there_is_no_structure(client, chem):
    sccp = Substance.objects.get(identifiers__normalized="85535-84-8")
    page = client.get(reverse("chemicals:substance_detail", args=[sccp.platform_id]))
    assert "UVCB" in page.content.decode()
    assert (
        client.get(reverse("chemicals:structure_svg", args=[sccp.platform_id])).status_code == 404
    )


def test_group_and_list_pages(client, chem):
    group = client.get(reverse("chemicals:group_detail", args=["PFOA"])).content.decode()
    assert "pfoa_related" in group
    reglist = client.get(reverse("chemicals:list_detail", args=["SC-POPS"])).content.decode()
    assert "2019" in reglist and "COP-9" in reglist


def test_batch_resolution_page_with_a_gb18030_file(client, chem):
    content = "CAS\n1763-23-1\n二氯甲烷\n1763-23-2\n".encode("gb18030")
    response = client.post(
        reverse("chemicals:resolve"),
        {"identifiers": "PFOA", "file": SimpleUploadedFile("清单.csv", content)},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('data-status="matched"') == 3  # PFOA, 1763-23-1, 二氯甲烷
    assert text.count('data-status="invalid"') == 1  # the wrong check digit
    assert text.count('data-status="unmatched"') == 1  # the header line "CAS"


def test_rule_check_page(client, chem):
    response = client.get(
        reverse("chemicals:rule_check"),
        {
            "substance": "十溴二苯醚",
            "activity": "processing_use",
            "use": "用于建筑绝缘的聚氨酯泡沫塑料",
            "date": "2023-06-01",
        },
    )
    text = response.content.decode()
    assert 'data-decision="permitted_under_exemption"' in text and "2023-12-31" in text


def test_api_substance_detail_and_resolve(client, chem):
    body = client.get(f"/api/chemicals/substances/{pfos().platform_id}").json()
    assert body["inchikey"] == "YFSUTJLHUFNCNZ-UHFFFAOYSA-N"
    assert {g["group"] for g in body["groups"]} >= {"PFOS", "PFAS_OECD"}
    assert any(e["list_code"] == "KCNP-2023" for e in body["entries"])
    resolved = client.post(
        "/api/chemicals/resolve",
        {"identifiers": ["PFOS", "1763-23-2", "x"]},
        content_type="application/json",
    ).json()
    assert [r["status"] for r in resolved] == ["matched", "invalid", "unmatched"]
    lists = client.get("/api/chemicals/lists").json()
    assert {"KCNP-2023", "SC-POPS"} <= {item["code"] for item in lists}
    detail = client.get("/api/chemicals/lists/KCNP-2023").json()
    assert len(detail["entries"]) == 23


def test_steward_creates_and_edits_a_substance_in_the_ui(client, chem, steward):
    from tests.conftest import PASSWORD

    assert client.login(username="steward", password=PASSWORD)
    response = client.post(
        reverse("chemicals:substance_create"),
        {
            "name_zh": "全氟壬酸",
            "name_en": "Perfluorononanoic acid",
            "kind": "defined",
            "cas": "375-95-1",
            "synonyms": "PFNA",
            "source": "test",
            "smiles": "OC(=O)" + "C(F)(F)" * 7 + "C(F)(F)F",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pfna = Substance.objects.get(identifiers__normalized="375-95-1")
    # PFNA is a PFAS but excluded from the PFOA class (a PFCA with 8 perfluorinated carbons).
    assert set(pfna.memberships.values_list("group__code", flat=True)) == {"PFAS_OECD"}
    response = client.post(
        reverse("chemicals:substance_edit", args=[pfna.platform_id]),
        {
            "name_zh": "全氟壬酸",
            "kind": "defined",
            "cas": "375-95-1",
            "synonyms": "",
            "source": "test",
            "smiles": pfna.smiles,
        },
    )
    assert response.status_code == 302
    assert not pfna.identifiers.filter(kind="synonym").exists()
    bad = client.post(
        reverse("chemicals:substance_create"),
        {"name_zh": "某物质", "kind": "defined", "cas": "375-95-2", "source": "test"},
    )
    assert bad.status_code == 400 and "375-95-2" in bad.content.decode()


def test_api_writes_are_for_stewards(client, chem, steward, users):
    from tests.api.test_api import bearer

    payload = {
        "name_zh": "全氟癸酸",
        "cas": ["335-76-2"],
        "source": "test",
        "smiles": "OC(=O)" + "C(F)(F)" * 8 + "C(F)(F)F",
    }
    denied = client.post(
        "/api/chemicals/substances",
        payload,
        content_type="application/json",
        **bearer(users["analyst"]),
    )
    assert denied.status_code == 403
    created = client.post(
        "/api/chemicals/substances", payload, content_type="application/json", **bearer(steward)
    )
    assert created.status_code == 201, created.content
    pid = created.json()["platform_id"]
    conflict = client.post(
        "/api/chemicals/substances",
        {**payload, "name_zh": "另一个"},
        content_type="application/json",
        **bearer(steward),
    )
    assert conflict.status_code == 400 and "335-76-2" in conflict.json()["detail"]
    prop = client.post(
        f"/api/chemicals/substances/{pid}/properties",
        {"kind": "water_solubility", "value": "9.5", "unit": "g/L", "source": "test"},
        content_type="application/json",
        **bearer(steward),
    )
    assert prop.status_code == 201 and prop.json()["value_canonical"] == 9500
    unitless = client.post(
        f"/api/chemicals/substances/{pid}/properties",
        {"kind": "water_solubility", "value": "9.5", "source": "test"},
        content_type="application/json",
        **bearer(steward),
    )
    assert unitless.status_code == 400


def test_stewards_add_a_list_edition_and_an_entry_over_the_api(client, chem, steward, users):
    from tests.api.test_api import bearer

    listing = {
        "name_zh": "优先评估化学物质计划（示例）",
        "name_en": "Priority assessment plan (example)",
        "kind": "priority_assessment",
        "edition": "2026",
        "effective": "2026-07-01",
        "source": "test",
    }
    assert (
        client.put(
            "/api/chemicals/lists/PAP-2026",
            listing,
            content_type="application/json",
            **bearer(users["analyst"]),
        ).status_code
        == 403
    )
    created = client.put(
        "/api/chemicals/lists/PAP-2026", listing, content_type="application/json", **bearer(steward)
    )
    assert created.status_code == 200, created.content
    entry = {
        "name_zh": "二氯甲烷",
        "cas": ["75-09-2"],
        "measures": [{"activity": "export", "kind": "permit_required", "note_en": "test measure"}],
    }
    saved = client.put(
        "/api/chemicals/lists/PAP-2026/entries/1",
        entry,
        content_type="application/json",
        **bearer(steward),
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["measures"][0]["effective_from"] == "2026-07-01"
    import datetime as dt

    from django.contrib.auth.models import AnonymousUser

    from npgov.chemicals.selectors import rules_check

    later = rules_check(
        user=AnonymousUser(), query="75-09-2", activity="export", on=dt.date(2026, 8, 1)
    )
    assert later.decision.decision == "restricted"
    unknown = client.put(
        "/api/chemicals/lists/PAP-2026/entries/2",
        {"name_zh": "未知", "cas": ["50-00-0", "1-23-5"]},
        content_type="application/json",
        **bearer(steward),
    )
    assert unknown.status_code == 400 and "1-23-5" in unknown.json()["detail"]
