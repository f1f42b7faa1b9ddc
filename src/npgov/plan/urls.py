"""URLs of the plan app."""

from django.urls import path

from . import views

app_name = "plan"
urlpatterns = [
    path("", views.PlanOverviewView.as_view(), name="overview"),
    path("groups/<slug:group>/", views.SectionView.as_view(), name="section"),
    path("tasks/<str:code>/", views.TaskDetailView.as_view(), name="task_detail"),
    path(
        "tasks/<str:code>/report/<str:period_code>/",
        views.ReportEditView.as_view(),
        name="report_edit",
    ),
    path("reports/", views.ReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/<slug:action>/", views.ReportActionView.as_view(), name="report_action"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("export/", views.ExportView.as_view(), name="export"),
]
