"""The checks run on every save and submit of a report. Each finding names the line and says,
in Chinese and English, what is wrong and what to do. Errors block submission; warnings are
shown to the reviewers and are to be explained in the line's note; compliance warnings (an
activity the control measures prohibit) are kept for the compliance capability."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from npgov.chemicals import selectors as chem
from npgov.enterprises.models import PermittedPollutant
from npgov.science.massbalance import FlowLine, balance, release_excess, yoy_change

from . import selectors
from .choices import Activity, Severity
from .models import CheckFinding, ReportLine, SurveyReport

ERROR, WARNING, COMPLIANCE = Severity.ERROR, Severity.WARNING, Severity.COMPLIANCE
ACTIVITY_ZH = {
    "production": "生产",
    "processing_use": "加工使用",
    "import": "进口",
    "export": "出口",
}


def _key(line: ReportLine) -> str:
    return f"s{line.substance_id}" if line.substance_id else f"n:{line.name_given.casefold()}"


def _t(value: float) -> str:
    return f"{value:.4g}"


def report_findings(report: SurveyReport) -> list[CheckFinding]:
    """Every finding for the report as stored now (unsaved :class:`CheckFinding` objects)."""
    campaign = report.campaign
    lines = list(report.lines.select_related("substance").order_by("position"))
    found: list[CheckFinding] = []

    def add(code, severity, zh, en, line=None, **data):
        found.append(
            CheckFinding(
                report=report,
                line=line,
                code=code,
                severity=severity,
                message_zh=zh[:500],
                message_en=en[:500],
                data=data,
            )
        )

    if report.nothing_to_report and lines:
        add(
            "nothing_but_lines",
            ERROR,
            "已声明“无需填报”，但报告中有物质行；请删除这些行或取消声明。",
            "The report declares nothing to report but has lines; remove them or the declaration.",
        )
    if not lines and not report.nothing_to_report:
        add(
            "empty",
            ERROR,
            "报告中没有物质行；如本年度未涉及调查范围内的物质，请声明“无需填报”。",
            "The report has no lines; if no substance of the scope was handled this year, "
            "declare that there is nothing to report.",
        )

    scope_ids = selectors.scope_substance_ids(campaign)
    for line in lines:
        label = f"第 {line.position} 行“{line.name_given}”"
        label_en = f"Line {line.position} “{line.name_given}”"
        if line.substance_id is None:
            add(
                "unresolved",
                WARNING,
                f"{label}在化学物质库中尚无记录，已提交数据管理员核实；请确认名称和 CAS 号。",
                f"{label_en} is not yet in the knowledge base and has been flagged for the data "
                "stewards; check its name and CAS RN.",
                line,
                name=line.name_given,
                cas=line.cas_given,
            )
        elif scope_ids and line.substance_id not in scope_ids:
            add(
                "out_of_scope",
                WARNING,
                f"{label}不在本次调查的物质范围内；如确有此物质可保留。",
                f"{label_en} is outside the campaign's substance scope; keep it if it is right.",
                line,
            )
        released = line.released_and_transferred_t
        excess = release_excess(line.quantity_t, released)
        if excess > 0:
            add(
                "release_exceeds_quantity",
                ERROR,
                f"{label}的排放与转移量合计 {_t(released)} t/a，超过其{ACTIVITY_ZH[line.activity]}"
                f"量 {_t(line.quantity_t)} t/a。",
                f"{label_en}: releases and transfers total {_t(released)} t/a, more than the "
                f"{_t(line.quantity_t)} t/a handled.",
                line,
                released_t=released,
                quantity_t=line.quantity_t,
            )
        if (
            campaign.is_detailed
            and line.activity in (Activity.PRODUCTION, Activity.PROCESSING_USE)
            and all(getattr(line, f) is None for f in ReportLine.RELEASE_FIELDS)
        ):
            add(
                "releases_missing",
                WARNING,
                f"{label}未填写排放去向；没有排放请填 0。",
                f"{label_en} gives no releases; enter 0 where there are none.",
                line,
            )

    flows = [
        FlowLine(_key(line), line.activity, line.quantity_t, line.released_and_transferred_t)
        for line in lines
    ]
    tolerance = campaign.balance_tolerance_percent / 100
    for result in balance(flows, tolerance):
        if result.balanced:
            continue
        first = lines[result.lines[0]]
        add(
            "mass_balance",
            WARNING,
            f"“{first.name_given}”的出口与加工使用量合计 {_t(result.outflow_t)} t/a，"
            f"超过生产与进口量 {_t(result.inflow_t)} t/a"
            f"（容差 {campaign.balance_tolerance_percent}%）；"
            "请在备注中说明国内采购或库存变化。",
            f"“{first.name_given}”: export and processing use total {_t(result.outflow_t)} t/a, "
            f"more than the {_t(result.inflow_t)} t/a produced and imported (tolerance "
            f"{campaign.balance_tolerance_percent}%); explain domestic purchases or stock changes "
            "in the note.",
            first,
            inflow_t=result.inflow_t,
            outflow_t=result.outflow_t,
        )

    _compare_with_last_year(report, lines, add)
    _permits_not_reported(report, lines, scope_ids, add)
    _prohibited_activities(report, lines, add)
    return found


def _compare_with_last_year(report, lines, add) -> None:
    previous = selectors.previous_report(report)
    if previous is None:
        return
    threshold = report.campaign.yoy_threshold_percent / 100
    current: dict[tuple[str, str], float] = defaultdict(float)
    first_line: dict[tuple[str, str], ReportLine] = {}
    for line in lines:
        current[(_key(line), line.activity)] += line.quantity_t
        first_line.setdefault((_key(line), line.activity), line)
    before: dict[tuple[str, str], float] = defaultdict(float)
    names: dict[str, str] = {}
    for line in previous.lines.all():
        before[(_key(line), line.activity)] += line.quantity_t
        names[_key(line)] = line.name_given
    year = previous.campaign.year
    substances_now = {key for key, _activity in current}
    for key in sorted(set(current) | {k for k in before if k[0] in substances_now}):
        now = current.get(key, 0.0)
        change = yoy_change(before.get(key), now)
        if change is None or abs(change) <= threshold:
            continue
        line = first_line.get(key) or next(x for x in lines if _key(x) == key[0])
        if key not in first_line:  # the substance is still reported, this activity stopped
            add(
                "year_on_year",
                WARNING,
                f"{year} 年报告了“{line.name_given}”的{ACTIVITY_ZH[key[1]]}"
                f"（{_t(before[key])} t/a），本年度没有；如已停止请在备注中说明。",
                f"“{line.name_given}”: {_t(before[key])} t/a of {key[1].replace('_', ' ')} "
                f"were reported for {year}, none this year; if it stopped, say so in the note.",
                line,
                previous_t=before[key],
                current_t=0.0,
                change=-1.0,
            )
            continue
        add(
            "year_on_year",
            WARNING,
            f"“{line.name_given}”的{ACTIVITY_ZH[line.activity]}量由 {year} 年的 "
            f"{_t(before[key])} t/a 变为 {_t(now)} t/a（{change:+.0%}），"
            f"超过 {report.campaign.yoy_threshold_percent}%；请在备注中说明原因。",
            f"“{line.name_given}” {line.get_activity_display().lower()} changed from "
            f"{_t(before[key])} t/a in {year} to {_t(now)} t/a ({change:+.0%}), beyond "
            f"{report.campaign.yoy_threshold_percent}%; explain why in the note.",
            line,
            previous_t=before[key],
            current_t=now,
            change=change,
        )
    for key in sorted({k for k, _a in before} - substances_now):
        add(
            "missing_since_last_year",
            WARNING,
            f"{year} 年报告了“{names[key]}”，本年度没有；如已停止使用请在报告备注中说明。",
            f"“{names[key]}” was reported for {year} but not this year; if it is no longer "
            "handled, say so.",
            name=names[key],
            year=year,
        )


def _permits_not_reported(report, lines, scope_ids, add) -> None:
    day = report.campaign.activity_date
    permitted = (
        PermittedPollutant.objects.filter(
            permit__enterprise_id=report.enterprise_id,
            permit__valid_from__lte=day,
            permit__valid_until__gte=dt.date(report.campaign.year, 1, 1),
            substance__isnull=False,
        )
        .select_related("substance", "permit")
        .order_by("substance__name_zh")
    )
    reported = {line.substance_id for line in lines if line.substance_id}
    seen = set()
    for item in permitted:
        sid = item.substance_id
        if sid in reported or sid in seen or (scope_ids and sid not in scope_ids):
            continue
        seen.add(sid)
        add(
            "missing_permitted",
            WARNING,
            f"排污许可证 {item.permit.number} 许可排放“{item.substance.name_zh}”，"
            "但报告中没有该物质；请补充或说明。",
            f"Discharge permit {item.permit.number} covers “{item.substance}”, which the "
            "report does not mention; add it or explain.",
            substance=sid,
            permit=item.permit.number,
        )


def _prohibited_activities(report, lines, add) -> None:
    decide = chem.Decider(report.campaign.activity_date)
    for line in lines:
        if line.substance is None:
            continue
        decision = decide(line.substance, line.activity, line.use_description or None)
        if decision.decision != "prohibited":
            continue
        rule = decision.rules[0]
        add(
            "prohibited_activity",
            COMPLIANCE,
            f"第 {line.position} 行：{rule.reason_zh}（{rule.measure.list_name_zh} "
            f"{rule.measure.entry}）",
            f"Line {line.position}: {rule.reason_en} ({rule.measure.list_code} "
            f"{rule.measure.entry})",
            line,
            decision=decision.as_dict(),
        )
