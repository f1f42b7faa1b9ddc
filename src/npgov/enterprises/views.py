"""Pages of the enterprise registry: list, the enterprise's page, its edit form, bulk import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from npgov.core import audit, policy, records
from npgov.core.models import Organisation, OrganisationKind
from npgov.core.views.forms import add_errors
from npgov.core.views.imports import ImportView
from npgov.core.views.mixins import PolicyRequiredMixin

from . import importers, selectors, services
from .choices import KeySector
from .forms import EnterpriseForm

VIEW = "enterprises.view_enterprise"


class EnterpriseListView(PolicyRequiredMixin, ListView):
    permission = VIEW
    template_name = "enterprises/enterprise_list.html"
    paginate_by = 50

    def get_queryset(self):
        g = self.request.GET
        return selectors.enterprise_list(
            user=self.request.user,
            q=g.get("q", "").strip(),
            district=g.get("district", ""),
            industry=g.get("industry", ""),
            key_sector=g.get("key_sector", ""),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filters"] = self.request.GET
        ctx["districts"] = Organisation.objects.filter(kind=OrganisationKind.DISTRICT)
        ctx["key_sectors"] = KeySector.choices
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["query"] = query.urlencode()
        return ctx


class EnterpriseDetailView(PolicyRequiredMixin, DetailView):
    permission = VIEW
    template_name = "enterprises/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_queryset(self):
        return selectors.enterprise_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.enterprise_record(user=self.request.user, enterprise=self.object))
        ctx["profile"] = getattr(self.object, "enterprise_profile", None)
        ctx["can_edit"] = policy.can(
            self.request.user, "enterprises.change_enterprise", self.object
        )
        ctx["history"] = audit.history_for(self.request.user, self.object)
        ctx["sections"] = records.sections_for(
            "enterprise", user=self.request.user, obj=self.object
        )
        return ctx


class EnterpriseEditView(PolicyRequiredMixin, View):
    """An enterprise's own users, or the bureau, edit its registry record."""

    permission = "enterprises.change_enterprise"
    template_name = "enterprises/enterprise_form.html"

    def _enterprise(self, request, pk):
        enterprise = get_object_or_404(selectors.enterprise_list(user=request.user), pk=pk)
        policy.require(request.user, "enterprises.change_enterprise", enterprise)
        return enterprise

    def get(self, request, pk):
        enterprise = self._enterprise(request, pk)
        profile = getattr(enterprise, "enterprise_profile", None)
        form = EnterpriseForm(
            initial={
                "name_zh": enterprise.name_zh,
                "address": enterprise.address,
                "longitude": enterprise.longitude,
                "latitude": enterprise.latitude,
                "datum": "wgs84",
                "industry_code": enterprise.industry_code,
                "legal_representative": getattr(profile, "legal_representative", ""),
                "industrial_park": getattr(profile, "industrial_park", ""),
                "size": getattr(profile, "size", ""),
                "operating_status": getattr(profile, "operating_status", "operating"),
            }
        )
        return render(request, self.template_name, {"form": form, "enterprise": enterprise})

    def post(self, request, pk):
        enterprise = self._enterprise(request, pk)
        form = EnterpriseForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            data = services.EnterpriseInput(
                uscc=enterprise.code,
                name_zh=d["name_zh"],
                district_code=enterprise.district.code if enterprise.district else "",
                legal_representative=d["legal_representative"],
                address=d["address"],
                longitude=d["longitude"],
                latitude=d["latitude"],
                datum=d["datum"],
                industrial_park=d["industrial_park"],
                industry_code=d["industry_code"],
                size=d["size"],
                operating_status=d["operating_status"],
            )
            try:
                services.enterprise_save(actor=request.user, data=data, enterprise=enterprise)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The enterprise was saved."))
                return redirect("enterprises:enterprise_detail", pk=enterprise.pk)
        return render(
            request, self.template_name, {"form": form, "enterprise": enterprise}, status=400
        )


class EnterpriseImportView(PolicyRequiredMixin, ImportView):
    permission = "enterprises.import_enterprise"
    template_name = "enterprises/import.html"
    importers = {"enterprises": (importers.import_enterprises, importers.template)}
    default_kind = "enterprises"
    session_key = "enterprise_import_errors"
