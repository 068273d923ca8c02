from django.urls import path

from crisis import views

app_name = "crisis"

urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("incidentes/nuevo/", views.incident_create, name="incident_create"),
    path("incidentes/<int:incident_id>/", views.incident_detail, name="incident_detail"),
    path("incidentes/<int:incident_id>/eventos/", views.event_add, name="event_add"),
    path("incidentes/<int:incident_id>/mensajes/", views.messages_prepare, name="messages_prepare"),
    path("incidentes/<int:incident_id>/resolver/", views.incident_resolve, name="incident_resolve"),
    path("incidentes/<int:incident_id>/cerrar/", views.incident_close, name="incident_close"),
    path("incidentes/<int:incident_id>/informe/", views.incident_report, name="incident_report"),
    path("mensajes/<int:message_id>/enviar/", views.message_send, name="message_send"),
    path("protocolos/<int:protocol_id>/", views.protocol_detail, name="protocol_detail"),
]
