"""Back office for activities, indicators and targets."""

from __future__ import annotations

import django_celery_beat.admin as beat_admin
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule
from import_export.admin import ImportExportMixin

from imports.matrix_resources import IndicatorResource, ScopedImportExportMixin, TargetResource
from indicators.enums import PeriodType
from indicators.forms import ActivityIndicatorInlineFormSet, IndicatorForm, TargetForm, TargetInlineFormSet
from indicators.models import ActivityLog, Indicator, Report, ReportSchedule, Target
from indicators.periods import period_label
from indicators.reports import report_request, report_schedule_delete, report_schedule_save
from indicators.selectors import indicator_target_mismatches
from indicators.services import indicator_targets_changed, plans_recompute_after_edit, targets_split_annual
from plans import admin as plans_admin
from plans.admin_scoping import EntityScopedAdmin, EntityScopedHistoryAdmin, EntityScopedMixin
from plans.models import Activity, Area, Component, Plan


def warn_target_mismatches(request, indicators) -> None:
    """Tell the user, as a warning, which annual targets their periods do not add up to."""
    for mismatch in indicator_target_mismatches(indicators=indicators):
        messages.warning(
            request,
            gettext(
                "%(indicator)s: las metas de %(periods)s de %(year)s suman %(total)s y la meta anual es %(annual)s."
            )
            % {
                "indicator": mismatch.indicator.code,
                "periods": gettext("los meses")
                if mismatch.period_type == PeriodType.MONTH
                else gettext("los trimestres"),
                "year": mismatch.year,
                "total": f"{mismatch.total.normalize():f}",
                "annual": f"{mismatch.annual.normalize():f}",
            },
        )


class RecomputesPlansOnEditMixin:
    """A saved edit here changes what the dashboards show of every period of some plans: the
    traffic-light thresholds (the roll-up stores each status), or a name or weight the progress
    tiles label and weigh with. Those plans are recomputed once the edit commits, so their
    dashboards show it at once rather than when their cache expires."""

    def edited_plan_ids(self, obj) -> list[int]:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            plans_recompute_after_edit(plan_ids=self.edited_plan_ids(form.instance))


# The plan, its components and the entity's areas are the plans app's admin pages; this app,
# which owns the roll-up, extends them with the recompute (plans never imports indicators).
class PlanAdmin(RecomputesPlansOnEditMixin, plans_admin.PlanAdmin):
    def edited_plan_ids(self, obj: Plan) -> list[int]:
        return [obj.pk]


class ComponentAdmin(RecomputesPlansOnEditMixin, plans_admin.ComponentAdmin):
    def edited_plan_ids(self, obj: Component) -> list[int]:
        return [obj.plan_id]


class AreaAdmin(RecomputesPlansOnEditMixin, plans_admin.AreaAdmin):
    def edited_plan_ids(self, obj: Area) -> list[int]:
        # The area is the entity's: every plan of the entity may name it.
        return list(Plan.objects.filter(entity_id=obj.entity_id).values_list("pk", flat=True))


for _model, _model_admin in [(Plan, PlanAdmin), (Component, ComponentAdmin), (Area, AreaAdmin)]:
    admin.site.unregister(_model)
    admin.site.register(_model, _model_admin)


class IndicatorInline(EntityScopedMixin, admin.StackedInline):
    model = Indicator
    form = IndicatorForm
    formset = ActivityIndicatorInlineFormSet
    fk_name = "activity"
    extra = 0
    show_change_link = True
    fields = [
        ("code", "name"),
        ("unit", "aggregation", "direction", "frequency"),
        ("numerator_definition", "denominator_definition"),
        "target_derivation",
        "responsible_area",
    ]
    autocomplete_fields = ["responsible_area"]


@admin.register(Activity)
class ActivityAdmin(RecomputesPlansOnEditMixin, EntityScopedHistoryAdmin):
    list_display = ["name", "component", "plan", "status", "frequency"]
    list_filter = ["status", "frequency", "component__plan", "responsible_areas"]
    list_select_related = ["component__plan"]
    search_fields = ["name", "description", "responsible_text", "tactics"]
    autocomplete_fields = ["component", "responsible_areas", "audiences", "channels"]
    inlines = [IndicatorInline]
    fieldsets = [
        (None, {"fields": ["component", "name", "description", ("order", "weight")]}),
        (_("Responsables"), {"fields": ["responsible_areas", "responsible_text"]}),
        (_("Ejecución"), {"fields": [("start_date", "end_date"), ("frequency", "status"), "tactics"]}),
        (_("Públicos y canales"), {"fields": ["audiences", "channels"]}),
    ]

    @admin.display(description=_("plan"), ordering="component__plan__title")
    def plan(self, obj: Activity):
        return obj.component.plan

    def edited_plan_ids(self, obj: Activity) -> list[int]:
        return [obj.component.plan_id]


class TargetInline(EntityScopedMixin, admin.TabularInline):
    model = Target
    form = TargetForm
    formset = TargetInlineFormSet
    extra = 0
    fields = ["period_type", "period_start", "value", "note"]


@admin.register(Indicator)
class IndicatorAdmin(ScopedImportExportMixin, ImportExportMixin, EntityScopedHistoryAdmin):
    form = IndicatorForm
    resource_classes = [IndicatorResource]
    list_display = ["code", "name", "plan", "unit", "aggregation", "direction", "responsible_area"]
    list_display_links = ["code", "name"]
    list_filter = ["plan", "unit", "aggregation", "direction", "kind", "responsible_area"]
    list_select_related = ["plan", "responsible_area"]
    search_fields = ["code", "name", "definition"]
    autocomplete_fields = ["plan", "activity", "responsible_area"]
    inlines = [TargetInline]
    actions = ["split_into_quarters", "split_into_months"]
    fieldsets = [
        (None, {"fields": ["plan", "activity", ("code", "order", "weight"), "name", "definition", "kind"]}),
        (
            _("Medición"),
            {
                "fields": [
                    ("unit", "aggregation", "direction"),
                    ("numerator_definition", "denominator_definition"),
                    ("baseline", "baseline_date"),
                    ("frequency", "target_derivation"),
                ]
            },
        ),
        (_("Fuente y responsable"), {"fields": ["data_source", "verification_means", "responsible_area"]}),
        (_("Indicador automático"), {"fields": ["source", ("source_piece_kind", "source_channel")]}),
    ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            warn_target_mismatches(request, [self.get_object(request, object_id)])
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        indicator_targets_changed(indicator=form.instance)
        warn_target_mismatches(request, [form.instance])

    def _split(self, request, queryset, into: str) -> None:
        count = 0
        for indicator in queryset.select_related("plan"):
            count += len(targets_split_annual(indicator=indicator, into=into))
        self.message_user(
            request,
            gettext("Se escribieron %(count)s metas de %(periods)s a partir de las metas anuales.")
            % {"count": count, "periods": gettext("trimestre") if into == PeriodType.QUARTER else gettext("mes")},
        )

    @admin.action(description=_("Dividir las metas anuales en trimestres"), permissions=["change"])
    def split_into_quarters(self, request, queryset):
        self._split(request, queryset, PeriodType.QUARTER)

    @admin.action(description=_("Dividir las metas anuales en meses"), permissions=["change"])
    def split_into_months(self, request, queryset):
        self._split(request, queryset, PeriodType.MONTH)


@admin.register(Target)
class TargetAdmin(ScopedImportExportMixin, ImportExportMixin, EntityScopedHistoryAdmin):
    form = TargetForm
    resource_classes = [TargetResource]
    list_display = ["indicator", "period", "period_type", "value"]
    list_filter = ["period_type", "indicator__plan"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__code", "indicator__name"]
    autocomplete_fields = ["indicator"]
    date_hierarchy = "period_start"

    @admin.display(description=_("periodo"), ordering="period_start")
    def period(self, obj: Target) -> str:
        return period_label(obj.period_type, obj.period_start)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        indicator_targets_changed(indicator=obj.indicator)
        warn_target_mismatches(request, [obj.indicator])


@admin.register(ActivityLog)
class ActivityLogAdmin(EntityScopedHistoryAdmin):
    """Execution logs are recorded and changed only through indicators.logs: here they are
    read, with their history, and imported in bulk from a spreadsheet (imports.logs_import)."""

    change_list_template = "imports/job_admin_changelist.html"
    list_display = ["date", "activity", "area", "status", "reported_by"]
    list_filter = ["status", "area", "activity__component__plan"]
    list_select_related = ["activity", "area", "reported_by"]
    search_fields = ["description", "activity__name"]
    date_hierarchy = "date"

    def has_view_permission(self, request, obj=None) -> bool:
        # The press office reviews every log of its entity, so it reads them here too.
        return (request.user.is_active and request.user.is_press) or super().has_view_permission(request, obj)

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
            "can_import": request.user.is_press and request.user.has_perm("indicators.import_activitylog"),
        }
        return super().changelist_view(request, extra_context)


# --- Periodic reports and their schedules ---------------------------------------------------


@admin.register(Report)
class ReportAdmin(EntityScopedAdmin):
    """Reports are written only by indicators.reports: their pages are for reading, and the
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
            [(reverse("indicators:report_download", args=[obj.pk, kind]), kind.upper()) for kind in ("pdf", "xlsx")],
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
        return request.user.is_active and request.user.is_superuser

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
