"""Writes of listening: suggestions (public and internal boxes, triage and answer by e-mail),
surveys (publishing, closing, responding) and trainings (attendance taken or imported).

Atomic; the press office's actions check who acts through plans.rules. A refusal is a Spanish
ValidationError keyed by the form field it concerns and changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from listening.enums import (
    DONE_STATUSES,
    QuestionKind,
    SuggestionOrigin,
    SuggestionStatus,
    SurveyStatus,
)
from listening.models import Answer, Attendance, Question, Suggestion, Survey, SurveyResponse, TrainingSession
from plans.models import Area, Entity, User
from plans.rules import require
from privacy.enums import ConsentMethod
from privacy.models import PrivacyNotice
from privacy.services import notice_current

CENT = Decimal("0.01")
# The order a suggestion moves in; it may skip ahead (new → answered) but never go back.
STATUS_ORDER = [SuggestionStatus.NEW, SuggestionStatus.IN_PROGRESS, SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED]


@dataclass(frozen=True)
class Contact:
    """A contact left in a public form, and the consent given for it (None when none was left)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    consent: bool = False

    @property
    def given(self) -> bool:
        return bool(self.email or self.phone)


def _consent_fields(*, contact: Contact, notice: PrivacyNotice | None, purpose: str, now: datetime) -> dict:
    """The consent columns of a contact; refuses a contact without consent or without a notice."""
    if not contact.given:
        return {}
    if notice is None:
        raise ValidationError(
            {
                "contact_email": _(
                    "La entidad no ha publicado su aviso de privacidad: no puede recibir datos de contacto."
                )
            }
        )
    if not contact.consent:
        raise ValidationError(
            {"consent": _("Para dejar un contacto, autorice el tratamiento de sus datos según el aviso de privacidad.")}
        )
    return {
        "consent_given_at": now,
        "consent_method": ConsentMethod.WEB_FORM,
        "consent_purpose": purpose,
        "consent_notice": notice,
    }


SUGGESTION_PURPOSE = "Recibir la respuesta a su mensaje del buzón de sugerencias."


@transaction.atomic
def suggestion_submit(
    *, entity: Entity, kind: str, text: str, contact: Contact, user: User | None = None, now: datetime | None = None
) -> Suggestion:
    """Record a suggestion: from the public box (``user`` None) or the internal one (a servant of
    the entity). A contact needs consent under the privacy notice in force."""
    now = now or timezone.now()
    if user is not None:
        require(user, "listening.send_suggestion", entity)
    if not text.strip():
        raise ValidationError({"text": _("Escriba su mensaje.")})
    consent = _consent_fields(
        contact=contact, notice=notice_current(entity_id=entity.pk), purpose=SUGGESTION_PURPOSE, now=now
    )
    return Suggestion.objects.create(
        entity=entity,
        origin=SuggestionOrigin.INTERNAL if user is not None else SuggestionOrigin.PUBLIC,
        kind=kind,
        text=text.strip(),
        contact_name=contact.name.strip() if contact.given else "",
        contact_email=contact.email.strip(),
        contact_phone=contact.phone.strip(),
        submitted_by=user,
        received_at=now,
        **consent,
    )


def _elapsed(start: datetime, end: datetime) -> tuple[Decimal, Decimal]:
    seconds = Decimal(max((end - start).total_seconds(), 0))
    return (seconds / 86400).quantize(CENT, ROUND_HALF_UP), (seconds / 3600).quantize(CENT, ROUND_HALF_UP)


def _answer_email(suggestion: Suggestion) -> bool:
    if not (suggestion.contact_email and suggestion.has_consent):
        return False
    subject = _("Respuesta a su mensaje n.º %(number)s — %(entity)s") % {
        "number": suggestion.pk,
        "entity": suggestion.entity.name,
    }
    body = _("Su mensaje:\n%(text)s\n\nNuestra respuesta:\n%(answer)s\n") % {
        "text": suggestion.text,
        "answer": suggestion.answer,
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [suggestion.contact_email])
    return True


@transaction.atomic
def suggestion_triage(
    *,
    user: User,
    suggestion: Suggestion,
    status: str,
    area: Area | None = None,
    answer: str = "",
    is_public: bool = False,
    now: datetime | None = None,
) -> Suggestion:
    """Move ``suggestion`` forward (new → in progress → answered / closed), assign its area, and
    answer it: the first answer stamps the time to answer and is e-mailed to the contact (after
    the commit). Only an answered suggestion may be published, without its contact."""
    require(user, "listening.triage_suggestions", suggestion)
    now = now or timezone.now()
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if STATUS_ORDER.index(status) < STATUS_ORDER.index(suggestion.status):
        raise ValidationError({"status": _("Una sugerencia no vuelve a un estado anterior.")})
    if area is not None and area.entity_id != suggestion.entity_id:
        raise ValidationError({"area": _("La dependencia es de otra entidad.")})
    answer = answer.strip()
    if status == SuggestionStatus.ANSWERED and not answer:
        raise ValidationError({"answer": _("Escriba la respuesta antes de marcarla como respondida.")})
    if is_public and not answer:
        raise ValidationError({"is_public": _("Solo se publica una sugerencia respondida.")})
    first_answer = bool(answer) and suggestion.answered_at is None and status in DONE_STATUSES
    suggestion.status, suggestion.area, suggestion.is_public = status, area, is_public
    if answer:
        suggestion.answer = answer
    if first_answer:
        suggestion.answered_at, suggestion.answered_by = now, user
        suggestion.days_to_answer, suggestion.hours_to_answer = _elapsed(suggestion.received_at, now)
    suggestion.save()
    if first_answer and suggestion.contact_email and suggestion.has_consent:
        pk = suggestion.pk

        def mail() -> None:
            sent = Suggestion.objects.select_related("entity").get(pk=pk)
            if _answer_email(sent):
                Suggestion.objects.filter(pk=pk).update(answer_emailed_at=timezone.now())

        transaction.on_commit(mail)
    return suggestion


# --- Surveys ------------------------------------------------------------------------------------------


@transaction.atomic
def survey_set_status(*, user: User, survey: Survey, status: str) -> Survey:
    """Publish (open) or close ``survey``; a survey opens only with at least one question."""
    require(user, "listening.manage_surveys", survey)
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise ValidationError({"status": _("Agregue al menos una pregunta antes de publicar la encuesta.")})
    survey.status = status
    survey.save(update_fields=["status"])
    return survey


def respondent_digest(*, survey: Survey, email: str) -> str:
    """An irreversible fingerprint of ``email`` under ``survey`` (HMAC with the site's secret):
    it tells a second response apart without keeping the address."""
    key = f"{settings.SECRET_KEY}:survey:{survey.pk}".encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def _satisfaction(questions: list[Question], values: dict[int, object]) -> tuple[Decimal | None, Decimal | None]:
    """The response's satisfaction: the mean of its scale answers on 0–100, and the share of them
    in the two highest points of their scale."""
    scores, top = [], 0
    for question in questions:
        value = values.get(question.pk)
        if question.kind != QuestionKind.SCALE or value in (None, ""):
            continue
        value = int(value)
        scores.append(Decimal(value - 1) * 100 / Decimal(question.scale_max - 1))
        top += value >= question.scale_max - 1
    if not scores:
        return None, None
    mean = (sum(scores) / len(scores)).quantize(CENT, ROUND_HALF_UP)
    return mean, (Decimal(top) * 100 / len(scores)).quantize(CENT, ROUND_HALF_UP)


SURVEY_PURPOSE = "Ser contactado sobre sus respuestas a la encuesta."


@transaction.atomic
def survey_respond(
    *,
    survey: Survey,
    values: dict[int, object],
    email: str = "",
    contact: Contact | None = None,
    now: datetime | None = None,
) -> SurveyResponse:
    """Record a response to an open survey: ``values`` by question id (a scale point, an option, a
    text). A survey of one response per person needs the respondent's e-mail, of which it keeps
    only a fingerprint; a contact is kept only with consent."""
    now = now or timezone.now()
    contact = contact or Contact()
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Esta encuesta no está recibiendo respuestas."))
    questions = list(survey.questions.all())
    digest = ""
    if survey.one_per_person:
        if not email.strip():
            raise ValidationError(
                {"respondent_email": _("Escriba su correo: esta encuesta admite una respuesta por persona.")}
            )
        digest = respondent_digest(survey=survey, email=email)
        if SurveyResponse.objects.filter(survey=survey, respondent_digest=digest).exists():
            raise ValidationError(
                {"respondent_email": _("Ya hay una respuesta con este correo. Gracias por participar.")}
            )
    consent = _consent_fields(
        contact=contact, notice=notice_current(entity_id=survey.entity_id), purpose=SURVEY_PURPOSE, now=now
    )
    satisfaction, top_share = _satisfaction(questions, values)
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                submitted_at=now,
                respondent_digest=digest,
                satisfaction=satisfaction,
                top_share=top_share,
                contact_name=contact.name.strip() if contact.given else "",
                contact_email=contact.email.strip(),
                **consent,
            )
    except IntegrityError:  # the same person answering twice at once
        raise ValidationError(
            {"respondent_email": _("Ya hay una respuesta con este correo. Gracias por participar.")}
        ) from None
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=question,
            scale_value=int(values[question.pk]) if question.kind == QuestionKind.SCALE else None,
            choice=str(values[question.pk]) if question.kind == QuestionKind.CHOICE else "",
            text=str(values[question.pk]) if question.kind == QuestionKind.TEXT else "",
        )
        for question in questions
        if values.get(question.pk) not in (None, "")
    )
    return response


# --- Trainings --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    name: str
    email: str = ""
    area_name: str = ""
    attended: bool = True
    adopted: bool | None = None


ATTENDANCE_PURPOSE = "Registrar la asistencia a la capacitación y su seguimiento."


@transaction.atomic
def attendance_update(*, user: User, session: TrainingSession, marks: dict[int, tuple[bool, bool | None]]) -> int:
    """Take attendance: ``marks`` gives, by attendance id, (attended, uses the tool). One save per
    row (the automatic indicators' marks see each). Return how many rows changed."""
    require(user, "listening.take_attendance", session)
    changed = 0
    for attendance in session.attendances.filter(pk__in=list(marks)):
        attended, adopted = marks[attendance.pk]
        if (attendance.attended, attendance.adopted) != (attended, adopted):
            attendance.attended, attendance.adopted = attended, adopted
            attendance.save()
            changed += 1
    return changed


@transaction.atomic
def attendance_add(
    *, user: User, session: TrainingSession, rows: list[AttendanceRow], now: datetime | None = None
) -> int:
    """Add people to the session's attendance (a sheet, or one by one): a person already listed by
    e-mail is updated, not repeated. A row with an e-mail carries the consent of the attendance
    sheet under the notice in force. Return how many rows were written."""
    require(user, "listening.take_attendance", session)
    now = now or timezone.now()
    notice = notice_current(entity_id=session.entity_id)
    existing = {a.email.lower(): a for a in session.attendances.exclude(email="")}
    written = 0
    for row in rows:
        attendance = existing.get(row.email.lower()) if row.email else None
        if attendance is None:
            attendance = Attendance(session=session)
        attendance.name, attendance.email, attendance.area_name = row.name, row.email, row.area_name
        attendance.attended, attendance.adopted = row.attended, row.adopted
        if row.email and not attendance.has_consent:
            attendance.consent_given_at, attendance.consent_method = now, ConsentMethod.ATTENDANCE
            attendance.consent_purpose, attendance.consent_notice = ATTENDANCE_PURPOSE, notice
        attendance.save()
        written += 1
    return written


def session_dates_sync(*, session: TrainingSession) -> None:
    """After a session's date changes, move its attendance with it (one save each: the figures of
    both months are marked)."""
    for attendance in session.attendances.exclude(session_date=session.date):
        attendance.save()
