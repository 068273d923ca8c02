"""django-import-export resources of the Indicator and Target admins, scoped to the user.

django-import-export applies neither the admin's row filtering nor a full formula escaping
(only a leading «=»); these resources do both: every related row is looked up within the
importing user's entity (another entity's plan, activity, area or indicator is «not in your
entity», a row error, nothing written), every object goes through ``full_clean``, text cells are
escaped on export with ``escape_spreadsheet_text`` and unescaped on import.
"""

from __future__ import annotations

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.formats.base_formats import CSV, ODS, XLSX
from import_export.widgets import ForeignKeyWidget

from dashboards.exports import escape_spreadsheet_text
from imports.admin_forms import CheckedImportForm
from imports.matrix import normalize, unescape_text
from indicators.models import Indicator, Target
from indicators.services import indicator_targets_changed
from plans.models import Activity, Area, Plan

FORMATS = [XLSX, ODS, CSV]


class ScopedForeignKeyWidget(ForeignKeyWidget):
    """A foreign key looked up only among the rows the importing user may see."""

    def __init__(self, model, field="pk", **kwargs):
        super().__init__(model, field, **kwargs)
        self.user = None

    def get_queryset(self, value, row, *args, **kwargs):
        if self.user is None:
            return self.model.objects.none()
        return self.model.objects.for_user(self.user)

    def get_instance_by_lookup_fields(self, value, row, **kwargs):
        if self.field != "name":
            return super().get_instance_by_lookup_fields(value, row, **kwargs)
        # Names match as people type them: case and accents ignored (as the matrix import does).
        wanted = normalize(value)
        matches = [o for o in self.get_queryset(value, row, **kwargs) if normalize(o.name) == wanted]
        if len(matches) != 1:
            raise self.model.DoesNotExist
        return matches[0]

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError):
            raise ValueError(
                _("«%(value)s»: no hay un(a) %(model)s con ese valor en su entidad.")
                % {"value": value, "model": self.model._meta.verbose_name}
            ) from None


class ScopedResource(resources.ModelResource):
    """Scope every lookup to ``user``; escape text on export and unescape it on import."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, ScopedForeignKeyWidget):
                field.widget.user = user

    def get_queryset(self):
        return (
            self._meta.model.objects.for_user(self.user) if self.user is not None else self._meta.model.objects.none()
        )

    def export_field(self, field, instance, **kwargs):
        return escape_spreadsheet_text(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        for key, value in list(row.items()):
            if isinstance(value, str):
                row[key] = unescape_text(value.strip())


class IndicatorResource(ScopedResource):
    plan = fields.Field("plan", "plan", ScopedForeignKeyWidget(Plan))
    activity = fields.Field("activity", "activity", ScopedForeignKeyWidget(Activity))
    responsible_area = fields.Field("responsible_area", "responsible_area", ScopedForeignKeyWidget(Area, "name"))

    class Meta:
        model = Indicator
        fields = [
            "plan", "activity", "code", "name", "definition", "kind", "unit", "aggregation",
            "numerator_definition", "denominator_definition", "direction", "baseline", "baseline_date",
            "frequency", "target_derivation", "data_source", "verification_means", "responsible_area",
            "weight", "order",
        ]  # fmt: skip
        import_id_fields = ["plan", "code"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if isinstance(row.get("code"), str):
            row["code"] = row["code"].upper()  # as Indicator.clean() stores it, so it matches


class TargetResource(ScopedResource):
    indicator = fields.Field("indicator", "indicator", ScopedForeignKeyWidget(Indicator))
    indicator_code = fields.Field(attribute="indicator__code", column_name="indicator_code", readonly=True)

    class Meta:
        model = Target
        fields = ["indicator", "indicator_code", "period_type", "period_start", "value", "note"]
        import_id_fields = ["indicator", "period_type", "period_start"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def after_save_instance(self, instance, row, **kwargs):
        # The roll-up recomputes the indicator's periods once the import commits.
        if not kwargs.get("dry_run"):
            indicator_targets_changed(indicator=instance.indicator)


class ScopedImportExportMixin:
    """For a ModelAdmin with an import-export mixin: the resource knows the user."""

    import_formats = FORMATS
    export_formats = FORMATS
    import_form_class = CheckedImportForm

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**super().get_resource_kwargs(request, *args, **kwargs), "user": request.user}
