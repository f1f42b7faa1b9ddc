"""Pages of monitoring: the site map, a site's time series, where a substance is found, the
substance × district heat map, programmes (with the microplastics pilot), uploads with their
reports, and the review of flagged results."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from npgov.chemicals.models import Substance
from npgov.core import policy
from npgov.core.imports import RowError, error_report_xlsx
from npgov.core.views.imports import ImportForm, xlsx_response
from npgov.core.views.mixins import PolicyRequiredMixin
from npgov.science.geo import wgs84_to_gcj02
from npgov.science.trend import mann_kendall

from . import exports, qa, selectors, services
from .choices import STORED_UNIT_LABEL, Medium, medium_kind
from .importers import MAX_BYTES
from .models import MicroplasticObservation, Programme, Result, ResultCount
from .template import results_template

VIEW = "monitoring.view_result"


def _substance(platform_id: str) -> Substance:
    return get_object_or_404(Substance, platform_id=platform_id)


def _measured_substances(user):
    """The substances with results the user may see, from the kept counts (not a scan of
    every result)."""
    counts = policy.scope(user, VIEW, ResultCount.objects.filter(n__gt=0))
    ids = counts.values_list("substance_id", flat=True).distinct()
    return Substance.objects.filter(pk__in=ids).order_by("name_zh")


class MapView(PolicyRequiredMixin, TemplateView):
    """Sites on a map of Beijing's districts, coloured by a substance's level or detection."""

    permission = "monitoring.view_site"
    template_name = "monitoring/map.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, g = self.request.user, self.request.GET
        ctx["media"] = Medium.choices
        ctx["substances"] = _measured_substances(user) if policy.can(user, VIEW) else []
        ctx["programmes"] = Programme.objects.annotate(n_sites=Count("sites"))
        ctx["filters"] = g
        stats = {}
        substance = None
        if g.get("substance") and policy.can(user, VIEW):
            substance = _substance(g["substance"])
            for row in selectors.statistics(
                user=user, substance=substance, medium=g.get("medium") or None, by="site"
            ):
                stats[row["group"]] = row
        sites = selectors.sites(user=user)
        if g.get("medium"):
            sites = sites.filter(medium=g["medium"])
        points = []
        for site in sites:
            lon, lat = wgs84_to_gcj02(site.longitude, site.latitude)
            row = stats.get(site.code)
            points.append(
                {
                    "code": site.code,
                    "name": site.name_zh,
                    "medium": site.get_medium_display(),
                    "lon": round(lon, 6),
                    "lat": round(lat, 6),
                    "url": f"/monitoring/sites/{site.code}/",
                    "n": row["n"] if row else 0,
                    "detected": row["n_detected"] if row else 0,
                    "max": row["max"] if row else None,
                }
            )
        ctx["points"] = points
        ctx["substance"] = substance
        ctx["boundaries_url"] = settings.DISTRICT_BOUNDARIES_URL
        return ctx


class SiteView(PolicyRequiredMixin, TemplateView):
    permission = "monitoring.view_site"
    template_name = "monitoring/site.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        site = get_object_or_404(selectors.sites(user=user), code=self.kwargs["code"])
        ctx["site"] = site
        ctx["unit"] = STORED_UNIT_LABEL[medium_kind(site.medium)]
        if policy.can(user, VIEW):
            rows = (
                selectors.results(user=user)
                .filter(site=site, qc_type="regular")
                .exclude(detection="not_analysed")
                .select_related("substance")
                .order_by("substance__name_zh", "sampled_on")
            )
            series: dict[str, dict] = {}
            for r in rows:
                entry = series.setdefault(
                    r.substance.name_zh, {"name": r.substance.name_zh, "points": []}
                )
                entry["points"].append(
                    [r.sampled_on.isoformat(), r.value if not r.censored else r.limit, r.censored]
                )
            ctx["series"] = list(series.values())
            ctx["recent"] = rows.order_by("-sampled_on")[:100]
            trends = []
            for entry in series.values():
                times = [int(p[0][:4]) + (int(p[0][5:7]) - 1) / 12 for p in entry["points"]]
                values = [p[1] for p in entry["points"]]
                censored = [p[2] for p in entry["points"]]
                trend = mann_kendall(times, values, censored)
                if trend is not None:
                    trends.append((entry["name"], trend))
            ctx["trends"] = trends
        return ctx


class SubstanceView(PolicyRequiredMixin, TemplateView):
    """Where a substance is found: by medium, district and site type, with censored stats."""

    permission = VIEW
    template_name = "monitoring/substance.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        substance = _substance(self.kwargs["platform_id"])
        method = self.request.GET.get("method", "km")
        if method not in (
            "km",
            "ros",
            "substitution_half",
            "substitution_zero",
            "substitution_limit",
        ):
            method = "km"
        ctx.update(
            substance=substance,
            method=method,
            by_medium=selectors.statistics(
                user=user, substance=substance, by="medium", method=method
            ),
        )
        medium = self.request.GET.get("medium") or (
            ctx["by_medium"][0]["group"] if ctx["by_medium"] else None
        )
        if medium:
            ctx["medium"] = medium
            ctx["unit"] = STORED_UNIT_LABEL[medium_kind(medium)]
            for by in ("district", "site_type", "year"):
                ctx[f"by_{by}"] = selectors.statistics(
                    user=user, substance=substance, medium=medium, by=by, method=method
                )
        ctx["media"] = dict(Medium.choices)
        return ctx


class HeatmapView(PolicyRequiredMixin, TemplateView):
    permission = VIEW
    template_name = "monitoring/heatmap.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        medium = self.request.GET.get("medium") or ""
        rows = selectors.detection_by_district(user=self.request.user, medium=medium or None)
        districts = sorted({r["district"] for r in rows})
        substances = sorted({r["substance_name"] for r in rows})
        ctx["heat"] = {
            "districts": districts,
            "substances": substances,
            "cells": [
                [districts.index(r["district"]), substances.index(r["substance_name"]),
                 round(100 * r["detected"] / r["n"], 1), r["n"]]
                for r in rows
            ],
        }  # fmt: skip
        ctx["media"] = Medium.choices
        ctx["medium"] = medium
        return ctx


class ProgrammeView(PolicyRequiredMixin, TemplateView):
    permission = "monitoring.view_site"
    template_name = "monitoring/programme.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        programme = get_object_or_404(Programme, code=self.kwargs["code"])
        ctx["programme"] = programme
        ctx["sites"] = programme.sites.select_related("district")
        ctx["samples"] = programme.samples.count()
        observations = MicroplasticObservation.objects.filter(sample__programme=programme)
        if observations.exists():
            ctx["microplastics"] = {
                "by_site": list(
                    observations.values("sample__site__code", "abundance_unit")
                    .annotate(abundance=Sum("abundance"), samples=Count("sample", distinct=True))
                    .order_by("sample__site__code")
                ),
                "by_polymer": list(
                    observations.values("polymer").annotate(count=Sum("count")).order_by("-count")
                ),
                "by_shape": list(
                    observations.values("shape").annotate(count=Sum("count")).order_by("-count")
                ),
            }
            for row in ctx["microplastics"]["by_site"]:
                row["abundance"] = round(row["abundance"] / row["samples"], 2)
        return ctx


class ResultsFileForm(ImportForm):
    """A results file: checked and loaded in the background, so as large as the importer
    takes."""

    MAX_BYTES = MAX_BYTES


class UploadView(PolicyRequiredMixin, View):
    """A laboratory uploads results and sees its upload history with each file's report."""

    permission = "monitoring.view_importfile"
    template_name = "monitoring/uploads.html"

    def _context(self, request, **extra):
        return {
            "files": selectors.uploads(user=request.user).select_related("laboratory")[:100],
            "form": ResultsFileForm(),
            "can_upload": policy.can(request.user, "monitoring.import_result"),
            **extra,
        }

    def get(self, request):
        report = request.GET.get("report")
        if report:
            record = get_object_or_404(selectors.uploads(user=request.user), pk=report)
            errors = [RowError(**e) for e in record.errors]
            return xlsx_response(
                error_report_xlsx(errors), f"npgov-monitoring-{record.pk}-errors.xlsx"
            )
        return render(request, self.template_name, self._context(request))

    def post(self, request):
        policy.require(request.user, "monitoring.import_result")
        form = ResultsFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(
                request, self.template_name, {**self._context(request), "form": form}, status=400
            )
        job = services.import_request(actor=request.user, upload=form.cleaned_data["file"])
        return redirect("core:job_detail", pk=job.pk)


class TemplateDownloadView(PolicyRequiredMixin, View):
    """The xlsx upload template, with the sites and programmes as dropdowns."""

    permission = "monitoring.import_result"

    def get(self, request):
        sites = list(
            selectors.sites(user=request.user).order_by("code").values_list("code", "medium")
        )
        programmes = list(Programme.objects.order_by("code").values_list("code", flat=True))
        return xlsx_response(
            results_template(sites=sites, programmes=programmes), "npgov-monitoring-template.xlsx"
        )


class ReviewView(PolicyRequiredMixin, View):
    """Results with QA flags, for the bureau to accept or reject."""

    permission = "monitoring.review_result"
    template_name = "monitoring/review.html"

    def get(self, request):
        flagged = (
            policy.scope(
                request.user, "monitoring.review_result", Result.objects.exclude(qa_flags="")
            )
            .filter(review="pending")
            .select_related("substance", "site", "sample")
            .order_by("-sampled_on")[:200]
        )
        return render(request, self.template_name, {"flagged": flagged})

    def post(self, request):
        result = get_object_or_404(
            policy.scope(request.user, "monitoring.review_result", Result.objects.all()),
            pk=request.POST.get("result"),
        )
        try:
            qa.result_review(
                actor=request.user, result=result, accept=request.POST.get("decision") == "accept"
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("monitoring:review")


class ExportView(PolicyRequiredMixin, View):
    """The results the filters select (substance, medium, site, district, year, programme)."""

    permission = "monitoring.export_result"
    MAX_XLSX_ROWS = 200_000

    def get(self, request, fmt):
        qs = exports.filtered(user=request.user, params=request.GET)
        if fmt == "csv":
            response = StreamingHttpResponse(exports.csv_chunks(qs), content_type="text/csv")
            response["Content-Disposition"] = 'attachment; filename="npgov-monitoring.csv"'
            return response
        if fmt != "xlsx":
            raise Http404(fmt)
        if qs.count() > self.MAX_XLSX_ROWS:
            messages.error(
                request,
                _("More than {n} results: narrow the filters or export as CSV.").format(
                    n=self.MAX_XLSX_ROWS
                ),
            )
            return redirect("monitoring:map")
        return xlsx_response(exports.xlsx_bytes(qs), "npgov-monitoring.xlsx")
