"""Synthetic survey campaigns for the demo: two survey years over the synthetic enterprises,
reports in every state, lines of key controlled pollutants and common industrial solvents,
and a few deliberate problems (a mass-balance failure, a prohibited activity, an unresolvable
name, a year-on-year jump) so that the checks show. Deterministic for a given seed and date;
running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import math
import random

from django.db import transaction
from django.utils import timezone

from npgov.core.errors import WorkflowError
from npgov.core.models import Organisation, OrganisationKind, User
from npgov.core.roles import Role

from . import services
from .choices import CampaignStatus, ReportState
from .lines import LineInput
from .models import Campaign, ReportEvent, SurveyReport

INDUSTRIES = [
    "2511", "2614", "2619", "2631", "2641", "2661", "2710", "2720", "2750",
    "3360", "2922", "1713", "3982", "4620",
]  # fmt: skip

#: Substances an enterprise of an industry (by class prefix) typically reports:
#: (CAS, activity, median t/a, fraction to air, to water, to waste).
POOLS = {
    "25": [("71-43-2", "production", 800, 0.002, 0.0005, 0.001),
           ("108-88-3", "production", 500, 0.003, 0.0005, 0.001),
           ("106-99-0", "production", 300, 0.001, 0.0, 0.0005),
           ("91-20-3", "production", 40, 0.001, 0.001, 0.002)],
    "26": [("75-09-2", "processing_use", 60, 0.08, 0.002, 0.2),
           ("67-66-3", "processing_use", 20, 0.05, 0.002, 0.2),
           ("127-18-4", "processing_use", 8, 0.1, 0.001, 0.3),
           ("50-00-0", "production", 200, 0.001, 0.001, 0.001),
           ("78-87-5", "processing_use", 5, 0.05, 0.002, 0.2),
           ("85535-85-9", "production", 150, 0.0001, 0.0002, 0.001),
           ("25154-52-3", "processing_use", 3, 0.0, 0.01, 0.05),
           ("25973-55-1", "processing_use", 1, 0.0, 0.001, 0.02)],
    "2631": [("2921-88-2", "production", 50, 0.0005, 0.002, 0.01),
             ("75-09-2", "processing_use", 30, 0.08, 0.002, 0.2)],
    "2641": [("108-88-3", "processing_use", 40, 0.15, 0.001, 0.05),
             ("85535-85-9", "processing_use", 10, 0.0, 0.0005, 0.01),
             ("9016-45-9", "processing_use", 2, 0.0, 0.02, 0.02)],
    "27": [("75-09-2", "processing_use", 80, 0.06, 0.003, 0.25),
           ("67-66-3", "processing_use", 15, 0.05, 0.002, 0.25),
           ("108-88-3", "processing_use", 30, 0.05, 0.001, 0.2),
           ("85721-33-1", "production", 2, 0.0, 0.003, 0.01),
           ("723-46-6", "production", 1.5, 0.0, 0.004, 0.01),
           ("26787-78-0", "production", 5, 0.0, 0.002, 0.01)],
    "2750": [("93106-60-6", "production", 1.2, 0.0, 0.004, 0.01),
             ("68-35-9", "production", 0.8, 0.0, 0.004, 0.01)],
    "33": [("79-01-6", "processing_use", 4, 0.2, 0.001, 0.3),
           ("127-18-4", "processing_use", 3, 0.2, 0.001, 0.3),
           ("9016-45-9", "processing_use", 1, 0.0, 0.03, 0.05)],
    "29": [("115-96-8", "processing_use", 6, 0.0, 0.0, 0.01),
           ("85535-85-9", "processing_use", 20, 0.0, 0.0001, 0.01),
           ("25973-55-1", "processing_use", 0.5, 0.0, 0.0, 0.01)],
    "17": [("9016-45-9", "processing_use", 3, 0.0, 0.05, 0.02),
           ("50-00-0", "processing_use", 2, 0.01, 0.01, 0.01)],
    "39": [("79-01-6", "processing_use", 2, 0.15, 0.001, 0.3),
           ("75-09-2", "processing_use", 5, 0.1, 0.001, 0.3),
           ("127-18-4", "processing_use", 1, 0.1, 0.001, 0.3)],
}  # fmt: skip

USES = {"processing_use": "U02", "production": "U01"}
FUNCTIONS = {"processing_use": "F04", "production": "F01"}
SPECIAL_USES = {"85535-85-9": "U05", "115-96-8": "U04", "25973-55-1": "U13", "9016-45-9": "U03",
                "2921-88-2": "U09", "85721-33-1": "U10", "723-46-6": "U10", "26787-78-0": "U10",
                "93106-60-6": "U10", "68-35-9": "U10", "50-00-0": "U01"}  # fmt: skip

#: Weights of the states of the current year's reports (the previous year is nearly done).
CURRENT_STATES = [
    (ReportState.NOT_STARTED, 12), (ReportState.DRAFT, 18), (ReportState.SUBMITTED, 20),
    (ReportState.DISTRICT_PASSED, 14), (ReportState.RETURNED, 6), (ReportState.ACCEPTED, 30),
]  # fmt: skip
PREVIOUS_STATES = [
    (ReportState.NOT_STARTED, 3), (ReportState.RETURNED, 2), (ReportState.SUBMITTED, 2),
    (ReportState.ACCEPTED, 93),
]  # fmt: skip


def _pool(industry: str) -> list[tuple]:
    return POOLS.get(industry) or POOLS.get(industry[:2], [])


def _lines(rng: random.Random, industry: str, scale: float) -> list[LineInput]:
    pool = _pool(industry)
    if not pool:
        return []
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(1, 4)))
    lines = []
    for cas, activity, median, air, water, waste in chosen:
        quantity = median * scale * math.exp(rng.gauss(0, 0.8))
        unit, shown = ("kg", quantity * 1000) if quantity < 1 else ("t", quantity)
        lines.append(
            LineInput(
                cas=cas,
                activity=activity,
                quantity=f"{shown:.3g}",
                unit=unit,
                use_category=SPECIAL_USES.get(cas, USES[activity]),
                function=FUNCTIONS[activity],
                release_air=f"{shown * air:.3g}",
                release_water=f"{shown * water:.3g}",
                release_soil="0",
                waste=f"{shown * waste:.3g}",
                treatment="活性炭吸附+催化燃烧" if air > 0.01 else "",
            )
        )
    return lines


def _campaign(actor, year: int, opens: dt.date, deadline: dt.date) -> Campaign:
    existing = Campaign.objects.filter(year=year, kind="detailed").first()
    if existing:
        return existing
    return services.campaign_save(
        actor=actor,
        data=services.CampaignInput(
            code=f"{year}-detailed",
            year=year,
            kind="detailed",
            title_zh=f"北京市{year}年度化学物质环境信息详细调查（示例）",
            title_en=f"Beijing {year} detailed chemical information survey (synthetic)",
            opens=opens,
            deadline=deadline,
            list_codes=["KCNP-2023", "PCC-1", "PCC-2", "SC-POPS"],
            industry_codes=INDUSTRIES,
            threshold_t=0.1,
            note="演示数据，企业与数量均为虚构。",
        ),
    )


def _drive(report, state, lines, rng, actors, day0: dt.date, deadline: dt.date) -> None:
    """Take a report to ``state`` through the services, on synthetic days."""
    if state == ReportState.NOT_STARTED:
        return
    enterprise_user = actors["enterprise"]
    if not lines:
        report = services.report_save(
            actor=enterprise_user, report=report, lines=[], expected_version=None,
            nothing_to_report=True,
        )  # fmt: skip
    else:
        report = services.report_save(
            actor=enterprise_user, report=report, lines=lines, expected_version=None
        )
    if state == ReportState.DRAFT:
        return
    submitted = day0 + dt.timedelta(days=rng.randint(5, max(6, (deadline - day0).days - 5)))
    try:
        report = services.report_submit(actor=enterprise_user, report=report, today=submitted)
    except WorkflowError:
        return  # a line with an error stays in draft, as it would
    if state == ReportState.SUBMITTED:
        return
    if state == ReportState.RETURNED:
        first = report.lines.order_by("position").first()
        services.report_review(
            actor=actors["reviewer"], report=report, accept=False,
            comment="请核实数量并补充采购台账。",
            line_comments={first.pk: "数量与上年差异较大，请说明。"} if first else None,
        )  # fmt: skip
        return
    report = services.report_review(actor=actors["reviewer"], report=report, accept=True)
    if state == ReportState.DISTRICT_PASSED:
        return
    services.report_review(actor=actors["reviewer"], report=report, accept=True)


@transaction.atomic
def survey_generate(*, rng: random.Random, today: dt.date) -> int:
    """Two years of detailed surveys over the synthetic enterprises (idempotent)."""
    admin = User.objects.filter(groups__name=Role.SYSTEM_ADMIN).order_by("pk").first()
    if admin is None or Campaign.objects.filter(kind="detailed").exists():
        return 0
    actors = {"enterprise": admin, "reviewer": admin}
    previous_year, current_year = today.year - 2, today.year - 1
    previous = _campaign(admin, previous_year, dt.date(previous_year + 1, 3, 1),
                         dt.date(previous_year + 1, 6, 30))  # fmt: skip
    opens = today - dt.timedelta(days=75)
    current = _campaign(admin, current_year, opens, today + dt.timedelta(days=21))
    created = 0
    scales: dict[int, float] = {}
    special: set[int] = set()
    for campaign, states, day0 in (
        (previous, PREVIOUS_STATES, previous.opens),
        (current, CURRENT_STATES, current.opens),
    ):
        services.campaign_set_status(actor=admin, campaign=campaign, status=CampaignStatus.OPEN)
        services.campaign_assign(actor=admin, campaign=campaign)
        if campaign is current:
            special = {r.enterprise_id for r in _problem_reports(current) if r is not None}
        reports = campaign.reports.select_related("enterprise__enterprise_profile__industry")
        for report in reports.order_by("enterprise__code"):
            enterprise = report.enterprise
            profile = getattr(enterprise, "enterprise_profile", None)
            industry = profile.industry.code if profile and profile.industry else ""
            scale = scales.setdefault(enterprise.pk, math.exp(rng.gauss(0, 0.6)))
            state = rng.choices([s for s, _w in states], weights=[w for _s, w in states])[0]
            lines = _lines(random.Random(f"{enterprise.code}"), industry, scale)
            if campaign is current:
                lines = _drift(rng, lines)
                if lines and rng.random() < 0.02:  # a year-on-year jump to be explained
                    lines[0].quantity = f"{float(lines[0].quantity) * 3:.3g}"
            created += 1
            if campaign is current and enterprise.pk in special:
                continue  # filled in by _deliberate_problems
            _drive(report, state, lines, rng, actors, day0, campaign.deadline)
        if campaign is previous:
            services.campaign_set_status(
                actor=admin, campaign=campaign, status=CampaignStatus.CLOSED
            )
    _deliberate_problems(current, admin)
    _backdate(previous)
    return created


def _drift(rng: random.Random, lines: list[LineInput]) -> list[LineInput]:
    """This year's quantities: last year's with a year's ordinary variation."""
    for line in lines:
        factor = math.exp(rng.gauss(0, 0.15))
        for name in ("quantity", "release_air", "release_water", "waste"):
            value = float(getattr(line, name))
            setattr(line, name, f"{value * factor:.3g}")
    return lines


def _deliberate_problems(campaign: Campaign, admin) -> None:
    """Reports whose checks fail on purpose, so the demo shows what the checks find. The
    demo enterprise account's own report is one of them (kept in draft)."""
    demo_enterprise = (
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE, is_synthetic=True)
        .order_by("pk")
        .first()
    )
    cases = {
        # mass balance: 12 t used and 3 t exported out of 10 t imported; an unknown trade name
        "balance": [
            LineInput(cas="75-09-2", activity="import", quantity="10", unit="t",
                      use_category="U02", function="F04"),
            LineInput(cas="75-09-2", activity="processing_use", quantity="12", unit="t",
                      use_category="U02", function="F04", release_air="0.9", release_water="0.01",
                      release_soil="0", waste="2.5"),
            LineInput(cas="75-09-2", activity="export", quantity="3", unit="t"),
            LineInput(name="含氟表面活性剂FS-3100（商品名）", activity="processing_use",
                      quantity="350", unit="kg", use_category="U07", function="F07",
                      release_air="0", release_water="1.2", release_soil="0", waste="20"),
        ],
        # prohibited: PFOS salt used as a chromium mist suppressant in plating
        "prohibited": [
            LineInput(name="全氟辛基磺酸钾", cas="2795-39-3", activity="processing_use",
                      quantity="85", unit="kg", use_category="U07", function="F07",
                      use_description="硬铬电镀铬雾抑制剂", release_air="0",
                      release_water="0.4", release_soil="0", waste="6"),
        ],
        # releases above the quantity handled: an error that keeps the report in draft
        "release": [
            LineInput(cas="79-01-6", activity="processing_use", quantity="1.2", unit="t",
                      use_category="U02", function="F08", release_air="1.5",
                      release_water="0", release_soil="0", waste="0.2"),
        ],
    }  # fmt: skip
    own, plating, electronics = _problem_reports(campaign)
    if own is None and demo_enterprise is not None:
        own = services.campaign_add_enterprise(
            actor=admin, campaign=campaign, enterprise=demo_enterprise
        )
    for report, key, submit in ((own, "balance", False), (plating, "prohibited", True),
                                (electronics, "release", False)):  # fmt: skip
        if report is None:
            continue
        report = services.report_save(
            actor=admin, report=report, lines=cases[key], expected_version=None
        )
        if submit:
            services.report_submit(actor=admin, report=report)


def _problem_reports(campaign: Campaign) -> tuple:
    """The reports that receive the deliberate problems: the demo enterprise account's own
    (added if its industry is out of scope), the first plating shop's and the first
    electronics maker's."""
    demo_enterprise = (
        Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE, is_synthetic=True)
        .order_by("pk")
        .first()
    )
    own = SurveyReport.objects.filter(campaign=campaign, enterprise=demo_enterprise).first()

    def first_of(industry: str):
        return (
            SurveyReport.objects.filter(
                campaign=campaign, enterprise__enterprise_profile__industry__code=industry
            )
            .exclude(enterprise=demo_enterprise)
            .order_by("enterprise__code")
            .first()
        )

    return own, first_of("3360"), first_of("3982")


def _backdate(campaign: Campaign) -> None:
    """Workflow times of the closed campaign fall in its reporting window."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(campaign.opens, dt.time(9), tz)
    for index, report in enumerate(campaign.reports.exclude(submitted_at=None).order_by("pk")):
        submitted = start + dt.timedelta(days=7 + index % 100, hours=index % 8)
        reviewed = submitted + dt.timedelta(days=10)
        SurveyReport.objects.filter(pk=report.pk).update(
            submitted_at=submitted,
            district_reviewed_at=reviewed if report.district_reviewed_at else None,
            accepted_at=reviewed + dt.timedelta(days=12) if report.accepted_at else None,
        )
        ReportEvent.objects.filter(report=report).update(at=submitted)
