"""The staging table of one import: clean rows are written to it as they are checked
(PostgreSQL ``COPY`` of CSV text, or batched inserts on SQLite), checked there for conflicts
within the file and with stored samples, and moved into place by two ``INSERT … SELECT``
statements in the import's transaction."""

from __future__ import annotations

import io

import polars as pl
from django.db import connection

from npgov.core.imports import RowError

from .models import ImportFile

STAGING_COLUMNS = (
    "row_number", "sample_code", "site_id", "medium", "sampled_at", "sampled_on", "qc_type",
    "duplicate_of",
    "batch", "programme_id", "matrix", "depth_m", "basis", "fraction", "substance_id",
    "detection", "value", "lod", "loq", "unit_given", "method", "recovery_percent", "qa_flags",
)  # fmt: skip


class Staging:
    """A temporary table for the clean rows of one file."""

    name = "monitoring_staging"

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def create(self) -> None:
        kinds = {
            "row_number": "integer", "sample_code": "varchar(60)", "site_id": "bigint",
            "medium": "varchar(30)",
            "sampled_at": "timestamp with time zone" if self.postgres else "datetime",
            "sampled_on": "date",
            "qc_type": "varchar(20)", "duplicate_of": "varchar(60)", "batch": "varchar(60)",
            "programme_id": "bigint", "matrix": "varchar(100)", "depth_m": "double precision",
            "basis": "varchar(5)", "fraction": "varchar(10)", "substance_id": "bigint",
            "detection": "varchar(15)", "value": "double precision", "lod": "double precision",
            "loq": "double precision", "unit_given": "varchar(20)", "method": "varchar(60)",
            "recovery_percent": "double precision", "qa_flags": "varchar(200)",
        }  # fmt: skip
        columns = ", ".join(f"{c} {kinds[c]}" for c in STAGING_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.name} ({columns})")

    def write(self, frame: pl.DataFrame) -> None:
        """Append checked rows (a frame with :data:`STAGING_COLUMNS`)."""
        if frame.is_empty():
            return
        frame = frame.select(STAGING_COLUMNS)
        names = ", ".join(STAGING_COLUMNS)
        with connection.cursor() as cursor:
            if self.postgres:
                # CSV text keeps NULL (unquoted empty) apart from the empty string ("").
                text = io.BytesIO()
                frame.write_csv(text, include_header=False)
                with cursor.cursor.copy(
                    f"COPY {self.name} ({names}) FROM STDIN (FORMAT csv)"
                ) as copy:
                    copy.write(text.getbuffer())
            else:
                marks = ", ".join(["%s"] * len(STAGING_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO {self.name} ({names}) VALUES ({marks})", frame.iter_rows()
                )

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.name}")


def conflicts(file_name: str, laboratory_id: int) -> list[RowError]:
    """Rows that repeat a result of the same file, and samples whose code names another site
    or date in the file or in the database."""
    errors = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MIN(row_number), MAX(row_number), sample_code FROM {Staging.name} "
            "GROUP BY sample_code, substance_id, method HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 200"
        )
        for first, last, code in cursor.fetchall():
            errors.append(
                RowError(file_name, last, "样品编号 / Sample code", code,
                         f"与第 {first} 行重复（同一样品、物质和方法）。",
                         f"Repeats row {first} (same sample, substance and method).")
            )  # fmt: skip
        cursor.execute(
            f"SELECT MIN(row_number), sample_code FROM {Staging.name} GROUP BY sample_code "
            "HAVING COUNT(DISTINCT site_id) > 1 OR COUNT(DISTINCT sampled_at) > 1 LIMIT 200"
        )
        for first, code in cursor.fetchall():
            errors.append(
                RowError(file_name, first, "样品编号 / Sample code", code,
                         "同一样品编号对应了不同的点位或采样时间。",
                         "One sample code names different sites or sampling times.")
            )  # fmt: skip
        cursor.execute(
            f"SELECT MIN(st.row_number), st.sample_code FROM {Staging.name} st "
            "JOIN monitoring_sample s ON s.laboratory_id = %s AND s.code = st.sample_code "
            "WHERE s.site_id <> st.site_id OR s.sampled_at <> st.sampled_at "
            "GROUP BY st.sample_code LIMIT 200",
            [laboratory_id],
        )
        for first, code in cursor.fetchall():
            errors.append(
                RowError(file_name, first, "样品编号 / Sample code", code,
                         "该样品编号已登记为其他点位或采样时间。",
                         "This sample code is already recorded for another site or time.")
            )  # fmt: skip
    return errors


def move(import_file: ImportFile) -> tuple[int, int]:
    """Insert the new samples, then the results not already present; returns the counts."""
    lab = import_file.laboratory_id
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO monitoring_sample (code, laboratory_id, site_id, programme_id, medium, "
            "matrix, sampled_at, depth_m, basis, fraction, qc_type, batch, duplicate_of, "
            "import_file_id, event_id) "
            f"SELECT sample_code, %s, MIN(site_id), MIN(programme_id), MIN(medium), MIN(matrix), "
            "MIN(sampled_at), MIN(depth_m), MIN(basis), MIN(fraction), MIN(qc_type), MIN(batch), "
            f"MIN(duplicate_of), %s, NULL FROM {Staging.name} st "
            "WHERE NOT EXISTS (SELECT 1 FROM monitoring_sample s "
            "WHERE s.laboratory_id = %s AND s.code = st.sample_code) GROUP BY sample_code",
            [lab, import_file.pk, lab],
        )
        samples = cursor.rowcount
        cursor.execute(
            "INSERT INTO monitoring_result (sample_id, substance_id, site_id, medium, sampled_on, "
            "qc_type, detection, value, lod, loq, unit_given, method, laboratory_id, "
            "recovery_percent, qa_flags, review, import_file_id) "
            "SELECT s.id, st.substance_id, s.site_id, s.medium, st.sampled_on, s.qc_type, "
            "st.detection, st.value, st.lod, st.loq, st.unit_given, st.method, %s, "
            "st.recovery_percent, st.qa_flags, 'pending', %s "
            f"FROM {Staging.name} st JOIN monitoring_sample s "
            "ON s.laboratory_id = %s AND s.code = st.sample_code "
            "ON CONFLICT (sample_id, substance_id, laboratory_id, method) DO NOTHING",
            [lab, import_file.pk, lab],
        )
        results = cursor.rowcount
    return samples, results


SAMPLE_COPY = (
    "id", "code", "laboratory_id", "site_id", "programme_id", "medium", "matrix", "sampled_at",
    "depth_m", "basis", "fraction", "qc_type", "batch", "duplicate_of", "import_file_id",
)  # fmt: skip
RESULT_COPY = (
    "sample_id", "substance_id", "site_id", "medium", "sampled_on", "qc_type", "detection",
    "value", "lod", "loq", "unit_given", "method", "laboratory_id", "recovery_percent",
    "qa_flags", "review", "import_file_id",
)  # fmt: skip


class Direct:
    """Rows of samples that are new in a batch go straight into the samples and results
    tables with ``COPY`` (PostgreSQL): they cannot repeat a stored result, so they need
    neither the staging table nor the conflict check of ``ON CONFLICT``. Rows of samples
    already stored, or created by an earlier batch of the same file, go to the staging table.

    Repeats within the batch and sample codes naming two sites or times are reported to
    ``problems`` instead of written; once any problem is known nothing more is written (the
    import's transaction will be rolled back).
    """

    def __init__(self, record: ImportFile, staging: Staging, problems) -> None:
        self.record, self.staging, self.problems = record, staging, problems
        self.samples = self.results = 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence('monitoring_sample', 'id')")
            (self.sequence,) = cursor.fetchone()

    def write(self, good: pl.DataFrame) -> None:
        lab = self.record.laboratory_id
        codes = good["sample_code"].unique().to_list()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT code FROM monitoring_sample WHERE laboratory_id = %s AND code = ANY(%s)",
                [lab, codes],
            )
            known = [code for (code,) in cursor.fetchall()]
        fresh = good.filter(~pl.col("sample_code").is_in(known))
        if not self._clean(fresh):
            return
        self.staging.write(good.filter(pl.col("sample_code").is_in(known)))
        if fresh.is_empty():
            return
        samples = fresh.group_by("sample_code", maintain_order=True).first()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(%s) FROM generate_series(1, %s)", [self.sequence, samples.height]
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        samples = samples.with_columns(
            pl.Series("id", ids, dtype=pl.Int64), pl.lit(lab).alias("laboratory_id"),
            pl.col("sample_code").alias("code"), pl.lit(self.record.pk).alias("import_file_id"),
        )  # fmt: skip
        results = fresh.join(
            samples.select("sample_code", pl.col("id").alias("sample_id")), on="sample_code"
        ).with_columns(
            pl.lit(lab).alias("laboratory_id"), pl.lit("pending").alias("review"),
            pl.lit(self.record.pk).alias("import_file_id"),
        )  # fmt: skip
        _copy("monitoring_sample", samples, SAMPLE_COPY)
        _copy("monitoring_result", results, RESULT_COPY)
        self.samples += samples.height
        self.results += results.height

    def _clean(self, fresh: pl.DataFrame) -> bool:
        """Report repeated rows and inconsistent sample codes among new samples' rows."""
        key = ["sample_code", "substance_id", "method"]
        repeats = fresh.with_columns(pl.col("row_number").min().over(key).alias("first")).filter(
            pl.col("row_number") > pl.col("first")
        )
        self.problems.rows(
            repeats.with_columns(
                pl.col("row_number").alias("row"),
                pl.format("与第 {} 行重复（同一样品、物质和方法）。", "first").alias("zh"),
                pl.format("Repeats row {} (same sample, substance and method).", "first")
                .alias("en"),
            ),
            "sample", "sample_code", "zh", "en",
        )  # fmt: skip
        split = fresh.with_columns(
            pl.col("row_number").min().over("sample_code").alias("row"),
            pl.col("site_id").n_unique().over("sample_code").alias("sites"),
            pl.col("sampled_at").n_unique().over("sample_code").alias("times"),
        ).filter((pl.col("sites") > 1) | (pl.col("times") > 1))
        self.problems.rows(
            split.unique("sample_code").with_columns(
                pl.lit("同一样品编号对应了不同的点位或采样时间。").alias("zh"),
                pl.lit("One sample code names different sites or sampling times.").alias("en"),
            ),
            "sample", "sample_code", "zh", "en",
        )  # fmt: skip
        return not self.problems.errors(1)


def _copy(table: str, frame: pl.DataFrame, columns: tuple[str, ...]) -> None:
    text = io.BytesIO()
    frame.select(columns).write_csv(text, include_header=False)
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
        with cursor.cursor.copy(sql) as copy:
            copy.write(text.getbuffer())


def repeats_of_loaded(file_name: str, record: ImportFile) -> list[RowError]:
    """Staged rows that repeat a result this same file has already written directly."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT st.row_number, st.sample_code FROM {Staging.name} st "
            "JOIN monitoring_sample s ON s.laboratory_id = %s AND s.code = st.sample_code "
            "JOIN monitoring_result r ON r.sample_id = s.id AND r.substance_id = st.substance_id "
            "AND r.method = st.method AND r.import_file_id = %s ORDER BY 1 LIMIT 200",
            [record.laboratory_id, record.pk],
        )
        return [
            RowError(file_name, row, "样品编号 / Sample code", code,
                     "与本文件前面的一行重复（同一样品、物质和方法）。",
                     "Repeats an earlier row of this file (same sample, substance and method).")
            for row, code in cursor.fetchall()
        ]  # fmt: skip
