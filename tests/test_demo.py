"""The demo data: deterministic, idempotent, synthetic, and each demo account sees its scope."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from npgov.core import policy
from npgov.core.models import Organisation, OrganisationKind, User
from npgov.demo import DEMO_ACCOUNTS, SYNTHETIC_MARK, demo_generate
from npgov.plan.models import ProgressReport
from npgov.science.identifiers import uscc_check
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def demo(reference):
    return demo_generate(password=PASSWORD, today=TODAY, survey=False, monitoring=False)


def test_demo_is_realistic_synthetic_and_loads_once(demo):
    assert demo["enterprises"] == 300 and demo["accounts"] == len(DEMO_ACCOUNTS)
    enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
    assert all(e.is_synthetic and e.name_zh.endswith(SYNTHETIC_MARK) for e in enterprises)
    assert all(uscc_check(e.code).valid for e in enterprises)
    assert len({e.district_id for e in enterprises}) == 17
    assert len({e.industry_code for e in enterprises}) >= 10
    states = set(ProgressReport.objects.values_list("review_state", flat=True))
    assert states == {"draft", "submitted", "returned", "accepted"}
    assert ProgressReport.objects.values("period").distinct().count() == 5
    again = demo_generate(password=PASSWORD, today=TODAY, survey=False, monitoring=False)
    assert again == {
        "enterprises": 0,
        "laboratories": 0,
        "accounts": 0,
        "enterprise profiles": 0,
        "progress reports": 0,
    }


def test_demo_is_deterministic(demo):
    first = list(
        ProgressReport.objects.order_by("pk").values_list(
            "task__code", "organisation__code", "period__quarter", "status", "review_state"
        )[:50]
    )
    codes = sorted(Organisation.objects.filter(kind="enterprise").values_list("code", flat=True))
    ProgressReport.objects.all().delete()
    Organisation.objects.filter(kind="enterprise").exclude(users__isnull=False).delete()
    demo_generate(password=PASSWORD, today=TODAY, survey=False, monitoring=False)
    assert (
        sorted(Organisation.objects.filter(kind="enterprise").values_list("code", flat=True))
        == codes
    )
    again = list(
        ProgressReport.objects.order_by("pk").values_list(
            "task__code", "organisation__code", "period__quarter", "status", "review_state"
        )[:50]
    )
    assert again == first


@pytest.mark.parametrize("account", [a.username for a in DEMO_ACCOUNTS] + ["public"])
def test_each_demo_account_sees_exactly_its_scope(client, demo, account):
    user = AnonymousUser() if account == "public" else User.objects.get(username=account)
    if account != "public":
        assert client.login(username=account, password=PASSWORD)
    listing = client.get("/api/plan/reports", {"limit": 1})
    expected = ProgressReport.objects.all()
    roles = policy.roles_of(user)
    if roles & {policy.Role.SYSTEM_ADMIN, policy.Role.BUREAU_ANALYST}:
        pass
    elif policy.Role.EXPERT in roles:
        expected = expected.filter(review_state="accepted")
    elif roles & {policy.Role.DEPARTMENT_OFFICER, policy.Role.DISTRICT_OFFICER}:
        own = expected.filter(organisation=user.organisation)
        expected = own | expected.filter(review_state="accepted", published=True)
    else:
        expected = expected.filter(review_state="accepted", published=True)
    assert listing.json()["count"] == expected.count()
    enterprises = client.get("/api/organisations", {"kind": "enterprise", "limit": 1}).json()
    if roles & {policy.Role.SYSTEM_ADMIN, policy.Role.BUREAU_ANALYST}:
        assert enterprises["count"] == 300
    elif policy.Role.DISTRICT_OFFICER in roles:
        assert (
            enterprises["count"]
            == Organisation.objects.filter(kind="enterprise", district=user.organisation).count()
        )
    elif policy.Role.ENTERPRISE_REPORTER in roles:
        assert enterprises["count"] == 1
    else:
        assert enterprises["count"] == 0


def test_demo_survey_has_every_state_and_the_deliberate_problems(reference, chem):
    from npgov.enterprises.services import industry_classes_load_reference
    from npgov.survey.models import Campaign, CheckFinding, SurveyReport

    industry_classes_load_reference()
    summary = demo_generate(password=PASSWORD, today=TODAY)
    assert summary["survey reports"] >= 500
    assert Campaign.objects.count() == 2
    current = Campaign.objects.get(year=TODAY.year - 1)
    states = set(SurveyReport.objects.filter(campaign=current).values_list("state", flat=True))
    assert states == {
        "not_started",
        "draft",
        "submitted",
        "district_passed",
        "returned",
        "accepted",
    }
    codes = set(CheckFinding.objects.values_list("code", flat=True))
    assert {"mass_balance", "prohibited_activity", "unresolved", "year_on_year"} <= codes
    own = SurveyReport.objects.get(
        campaign=current, enterprise=User.objects.get(username="enterprise").organisation
    )
    assert own.state == "draft" and own.findings.filter(code="mass_balance").exists()
    assert demo_generate(password=PASSWORD, today=TODAY)["survey reports"] == 0


def test_demo_monitoring_network_and_pilot(reference, chem):
    from npgov.monitoring.demo import monitoring_generate
    from npgov.monitoring.models import MicroplasticObservation, Result, Site

    demo_generate(password=PASSWORD, today=TODAY, survey=False, monitoring=False)
    import random

    count = monitoring_generate(rng=random.Random(1), today=TODAY)
    assert count > 40_000
    assert Site.objects.values("district").distinct().count() == 17
    assert Site.objects.values("medium").distinct().count() == 10
    assert Result.objects.filter(qc_type="field_blank").exists()
    detected = Result.objects.filter(qc_type="regular", detection="detected").count()
    assert 0.3 < detected / Result.objects.filter(qc_type="regular").count() < 0.95
    assert (
        MicroplasticObservation.objects.filter(
            sample__site__district__code__in=["110118", "110119"]
        ).count()
        == MicroplasticObservation.objects.count()
        > 0
    )
    assert monitoring_generate(rng=random.Random(1), today=TODAY) == 0

    # The risk demo: synthetic ecotoxicity for the panel and two screening runs over it.
    from npgov.chemicals.models import PropertyRecord
    from npgov.risk.demo import SOURCE, risk_generate
    from npgov.risk.models import ScreeningRun

    assert risk_generate(rng=random.Random(2)) == 2
    assert PropertyRecord.objects.filter(source=SOURCE).count() > 40
    runs = list(ScreeningRun.objects.order_by("pk"))
    assert all(run.status == "done" and run.snapshot_rows > 1000 for run in runs)
    categories = {row["category"] for run in runs for row in run.result}
    assert {1, 3, 6} <= categories  # act, assess the hazard, monitor less
    # Water, sediment and soil are all ranked; PFOS has an SSD beside its factors' PNEC.
    assert {row["compartment"] for run in runs for row in run.result} == {
        "water",
        "sediment",
        "soil",
    }
    pfos = next(v for run in runs for v in run.pnecs.values() if v["name"] == "全氟辛基磺酸")
    assert "HC5" in pfos["water"]["choice"] and pfos["soil"]["pnec"] > 0
    assert risk_generate(rng=random.Random(2)) == 2 and ScreeningRun.objects.count() == 2
    from npgov.risk.models import Assessment

    assert sorted(Assessment.objects.values_list("status", flat=True)) == ["approved", "in_review"]
