"""The communications plan: entities, areas, users, plans and their structure."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.enums import (
    PLAN_TRANSITIONS,
    ActivityStatus,
    AudienceScope,
    ChannelLine,
    ChannelMode,
    ChannelScope,
    ComponentKind,
    EntityKind,
    Frequency,
    ObjectiveKind,
    PlanStatus,
    Role,
)
from plans.querysets import EntityScopedManager, EntityScopedQuerySet


class Entity(models.Model):
    """A public entity: a ministry, a governorship, a city hall."""

    name = models.CharField(_("nombre"), max_length=200, unique=True)
    short_name = models.CharField(
        _("sigla o nombre corto"), max_length=60, blank=True, help_text=_("Por ejemplo: MinTIC.")
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=EntityKind, default=EntityKind.OTHER)
    nit = models.CharField(_("NIT"), max_length=20, blank=True)
    department = models.CharField(_("departamento"), max_length=80, blank=True)
    municipality = models.CharField(_("municipio"), max_length=80, blank=True)
    supervised_entities = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="supervisors",
        verbose_name=_("entidades que sigue"),
        help_text=_(
            "Entidades cuyo avance compara esta entidad en su tablero (una gobernación y sus "
            "municipios, MinTIC y las alcaldías que acompaña). Solo ve cifras agregadas."
        ),
    )

    entity_path = "pk"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("entidad")
        verbose_name_plural = _("entidades")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Area(models.Model):
    """A dependencia of an entity (Talento Humano, TI, Despacho…); area leads belong to one."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="areas", verbose_name=_("entidad"))
    name = models.CharField(_("nombre"), max_length=200)
    code = models.CharField(_("código"), max_length=20, blank=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("dependencia")
        verbose_name_plural = _("dependencias")
        ordering = ["entity", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="area_unique_name_per_entity"),
        ]

    def __str__(self) -> str:
        return self.name


class UserQuerySet(EntityScopedQuerySet):
    def with_role(self, role: Role) -> UserQuerySet:
        return self.filter(groups__name=role)


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


def person_name(username: str | None, first_name: str | None, last_name: str | None) -> str:
    """How the pages name a person: the full name, else the username (the templates'
    ``get_full_name|default:username``), from the columns alone, for pages that read them as
    plain values. Empty for nobody (an optional user left blank)."""
    return f"{first_name or ''} {last_name or ''}".strip() or username or ""


class User(AbstractUser):
    """A person who signs in. Every user but a superuser belongs to an entity."""

    entity = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("entidad"),
        help_text=_("Obligatoria salvo para superusuarios."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("dependencia"),
        help_text=_("Obligatoria para los líderes de área."),
    )

    entity_path = "entity"
    objects = ScopedUserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("usuario")
        verbose_name_plural = _("usuarios")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(entity__isnull=False),
                name="user_has_entity_unless_superuser",
                violation_error_message=_("Todo usuario que no es superusuario pertenece a una entidad."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.area_id and self.entity_id and self.area.entity_id != self.entity_id:
            raise ValidationError({"area": _("La dependencia debe ser de la entidad del usuario.")})

    @property
    def roles(self) -> set[str]:
        # Cached per instance: the role is read several times per request (menu, home, scope).
        if not hasattr(self, "_roles"):
            self._roles = set(self.groups.values_list("name", flat=True))
        return self._roles

    @property
    def is_press(self) -> bool:
        return self.is_superuser or Role.PRESS in self.roles

    @property
    def is_area_lead(self) -> bool:
        return Role.AREA_LEAD in self.roles

    @property
    def is_manager(self) -> bool:
        return Role.MANAGER in self.roles


class Audience(models.Model):
    """A público objetivo / destinatario / segmento of an entity, with its key message."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="audiences", verbose_name=_("entidad"))
    name = models.CharField(_("nombre"), max_length=200)
    scope = models.CharField(_("tipo"), max_length=10, choices=AudienceScope)
    description = models.TextField(_("descripción"), blank=True)
    key_message = models.TextField(
        _("mensaje clave"), blank=True, help_text=_("En qué deben enfocarse los mensajes para este público.")
    )

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("público objetivo")
        verbose_name_plural = _("públicos objetivo")
        ordering = ["entity", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="audience_unique_name_per_entity"),
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.Model):
    """A medio / canal: correo, intranet, cartelera, emisora, redes sociales, prensa…"""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="channels", verbose_name=_("entidad"))
    name = models.CharField(_("nombre"), max_length=200)
    mode = models.CharField(_("modalidad"), max_length=10, choices=ChannelMode)
    line = models.CharField(_("línea"), max_length=10, choices=ChannelLine, default=ChannelLine.NONE)
    scope = models.CharField(_("alcance"), max_length=10, choices=ChannelScope)
    description = models.TextField(_("descripción"), blank=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("medio o canal")
        verbose_name_plural = _("medios y canales")
        ordering = ["entity", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="channel_unique_name_per_entity"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(EntityScopedQuerySet):
    def in_execution(self) -> PlanQuerySet:
        return self.filter(status=PlanStatus.IN_EXECUTION)


class Plan(models.Model):
    """A Plan Estratégico de Comunicaciones of an entity for a vigencia."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="plans", verbose_name=_("entidad"))
    title = models.CharField(_("título"), max_length=300)
    vigencia_start = models.DateField(_("inicio de la vigencia"))
    vigencia_end = models.DateField(_("fin de la vigencia"))
    status = models.CharField(_("estado"), max_length=20, choices=PlanStatus, default=PlanStatus.DRAFT)
    version = models.PositiveIntegerField(
        _("versión"), default=1, help_text=_("Aumenta cada vez que un plan aprobado vuelve a borrador.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aligned_plans",
        verbose_name=_("plan al que se alinea"),
        help_text=_("Por ejemplo, el plan general de comunicaciones de la alcaldía."),
    )
    general_objective = models.TextField(_("objetivo general"), blank=True)
    justification = models.TextField(_("justificación"), blank=True)
    scope = models.TextField(_("alcance"), blank=True)
    diagnosis = models.TextField(_("diagnóstico"), blank=True)
    policy = models.TextField(_("política de comunicación"), blank=True)
    normative_references = models.TextField(_("normatividad"), blank=True)
    definitions = models.TextField(_("definiciones"), blank=True)
    approved_on = models.DateField(_("fecha de aprobación"), null=True, blank=True)
    approval_body = models.CharField(
        _("instancia que aprueba"),
        max_length=200,
        blank=True,
        help_text=_("Por ejemplo: Comité Institucional de Gestión y Desempeño."),
    )
    approval_act = models.CharField(
        _("acta o acto de aprobación"), max_length=200, blank=True, help_text=_("Por ejemplo: Acta n.º 32 de 2019.")
    )

    threshold_on_track = models.DecimalField(
        _("umbral «al día» (%)"),
        max_digits=5,
        decimal_places=2,
        default=90,
        help_text=_("Cumplimiento desde el cual un indicador está al día."),
    )
    threshold_at_risk = models.DecimalField(
        _("umbral «en riesgo» (%)"),
        max_digits=5,
        decimal_places=2,
        default=70,
        help_text=_("Cumplimiento desde el cual un indicador está en riesgo; por debajo, atrasado."),
    )
    is_public = models.BooleanField(
        _("Publicar en la página de transparencia"),
        default=False,
        help_text=_(
            "Muestra sin inicio de sesión el resumen del plan, sus componentes y los resultados de sus "
            "indicadores, con sus datos abiertos (CSV y JSON). Nunca muestra personas, registros ni evidencias."
        ),
    )

    history = HistoricalRecords(verbose_name=_("histórico de plan"))

    entity_path = "entity"
    objects = EntityScopedManager.from_queryset(PlanQuerySet)()

    class Meta:
        verbose_name = _("plan de comunicaciones")
        verbose_name_plural = _("planes de comunicaciones")
        permissions = [("import_plan", _("Puede importar planes desde una hoja de cálculo"))]
        ordering = ["entity", "-vigencia_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vigencia_end__gt=F("vigencia_start")),
                name="plan_vigencia_end_after_start",
                violation_error_message=_("El fin de la vigencia debe ser posterior a su inicio."),
            ),
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT) | (Q(approved_on__isnull=False) & ~Q(approval_body="")),
                name="plan_approved_has_approval_record",
                violation_error_message=_(
                    "Un plan aprobado necesita la fecha de aprobación y la instancia que lo aprobó."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.vigencia_start.year}–{self.vigencia_end.year})"

    def get_absolute_url(self) -> str:
        return reverse("indicators:plan_matrix", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remember the stored status so that clean() can check the transition.
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if self.vigencia_start and self.vigencia_end and self.vigencia_end <= self.vigencia_start:
            errors.setdefault("vigencia_end", []).append(_("El fin de la vigencia debe ser posterior a su inicio."))
        if self.status != PlanStatus.DRAFT:
            if not self.approved_on:
                errors.setdefault("approved_on", []).append(
                    _("Indique la fecha de aprobación: el plan no está en borrador.")
                )
            if not self.approval_body:
                errors.setdefault("approval_body", []).append(_("Indique la instancia que aprobó el plan."))
        previous = getattr(self, "_loaded_status", None)
        if previous and previous != self.status and self.status not in PLAN_TRANSITIONS[previous]:
            errors.setdefault("status", []).append(
                _("Un plan no puede pasar de «%(old)s» a «%(new)s».")
                % {"old": PlanStatus(previous).label, "new": PlanStatus(self.status).label}
            )
        if (
            self.threshold_at_risk is not None
            and self.threshold_on_track is not None
            and not 0 <= self.threshold_at_risk <= self.threshold_on_track <= 100
        ):
            errors.setdefault("threshold_at_risk", []).append(
                _("Los umbrales van de 0 a 100 y «en riesgo» no supera «al día».")
            )
        if self.parent_id and self.parent_id == self.pk:
            errors.setdefault("parent", []).append(_("Un plan no puede alinearse consigo mismo."))
        if errors:
            raise ValidationError(errors)

    def contains_period(self, start, end) -> bool:
        """Return whether the period [start, end] lies within the vigencia."""
        return self.vigencia_start <= start and end <= self.vigencia_end


class Objective(models.Model):
    """A general or specific objective of a plan, in the plan's order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("plan"))
    kind = models.CharField(_("tipo"), max_length=12, choices=ObjectiveKind, default=ObjectiveKind.SPECIFIC)
    text = models.TextField(_("texto"))
    order = models.PositiveIntegerField(_("orden"), default=0)

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("objetivo")
        verbose_name_plural = _("objetivos")
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Component(models.Model):
    """A component of a plan: comunicación externa, interna, digital, or another it names."""

    plan = models.ForeignKey(
        # Cascades only when nothing measures the plan: indicators protect their plan.
        Plan,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("plan"),
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=ComponentKind)
    name = models.CharField(_("nombre"), max_length=200)
    objective = models.TextField(_("objetivo del componente"), blank=True)
    description = models.TextField(_("descripción"), blank=True)
    order = models.PositiveIntegerField(_("orden"), default=0)
    weight = models.DecimalField(
        _("peso"),
        max_digits=6,
        decimal_places=2,
        default=1,
        help_text=_("Peso del componente en el avance del plan."),
    )

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("componente")
        verbose_name_plural = _("componentes")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="component_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class Responsibility(models.Model):
    """One line of a component's responsibilities (the left column of the MinTIC matrix)."""

    component = models.ForeignKey(
        Component,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("componente"),
    )
    text = models.TextField(_("texto"))
    order = models.PositiveIntegerField(_("orden"), default=0)

    entity_path = "component__plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("responsabilidad")
        verbose_name_plural = _("responsabilidades")
        ordering = ["component", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Activity(models.Model):
    """An actividad / acción of a component, carried out by one or more areas."""

    component = models.ForeignKey(
        # Cascades only when nothing measures the activity: indicators protect their activity.
        Component,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("componente"),
    )
    name = models.CharField(_("nombre"), max_length=500)
    responsibility = models.ForeignKey(
        # Optional: the seed matrices pair most activities with the responsibility they carry
        # out, not all. Deleting a responsibility keeps its activities.
        Responsibility,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("responsabilidad"),
        help_text=_("La responsabilidad del componente que cumple esta actividad, como en la matriz del plan."),
    )
    description = models.TextField(_("descripción"), blank=True)
    responsible_areas = models.ManyToManyField(
        Area, blank=True, related_name="activities", verbose_name=_("dependencias responsables")
    )
    responsible_text = models.TextField(
        _("responsable (rol)"),
        blank=True,
        help_text=_("Como lo dice el plan: «Administrador del sitio web y encargado de comunicaciones»."),
    )
    tactics = models.TextField(_("tácticas y recursos"), blank=True)
    audiences = models.ManyToManyField(
        Audience, blank=True, related_name="activities", verbose_name=_("públicos objetivo")
    )
    channels = models.ManyToManyField(
        Channel, blank=True, related_name="activities", verbose_name=_("medios y canales")
    )
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de fin"), null=True, blank=True)
    frequency = models.CharField(_("frecuencia"), max_length=12, choices=Frequency, default=Frequency.MONTHLY)
    status = models.CharField(_("estado"), max_length=12, choices=ActivityStatus, default=ActivityStatus.PLANNED)
    order = models.PositiveIntegerField(_("orden"), default=0)
    weight = models.DecimalField(
        _("peso"),
        max_digits=6,
        decimal_places=2,
        default=1,
        help_text=_("Peso de la actividad en el avance de su componente."),
    )

    history = HistoricalRecords(
        verbose_name=_("histórico de actividad"),
        m2m_fields=[responsible_areas, audiences, channels],
    )

    entity_path = "component__plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("actividad")
        verbose_name_plural = _("actividades")
        ordering = ["component__plan", "component__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_end_not_before_start",
                violation_error_message=_("La fecha de fin no puede ser anterior a la de inicio."),
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="activity_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("La fecha de fin no puede ser anterior a la de inicio.")
        if self.responsibility_id and self.component_id and self.responsibility.component_id != self.component_id:
            errors["responsibility"] = _("La responsabilidad debe ser del mismo componente que la actividad.")
        plan = self.component.plan if self.component_id else None
        if plan:
            for field in ("start_date", "end_date"):
                value = getattr(self, field)
                if value and not plan.vigencia_start <= value <= plan.vigencia_end:
                    errors[field] = _("La fecha debe estar dentro de la vigencia del plan (%(start)s – %(end)s).") % {
                        "start": date_format(plan.vigencia_start, "SHORT_DATE_FORMAT"),
                        "end": date_format(plan.vigencia_end, "SHORT_DATE_FORMAT"),
                    }
        if errors:
            raise ValidationError(errors)
