"""The press office's back office for entities, areas, audiences, channels and plans.

Activities are registered by the indicators app, whose admin edits their indicators inline.
"""

from __future__ import annotations

import nested_admin
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from plans.admin_scoping import EntityScopedAdmin, EntityScopedHistoryAdmin, EntityScopedMixin
from plans.enums import Role
from plans.models import (
    Area,
    Audience,
    Channel,
    Component,
    Entity,
    Objective,
    Plan,
    Responsibility,
    User,
)
from plans.rules import allows
from plans.services import PlanTransitionError, plan_open_new_version
from plans.signals import plans_edited

admin.site.site_header = _("Plan de Comunicaciones · Administración")
admin.site.site_title = _("Plan de Comunicaciones")
admin.site.index_title = _("Back office de la oficina de prensa")
# «Ver el sitio» takes each user to where its role works on the web site; the press office
# gets links to its home and to the review of logs instead (templates/admin/base_site.html).
admin.site.site_url = reverse_lazy("home")


class AnnouncesPlanEditsMixin:
    """A saved edit here changes what the dashboards show of every period of some plans: the
    traffic-light thresholds (the roll-up stores each status), or a name or weight the progress
    tiles label and weigh with. Once the object and its inlines are saved, ``plans_edited``
    names those plans (plans.signals); the roll-up recomputes them after the commit, so their
    dashboards show the edit at once rather than when their cache expires."""

    def edited_plan_ids(self, obj) -> list[int]:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            plans_edited.send(sender=type(form.instance), plan_ids=self.edited_plan_ids(form.instance))


class NamedValuesListFilter(admin.AllValuesFieldListFilter):
    """A field's values as filter choices, the empty value named: Django's shows it as a link
    without text, which a screen reader cannot announce (a national entity has no department)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice["display"] = _("(sin dato)")
            yield choice


@admin.register(Entity)
class EntityAdmin(EntityScopedAdmin):
    list_display = ["name", "short_name", "kind", "department", "municipality"]
    list_filter = ["kind", ("department", NamedValuesListFilter)]
    search_fields = ["name", "short_name", "municipality"]
    # Which entities an entity follows is a superuser's call (the press office only views its
    # entity): following opens their aggregated figures.
    autocomplete_fields = ["supervised_entities"]


@admin.register(Area)
class AreaAdmin(AnnouncesPlanEditsMixin, EntityScopedAdmin):
    list_display = ["name", "code", "entity"]
    list_filter = ["entity"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["entity"]

    def edited_plan_ids(self, obj: Area) -> list[int]:
        # The area is the entity's: every plan of the entity may name it.
        return list(Plan.objects.filter(entity_id=obj.entity_id).values_list("pk", flat=True))


@admin.register(Audience)
class AudienceAdmin(EntityScopedAdmin):
    list_display = ["name", "scope", "entity"]
    list_filter = ["scope", "entity"]
    search_fields = ["name", "description", "key_message"]
    autocomplete_fields = ["entity"]


@admin.register(Channel)
class ChannelAdmin(EntityScopedAdmin):
    list_display = ["name", "mode", "line", "scope", "entity"]
    list_filter = ["mode", "line", "scope", "entity"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["entity"]


# The plan's page lists its components folded and its empty tables closed, with every control
# of a table row labelled (templates/admin/plans/: nested_admin's templates with those changes).
NESTED_TABULAR_TEMPLATE = "admin/plans/inline_tabular.html"
# An objective, a responsibility, a component's objective are a sentence or two: three lines,
# not the admin's ten.
SHORT_TEXTS = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}


class ObjectiveInline(EntityScopedMixin, nested_admin.NestedTabularInline):
    model = Objective
    template = NESTED_TABULAR_TEMPLATE
    formfield_overrides = SHORT_TEXTS
    extra = 0
    fields = ["order", "kind", "text"]
    sortable_field_name = "order"


class ResponsibilityInline(EntityScopedMixin, nested_admin.NestedTabularInline):
    model = Responsibility
    template = NESTED_TABULAR_TEMPLATE
    formfield_overrides = SHORT_TEXTS
    extra = 0
    fields = ["order", "text"]
    sortable_field_name = "order"


class ComponentInline(EntityScopedMixin, nested_admin.NestedStackedInline):
    model = Component
    template = "admin/plans/component_inline.html"
    formfield_overrides = SHORT_TEXTS
    extra = 0
    fields = [("order", "kind", "weight"), "name", "objective", "description"]
    sortable_field_name = "order"
    inlines = [ResponsibilityInline]
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(AnnouncesPlanEditsMixin, EntityScopedHistoryAdmin, nested_admin.NestedModelAdmin):
    list_display = ["title", "entity", "vigencia", "status", "version", "matrix_link"]
    list_filter = ["status", "entity"]
    search_fields = ["title", "general_objective"]
    autocomplete_fields = ["entity", "parent"]
    inlines = [ObjectiveInline, ComponentInline]

    def edited_plan_ids(self, obj: Plan) -> list[int]:
        return [obj.pk]

    actions = ["open_new_version"]
    readonly_fields = ["matrix_link", "document_links", "planning_link"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "entity",
                    "title",
                    ("vigencia_start", "vigencia_end"),
                    ("status", "version"),
                    "parent",
                    "matrix_link",
                    "document_links",
                ]
            },
        ),
        (
            _("Aprobación"),
            {"fields": [("approved_on", "approval_body", "approval_act"), "planning_link"]},
        ),
        (
            _("Semáforo de seguimiento"),
            {"fields": [("threshold_on_track", "threshold_at_risk")]},
        ),
        (
            _("Transparencia"),
            {"fields": ["is_public"]},
        ),
        (
            _("Contenido del plan"),
            {
                # Long texts edited once a vigencia: folded, so that the components show near
                # the top of the page (open when one of them has an error).
                "classes": ["collapse"],
                "fields": [
                    "general_objective",
                    "justification",
                    "scope",
                    "diagnosis",
                    "policy",
                    "normative_references",
                    "definitions",
                ],
            },
        ),
    ]

    @admin.display(description=_("vigencia"), ordering="vigencia_start")
    def vigencia(self, obj: Plan) -> str:
        return f"{obj.vigencia_start.year}–{obj.vigencia_end.year}"

    @admin.display(description=_("matriz"))
    def matrix_link(self, obj: Plan) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("indicators:plan_matrix", args=[obj.pk]), _("Ver la matriz del plan")
        )

    @admin.display(description=_("Documento del plan (DOCX/PDF)"))
    def document_links(self, obj: Plan) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("plans:plan_document_docx", args=[obj.pk]),
            _("Descargar en Word (DOCX)"),
            reverse("plans:plan_document_pdf", args=[obj.pk]),
            _("Descargar en PDF"),
        )

    @admin.display(description=_("aprobación, Plan de Acción y rendición de cuentas"))
    def planning_link(self, obj: Plan) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("planning:plan_planning", args=[obj.pk]),
            _("Enviar a aprobación, ver versiones, Plan de Acción anual y rendición de cuentas"),
        )

    def get_readonly_fields(self, request, obj=None):
        # The version moves only through «Abrir nueva versión»; the state and its approval only
        # through the committee's approval step (the planning pages).
        return [
            *super().get_readonly_fields(request, obj),
            "version",
            "status",
            "approved_on",
            "approval_body",
            "approval_act",
        ]

    @admin.action(description=_("Abrir nueva versión (volver a borrador)"), permissions=["change"])
    def open_new_version(self, request, queryset):
        for plan in queryset:
            try:
                plan = plan_open_new_version(plan=plan)
            except PlanTransitionError as error:
                self.message_user(request, f"{plan.title}: {error}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("«%(plan)s» está ahora en borrador como versión %(version)s.")
                    % {"plan": plan.title, "version": plan.version},
                )


@admin.register(Component)
class ComponentAdmin(AnnouncesPlanEditsMixin, EntityScopedAdmin, nested_admin.NestedModelAdmin):
    list_display = ["name", "kind", "plan", "order"]
    list_filter = ["kind", "plan"]
    search_fields = ["name", "objective", "plan__title"]
    autocomplete_fields = ["plan"]
    inlines = [ResponsibilityInline]

    def edited_plan_ids(self, obj: Component) -> list[int]:
        return [obj.plan_id]


@admin.register(Responsibility)
class ResponsibilityAdmin(EntityScopedAdmin):
    list_display = ["short_text", "component", "order"]
    list_filter = ["component__plan"]
    search_fields = ["text"]
    autocomplete_fields = ["component"]

    @admin.display(description=_("texto"))
    def short_text(self, obj: Responsibility) -> str:
        return obj.text[:120]


class RoleRulesMixin:
    """Rules on a user's entity, area and role that span the user and its groups."""

    def clean(self):
        cleaned = super().clean()
        entity, area = cleaned.get("entity"), cleaned.get("area")
        groups = {group.name for group in cleaned.get("groups") or []}
        if not cleaned.get("is_superuser") and entity is None and "entity" in self.fields:
            self.add_error("entity", _("Todo usuario que no es superusuario pertenece a una entidad."))
        if Role.AREA_LEAD in groups and area is None:
            self.add_error("area", _("Un líder de área necesita su dependencia."))
        if area is not None and entity is not None and area.entity_id != entity.pk:
            self.add_error("area", _("La dependencia debe ser de la entidad del usuario."))
        return cleaned


class UserChangeForm(RoleRulesMixin, DjangoUserAdmin.form):
    pass


class UserCreationForm(RoleRulesMixin, DjangoUserAdmin.add_form):
    pass


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users are managed by superusers: a press officer could otherwise grant itself more."""

    form = UserChangeForm
    add_form = UserCreationForm

    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Entidad y dependencia"), {"fields": ["entity", "area"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Entidad, dependencia y rol"), {"fields": ["entity", "area", "groups", "is_staff"]}),
    ]
    list_display = ["username", "get_full_name", "email", "entity", "area", "is_staff", "is_active"]
    list_filter = ["entity", "groups", "is_staff", "is_superuser", "is_active"]
    autocomplete_fields = ["entity", "area"]
    list_select_related = ["entity", "area"]
    # Recorded by the login, never typed in (and their date-and-time boxes have no label).
    readonly_fields = ["last_login", "date_joined"]

    def has_module_permission(self, request):
        return allows(request.user, "plans.manage_users")

    def has_view_permission(self, request, obj=None):
        return allows(request.user, "plans.manage_users")

    def has_add_permission(self, request):
        return allows(request.user, "plans.manage_users")

    def has_change_permission(self, request, obj=None):
        return allows(request.user, "plans.manage_users")

    def has_delete_permission(self, request, obj=None):
        return allows(request.user, "plans.manage_users")
