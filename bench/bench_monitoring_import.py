"""Importing monitoring results at scale on PostgreSQL: a long-format CSV of N result rows
(default 1,000,000) through ``monitoring.importers.import_results`` (parsing, validation,
staging by COPY, moving into place), against

- PostgreSQL ``COPY`` of the same rows, already clean, into the emptied results table with its
  indexes and foreign keys, committed (the floor; goal: the import within 3×), and
- a straightforward Django loader: ``csv.DictReader`` → model instances → ``bulk_create``
  in batches of 1,000, with a dictionary lookup for substances and samples, and the deferred
  foreign-key checks a commit runs (goal: the import at least 10× faster),

and the import's peak memory (``--rows 5000000`` checks that it does not grow with the file).
Then the censored statistics of one substance (over its 100,000 results, and over a million
results of one substance) and the heat map page.
Creates and drops the database ``npgov_bench_monitoring``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME = "npgov_bench_monitoring"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def database(create: bool) -> None:
    if not create and "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def setup(data_dir: str):
    os.environ.update(
        NPGOV_ENV="demo", NPGOV_DATABASE_URL=DB_URL, NPGOV_DATA_DIR=data_dir,
        NPGOV_ALLOWED_HOSTS="testserver", DJANGO_SETTINGS_MODULE="npgov.settings",
    )  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from npgov.chemicals.services import chemicals_load_reference
    from npgov.core.models import Organisation, OrganisationKind
    from npgov.core.roles import Role
    from npgov.core.services import organisations_load_reference, user_create
    from npgov.monitoring.models import Site

    organisations_load_reference()
    chemicals_load_reference()
    lab = Organisation.objects.create(
        kind=OrganisationKind.LABORATORY, code="LAB-BENCH", name_zh="基准实验室（示例）",
        district=Organisation.objects.get(code="110108"), is_synthetic=True,
    )  # fmt: skip
    user = user_create(
        username="lab", password="bench-password-1", organisation=lab,
        roles=[Role.LAB_UPLOADER], full_name="lab",
    )  # fmt: skip
    districts = list(Organisation.objects.filter(kind=OrganisationKind.DISTRICT))
    Site.objects.bulk_create(
        [
            Site(code=f"B-{i:04d}", name_zh=f"基准点位{i}", medium="surface_water",
                 site_type="urban", district=districts[i % len(districts)],
                 longitude=116.4, latitude=39.9, is_synthetic=True)
            for i in range(300)
        ]
    )  # fmt: skip
    return user, lab


SUBSTANCES = [("全氟辛酸", "335-67-1"), ("全氟辛基磺酸", "1763-23-1"), ("全氟己基磺酸", "355-46-4"),
              ("环丙沙星", "85721-33-1"), ("诺氟沙星", "70458-96-7"), ("恩诺沙星", "93106-60-6"),
              ("磺胺甲噁唑", "723-46-6"), ("毒死蜱", "2921-88-2"), ("林丹", "58-89-9"),
              ("壬基酚", "25154-52-3")]  # fmt: skip


def write_csv(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    per_sample = len(SUBSTANCES)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["样品编号", "点位编号", "采样时间", "分析方法", "物质名称", "CAS号",
                      "测定值", "单位", "检出限", "定量限"])  # fmt: skip
        for i in range(rows):
            sample = i // per_sample
            name, cas = SUBSTANCES[i % per_sample]
            value = rng.lognormvariate(1, 1.2)
            shown = "ND" if value < 0.5 else f"{value:.3f}"
            out.writerow([f"BS-{sample:07d}", f"B-{sample % 300:04d}",
                          f"20{18 + sample % 7}-{1 + sample % 12:02d}-{1 + sample % 28:02d}",
                          "HJ 1333-2023", name, cas, shown, "ng/L", "0.5", "1.5"])  # fmt: skip


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def naive_load(path: Path, lab, limit: int) -> float:
    """The straightforward loader, timed on ``limit`` rows and scaled."""
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from npgov.chemicals.models import SubstanceIdentifier
    from npgov.monitoring.models import Result, Sample, Site

    cas = dict(
        SubstanceIdentifier.objects.filter(kind="cas").values_list("normalized", "substance_id")
    )
    sites = {s.code: s for s in Site.objects.all()}
    start = time.perf_counter()
    with transaction.atomic():
        samples, batch = {}, []
        with path.open(encoding="utf-8-sig") as handle:
            for n, row in enumerate(csv.DictReader(handle)):
                if n >= limit:
                    break
                code = "N" + row["样品编号"]
                sample = samples.get(code)
                if sample is None:
                    day = dt.date.fromisoformat(row["采样时间"])
                    sample = Sample.objects.create(
                        code=code, laboratory=lab, site=sites[row["点位编号"]],
                        medium="surface_water",
                        sampled_at=timezone.make_aware(dt.datetime.combine(day, dt.time(0))),
                    )  # fmt: skip
                    samples[code] = sample
                nd = row["测定值"] == "ND"
                batch.append(
                    Result(
                        sample=sample, substance_id=cas[row["CAS号"]], site=sample.site,
                        medium="surface_water", sampled_on=sample.sampled_at.date(),
                        qc_type="regular", detection="lt_lod" if nd else "detected",
                        value=None if nd else float(row["测定值"]), lod=0.5, loq=1.5,
                        unit_given="ng/L", method="HJ 1333-2023 N", laboratory=lab,
                    )
                )  # fmt: skip
                if len(batch) == 1000:
                    Result.objects.bulk_create(batch)
                    batch = []
        Result.objects.bulk_create(batch)
        with connection.cursor() as cursor:  # the deferred foreign-key checks of a commit
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def copy_floor(lab) -> float:
    """COPY of the rows the import stored (already clean) into the emptied results table, with
    its indexes and foreign keys, committed: what loading these rows into the table costs."""
    from django.db import connection, transaction

    from npgov.monitoring.models import Result

    columns = ", ".join(f.column for f in Result._meta.concrete_fields)
    with connection.cursor() as cursor:
        cursor.execute(f"COPY (SELECT {columns} FROM monitoring_result) TO '/tmp/npgov_bench.copy'")
        cursor.execute("CREATE TABLE bench_kept AS SELECT * FROM monitoring_result")
        cursor.execute("TRUNCATE monitoring_result")
        start = time.perf_counter()
        with transaction.atomic():
            cursor.execute(f"COPY monitoring_result ({columns}) FROM '/tmp/npgov_bench.copy'")
        elapsed = time.perf_counter() - start
        cursor.execute("TRUNCATE monitoring_result")
        cursor.execute("INSERT INTO monitoring_result SELECT * FROM bench_kept")
        cursor.execute("DROP TABLE bench_kept")
    Path("/tmp/npgov_bench.copy").unlink(missing_ok=True)
    return elapsed


def one_substance_results(rows: int) -> object:
    """A substance with ``rows`` results: the stored results copied under 六氯丁二烯
    (hexachlorobutadiene), each with its own method label so that none repeats another."""
    from django.db import connection

    from npgov.chemicals.models import Substance

    hcbd = Substance.objects.get(name_zh="六氯丁二烯")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO monitoring_result (sample_id, substance_id, site_id, medium, sampled_on, "
            "qc_type, detection, value, lod, loq, unit_given, method, laboratory_id, "
            "recovery_percent, qa_flags, review, import_file_id) "
            "SELECT sample_id, %s, site_id, medium, sampled_on, qc_type, detection, value * 0.7, "
            "lod, loq, unit_given, method || '#' || substance_id, laboratory_id, "
            "recovery_percent, qa_flags, review, import_file_id FROM monitoring_result LIMIT %s",
            [hcbd.pk, rows],
        )
        cursor.execute("ANALYZE monitoring_result")
    return hcbd


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=50_000)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="npgov-bench-")
    database(create=True)
    try:
        user, lab = setup(data_dir)
        path = Path(data_dir) / "results.csv"
        write_csv(path, args.rows, seed=5)
        print(f"file: {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB", flush=True)
        from npgov.monitoring.importers import import_results

        before = peak_mb()
        start = time.perf_counter()
        outcome = import_results(actor=user, path=path)
        t_import = time.perf_counter() - start
        assert outcome.created == args.rows, outcome.as_dict()
        peak = peak_mb()
        t_copy = copy_floor(lab)
        t_naive = naive_load(path, lab, args.naive_rows) * args.rows / args.naive_rows
        print(
            f"import {args.rows:,} rows: {t_import:.1f} s ({args.rows / t_import:,.0f} rows/s); "
            f"COPY of the clean rows {t_copy:.1f} s (ratio {t_import / t_copy:.1f}, goal ≤ 3); "
            f"Django bulk_create loader {t_naive:.0f} s, scaled from {args.naive_rows:,} rows "
            f"(import {t_naive / t_import:.1f}× faster, goal ≥ 10); peak memory {peak:.0f} MB "
            f"(before the import {before:.0f} MB)"
        )
        from django.db import connection
        from django.test import Client

        from npgov.chemicals.models import Substance
        from npgov.core.models import User
        from npgov.monitoring.selectors import statistics

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        pfoa = Substance.objects.get(name_zh="全氟辛酸")
        start = time.perf_counter()
        rows = statistics(user=user, substance=pfoa, by="district")
        t_stats = time.perf_counter() - start
        n = sum(r["n"] for r in rows)
        hcbd = one_substance_results(outcome.created)
        statistics(user=user, substance=hcbd, by="district")
        start = time.perf_counter()
        rows = statistics(user=user, substance=hcbd, by="district")
        t_big = time.perf_counter() - start
        n_big = sum(r["n"] for r in rows)
        analyst = User.objects.create_superuser("bench-admin", password="bench-password-1")
        client = Client()
        client.force_login(analyst)
        client.get("/monitoring/heatmap/")
        start = time.perf_counter()
        for _ in range(5):
            assert client.get("/monitoring/heatmap/").status_code == 200
        t_heat = (time.perf_counter() - start) / 5
        print(
            f"statistics of one substance by district over {n:,} results: {t_stats * 1e3:.0f} ms, "
            f"over {n_big:,} results: {t_big * 1e3:.0f} ms (goal < 1 s); heat map page over "
            f"{outcome.created:,} results: {t_heat * 1e3:.0f} ms (goal < 300 ms)"
        )
    finally:
        database(create=False)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
