"""The person's API tokens, under their account."""

from django.urls import path

from api import views_tokens

app_name = "api_tokens"

urlpatterns = [
    path("", views_tokens.token_list, name="token_list"),
    path("<int:token_id>/revocar/", views_tokens.token_revoke_view, name="token_revoke"),
]
