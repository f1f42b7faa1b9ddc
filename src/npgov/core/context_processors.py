"""Template context shared by every page: the navigation that follows the plan's structure."""

from django.conf import settings

from npgov.core import policy
from npgov.core.navigation import NavGroup
from npgov.core.roles import Role


def navigation(request):
    user = request.user
    return {
        "nav_groups": [(g.value, g.label) for g in NavGroup if g != NavGroup.PLAN],
        "user_roles": sorted(
            (r.label for r in policy.roles_of(user) if r is not Role.PUBLIC), key=str
        ),
        "can": _Can(user),
        "site_name": settings.NPGOV_SITE_NAME,
    }


class _Can:
    """``{% if can.plan__review_progressreport %}`` in templates, answered by the policy."""

    def __init__(self, user) -> None:
        self.user = user

    def __getattr__(self, name: str) -> bool:
        app, _sep, action = name.partition("__")
        return policy.can(self.user, f"{app}.{action}")
