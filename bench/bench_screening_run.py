"""A risk screening run at scale on PostgreSQL: a run over N monitoring results (default
1,000,000; ``--rows``) of 50 substances in water, sediment and soil (about 30–60 % detected
per substance, the others below the LOQ or LOD, a few blanks, rejected, not analysed and
wet-weight solid results that the run leaves out), timing

- the freeze (``risk.services._freeze``): the results in scope streamed from PostgreSQL in
  chunks into the run's Parquet snapshot, with the PNECs of every substance, against
  PostgreSQL ``COPY (<the same SELECT>) TO STDOUT (FORMAT binary)`` read fully by psycopg,
  the cost of just getting the same rows out of the database (goal: the freeze within 3× of
  that COPY), and
- the ranking (``risk.services.run_execute`` on the frozen run: the snapshot read back and
  every compartment ranked by the analytics engine),

with the process's peak memory (ru_maxrss) before and after the run; the data are generated
before and loaded by ``COPY ... FROM STDIN`` in small blocks, so that generating them does not
hide the peak (goal: memory flat in the number of results; ``--rows 3000000`` checks that it
does not grow).
Checks that the snapshot holds exactly the results in scope (counted by a hand-written SQL
query) and that the ranking is not empty.
Creates and drops the database ``npgov_bench_screening`` (also on error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import NormalDist

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_monitoring_import as base  # noqa: E402

DB_NAME = "npgov_bench_screening"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
base.DB_NAME, base.DB_URL = DB_NAME, DB_URL  # read by its database() and setup()

N_SUBSTANCES = 50
#: Sites besides the 300 surface-water sites of ``base.setup``: medium → number.
MORE_SITES = {"groundwater": 40, "sediment": 120, "soil": 80, "farmland_soil": 60}
SOLID = {"sediment", "soil", "farmland_soil"}
SAMPLE_COLUMNS = ("code", "laboratory_id", "site_id", "medium", "matrix", "sampled_at", "basis",
                  "fraction", "qc_type", "batch", "duplicate_of")  # fmt: skip
RESULT_COLUMNS = ("sample_id", "substance_id", "site_id", "medium", "sampled_on", "qc_type",
                  "detection", "value", "lod", "loq", "unit_given", "method", "laboratory_id",
                  "qa_flags", "review")  # fmt: skip


def sites() -> list[tuple[int, str]]:
    """The sites of ``base.setup`` and more in other media, in several districts."""
    from npgov.core.models import Organisation, OrganisationKind
    from npgov.monitoring.models import Site

    districts = list(Organisation.objects.filter(kind=OrganisationKind.DISTRICT))
    more = [(m, i) for m, n in MORE_SITES.items() for i in range(n)]
    Site.objects.bulk_create(
        [
            Site(code=f"S-{m}-{i:03d}", name_zh=f"基准点位{m}{i}", medium=m,
                 site_type="farmland" if "soil" in m else "urban",
                 district=districts[(i * 7 + len(m)) % len(districts)],
                 longitude=116.4, latitude=39.9, is_synthetic=True)
            for m, i in more
        ]
    )  # fmt: skip
    return list(Site.objects.order_by("pk").values_list("pk", "medium"))


def substances(rng: random.Random) -> list:
    """Fifty reference substances with ecotoxicity (chronic NOECs of three trophic levels, as
    ``tests/risk/conftest.py`` records them) and log Koc, so that every one has a PNEC in
    water, sediment and soil."""
    from npgov.chemicals.models import PropertyRecord, Substance

    chosen = list(Substance.objects.order_by("platform_id")[:N_SUBSTANCES])
    assert len(chosen) == N_SUBSTANCES, len(chosen)
    records = []
    for substance in chosen:
        noec = 10 ** rng.uniform(-5.5, -1)  # mg/L: PNECs from 0.3 ng/L to 10 µg/L
        for group, species, factor in (("algae", "Raphidocelis subcapitata", 3),
                                       ("invertebrates", "Daphnia magna", 1),
                                       ("fish", "Danio rerio", 2)):  # fmt: skip
            records.append(
                PropertyRecord(
                    substance=substance, kind="chronic_toxicity", value=noec * factor,
                    unit="mg/L", value_canonical=noec * factor, unit_canonical="mg/L",
                    endpoint="NOEC", species=species, taxonomic_group=group,
                    medium="freshwater", origin="experimental", reliability="K1",
                    source="synthetic bench record",
                )
            )  # fmt: skip
        koc = round(rng.uniform(1.5, 5.0), 2)
        records.append(
            PropertyRecord(substance=substance, kind="log_koc", value=koc, unit="",
                           value_canonical=koc, unit_canonical="", medium="",
                           reliability="K2", source="synthetic bench record")
        )  # fmt: skip
    PropertyRecord.objects.bulk_create(records)
    return chosen


def load(lab, site_list, substance_ids: list[int], rows: int, rng: random.Random) -> None:
    """Samples and ``rows`` results (one per sample and substance) by COPY ... FROM STDIN,
    in blocks; then VACUUM ANALYZE, so that neither timed read pays for hint bits."""
    from django.db import connection

    n_samples = -(-rows // N_SUBSTANCES)
    samples = []
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY monitoring_sample ({', '.join(SAMPLE_COLUMNS)}) FROM STDIN") as c:
            for j in range(n_samples):
                site, medium = site_list[j % len(site_list)]
                day = dt.date(2018, 1, 1) + dt.timedelta(days=(j * 37) % 2550)
                basis = ("wet" if rng.random() < 0.03 else "dry") if medium in SOLID else ""
                qc = "field_blank" if rng.random() < 0.02 else "regular"
                samples.append((site, medium, day.isoformat(), qc))
                c.write(f"BS-{j:07d}\t{lab.pk}\t{site}\t{medium}\t\t{day}T09:00:00+08:00\t"
                        f"{basis}\t\t{qc}\t\t\n")  # fmt: skip
        cursor.execute("SELECT id FROM monitoring_sample ORDER BY code")
        ids = [r[0] for r in cursor.fetchall()]
        # per substance: LOD and LOQ (ng/L, ng/g), and the log-normal concentrations' mean
        # chosen so that 30–60 % are at or above the LOQ
        sigma = 1.5
        spec = []
        for k in range(N_SUBSTANCES):
            lod = round(10 ** rng.uniform(-1.5, 0.5), 4)
            loq = round(3 * lod, 4)
            share = 0.3 + 0.3 * k / (N_SUBSTANCES - 1)
            spec.append((lod, loq, NormalDist(0, 1).inv_cdf(share) * sigma + math.log(loq)))
        lines = []
        columns = ", ".join(RESULT_COLUMNS)
        with cursor.copy(f"COPY monitoring_result ({columns}) FROM STDIN") as c:
            for i in range(rows):
                j, k = divmod(i, N_SUBSTANCES)
                site, medium, day, qc = samples[j]
                lod, loq, mu = spec[k]
                u = rng.random()
                if u < 0.005:
                    detection, value = "not_analysed", "\\N"
                else:
                    x = rng.lognormvariate(mu, sigma)
                    if x >= loq:
                        detection, value = "detected", f"{x:.4g}"
                    else:
                        detection, value = ("lt_loq" if x >= lod else "lt_lod"), "\\N"
                review = "rejected" if u > 0.99 else "accepted" if u > 0.5 else "pending"
                unit = "ng/g" if medium in SOLID else "ng/L"
                lines.append(f"{ids[j]}\t{substance_ids[k]}\t{site}\t{medium}\t{day}\t{qc}\t"
                             f"{detection}\t{value}\t{lod}\t{loq}\t{unit}\tHJ-BENCH\t{lab.pk}\t"
                             f"\t{review}\n")  # fmt: skip
                if len(lines) == 10_000:
                    c.write("".join(lines))
                    lines = []
            c.write("".join(lines))
        cursor.execute("VACUUM ANALYZE monitoring_sample")
        cursor.execute("VACUUM ANALYZE monitoring_result")


def expected_rows(substance_ids: list[int], media: list[str]) -> int:
    """The results the snapshot must hold, by a hand-written query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM monitoring_result r JOIN monitoring_sample s "
            "ON s.id = r.sample_id WHERE r.substance_id = ANY(%s) AND r.medium = ANY(%s) "
            "AND r.qc_type = 'regular' AND r.review <> 'rejected' "
            "AND r.detection <> 'not_analysed' "
            "AND NOT (r.medium = ANY(%s) AND s.basis = 'wet')",
            [substance_ids, media, sorted(SOLID)],
        )
        return cursor.fetchone()[0]


def copy_out(sql: str, params) -> tuple[float, int]:
    """COPY of the freeze's SELECT to STDOUT (binary), every block read by psycopg."""
    with psycopg.connect(DB_URL.replace("postgres://", "postgresql://")) as conn:
        cursor = conn.cursor()
        start = time.perf_counter()
        nbytes = 0
        with cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT binary)", params) as copy:
            for block in copy:
                nbytes += len(block)
        return time.perf_counter() - start, nbytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = random.Random(11)
    data_dir = tempfile.mkdtemp(prefix="npgov-bench-")
    base.database(create=True)
    try:
        user, lab = base.setup(data_dir)
        site_list = sites()
        chosen = substances(rng)
        ids = [s.pk for s in chosen]
        start = time.perf_counter()
        load(lab, site_list, ids, args.rows, rng)
        print(f"data: {args.rows:,} results in {len(site_list)} sites, generated and loaded "
              f"in {time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip

        import pyarrow.parquet as pq
        from django.db import connection

        from npgov.analytics import engine
        from npgov.risk import services
        from npgov.risk.choices import RunStatus
        from npgov.risk.models import ScreeningRun
        from npgov.science import ranking  # noqa: F401  (imported before timing)

        engine.connect()  # the DuckDB backend loaded before timing
        media = sorted(services.SCREENED_MEDIA)
        expected = expected_rows(ids, media)
        run = ScreeningRun.objects.create(title="基准筛查", created_by=user, media=media)
        run.substances.set(chosen)

        selects = []

        def capture(execute, sql, params, many, context):
            if sql.lstrip().upper().startswith("SELECT") and '"monitoring_result"."loq"' in sql:
                selects.append((sql, params))
            return execute(sql, params, many, context)

        before = base.peak_mb()
        with connection.execute_wrapper(capture):
            start = time.perf_counter()
            services._freeze(run)
            t_freeze = time.perf_counter() - start
        after_freeze = base.peak_mb()
        start = time.perf_counter()
        services.run_execute(run)
        t_rank = time.perf_counter() - start
        peak = base.peak_mb()
        assert len(selects) == 1, selects
        t_copy, nbytes = copy_out(*selects[0])

        run.refresh_from_db()
        assert run.status == RunStatus.DONE, (run.status, run.message)
        assert run.snapshot_rows == expected, (run.snapshot_rows, expected)
        assert pq.ParquetFile(run.snapshot.path).metadata.num_rows == expected
        assert run.result, "empty ranking"
        compartments = sorted({r["compartment"] for r in run.result})
        print(
            f"snapshot {expected:,} results in scope ({nbytes / 1e6:.0f} MB by COPY); "
            f"{len(run.result)} substance × compartment pairs ranked in {compartments}"
        )
        print(
            f"screening run over {args.rows:,} results: freeze {t_freeze:.1f} s (COPY of the "
            f"same rows {t_copy:.1f} s, ratio {t_freeze / t_copy:.1f}, goal ≤ 3); ranking "
            f"{t_rank:.1f} s; peak memory {peak:.0f} MB (before {before:.0f} MB, after the "
            f"freeze {after_freeze:.0f} MB)"
        )
    finally:
        base.database(create=False)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
