"""URLs of the chemicals app."""

from django.urls import path

from . import views

app_name = "chemicals"
urlpatterns = [
    path("", views.SubstanceSearchView.as_view(), name="substance_list"),
    path("substances/new/", views.SubstanceEditView.as_view(), name="substance_create"),
    path(
        "substances/<str:platform_id>/edit/",
        views.SubstanceEditView.as_view(),
        name="substance_edit",
    ),
    path(
        "substances/<str:platform_id>/",
        views.SubstanceDetailView.as_view(),
        name="substance_detail",
    ),
    path(
        "substances/<str:platform_id>/structure.svg",
        views.StructureSvgView.as_view(),
        name="structure_svg",
    ),
    path("groups/", views.GroupListView.as_view(), name="group_list"),
    path("groups/<str:code>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("lists/", views.ListListView.as_view(), name="list_list"),
    path("lists/<str:code>/", views.ListDetailView.as_view(), name="list_detail"),
    path("resolve/", views.ResolveView.as_view(), name="resolve"),
    path("import/", views.SubstanceImportView.as_view(), name="import"),
    path("import/<slug:kind>/", views.SubstanceImportView.as_view(), name="import_kind"),
    path("rules/", views.RuleCheckView.as_view(), name="rule_check"),
]
