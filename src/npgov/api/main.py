"""The NinjaAPI instance: routers, authentication and the one error handler for domain errors."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from npgov.api.auth import SessionUserAuth, TokenAuth, anonymous
from npgov.science.rules import RuleError

api = NinjaAPI(
    title="npgov API",
    version="1",
    description=_("REST API of the new pollutant governance platform."),
    auth=[TokenAuth(), SessionUserAuth(), anonymous],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "errors": errors}, status=400
    )


@api.exception_handler(RuleError)
def rule_error(request, exc: RuleError):
    return api.create_response(
        request, {"detail": f"{exc.reason_zh} / {exc.reason_en}", "code": exc.code}, status=400
    )


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    user = getattr(request, "auth", None)
    status = 401 if user is None or not user.is_authenticated else 403
    message = _("Sign in or give an API token.") if status == 401 else _("Permission denied.")
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(ObjectDoesNotExist)
@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


def _add_routers() -> None:
    from npgov.chemicals.api import router as chemicals_router
    from npgov.core.api import router as core_router
    from npgov.enterprises.api import router as enterprises_router
    from npgov.monitoring.api import router as monitoring_router
    from npgov.plan.api import router as plan_router
    from npgov.risk.api import router as risk_router
    from npgov.survey.api import router as survey_router

    api.add_router("/", core_router)
    api.add_router("/plan/", plan_router)
    api.add_router("/chemicals/", chemicals_router)
    api.add_router("/enterprises/", enterprises_router)
    api.add_router("/survey/", survey_router)
    api.add_router("/monitoring/", monitoring_router)
    api.add_router("/risk/", risk_router)


_add_routers()
