"""Entity scoping for the admin back office.

A press officer sees and edits only their entity's rows: in lists, forms, choices,
autocompletes, filters, history and actions. Every ModelAdmin and inline of the product mixes
this in; it relies on each model's ``objects.for_user``.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin


def _scoped(model, user):
    manager = model._default_manager
    return manager.for_user(user) if hasattr(manager, "for_user") else None


class EntityScopedMixin:
    """Limit an admin's rows and every related choice to the user's entity."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = _scoped(db_field.remote_field.model, request.user)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = _scoped(db_field.remote_field.model, request.user)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class EntityScopedAdmin(EntityScopedMixin, admin.ModelAdmin):
    """A ModelAdmin whose objects outside the user's entity do not exist (404)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django's admin would redirect with "does not exist"; another entity's object
            # is simply not there.
            raise Http404(_("No existe o no pertenece a su entidad."))
        return obj

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "entity" in {f.name for f in self.model._meta.fields} and request.user.entity_id:
            initial.setdefault("entity", request.user.entity_id)
        return initial

    def get_list_filter(self, request):
        # Related filters list only the related objects the scoped rows use, never another
        # entity's names.
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and self._is_relation(item):
                filters.append((item, admin.RelatedOnlyFieldListFilter))
            else:
                filters.append(item)
        return filters

    def _is_relation(self, path: str) -> bool:
        model = self.model
        field = None
        for part in path.split("__"):
            field = model._meta.get_field(part)
            if not field.is_relation:
                return False
            model = field.related_model
        return bool(field and field.is_relation)


class EntityScopedHistoryAdmin(EntityScopedAdmin, SimpleHistoryAdmin):
    """Scoped admin with the browsable change history (who, when, before and after)."""

    def _ensure_in_scope(self, request, object_id) -> None:
        try:
            exists = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, TypeError, ValidationError):
            exists = False
        if not exists:
            raise Http404(_("No existe o no pertenece a su entidad."))

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last historical record of a missing object, which
        # would show another entity's history: check the live object is in scope first.
        self._ensure_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._ensure_in_scope(request, object_id)
        if request.method != "GET":
            # A saved version is for reading: posting it back would restore old values without
            # the models' rules (a closed plan back to draft, say).
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
