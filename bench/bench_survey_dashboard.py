"""The campaign dashboard page at city scale: 5,000 reports with 200,000 lines in PostgreSQL,
rendered for the bureau analyst through the whole stack (URL, policy, selectors, template)
against the page's core aggregate run as one hand-written SQL query (reports per district and
state). Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust authentication); creates and
drops the database ``npgov_bench_survey``. The target from the issue is under 300 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

import psycopg

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "npgov_bench_survey"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
TARGET_MS = 300.0


def database(create: bool) -> None:
    if not create and "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def setup(data_dir: str) -> None:
    os.environ.update(
        NPGOV_ENV="demo",
        NPGOV_DATABASE_URL=DB_URL,
        NPGOV_DATA_DIR=data_dir,
        NPGOV_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="npgov.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from npgov.chemicals.services import chemicals_load_reference
    from npgov.core.services import organisations_load_reference
    from npgov.enterprises.services import industry_classes_load_reference

    organisations_load_reference()
    chemicals_load_reference()
    industry_classes_load_reference()


def populate(reports: int, lines: int, seed: int):
    import datetime as dt

    from npgov.chemicals.models import Substance
    from npgov.core.models import Organisation, OrganisationKind
    from npgov.core.roles import Role
    from npgov.core.services import user_create
    from npgov.enterprises.models import EnterpriseProfile, IndustryClass
    from npgov.science.identifiers import USCC_CHARSET, uscc_check_character
    from npgov.survey import services
    from npgov.survey.choices import ReportState
    from npgov.survey.models import ReportLine, SurveyReport

    rng = random.Random(seed)
    analyst = user_create(
        username="analyst", password="bench-password-1",
        organisation=Organisation.objects.get(code="MEE-BJ"), roles=[Role.BUREAU_ANALYST],
        full_name="analyst",
    )  # fmt: skip
    districts = list(Organisation.objects.filter(kind=OrganisationKind.DISTRICT, is_gbt2260=True))
    classes = list(IndustryClass.objects.all())
    codes = set()
    enterprises = []
    while len(enterprises) < reports:
        district = rng.choice(districts)
        body = "91" + district.code + "".join(rng.choice(USCC_CHARSET) for _ in range(9))
        code = body + uscc_check_character(body)
        if code in codes:
            continue
        codes.add(code)
        enterprises.append(
            Organisation(
                kind=OrganisationKind.ENTERPRISE, code=code, district=district,
                name_zh=f"基准企业{len(codes)}（示例）", is_synthetic=True,
                longitude=116.4 + rng.uniform(-0.4, 0.4), latitude=39.9 + rng.uniform(-0.3, 0.3),
            )
        )  # fmt: skip
    Organisation.objects.bulk_create(enterprises, batch_size=2000)
    enterprises = list(Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE))
    EnterpriseProfile.objects.bulk_create(
        [EnterpriseProfile(organisation=e, industry=rng.choice(classes)) for e in enterprises],
        batch_size=2000,
    )
    today = dt.date.today()
    campaign = services.campaign_save(
        actor=analyst,
        data=services.CampaignInput(
            code="bench", year=today.year - 1, kind="detailed", title_zh="基准调查",
            opens=today - dt.timedelta(days=60), deadline=today + dt.timedelta(days=30),
            list_codes=["KCNP-2023", "PCC-1", "PCC-2"],
            industry_codes=[c.code for c in classes],
        ),
    )  # fmt: skip
    states = [s for s in ReportState]
    SurveyReport.objects.bulk_create(
        [
            SurveyReport(campaign=campaign, enterprise=e, state=rng.choice(states))
            for e in enterprises
        ],
        batch_size=2000,
    )
    substances = list(Substance.objects.values_list("pk", flat=True))
    report_ids = list(SurveyReport.objects.values_list("pk", flat=True))
    per_report = lines // len(report_ids)
    batch = []
    for report_id in report_ids:
        for position in range(1, per_report + 1):
            quantity = rng.lognormvariate(1, 1.5)
            batch.append(
                ReportLine(
                    report_id=report_id, position=position, substance_id=rng.choice(substances),
                    name_given="x", activity=rng.choice(["production", "processing_use"]),
                    quantity_t=quantity, release_air_t=quantity * 0.01,
                    release_water_t=quantity * 0.001,
                )
            )  # fmt: skip
        if len(batch) >= 20_000:
            ReportLine.objects.bulk_create(batch)
            batch = []
    ReportLine.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return analyst, campaign


def timed(func, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=5_000)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="npgov-bench-")
    database(create=True)
    try:
        setup(data_dir)
        analyst, campaign = populate(args.reports, args.lines, seed=11)
        from django.db import connection
        from django.test import Client

        from npgov.survey.models import ReportLine

        client = Client()
        client.force_login(analyst)
        url = f"/survey/{campaign.code}/"

        def page():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        def baseline():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT o.district_id, r.state, count(*) FROM survey_surveyreport r "
                    "JOIN core_organisation o ON o.id = r.enterprise_id "
                    "WHERE r.campaign_id = %s GROUP BY 1, 2",
                    [campaign.pk],
                )
                cursor.fetchall()

        page()  # warm caches (templates, translations)
        t_page = timed(page, args.repeat)
        t_base = timed(baseline, args.repeat)
        p50 = statistics.median(t_page) * 1e3
        p95 = statistics.quantiles(t_page, n=20, method="inclusive")[18] * 1e3
        base = statistics.median(t_base) * 1e3
        print(
            f"campaign dashboard ({campaign.reports.count():,} reports, "
            f"{ReportLine.objects.count():,} lines, PostgreSQL): p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms (target {TARGET_MS:.0f} ms); one SQL GROUP BY {base:.1f} ms; "
            f"ratio {p50 / base:.1f}"
        )
    finally:
        database(create=False)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
