"""Personal API tokens: created with a name and shown once, stored hashed, last use recorded,
revoked; the account page that manages them; authentication with them."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import key_hash, token_create, token_revoke

pytestmark = pytest.mark.django_db
URL = reverse("api_tokens:token_list")


def bearer(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


class TestTokens:
    def test_a_token_is_stored_hashed_and_its_key_authenticates_its_user(self, lead_a):
        token, key = token_create(user=lead_a, name="Intranet")
        assert key.startswith("cp_") and len(key) > 40
        assert token.key_hash == key_hash(key) and key not in token.key_hash
        assert not ApiToken.objects.filter(key_hash=key).exists()
        response = bearer(key).get("/api/v1/entities/")
        assert response.status_code == 200
        assert [row["id"] for row in response.json()["results"]] == [lead_a.entity_id]
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_a_revoked_or_unknown_token_is_refused_in_json_spanish(self, lead_a):
        token, key = token_create(user=lead_a, name="Macro")
        token_revoke(user=lead_a, token_id=token.pk)
        for candidate in (key, "cp_inventado", "otra-cosa"):
            response = bearer(candidate).get("/api/v1/plans/")
            assert response.status_code == 401
            assert response.json()["detail"] == "El token no es válido o fue revocado."
            assert response["WWW-Authenticate"] == "Bearer"

    def test_without_credentials_the_api_answers_401_json(self):
        response = APIClient().get("/api/v1/plans/")
        assert response.status_code == 401
        assert response.json()["status"] == 401

    def test_nobody_revokes_anothers_token(self, lead_a, lead_b):
        token, key = token_create(user=lead_a, name="Intranet")
        assert token_revoke(user=lead_b, token_id=token.pk) is None
        assert bearer(key).get("/api/v1/plans/").status_code == 200

    def test_a_name_is_required(self, lead_a):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as error:
            token_create(user=lead_a, name="  ")
        assert error.value.message_dict == {"name": ["Indique un nombre para el token."]}

    def test_the_session_authenticates_the_sites_own_pages(self, client, press_officer):
        client.force_login(press_officer)
        assert client.get("/api/v1/plans/").status_code == 200


class TestTokenPages:
    def test_create_shows_the_key_once_then_only_its_prefix(self, client, lead_a):
        client.force_login(lead_a)
        response = client.post(URL, {"name": "Hoja de seguimiento"}, follow=True)
        html = response.content.decode()
        token = ApiToken.objects.get(user=lead_a)
        key = response.context["new_key"]
        assert key_hash(key) == token.key_hash
        assert key in html and "no se volverá a mostrar" in html
        again = client.get(URL).content.decode()
        assert key not in again and token.prefix in again and "Hoja de seguimiento" in again

    def test_a_missing_name_is_explained_on_its_field(self, client, lead_a):
        client.force_login(lead_a)
        response = client.post(URL, {"name": ""})
        assert "Indique un nombre para el token." in response.content.decode()
        assert not ApiToken.objects.exists()

    def test_revoke_from_the_page_and_anothers_token_is_untouched(self, client, lead_a, outsider):
        mine, _ = token_create(user=lead_a, name="Mía")
        theirs, _ = token_create(user=outsider, name="Ajena")
        client.force_login(lead_a)
        client.post(reverse("api_tokens:token_revoke", args=[mine.pk]))
        client.post(reverse("api_tokens:token_revoke", args=[theirs.pk]))
        mine.refresh_from_db()
        theirs.refresh_from_db()
        assert mine.revoked_at is not None and mine.revoked_at <= timezone.now()
        assert theirs.revoked_at is None

    def test_the_page_needs_a_login(self, client):
        response = client.get(URL)
        assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]

    def test_the_page_speaks_english_when_chosen(self, client, lead_a, settings):
        client.force_login(lead_a)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert "API tokens" in client.get(URL).content.decode()


class TestThrottling:
    def test_a_token_over_its_rate_gets_429_json(self, lead_a, settings):
        from django.core.cache import cache
        from rest_framework.settings import api_settings

        from api.throttling import TokenRateThrottle

        cache.clear()
        rates = {**api_settings.DEFAULT_THROTTLE_RATES, "token": "3/minute"}
        original = TokenRateThrottle.THROTTLE_RATES
        TokenRateThrottle.THROTTLE_RATES = rates
        try:
            _t, key = token_create(user=lead_a, name="Rápida")
            _o, other = token_create(user=lead_a, name="Otra")
            client = bearer(key)
            codes = [client.get("/api/v1/entities/").status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
            assert client.get("/api/v1/entities/").json()["status"] == 429
            # Per token: the person's other token still has its own allowance.
            assert bearer(other).get("/api/v1/entities/").status_code == 200
        finally:
            TokenRateThrottle.THROTTLE_RATES = original
            cache.clear()
