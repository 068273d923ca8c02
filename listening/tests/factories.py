from datetime import date

import factory

from listening.enums import QuestionKind, SurveyStatus
from listening.models import Question, Survey, TrainingSession
from plans.tests.factories import EntityFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    entity = factory.SubFactory(EntityFactory)
    title = factory.Sequence(lambda n: f"Encuesta de satisfacción {n}")
    status = SurveyStatus.OPEN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"¿Qué tan satisfecho está? ({n})")
    kind = QuestionKind.SCALE


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    entity = factory.SubFactory(EntityFactory)
    topic = factory.Sequence(lambda n: f"Taller {n}")
    date = date(2025, 3, 14)
    trainer = "Equipo de la OAI"
