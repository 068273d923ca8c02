"""Back office of the execution logs: read-only pages, with the bulk import offered to the press
office."""

from __future__ import annotations

from django.contrib import admin

from execution.models import ActivityLog
from plans.admin_scoping import EntityScopedHistoryAdmin
from plans.rules import allows


@admin.register(ActivityLog)
class ActivityLogAdmin(EntityScopedHistoryAdmin):
    """Execution logs are recorded and changed only through execution.services: here they are
    read, with their history, and imported in bulk from a spreadsheet (imports.logs_import)."""

    change_list_template = "imports/job_admin_changelist.html"
    list_display = ["date", "activity", "area", "status", "reported_by"]
    list_filter = ["status", "area", "activity__component__plan"]
    list_select_related = ["activity", "area", "reported_by"]
    search_fields = ["description", "activity__name"]
    date_hierarchy = "date"

    def has_view_permission(self, request, obj=None) -> bool:
        # The press office reviews every log of its entity, so it reads them here too.
        reviewer = request.user.is_active and allows(request.user, "execution.review_logs")
        return reviewer or super().has_view_permission(request, obj)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request) or super().has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a log is withdrawn, never deleted

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": allows(request.user, "imports.import_logs"),
        }
        return super().changelist_view(request, extra_context)
