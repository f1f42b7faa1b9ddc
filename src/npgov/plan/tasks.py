"""Background jobs of the plan app (django-tasks), thin wrappers over services."""

from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from npgov.core import policy, services
from npgov.core.models import Job

from . import exports
from .models import ReportingPeriod


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
    except Exception as exc:
        services.job_finish(job=job, ok=False, message=str(exc))
        raise
    return str(job.pk)
