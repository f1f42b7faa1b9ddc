"""Uploading a survey workbook: 20,000 lines read, validated (units, numbers, identifiers
resolved through the knowledge base), stored and checked by ``survey.services.report_upload``,
against reading the same workbook with openpyxl alone (read-only iteration over every cell:
the floor any upload must pay). Builds a temporary SQLite database with the reference data,
one synthetic enterprise and one detailed campaign; leaves nothing behind.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
import time


def setup(data_dir: str) -> None:
    os.environ.update(
        NPGOV_ENV="demo", NPGOV_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="npgov.settings"
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


def workbook_bytes(campaign, report, n: int, seed: int) -> bytes:
    from openpyxl import load_workbook

    from npgov.chemicals.models import SubstanceIdentifier
    from npgov.survey import workbook

    cas = sorted(SubstanceIdentifier.objects.filter(kind="cas").values_list("value", flat=True))
    rng = random.Random(seed)
    book = load_workbook(io.BytesIO(workbook.template(campaign, report)))
    sheet = book[workbook.LINES_SHEET]
    activities = ["生产", "加工使用", "进口", "出口"]
    for i in range(n):
        quantity = rng.lognormvariate(2, 1.2)
        unit = rng.choice(["t", "吨", "kg", "千克"])
        shown = quantity * (1000 if unit in ("kg", "千克") else 1)
        text = f"{shown:,.2f}" if rng.random() < 0.3 else round(shown, 3)
        name = f"商品名助剂-{i % 97}" if rng.random() < 0.01 else ""
        sheet.append(
            [name, "" if name else rng.choice(cas), rng.choice(activities), text, unit,
             "U02", "F04", "", round(shown * 0.01, 4), round(shown * 0.001, 5), 0,
             round(shown * 0.05, 4), 0, "", "", ""]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="npgov-bench-")
    try:
        setup(data_dir)
        import datetime as dt

        from openpyxl import load_workbook

        from npgov.core.models import Organisation, OrganisationKind
        from npgov.core.roles import Role
        from npgov.core.services import user_create
        from npgov.enterprises.models import EnterpriseProfile, IndustryClass
        from npgov.science.identifiers import uscc_check_character
        from npgov.survey import services

        admin = user_create(
            username="bench", password="bench-password-1", organisation=None,
            roles=[Role.SYSTEM_ADMIN], full_name="bench",
        )  # fmt: skip
        body = "91110105MA01BENCH"
        enterprise = Organisation.objects.create(
            kind=OrganisationKind.ENTERPRISE, code=body + uscc_check_character(body),
            name_zh="基准测试化工有限公司（示例）", is_synthetic=True,
            district=Organisation.objects.get(code="110105"),
        )  # fmt: skip
        EnterpriseProfile.objects.create(
            organisation=enterprise, industry=IndustryClass.objects.get(code="2614")
        )
        today = dt.date.today()
        campaign = services.campaign_save(
            actor=admin,
            data=services.CampaignInput(
                code="bench-detailed", year=today.year - 1, kind="detailed", title_zh="基准",
                opens=today, deadline=today + dt.timedelta(days=30),
                list_codes=["KCNP-2023", "PCC-1", "PCC-2"], industry_codes=["2614"],
            ),
        )  # fmt: skip
        services.campaign_set_status(actor=admin, campaign=campaign, status="open")
        services.campaign_assign(actor=admin, campaign=campaign)
        report = campaign.reports.get()
        content = workbook_bytes(campaign, report, args.lines, args.seed)

        start = time.perf_counter()
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        cells = sum(1 for row in book["物质信息 Lines"].iter_rows() for _cell in row)
        book.close()
        floor = time.perf_counter() - start

        start = time.perf_counter()
        report, loaded = services.report_upload(
            actor=admin, report=report, file_name="bench.xlsx", content=content
        )
        upload = time.perf_counter() - start
        assert loaded and report.lines.count() == args.lines
        findings = report.findings.count()
        print(
            f"survey upload of {args.lines:,} lines ({len(content) / 1e6:.1f} MB, {cells:,} "
            f"cells): report_upload {upload:.2f} s ({args.lines / upload:,.0f} lines/s, "
            f"{findings} findings), openpyxl read-only iteration {floor:.2f} s, "
            f"ratio {upload / floor:.1f}"
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
