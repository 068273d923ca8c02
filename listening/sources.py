"""The automatic indicators' value sources of listening: suggestions received and answered,
days and hours to answer, a survey's satisfaction, people trained, attendance and adoption
rates; registered with the indicators layer (indicators.automatic) from ListeningConfig.ready().
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from indicators.automatic import ValueSource, register_source
from indicators.enums import Aggregation, Unit
from listening.enums import SuggestionKind
from listening.models import Attendance, Suggestion, SurveyResponse

# The keys stored in Indicator.source: never change them (stored rows name them).
SUGGESTIONS_RECEIVED = "sug_recib"
SUGGESTIONS_ANSWERED = "sug_resp"
SUGGESTION_DAYS = "sug_dias"
SUPPORT_RECEIVED = "soporte_rec"
SUPPORT_HOURS = "soporte_hor"
SURVEY_SATISFACTION = "enc_satisf"
SURVEY_TOP_SHARE = "enc_top"
PEOPLE_TRAINED = "capacitados"
ATTENDANCE_RATE = "asistencia"
ADOPTION_RATE = "adopcion"

_RATES = (Aggregation.AVERAGE, Aggregation.MAX)

SOURCES = (
    ValueSource(
        key=SUGGESTIONS_RECEIVED,
        label=_("Automático: sugerencias recibidas"),
        model=Suggestion,
        date_field="received_at",
        value_field=None,
        entity_path="entity",
        datetime=True,
    ),
    ValueSource(
        key=SUGGESTIONS_ANSWERED,
        label=_("Automático: sugerencias respondidas"),
        model=Suggestion,
        date_field="answered_at",
        value_field=None,
        entity_path="entity",
        datetime=True,
    ),
    ValueSource(
        key=SUGGESTION_DAYS,
        label=_("Automático: días promedio hasta responder una sugerencia"),
        model=Suggestion,
        date_field="answered_at",
        value_field="days_to_answer",
        entity_path="entity",
        rules=_RATES,
        unit=Unit.DAYS,
        datetime=True,
    ),
    ValueSource(
        key=SUPPORT_RECEIVED,
        label=_("Automático: solicitudes de soporte técnico recibidas"),
        model=Suggestion,
        date_field="received_at",
        value_field=None,
        entity_path="entity",
        only=(("kind", SuggestionKind.SUPPORT),),
        datetime=True,
    ),
    ValueSource(
        key=SUPPORT_HOURS,
        label=_("Automático: horas promedio de resolución de las solicitudes de soporte"),
        model=Suggestion,
        date_field="answered_at",
        value_field="hours_to_answer",
        entity_path="entity",
        rules=_RATES,
        unit=Unit.HOURS,
        only=(("kind", SuggestionKind.SUPPORT),),
        datetime=True,
    ),
    ValueSource(
        key=SURVEY_SATISFACTION,
        label=_("Automático: satisfacción media de la encuesta (0 a 100)"),
        model=SurveyResponse,
        date_field="submitted_at",
        value_field="satisfaction",
        entity_path="survey__entity",
        rules=_RATES,
        unit=Unit.PERCENTAGE,
        datetime=True,
        indicator_path="survey__indicator",
    ),
    ValueSource(
        key=SURVEY_TOP_SHARE,
        label=_("Automático: porcentaje de respuestas en lo más alto de la escala"),
        model=SurveyResponse,
        date_field="submitted_at",
        value_field="top_share",
        entity_path="survey__entity",
        rules=_RATES,
        unit=Unit.PERCENTAGE,
        datetime=True,
        indicator_path="survey__indicator",
    ),
    ValueSource(
        key=PEOPLE_TRAINED,
        label=_("Automático: personas capacitadas (asistentes)"),
        model=Attendance,
        date_field="session_date",
        value_field=None,
        entity_path="session__entity",
        only=(("attended", True),),
    ),
    ValueSource(
        key=ATTENDANCE_RATE,
        label=_("Automático: tasa de asistencia a las capacitaciones"),
        model=Attendance,
        date_field="session_date",
        value_field="attended_score",
        entity_path="session__entity",
        rules=_RATES,
        unit=Unit.PERCENTAGE,
    ),
    ValueSource(
        key=ADOPTION_RATE,
        label=_("Automático: tasa de adopción de la herramienta tras la capacitación"),
        model=Attendance,
        date_field="session_date",
        value_field="adopted_score",
        entity_path="session__entity",
        rules=_RATES,
        unit=Unit.PERCENTAGE,
    ),
)


def sources_register() -> None:
    """Register the sources of listening (ListeningConfig.ready; idempotent)."""
    for source in SOURCES:
        register_source(source)
