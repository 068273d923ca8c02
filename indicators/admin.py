"""Back office for activities, indicators and targets."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.enums import PeriodType
from indicators.forms import ActivityIndicatorInlineFormSet, IndicatorForm, TargetForm, TargetInlineFormSet
from indicators.models import Indicator, Target
from indicators.periods import period_label
from indicators.selectors import indicator_target_mismatches
from indicators.services import indicator_targets_changed, targets_split_annual
from plans.admin import AnnouncesPlanEditsMixin
from plans.admin_scoping import EntityScopedHistoryAdmin, EntityScopedMixin
from plans.models import Activity


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
class ActivityAdmin(AnnouncesPlanEditsMixin, EntityScopedHistoryAdmin):
    list_display = ["name", "component", "plan", "status", "frequency"]
    list_filter = ["status", "frequency", "component__plan", "responsible_areas"]
    list_select_related = ["component__plan"]
    search_fields = ["name", "description", "responsible_text", "tactics"]
    autocomplete_fields = ["component", "responsible_areas", "audiences", "channels"]
    inlines = [IndicatorInline]
    fieldsets = [
        (None, {"fields": ["component", "name", "responsibility", "description", ("order", "weight")]}),
        (_("Responsables"), {"fields": ["responsible_areas", "responsible_text"]}),
        (_("Ejecución"), {"fields": [("start_date", "end_date"), ("frequency", "status"), "tactics"]}),
        (_("Públicos y canales"), {"fields": ["audiences", "channels"]}),
    ]

    @admin.display(description=_("plan"), ordering="component__plan__title")
    def plan(self, obj: Activity):
        return obj.component.plan

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The responsibility list offers the activity's own component's lines only (the model's
        # clean() refuses another component's); a new activity sees its entity's.
        request._activity_component_id = obj.component_id if obj else None
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        component_id = getattr(request, "_activity_component_id", None)
        if db_field.name == "responsibility" and field is not None and component_id:
            field.queryset = field.queryset.filter(component_id=component_id)
        return field

    def edited_plan_ids(self, obj: Activity) -> list[int]:
        return [obj.component.plan_id]


class TargetInline(EntityScopedMixin, admin.TabularInline):
    model = Target
    form = TargetForm
    formset = TargetInlineFormSet
    extra = 0
    fields = ["period_type", "period_start", "value", "note"]


class IndicatorAdmin(EntityScopedHistoryAdmin):
    """The indicator pages. Registered by imports/admin.py, which adds the spreadsheet import
    and export (the imports app sits above this one and reads these models)."""

    form = IndicatorForm
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


class TargetAdmin(EntityScopedHistoryAdmin):
    """The target pages. Registered by imports/admin.py, with the spreadsheet import and export."""

    form = TargetForm
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
