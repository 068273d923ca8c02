"""URLs of the campaigns and the editorial calendar (under /comunicacion/)."""

from django.urls import path  # noqa: F401  # the routes come with the views

app_name = "campaigns"

urlpatterns = []
