"""Background jobs of the plan app (django-tasks), thin wrappers over services."""

import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from npgov.core import policy, services
from npgov.core.models import Job

from . import exports
from .models import ReportingPeriod

logger = logging.getLogger(__name__)


@task()
def progress_export(job_id: str) -> str:
    """Build the xlsx or docx progress report of a period for the job's owner."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    services.job_start(job=job)
    try:
        user = job.owner
        policy.require(user, "plan.export_progressreport")
        period = ReportingPeriod.objects.get(pk=job.params["period"])
        fmt = job.params["format"]
        builder = exports.period_report_xlsx if fmt == "xlsx" else exports.period_report_docx
        with override(job.params.get("language", "zh-hans")):
            content = builder(
                user=user,
                period=period,
                progress=lambda pct: services.job_progress(job=job, progress=pct),
            )
            services.job_finish(
                job=job,
                ok=True,
                message=_("The report is ready."),
                filename=f"npgov-progress-{period.code}.{fmt}",
                content=content,
            )
    except ReportingPeriod.DoesNotExist:
        services.job_finish(job=job, ok=False, message=_("The reporting period no longer exists."))
        raise
    except PermissionDenied:
        services.job_finish(job=job, ok=False, message=_("You may no longer export this report."))
        raise
    except Exception:
        logger.exception("progress export job %s failed", job.pk)
        services.job_finish(
            job=job,
            ok=False,
            message=_("The job failed because of an internal error; the error has been logged."),
        )
        raise
    return str(job.pk)
