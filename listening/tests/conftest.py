import pytest
from django.core.cache import cache

from listening.enums import QuestionKind
from listening.tests.factories import QuestionFactory, SurveyFactory
from privacy.tests.factories import PrivacyNoticeFactory


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Each test starts with no submissions counted for its address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def notice(entity):
    return PrivacyNoticeFactory(entity=entity, version=1)


@pytest.fixture
def survey(entity):
    survey = SurveyFactory(entity=entity, title="Satisfacción con la mesa de ayuda")
    QuestionFactory(survey=survey, order=1, text="¿Qué tan satisfecho está con la mesa de ayuda?")
    QuestionFactory(
        survey=survey,
        order=2,
        text="¿Qué herramienta usa más?",
        kind=QuestionKind.CHOICE,
        options="Correo\nIntranet",
        required=False,
    )
    QuestionFactory(survey=survey, order=3, text="¿Qué mejoraría?", kind=QuestionKind.TEXT, required=False)
    return survey


def answers(survey, scale="5", choice="Correo", text=""):
    """POST data answering ``survey``'s three questions."""
    first, second, third = survey.questions.all()
    return {f"q{first.pk}": scale, f"q{second.pk}": choice, f"q{third.pk}": text}
