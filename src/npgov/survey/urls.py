"""URLs of the survey."""

from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("", views.CampaignListView.as_view(), name="campaign_list"),
    path("new/", views.CampaignEditView.as_view(), name="campaign_new"),
    path("unresolved/", views.UnresolvedView.as_view(), name="unresolved"),
    path("inventory/", views.InventoryView.as_view(), name="inventory"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report_edit"),
    path("reports/<int:pk>/upload/", views.ReportUploadView.as_view(), name="report_upload"),
    path("reports/<int:pk>/workbook.xlsx", views.WorkbookView.as_view(), name="report_workbook"),
    path("reports/<int:pk>/submit/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report_review"),
    path("reports/<int:pk>/extend/", views.ReportExtendView.as_view(), name="report_extend"),
    path("lines/<int:pk>/evidence/", views.LineEvidenceView.as_view(), name="line_evidence"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("<slug:code>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("<slug:code>/edit/", views.CampaignEditView.as_view(), name="campaign_edit"),
    path("<slug:code>/action/", views.CampaignActionView.as_view(), name="campaign_action"),
    path("<slug:code>/reports/", views.ReportListView.as_view(), name="report_list"),
    path("<slug:code>/template.xlsx", views.WorkbookView.as_view(), name="campaign_template"),
    path("<slug:code>/screening/", views.ScreeningView.as_view(), name="screening"),
    path("<slug:code>/export.<str:fmt>", views.ExportView.as_view(), name="export"),
]
