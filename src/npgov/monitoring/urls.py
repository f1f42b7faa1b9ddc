"""URLs of monitoring."""

from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.MapView.as_view(), name="map"),
    path("sites/<str:code>/", views.SiteView.as_view(), name="site"),
    path("substances/<str:platform_id>/", views.SubstanceView.as_view(), name="substance"),
    path("heatmap/", views.HeatmapView.as_view(), name="heatmap"),
    path("programmes/<slug:code>/", views.ProgrammeView.as_view(), name="programme"),
    path("uploads/", views.UploadView.as_view(), name="uploads"),
    path("uploads/template.xlsx", views.TemplateDownloadView.as_view(), name="template"),
    path("review/", views.ReviewView.as_view(), name="review"),
    path("export.<str:fmt>", views.ExportView.as_view(), name="export"),
]
