"""Background jobs of monitoring (django-tasks), thin wrappers over the importer."""

from __future__ import annotations

import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_tasks import task

from npgov.core import services
from npgov.core.imports import ImportRejected, error_report_xlsx
from npgov.core.models import Job, Organisation

from .importers import import_results

logger = logging.getLogger(__name__)


def _line_count(path: Path) -> int | None:
    """Rows in a CSV file (its line breaks), to turn rows checked into a percentage."""
    if path.suffix.lower() not in (".csv", ".txt"):
        return None
    with path.open("rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))


@task()
def results_import(job_id: str) -> str:
    """Check and load an uploaded results file for the job's owner."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    services.job_start(job=job)
    path = Path(job.params["path"])
    name = job.params["file_name"]
    total = _line_count(path)

    def progress(row: int) -> None:
        share = int(99 * row / total) if total else 0
        message = _("{rows} rows checked").format(rows=f"{row:,}")
        services.job_progress(job=job, progress=share, message=message)

    try:
        lab_id = job.params.get("laboratory")
        laboratory = Organisation.objects.get(pk=lab_id) if lab_id else None
        outcome = import_results(
            actor=job.owner, path=path, file_name=name, laboratory=laboratory, progress=progress
        )
        services.job_finish(
            job=job, ok=True,
            message=_("{file}: {created} results stored, {duplicates} already present.").format(
                file=name, created=outcome.created, duplicates=outcome.duplicates
            ),
        )  # fmt: skip
    except ImportRejected as rejected:
        services.job_finish(
            job=job, ok=False,
            message=_("{file} was refused with {n} problems; nothing was stored.").format(
                file=name, n=len(rejected.errors)
            ),
            filename=f"{Path(name).stem}-problems.xlsx",
            content=error_report_xlsx(rejected.errors),
        )  # fmt: skip
    except PermissionDenied:
        services.job_finish(job=job, ok=False, message=_("You may no longer upload results."))
        raise
    except Exception:
        logger.exception("monitoring import job %s failed", job.pk)
        services.job_finish(
            job=job, ok=False,
            message=_("The job failed because of an internal error; the error has been logged."),
        )  # fmt: skip
        raise
    finally:
        path.unlink(missing_ok=True)
    return str(job.pk)
