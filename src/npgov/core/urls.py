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
]
