"""Background jobs of the risk app (django-tasks)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .choices import RunStatus
from .models import ScreeningRun

logger = logging.getLogger(__name__)


@task()
def screening_execute(run_id: int) -> int:
    """Freeze the inputs of a screening run and rank its substances."""
    from .services import run_execute

    run = ScreeningRun.objects.get(pk=run_id)
    try:
        run_execute(run)
    except Exception:
        logger.exception("screening run %s failed", run_id)
        ScreeningRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished=timezone.now(),
            message=_("The run failed because of an internal error; the error has been logged."),
        )  # fmt: skip
        raise
    return run_id
