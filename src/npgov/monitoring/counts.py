"""Upkeep of :class:`~npgov.monitoring.models.ResultCount`: added to by each import, moved
between review states by the review, rebuilt from scratch on demand (demo data, repairs)."""

from __future__ import annotations

from django.db import connection

from .models import ImportFile, Result, ResultCount

_DETECTED = "SUM(CASE WHEN detection = 'detected' THEN 1 ELSE 0 END)"
_COLUMNS = "site_id, substance_id, laboratory_id, medium, qc_type, review, n, detected"


def _upsert(where: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO monitoring_resultcount ({_COLUMNS}) "
            f"SELECT site_id, substance_id, laboratory_id, MIN(medium), qc_type, review, "
            f"COUNT(*), {_DETECTED} FROM monitoring_result WHERE {where} "
            "GROUP BY site_id, substance_id, laboratory_id, qc_type, review "
            "ON CONFLICT (site_id, substance_id, laboratory_id, qc_type, review) DO UPDATE SET "
            "n = monitoring_resultcount.n + excluded.n, "
            "detected = monitoring_resultcount.detected + excluded.detected",
            params,
        )


def counts_add_file(import_file: ImportFile) -> None:
    """Count the results a file stored."""
    _upsert("import_file_id = %s", [import_file.pk])


def counts_rebuild() -> None:
    """Count every result again."""
    ResultCount.objects.all().delete()
    _upsert("1 = 1", [])


def counts_move(result: Result, old_review: str) -> None:
    """A result changed review state: move it from one count to the other."""
    if old_review == result.review:
        return
    detected = 1 if result.detection == "detected" else 0
    key = dict(
        site_id=result.site_id, substance_id=result.substance_id,
        laboratory_id=result.laboratory_id, qc_type=result.qc_type,
    )  # fmt: skip
    old = ResultCount.objects.filter(**key, review=old_review).first()
    if old is not None:
        old.n = max(0, old.n - 1)
        old.detected = max(0, old.detected - detected)
        old.save(update_fields=["n", "detected"])
    new, _created = ResultCount.objects.get_or_create(
        **key, review=result.review, defaults={"medium": result.medium}
    )
    new.n += 1
    new.detected += detected
    new.save(update_fields=["n", "detected"])
