"""Fixtures of the survey tests: a key-controlled campaign of 2025 over the chemical
industry, with the Chaoyang enterprise of the root fixtures assigned."""

import datetime as dt

import pytest

from npgov.enterprises.models import EnterpriseProfile, IndustryClass
from npgov.survey import services
from npgov.survey.choices import CampaignStatus
from npgov.survey.lines import LineInput

TODAY = dt.date.today()


@pytest.fixture
def industries(reference):
    from npgov.enterprises.services import industry_classes_load_reference

    return industry_classes_load_reference()


@pytest.fixture
def campaign_factory(chem, users, industries, enterprises):
    def make(year=2025, kind="key_controlled", **overrides):
        EnterpriseProfile.objects.get_or_create(
            organisation=enterprises["chaoyang"],
            defaults={"industry": IndustryClass.objects.get(code="2614")},
        )
        EnterpriseProfile.objects.get_or_create(
            organisation=enterprises["miyun"],
            defaults={"industry": IndustryClass.objects.get(code="2710")},
        )
        data = services.CampaignInput(
            code=f"{year}-{kind}".replace("_", "-"),
            year=year,
            kind=kind,
            title_zh=f"{year}年度重点管控新污染物信息调查",
            opens=TODAY - dt.timedelta(days=30),
            deadline=TODAY + dt.timedelta(days=60),
            list_codes=["KCNP-2023"],
            substance_ids=[],
            industry_codes=["2614", "2710"],
            **overrides,
        )
        campaign = services.campaign_save(actor=users["analyst"], data=data)
        services.campaign_set_status(
            actor=users["analyst"], campaign=campaign, status=CampaignStatus.OPEN
        )
        services.campaign_assign(actor=users["analyst"], campaign=campaign)
        return campaign

    return make


@pytest.fixture
def campaign(campaign_factory):
    return campaign_factory()


@pytest.fixture
def report(campaign, enterprises):
    return campaign.reports.get(enterprise=enterprises["chaoyang"])


def line(**kwargs) -> LineInput:
    defaults = {"activity": "processing_use", "unit": "t", "use_category": "U02"}
    return LineInput(**{**defaults, **kwargs})
