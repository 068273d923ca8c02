"""Personal data under Ley 1581 de 2012 (habeas data).

- ``PrivacyNotice``: the entity's privacy notice (aviso de privacidad), in numbered versions the
  press office publishes; every consent names the version the person accepted.
- ``ConsentRecord``: the abstract fields every stored contact carries (when, how, for what
  purpose, under which notice version). Crisis contacts, suggestion senders, survey
  respondents, training attendees and the distribution lists use it.
- ``ContactList`` and ``ListContact``: the press office's distribution lists.
- ``RightsRequest``: the log of the data subjects' requests attended (what was asked, when,
  how many records it touched), without the person's data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Entity
from plans.querysets import EntityScopedManager
from privacy.enums import ConsentMethod, RightsRequestKind


class PrivacyNotice(models.Model):
    """A version of the entity's privacy notice; the newest is the one in force."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="privacy_notices", verbose_name=_("entidad")
    )
    version = models.PositiveIntegerField(_("versión"))
    title = models.CharField(_("título"), max_length=200, default=_("Aviso de privacidad"))
    text = models.TextField(
        _("texto"),
        help_text=_(
            "Quién es el responsable del tratamiento, para qué se usan los datos, los derechos del "
            "titular y cómo ejercerlos (Ley 1581 de 2012 y Decreto 1377 de 2013)."
        ),
    )
    published_at = models.DateTimeField(_("publicado el"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicado por"),
    )

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("aviso de privacidad")
        verbose_name_plural = _("avisos de privacidad")
        ordering = ["entity", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "version"], name="privacy_notice_version_unique"),
        ]

    def __str__(self) -> str:
        return _("%(title)s, versión %(version)s") % {"title": self.title, "version": self.version}

    def get_absolute_url(self) -> str:
        return reverse("privacy:notice", args=[self.entity_id])


class ConsentRecord(models.Model):
    """The consent a stored contact carries. Abstract: each holder has its own columns, so that
    erasing the contact erases its consent with it and nothing joins across apps."""

    consent_given_at = models.DateTimeField(_("consentimiento otorgado el"), null=True, blank=True)
    consent_method = models.CharField(_("medio del consentimiento"), max_length=12, choices=ConsentMethod, blank=True)
    consent_purpose = models.CharField(
        _("finalidad autorizada"),
        max_length=300,
        blank=True,
        help_text=_("Para qué autorizó la persona el uso de sus datos."),
    )
    consent_notice = models.ForeignKey(
        PrivacyNotice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versión del aviso de privacidad"),
    )

    class Meta:
        abstract = True

    @property
    def has_consent(self) -> bool:
        return bool(self.consent_given_at and self.consent_method and self.consent_purpose)

    def consent_errors(self, *, has_contact: bool) -> dict[str, str]:
        """The fields a contact needs to be stored: all of the consent when it has one."""
        if not has_contact:
            return {}
        errors = {}
        if not self.consent_given_at:
            errors["consent_given_at"] = _("Indique cuándo autorizó la persona el tratamiento de sus datos.")
        if not self.consent_method:
            errors["consent_method"] = _("Indique cómo autorizó la persona el tratamiento de sus datos.")
        if not self.consent_purpose:
            errors["consent_purpose"] = _("Indique para qué autorizó la persona el uso de sus datos.")
        return errors


class ContactList(models.Model):
    """A distribution list of the press office (journalists, community leaders, allies)."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="contact_lists", verbose_name=_("entidad")
    )
    name = models.CharField(_("nombre"), max_length=160)
    purpose = models.CharField(_("para qué se usa"), max_length=300)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("lista de distribución")
        verbose_name_plural = _("listas de distribución")
        ordering = ["entity", "name"]
        constraints = [models.UniqueConstraint(fields=["entity", "name"], name="privacy_contact_list_unique")]

    def __str__(self) -> str:
        return self.name


class ListContact(ConsentRecord):
    """A person on a distribution list, with the consent that allows keeping them there."""

    contact_list = models.ForeignKey(
        ContactList, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("lista")
    )
    name = models.CharField(_("nombre"), max_length=160)
    organization = models.CharField(_("organización o medio"), max_length=160, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)

    entity_path = "contact_list__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("contacto de la lista")
        verbose_name_plural = _("contactos de la lista")
        ordering = ["contact_list", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="privacy_list_contact_has_phone_or_email",
                violation_error_message=_("Indique un teléfono o un correo electrónico."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not self.phone and not self.email:
            errors["phone"] = _("Indique un teléfono o un correo electrónico.")
        errors.update(self.consent_errors(has_contact=True))
        if errors:
            raise ValidationError(errors)


class RightsRequest(models.Model):
    """A request of a data subject the press office attended. It keeps what was done, never
    who asked: the person's data are what the request may have deleted."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="rights_requests", verbose_name=_("entidad")
    )
    kind = models.CharField(_("derecho ejercido"), max_length=12, choices=RightsRequestKind)
    handled_at = models.DateTimeField(_("atendida el"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("atendida por")
    )
    records = models.PositiveIntegerField(_("registros encontrados"), default=0)
    note = models.CharField(_("observación"), max_length=300, blank=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("solicitud del titular")
        verbose_name_plural = _("solicitudes de los titulares")
        ordering = ["-handled_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.handled_at:%Y-%m-%d}"
