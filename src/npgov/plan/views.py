"""Pages of the work plan: dashboard, sections, tasks, reports, review, matrix, export."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from npgov.core import audit, policy
from npgov.core.navigation import NavGroup
from npgov.core.views.forms import add_errors
from npgov.core.views.mixins import HtmxPartialMixin, PolicyRequiredMixin

from . import selectors, services
from .choices import STATUS_COLOURS, ProgressStatus, ReviewState
from .forms import EvidenceForm, ExportForm, ProgressReportForm, ReviewForm
from .models import Evidence, ProgressReport, ReportingPeriod


def _today() -> dt.date:
    return timezone.localdate()


def _period_from(request) -> ReportingPeriod | None:
    code = request.GET.get("period", "")
    if code:
        return selectors.period_by_code(code)
    return selectors.period_current(_today())


class DashboardView(PolicyRequiredMixin, TemplateView):
    permission = "core.view_dashboard"
    template_name = "plan/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.dashboard_figures(user=self.request.user, today=_today()))
        ctx["status_colours"] = {s.value: STATUS_COLOURS[s] for s in ProgressStatus}
        ctx["status_labels"] = {s.value: str(s.label) for s in ProgressStatus}
        ctx["boundaries_url"] = settings.DISTRICT_BOUNDARIES_URL
        ctx["today"] = _today()
        return ctx


class SectionView(PolicyRequiredMixin, TemplateView):
    """A navigation group: the plan sections under it with their tasks and progress."""

    permission = "plan.view_plantask"
    template_name = "plan/section.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        group = kwargs["group"]
        if group not in NavGroup.values:
            raise Http404(group)
        period = selectors.period_current(_today())
        progress = (
            {
                tp.task.pk: tp
                for tp in selectors.task_progress(user=self.request.user, period=period)
            }
            if period
            else {}
        )
        ctx["group"] = NavGroup(group)
        ctx["period"] = period
        ctx["sections"] = [
            (section, [(task, progress.get(task.pk)) for task in section.tasks.all()])
            for section in selectors.section_list(user=self.request.user, nav_group=group)
        ]
        return ctx


class TaskDetailView(PolicyRequiredMixin, DetailView):
    permission = "plan.view_plantask"
    template_name = "plan/task_detail.html"
    context_object_name = "task"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return selectors.task_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        period = _period_from(self.request)
        ctx["period"] = period
        ctx["periods"] = selectors.period_list()
        ctx["reports"] = (
            selectors.report_list(user=user).filter(task=self.object, period=period)
            if period
            else []
        )
        ctx["expected"] = selectors.expected_reporters(self.object)
        if period:
            ctx["missing"] = [
                org
                for _task, org in selectors.missing_reports(
                    user=user, period=period, task=self.object
                )
            ]
            ctx["past_due"] = period.due < _today()
        org = getattr(user, "organisation", None)
        ctx["can_report"] = bool(
            period
            and org
            and any(o.pk == org.pk for o in ctx["expected"])
            and policy.can(user, "plan.change_progressreport")
        )
        ctx["history"] = audit.history_for(user, self.object)
        return ctx


class ReportListView(PolicyRequiredMixin, HtmxPartialMixin, ListView):
    permission = "plan.view_progressreport"
    template_name = "plan/report_list.html"
    partial_template_name = "plan/partials/_report_table.html"
    paginate_by = 50

    def get_queryset(self):
        g = self.request.GET
        qs = selectors.report_list(user=self.request.user)
        if g.get("period"):
            period = _period_from(self.request)
            qs = qs.filter(period=period) if period else qs.none()
        for key, field in [
            ("task", "task__code"),
            ("status", "status"),
            ("review_state", "review_state"),
        ]:
            if g.get(key):
                qs = qs.filter(**{field: g[key]})
        if g.get("organisation"):
            qs = (
                qs.filter(organisation_id=g["organisation"])
                if g["organisation"].isdigit()
                else qs.none()
            )
        return qs.order_by("-period__year", "-period__quarter", "task__order", "organisation__code")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filters"] = self.request.GET
        ctx["periods"] = selectors.period_list()
        ctx["tasks"] = selectors.task_list(user=self.request.user)
        ctx["statuses"] = ProgressStatus.choices
        ctx["review_states"] = ReviewState.choices
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query"] = query.urlencode()
        return ctx


class ReportDetailView(PolicyRequiredMixin, DetailView):
    permission = "plan.view_progressreport"
    template_name = "plan/report_detail.html"
    context_object_name = "report"

    def get_queryset(self):
        return selectors.report_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, report = self.request.user, self.object
        ctx["can_edit"] = report.is_editable and policy.can(
            user, "plan.change_progressreport", report
        )
        ctx["can_review"] = (
            report.review_state == ReviewState.SUBMITTED
            and policy.can(user, "plan.review_progressreport", report)
            and services.may_review_own(actor=user, report=report)
        )
        ctx["evidence"] = policy.scope(user, "plan.view_evidence", report.evidence.all())
        ctx["events"] = policy.scope(
            user, "plan.view_progressevent", report.events.select_related("actor")
        )
        ctx["history"] = audit.history_for(user, report)
        # Who submitted and reviewed, and the reviewer's comment, are internal to the workflow.
        ctx["show_workflow"] = policy.can(user, "plan.view_progressevent", report)
        ctx["review_form"] = kwargs.get("review_form") or ReviewForm()
        ctx["evidence_form"] = kwargs.get("evidence_form") or EvidenceForm()
        return ctx


class ReportEditView(PolicyRequiredMixin, View):
    """Create or edit the user's organisation's report on a task for a period."""

    permission = "plan.change_progressreport"
    template_name = "plan/report_form.html"

    def _context(self, request, code, period_code):
        task = get_object_or_404(selectors.task_list(user=request.user), code=code)
        period = selectors.period_by_code(period_code)
        if period is None:
            raise Http404(period_code)
        org = request.user.organisation
        if org is None or all(o.pk != org.pk for o in selectors.expected_reporters(task)):
            raise PermissionDenied(_("Your organisation does not report on this task."))
        report = ProgressReport.objects.filter(task=task, period=period, organisation=org).first()
        return task, period, org, report

    def get(self, request, code, period_code):
        task, period, org, report = self._context(request, code, period_code)
        initial = {"status": ProgressStatus.IN_PROGRESS, "percent": 0}
        if report:
            initial = {
                "status": report.status,
                "percent": report.percent,
                "narrative": report.narrative,
                "links": "\n".join(f"{lk.label} | {lk.path}" for lk in report.links.all()),
            }
        return render(
            request,
            self.template_name,
            {
                "form": ProgressReportForm(initial=initial),
                "task": task,
                "period": period,
                "organisation": org,
                "report": report,
            },
        )

    def post(self, request, code, period_code):
        task, period, org, report = self._context(request, code, period_code)
        form = ProgressReportForm(request.POST)
        if form.is_valid():
            try:
                submit = "submit" in request.POST
                report = services.progress_report_save(
                    actor=request.user,
                    task=task,
                    period=period,
                    organisation=org,
                    status=form.cleaned_data["status"],
                    percent=form.cleaned_data["percent"],
                    narrative=form.cleaned_data["narrative"],
                    links=form.cleaned_data["links"],
                    submit=submit,
                )
                if submit:
                    messages.success(request, _("The report was submitted for review."))
                else:
                    messages.success(request, _("The draft was saved."))
                return redirect("plan:report_detail", pk=report.pk)
            except ValidationError as exc:
                add_errors(form, exc)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "task": task,
                "period": period,
                "organisation": org,
                "report": report,
            },
            status=400,
        )


class ReportActionView(PolicyRequiredMixin, View):
    """Submit, review or attach evidence to a report (POST only)."""

    permission = "plan.view_progressreport"

    def post(self, request, pk, action):
        report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
        detail = ReportDetailView()
        detail.setup(request, pk=pk)
        detail.object = report
        try:
            if action == "submit":
                services.progress_report_submit(actor=request.user, report=report)
                messages.success(request, _("The report was submitted for review."))
            elif action == "review":
                form = ReviewForm(request.POST)
                if not form.is_valid():
                    return detail.render_to_response(
                        detail.get_context_data(review_form=form), status=400
                    )
                services.progress_report_review(
                    actor=request.user,
                    report=report,
                    accept=form.cleaned_data["decision"] == "accept",
                    comment=form.cleaned_data["comment"],
                    publish=form.cleaned_data["publish"],
                )
                messages.success(request, _("The review was recorded."))
            elif action == "evidence":
                form = EvidenceForm(request.POST, request.FILES)
                if not form.is_valid():
                    return detail.render_to_response(
                        detail.get_context_data(evidence_form=form), status=400
                    )
                services.evidence_add(
                    actor=request.user, report=report, upload=form.cleaned_data["file"]
                )
                messages.success(request, _("The file was attached."))
            elif action == "remove-evidence":
                evidence_id = request.POST.get("evidence", "")
                if not evidence_id.isdigit():
                    raise Http404(evidence_id)
                evidence = get_object_or_404(Evidence, pk=evidence_id, report=report)
                services.evidence_remove(actor=request.user, evidence=evidence)
                messages.success(request, _("The file was removed."))
            else:
                raise Http404(action)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return detail.render_to_response(detail.get_context_data(), status=400)
        return redirect("plan:report_detail", pk=report.pk)


class EvidenceDownloadView(PolicyRequiredMixin, View):
    permission = "plan.view_evidence"

    def get(self, request, pk):
        evidence = get_object_or_404(
            policy.scope(request.user, "plan.view_evidence", Evidence.objects.all()), pk=pk
        )
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )


class MatrixView(PolicyRequiredMixin, TemplateView):
    permission = "plan.view_progressreport"
    template_name = "plan/matrix.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        axis = "district" if self.request.GET.get("axis") == "district" else "department"
        period = _period_from(self.request)
        ctx.update(
            {
                "axis": axis,
                "period": period,
                "periods": selectors.period_list(),
                "matrix": selectors.matrix(user=self.request.user, period=period, axis=axis)
                if period
                else None,
                "status_colours": {s.value: STATUS_COLOURS[s] for s in ProgressStatus},
                "statuses": ProgressStatus.choices,
            }
        )
        return ctx


class ExportView(PolicyRequiredMixin, View):
    permission = "plan.export_progressreport"

    def get(self, request):
        period = selectors.period_current(_today())
        form = ExportForm(initial={"period": period, "format": "xlsx"})
        return render(request, "plan/export.html", {"form": form})

    def post(self, request):
        form = ExportForm(request.POST)
        if not form.is_valid():
            return render(request, "plan/export.html", {"form": form}, status=400)
        job = services.progress_export_request(
            actor=request.user,
            period=form.cleaned_data["period"],
            fmt=form.cleaned_data["format"],
            language=get_language(),
        )
        return redirect("core:job_detail", pk=job.pk)


class PlanOverviewView(PolicyRequiredMixin, ListView):
    permission = "plan.view_plantask"
    template_name = "plan/overview.html"
    context_object_name = "progress"

    def get_queryset(self):
        period = _period_from(self.request)
        self.period = period
        return selectors.task_progress(user=self.request.user, period=period) if period else []

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["period"] = self.period
        ctx["periods"] = selectors.period_list()
        ctx["status_colours"] = {s.value: STATUS_COLOURS[s] for s in ProgressStatus}
        return ctx
