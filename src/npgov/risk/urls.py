"""URLs of the risk app."""

from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("runs/", views.RunListView.as_view(), name="runs"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run"),
    path("runs/<int:pk>/export.xlsx", views.RunExportView.as_view(), name="run_export"),
    path("runs/<int:pk>/rerun/", views.RunRerunView.as_view(), name="run_rerun"),
    path("inconclusive/", views.InconclusiveView.as_view(), name="inconclusive"),
    path("substances/<str:platform_id>/", views.SubstanceRiskView.as_view(), name="substance"),
    path(
        "substances/<str:platform_id>/assessments/",
        views.AssessmentCreateView.as_view(),
        name="assessment_create",
    ),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment"),
]
