from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("<int:entity_id>/", views.notice, name="notice"),
    path("aviso/editar/", views.notice_edit, name="notice_edit"),
    path("titulares/", views.rights, name="rights"),
]
