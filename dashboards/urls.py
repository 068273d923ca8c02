"""Dashboards, the indicator and area pages, and the public transparency page with its open data
(no login: commsplan/tests/test_security.py)."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    # The area lead's home.
    path("mis-actividades/", views.my_activities, name="my_activities"),
    path("tablero/", views.overview, name="overview"),
    path("tablero/consolidado/", views.consolidated, name="consolidated"),
    path("tablero/exportar.csv", views.overview_export, {"fmt": "csv"}, name="overview_csv"),
    path("tablero/exportar.xlsx", views.overview_export, {"fmt": "xlsx"}, name="overview_xlsx"),
    path("planes/<int:plan_id>/tablero/", views.plan_dashboard, name="plan_dashboard"),
    path("planes/<int:plan_id>/tablero/exportar.csv", views.plan_dashboard_export, {"fmt": "csv"}, name="plan_csv"),
    path("planes/<int:plan_id>/tablero/exportar.xlsx", views.plan_dashboard_export, {"fmt": "xlsx"}, name="plan_xlsx"),
    path("indicadores/<int:indicator_id>/", views.indicator_detail, name="indicator_detail"),
    path("dependencias/<int:area_id>/tablero/", views.area_dashboard, name="area_dashboard"),
    path("transparencia/<int:plan_id>/", views.public_plan, name="public_plan"),
    path("transparencia/<int:plan_id>/datos.csv", views.public_plan_data, {"fmt": "csv"}, name="public_csv"),
    path("transparencia/<int:plan_id>/datos.json", views.public_plan_data, {"fmt": "json"}, name="public_json"),
]
