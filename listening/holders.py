"""The contacts listening stores, registered for the data subjects' rights (privacy.registry).
They are anonymised, never deleted: the suggestions, responses and attendance stay counted."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import ContactHolder, register_holder

HOLDERS = (
    ContactHolder(
        key="suggestion",
        label=_("Remitente de una sugerencia"),
        model="listening.Suggestion",
        entity_path="entity",
        email_field="contact_email",
        phone_field="contact_phone",
        personal_fields=("contact_name", "contact_email", "contact_phone"),
        context_fields=("received_at", "kind", "status"),
    ),
    ContactHolder(
        key="survey_response",
        label=_("Contacto de una respuesta de encuesta"),
        model="listening.SurveyResponse",
        entity_path="survey__entity",
        email_field="contact_email",
        phone_field=None,
        personal_fields=("contact_name", "contact_email"),
        context_fields=("survey", "submitted_at"),
    ),
    ContactHolder(
        key="attendance",
        label=_("Asistente a una capacitación"),
        model="listening.Attendance",
        entity_path="session__entity",
        email_field="email",
        phone_field=None,
        personal_fields=("name", "email", "area_name"),
        context_fields=("session", "attended", "adopted"),
    ),
)


def holders_register() -> None:
    for holder in HOLDERS:
        register_holder(holder)
