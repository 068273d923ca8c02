"""The area leads' site (their activities, logs and evidence) and the press office's review
and reporting periods."""

from django.urls import path

from execution import views

app_name = "execution"

urlpatterns = [
    path("periodos/<int:period_id>/enviar/", views.period_submit, name="period_submit"),
    path("actividades/<int:activity_id>/registrar/", views.log_create, name="log_create"),
    path("registros/", views.log_list, name="log_list"),
    path("registros/<int:log_id>/", views.log_detail, name="log_detail"),
    path("registros/<int:log_id>/corregir/", views.log_update, name="log_update"),
    path("registros/<int:log_id>/retirar/", views.log_withdraw, name="log_withdraw"),
    path("evidencias/<int:evidence_id>/descargar/", views.evidence_download, name="evidence_download"),
    path("revision/", views.review, name="review"),
    path("registros/<int:log_id>/aprobar/", views.log_approve, name="log_approve"),
    path("registros/<int:log_id>/devolver/", views.log_return, name="log_return"),
    path("revision/periodos/abrir/", views.period_open, name="period_open"),
    path("revision/periodos/abrir-borradores/", views.period_open_for_drafts, name="period_open_for_drafts"),
    path("revision/periodos/<int:period_id>/cerrar/", views.period_close, name="period_close"),
]
