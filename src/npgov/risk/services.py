"""Writes of the risk app: creating, executing and re-running screening runs."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npgov.chemicals import selectors as chem
from npgov.chemicals.models import Substance
from npgov.core import policy
from npgov.core.audit import acting_as
from npgov.monitoring.choices import CENSORED, Basis
from npgov.monitoring.models import Result
from npgov.monitoring.selectors import assessable

from .choices import CategoryRule, RunStatus
from .models import ScreeningRun
from .pnecs import COMPARTMENT_MEDIA, COMPARTMENT_OF, UNITS, derive

#: Every medium a screening can take (those with a PNEC compartment).
SCREENED_MEDIA = frozenset().union(*COMPARTMENT_MEDIA.values())
#: Rows fetched from the database at a time while the snapshot is written.
SNAPSHOT_CHUNK = 100_000
#: Key of the snapshot's metadata that counts the wet-weight solid results left out.
WET_LEFT_OUT = "npgov.wet_left_out"
SNAPSHOT_SCHEMA = pa.schema([
    ("substance_id", pa.int64()), ("site_id", pa.int64()),
    ("compartment", pa.dictionary(pa.int8(), pa.string())),
    ("value", pa.float64()), ("loq", pa.float64()),
])  # fmt: skip


def run_create(
    *, actor, title: str, lists=(), groups=(), substances=(), media=(), districts=(),
    date_from: dt.date | None = None, date_to: dt.date | None = None,
    rule: str = CategoryRule.SCARCE,
) -> ScreeningRun:  # fmt: skip
    """Record a screening run and queue its execution."""
    policy.require(actor, "risk.add_screeningrun")
    media = sorted(media) or sorted(SCREENED_MEDIA)
    unknown = [m for m in media if m not in SCREENED_MEDIA]
    if unknown:
        raise ValidationError(
            _("No PNEC compartment for the media {media}: screening takes water, sediment and "
              "soil.").format(media=", ".join(unknown)),
            code="media",
        )  # fmt: skip
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
    """Freeze the inputs (unless a re-run brings them) and rank each compartment; records
    failure as such."""
    ScreeningRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    if not run.snapshot:
        _freeze(run)
    pnecs = {int(k): v for k, v in run.pnecs.items()}
    with _local_copy(run.snapshot) as path:
        rows = _rank(run, path, pnecs)
        wet = int((pq.read_schema(path).metadata or {}).get(WET_LEFT_OUT.encode(), b"0"))
    message = _("{n} substance × compartment pairs ranked; the others in scope lack a PNEC or "
                "results.").format(n=len(rows))  # fmt: skip
    if wet:
        message += " " + _("{n} results of wet-weight solid samples left out.").format(n=wet)
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, result=rows, finished=timezone.now(), message=message
    )


@contextlib.contextmanager
def _local_copy(snapshot) -> Iterator[Path]:
    """The snapshot as a local file for the engine to read: the stored file itself where the
    storage keeps files on disk, else a temporary copy."""
    try:
        local = Path(snapshot.path)
    except NotImplementedError:  # a storage without local paths (object storage)
        local = None
    if local is not None:
        yield local
        return
    with tempfile.TemporaryDirectory(prefix="npgov-run-") as folder:
        path = Path(folder) / "results.parquet"
        with snapshot.open("rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield path


def _rank(run: ScreeningRun, path: Path, pnecs: dict[int, dict]) -> list[dict]:
    """The ranking of every compartment in the snapshot, computed by the analytics engine."""
    import ibis

    from npgov.analytics import engine
    from npgov.science import ranking

    rule = ranking.DANUBE_2018 if run.rule == CategoryRule.DANUBE else ranking.SCARCE_2018
    con = engine.connect()
    table = con.read_parquet(path)
    if "compartment" not in table.columns:  # snapshots frozen before sediment and soil
        table = table.mutate(compartment=ibis.literal("water"))
    present = con.to_polars(table.select("compartment", "substance_id").distinct())
    platform = dict(Substance.objects.filter(pk__in=pnecs).values_list("pk", "platform_id"))
    rows = []
    for compartment in UNITS:
        measured = set(present.filter(present["compartment"] == compartment)["substance_id"])
        ids = [k for k, v in pnecs.items() if k in measured and v[compartment]["pnec"]]
        if not ids:
            continue
        pnec_table = ibis.memtable(pa.table({
            "substance_id": pa.array(ids, pa.int64()),
            "name": [pnecs[k]["name"] for k in ids],
            "pnec": pa.array([pnecs[k][compartment]["pnec"] for k in ids], pa.float64()),
            "provisional": [bool(pnecs[k][compartment]["provisional"]) for k in ids],
        }))  # fmt: skip
        results = table.filter(table.compartment == compartment).select(
            "substance_id", "site_id", "value", "loq"
        )
        by_name = {pnecs[k]["name"]: k for k in ids}
        for item in engine.prioritise(con, results, pnec_table, rule):
            substance_id = by_name[item.substance]
            rows.append({
                "compartment": compartment, "unit": UNITS[compartment],
                "position": item.position, "substance_id": substance_id, "name": item.substance,
                "platform_id": platform.get(substance_id, ""),
                "category": int(item.category), "rank_in_category": item.rank_in_category,
                "final_score": item.indicators.final_score,
                "eoe": item.indicators.extent_of_exceedance,
                "eoe_score": item.indicators.eoe_score, "foe": item.indicators.foe_score,
                "max_exceedance": item.indicators.max_exceedance,
                "loq_exceedance": item.indicators.loq_exceedance,
                "n_sites": item.evidence.n_sites,
                "n_sites_exceeding": item.evidence.n_sites_exceeding,
                "mec95": item.evidence.mec95, "mec_site_max": item.evidence.mec_site_max,
                "pnec": item.evidence.lowest_pnec, "provisional": item.evidence.pnec_provisional,
            })  # fmt: skip
    return rows


def _scoped_results(run: ScreeningRun, ids: set[int]):
    results = assessable(Result.objects.filter(substance_id__in=ids, medium__in=run.media))
    if run.districts.exists():
        results = results.filter(site__district__in=run.districts.all())
    if run.date_from:
        results = results.filter(sampled_on__gte=run.date_from)
    if run.date_to:
        results = results.filter(sampled_on__lte=run.date_to)
    return results


def _freeze(run: ScreeningRun) -> None:
    """Write the run's inputs: the regular, not rejected results in scope (Parquet, streamed
    from the database in chunks, so millions of results need no more memory than a chunk)
    and the PNECs of every substance in scope per compartment (JSON, with how each was
    derived). Solid media are screened on a dry-weight basis: results of wet-weight samples
    are left out and counted (no moisture content to convert them)."""
    ids = scope_ids(run)
    results = _scoped_results(run, ids)
    solid = [m for m in run.media if COMPARTMENT_OF.get(m) != "water"]
    wet = results.filter(medium__in=solid, sample__basis=Basis.WET)
    n_wet = wet.count() if solid else 0
    if n_wet:
        results = results.exclude(pk__in=wet.values("pk"))
    rows = results.values_list("substance_id", "site_id", "medium", "detection", "value", "lod",
                               "loq").order_by("substance_id", "site_id", "pk")  # fmt: skip
    digest = hashlib.sha256()
    with tempfile.TemporaryDirectory(prefix="npgov-freeze-") as folder:
        path = Path(folder) / "results.parquet"
        count = _write_snapshot(rows, path, {WET_LEFT_OUT: str(n_wet)})
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
            run.snapshot.save(f"run-{run.pk}.parquet", File(handle), save=False)
    names = _labels(ids)
    run.pnecs = {
        str(pk): {"name": names[pk], **{c: found.entry(c) for c in UNITS}}
        for pk, found in derive(ids).items()
    }
    run.snapshot_sha256 = digest.hexdigest()
    run.snapshot_rows = count
    run.save(update_fields=["snapshot", "snapshot_sha256", "snapshot_rows", "pnecs"])


def _write_snapshot(rows, path: Path, metadata: dict[str, str]) -> int:
    """Stream ``rows`` into a Parquet file, :data:`SNAPSHOT_CHUNK` rows at a time; returns the
    number written.

    On PostgreSQL the rows come through a server-side cursor inside a transaction (so the
    cursor need not be materialised WITH HOLD), planned for reading every row
    (``cursor_tuple_fraction`` 1: the default plans for the first tenth and picks an index
    scan that rereads the table's pages; the whole result is read here, so a sequential scan
    and a sort are 1.5× faster on a million results, bench/bench_screening_run.py)."""
    count = 0
    schema = SNAPSHOT_SCHEMA.with_metadata(metadata)
    with transaction.atomic(using=rows.db), pq.ParquetWriter(path, schema) as writer:
        connection = connections[rows.db]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        chunk: list[tuple] = []
        for row in rows.iterator(chunk_size=SNAPSHOT_CHUNK):
            chunk.append(row)
            if len(chunk) == SNAPSHOT_CHUNK:
                writer.write_table(_frame(chunk))
                count += len(chunk)
                chunk = []
        if chunk or not count:
            writer.write_table(_frame(chunk))
            count += len(chunk)
    return count


def _frame(rows: list[tuple]) -> pa.Table:
    """Snapshot rows: the value only where quantified; the limit (LOQ, else LOD) as loq."""
    return pa.table({
        "substance_id": pa.array([r[0] for r in rows], pa.int64()),
        "site_id": pa.array([r[1] for r in rows], pa.int64()),
        "compartment": pa.array([COMPARTMENT_OF[r[2]] for r in rows], pa.string())
        .dictionary_encode().cast(pa.dictionary(pa.int8(), pa.string())),
        "value": pa.array([None if r[3] in CENSORED else r[4] for r in rows], pa.float64()),
        "loq": pa.array([r[6] if r[6] is not None else r[5] for r in rows], pa.float64()),
    }, schema=SNAPSHOT_SCHEMA)  # fmt: skip


def _labels(ids) -> dict[int, str]:
    """Substance names as the ranking shows them, made unique with the platform ID."""
    rows = list(Substance.objects.filter(pk__in=ids).values_list("pk", "name_zh", "platform_id"))
    seen: dict[str, int] = {}
    for _pk, name, _pid in rows:
        seen[name] = seen.get(name, 0) + 1
    return {pk: name if seen[name] == 1 else f"{name} ({pid})" for pk, name, pid in rows}
