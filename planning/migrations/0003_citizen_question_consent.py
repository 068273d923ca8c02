"""A citizen question's consent becomes a full consent record (when, how, for what, under
which notice), as every other stored contact's: a question that kept a name or an e-mail with
the old checkbox gets its time, the web form, the purpose and the notice in force then; a name
left without the checkbox is blanked."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


QUESTION_PURPOSE = "Responder su pregunta sobre la rendición de cuentas."


def consent_carry_over(apps, schema_editor):
    CitizenQuestion = apps.get_model("planning", "CitizenQuestion")
    PrivacyNotice = apps.get_model("privacy", "PrivacyNotice")
    for question in CitizenQuestion.objects.filter(consent=True).select_related("accountability__plan"):
        question.consent_given_at = question.created_at
        question.consent_method = "formulario"
        question.consent_purpose = QUESTION_PURPOSE
        question.consent_notice = (
            PrivacyNotice.objects.filter(
                entity_id=question.accountability.plan.entity_id, published_at__lte=question.created_at
            )
            .order_by("-version")
            .first()
        )
        question.save(update_fields=["consent_given_at", "consent_method", "consent_purpose", "consent_notice"])
    # A name left without consent is not kept (the new rule: a name or an e-mail only with it).
    CitizenQuestion.objects.filter(consent=False).exclude(name="").update(name="")


def consent_carry_back(apps, schema_editor):
    CitizenQuestion = apps.get_model("planning", "CitizenQuestion")
    CitizenQuestion.objects.exclude(consent_given_at=None).update(consent=True)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_secretary_group_and_typed_approvals"),
        ("privacy", "0002_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="citizenquestion",
            name="question_email_needs_consent",
        ),
        migrations.AddField(
            model_name="citizenquestion",
            name="consent_given_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="consentimiento otorgado el"),
        ),
        migrations.AddField(
            model_name="citizenquestion",
            name="consent_method",
            field=models.CharField(
                blank=True,
                choices=[
                    ("formulario", "Casilla marcada en un formulario web"),
                    ("escrito", "Por escrito (formato firmado)"),
                    ("verbal", "Verbal (llamada o presencial, con registro)"),
                    ("correo", "Por correo electrónico"),
                    ("asistencia", "Lista de asistencia con autorización"),
                ],
                max_length=12,
                verbose_name="medio del consentimiento",
            ),
        ),
        migrations.AddField(
            model_name="citizenquestion",
            name="consent_notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="privacy.privacynotice",
                verbose_name="versión del aviso de privacidad",
            ),
        ),
        migrations.AddField(
            model_name="citizenquestion",
            name="consent_purpose",
            field=models.CharField(
                blank=True,
                help_text="Para qué autorizó la persona el uso de sus datos.",
                max_length=300,
                verbose_name="finalidad autorizada",
            ),
        ),
        migrations.RunPython(consent_carry_over, consent_carry_back),
        migrations.RemoveField(
            model_name="citizenquestion",
            name="consent",
        ),
        migrations.AddConstraint(
            model_name="citizenquestion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("email", ""), ("name", "")), ("consent_given_at__isnull", False), _connector="OR"
                ),
                name="question_contact_needs_consent",
            ),
        ),
    ]
