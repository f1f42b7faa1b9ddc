"""View mixins that put every page behind the policy layer."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from npgov.core import policy


class PolicyRequiredMixin:
    """Ask the policy for ``permission`` before dispatching; objects are checked again."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission:
            raise PermissionDenied("view declares no permission")
        if not policy.can(request.user, self.permission):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(self.permission)
        return super().dispatch(request, *args, **kwargs)


class HtmxPartialMixin:
    """Render ``partial_template_name`` alone when the request comes from HTMX."""

    partial_template_name: str | None = None

    def get_template_names(self):
        if (
            self.partial_template_name
            and getattr(self.request, "htmx", False)
            and not self.request.htmx.boosted
        ):
            return [self.partial_template_name]
        return super().get_template_names()
