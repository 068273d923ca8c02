"""Back office of the import jobs: read-only, scoped to the entity."""

from __future__ import annotations

from django.contrib import admin
from import_export.admin import ImportExportMixin

from imports.matrix_resources import IndicatorResource, ScopedImportExportMixin, TargetResource
from imports.models import ImportJob
from indicators import admin as indicators_admin
from indicators.models import Indicator, Target
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


# The indicator and target pages are the indicators app's; this app adds their spreadsheet
# import and export (scoped to the user's entity) and registers them.
@admin.register(Indicator)
class IndicatorAdmin(ScopedImportExportMixin, ImportExportMixin, indicators_admin.IndicatorAdmin):
    resource_classes = [IndicatorResource]


@admin.register(Target)
class TargetAdmin(ScopedImportExportMixin, ImportExportMixin, indicators_admin.TargetAdmin):
    resource_classes = [TargetResource]
