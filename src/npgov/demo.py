"""Deterministic synthetic demo data: enterprises, laboratories, accounts and progress reports.

Everything generated here is fictitious and marked so (``is_synthetic``, names ending in
“（示例）”); no real company is named. The same seed gives the same data, and running the
generator again adds nothing that already exists.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from npgov.chemicals.models import Substance
from npgov.core.districts import DISTRICT_CENTRES
from npgov.core.models import Organisation, OrganisationKind, User
from npgov.core.roles import Role
from npgov.core.services import EXPERT_COMMITTEE_CODE, user_create
from npgov.monitoring.demo import monitoring_generate
from npgov.plan import selectors as plan_selectors
from npgov.plan.choices import EventAction, ProgressStatus, ReviewState
from npgov.plan.models import PlanTask, ProgressEvent, ProgressReport
from npgov.plan.services import period_ensure
from npgov.risk.demo import risk_generate
from npgov.science.identifiers import USCC_CHARSET, uscc_check_character
from npgov.survey.demo import survey_generate

SEED = 20230516
SYNTHETIC_MARK = "（示例）"

#: Key industries of the plan and the survey (GB/T 4754-2017 class codes and names).
INDUSTRIES = [
    ("2511", "原油加工及石油制品制造"),
    ("2614", "有机化学原料制造"),
    ("2619", "其他基础化学原料制造"),
    ("2631", "化学农药制造"),
    ("2641", "涂料制造"),
    ("2661", "化学试剂和助剂制造"),
    ("2710", "化学药品原料药制造"),
    ("2720", "化学药品制剂制造"),
    ("2750", "兽用药品制造"),
    ("3360", "金属表面处理及热处理加工"),
    ("2922", "塑料板、管、型材制造"),
    ("1713", "棉印染精加工"),
    ("3982", "电子电路制造"),
    ("4620", "污水处理及其再生利用"),
]
SUFFIX = {
    "25": "石化",
    "26": "化工",
    "27": "制药",
    "33": "表面处理",
    "29": "塑料制品",
    "17": "印染",
    "39": "电子",
    "46": "水务",
}

SYLLABLES = (
    "华 瑞 恒 泰 德 安 嘉 晟 宏 联 信 达 源 清 润 禾 新 宇 博 康 致 远 丰 明 正 睿 鑫 汇".split()
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    organisation_code: str | None  # None: the first synthetic enterprise / laboratory


DEMO_ACCOUNTS = [
    DemoAccount("admin", "系统管理员", Role.SYSTEM_ADMIN, "MEE-BJ"),
    DemoAccount("analyst", "市生态环境局分析员", Role.BUREAU_ANALYST, "MEE-BJ"),
    DemoAccount("dept_agri", "市农业农村局联络员", Role.DEPARTMENT_OFFICER, "AGR-BJ"),
    DemoAccount("district_chaoyang", "朝阳区联络员", Role.DISTRICT_OFFICER, "110105"),
    DemoAccount("district_miyun", "密云区联络员", Role.DISTRICT_OFFICER, "110118"),
    DemoAccount("enterprise", "企业填报员", Role.ENTERPRISE_REPORTER, None),
    DemoAccount("lab", "实验室数据上传员", Role.LAB_UPLOADER, None),
    DemoAccount("expert", "专家委员会委员", Role.EXPERT, EXPERT_COMMITTEE_CODE),
    DemoAccount("steward", "化学物质数据管理员", Role.DATA_STEWARD, "MEE-BJ"),
]


def _uscc(rng: random.Random, division: str) -> str:
    body = "91" + division + "".join(rng.choice(USCC_CHARSET) for _ in range(9))
    return body + uscc_check_character(body)


def _enterprise_name(rng: random.Random, industry: str) -> str:
    word = "".join(rng.sample(SYLLABLES, 2))
    kind = SUFFIX.get(industry[:2], "科技")
    return f"北京{word}{kind}有限公司{SYNTHETIC_MARK}"


@transaction.atomic
def enterprises_generate(*, rng: random.Random, count: int = 300) -> int:
    districts = {d.code: d for d in Organisation.objects.filter(kind=OrganisationKind.DISTRICT)}
    # Industry is concentrated in the outer districts and the development area.
    weights = {
        code: (
            1
            if code in {"110101", "110102"}
            else 6
            if code in {"110111", "110112", "110113", "110115", "110114", "BJETDZ"}
            else 3
        )
        for code in districts
    }
    codes = list(weights)
    created = 0
    for _i in range(count):
        code = rng.choices(codes, weights=[weights[c] for c in codes])[0]
        industry, _name = rng.choice(INDUSTRIES)
        division = "110115" if code == "BJETDZ" else code
        uscc = _uscc(rng, division)
        lon0, lat0 = DISTRICT_CENTRES[code]
        _org, was_created = Organisation.objects.get_or_create(
            code=uscc,
            defaults={
                "kind": OrganisationKind.ENTERPRISE,
                "name_zh": _enterprise_name(rng, industry),
                "district": districts[code],
                "industry_code": industry,
                "longitude": round(lon0 + rng.gauss(0, 0.03), 6),
                "latitude": round(lat0 + rng.gauss(0, 0.02), 6),
                "address": f"{districts[code].name_zh}示例路{rng.randint(1, 300)}号",
                "is_synthetic": True,
                "source": "synthetic demo data",
            },
        )
        created += was_created
    return created


@transaction.atomic
def laboratories_generate(*, rng: random.Random, count: int = 6) -> int:
    districts = list(Organisation.objects.filter(kind=OrganisationKind.DISTRICT, is_gbt2260=True))
    created = 0
    for i in range(1, count + 1):
        district = rng.choice(districts)
        lon0, lat0 = DISTRICT_CENTRES[district.code]
        _org, was_created = Organisation.objects.get_or_create(
            code=f"LAB-DEMO-{i:02d}",
            defaults={
                "kind": OrganisationKind.LABORATORY,
                "name_zh": (
                    f"北京{''.join(rng.sample(SYLLABLES, 2))}检测技术有限公司{SYNTHETIC_MARK}"
                ),
                "district": district,
                "longitude": round(lon0 + rng.gauss(0, 0.02), 6),
                "latitude": round(lat0 + rng.gauss(0, 0.02), 6),
                "is_synthetic": True,
                "source": "synthetic demo data",
            },
        )
        created += was_created
    return created


def accounts_generate(*, password: str) -> int:
    created = 0
    first = {
        Role.ENTERPRISE_REPORTER: Organisation.objects.filter(
            kind=OrganisationKind.ENTERPRISE, is_synthetic=True
        )
        .order_by("pk")
        .first(),
        Role.LAB_UPLOADER: Organisation.objects.filter(
            kind=OrganisationKind.LABORATORY, is_synthetic=True
        )
        .order_by("pk")
        .first(),
    }
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        org = (
            Organisation.objects.get(code=account.organisation_code)
            if account.organisation_code
            else first[account.role]
        )
        user = user_create(
            username=account.username,
            password=password,
            organisation=org,
            roles=[account.role],
            full_name=account.full_name,
        )
        if account.role is Role.SYSTEM_ADMIN:
            User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
        created += 1
    return created


def _quarters_back(today: dt.date, n: int) -> list[tuple[int, int]]:
    year, quarter = today.year, (today.month - 1) // 3 + 1
    result = []
    for _i in range(n):
        result.append((year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return list(reversed(result))


NARRATIVES = {
    ProgressStatus.NOT_STARTED: "本季度尚未开展相关工作，已列入下季度计划。",
    ProgressStatus.IN_PROGRESS: (
        "按计划推进：已完成阶段性部署，组织召开专题会议{n}次，形成工作台账。"
    ),
    ProgressStatus.COMPLETED: "本项任务已全部完成，相关材料已归档备查。",
    ProgressStatus.DELAYED: "受数据收集进度影响，工作滞后于计划，已制定整改措施，预计下季度完成。",
}


@transaction.atomic
def reports_generate(*, rng: random.Random, today: dt.date, quarters: int = 5) -> int:
    """Progress reports for the last ``quarters`` quarters, older ones mostly accepted."""
    bureau_user = User.objects.filter(username="analyst").first()
    periods = [period_ensure(year=y, quarter=q) for y, q in _quarters_back(today, quarters)]
    tasks = list(PlanTask.objects.prefetch_related("lead_departments", "responsible_departments"))
    existing = set(ProgressReport.objects.values_list("task_id", "period_id", "organisation_id"))
    reports, plans = [], []
    for index, period in enumerate(periods):
        age = len(periods) - 1 - index  # 0 for the current quarter
        for task in tasks:
            for org in plan_selectors.expected_reporters(task):
                roll = rng.random()
                if age == 0:
                    state = ReviewState.DRAFT if roll < 0.35 else None
                elif age == 1:
                    state = (
                        None
                        if roll < 0.12
                        else ReviewState.SUBMITTED
                        if roll < 0.45
                        else ReviewState.RETURNED
                        if roll < 0.55
                        else ReviewState.ACCEPTED
                    )
                else:
                    state = (
                        None
                        if roll < 0.04
                        else (ReviewState.RETURNED if roll < 0.07 else ReviewState.ACCEPTED)
                    )
                if state is None:
                    continue  # a missing report
                maturity = min(1.0, 0.25 + 0.2 * (len(periods) - age) + rng.random() * 0.3)
                if rng.random() < 0.08:
                    status, percent = ProgressStatus.DELAYED, int(maturity * 60)
                elif maturity >= 0.95 and rng.random() < 0.5:
                    status, percent = ProgressStatus.COMPLETED, 100
                elif maturity < 0.3 and rng.random() < 0.3:
                    status, percent = ProgressStatus.NOT_STARTED, 0
                else:
                    status, percent = ProgressStatus.IN_PROGRESS, max(5, int(maturity * 90))
                submitted = None
                if state != ReviewState.DRAFT:
                    submitted = timezone.make_aware(
                        dt.datetime.combine(
                            period.due - dt.timedelta(days=rng.randint(0, 12)), dt.time(10, 0)
                        )
                    )
                reviewed = (
                    submitted + dt.timedelta(days=rng.randint(1, 6))
                    if state in (ReviewState.ACCEPTED, ReviewState.RETURNED)
                    else None
                )
                meetings, publish_roll = rng.randint(1, 4), rng.random()
                if (task.pk, period.pk, org.pk) in existing:
                    continue  # generated by an earlier run
                reports.append(
                    ProgressReport(
                        task=task,
                        period=period,
                        organisation=org,
                        status=status,
                        percent=percent,
                        narrative=NARRATIVES[status].format(n=meetings),
                        review_state=state,
                        submitted_at=submitted,
                        reviewed_at=reviewed,
                        reviewed_by=bureau_user if reviewed else None,
                        review_comment="请补充佐证材料并细化下一步工作安排。"
                        if state == ReviewState.RETURNED
                        else "",
                        published=state == ReviewState.ACCEPTED and age >= 2 and publish_roll < 0.5,
                    )
                )
                plans.append((state, submitted, reviewed))
    created = ProgressReport.objects.bulk_create(reports, batch_size=500)
    if not created or created[0].pk is None:  # backends without RETURNING
        keys = [(r.task_id, r.period_id, r.organisation_id) for r in reports]
        by_key = {
            (r.task_id, r.period_id, r.organisation_id): r
            for r in ProgressReport.objects.filter(period__in=periods)
        }
        created = [by_key[k] for k in keys]
    events = []
    for report, (state, submitted, reviewed) in zip(created, plans, strict=True):
        started = (submitted or timezone.now()) - dt.timedelta(days=3)
        events.append(ProgressEvent(report=report, action=EventAction.CREATE, at=started))
        if submitted:
            events.append(ProgressEvent(report=report, action=EventAction.SUBMIT, at=submitted))
        if reviewed:
            action = EventAction.ACCEPT if state == ReviewState.ACCEPTED else EventAction.RETURN
            events.append(
                ProgressEvent(
                    report=report,
                    action=action,
                    actor=bureau_user,
                    comment=report.review_comment,
                    at=reviewed,
                )
            )
    ProgressEvent.objects.bulk_create(events, batch_size=1000)
    return len(created)


SURNAMES = "王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 马 朱 胡 郭 何 林 高 罗".split()
GIVEN = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平".split()
PARKS = ["北京经济技术开发区示例园区", "房山示例化工园区", "通州示例产业园", "顺义示例工业园", ""]


@transaction.atomic
def enterprise_registry_generate(*, rng: random.Random) -> int:
    """Profiles, statuses, outlets and permits for the synthetic enterprises (idempotent)."""
    from npgov.enterprises.choices import Medium, PermitClass, StatusKind
    from npgov.enterprises.models import (
        DischargePermit,
        EnterpriseProfile,
        EnterpriseStatus,
        IndustryClass,
        Outlet,
        PermittedPollutant,
    )

    industries = {c.code: c for c in IndustryClass.objects.all()}
    dcm = Substance.objects.filter(identifiers__normalized="75-09-2").first()
    created = 0
    for org in Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, is_synthetic=True
    ).order_by("code"):
        size = rng.choices(["large", "medium", "small", "micro"], weights=[1, 3, 6, 3])[0]
        rep = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
        park = rng.choice(PARKS)
        key_unit, soil_unit = rng.random() < 0.35, rng.random() < 0.2
        has_permit = size in ("large", "medium") or rng.random() < 0.3
        permit_no = f"{org.code}001{rng.choice('PUQV')}"
        profile, made = EnterpriseProfile.objects.get_or_create(
            organisation=org,
            defaults={
                "legal_representative": rep,
                "industrial_park": park,
                "industry": industries.get(org.industry_code),
                "size": size,
            },
        )
        if not made:
            continue
        created += 1
        if key_unit:
            EnterpriseStatus.objects.create(
                enterprise=org,
                kind=StatusKind.KEY_DISCHARGE_UNIT,
                valid_from=dt.date(2024, 3, 31),
                source="北京市2024年重点排污单位名录（示例）",
            )
        if soil_unit:
            EnterpriseStatus.objects.create(
                enterprise=org,
                kind=StatusKind.SOIL_KEY_SUPERVISION,
                valid_from=dt.date(2023, 6, 30),
                source="北京市土壤污染重点监管单位名录（示例）",
            )
        if not has_permit:
            continue
        water = Outlet.objects.create(
            enterprise=org,
            code="DW001",
            name="废水总排口",
            medium=Medium.WATER,
            receiving=rng.choice(["市政污水管网（示例再生水厂）", "凉水河", "温榆河", "北运河"]),
            longitude=org.longitude,
            latitude=org.latitude,
        )
        air = Outlet.objects.create(
            enterprise=org,
            code="DA001",
            name="工艺废气排气筒",
            medium=Medium.AIR,
            longitude=org.longitude,
            latitude=org.latitude,
        )
        permit = DischargePermit.objects.create(
            enterprise=org,
            number=permit_no,
            management_class=PermitClass.KEY if key_unit else PermitClass.SIMPLIFIED,
            issuer=f"北京市{org.district.name_zh}生态环境局（示例）" if org.district else "",
            valid_from=dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 500)),
            valid_until=dt.date(2028, 1, 1) + dt.timedelta(days=rng.randint(0, 500)),
        )
        PermittedPollutant.objects.create(
            permit=permit,
            outlet=water,
            pollutant="化学需氧量",
            limit_value=500,
            unit="mg/L",
            standard="DB11/307-2013",
        )
        if org.industry_code[:2] in ("25", "26", "27") and dcm is not None:
            PermittedPollutant.objects.create(
                permit=permit,
                outlet=air,
                pollutant="二氯甲烷",
                substance=dcm,
                limit_value=20,
                unit="mg/m3",
                standard="GB 31571-2015",
            )
    return created


def demo_generate(
    *, password: str, today: dt.date | None = None, survey: bool = True, monitoring: bool = True
) -> dict[str, int]:
    """Generate the whole demo data set (idempotent). ``survey=False`` and
    ``monitoring=False`` leave out the survey and the monitoring data, which need the chemical
    and industry reference data."""
    rng = random.Random(SEED)
    Group.objects.get_or_create(name=Role.SYSTEM_ADMIN.value)
    summary = {
        "enterprises": enterprises_generate(rng=rng),
        "laboratories": laboratories_generate(rng=rng),
        "accounts": accounts_generate(password=password),
    }
    summary["enterprise profiles"] = enterprise_registry_generate(rng=random.Random(SEED + 2))
    summary["progress reports"] = reports_generate(
        rng=random.Random(SEED + 1), today=today or timezone.localdate()
    )
    if survey:
        summary["survey reports"] = survey_generate(
            rng=random.Random(SEED + 3), today=today or timezone.localdate()
        )
    if monitoring:
        summary["monitoring results"] = monitoring_generate(
            rng=random.Random(SEED + 4), today=today or timezone.localdate()
        )
        summary["screening runs"] = risk_generate(rng=random.Random(SEED + 5))
    return summary
