"""Demo listening for Cartagena's OAI plan: its privacy notice, a year of support requests and
suggestions in the box (answered faster as the tools are adopted), the monthly satisfaction
survey of the platforms and the support, and the monthly trainings with their attendance and
follow-up. Cartagena's «Tasa de adopción tecnológica», «Satisfacción de los usuarios», support
tickets and resolution time are switched to the automatic sources that count these records.

Everything goes through listening.services and privacy.services, as the web pages do. Seeded
random numbers: every run makes the same figures. Idempotent: a second run finds the survey by
its title and adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from indicators.enums import Aggregation
from indicators.models import Indicator
from listening import services, sources
from listening.enums import QuestionKind, SuggestionKind, SuggestionStatus, SurveyStatus
from listening.models import Question, Suggestion, Survey, TrainingSession
from plans import demo_registry
from plans.enums import Role
from plans.models import Area, Audience, Entity, User
from privacy.services import notice_current, notice_publish

CARTAGENA = "Alcaldía de Cartagena"
SURVEY_TITLE = "Satisfacción con las plataformas tecnológicas y el soporte de la OAI"
MONTHS = 12
# Cartagena's evaluation metrics (section 8 of its plan) and the sources that now feed them.
METRICS = {
    "MET-01": (sources.ADOPTION_RATE, Aggregation.AVERAGE),
    "MET-02": (sources.SURVEY_SATISFACTION, Aggregation.AVERAGE),
    "MET-03": (sources.SUPPORT_RECEIVED, Aggregation.SUM),
    "MET-04": (sources.SUPPORT_HOURS, Aggregation.AVERAGE),
}
NOTICE = (
    "La Alcaldía de Cartagena, responsable del tratamiento, usa los datos de contacto que usted "
    "deja en el buzón de sugerencias, en las encuestas y en las listas de asistencia solo para "
    "responderle y para registrar su participación (Ley 1581 de 2012, Decreto 1377 de 2013).\n\n"
    "Usted puede conocer, actualizar y suprimir sus datos, y revocar la autorización, escribiendo a "
    "la Oficina Asesora de Comunicaciones. La respuesta se da en los plazos de ley."
)
TOOLS = ["Correo institucional", "Gestor documental", "Intranet", "Mesa de ayuda en línea", "Firma electrónica"]
SUPPORT_TEXTS = [
    "No puedo entrar al correo institucional desde el celular.",
    "El gestor documental no me deja adjuntar archivos grandes.",
    "¿Cómo recupero la contraseña de la intranet?",
    "La impresora del piso 3 no aparece en la red.",
    "No me llegan las notificaciones de la mesa de ayuda.",
]
SUGGESTION_TEXTS = [
    "Sería útil un tutorial corto en video sobre la firma electrónica.",
    "Propongo que las capacitaciones queden grabadas en la intranet.",
    "Gracias al equipo de la OAI por la atención en la migración del correo.",
]


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    months = []
    for back in range(MONTHS - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(date(year, month + 1, 1))
    return months


def _metrics_switch(entity: Entity) -> int:
    switched = 0
    for indicator in Indicator.objects.filter(plan__entity=entity, code__in=METRICS):
        source, rule = METRICS[indicator.code]
        if (indicator.source, indicator.aggregation) != (source, rule):
            indicator.source, indicator.aggregation = source, rule
            indicator.save()
            switched += 1
    return switched


def _box(entity: Entity, press: User, months: list[date], rng: random.Random, now: datetime) -> None:
    area = Area.objects.filter(entity=entity, code="OAI").first() or Area.objects.filter(entity=entity).first()
    for index, month in enumerate(months):
        # Support requests fall as the tools are adopted; answers come faster.
        for n in range(max(4, 14 - index)):
            received = _moment(month + timedelta(days=rng.randrange(0, 27)), rng.randrange(7, 17))
            if received > now:
                continue
            kind = SuggestionKind.SUPPORT if n % 4 else SuggestionKind.SUGGESTION
            texts = SUPPORT_TEXTS if kind == SuggestionKind.SUPPORT else SUGGESTION_TEXTS
            contact = services.Contact()
            if n % 5 == 0:
                contact = services.Contact(
                    name=f"Servidor {index}-{n}", phone=f"300 555 {index:02d}{n:02d}", consent=True
                )
            suggestion = services.suggestion_submit(
                entity=entity, kind=kind, text=rng.choice(texts), contact=contact, now=received
            )
            hours = max(2, rng.gauss(48 - index * 3, 8))
            answered = received + timedelta(hours=hours)
            if answered < now - timedelta(days=1):
                services.suggestion_triage(
                    user=press,
                    suggestion=suggestion,
                    status=SuggestionStatus.ANSWERED,
                    area=area,
                    answer="Gracias por escribirnos. La Oficina Asesora de Informática atendió su solicitud.",
                    is_public=kind == SuggestionKind.SUGGESTION and n == 0,
                    now=answered,
                )


def _survey(entity: Entity, press: User, months: list[date], rng: random.Random, now: datetime) -> Survey:
    indicator = Indicator.objects.filter(plan__entity=entity, code="MET-02").first()
    survey = Survey.objects.create(
        entity=entity,
        title=SURVEY_TITLE,
        intro="Tres preguntas, un minuto. Sus respuestas ayudan a la OAI a mejorar las plataformas y el soporte.",
        audience=Audience.objects.filter(entity=entity, name="Servidores Públicos").first(),
        indicator=indicator,
    )
    Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                order=1,
                text="¿Qué tan satisfecho está con las plataformas tecnológicas?",
                kind=QuestionKind.SCALE,
            ),
            Question(
                survey=survey,
                order=2,
                text="¿Qué tan satisfecho está con el soporte de la mesa de ayuda?",
                kind=QuestionKind.SCALE,
            ),
            Question(
                survey=survey,
                order=3,
                text="¿Qué herramienta usa más?",
                kind=QuestionKind.CHOICE,
                options="\n".join(TOOLS),
                required=False,
            ),
            Question(survey=survey, order=4, text="¿Qué mejoraría?", kind=QuestionKind.TEXT, required=False),
        ]
    )
    services.survey_set_status(user=press, survey=survey, status=SurveyStatus.OPEN)
    questions = list(survey.questions.all())
    for index, month in enumerate(months):
        for _n in range(12):
            moment = _moment(month + timedelta(days=rng.randrange(0, 27)), rng.randrange(8, 18))
            if moment > now:
                continue
            # Satisfaction climbs through the year (3.2 → 4.4 of 5 on average).
            centre = 3.2 + index * 0.1
            values = {
                questions[0].pk: min(5, max(1, round(rng.gauss(centre, 0.8)))),
                questions[1].pk: min(5, max(1, round(rng.gauss(centre + 0.2, 0.8)))),
                questions[2].pk: rng.choice(TOOLS),
                questions[3].pk: "",
            }
            services.survey_respond(survey=survey, values=values, now=moment)
    return survey


def _trainings(entity: Entity, press: User, months: list[date], rng: random.Random, today: date) -> None:
    area = Area.objects.filter(entity=entity, code="OAI").first()
    audience = Audience.objects.filter(entity=entity, name="Servidores Públicos").first()
    for index, month in enumerate(months):
        day = month + timedelta(days=14)
        if day > today:
            continue
        tool = TOOLS[index % len(TOOLS)]
        session = TrainingSession.objects.create(
            entity=entity,
            topic=f"Taller: {tool}",
            tool=tool,
            date=day,
            audience=audience,
            area=area,
            trainer="Equipo de la Oficina Asesora de Informática",
            place="Sala de capacitación, edificio Cuartel del Fijo",
        )
        adoption = 0.45 + index * 0.035
        rows = []
        for person in range(20):
            attended = rng.random() < 0.7 + index * 0.02
            adopted = (rng.random() < adoption) if attended and day < today - timedelta(days=20) else None
            rows.append(
                services.AttendanceRow(
                    name=f"Participante {index + 1}.{person + 1}",
                    email=f"participante{index + 1}.{person + 1}@cartagena.example.gov.co",
                    area_name="Secretaría General",
                    attended=attended,
                    adopted=adopted,
                )
            )
        services.attendance_add(user=press, session=session, rows=rows)


@transaction.atomic
def listening_demo_load(*, now: datetime | None = None) -> int:
    """Load Cartagena's listening demo (once) and return how many survey responses it made."""
    now = now or timezone.now()
    entity = Entity.objects.filter(name=CARTAGENA).first()
    press = User.objects.filter(entity=entity, groups__name=Role.PRESS).order_by("pk").first() if entity else None
    if entity is None or press is None:
        return 0
    _metrics_switch(entity)
    if notice_current(entity_id=entity.pk) is None:
        notice_publish(user=press, entity=entity, title="Aviso de privacidad", text=NOTICE)
    if Survey.objects.filter(entity=entity, title=SURVEY_TITLE).exists():
        return 0
    rng = random.Random(1581)  # noqa: S311  # demo figures, not security
    months = _months(timezone.localdate(now))
    _box(entity, press, months, rng, now)
    survey = _survey(entity, press, months, rng, now)
    _trainings(entity, press, months, rng, timezone.localdate(now))
    return survey.responses.count()


def _demo_load() -> str:
    responses = listening_demo_load()
    received = Suggestion.objects.filter(entity__name=CARTAGENA).count()
    return f"Escucha de demostración (Cartagena): {responses} respuestas nuevas, {received} mensajes en el buzón."


# After the history (20) and logs (30), before the automatic roll-up (70) that counts this.
demo_registry.register("listening", order=65, load=_demo_load)
