"""Listening: the suggestion box, satisfaction surveys and trainings.

The automatic indicators read (listening/sources.py, keep the names and meaning):
``Suggestion.received_at``, ``answered_at``, ``days_to_answer``, ``hours_to_answer``, ``kind``;
``SurveyResponse.submitted_at``, ``satisfaction``, ``top_share``, ``survey__indicator``;
``Attendance.session_date``, ``attended``, ``attended_score``, ``adopted_score``.
The derived figures are written by listening.services with the row, never recomputed on read.

Every contact a citizen or a servant leaves carries its consent (privacy.ConsentRecord); a
request of the data subject blanks the contact and keeps the row, so the figures stay.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from listening.enums import QuestionKind, SuggestionKind, SuggestionOrigin, SuggestionStatus, SurveyStatus
from plans.models import Area, Audience, Entity
from plans.querysets import EntityScopedManager
from privacy.models import ConsentRecord

TEXT_MAX = 2000
MATERIAL_EXTENSIONS = ["pdf", "pptx", "ppt", "docx", "doc", "xlsx", "odt", "odp", "mp4", "png", "jpg"]


def _token() -> str:
    return secrets.token_urlsafe(12)


class Suggestion(ConsentRecord):
    """A suggestion, complaint, support request or praise left in the entity's box."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("entidad"))
    origin = models.CharField(_("buzón"), max_length=10, choices=SuggestionOrigin, default=SuggestionOrigin.PUBLIC)
    kind = models.CharField(_("tipo"), max_length=12, choices=SuggestionKind, default=SuggestionKind.SUGGESTION)
    text = models.TextField(_("mensaje"), max_length=TEXT_MAX)
    contact_name = models.CharField(_("nombre de contacto"), max_length=120, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=40, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enviada por (servidor)"),
    )
    received_at = models.DateTimeField(_("recibida el"), default=timezone.now)
    status = models.CharField(_("estado"), max_length=12, choices=SuggestionStatus, default=SuggestionStatus.NEW)
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("dependencia asignada"),
    )
    answer = models.TextField(_("respuesta"), max_length=TEXT_MAX, blank=True)
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
    )
    answer_emailed_at = models.DateTimeField(_("respuesta enviada por correo el"), null=True, blank=True)
    days_to_answer = models.DecimalField(
        _("días hasta la respuesta"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    hours_to_answer = models.DecimalField(
        _("horas hasta la respuesta"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    is_public = models.BooleanField(
        _("publicar con su respuesta"),
        default=False,
        help_text=_("Moderada por la oficina de prensa: se muestra sin datos de contacto en la página pública."),
    )

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("sugerencia")
        verbose_name_plural = _("sugerencias")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["entity", "status", "received_at"], name="listening_sugg_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="listening_suggestion_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return _("Sugerencia %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("listening:suggestion_detail", args=[self.pk])

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_email or self.contact_phone)


class Survey(models.Model):
    """A short satisfaction survey the press office publishes by link or QR code."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("entidad"))
    title = models.CharField(_("título"), max_length=200)
    intro = models.TextField(_("presentación"), blank=True, max_length=1000)
    audience = models.ForeignKey(
        Audience, on_delete=models.SET_NULL, null=True, blank=True, related_name="surveys", verbose_name=_("público")
    )
    status = models.CharField(_("estado"), max_length=10, choices=SurveyStatus, default=SurveyStatus.DRAFT)
    token = models.CharField(_("enlace"), max_length=32, unique=True, default=_token, editable=False)
    one_per_person = models.BooleanField(
        _("una respuesta por persona"),
        default=False,
        help_text=_(
            "Pide el correo a quien responde y guarda solo una huella irreversible de él, para "
            "rechazar una segunda respuesta."
        ),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("indicador que alimenta"),
        help_text=_("Un indicador de satisfacción con origen automático «encuesta» toma de aquí su valor."),
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("encuesta")
        verbose_name_plural = _("encuestas")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("listening:survey_results", args=[self.pk])

    def public_path(self) -> str:
        return reverse("listening:survey_answer", args=[self.token])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.indicator_id and self.entity_id and self.indicator.plan.entity_id != self.entity_id:
            raise ValidationError({"indicator": _("El indicador es de otra entidad.")})


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("encuesta"))
    order = models.PositiveIntegerField(_("orden"), default=0)
    text = models.CharField(_("pregunta"), max_length=300)
    kind = models.CharField(_("tipo"), max_length=8, choices=QuestionKind, default=QuestionKind.SCALE)
    scale_max = models.PositiveSmallIntegerField(
        _("máximo de la escala"), default=5, validators=[MinValueValidator(3), MaxValueValidator(10)]
    )
    options = models.TextField(_("opciones (una por línea)"), blank=True, help_text=_("Solo para la selección única."))
    required = models.BooleanField(_("obligatoria"), default=True)

    entity_path = "survey__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.kind == QuestionKind.CHOICE and len(self.option_list) < 2:
            raise ValidationError({"options": _("Una pregunta de selección única necesita al menos dos opciones.")})


class SurveyResponse(ConsentRecord):
    """One response to a survey: its answers and the satisfaction they give (0–100)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("encuesta"))
    submitted_at = models.DateTimeField(_("respondida el"), default=timezone.now)
    # HMAC of the respondent's e-mail under the survey (one response per person): not reversible.
    respondent_digest = models.CharField(_("huella de quien responde"), max_length=64, blank=True, editable=False)
    satisfaction = models.DecimalField(
        _("satisfacción (0 a 100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    top_share = models.DecimalField(
        _("respuestas en lo más alto de la escala (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    contact_name = models.CharField(_("nombre de contacto"), max_length=120, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)

    entity_path = "survey__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("respuesta de encuesta")
        verbose_name_plural = _("respuestas de encuestas")
        ordering = ["survey", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_digest"],
                condition=~Q(respondent_digest=""),
                name="listening_one_response_per_person",
            ),
        ]

    def __str__(self) -> str:
        return _("Respuesta %(number)s") % {"number": self.pk}


class Answer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("respuesta")
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("pregunta"))
    scale_value = models.PositiveSmallIntegerField(_("valor en la escala"), null=True, blank=True)
    choice = models.CharField(_("opción elegida"), max_length=300, blank=True)
    text = models.TextField(_("texto"), max_length=TEXT_MAX, blank=True)

    entity_path = "response__survey__entity"

    class Meta:
        verbose_name = _("respuesta a una pregunta")
        verbose_name_plural = _("respuestas a las preguntas")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="listening_answer_unique")]

    def __str__(self) -> str:
        return str(self.scale_value or self.choice or self.text[:40])


class TrainingSession(models.Model):
    """A training session (webinar, workshop) for the servants who adopt a new tool."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="training_sessions", verbose_name=_("entidad")
    )
    topic = models.CharField(_("tema"), max_length=200)
    tool = models.CharField(_("herramienta que se adopta"), max_length=160, blank=True)
    date = models.DateField(_("fecha"))
    audience = models.ForeignKey(
        Audience,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("público"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("dependencia que la dicta"),
    )
    trainer = models.CharField(_("capacitador"), max_length=160)
    place = models.CharField(_("lugar o enlace"), max_length=300, blank=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("sesión de capacitación")
        verbose_name_plural = _("sesiones de capacitación")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("listening:training_detail", args=[self.pk])


class Attendance(ConsentRecord):
    """A person invited to a session: whether they attended and, at the follow-up, whether they
    use the tool. ``session_date`` repeats the session's date (the month the figures place it)."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("sesión")
    )
    session_date = models.DateField(_("fecha de la sesión"), editable=False)
    name = models.CharField(_("nombre"), max_length=160)
    email = models.EmailField(_("correo electrónico"), blank=True)
    area_name = models.CharField(_("dependencia"), max_length=160, blank=True)
    attended = models.BooleanField(_("asistió"), default=False)
    adopted = models.BooleanField(
        _("usa la herramienta"), null=True, blank=True, help_text=_("En el seguimiento: vacío si aún no se sabe.")
    )
    attended_score = models.PositiveSmallIntegerField(editable=False, default=0)  # 100 or 0: its mean is the rate
    adopted_score = models.PositiveSmallIntegerField(editable=False, null=True)

    entity_path = "session__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("asistencia")
        verbose_name_plural = _("asistencias")
        ordering = ["session", "name", "pk"]

    def __str__(self) -> str:
        return self.name or _("(datos suprimidos)")

    def save(self, *args, **kwargs):
        # Derived columns the automatic indicators average; kept with the row.
        self.session_date = self.session.date
        self.attended_score = 100 if self.attended else 0
        self.adopted_score = None if self.adopted is None or not self.attended else (100 if self.adopted else 0)
        super().save(*args, **kwargs)


class TrainingMaterial(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="materials", verbose_name=_("sesión")
    )
    title = models.CharField(_("título"), max_length=200)
    file = models.FileField(
        _("archivo"),
        upload_to="capacitaciones/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(MATERIAL_EXTENSIONS)],
    )
    url = models.URLField(_("enlace"), blank=True)

    entity_path = "session__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materiales")
        ordering = ["session", "title"]

    def __str__(self) -> str:
        return self.title
