"""Back office of the import jobs: read-only, scoped to the entity."""

from __future__ import annotations

from django.contrib import admin

from imports.models import ImportJob
from plans.admin_scoping import EntityScopedAdmin


@admin.register(ImportJob)
class ImportJobAdmin(EntityScopedAdmin):
    """Jobs are written only by imports.logs_import; their pages are for reading."""

    list_display = ["original_name", "kind", "user", "status", "total_rows", "new_count", "error_count", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]
    search_fields = ["original_name", "user__username"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
