"""Root URLs: pages of each app, the API, admin, sign-in and language switch."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from npgov.api.main import api
from npgov.plan.views import DashboardView

handler400 = "npgov.core.views.errors.bad_request"
handler403 = "npgov.core.views.errors.permission_denied"
handler404 = "npgov.core.views.errors.page_not_found"
handler500 = "npgov.core.views.errors.server_error"

urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("npgov.core.urls")),
    path("plan/", include("npgov.plan.urls")),
    path("chemicals/", include("npgov.chemicals.urls")),
    path("enterprises/", include("npgov.enterprises.urls")),
    path("survey/", include("npgov.survey.urls")),
    path("monitoring/", include("npgov.monitoring.urls")),
    path("risk/", include("npgov.risk.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served directly: evidence and job results go through views
# that ask the policy layer.
