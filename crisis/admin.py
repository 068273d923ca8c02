"""Back office of the crisis protocol: levels, roles and spokespeople, contacts and message
templates, edited by the press office on one page. Incidents are run on the web pages
(/crisis/); the admin only lists them."""

from __future__ import annotations

from django.contrib import admin

from crisis.models import (
    CrisisContact,
    CrisisProtocol,
    CrisisRole,
    Incident,
    IncidentEvent,
    IncidentMessage,
    MessageTemplate,
    SeverityLevel,
)
from plans.admin_scoping import EntityScopedAdmin, EntityScopedMixin
from plans.rules import allows
from privacy.admin import CONSENT_FIELDSET


class SeverityLevelInline(EntityScopedMixin, admin.StackedInline):
    model = SeverityLevel
    extra = 0
    fields = [("level", "name"), ("response_minutes", "update_minutes"), "criteria", "steps"]


class CrisisRoleInline(EntityScopedMixin, admin.TabularInline):
    model = CrisisRole
    extra = 0
    fields = ["order", "role", "person", "is_spokesperson", "responsibilities"]


class CrisisContactInline(EntityScopedMixin, admin.StackedInline):
    model = CrisisContact
    extra = 0
    # The consent (Ley 1581) travels with the contact: a contact without it is not saved.
    fields = [("order", "name", "role"), ("phone", "email"), CONSENT_FIELDSET]


class MessageTemplateInline(EntityScopedMixin, admin.StackedInline):
    model = MessageTemplate
    extra = 0
    fields = [("channel", "purpose"), "subject", "body"]


@admin.register(CrisisProtocol)
class CrisisProtocolAdmin(EntityScopedAdmin):
    list_display = ["title", "entity", "immediate_channel", "updated_at"]
    fields = ["entity", "title", "purpose", "activation", "immediate_channel"]
    inlines = [SeverityLevelInline, CrisisRoleInline, CrisisContactInline, MessageTemplateInline]

    def has_add_permission(self, request):
        # One protocol per entity: once it exists, the press office edits it.
        if not super().has_add_permission(request):
            return False
        if allows(request.user, "plans.act_for_any_entity"):
            return True
        return not CrisisProtocol.objects.filter(entity_id=request.user.entity_id).exists()

    def get_readonly_fields(self, request, obj=None):
        # A protocol stays with its entity; only a superuser chooses the entity of a new one.
        if obj is not None or not allows(request.user, "plans.act_for_any_entity"):
            return ["entity"]
        return []

    def save_model(self, request, obj, form, change):
        if not change and not allows(request.user, "plans.act_for_any_entity"):
            obj.entity_id = request.user.entity_id
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and not allows(request.user, "plans.act_for_any_entity"):
            # The entity is read-only here: set it before validation so the model's checks
            # (one protocol per entity, the immediate channel's entity) see it.
            entity_id = request.user.entity_id

            class ProtocolForm(form):
                def __init__(self, *args, **inner):
                    super().__init__(*args, **inner)
                    self.instance.entity_id = entity_id

            return ProtocolForm
        return form


class IncidentEventInline(EntityScopedMixin, admin.TabularInline):
    model = IncidentEvent
    extra = 0
    fields = ["occurred_at", "kind", "text", "author"]
    readonly_fields = fields
    can_delete = False


class IncidentMessageInline(EntityScopedMixin, admin.TabularInline):
    model = IncidentMessage
    extra = 0
    fields = ["channel", "purpose", "text", "sent_at", "sent_by"]
    readonly_fields = fields
    can_delete = False


@admin.register(Incident)
class IncidentAdmin(EntityScopedAdmin):
    list_display = ["title", "entity", "started_at", "severity", "status", "minutes_to_first_notice"]
    list_filter = ["status"]
    search_fields = ["title", "affected_service"]
    date_hierarchy = "started_at"
    inlines = [IncidentMessageInline, IncidentEventInline]
    readonly_fields = [
        "entity",
        "title",
        "started_at",
        "severity",
        "affected_service",
        "description",
        "area",
        "spokesperson",
        "status",
        "first_notice_at",
        "minutes_to_first_notice",
        "resolved_at",
        "minutes_to_resolution",
        "closed_at",
        "report_causes",
        "report_actions",
        "report_lessons",
        "created_by",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        # «Nuevo incidente» on the web page creates the incident and its messages in one step.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
