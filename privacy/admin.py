"""Back office of personal data: the distribution lists with their contacts and consents, and the
read-only log of the data subjects' requests. The privacy notice is edited on its own page
(/privacidad/aviso/editar/), which publishes versions; here it is only listed."""

from __future__ import annotations

from django.contrib import admin

from plans.admin_scoping import EntityScopedAdmin, EntityScopedMixin
from plans.rules import allows
from privacy.models import ContactList, ListContact, PrivacyNotice, RightsRequest

CONSENT_FIELDSET = ("consent_given_at", "consent_method", "consent_purpose", "consent_notice")


class OwnEntityAdmin(EntityScopedAdmin):
    """An entity's record edited by its press office: the entity is theirs, set before
    validation; only a superuser chooses it."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None or not allows(request.user, "plans.act_for_any_entity"):
            readonly.append("entity")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and not allows(request.user, "plans.act_for_any_entity"):
            entity_id = request.user.entity_id

            class OwnEntityForm(form):
                def __init__(self, *args, **inner):
                    super().__init__(*args, **inner)
                    self.instance.entity_id = entity_id

            return OwnEntityForm
        return form


class ListContactInline(EntityScopedMixin, admin.StackedInline):
    model = ListContact
    extra = 0
    fields = [("name", "organization"), ("email", "phone"), CONSENT_FIELDSET]


@admin.register(ContactList)
class ContactListAdmin(OwnEntityAdmin):
    list_display = ["name", "entity", "purpose"]
    search_fields = ["name", "contacts__name"]
    fields = ["entity", "name", "purpose"]
    inlines = [ListContactInline]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(EntityScopedAdmin):
    list_display = ["__str__", "entity", "published_at", "published_by"]
    readonly_fields = ["entity", "version", "title", "text", "published_at", "published_by"]

    def has_add_permission(self, request):
        return False  # published as a new version on its own page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # consents name their version


@admin.register(RightsRequest)
class RightsRequestAdmin(EntityScopedAdmin):
    list_display = ["handled_at", "kind", "records", "handled_by", "entity"]
    list_filter = ["kind"]
    readonly_fields = ["entity", "kind", "handled_at", "handled_by", "records", "note"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
