"""The survey pages: who sees what (quantities are confidential), the web form with stale-edit
refusal, review through the pages, exports, the stewards' queue and the source inventory."""

import csv
import io

import pytest

from npgov.survey import services
from npgov.survey.choices import ReportState
from tests.conftest import PASSWORD

from .conftest import line

pytestmark = pytest.mark.django_db


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def filled(report, users):
    return services.report_save(
        actor=users["enterprise"],
        report=report,
        expected_version=report.version,
        lines=[
            line(cas="75-09-2", quantity="12.5", release_air="0.4"),
            line(name="某种新型助剂XY-7", quantity="2", release_air="0"),
        ],
    )


@pytest.mark.parametrize(
    "who, status",
    [
        ("enterprise", 200),
        ("district_chaoyang", 200),
        ("analyst", 200),
        ("district_miyun", 404),
        ("dept_agri", 403),
        ("expert", 403),
        ("lab", 403),
    ],
)
def test_report_contents_reach_only_owner_district_and_bureau(client, users, filled, who, status):
    response = login(client, users[who]).get(f"/survey/reports/{filled.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "12.5" in response.content.decode()


def test_public_sees_no_report_and_figures_have_no_quantities(client, users, filled, campaign):
    assert client.get(f"/survey/reports/{filled.pk}/").status_code == 302
    page = login(client, users["dept_agri"]).get(f"/survey/{campaign.code}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="assigned">2<' in body and "12.5" not in body


def test_web_form_saves_and_a_stale_form_is_refused(client, users, report):
    client = login(client, users["enterprise"])
    page = client.get(f"/survey/reports/{report.pk}/edit/")
    assert page.status_code == 200
    form = {
        "version": report.version,
        "contact_name": "张三",
        "contact_phone": "010-12345678",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-name": "二氯甲烷",
        "lines-0-activity": "processing_use",
        "lines-0-quantity": "12,500",
        "lines-0-unit": "kg",
        "lines-0-release_air": "100",
        "lines-1-name": "",
    }
    response = client.post(f"/survey/reports/{report.pk}/edit/", form)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.lines.get().quantity_t == pytest.approx(12.5)
    form["lines-0-quantity"] = "13"  # an edit begun before the save above
    response = client.post(f"/survey/reports/{report.pk}/edit/", form)
    assert response.status_code == 400
    assert "您的修改未保存" in response.content.decode()
    assert report.lines.get().quantity_t == pytest.approx(12.5)
    bad = {**form, "version": report.version, "lines-0-quantity": "十二"}
    response = client.post(f"/survey/reports/{report.pk}/edit/", bad)
    assert response.status_code == 400 and "不是数值" in response.content.decode()


def test_review_through_the_pages(client, users, filled):
    services.report_submit(actor=users["enterprise"], report=filled)
    first = filled.lines.get(position=1)
    client = login(client, users["district_chaoyang"])
    response = client.post(
        f"/survey/reports/{filled.pk}/review/",
        {"decision": "return", "comment": "", f"line_comment_{first.pk}": "请附采购台账"},
    )
    assert response.status_code == 302
    filled.refresh_from_db()
    assert filled.state == ReportState.RETURNED
    page = login(client, users["enterprise"]).get(f"/survey/reports/{filled.pk}/")
    assert "请附采购台账" in page.content.decode()


def test_exports_respect_the_district(client, users, filled, campaign, enterprises):
    other = campaign.reports.get(enterprise=enterprises["miyun"])
    services.report_save(
        actor=users["admin"],
        report=other,
        expected_version=other.version,
        lines=[line(cas="67-66-3", quantity="7", release_air="0")],
    )
    response = login(client, users["district_chaoyang"]).get(f"/survey/{campaign.code}/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == {filled.enterprise.code}
    response = login(client, users["analyst"]).get(
        f"/survey/{campaign.code}/export.xlsx?layout=national"
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert (
        login(client, users["enterprise"]).get(f"/survey/{campaign.code}/export.csv").status_code
        == 403
    )


def test_steward_links_an_unknown_name(client, users, filled, steward):
    client = login(client, steward)
    page = client.get("/survey/unresolved/")
    assert "某种新型助剂XY-7" in page.content.decode() and "12.5" not in page.content.decode()
    client.post(
        "/survey/unresolved/", {"name": "某种新型助剂XY-7", "cas": "", "substance": "67-66-3"}
    )
    assert filled.lines.get(position=2).substance is not None
    assert not filled.findings.filter(code="unresolved").exists()


def test_inventory_lists_sources_with_measures(client, users, report):
    from npgov.chemicals.models import ListEntry

    services.report_save(
        actor=users["enterprise"],
        report=report,
        expected_version=report.version,
        lines=[
            line(
                name="全氟辛基磺酸钾",
                cas="2795-39-3",
                activity="processing_use",
                quantity="0.2",
                release_water="0.001",
            )
        ],
    )
    services.report_submit(actor=users["enterprise"], report=report)
    entry = ListEntry.objects.get(regulatory_list__code="KCNP-2023", number="1")
    page = login(client, users["analyst"]).get(f"/survey/inventory/?entry={entry.pk}")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="source-count">1<' in body and report.enterprise.name_zh in body
    assert "decision-prohibited" in body
    miyun = login(client, users["district_miyun"]).get(f"/survey/inventory/?entry={entry.pk}")
    assert 'data-testid="source-count">0<' in miyun.content.decode()
    assert login(client, users["enterprise"]).get("/survey/inventory/").status_code == 403


def test_screening_page(client, users, campaign):
    client = login(client, users["enterprise"])
    assert client.get(f"/survey/{campaign.code}/screening/").status_code == 200
    response = client.post(
        f"/survey/{campaign.code}/screening/",
        {
            "industry_code": "2614",
            "s-TOTAL_FORMS": "1",
            "s-INITIAL_FORMS": "0",
            "s-0-query": "75-09-2",
            "s-0-quantity": "3",
            "s-0-unit": "吨",
        },
    )
    assert response.status_code == 200
    assert 'data-testid="screening-result"' in response.content.decode()


def test_campaign_pages_render(client, users, campaign):
    for who in ("analyst", "district_chaoyang", "enterprise", "expert"):
        c = login(client, users[who])
        assert c.get("/survey/").status_code == 200
        assert c.get(f"/survey/{campaign.code}/").status_code == 200
        assert c.get(f"/survey/{campaign.code}/template.xlsx").status_code == 200
    assert (
        login(client, users["analyst"]).get(f"/survey/{campaign.code}/reports/").status_code == 200
    )
    assert login(client, users["analyst"]).get(f"/survey/{campaign.code}/edit/").status_code == 200


def test_enterprise_page_shows_its_survey_reports(client, users, filled, enterprises):
    services.report_submit(actor=users["enterprise"], report=filled)
    page = login(client, users["district_chaoyang"]).get(
        f"/enterprises/{enterprises['chaoyang'].pk}/"
    )
    body = page.content.decode()
    assert 'id="survey"' in body and "二氯甲烷" in body
    other = login(client, users["district_miyun"]).get(f"/enterprises/{enterprises['miyun'].pk}/")
    assert 'id="survey"' in other.content.decode()  # its own district's enterprise, not started
    assert "二氯甲烷" not in other.content.decode()


def test_bureau_adds_an_enterprise_by_credit_code(client, users, campaign, enterprises):
    from npgov.survey.models import SurveyReport

    SurveyReport.objects.filter(campaign=campaign, enterprise=enterprises["miyun"]).delete()
    client = login(client, users["analyst"])
    url = f"/survey/{campaign.code}/action/"
    client.post(url, {"action": "add", "uscc": enterprises["miyun"].code.lower()})
    report = SurveyReport.objects.get(campaign=campaign, enterprise=enterprises["miyun"])
    assert report.basis == "manual"
    page = client.post(url, {"action": "add", "uscc": "91110000XXXXXXXXX0"}, follow=True)
    assert "91110000XXXXXXXXX0" in page.content.decode()
    assert login(client, users["district_chaoyang"]).post(
        url, {"action": "add", "uscc": enterprises["miyun"].code}
    ).status_code in (302, 403)
    assert SurveyReport.objects.filter(campaign=campaign).count() == 2


def test_api_lists_own_reports_with_lines(client, users, filled):
    from tests.api.test_api import bearer

    own = client.get("/api/survey/reports", **bearer(users["enterprise"])).json()
    assert own["count"] == 1 and own["items"][0]["enterprise"] == filled.enterprise.code
    detail = client.get(f"/api/survey/reports/{filled.pk}", **bearer(users["enterprise"])).json()
    assert detail["lines"][0]["quantity_t"] == pytest.approx(12.5)
    assert (
        client.get(
            f"/api/survey/reports/{filled.pk}", **bearer(users["district_miyun"])
        ).status_code
        == 404
    )
    assert client.get("/api/survey/reports").status_code in (401, 403)
    rates = client.get(
        f"/api/survey/campaigns/{filled.campaign.code}/districts", **bearer(users["expert"])
    ).json()
    assert {r["code"] for r in rates} == {"110105", "110118"}
