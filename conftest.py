"""Personas shared by every app's tests: press officer, area leads of A and B, manager, a user
of another entity, a superuser. Anonymous is the test client without login."""

import pytest
from django.contrib.auth.models import Group

from plans.enums import Role
from plans.tests.factories import AreaFactory, EntityFactory, UserFactory


def _with_role(user, role):
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def entity(db):
    return EntityFactory(name="Alcaldía de Prueba")


@pytest.fixture
def other_entity(db):
    return EntityFactory(name="Gobernación Ajena")


@pytest.fixture
def area_a(entity):
    return AreaFactory(entity=entity, name="Talento Humano")


@pytest.fixture
def area_b(entity):
    return AreaFactory(entity=entity, name="Tecnologías de la Información")


@pytest.fixture
def press_officer(entity):
    return _with_role(UserFactory(username="prensa", entity=entity, is_staff=True), Role.PRESS)


@pytest.fixture
def lead_a(entity, area_a):
    return _with_role(UserFactory(username="lider_a", entity=entity, area=area_a), Role.AREA_LEAD)


@pytest.fixture
def lead_b(entity, area_b):
    return _with_role(UserFactory(username="lider_b", entity=entity, area=area_b), Role.AREA_LEAD)


@pytest.fixture
def manager(entity):
    return _with_role(UserFactory(username="directivo", entity=entity), Role.MANAGER)


@pytest.fixture
def outsider(other_entity):
    """A press officer of another entity."""
    return _with_role(UserFactory(username="prensa_ajena", entity=other_entity, is_staff=True), Role.PRESS)


@pytest.fixture
def superuser(db):
    return UserFactory(username="super", entity=None, is_staff=True, is_superuser=True)


def pytest_collection_modifyitems(config, items):
    """Skip tests marked ``postgres`` when the suite runs on SQLite (the PostgreSQL pass of
    .ci/run runs them)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
