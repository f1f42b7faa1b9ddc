"""Error pages in the user's language: 403, 404, 500 and CSRF failures."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _error(request, status: int, title: str, message: str):
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        _("Access denied"),
        _("You do not have permission to see this page or do this action."),
    )


def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        _("Page not found"),
        _("The page you asked for does not exist or has been moved."),
    )


def server_error(request):
    return _error(
        request,
        500,
        _("Server error"),
        _("Something went wrong on our side. The error has been logged."),
    )


def bad_request(request, exception=None):
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


def csrf_failure(request, reason=""):
    return _error(
        request,
        403,
        _("Form expired"),
        _(
            "The form could not be verified (it may have expired, or cookies are blocked). "
            "Reload the page and try again; nothing was changed."
        ),
    )


def login_locked(request, original_response=None, credentials=None):
    """Shown by django-axes when too many wrong passwords were given (status 429)."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
