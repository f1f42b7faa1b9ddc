"""Read-side queries of monitoring, through the policy layer, and the statistics per
substance × medium × grouping that maps, heat maps and risk screening (MEC) are built on."""

from __future__ import annotations

from collections import defaultdict

import polars as pl
from django.db.models import Case, CharField, Count, F, QuerySet, Sum, Value, When
from django.db.models.functions import Cast

from npgov.chemicals.models import Substance
from npgov.core import policy
from npgov.core.frames import frame_of
from npgov.science.censored import summarise

from .choices import CENSORED, Detection, QcType, Review
from .models import ImportFile, Result, ResultCount, Site

#: Groupings the statistics offer, and the result field each reads.
GROUPINGS = {
    "none": None,
    "district": "site__district__name_zh",
    "site": "site__code",
    "site_type": "site__site_type",
    "programme": "sample__programme__code",
    "year": "sampled_on__year",
    "medium": "medium",
}


def results(*, user) -> QuerySet[Result]:
    return policy.scope(user, "monitoring.view_result", Result.objects.all())


def statistics(
    *,
    user,
    substance,
    medium: str | None = None,
    by: str = "none",
    method: str = "km",
) -> list[dict]:
    """Per group: n, detects, detection frequency, min, median, mean, sd, P90, P95 and max
    (stored unit), from regular samples whose results were not rejected. Non-detects are
    censored at their limit; estimates come from :func:`npgov.science.censored.summarise`,
    with its reliability flag and notes."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    qs = (
        results(user=user)
        .filter(substance=substance, qc_type=QcType.REGULAR)
        .exclude(review=Review.REJECTED)
        .exclude(detection="not_analysed")
    )
    if medium:
        qs = qs.filter(medium=medium)
    field = GROUPINGS[by]
    # The database hands over one row per group × distinct (value, censored) with its count,
    # which Kaplan–Meier takes as weights: ties (a common limit, rounded values) travel once.
    level = Case(
        When(detection=Detection.BELOW_LOQ, then=F("loq")),
        When(detection=Detection.BELOW_LOD, then=F("lod")),
        default=F("value"),
    )
    censored = Case(When(detection__in=CENSORED, then=Value(1)), default=Value(0))
    grouped = (
        qs.annotate(
            group=Cast(F(field), CharField()) if field else Value("all"),
            level=level,
            censored=censored,
        )
        .filter(level__isnull=False)
        .values("group", "level", "censored")
        .annotate(k=Count("pk"))
        .order_by()
    )
    frame = frame_of(
        grouped, {"group": pl.String, "level": pl.Float64, "censored": pl.Int8, "k": pl.Int64}
    )
    out = []
    parts = frame.partition_by("group", as_dict=True)
    for (key,), part in sorted(parts.items(), key=lambda kv: str(kv[0][0])):
        values, flags, counts = part["level"].to_numpy(), part["censored"].to_numpy(), part["k"]
        summary = summarise(values, flags.astype(bool), method, counts=counts.to_numpy())
        out.append({"group": _group_value(by, key), **summary.as_dict()})
    return out


def _group_value(by: str, key: str | None):
    """The group label as its field gives it (years are numbers)."""
    return int(key) if by == "year" and key is not None else key


def detection_by_district(*, user, medium: str | None = None) -> list[dict]:
    """Substance × district: results and detects of regular samples that were not rejected,
    from the kept counts (a few thousand rows however many results there are)."""
    counts = policy.scope(
        user,
        "monitoring.view_result",
        ResultCount.objects.filter(qc_type=QcType.REGULAR).exclude(review=Review.REJECTED),
    )
    if medium:
        counts = counts.filter(medium=medium)
    rows = counts.values("site_id", "substance_id").annotate(n=Sum("n"), detected=Sum("detected"))
    district_of = dict(Site.objects.values_list("pk", "district__name_zh"))
    ids = {row["substance_id"] for row in rows}
    name_of = dict(Substance.objects.filter(pk__in=ids).values_list("pk", "name_zh"))
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        cell = cells[(district_of[row["site_id"]], name_of.get(row["substance_id"], "?"))]
        cell[0] += row["n"]
        cell[1] += row["detected"]
    return [
        {"district": district, "substance_name": name, "n": n, "detected": detected}
        for (district, name), (n, detected) in sorted(
            cells.items(), key=lambda kv: (kv[0][1], kv[0][0])
        )
        if n
    ]


def sites(*, user) -> QuerySet[Site]:
    return policy.scope(user, "monitoring.view_site", Site.objects.select_related("district"))


def uploads(*, user) -> QuerySet[ImportFile]:
    return policy.scope(user, "monitoring.view_importfile", ImportFile.objects.all())
