import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from plans.enums import Role
from plans.models import User
from plans.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def add_user(client, **fields):
    data = {"username": "nuevo", "password1": "una-clave-larga-2026", "password2": "una-clave-larga-2026"}
    data.update(fields)
    return client.post(reverse("admin:plans_user_add"), data)


class TestUserRoles:
    def test_an_area_lead_without_area_is_refused_with_a_message(self, client, superuser, entity):
        client.force_login(superuser)
        lead_group = Group.objects.get(name=Role.AREA_LEAD)
        response = add_user(client, entity=entity.pk, groups=[lead_group.pk])
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["area"] == ["Un líder de área necesita su dependencia."]
        assert not User.objects.filter(username="nuevo").exists()

    def test_the_area_must_belong_to_the_users_entity(self, client, superuser, entity, other_entity):
        client.force_login(superuser)
        foreign_area = AreaFactory(entity=other_entity)
        response = add_user(client, entity=entity.pk, area=foreign_area.pk)
        assert response.context["adminform"].form.errors["area"] == [
            "La dependencia debe ser de la entidad del usuario."
        ]
        assert not User.objects.filter(username="nuevo").exists()

    def test_a_user_without_entity_is_refused(self, client, superuser):
        client.force_login(superuser)
        response = add_user(client)
        assert response.context["adminform"].form.errors["entity"] == [
            "Todo usuario que no es superusuario pertenece a una entidad."
        ]

    def test_an_area_lead_with_its_area_is_created(self, client, superuser, entity, area_a):
        client.force_login(superuser)
        lead_group = Group.objects.get(name=Role.AREA_LEAD)
        response = add_user(client, entity=entity.pk, area=area_a.pk, groups=[lead_group.pk])
        assert response.status_code == 302
        user = User.objects.get(username="nuevo")
        assert (user.entity, user.area, user.is_area_lead) == (entity, area_a, True)

    def test_a_press_officer_cannot_open_the_users(self, client, press_officer):
        client.force_login(press_officer)
        assert client.get(reverse("admin:plans_user_changelist")).status_code == 403
