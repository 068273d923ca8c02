"""The plan matrix page."""

from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("planes/<int:plan_id>/matriz/", views.plan_matrix, name="plan_matrix"),
]
