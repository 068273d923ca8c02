"""The periodic reports: list, request, regenerate, download."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("informes/", views.report_list, name="report_list"),
    path("informes/generar/", views.report_create, name="report_create"),
    path("informes/<int:report_id>/regenerar/", views.report_regenerate, name="report_regenerate"),
    path("informes/<int:report_id>/<str:kind>/", views.report_download, name="report_download"),
]
