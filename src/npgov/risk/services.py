"""Writes of the risk app: creating, executing and re-running screening runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path

import polars as pl
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.chemicals import selectors as chem
from npgov.chemicals.models import Substance
from npgov.core import policy
from npgov.core.audit import acting_as
from npgov.monitoring.choices import CENSORED, WATER_MEDIA, Detection, QcType, Review
from npgov.monitoring.models import Result

from .choices import CategoryRule, RunStatus
from .models import ScreeningRun
from .pnecs import freshwater_pnecs

#: Results are stored in ng/L for water; PNECs are derived in mg/L.
NG_PER_MG = 1e6


def run_create(
    *, actor, title: str, lists=(), groups=(), substances=(), media=(), districts=(),
    date_from: dt.date | None = None, date_to: dt.date | None = None,
    rule: str = CategoryRule.SCARCE,
) -> ScreeningRun:  # fmt: skip
    """Record a screening run and queue its execution."""
    policy.require(actor, "risk.add_screeningrun")
    media = list(media) or sorted(WATER_MEDIA)
    unknown = [m for m in media if m not in WATER_MEDIA]
    if unknown:
        raise ValidationError(
            _("Screening against freshwater PNECs takes water media only, not {media}.").format(
                media=", ".join(unknown)
            ),
            code="media",
        )
    if not (lists or groups or substances):
        raise ValidationError(_("Choose list entries, groups or substances."), code="scope")
    if date_from and date_to and date_from > date_to:
        raise ValidationError(_("The period ends before it starts."), code="dates")
    if rule not in CategoryRule.values:
        raise ValidationError(_("Unknown category rule."), code="rule")
    with transaction.atomic(), acting_as(actor):
        run = ScreeningRun.objects.create(
            title=title, media=media, date_from=date_from, date_to=date_to, rule=rule,
            created_by=actor,
        )  # fmt: skip
        run.lists.set(lists)
        run.groups.set(groups)
        run.substances.set(substances)
        run.districts.set(districts)
        _enqueue(run)
    return run


def run_rerun(*, actor, run: ScreeningRun) -> ScreeningRun:
    """A new run on the same frozen inputs (results snapshot and PNECs): the same ranking."""
    policy.require(actor, "risk.add_screeningrun")
    if run.status != RunStatus.DONE:
        raise ValidationError(_("Only a finished run can be re-run."), code="status")
    with transaction.atomic(), acting_as(actor):
        again = ScreeningRun.objects.create(
            title=run.title, media=run.media, date_from=run.date_from, date_to=run.date_to,
            rule=run.rule, created_by=actor, rerun_of=run, snapshot=run.snapshot.name,
            snapshot_sha256=run.snapshot_sha256, snapshot_rows=run.snapshot_rows,
            pnecs=run.pnecs,
        )  # fmt: skip
        for field in ("lists", "groups", "substances", "districts"):
            getattr(again, field).set(getattr(run, field).all())
        _enqueue(again)
    return again


def _enqueue(run: ScreeningRun) -> None:
    from .tasks import screening_execute

    transaction.on_commit(lambda: screening_execute.enqueue(run.pk))


def scope_ids(run: ScreeningRun) -> set[int]:
    ids: set[int] = set()
    for target in (*run.lists.all(), *run.groups.all(), *run.substances.all()):
        ids |= chem.substances_covered(target)
    return ids


def run_execute(run: ScreeningRun) -> None:
    """Freeze the inputs (unless a re-run brings them) and rank; records failure as such."""
    import ibis

    from npgov.analytics import engine
    from npgov.science import ranking

    ScreeningRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    if not run.snapshot:
        _freeze(run)
    pnecs = {int(k): v for k, v in run.pnecs.items()}
    ranked_ids = [k for k, v in pnecs.items() if v.get("pnec_ng_per_l")]
    con = engine.connect()
    with run.snapshot.open("rb") as handle:
        results = pl.read_parquet(handle.read())
    pnec_table = pl.DataFrame(
        {
            "substance_id": ranked_ids,
            "name": [pnecs[k]["name"] for k in ranked_ids],
            "pnec": [pnecs[k]["pnec_ng_per_l"] for k in ranked_ids],
            "provisional": [pnecs[k]["provisional"] for k in ranked_ids],
        },
        schema={"substance_id": pl.Int64, "name": pl.String, "pnec": pl.Float64,
                "provisional": pl.Boolean},
    )  # fmt: skip
    rule = ranking.DANUBE_2018 if run.rule == CategoryRule.DANUBE else ranking.SCARCE_2018
    measured = set(results["substance_id"].unique().to_list())
    ranked = engine.prioritise(
        con,
        ibis.memtable(results.to_arrow()),
        ibis.memtable(pnec_table.filter(pl.col("substance_id").is_in(list(measured))).to_arrow()),
        rule,
    )
    by_name = {v["name"]: k for k, v in pnecs.items()}
    platform = dict(Substance.objects.filter(pk__in=pnecs).values_list("pk", "platform_id"))
    rows = []
    for item in ranked:
        substance_id = by_name[item.substance]
        rows.append({
            "position": item.position, "substance_id": substance_id, "name": item.substance,
            "platform_id": platform[substance_id],
            "category": int(item.category), "rank_in_category": item.rank_in_category,
            "final_score": item.indicators.final_score, "eoe": item.indicators.extent_of_exceedance,
            "eoe_score": item.indicators.eoe_score, "foe": item.indicators.foe_score,
            "max_exceedance": item.indicators.max_exceedance,
            "loq_exceedance": item.indicators.loq_exceedance,
            "n_sites": item.evidence.n_sites, "n_sites_exceeding": item.evidence.n_sites_exceeding,
            "mec95": item.evidence.mec95, "mec_site_max": item.evidence.mec_site_max,
            "pnec": item.evidence.lowest_pnec, "provisional": item.evidence.pnec_provisional,
        })  # fmt: skip
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, result=rows, finished=timezone.now(),
        message=_("{n} substances ranked; {m} in scope without a PNEC or without results.").format(
            n=len(rows), m=len(pnecs) - len(rows)
        ),
    )  # fmt: skip


def _freeze(run: ScreeningRun) -> None:
    """Write the run's inputs: the regular, not rejected results in scope (Parquet) and the
    PNEC of every substance in scope (JSON, with how it was derived)."""
    ids = scope_ids(run)
    results = (
        Result.objects.filter(substance_id__in=ids, medium__in=run.media, qc_type=QcType.REGULAR)
        .exclude(review=Review.REJECTED)
        .exclude(detection=Detection.NOT_ANALYSED)
    )
    if run.districts.exists():
        results = results.filter(site__district__in=run.districts.all())
    if run.date_from:
        results = results.filter(sampled_on__gte=run.date_from)
    if run.date_to:
        results = results.filter(sampled_on__lte=run.date_to)
    rows = list(results.values_list("substance_id", "site_id", "detection", "value", "lod",
                                    "loq").order_by("substance_id", "site_id", "pk"))  # fmt: skip
    frame = pl.DataFrame(
        {
            "substance_id": [r[0] for r in rows],
            "site_id": [r[1] for r in rows],
            "value": [None if r[2] in CENSORED else r[3] for r in rows],
            "loq": [r[5] if r[5] is not None else r[4] for r in rows],
        },
        schema={"substance_id": pl.Int64, "site_id": pl.Int64, "value": pl.Float64,
                "loq": pl.Float64},
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.parquet"
        frame.write_parquet(path, statistics=False)
        content = path.read_bytes()
    names = _labels(ids)
    pnecs = {}
    for substance_id, derived in freshwater_pnecs(ids).items():
        entry = {"name": names[substance_id], "pnec_ng_per_l": None, "provisional": True}
        if isinstance(derived, str):
            entry["reason"] = derived
        elif derived.value_mg_per_l is None:
            entry["reason"] = derived.reason
        else:
            entry.update(
                pnec_ng_per_l=derived.value_mg_per_l * NG_PER_MG,
                provisional=not derived.experimental, confirmed=derived.confirmed,
                rule=derived.rule.id if derived.rule else "", factor=derived.assessment_factor,
                basis=derived.basis,
            )  # fmt: skip
        pnecs[str(substance_id)] = entry
    for substance_id in ids - {int(k) for k in pnecs}:
        pnecs[str(substance_id)] = {
            "name": names[substance_id], "pnec_ng_per_l": None, "provisional": True,
            "reason": _("No ecotoxicity records in the knowledge base."),
        }  # fmt: skip
    run.snapshot.save(f"run-{run.pk}.parquet", ContentFile(content), save=False)
    run.snapshot_sha256 = hashlib.sha256(content).hexdigest()
    run.snapshot_rows = frame.height
    run.pnecs = pnecs
    run.save(update_fields=["snapshot", "snapshot_sha256", "snapshot_rows", "pnecs"])


def _labels(ids) -> dict[int, str]:
    """Substance names as the ranking shows them, made unique with the platform ID."""
    rows = list(Substance.objects.filter(pk__in=ids).values_list("pk", "name_zh", "platform_id"))
    seen: dict[str, int] = {}
    for _pk, name, _pid in rows:
        seen[name] = seen.get(name, 0) + 1
    return {pk: name if seen[name] == 1 else f"{name} ({pid})" for pk, name, pid in rows}
