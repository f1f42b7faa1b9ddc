"""The emission-source inventory of key controlled new pollutants (plan task 5): for a list
entry, a group or a substance, the enterprises that produce, use, import, export or release
it — found through the group rules so that a salt or a related compound counts — with their
quantities, releases by medium, district and industry, and the measures that apply today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone

from npgov.chemicals import selectors as chem
from npgov.chemicals.models import ListEntry, SubstanceGroup
from npgov.core import policy
from npgov.science.rules import SEVERITY

from .choices import REPORTED_STATES
from .models import ReportLine

MEDIA = ("air", "water", "soil", "waste")


@dataclass
class Source:
    enterprise_id: int
    name: str
    code: str
    district: str
    industry: str
    longitude: float | None
    latitude: float | None
    quantities: dict[str, float] = field(default_factory=dict)  # activity -> t/a
    releases: dict[str, float] = field(default_factory=dict)  # medium -> t/a
    transfer_t: float = 0.0
    substances: set[str] = field(default_factory=set)
    decision: str = "not_regulated"
    reasons: list[str] = field(default_factory=list)

    @property
    def total_release_t(self) -> float:
        return sum(self.releases.values())


def years_with_data(*, user) -> list[int]:
    lines = policy.scope(user, "survey.view_inventory", ReportLine.objects.all())
    return sorted(
        set(lines.values_list("report__campaign__year", flat=True).distinct()), reverse=True
    )


def inventory(*, user, target, year: int | None = None, today: dt.date | None = None) -> dict:
    """The sources of ``target`` in the reports of ``year`` (default: the latest year with
    reported lines), ranked by total release, with the measures in force ``today``."""
    today = today or timezone.localdate()
    ids = chem.substances_covered(target)
    lines = policy.scope(
        user,
        "survey.view_inventory",
        ReportLine.objects.filter(substance_id__in=ids, report__state__in=REPORTED_STATES),
    )
    if year is None:
        year = lines.aggregate(y=Max("report__campaign__year"))["y"]
    lines = lines.filter(report__campaign__year=year).select_related(
        "substance",
        "report__enterprise__district",
        "report__enterprise__enterprise_profile__industry",
    )
    sources: dict[int, Source] = {}
    decide = chem.Decider(today)
    for line in lines:
        enterprise = line.report.enterprise
        source = sources.get(enterprise.pk)
        if source is None:
            profile = getattr(enterprise, "enterprise_profile", None)
            industry = profile.industry if profile and profile.industry else None
            source = sources[enterprise.pk] = Source(
                enterprise.pk,
                enterprise.name_zh,
                enterprise.code,
                enterprise.district.name_zh if enterprise.district else "",
                str(industry) if industry else enterprise.industry_code,
                enterprise.longitude,
                enterprise.latitude,
            )
        source.quantities[line.activity] = (
            source.quantities.get(line.activity, 0.0) + line.quantity_t
        )
        for medium, value in zip(
            MEDIA,
            (line.release_air_t, line.release_water_t, line.release_soil_t, line.waste_t),
            strict=True,
        ):
            if value:
                source.releases[medium] = source.releases.get(medium, 0.0) + value
        source.transfer_t += line.transfer_t or 0.0
        source.substances.add(str(line.substance))
        decision = decide(line.substance, line.activity)
        if SEVERITY[decision.decision] > SEVERITY[source.decision]:
            source.decision = decision.decision
        for rule in decision.rules[:1]:
            if rule.reason_zh not in source.reasons:
                source.reasons.append(rule.reason_zh)
    ranked = sorted(sources.values(), key=lambda s: (-s.total_release_t, s.code))
    totals = {m: sum(s.releases.get(m, 0.0) for s in ranked) for m in MEDIA}
    by_district: dict[str, dict[str, float]] = {}
    for source in ranked:
        row = by_district.setdefault(source.district or "—", {"sources": 0, "release": 0.0})
        row["sources"] += 1
        row["release"] += source.total_release_t
    return {
        "year": year,
        "substance_ids": ids,
        "substance_count": len(ids),
        "sources": ranked,
        "totals": totals,
        "by_district": sorted(by_district.items(), key=lambda kv: -kv[1]["release"]),
        "today": today,
    }


def targets() -> dict:
    """What the inventory can be asked about: the key-controlled list's entries first."""
    entries = (
        ListEntry.objects.select_related("regulatory_list")
        .filter(
            Q(regulatory_list__kind="key_controlled") | Q(regulatory_list__code__startswith="KCNP")
        )
        .order_by("regulatory_list__code", "order")
    )
    return {"entries": list(entries), "groups": list(SubstanceGroup.objects.order_by("code"))}
