from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("planes/<int:plan_id>/matriz/", views.plan_matrix, name="plan_matrix"),
    # The area leads' site.
    path("mis-actividades/", views.my_activities, name="my_activities"),
    path("periodos/<int:period_id>/enviar/", views.period_submit, name="period_submit"),
    path("actividades/<int:activity_id>/registrar/", views.log_create, name="log_create"),
    path("registros/", views.log_list, name="log_list"),
    path("registros/<int:log_id>/", views.log_detail, name="log_detail"),
    path("registros/<int:log_id>/corregir/", views.log_update, name="log_update"),
    path("registros/<int:log_id>/retirar/", views.log_withdraw, name="log_withdraw"),
    path("evidencias/<int:evidence_id>/descargar/", views.evidence_download, name="evidence_download"),
    # The press office's review and the reporting periods.
    path("revision/", views.review, name="review"),
    path("registros/<int:log_id>/aprobar/", views.log_approve, name="log_approve"),
    path("registros/<int:log_id>/devolver/", views.log_return, name="log_return"),
    path("revision/periodos/abrir/", views.period_open, name="period_open"),
    path("revision/periodos/<int:period_id>/cerrar/", views.period_close, name="period_close"),
    # The periodic reports.
    path("informes/", views.report_list, name="report_list"),
    path("informes/generar/", views.report_create, name="report_create"),
    path("informes/<int:report_id>/regenerar/", views.report_regenerate, name="report_regenerate"),
    path("informes/<int:report_id>/<str:kind>/", views.report_download, name="report_download"),
    # Dashboards.
    path("tablero/", views.overview, name="overview"),
    path("tablero/exportar.csv", views.overview_export, {"fmt": "csv"}, name="overview_csv"),
    path("tablero/exportar.xlsx", views.overview_export, {"fmt": "xlsx"}, name="overview_xlsx"),
    path("planes/<int:plan_id>/tablero/", views.plan_dashboard, name="plan_dashboard"),
    path("planes/<int:plan_id>/tablero/exportar.csv", views.plan_dashboard_export, {"fmt": "csv"}, name="plan_csv"),
    path("planes/<int:plan_id>/tablero/exportar.xlsx", views.plan_dashboard_export, {"fmt": "xlsx"}, name="plan_xlsx"),
    path("indicadores/<int:indicator_id>/", views.indicator_detail, name="indicator_detail"),
    path("dependencias/<int:area_id>/tablero/", views.area_dashboard, name="area_dashboard"),
    # The public transparency page and its open data: no login (commsplan/tests/test_security.py).
    path("transparencia/<int:plan_id>/", views.public_plan, name="public_plan"),
    path("transparencia/<int:plan_id>/datos.csv", views.public_plan_data, {"fmt": "csv"}, name="public_csv"),
    path("transparencia/<int:plan_id>/datos.json", views.public_plan_data, {"fmt": "json"}, name="public_json"),
]
