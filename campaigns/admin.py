"""Back office for campaigns, content pieces and the electoral calendar (press office)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns import services
from campaigns.forms import ExceptionFieldsMixin, add_service_errors
from campaigns.models import Campaign, ContentPiece, ElectionException, ElectoralWindow, PieceTransition
from plans.admin_scoping import EntityScopedAdmin, EntityScopedMixin
from plans.rules import allows


@admin.register(ElectoralWindow)
class ElectoralWindowAdmin(EntityScopedAdmin):
    list_display = ["name", "election_date", "starts_on", "ends_on", "entity"]
    list_filter = ["entity"]
    search_fields = ["name"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["entity"]


class CampaignAdminForm(ExceptionFieldsMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = "__all__"  # noqa: DJ007  # an admin form: the ModelAdmin chooses the fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_exception_choices()

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                services.campaign_election_check(campaign=self.instance, exception=self.exception())
            except ValidationError as error:
                add_service_errors(self, error)


class ElectionExceptionInline(EntityScopedMixin, admin.TabularInline):
    model = ElectionException
    extra = 0
    can_delete = False
    fields = ["window", "category", "justification", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CampaignExceptionInline(ElectionExceptionInline):
    fk_name = "campaign"


class PieceExceptionInline(ElectionExceptionInline):
    fk_name = "piece"


@admin.register(Campaign)
class CampaignAdmin(EntityScopedAdmin):
    form = CampaignAdminForm
    list_display = ["name", "kind", "status", "component", "area", "starts_on", "ends_on", "designed_on", "budget"]
    list_filter = ["kind", "status", "component__plan", "area"]
    search_fields = ["name", "objective", "key_message"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["component", "area"]
    filter_horizontal = ["audiences", "channels", "indicators"]
    inlines = [CampaignExceptionInline]
    fieldsets = [
        (None, {"fields": ["name", ("kind", "status"), "component", "area", "objective", "key_message"]}),
        (_("Fechas y presupuesto"), {"fields": [("starts_on", "ends_on", "designed_on"), "budget"]}),
        (_("Públicos, canales e indicadores"), {"fields": ["audiences", "channels", "indicators"]}),
        (
            _("Restricción electoral (Ley 996 de 2005)"),
            {
                "fields": ["exception_category", "justification"],
                "description": _(
                    "Solo si la campaña es pauta pagada ATL/BTL y sus fechas cruzan un periodo de restricción."
                ),
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        # The form already ran the electoral check; the service records the exception.
        services.campaign_save(user=request.user, campaign=obj, exception=form.exception())


class PieceTransitionInline(EntityScopedMixin, admin.TabularInline):
    model = PieceTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "by", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ContentPiece)
class ContentPieceAdmin(EntityScopedAdmin):
    """Pieces' content; their workflow (review, approval, publication) happens in the web pages,
    where campaigns.services enforces it."""

    list_display = ["title", "kind", "status", "area", "channel", "scheduled_on", "published_on"]
    list_filter = ["status", "kind", "area", "channel", "campaign"]
    search_fields = ["title", "summary"]
    date_hierarchy = "scheduled_on"
    autocomplete_fields = ["area", "owner", "channel", "campaign", "activity"]
    fields = [
        "title",
        "kind",
        "area",
        "owner",
        "channel",
        "campaign",
        "activity",
        "scheduled_on",
        "is_paid",
        "summary",
        "status",
        "published_on",
        "link",
        "approved_by",
        "approved_at",
    ]
    readonly_fields = ["status", "published_on", "link", "approved_by", "approved_at"]
    inlines = [PieceExceptionInline, PieceTransitionInline]

    def has_change_permission(self, request, obj=None):
        if obj is not None and not allows(request.user, "campaigns.edit_piece", obj):
            return False
        return super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("owner", request.user.pk)
        return initial

    def save_model(self, request, obj, form, change):
        services.piece_save(user=request.user, piece=obj)
