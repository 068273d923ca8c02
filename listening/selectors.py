"""Reads of listening: the suggestion box with its response times, survey results, trainings.
Every fetch by id goes through the user's scope (another entity's object is a 404)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.http import Http404

from listening.enums import QuestionKind, SuggestionStatus, SurveyStatus
from listening.models import Answer, Attendance, Suggestion, Survey, SurveyResponse, TrainingSession
from plans.models import User


def _get(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def suggestion_list_for_user(*, user: User, status: str = "", kind: str = "") -> QuerySet[Suggestion]:
    suggestions = Suggestion.objects.for_user(user).select_related("area")
    if status:
        suggestions = suggestions.filter(status=status)
    if kind:
        suggestions = suggestions.filter(kind=kind)
    return suggestions


def suggestions_new_count(*, user: User) -> int:
    """Return how many suggestions of ``user``'s entity wait for triage (new): the press
    office's worklist. One query."""
    return Suggestion.objects.for_user(user).filter(status=SuggestionStatus.NEW).count()


def suggestion_get_for_user(*, user: User, suggestion_id: int) -> Suggestion:
    return _get(
        Suggestion.objects.for_user(user).select_related("entity", "area", "answered_by", "consent_notice"),
        suggestion_id,
    )


def suggestion_times(*, user: User) -> dict:
    """The box's figures in one query: received, open, answered, mean and longest days to answer,
    and the oldest open one's reception."""
    return Suggestion.objects.for_user(user).aggregate(
        received=Count("pk"),
        open=Count("pk", filter=Q(status__in=[SuggestionStatus.NEW, SuggestionStatus.IN_PROGRESS])),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        mean_days=Avg("days_to_answer"),
        max_days=Max("days_to_answer"),
        oldest_open=Min("received_at", filter=Q(status__in=[SuggestionStatus.NEW, SuggestionStatus.IN_PROGRESS])),
    )


def suggestions_public(*, entity_id: int) -> QuerySet[Suggestion]:
    """The suggestions the press office chose to publish with their answer (no contact shown)."""
    return (
        Suggestion.objects.filter(entity_id=entity_id, is_public=True)
        .exclude(answer="")
        .only("pk", "kind", "text", "answer", "received_at", "answered_at")
    )


def survey_list_for_user(*, user: User) -> QuerySet[Survey]:
    return (
        Survey.objects.for_user(user)
        .select_related("audience", "indicator")
        .annotate(response_count=Count("responses"))
        # Meta.ordering does not apply to an aggregated query: the pages need a stable order.
        .order_by("-created_at", "-pk")
    )


def survey_get_for_user(*, user: User, survey_id: int) -> Survey:
    return _get(Survey.objects.for_user(user).select_related("entity", "audience", "indicator"), survey_id)


def survey_get_open(*, token: str) -> Survey:
    """The survey behind a public link; a draft is not found, a closed one says so."""
    survey = Survey.objects.filter(token=token).exclude(status=SurveyStatus.DRAFT).select_related("entity").first()
    if survey is None:
        raise Http404
    return survey


@dataclass
class QuestionResult:
    question: object
    rows: list[tuple[str, int, Decimal]] = field(default_factory=list)  # (label, count, percent)
    answered: int = 0
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def chart_id(self) -> str:
        return f"pregunta-{self.question.pk}-datos"

    @property
    def chart(self) -> dict:
        return {
            "type": "bar",
            "indexAxis": "y",
            "unit": "",
            "labels": [label for label, _count, _percent in self.rows],
            "datasets": [{"label": str(self.question.text), "data": [count for _label, count, _percent in self.rows]}],
        }


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP) if whole else Decimal(0)


def survey_results(*, survey: Survey) -> dict:
    """The results of ``survey``: responses, mean satisfaction and share at the top, and per
    question its distribution (scale and choice) or its texts. Three queries."""
    questions = list(survey.questions.all())
    totals = SurveyResponse.objects.filter(survey=survey).aggregate(
        responses=Count("pk"), satisfaction=Avg("satisfaction"), top_share=Avg("top_share")
    )
    counts: dict[int, Counter] = {q.pk: Counter() for q in questions}
    texts: dict[int, list[str]] = {q.pk: [] for q in questions}
    for question_id, scale, choice, text in Answer.objects.filter(response__survey=survey).values_list(
        "question_id", "scale_value", "choice", "text"
    ):
        if text:
            texts[question_id].append(text)
        else:
            counts[question_id][str(scale) if scale is not None else choice] += 1
    results = []
    for question in questions:
        counter = counts[question.pk]
        answered = sum(counter.values()) or len(texts[question.pk])
        result = QuestionResult(question=question, answered=answered, texts=texts[question.pk])
        if question.kind == QuestionKind.SCALE:
            labels = [str(n) for n in range(1, question.scale_max + 1)]
            total = sum(int(label) * counter[label] for label in labels)
            result.mean = (Decimal(total) / answered).quantize(Decimal("0.01"), ROUND_HALF_UP) if answered else None
        elif question.kind == QuestionKind.CHOICE:
            labels = question.option_list
        else:
            labels = []
        result.rows = [(label, counter[label], _percent(counter[label], answered)) for label in labels]
        results.append(result)
    return {**totals, "questions": results}


def survey_export_rows(*, survey: Survey) -> tuple[list[str], list[list]]:
    """The responses as a table: one row per response, one column per question (no contact)."""
    questions = list(survey.questions.all())
    header = ["respuesta", "fecha", "satisfaccion_0_100", *[q.text for q in questions]]
    answers: dict[int, dict[int, object]] = {}
    for response_id, question_id, scale, choice, text in Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "scale_value", "choice", "text"
    ):
        answers.setdefault(response_id, {})[question_id] = scale if scale is not None else (choice or text)
    rows = []
    for response in SurveyResponse.objects.filter(survey=survey).order_by("submitted_at", "pk"):
        given = answers.get(response.pk, {})
        rows.append(
            [response.pk, response.submitted_at, response.satisfaction, *[given.get(q.pk, "") for q in questions]]
        )
    return header, rows


def training_list_for_user(*, user: User) -> QuerySet[TrainingSession]:
    sessions = TrainingSession.objects.for_user(user).select_related("area", "audience")
    if not (user.is_press or user.is_manager) and user.is_area_lead:
        sessions = sessions.filter(area_id=user.area_id)
    return sessions.annotate(
        invited=Count("attendances"),
        present=Count("attendances", filter=Q(attendances__attended=True)),
        adopted_count=Count("attendances", filter=Q(attendances__adopted=True)),
    ).order_by("-date", "-pk")  # Meta.ordering does not apply to an aggregated query


def training_get_for_user(*, user: User, session_id: int) -> TrainingSession:
    return _get(TrainingSession.objects.for_user(user).select_related("entity", "area", "audience"), session_id)


def training_attendance(*, session: TrainingSession) -> list[Attendance]:
    return list(session.attendances.all())
