"""Read-side queries of the risk app, through the policy layer."""

from __future__ import annotations

from django.db.models import QuerySet

from npgov.core import policy

from .models import Assessment, ScreeningRun


def runs(*, user) -> QuerySet[ScreeningRun]:
    return policy.scope(user, "risk.view_screeningrun", ScreeningRun.objects.all())


def categories(run: ScreeningRun) -> list[dict]:
    """The six NORMAN action categories with the substances ranked in each."""
    from npgov.science.ranking import ActionCategory

    return [
        {"number": int(c), "action": c.action, "gap": c.knowledge_gap,
         "rows": [r for r in run.result if r["category"] == int(c)]}
        for c in ActionCategory
    ]  # fmt: skip


def without_pnec(run: ScreeningRun) -> list[dict]:
    """Substances in scope that could not be ranked, with the reason."""
    ranked = {r["substance_id"] for r in run.result}
    return sorted(
        ({"substance_id": int(k), **v} for k, v in run.pnecs.items() if int(k) not in ranked),
        key=lambda row: row["name"],
    )


def inconclusive(*, user) -> list[dict]:
    """Substances whose lowest limit of quantification lies above their PNEC in the latest
    finished run that ranked them: where nothing was quantified the monitoring cannot show
    that the PNEC is kept, so the methods need to become more sensitive (NORMAN category 4,
    and the non-detect sites of the others)."""
    from .choices import RunStatus

    seen: set[int] = set()
    rows = []
    for run in runs(user=user).filter(status=RunStatus.DONE).order_by("-finished", "-pk"):
        for row in run.result:
            if row["substance_id"] in seen:
                continue
            seen.add(row["substance_id"])
            ratio = row.get("loq_exceedance")
            if ratio is not None and ratio > 1:
                rows.append({**row, "run": run, "loq_min": ratio * row["pnec"]})
    return sorted(rows, key=lambda r: -r["loq_exceedance"])


def assessments(*, user) -> QuerySet[Assessment]:
    return policy.scope(
        user, "risk.view_assessment",
        Assessment.objects.select_related("substance", "created_by", "decided_by"),
    )  # fmt: skip
