"""Pages of the risk app: screening runs (list and start, ranking, export, re-run)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from npgov.chemicals import selectors as chem
from npgov.core import policy
from npgov.core.views.forms import add_errors
from npgov.core.views.imports import xlsx_response
from npgov.core.views.mixins import PolicyRequiredMixin

from . import exports, pec, selectors, services
from .choices import COMPARTMENT_LABELS
from .forms import RunForm


class RunListView(PolicyRequiredMixin, View):
    """Screening runs, and the form that starts one."""

    permission = "risk.view_screeningrun"
    template_name = "risk/run_list.html"

    def _render(self, request, form, status=200):
        ctx = {"runs": selectors.runs(user=request.user)[:100], "form": form,
               "can_start": policy.can(request.user, "risk.add_screeningrun")}  # fmt: skip
        return render(request, self.template_name, ctx, status=status)

    def get(self, request):
        return self._render(request, RunForm())

    def post(self, request):
        policy.require(request.user, "risk.add_screeningrun")
        form = RunForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        data = form.cleaned_data
        substances = []
        for line in data["substances"].splitlines():
            if not line.strip():
                continue
            found = chem.resolve(user=request.user, query=line.strip())
            if found.status != "matched":
                form.add_error("substances", _("“{name}” is not one known substance.").format(
                    name=line.strip()))  # fmt: skip
                continue
            substances.append(found.substances[0])
        if form.errors:
            return self._render(request, form, status=400)
        try:
            run = services.run_create(
                actor=request.user, title=data["title"], lists=data["lists"],
                groups=data["groups"], substances=substances, media=data["media"],
                districts=data["districts"], date_from=data["date_from"],
                date_to=data["date_to"], rule=data["rule"],
            )  # fmt: skip
        except ValidationError as exc:
            add_errors(form, exc)
            return self._render(request, form, status=400)
        return redirect("risk:run", pk=run.pk)


class RunDetailView(PolicyRequiredMixin, View):
    """A run's ranking by NORMAN's action categories, the PNECs used and the gaps."""

    permission = "risk.view_screeningrun"

    def get(self, request, pk):
        run = get_object_or_404(selectors.runs(user=request.user), pk=pk)
        compartments = selectors.compartments(run)
        ctx = {
            "run": run,
            "compartments": compartments,
            "without_pnec": selectors.without_pnec(run),
            "can_start": policy.can(request.user, "risk.add_screeningrun"),
            "chart": {
                "categories": [str(c["action"]) for c in compartments[0]["categories"]]
                if compartments
                else [],
                "series": [
                    {
                        "name": str(COMPARTMENT_LABELS[c["compartment"]]),
                        "values": [len(k["rows"]) for k in c["categories"]],
                    }
                    for c in compartments
                ],
            },  # fmt: skip
        }
        return render(request, "risk/run_detail.html", ctx)


class SubstanceRiskView(PolicyRequiredMixin, View):
    """A substance's risk page: hazard verdicts with evidence, PNEC, SSD and RQ by district."""

    permission = "risk.view_screeningrun"

    def get(self, request, platform_id):
        from django.conf import settings

        from .profile import profile

        substance = get_object_or_404(
            chem.substance_list(user=request.user), platform_id=platform_id
        )
        ctx = {"substance": substance, **profile(user=request.user, substance=substance),
               "boundaries_url": settings.DISTRICT_BOUNDARIES_URL,
               "assessments": selectors.assessments(user=request.user).filter(
                   substance=substance),
               "can_assess": policy.can(request.user, "risk.add_assessment")}  # fmt: skip
        ctx["pec_rows"] = pec.pec_by_enterprise(
            user=request.user, substance=substance, pnec_mg_per_l=ctx["pnecs"].water_mg_per_l
        )
        ctx["ssd_chart"] = {k: ctx["ssd"].get(k) for k in ("points", "curve", "hc5", "band")}
        # Districts without a detect have only an upper bound ("<"): mapped as no colour.
        ctx["rq_chart"] = {
            e["compartment"]: [{"code": d["code"], "name": d["district"], "rq": d["rq"],
                                "state": d["state"]}
                               for d in e["districts"] if d["rq"] is not None
                               and d["qualifier"] == "="]
            for e in ctx["exposure"]
        }  # fmt: skip
        return render(request, "risk/substance.html", ctx)


class AssessmentCreateView(PolicyRequiredMixin, View):
    """Draw up a new assessment version of a substance from the data as they are now."""

    permission = "risk.add_assessment"

    def post(self, request, platform_id):
        from . import assessments

        substance = get_object_or_404(
            chem.substance_list(user=request.user), platform_id=platform_id
        )
        made = assessments.assessment_create(
            actor=request.user, substance=substance, summary=request.POST.get("summary", "")
        )
        return redirect("risk:assessment", pk=made.pk)


class AssessmentDetailView(PolicyRequiredMixin, View):
    """One assessment version: its frozen content and sources, the committee's comments, and
    the actions (submit; comment, approve or return)."""

    permission = "risk.view_assessment"

    def _render(self, request, assessment, status=200, error=""):
        ctx = {
            "a": assessment, "error": error,
            "can_submit": policy.can(request.user, "risk.add_assessment", assessment)
            and assessment.status == "draft",
            "can_review": policy.can(request.user, "risk.review_assessment", assessment)
            and assessment.status == "in_review",
        }  # fmt: skip
        return render(request, "risk/assessment.html", ctx, status=status)

    def get(self, request, pk):
        return self._render(request, get_object_or_404(selectors.assessments(user=request.user),
                                                        pk=pk))  # fmt: skip

    def post(self, request, pk):
        from . import assessments

        assessment = get_object_or_404(selectors.assessments(user=request.user), pk=pk)
        try:
            if request.POST.get("action") == "submit":
                assessments.assessment_submit(actor=request.user, assessment=assessment)
            else:
                assessments.assessment_review(
                    actor=request.user, assessment=assessment,
                    decision=request.POST.get("decision", ""), text=request.POST.get("text", ""),
                )  # fmt: skip
        except ValidationError as exc:
            return self._render(request, assessment, status=400, error=" ".join(exc.messages))
        return redirect("risk:assessment", pk=assessment.pk)


class InconclusiveView(PolicyRequiredMixin, View):
    """Substances the monitoring methods are not sensitive enough for (LOQ above the PNEC)."""

    permission = "risk.view_screeningrun"

    def get(self, request):
        rows = selectors.inconclusive(user=request.user)
        return render(request, "risk/inconclusive.html", {"rows": rows})


class RunExportView(PolicyRequiredMixin, View):
    permission = "risk.view_screeningrun"

    def get(self, request, pk):
        run = get_object_or_404(selectors.runs(user=request.user), pk=pk)
        return xlsx_response(exports.run_xlsx(run), f"npgov-screening-{run.pk}.xlsx")


class RunRerunView(PolicyRequiredMixin, View):
    permission = "risk.add_screeningrun"

    def post(self, request, pk):
        run = get_object_or_404(selectors.runs(user=request.user), pk=pk)
        try:
            again = services.run_rerun(actor=request.user, run=run)
        except ValidationError as exc:
            from django.contrib import messages

            messages.error(request, " ".join(exc.messages))
            return redirect("risk:run", pk=run.pk)
        return redirect("risk:run", pk=again.pk)
