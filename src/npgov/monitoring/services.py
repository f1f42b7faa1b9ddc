"""Writes of monitoring that start from the web: queueing the import of an uploaded file."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from npgov.core import policy
from npgov.core import services as core_services
from npgov.core.models import Job

#: Where uploaded result files wait for their import job (removed when it ends).
UPLOADS = "imports/monitoring"


def import_request(*, actor, upload, laboratory=None) -> Job:
    """Keep an uploaded results file and queue its import; returns the job to follow.

    The file is checked and loaded by :func:`npgov.monitoring.tasks.results_import` in the
    task worker, so that a large file neither blocks the request nor meets its time limit.
    """
    laboratory = laboratory or getattr(actor, "organisation", None)
    from .models import ImportFile

    policy.require(actor, "monitoring.import_result", ImportFile(laboratory=laboratory))
    folder = Path(settings.MEDIA_ROOT) / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with stored.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job = core_services.job_create(
        owner=actor,
        kind="monitoring.import",
        title=_("Import of {file}").format(file=upload.name)[:200],
        params={"path": str(stored), "file_name": upload.name,
                "laboratory": laboratory.pk if laboratory else None},
    )  # fmt: skip
    from .tasks import results_import

    transaction.on_commit(lambda: results_import.enqueue(str(job.pk)))
    return job
