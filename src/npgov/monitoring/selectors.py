"""Read-side queries of monitoring, through the policy layer, and the statistics per
substance × medium × grouping that maps, heat maps and risk screening (MEC) are built on."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db.models import BooleanField, Case, F, QuerySet, Sum, Value, When

from npgov.chemicals.models import Substance
from npgov.core import policy
from npgov.core.frames import arrays_by
from npgov.science.censored import summarise

from .choices import CENSORED, Detection, QcType, Review
from .models import ImportFile, Result, ResultCount, Site

#: Groupings the statistics offer that are a property of the site, and the site field each
#: reads (``None``: all results together).
SITE_GROUPINGS = {"none": None, "district": "district__name_zh", "site": "code",
                  "site_type": "site_type"}  # fmt: skip
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


def assessable(qs: QuerySet[Result]) -> QuerySet[Result]:
    """The results that count for statistics and risk: of regular samples (no QC), analysed,
    and not rejected at review."""
    return (
        qs.filter(qc_type=QcType.REGULAR)
        .exclude(review=Review.REJECTED)
        .exclude(detection=Detection.NOT_ANALYSED)
    )


def levelled(qs: QuerySet[Result]) -> QuerySet[Result]:
    """``qs`` with each result's level: its value, or for a non-detect the limit it is below
    (LOQ or LOD; censored there); results without one are left out. Read the level and the
    censoring flag with :data:`LEVEL_COLUMNS`."""
    level = Case(
        When(detection=Detection.BELOW_LOQ, then=F("loq")),
        When(detection=Detection.BELOW_LOD, then=F("lod")),
        default=F("value"),
    )
    return qs.annotate(level=level).filter(level__isnull=False)


#: Columns of :func:`npgov.core.frames.arrays_by` over a :func:`levelled` queryset.
LEVEL_COLUMNS = {
    "level": (F("level"), float),
    "censored": (
        Case(When(detection__in=CENSORED, then=Value(True)), default=Value(False),
             output_field=BooleanField()),
        bool,
    ),
}  # fmt: skip


def levels_by_site(qs: QuerySet[Result]) -> dict[int, dict[str, np.ndarray]]:
    """Per site id: the levels and censoring flags of the results of ``qs``
    (:func:`levelled`), grouped in the database."""
    return arrays_by(levelled(qs), "site_id", LEVEL_COLUMNS)


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
    qs = assessable(results(user=user)).filter(substance=substance)
    if medium:
        qs = qs.filter(medium=medium)
    # Groupings that are properties of the site are grouped by site in the database (no
    # joins) and gathered here; the others by their own field.
    if by in SITE_GROUPINGS:
        per_site = levels_by_site(qs)
        label = SITE_GROUPINGS[by]
        label_of = (
            dict(Site.objects.filter(pk__in=per_site).values_list("pk", label)) if label else {}
        )
        parts: dict[object, list[dict]] = defaultdict(list)
        for site_id, arrays in per_site.items():
            parts[label_of.get(site_id, "all")].append(arrays)
        groups = {
            key: {name: np.concatenate([a[name] for a in found]) for name in LEVEL_COLUMNS}
            for key, found in parts.items()
        }
    else:
        groups = arrays_by(levelled(qs), GROUPINGS[by], LEVEL_COLUMNS)
    return [
        {"group": key, **summarise(arrays["level"], arrays["censored"], method).as_dict()}
        for key, arrays in sorted(groups.items(), key=lambda kv: str(kv[0]))
    ]


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


def inventory_section(*, user, obj) -> dict | None:
    """For the emission-source inventory: the sites where monitoring detected the inventory's
    substances, marking those in a district with no reported source ("found, source
    unknown"), from the kept counts of regular results that were not rejected (all years)."""
    ids = obj["substance_ids"]
    counts = policy.scope(
        user,
        "monitoring.view_result",
        ResultCount.objects.filter(substance_id__in=ids, qc_type=QcType.REGULAR).exclude(
            review=Review.REJECTED
        ),
    )
    rows = {
        row["site_id"]: row
        for row in counts.values("site_id").annotate(n=Sum("n"), detected=Sum("detected"))
        if row["detected"]
    }
    if not rows:
        return None
    districts = {source.district for source in obj["sources"]}
    found = []
    for site in Site.objects.filter(pk__in=rows).select_related("district"):
        row = rows[site.pk]
        district = site.district.name_zh if site.district else ""
        found.append({
            "site": site, "district": district, "n": row["n"], "detected": row["detected"],
            "frequency": row["detected"] / row["n"], "no_source": district not in districts,
        })  # fmt: skip
    found.sort(key=lambda f: (not f["no_source"], -f["detected"], f["site"].code))
    return {"found": found, "unexplained": sum(1 for f in found if f["no_source"])}
