"""API authentication: personal tokens (Bearer), the browser session, or anonymous."""

from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer, SessionAuth

from npgov.core import services


class TokenAuth(HttpBearer):
    openapi_description = "Personal API token: `Authorization: Bearer npg_…`"

    def authenticate(self, request, token):
        user = services.api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionUserAuth(SessionAuth):
    """The signed-in browser session (CSRF-checked for unsafe methods)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_authenticated else None


def anonymous(request):
    """The public: allowed through, and the policy decides what it may see."""
    if "HTTP_AUTHORIZATION" in request.META:
        return None  # a token was given and rejected: do not fall back to anonymous
    return AnonymousUser()
