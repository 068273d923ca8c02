from datetime import date

import factory

from plans.enums import AudienceScope, ChannelMode, ChannelScope, ComponentKind, PlanStatus
from plans.models import Activity, Area, Audience, Channel, Component, Entity, Objective, Plan, Responsibility, User

DEFAULT_PASSWORD = "clave-de-prueba-2026"  # every test user's password


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Entidad {n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Dependencia {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"usuario{n}")
    entity = factory.SubFactory(EntityFactory)
    password = factory.django.Password(DEFAULT_PASSWORD)


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Público {n}")
    scope = AudienceScope.EXTERNAL


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Canal {n}")
    mode = ChannelMode.ONLINE
    scope = ChannelScope.EXTERNAL


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    entity = factory.SubFactory(EntityFactory)
    title = factory.Sequence(lambda n: f"Plan de comunicaciones {n}")
    vigencia_start = date(2025, 1, 1)
    vigencia_end = date(2027, 12, 31)
    status = PlanStatus.DRAFT


class ApprovedPlanFactory(PlanFactory):
    status = PlanStatus.APPROVED
    approved_on = date(2025, 2, 10)
    approval_body = "Comité Institucional de Gestión y Desempeño"
    approval_act = "Acta n.º 3 de 2025"


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan = factory.SubFactory(PlanFactory)
    text = factory.Sequence(lambda n: f"Objetivo {n}")


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    plan = factory.SubFactory(PlanFactory)
    kind = ComponentKind.EXTERNAL
    name = factory.Sequence(lambda n: f"Componente {n}")


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    component = factory.SubFactory(ComponentFactory)
    text = factory.Sequence(lambda n: f"Responsabilidad {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    component = factory.SubFactory(ComponentFactory)
    name = factory.Sequence(lambda n: f"Actividad {n}")
