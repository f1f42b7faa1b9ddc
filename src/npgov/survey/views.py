"""Pages of the survey: campaigns and their dashboards, reports (form, workbook, review),
the scope self-check, the stewards' queue of unknown substances, exports and the emission-
source inventory. Views are thin: the policy decides, the services write."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from npgov.chemicals import selectors as chem
from npgov.chemicals.models import ListEntry, Substance, SubstanceGroup
from npgov.core import audit, policy, records
from npgov.core.imports import ImportRejected, RowError, error_report_xlsx
from npgov.core.models import Organisation, OrganisationKind
from npgov.core.views.forms import add_errors
from npgov.core.views.imports import ImportForm, xlsx_response
from npgov.core.views.mixins import PolicyRequiredMixin
from npgov.science.geo import wgs84_to_gcj02

from . import exports, inventory, selectors, services, workbook
from .choices import STATE_COLOURS, CampaignStatus, ReportState
from .forms import (
    CampaignForm,
    ExtensionForm,
    LineFormSet,
    ReportHeadForm,
    ReviewForm,
    ScreeningForm,
    ScreeningFormSet,
    split_codes,
)
from .lines import LineInput
from .models import Campaign, LineEvidence, ReportLine, SurveyReport

VIEW_REPORT = "survey.view_surveyreport"


def _campaign(request, code: str) -> Campaign:
    return get_object_or_404(selectors.campaign_list(user=request.user), code=code)


def _report(request, pk: int, code: str = VIEW_REPORT) -> SurveyReport:
    report = get_object_or_404(selectors.report_list(user=request.user), pk=pk)
    policy.require(request.user, code, report)
    return report


class CampaignListView(PolicyRequiredMixin, TemplateView):
    permission = "survey.view_campaign"
    template_name = "survey/campaign_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["campaigns"] = selectors.campaign_list(user=user)
        ctx["my_reports"] = (
            selectors.report_list(user=user).filter(enterprise_id=user.organisation_id)
            if getattr(user, "organisation_id", None)
            and policy.can(user, "survey.change_surveyreport")
            else []
        )
        ctx["to_review"] = selectors.reports_to_review(user=user)[:50]
        return ctx


class CampaignDetailView(PolicyRequiredMixin, TemplateView):
    """The campaign's dashboard: completion by state, district and industry, a map, the
    overdue list and, for those who may see quantities, the largest substances."""

    permission = "survey.view_campaign"
    template_name = "survey/campaign_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = _campaign(self.request, self.kwargs["code"])
        ctx["campaign"] = campaign
        if policy.can(user, "survey.view_surveyfigures"):
            figures = selectors.completion(user=user, campaign=campaign)
            ctx["figures"] = figures
            ctx["chart_data"] = {
                "states": [
                    {"label": str(label), "value": n, "colour": STATE_COLOURS[state]}
                    for state, label, n in figures["by_state"]
                ],
                "districts": figures["by_district"],
                "industries": figures["by_industry"][:20],
                "labels": {
                    "total": _("Not yet reported"),
                    "reported": _("Reported"),
                    "accepted": _("Accepted"),
                },
            }
        if policy.can(user, "survey.remind_surveyreport"):
            ctx["overdue"] = selectors.overdue_reports(user=user, campaign=campaign)[:200]
        if policy.can(user, VIEW_REPORT) and not policy.can(user, "survey.change_surveyreport"):
            ctx["top_substances"] = selectors.line_totals(user=user, campaign=campaign)
        ctx["scope_count"] = len(selectors.scope_substance_ids(campaign))
        ctx["can_manage"] = policy.can(user, "survey.manage_campaign")
        ctx["can_export"] = policy.can(user, "survey.export_surveyreport")
        ctx["can_screen"] = policy.can(user, "survey.screen_surveyreport")
        ctx["boundaries_url"] = settings.DISTRICT_BOUNDARIES_URL
        return ctx


class CampaignActionView(PolicyRequiredMixin, View):
    """Assign by scope, open, close, or send reminders."""

    permission = "survey.view_campaign"

    def post(self, request, code):
        campaign = _campaign(request, code)
        action = request.POST.get("action")
        try:
            if action == "assign":
                n = services.campaign_assign(actor=request.user, campaign=campaign)
                messages.success(request, _("{n} enterprises assigned.").format(n=n))
            elif action in ("open", "close"):
                status = CampaignStatus.OPEN if action == "open" else CampaignStatus.CLOSED
                services.campaign_set_status(actor=request.user, campaign=campaign, status=status)
                messages.success(
                    request,
                    _("The campaign is now {status}.").format(status=campaign.get_status_display()),
                )
            elif action == "add":
                code = request.POST.get("uscc", "").strip().upper()
                enterprise = Organisation.objects.filter(
                    kind=OrganisationKind.ENTERPRISE, code=code
                ).first()
                if enterprise is None:
                    raise ValidationError(
                        _("No enterprise with the credit code “{code}” is registered.").format(
                            code=code
                        )
                    )
                services.campaign_add_enterprise(
                    actor=request.user, campaign=campaign, enterprise=enterprise
                )
                messages.success(request, _("{name} was added.").format(name=enterprise.name_zh))
            elif action == "remind":
                n = services.reminders_send(actor=request.user, campaign=campaign)
                messages.success(request, _("{n} enterprises reminded.").format(n=n))
            else:
                raise Http404(action)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("survey:campaign_detail", code=campaign.code)


class CampaignEditView(PolicyRequiredMixin, View):
    permission = "survey.manage_campaign"
    template_name = "survey/campaign_form.html"

    def _initial(self, campaign):
        if campaign is None:
            return {}
        return {
            "code": campaign.code,
            "year": campaign.year,
            "kind": campaign.kind,
            "title_zh": campaign.title_zh,
            "title_en": campaign.title_en,
            "opens": campaign.opens,
            "deadline": campaign.deadline,
            "list_codes": ", ".join(campaign.lists.values_list("code", flat=True)),
            "group_codes": ", ".join(campaign.groups.values_list("code", flat=True)),
            "industry_codes": ", ".join(campaign.industries.values_list("code", flat=True)),
            "district_codes": ", ".join(campaign.districts.values_list("code", flat=True)),
            "threshold_t": campaign.threshold_t,
            "yoy_threshold_percent": campaign.yoy_threshold_percent,
            "balance_tolerance_percent": campaign.balance_tolerance_percent,
            "note": campaign.note,
        }

    def get(self, request, code=None):
        campaign = _campaign(request, code) if code else None
        form = CampaignForm(initial=self._initial(campaign))
        return render(request, self.template_name, {"form": form, "campaign": campaign})

    def post(self, request, code=None):
        campaign = _campaign(request, code) if code else None
        form = CampaignForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            data = services.CampaignInput(
                code=d["code"],
                year=d["year"],
                kind=d["kind"],
                title_zh=d["title_zh"],
                title_en=d["title_en"],
                opens=d["opens"],
                deadline=d["deadline"],
                list_codes=split_codes(d["list_codes"]),
                group_codes=split_codes(d["group_codes"]),
                industry_codes=split_codes(d["industry_codes"]),
                district_codes=split_codes(d["district_codes"]),
                threshold_t=d["threshold_t"],
                yoy_threshold_percent=d["yoy_threshold_percent"],
                balance_tolerance_percent=d["balance_tolerance_percent"],
                note=d["note"],
            )
            try:
                saved = services.campaign_save(actor=request.user, data=data, campaign=campaign)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The campaign was saved."))
                return redirect("survey:campaign_detail", code=saved.code)
        return render(request, self.template_name, {"form": form, "campaign": campaign}, status=400)


class ReportListView(PolicyRequiredMixin, ListView):
    permission = VIEW_REPORT
    template_name = "survey/report_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.campaign = _campaign(self.request, self.kwargs["code"])
        qs = selectors.report_list(user=self.request.user).filter(campaign=self.campaign)
        g = self.request.GET
        if g.get("state"):
            qs = qs.filter(state=g["state"])
        if g.get("district"):
            qs = qs.filter(enterprise__district__code=g["district"])
        if g.get("q"):
            qs = qs.filter(enterprise__name_zh__icontains=g["q"].strip())
        return qs.select_related("enterprise__enterprise_profile__industry").order_by(
            "enterprise__district__code", "enterprise__code"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["campaign"] = self.campaign
        ctx["states"] = ReportState.choices
        ctx["districts"] = Organisation.objects.filter(kind=OrganisationKind.DISTRICT)
        ctx["filters"] = self.request.GET
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query"] = query.urlencode()
        return ctx


class ReportDetailView(PolicyRequiredMixin, TemplateView):
    permission = VIEW_REPORT
    template_name = "survey/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        report = _report(self.request, self.kwargs["pk"])
        lines = list(report.lines.select_related("substance").prefetch_related("evidence"))
        findings = list(report.findings.select_related("line"))
        by_line: dict[int, list] = {}
        for finding in findings:
            if finding.line_id:
                by_line.setdefault(finding.line_id, []).append(finding)
        ctx.update(
            report=report,
            campaign=report.campaign,
            lines=[(line, by_line.get(line.pk, [])) for line in lines],
            report_findings=[f for f in findings if not f.line_id],
            error_count=sum(1 for f in findings if f.severity == "error"),
            comments=report.comments.select_related("author", "line"),
            events=report.events.select_related("actor"),
            can_edit=report.is_editable and policy.can(user, "survey.change_surveyreport", report),
            can_submit=policy.can(user, "survey.submit_surveyreport", report)
            and report.state in (ReportState.DRAFT, ReportState.RETURNED),
            can_review=_can_review(user, report),
            can_extend=policy.can(user, "survey.remind_surveyreport", report)
            and report.is_editable,
            review_form=ReviewForm(),
            extension_form=ExtensionForm(),
            history=audit.history_for(user, report),
        )
        return ctx


def _can_review(user, report: SurveyReport) -> bool:
    if report.state == ReportState.SUBMITTED:
        return policy.can(user, "survey.review_district", report)
    if report.state == ReportState.DISTRICT_PASSED:
        return policy.can(user, "survey.review_bureau", report)
    return False


class ReportEditView(PolicyRequiredMixin, View):
    """The web form: a line per substance and activity, prefilled from last year's report and
    the enterprise's permits when the report has no lines yet."""

    permission = "survey.change_surveyreport"
    template_name = "survey/report_form.html"

    def _context(self, report, head, formset):
        from .workbook import UNITS

        return {
            "report": report,
            "campaign": report.campaign,
            "head": head,
            "formset": formset,
            "units": UNITS,
            "detailed": report.campaign.is_detailed,
        }

    def get(self, request, pk):
        report = _report(request, pk, "survey.change_surveyreport")
        lines = [LineInput.from_line(x) for x in report.lines.order_by("position")]
        prefilled = False
        if not lines and report.state == ReportState.NOT_STARTED:
            lines = services.prefill(report)
            prefilled = bool(lines)
        formset = LineFormSet(initial=[vars(x) for x in lines], prefix="lines")
        head = ReportHeadForm(
            initial={
                "version": report.version,
                "contact_name": report.contact_name,
                "contact_phone": report.contact_phone,
                "nothing_to_report": report.nothing_to_report,
            }
        )
        ctx = self._context(report, head, formset)
        ctx["prefilled"] = prefilled
        return render(request, self.template_name, ctx)

    def post(self, request, pk):
        report = _report(request, pk, "survey.change_surveyreport")
        head = ReportHeadForm(request.POST)
        formset = LineFormSet(request.POST, prefix="lines")
        if head.is_valid() and formset.is_valid():
            forms = [
                f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            inputs = [LineInput(**f.cleaned_data) for f in forms]
            filled = [f for f, x in zip(forms, inputs, strict=True) if not x.is_removed()]
            try:
                report = services.report_save(
                    actor=request.user,
                    report=report,
                    lines=inputs,
                    expected_version=head.cleaned_data["version"],
                    nothing_to_report=head.cleaned_data["nothing_to_report"],
                    contact_name=head.cleaned_data["contact_name"],
                    contact_phone=head.cleaned_data["contact_phone"],
                )
            except services.LinesRejected as rejected:
                for problem in rejected.problems:
                    form = filled[problem.line - 1]
                    reason = problem.reason_en if _english(request) else problem.reason_zh
                    form.add_error(problem.field if problem.field in form.fields else None, reason)
            except ValidationError as exc:
                add_errors(head, exc)
            else:
                if request.POST.get("submit"):
                    try:
                        services.report_submit(actor=request.user, report=report)
                    except ValidationError as exc:
                        messages.error(request, " ".join(exc.messages))
                    else:
                        messages.success(request, _("The report was submitted for review."))
                else:
                    messages.success(request, _("The report was saved; the checks ran again."))
                return redirect("survey:report_detail", pk=report.pk)
        return render(request, self.template_name, self._context(report, head, formset), status=400)


def _english(request) -> bool:
    return (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en")


class ReportSubmitView(PolicyRequiredMixin, View):
    permission = "survey.submit_surveyreport"

    def post(self, request, pk):
        report = _report(request, pk, "survey.submit_surveyreport")
        try:
            services.report_submit(actor=request.user, report=report)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report was submitted for review."))
        return redirect("survey:report_detail", pk=report.pk)


class ReportReviewView(PolicyRequiredMixin, View):
    permission = VIEW_REPORT

    def post(self, request, pk):
        report = _report(request, pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose pass or return."))
            return redirect("survey:report_detail", pk=report.pk)
        line_comments = {
            int(key.removeprefix("line_comment_")): value
            for key, value in request.POST.items()
            if key.startswith("line_comment_") and key.removeprefix("line_comment_").isdigit()
        }
        try:
            services.report_review(
                actor=request.user,
                report=report,
                accept=form.cleaned_data["decision"] == "pass",
                comment=form.cleaned_data["comment"],
                line_comments=line_comments,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your review was recorded."))
        return redirect("survey:report_detail", pk=report.pk)


class ReportExtendView(PolicyRequiredMixin, View):
    permission = "survey.remind_surveyreport"

    def post(self, request, pk):
        report = _report(request, pk, "survey.remind_surveyreport")
        form = ExtensionForm(request.POST)
        if form.is_valid():
            try:
                services.report_extend(actor=request.user, report=report, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The deadline was extended."))
        else:
            messages.error(request, _("Give a date and a reason."))
        return redirect("survey:report_detail", pk=report.pk)


class WorkbookView(PolicyRequiredMixin, View):
    """The campaign's blank workbook, or a report's workbook with its lines."""

    permission = "survey.view_campaign"

    def get(self, request, code=None, pk=None):
        if pk is not None:
            report = _report(request, pk, "survey.change_surveyreport")
            content = workbook.template(report.campaign, report)
            name = f"npgov-survey-{report.campaign.code}-{report.enterprise.code}.xlsx"
        else:
            campaign = _campaign(request, code)
            content = workbook.template(campaign)
            name = f"npgov-survey-{campaign.code}.xlsx"
        return xlsx_response(content, name)


class ReportUploadView(PolicyRequiredMixin, View):
    permission = "survey.change_surveyreport"
    template_name = "survey/report_upload.html"
    session_key = "survey_upload_errors"

    def get(self, request, pk):
        report = _report(request, pk, "survey.change_surveyreport")
        if request.GET.get("download") == "report":
            errors = [RowError(**e) for e in request.session.get(self.session_key, [])]
            return xlsx_response(error_report_xlsx(errors), "npgov-survey-errors.xlsx")
        return render(request, self.template_name, {"report": report, "form": ImportForm()})

    def post(self, request, pk):
        report = _report(request, pk, "survey.change_surveyreport")
        form = ImportForm(request.POST, request.FILES)
        ctx = {"report": report, "form": form}
        if not form.is_valid():
            return render(request, self.template_name, ctx, status=400)
        upload = form.cleaned_data["file"]
        try:
            report, loaded = services.report_upload(
                actor=request.user, report=report, file_name=upload.name, content=upload.read()
            )
        except ImportRejected as rejected:
            request.session[self.session_key] = [e.as_dict() for e in rejected.errors]
            ctx["errors"] = rejected.errors
            return render(request, self.template_name, ctx, status=400)
        except ValidationError as exc:
            add_errors(form, exc)
            return render(request, self.template_name, ctx, status=400)
        if loaded:
            messages.success(
                request,
                _("The workbook was loaded: {n} lines. The checks ran again.").format(
                    n=report.lines.count()
                ),
            )
        else:
            messages.info(request, _("This workbook was already loaded; nothing changed."))
        return redirect("survey:report_detail", pk=report.pk)


class LineEvidenceView(PolicyRequiredMixin, View):
    """Attach a file to a line (the enterprise, while the report is editable)."""

    permission = "survey.change_surveyreport"

    def post(self, request, pk):
        line = get_object_or_404(
            policy.scope(request.user, VIEW_REPORT, ReportLine.objects.select_related("report")),
            pk=pk,
        )
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file."))
        else:
            try:
                services.line_evidence_add(actor=request.user, line=line, upload=upload)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("The file was attached to line {n}.").format(n=line.position)
                )
        return redirect("survey:report_detail", pk=line.report_id)


class EvidenceDownloadView(PolicyRequiredMixin, View):
    permission = VIEW_REPORT

    def get(self, request, pk):
        evidence = get_object_or_404(
            policy.scope(request.user, VIEW_REPORT, LineEvidence.objects.all()), pk=pk
        )
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )


class ScreeningView(PolicyRequiredMixin, View):
    """The scope self-check (初筛): industry and substances with annual quantities."""

    permission = "survey.screen_surveyreport"
    template_name = "survey/screening.html"

    def _enterprise(self, request):
        org = getattr(request.user, "organisation", None)
        if org is None or org.kind != OrganisationKind.ENTERPRISE:
            raise PermissionDenied("survey.screen_surveyreport")
        return org

    def get(self, request, code):
        campaign = _campaign(request, code)
        enterprise = self._enterprise(request)
        profile = getattr(enterprise, "enterprise_profile", None)
        industry = (
            profile.industry.code if profile and profile.industry else enterprise.industry_code
        )
        ctx = {
            "campaign": campaign,
            "form": ScreeningForm(initial={"industry_code": industry}),
            "formset": ScreeningFormSet(prefix="s"),
            "units": workbook.UNITS,
        }
        return render(request, self.template_name, ctx)

    def post(self, request, code):
        campaign = _campaign(request, code)
        enterprise = self._enterprise(request)
        form = ScreeningForm(request.POST)
        formset = ScreeningFormSet(request.POST, prefix="s")
        ctx = {"campaign": campaign, "form": form, "formset": formset, "units": workbook.UNITS}
        if form.is_valid() and formset.is_valid():
            answers = [
                services.ScreeningAnswer(f["query"], f["quantity"], f["unit"] or "t")
                for f in formset.cleaned_data
                if f and f.get("query")
            ]
            try:
                result = services.screening_evaluate(
                    actor=request.user,
                    campaign=campaign,
                    industry_code=form.cleaned_data["industry_code"],
                    answers=answers,
                )
                ctx["report"] = services.screening_record(
                    actor=request.user, campaign=campaign, enterprise=enterprise, result=result
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                ctx["result"] = result
                ctx["reasons"] = result.reasons_en if _english(request) else result.reasons_zh
                return render(request, self.template_name, ctx)
        return render(request, self.template_name, ctx, status=400)


class UnresolvedView(PolicyRequiredMixin, View):
    """Stewards link reported names that the knowledge base did not know to a substance."""

    permission = "survey.resolve_reportline"
    template_name = "survey/unresolved.html"

    def get(self, request):
        rows = selectors.unresolved_lines(user=request.user)
        return render(request, self.template_name, {"rows": rows})

    def post(self, request):
        name = request.POST.get("name", "")
        cas = request.POST.get("cas", "")
        query = request.POST.get("substance", "").strip()
        found = chem.resolve(user=request.user, query=query)
        if found.status != "matched":
            messages.error(
                request,
                _("“{query}”: {message}").format(
                    query=query, message=found.message_en if _english(request) else found.message_zh
                ),
            )
        else:
            n = services.unresolved_assign(
                actor=request.user, name=name, cas=cas, substance=found.substances[0]
            )
            messages.success(
                request,
                _("{n} lines now point to {substance}.").format(n=n, substance=found.substances[0]),
            )
        return redirect(reverse("survey:unresolved"))


class ExportView(PolicyRequiredMixin, View):
    permission = "survey.export_surveyreport"

    def get(self, request, code, fmt):
        campaign = _campaign(request, code)
        layout = request.GET.get("layout", "analyst")
        if fmt not in ("xlsx", "csv") or layout not in ("analyst", "national"):
            raise Http404(fmt)
        content, content_type = exports.export(
            user=request.user, campaign=campaign, fmt=fmt, layout=layout
        )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="npgov-survey-{campaign.code}-{layout}.{fmt}"'
        )
        return response


class InventoryView(PolicyRequiredMixin, TemplateView):
    """Sources of a key controlled pollutant (an entry of the list, a group or a substance)."""

    permission = "survey.view_inventory"
    template_name = "survey/inventory.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        g = self.request.GET
        ctx.update(inventory.targets())
        ctx["years"] = inventory.years_with_data(user=self.request.user)
        ctx["filters"] = g
        target = None
        if g.get("entry", "").isdigit():
            target = get_object_or_404(ListEntry, pk=g["entry"])
        elif g.get("group"):
            target = get_object_or_404(SubstanceGroup, code=g["group"])
        elif g.get("substance"):
            target = get_object_or_404(Substance, platform_id=g["substance"])
        if target is not None:
            year = int(g["year"]) if g.get("year", "").isdigit() else None
            result = inventory.inventory(user=self.request.user, target=target, year=year)
            medium = g.get("rank", "")
            if medium in inventory.MEDIA:
                result["sources"].sort(key=lambda s: -s.releases.get(medium, 0.0))
            ctx["target"] = target
            ctx["result"] = result
            # Higher apps (monitoring) add what they know of the same substances.
            ctx["sections"] = records.sections_for("inventory", user=self.request.user, obj=result)
            points = []
            for s in result["sources"]:
                if s.longitude is None or s.latitude is None:
                    continue
                lon, lat = wgs84_to_gcj02(s.longitude, s.latitude)
                points.append(
                    {
                        "name": s.name,
                        "lon": round(lon, 6),
                        "lat": round(lat, 6),
                        "release": round(s.total_release_t, 6),
                    }
                )
            ctx["points"] = points
            ctx["boundaries_url"] = settings.DISTRICT_BOUNDARIES_URL
        return ctx
