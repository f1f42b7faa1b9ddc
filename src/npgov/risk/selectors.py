"""Read-side queries of the risk app, through the policy layer."""

from __future__ import annotations

from django.db.models import QuerySet

from npgov.core import policy

from .models import ScreeningRun


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
