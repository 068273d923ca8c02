"""Back office of the periodic reports and their schedules; django-celery-beat's own pages are
for superusers only (they belong to no entity)."""

from __future__ import annotations

import django_celery_beat.admin as beat_admin
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule

from plans.admin_scoping import EntityScopedAdmin
from plans.rules import allows
from reports.models import Report, ReportSchedule
from reports.services import report_request, report_schedule_delete, report_schedule_save

# --- Periodic reports and their schedules ---------------------------------------------------


@admin.register(Report)
class ReportAdmin(EntityScopedAdmin):
    """Reports are written only by reports.services: their pages are for reading, and the
    «change» permission only opens the «Regenerar» action (a new version; earlier ones stay)."""

    list_display = ["plan", "period", "period_type", "version", "status", "attempts", "short_error", "generated_at"]
    list_display_links = ["plan", "period"]
    list_filter = ["status", "period_type", "plan"]
    list_select_related = ["plan"]
    search_fields = ["plan__title", "error"]
    actions = ["regenerate"]
    fields = [
        ("plan", "period_type", "period_start", "version"),
        ("status", "attempts"),
        "error",
        "requested_by",
        ("created_at", "started_at", "generated_at", "notified_at"),
        "downloads",
    ]
    readonly_fields = [
        "plan",
        "period_type",
        "period_start",
        "version",
        "status",
        "attempts",
        "error",
        "requested_by",
        "created_at",
        "started_at",
        "generated_at",
        "notified_at",
        "downloads",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # every version is kept

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("periodo"), ordering="period_start")
    def period(self, obj: Report) -> str:
        return obj.period_label

    @admin.display(description=_("detalle técnico del error"))
    def short_error(self, obj: Report) -> str:
        return obj.error[:120]

    @admin.display(description=_("descargar"))
    def downloads(self, obj: Report) -> str:
        if not obj.is_ready:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            [(reverse("reports:report_download", args=[obj.pk, kind]), kind.upper()) for kind in ("pdf", "xlsx")],
        )

    @admin.action(description=_("Regenerar (versión nueva)"), permissions=["change"])
    def regenerate(self, request, queryset):
        seen: set[tuple] = set()
        created = 0
        for report in queryset.select_related("plan").order_by("plan_id", "period_type", "period_start"):
            key = (report.plan_id, report.period_type, report.period_start)
            if key in seen:
                continue  # two versions of one period selected: one new version
            seen.add(key)
            try:
                report_request(
                    plan=report.plan,
                    period_type=report.period_type,
                    period_start=report.period_start,
                    user=request.user,
                )
            except ValidationError as error:
                self.message_user(request, f"{report}: {' '.join(error.messages)}", messages.ERROR)
            else:
                created += 1
        if created:
            self.message_user(
                request,
                ngettext("Se solicitó %(count)s informe nuevo.", "Se solicitaron %(count)s informes nuevos.", created)
                % {"count": created},
            )


@admin.register(ReportSchedule)
class ReportScheduleAdmin(EntityScopedAdmin):
    """The press office edits when its plans' reports are generated; saving keeps the Celery
    beat task (django-celery-beat, superusers only) in step."""

    list_display = ["plan", "period_type", "day_of_month", "hour", "enabled", "last_run"]
    list_filter = ["period_type", "enabled", "plan"]
    list_select_related = ["plan", "periodic_task"]
    fields = ["plan", "period_type", ("day_of_month", "hour"), "enabled"]

    def get_queryset(self, request):
        # When each schedule's latest report was generated, in the list's own query (a subquery,
        # not a query per row). The reports a schedule generates are those nobody requested.
        latest = (
            Report.objects.filter(
                plan=OuterRef("plan"),
                period_type=OuterRef("period_type"),
                requested_by__isnull=True,
                generated_at__isnull=False,
            )
            .order_by("-generated_at")
            .values("generated_at")[:1]
        )
        return super().get_queryset(request).annotate(last_report_at=Subquery(latest))

    @admin.display(description=_("última ejecución"))
    def last_run(self, obj: ReportSchedule):
        """The later of when Celery beat last ran the schedule and when the schedule's latest
        report was generated: beat stamps only its own runs, and a schedule's reports are also
        generated without it (``generate_report --all-due``, the demo)."""
        beat = obj.periodic_task.last_run_at if obj.periodic_task else None
        moments = [moment for moment in (beat, getattr(obj, "last_report_at", None)) if moment]
        return max(moments) if moments else None

    def save_model(self, request, obj, form, change):
        report_schedule_save(schedule=obj)

    def delete_model(self, request, obj):
        report_schedule_delete(schedule=obj)

    def delete_queryset(self, request, queryset):
        for schedule in queryset:
            report_schedule_delete(schedule=schedule)


# --- django-celery-beat's own pages: superusers only -----------------------------------------
# Its tasks and schedules belong to no entity (and one of them could run any task): the press
# office edits report schedules above, and only superusers see these pages.


class SuperuserOnlyAdmin:
    def has_module_permission(self, request) -> bool:
        return allows(request.user, "reports.manage_task_schedules")

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)


for _model, _model_admin in [
    (PeriodicTask, beat_admin.PeriodicTaskAdmin),
    (IntervalSchedule, beat_admin.IntervalScheduleAdmin),
    (CrontabSchedule, beat_admin.CrontabScheduleAdmin),
    (SolarSchedule, beat_admin.SolarScheduleAdmin),
    (ClockedSchedule, beat_admin.ClockedScheduleAdmin),
]:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(_model_admin.__name__, (SuperuserOnlyAdmin, _model_admin), {}))
