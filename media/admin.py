"""Back office of free-press monitoring: outlets with their tariff table, tariffs, mentions and
the import of mentions from a spreadsheet. Every admin is scoped to the user's entity; every
write of a value goes through media.services."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.formats import base_formats

from imports.admin_forms import CheckedImportForm
from media.enums import TariffUnit
from media.forms import MediaMentionForm
from media.models import MediaMention, Outlet, Tariff
from media.resources import MediaMentionResource, SpreadsheetCSV
from media.services import mention_save, mentions_revalue, tariff_save, tariffs_delete
from media.valuation import format_money, valuation_method
from plans.admin_scoping import EntityScopedAdmin, EntityScopedMixin


def _report_revalued(modeladmin, request, count: int) -> None:
    modeladmin.message_user(
        request,
        ngettext(
            "Se recalculó el valor free press de %(count)s mención.",
            "Se recalculó el valor free press de %(count)s menciones.",
            count,
        )
        % {"count": count},
    )


class TariffInline(EntityScopedMixin, admin.TabularInline):
    model = Tariff
    extra = 0
    fields = ["media_type", "valid_from", "price", "source"]


@admin.register(Outlet)
class OutletAdmin(EntityScopedAdmin):
    list_display = ["name", "media_type", "city", "is_active", "entity"]
    list_filter = ["media_type", "is_active"]
    list_select_related = ["entity"]
    search_fields = ["name", "city"]
    inlines = [TariffInline]
    actions = ["revalue_mentions"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The tariffs of the inline may have changed: value the outlet's mentions again.
        count = mentions_revalue(outlet_ids=[form.instance.pk])
        if count:
            _report_revalued(self, request, count)

    @admin.action(description=_("Recalcular el free press de sus menciones"), permissions=["change"])
    def revalue_mentions(self, request, queryset):
        _report_revalued(self, request, mentions_revalue(outlet_ids=queryset.values_list("pk", flat=True)))


@admin.register(Tariff)
class TariffAdmin(EntityScopedAdmin):
    list_display = ["outlet", "media_type", "unit_display", "valid_from", "price_display", "source"]
    list_filter = ["media_type", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["outlet__name", "source"]
    date_hierarchy = "valid_from"
    actions = ["revalue_mentions"]

    @admin.display(description=_("unidad"))
    def unit_display(self, obj: Tariff) -> str:
        return str(TariffUnit(obj.unit).label)

    @admin.display(description=_("precio (COP)"), ordering="price")
    def price_display(self, obj: Tariff) -> str:
        return format_money(obj.price)

    def save_model(self, request, obj, form, change):
        _report_revalued(self, request, tariff_save(tariff=obj))

    def delete_model(self, request, obj):
        _report_revalued(self, request, tariffs_delete(tariffs=[obj]))

    def delete_queryset(self, request, queryset):
        _report_revalued(self, request, tariffs_delete(tariffs=list(queryset)))

    @admin.action(description=_("Recalcular el free press de las menciones de estos medios"), permissions=["change"])
    def revalue_mentions(self, request, queryset):
        _report_revalued(self, request, mentions_revalue(outlet_ids=queryset.values_list("outlet_id", flat=True)))


@admin.register(MediaMention)
class MediaMentionAdmin(ImportMixin, EntityScopedAdmin):
    form = MediaMentionForm
    resource_classes = [MediaMentionResource]
    import_form_class = CheckedImportForm
    import_formats = [SpreadsheetCSV, base_formats.XLSX, base_formats.ODS]
    list_display = ["date", "headline", "outlet", "media_type", "sentiment", "rating", "reach", "value_display"]
    list_display_links = ["date", "headline"]
    list_filter = ["media_type", "sentiment", "outlet", "rating"]
    list_select_related = ["outlet"]
    search_fields = ["headline", "outlet__name", "notes"]
    date_hierarchy = "date"
    readonly_fields = ["value_display", "method_display", "created_by", "created_at", "updated_at"]
    actions = ["revalue_mentions"]
    fieldsets = [
        (None, {"fields": ["outlet", "media_type", "date", "headline", "url", "campaign", "activity"]}),
        (_("Medida"), {"fields": [("height_cm", "columns"), "seconds", "posts"]}),
        (_("Valoración"), {"fields": ["reach", "sentiment", "rating", "acceptance", "notes"]}),
        (_("Valor free press"), {"fields": ["value_display", "method_display"]}),
        (_("Registro"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("valor free press (COP)"), ordering="free_press_value")
    def value_display(self, obj: MediaMention) -> str:
        if obj.pk is None:
            return "—"
        value = format_money(obj.free_press_value)
        return value if obj.tariff_id else f"{value} ({gettext('sin tarifa')})"

    @admin.display(description=_("cálculo"))
    def method_display(self, obj: MediaMention) -> str:
        return valuation_method(obj) if obj.pk else "—"

    def save_model(self, request, obj, form, change):
        mention_save(mention=obj, user=request.user)

    def get_import_data_kwargs(self, **kwargs):
        # All or nothing: a row with a validation error rolls the whole file back.
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "activity":
            # Each choice names its plan: fetch them with the activities, not one query each.
            field.queryset = field.queryset.select_related("component__plan")
        return field

    @admin.action(
        description=_("Recalcular el free press de los medios de estas menciones con las tarifas actuales"),
        permissions=["change"],
    )
    def revalue_mentions(self, request, queryset):
        _report_revalued(self, request, mentions_revalue(outlet_ids=queryset.values_list("outlet_id", flat=True)))
