"""Pages of chemical knowledge: search, substance, group and list pages, batch resolution and
the control-measure checker."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from npgov.core import audit
from npgov.core.views.forms import add_errors
from npgov.core.views.imports import ImportView
from npgov.core.views.mixins import PolicyRequiredMixin
from npgov.science import rules as rules_engine
from npgov.science import structure

from . import importers, properties, selectors, services
from .forms import ResolveForm, RuleCheckForm, SearchForm, SubstanceForm
from .models import Substance

VIEW = "chemicals.view_substance"


class SubstanceSearchView(PolicyRequiredMixin, ListView):
    permission = VIEW
    template_name = "chemicals/substance_list.html"
    paginate_by = 50

    def get_queryset(self):
        self.form = SearchForm(self.request.GET or None)
        self.smarts_error = None
        if not self.form.is_valid():
            return selectors.substance_list(user=self.request.user)
        smarts = self.form.cleaned_data["smarts"].strip()
        if smarts:
            try:
                found = selectors.substructure_search(user=self.request.user, smarts=smarts)
            except structure.StructureError as exc:
                self.smarts_error = f"{exc.reason_zh} / {exc.reason_en}"
                return Substance.objects.none()
            return Substance.objects.filter(pk__in=[s.pk for s in found])
        return selectors.search(user=self.request.user, text=self.form.cleaned_data["q"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = self.form
        ctx["smarts_error"] = self.smarts_error
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query"] = query.urlencode()
        return ctx


class SubstanceDetailView(PolicyRequiredMixin, DetailView):
    permission = VIEW
    template_name = "chemicals/substance_detail.html"
    context_object_name = "substance"
    slug_field = "platform_id"
    slug_url_kwarg = "platform_id"

    def get_queryset(self):
        return selectors.substance_list(user=self.request.user).prefetch_related("identifiers")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        memberships = selectors.groups_of(self.object)
        ctx["memberships"] = memberships
        ctx["entries"] = selectors.entries_of(
            substance=self.object, group_codes={m.group.code for m in memberships}
        )
        ctx["history"] = audit.history_for(self.request.user, self.object)
        ctx["properties"] = self.object.properties.all()
        return ctx


class StructureSvgView(PolicyRequiredMixin, View):
    """The structure drawing of a substance (SVG from RDKit)."""

    permission = VIEW

    def get(self, request, platform_id):
        substance = get_object_or_404(
            selectors.substance_list(user=request.user), platform_id=platform_id
        )
        if not substance.canonical_smiles:
            raise Http404(platform_id)
        svg = structure.depict_svg(substance.canonical_smiles)
        response = HttpResponse(svg, content_type="image/svg+xml")
        response["Cache-Control"] = "max-age=86400"
        return response


class GroupListView(PolicyRequiredMixin, ListView):
    permission = VIEW
    template_name = "chemicals/group_list.html"

    def get_queryset(self):
        return selectors.group_list(user=self.request.user)


class GroupDetailView(PolicyRequiredMixin, DetailView):
    permission = VIEW
    template_name = "chemicals/group_detail.html"
    context_object_name = "group"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return selectors.group_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["memberships"] = self.object.memberships.select_related("substance").order_by(
            "substance__platform_id", "basis"
        )
        ctx["entries"] = self.object.list_entries.select_related("regulatory_list")
        return ctx


class ListListView(PolicyRequiredMixin, ListView):
    permission = VIEW
    template_name = "chemicals/list_list.html"

    def get_queryset(self):
        return selectors.list_list(user=self.request.user)


class ListDetailView(PolicyRequiredMixin, DetailView):
    permission = VIEW
    template_name = "chemicals/list_detail.html"
    context_object_name = "reglist"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return selectors.list_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        entries = list(
            self.object.entries.select_related("group").prefetch_related(
                "substances", "measures__uses", "measures__limits"
            )
        )
        for entry in entries:
            entry.affected = selectors.substances_affected_by(entry)
        ctx["entries"] = entries
        return ctx


class ResolveView(PolicyRequiredMixin, TemplateView):
    """Batch resolution of pasted or uploaded identifiers, every line accounted for."""

    permission = VIEW
    template_name = "chemicals/resolve.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", ResolveForm())
        return ctx

    def post(self, request):
        form = ResolveForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        results = selectors.resolve_batch(user=request.user, queries=form.cleaned_data["lines"])
        counts = {}
        for result in results:
            counts[result.status] = counts.get(result.status, 0) + 1
        return self.render_to_response(
            self.get_context_data(form=form, results=results, counts=counts)
        )


class RuleCheckView(PolicyRequiredMixin, TemplateView):
    """Officers and enterprises ask: may this substance be used for this, on this date?"""

    permission = "chemicals.check_rules"
    template_name = "chemicals/rule_check.html"

    def get(self, request):
        form = RuleCheckForm(request.GET or None, initial={"date": timezone.localdate()})
        ctx = {"form": form}
        if request.GET and form.is_valid():
            data = form.cleaned_data
            try:
                ctx["check"] = selectors.rules_check(
                    user=request.user,
                    query=data["substance"],
                    activity=data["activity"],
                    on=data["date"],
                    use=data["use"] or None,
                    product=data["product"] or None,
                )
            except rules_engine.RuleError as exc:
                form.add_error(None, f"{exc.reason_zh} / {exc.reason_en}")
        return render(request, self.template_name, ctx, status=400 if form.errors else 200)


IMPORTERS = {
    "substances": (importers.import_substances, importers.template),
    "properties": (properties.import_properties, properties.template),
}


class SubstanceImportView(PolicyRequiredMixin, ImportView):
    """Stewards load substance lists or property records; a refused file shows every bad cell
    and loads nothing."""

    permission = "chemicals.change_substance"
    template_name = "chemicals/import.html"
    importers = IMPORTERS
    default_kind = "substances"
    session_key = "chemicals_import_errors"


class SubstanceEditView(PolicyRequiredMixin, View):
    """Stewards create a substance, or edit one (``platform_id`` given), through the services."""

    permission = "chemicals.change_substance"
    template_name = "chemicals/substance_form.html"

    def _substance(self, request, platform_id):
        if platform_id is None:
            return None
        return get_object_or_404(
            selectors.substance_list(user=request.user), platform_id=platform_id
        )

    def get(self, request, platform_id=None):
        substance = self._substance(request, platform_id)
        initial = {"kind": "defined"}
        if substance:
            ids = list(substance.identifiers.all())
            initial = {
                "name_zh": substance.name_zh,
                "name_en": substance.name_en,
                "kind": substance.kind,
                "smiles": substance.smiles,
                "stereo_unspecified": substance.stereo_unspecified,
                "description": substance.description,
                "source": substance.source,
                "cas": "; ".join(i.value for i in ids if i.kind == "cas"),
                "synonyms": "; ".join(i.value for i in ids if i.kind == "synonym"),
            }
        return render(
            request,
            self.template_name,
            {"form": SubstanceForm(initial=initial), "substance": substance},
        )

    def post(self, request, platform_id=None):
        substance = self._substance(request, platform_id)
        form = SubstanceForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            data = services.SubstanceInput(
                name_zh=d["name_zh"],
                name_en=d["name_en"],
                kind=d["kind"],
                cas=form.split(d["cas"]),
                synonyms=form.split(d["synonyms"]),
                smiles=d["smiles"],
                stereo_unspecified=d["stereo_unspecified"],
                description=d["description"],
                source=d["source"],
            )
            try:
                if substance:
                    saved = services.substance_update(
                        actor=request.user, substance=substance, data=data
                    )
                else:
                    saved = services.substance_create(actor=request.user, data=data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The substance was saved."))
                return redirect("chemicals:substance_detail", platform_id=saved.platform_id)
        return render(
            request, self.template_name, {"form": form, "substance": substance}, status=400
        )
