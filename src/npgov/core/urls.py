"""URLs of core."""

from django.urls import path

from npgov.core.views import pages

app_name = "core"
urlpatterns = [
    path("organisations/", pages.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "organisations/<int:pk>/",
        pages.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path("audit/", pages.AuditListView.as_view(), name="audit_list"),
    path("jobs/<uuid:pk>/", pages.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<uuid:pk>/download/", pages.JobDownloadView.as_view(), name="job_download"),
    path("account/", pages.AccountView.as_view(), name="account"),
    path("account/password/", pages.PasswordChangeView.as_view(), name="password_change"),
    path("users/", pages.UserListView.as_view(), name="user_list"),
    path("users/new/", pages.UserEditView.as_view(), name="user_create"),
    path("users/<int:pk>/", pages.UserEditView.as_view(), name="user_edit"),
]
