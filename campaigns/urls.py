"""URLs of the campaigns and the editorial calendar (under /comunicacion/)."""

from django.urls import path

from campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("campanas/", views.campaign_list, name="campaign_list"),
    path("campanas/nueva/", views.campaign_create, name="campaign_create"),
    path("campanas/<int:campaign_id>/", views.campaign_detail, name="campaign_detail"),
    path("campanas/<int:campaign_id>/editar/", views.campaign_update, name="campaign_update"),
    path("piezas/nueva/", views.piece_create, name="piece_create"),
    path("piezas/por-aprobar/", views.pieces_to_approve, name="pieces_to_approve"),
    path("piezas/<int:piece_id>/", views.piece_detail, name="piece_detail"),
    path("piezas/<int:piece_id>/editar/", views.piece_update, name="piece_update"),
    path("piezas/<int:piece_id>/avanzar/", views.piece_move, name="piece_move"),
    path("piezas/<int:piece_id>/revision/", views.piece_review, name="piece_review"),
    path("piezas/<int:piece_id>/publicar/", views.piece_publish, name="piece_publish"),
    path("calendario/", views.calendar_month, name="calendar_month"),
    path("calendario/semana/", views.calendar_week, name="calendar_week"),
    path("calendario/lista/", views.calendar_list, name="calendar_list"),
    path("calendario/suscripcion/", views.calendar_subscription, name="calendar_subscription"),
    # The iCalendar feed authenticates by its secret token, not by a session
    # (allow-listed in commsplan/tests/test_security.py).
    path("calendario/ical/<str:token>.ics", views.ical_feed, name="ical_feed"),
]
