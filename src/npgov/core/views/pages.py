"""Pages of core: organisations, audit trail, jobs and the user's account."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from npgov.core import audit, policy, selectors, services
from npgov.core.forms import ApiTokenForm, UserForm
from npgov.core.models import ApiToken, OrganisationKind
from npgov.core.views.forms import add_errors
from npgov.core.views.mixins import HtmxPartialMixin, PolicyRequiredMixin


class OrganisationListView(PolicyRequiredMixin, HtmxPartialMixin, ListView):
    permission = "core.view_organisation"
    template_name = "core/organisation_list.html"
    partial_template_name = "core/partials/_organisation_table.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.organisation_list(
            user=self.request.user,
            kind=self.request.GET.get("kind", ""),
            q=self.request.GET.get("q", "").strip(),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = OrganisationKind.choices
        ctx["kind"] = self.request.GET.get("kind", "")
        ctx["q"] = self.request.GET.get("q", "")
        return ctx


class OrganisationDetailView(PolicyRequiredMixin, DetailView):
    permission = "core.view_organisation"
    template_name = "core/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        org = self.object
        ctx["history"] = audit.history_for(self.request.user, org)
        ctx["members"] = selectors.user_list(user=self.request.user).filter(organisation=org)
        return ctx


class AuditListView(PolicyRequiredMixin, ListView):
    permission = "core.view_auditlog"
    template_name = "core/audit_list.html"
    paginate_by = 100

    def get_queryset(self):
        g = self.request.GET
        action = g.get("action", "")
        if action not in {"", "0", "1", "2", "3"}:
            action = ""
        return selectors.audit_list(
            user=self.request.user,
            model=g.get("model", ""),
            actor=g.get("actor", ""),
            action=action,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filters"] = self.request.GET
        ctx["action_labels"] = audit.ACTION_LABELS
        return ctx


class JobDetailView(PolicyRequiredMixin, HtmxPartialMixin, DetailView):
    permission = "core.view_job"
    template_name = "core/job_detail.html"
    partial_template_name = "core/partials/_job_status.html"
    context_object_name = "job"

    def get_queryset(self):
        return selectors.job_list(user=self.request.user)


class JobDownloadView(PolicyRequiredMixin, View):
    permission = "core.view_job"

    def get(self, request, pk):
        job = get_object_or_404(selectors.job_list(user=request.user), pk=pk)
        if not job.result_file:
            raise Http404(_("This job has no result file."))
        return FileResponse(
            job.result_file.open("rb"),
            as_attachment=True,
            filename=job.result_name or job.result_file.name,
        )


class AccountView(LoginRequiredMixin, TemplateView):
    template_name = "core/account.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["tokens"] = selectors.token_list(user=user)
        ctx["form"] = kwargs.get("form") or ApiTokenForm()
        ctx["jobs"] = selectors.job_list(user=user).filter(owner=user)[:20]
        ctx["new_key"] = kwargs.get("new_key")
        return ctx

    def post(self, request):
        if not policy.can(request.user, "core.manage_token"):
            raise PermissionDenied("core.manage_token")
        if "revoke" in request.POST:
            token = get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user)
            services.api_token_revoke(token=token, actor=request.user)
            messages.success(request, _("The token was revoked."))
            return redirect("core:account")
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        _token, key = services.api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            expires=timezone.now() + dt.timedelta(days=form.cleaned_data["days"]),
        )
        return self.render_to_response(self.get_context_data(new_key=key))


class UserListView(PolicyRequiredMixin, ListView):
    permission = "core.view_user"
    template_name = "core/user_list.html"
    paginate_by = 100

    def get_queryset(self):
        return selectors.user_list(user=self.request.user)


class UserEditView(PolicyRequiredMixin, View):
    """Create (no ``pk``) or edit a user through the user services."""

    permission = "core.change_user"
    template_name = "core/user_form.html"

    def _user(self, request, pk):
        return get_object_or_404(selectors.user_list(user=request.user), pk=pk) if pk else None

    def get(self, request, pk=None):
        user = self._user(request, pk)
        initial = {"is_active": True}
        if user:
            initial = {
                "username": user.username,
                "full_name": user.full_name,
                "email": user.email,
                "organisation": user.organisation,
                "is_active": user.is_active,
                "roles": [r.value for r in services.user_roles(user)],
            }
        form = UserForm(initial=initial)
        if user:
            form.fields["username"].disabled = True
        history = audit.history_for(request.user, user) if user else None
        return render(
            request, self.template_name, {"form": form, "edited": user, "history": history}
        )

    def post(self, request, pk=None):
        user = self._user(request, pk)
        form = UserForm(request.POST)
        if user:
            form.fields["username"].disabled = True
            form.fields["username"].initial = user.username
        if form.is_valid():
            data = form.cleaned_data
            try:
                if user:
                    services.user_update(
                        user=user,
                        actor=request.user,
                        organisation=data["organisation"],
                        roles=data["roles"],
                        full_name=data["full_name"],
                        email=data["email"],
                        is_active=data["is_active"],
                    )
                else:
                    user = services.user_create(
                        username=data["username"],
                        password=data["password"] or None,
                        organisation=data["organisation"],
                        roles=data["roles"],
                        full_name=data["full_name"],
                        email=data["email"],
                        actor=request.user,
                    )
                messages.success(request, _("The user was saved."))
                return redirect("core:user_list")
            except ValidationError as exc:
                add_errors(form, exc)
        return render(request, self.template_name, {"form": form, "edited": user}, status=400)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (Django's view with the platform's template)."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)
