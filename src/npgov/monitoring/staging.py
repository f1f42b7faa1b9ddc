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
