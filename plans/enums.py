"""Choices of the plans app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The three roles of an entity; each is a Django group created by a migration."""

    PRESS = "Prensa", _("Prensa")
    AREA_LEAD = "Líder de área", _("Líder de área")
    MANAGER = "Directivo", _("Directivo")


class EntityKind(models.TextChoices):
    MINISTRY = "ministerio", _("Ministerio")
    DEPARTMENT = "departamento", _("Departamento administrativo")
    GOVERNORSHIP = "gobernacion", _("Gobernación")
    CITY_HALL = "alcaldia", _("Alcaldía")
    AGENCY = "agencia", _("Agencia, superintendencia o unidad")
    OTHER = "otra", _("Otra")


class PlanStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    APPROVED = "aprobado", _("Aprobado")
    IN_EXECUTION = "en_ejecucion", _("En ejecución")
    CLOSED = "cerrado", _("Cerrado")


# Moves a person may make by editing a plan. Going back to draft is not one of them: it opens
# a new version of the plan (services.plan_open_new_version).
PLAN_TRANSITIONS: dict[str, set[str]] = {
    PlanStatus.DRAFT: {PlanStatus.APPROVED},
    PlanStatus.APPROVED: {PlanStatus.IN_EXECUTION},
    PlanStatus.IN_EXECUTION: {PlanStatus.CLOSED},
    PlanStatus.CLOSED: set(),
}


class ObjectiveKind(models.TextChoices):
    GENERAL = "general", _("General")
    SPECIFIC = "especifico", _("Específico")


class ComponentKind(models.TextChoices):
    EXTERNAL = "externa", _("Comunicación externa")
    INTERNAL = "interna", _("Comunicación interna")
    DIGITAL = "digital", _("Comunicación digital")
    CRISIS = "crisis", _("Comunicación de crisis")
    TRAINING = "capacitacion", _("Capacitación")
    PARTICIPATION = "participacion", _("Participación y retroalimentación")
    OTHER = "otro", _("Otro")


class Frequency(models.TextChoices):
    ONCE = "unica", _("Única vez")
    DAILY = "diaria", _("Diaria")
    WEEKLY = "semanal", _("Semanal")
    FORTNIGHTLY = "quincenal", _("Quincenal")
    MONTHLY = "mensual", _("Mensual")
    QUARTERLY = "trimestral", _("Trimestral")
    SEMIANNUAL = "semestral", _("Semestral")
    ANNUAL = "anual", _("Anual")
    PERMANENT = "permanente", _("Permanente")
    ON_DEMAND = "demanda", _("Según demanda")


class ActivityStatus(models.TextChoices):
    PLANNED = "planeada", _("Planeada")
    IN_PROGRESS = "en_curso", _("En curso")
    DONE = "completada", _("Completada")
    SUSPENDED = "suspendida", _("Suspendida")


class AudienceScope(models.TextChoices):
    INTERNAL = "interno", _("Interno")
    EXTERNAL = "externo", _("Externo")


class ChannelMode(models.TextChoices):
    ONLINE = "online", _("En línea (online)")
    OFFLINE = "offline", _("Convencional (offline)")


class ChannelLine(models.TextChoices):
    ATL = "atl", _("ATL (medios masivos)")
    BTL = "btl", _("BTL (medios directos)")
    NONE = "no_aplica", _("No aplica")


class ChannelScope(models.TextChoices):
    INTERNAL = "interno", _("Interno")
    EXTERNAL = "externo", _("Externo")
    BOTH = "ambos", _("Interno y externo")
