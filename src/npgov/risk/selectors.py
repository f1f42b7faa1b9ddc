"""Read-side queries of the risk app, through the policy layer."""

from __future__ import annotations

from django.db.models import QuerySet

from npgov.core import policy

from .choices import ACTION_LABELS, COMPARTMENT_LABELS, GAP_LABELS
from .models import Assessment, ScreeningRun


def runs(*, user) -> QuerySet[ScreeningRun]:
    return policy.scope(user, "risk.view_screeningrun", ScreeningRun.objects.all())


def compartments(run: ScreeningRun) -> list[dict]:
    """Per compartment ranked in the run: its unit and the six NORMAN action categories with
    the substances ranked in each (NORMAN ranks each matrix on its own)."""
    from npgov.science.ranking import ActionCategory

    from .pnecs import UNITS

    out = []
    for compartment, unit in UNITS.items():
        rows = [r for r in run.result if r["compartment"] == compartment]
        if not rows:
            continue
        out.append({
            "compartment": compartment, "label": COMPARTMENT_LABELS[compartment], "unit": unit,
            "n": len(rows),
            "categories": [
                {"number": int(c), "action": ACTION_LABELS[int(c)], "gap": GAP_LABELS[int(c)],
                 "rows": [r for r in rows if r["category"] == int(c)]}
                for c in ActionCategory
            ],
        })  # fmt: skip
    return out


def without_pnec(run: ScreeningRun) -> list[dict]:
    """Substance × compartment pairs of the run's media that could not be ranked, with the
    reason (no PNEC; else no results in scope)."""
    from .pnecs import COMPARTMENT_MEDIA

    ranked = {(r["substance_id"], r["compartment"]) for r in run.result}
    screened = [c for c, media in COMPARTMENT_MEDIA.items() if media & set(run.media)]
    rows = [
        {
            "substance_id": int(k),
            "name": v["name"],
            "compartment": c,
            "label": COMPARTMENT_LABELS[c],
            **v[c],
        }
        for k, v in run.pnecs.items()
        for c in screened
        if (int(k), c) not in ranked
    ]
    return sorted(rows, key=lambda row: (row["name"], screened.index(row["compartment"])))


def inconclusive(*, user) -> list[dict]:
    """Substance × compartment pairs whose lowest limit of quantification lies above the PNEC
    in the latest finished run that ranked them: where nothing was quantified the monitoring
    cannot show that the PNEC is kept, so the methods need to become more sensitive (NORMAN
    category 4, and the non-detect sites of the others)."""
    from .choices import RunStatus

    seen: set[tuple[int, str]] = set()
    rows = []
    done = runs(user=user).filter(status=RunStatus.DONE).only("pk", "title", "result", "finished")
    for run in done.order_by("-finished", "-pk"):  # the PNEC snapshots are not read
        for row in run.result:
            key = (row["substance_id"], row["compartment"])
            if key in seen:
                continue
            seen.add(key)
            ratio = row.get("loq_exceedance")
            if ratio is not None and ratio > 1:
                rows.append(
                    {
                        **row,
                        "run": run,
                        "loq_min": ratio * row["pnec"],
                        "label": COMPARTMENT_LABELS[row["compartment"]],
                    }
                )
    return sorted(rows, key=lambda r: -r["loq_exceedance"])


def assessments(*, user) -> QuerySet[Assessment]:
    return policy.scope(
        user, "risk.view_assessment",
        Assessment.objects.select_related("substance", "created_by", "decided_by"),
    )  # fmt: skip
