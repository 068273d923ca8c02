"""Back office of listening: the press office builds surveys (questions inline) and records
training sessions with their attendance and materials. Suggestions are triaged on their web page
(/escucha/sugerencias/); here they are listed only."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from listening.models import Attendance, Question, Suggestion, Survey, TrainingMaterial, TrainingSession
from listening.services import session_dates_sync
from listening.validators import validate_material_size
from plans.admin_scoping import EntityScopedAdmin, EntityScopedMixin
from privacy.admin import CONSENT_FIELDSET, OwnEntityAdmin


class QuestionInline(EntityScopedMixin, admin.StackedInline):
    model = Question
    extra = 1
    fields = [("order", "kind", "required"), "text", ("scale_max", "options")]


@admin.register(Survey)
class SurveyAdmin(OwnEntityAdmin):
    list_display = ["title", "entity", "status", "audience", "one_per_person", "created_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    fields = ["entity", "title", "intro", "audience", "one_per_person", "indicator", "status"]
    inlines = [QuestionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "indicator" and field is not None:
            # Only the entity's indicators whose values come from a survey.
            field.queryset = field.queryset.filter(source__in=["enc_satisf", "enc_top"])
        return field

    def view_on_site(self, obj):
        return obj.get_absolute_url()


class AttendanceInline(EntityScopedMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["name", "email", "area_name", "attended", "adopted", *CONSENT_FIELDSET]


class MaterialInline(EntityScopedMixin, admin.TabularInline):
    model = TrainingMaterial
    extra = 0
    fields = ["title", "file", "url"]
    # A link typed without its scheme («www.entidad.gov.co/taller») is read as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["file"].validators.append(validate_material_size)
        return formset


@admin.register(TrainingSession)
class TrainingSessionAdmin(OwnEntityAdmin):
    list_display = ["topic", "date", "trainer", "area", "entity"]
    date_hierarchy = "date"
    search_fields = ["topic", "trainer", "tool"]
    fields = ["entity", ("topic", "tool"), ("date", "trainer"), ("audience", "area"), "place"]
    inlines = [AttendanceInline, MaterialInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        session_dates_sync(session=form.instance)

    def view_on_site(self, obj):
        return obj.get_absolute_url()


@admin.register(Suggestion)
class SuggestionAdmin(EntityScopedAdmin):
    list_display = ["pk", "kind", "origin", "status", "area", "received_at", "answered_at", "entity"]
    list_filter = ["status", "kind", "origin"]
    search_fields = ["text"]
    readonly_fields = [f.name for f in Suggestion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def view_on_site(self, obj):
        return obj.get_absolute_url()
