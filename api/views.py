"""The API's reads: the caller's entity, plans with their tree, indicators, targets, period
values, reports, campaigns, pieces and media mentions, each scoped like the site (another
entity's object is a 404) and asked through plans.rules. Every list is cursor-paginated and
prefetches what its rows show, so its query count does not grow with the page size."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.views import APIView

from api import serializers as out
from api.errors import LanguageMixin
from campaigns.models import Campaign, ContentPiece
from execution.models import Evidence
from execution.selectors import evidence_get_for_user
from indicators.enums import PeriodType
from indicators.models import Indicator, Target
from media.models import MediaMention
from plans.models import Activity, Component, Entity, Plan
from plans.rules import require
from reports.models import Report
from reports.selectors import report_get_for_user, report_scope_for_user
from reports.services import report_filename
from reports.views import REPORT_CONTENT_TYPES
from rollups.models import PeriodValue

ID_MAX = 2_147_483_647


def id_filter(help_text) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX, help_text=help_text)


class ApiViewMixin(LanguageMixin):
    """The rule the caller needs (``permission``, asked without an object: «may this role read
    this at all?»; the scoped queryset does the rest) and the validated filters."""

    permission = ""
    lookup_value_converter = "int"
    filter_class: type[serializers.Serializer] | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.permission:
            require(request.user, self.permission)

    def filters(self) -> dict:
        if self.filter_class is None or self.action != "list":
            return {}
        form = self.filter_class(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        return {key: value for key, value in form.validated_data.items() if value not in (None, "")}


class ReadViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    pass


def _list_schema(filter_class):
    return extend_schema_view(list=extend_schema(parameters=[filter_class]))


# --- entities and plans ---------------------------------------------------------------------


class EntityViewSet(ReadViewSet):
    """The caller's entity (every entity for a superuser)."""

    serializer_class = out.EntitySerializer

    def get_queryset(self):
        return Entity.objects.for_user(self.request.user)


class PlanFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=Plan._meta.get_field("status").choices, required=False)


@_list_schema(PlanFilter)
class PlanViewSet(ReadViewSet):
    """The entity's plans; a plan's page carries its whole tree with every indicator's ficha
    técnica (objectives, components, responsibilities, activities, indicators)."""

    permission = "dashboards.read_dashboards"
    filter_class = PlanFilter

    def get_serializer_class(self):
        return out.PlanSerializer if self.action == "retrieve" else out.PlanSummarySerializer

    def get_queryset(self):
        plans = Plan.objects.for_user(self.request.user).filter(**self.filters())
        if self.action != "retrieve":
            return plans
        activities = Activity.objects.order_by("order", "pk").prefetch_related(
            "responsible_areas",
            "audiences",
            "channels",
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "code")),
        )
        components = Component.objects.order_by("order", "pk").prefetch_related(
            "responsibilities", Prefetch("activities", queryset=activities)
        )
        return plans.prefetch_related(
            "objectives",
            Prefetch("components", queryset=components),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.filter(activity__isnull=True).order_by("order", "code"),
                to_attr="plan_indicators",
            ),
        )


class IndicatorFilter(serializers.Serializer):
    plan = id_filter(_("Solo los indicadores de este plan."))
    activity = id_filter(_("Solo los indicadores de esta actividad."))


@_list_schema(IndicatorFilter)
class IndicatorViewSet(ReadViewSet):
    """The indicators of the entity's plans, with their ficha técnica."""

    permission = "dashboards.read_dashboards"
    serializer_class = out.IndicatorSerializer
    filter_class = IndicatorFilter

    def get_queryset(self):
        rename = {"plan": "plan_id", "activity": "activity_id"}
        filters = {rename[key]: value for key, value in self.filters().items()}
        return Indicator.objects.for_user(self.request.user).filter(**filters)


class TargetFilter(serializers.Serializer):
    plan = id_filter(_("Solo las metas de los indicadores de este plan."))
    indicator = id_filter(_("Solo las metas de este indicador."))
    period_type = serializers.ChoiceField(choices=PeriodType.choices, required=False)


@_list_schema(TargetFilter)
class TargetViewSet(ReadViewSet):
    """The targets (metas) of the entity's indicators, by period."""

    permission = "dashboards.read_dashboards"
    serializer_class = out.TargetSerializer
    filter_class = TargetFilter

    def get_queryset(self):
        rename = {"plan": "indicator__plan_id", "indicator": "indicator_id", "period_type": "period_type"}
        filters = {rename[key]: value for key, value in self.filters().items()}
        return Target.objects.for_user(self.request.user).filter(**filters)


class PeriodValueFilter(TargetFilter):
    plan = id_filter(_("Solo los valores de los indicadores de este plan."))
    indicator = id_filter(_("Solo los valores de este indicador."))
    period = serializers.DateField(required=False, help_text=_("Inicio del periodo, AAAA-MM-DD."))
    area = id_filter(_("Solo los indicadores de esta dependencia (responsable del indicador o de su actividad)."))


@_list_schema(PeriodValueFilter)
class PeriodValueViewSet(ReadViewSet):
    """The indicators' values per month, quarter, year and vigencia, as the roll-up left them."""

    permission = "dashboards.read_dashboards"
    serializer_class = out.PeriodValueSerializer
    filter_class = PeriodValueFilter

    def get_queryset(self):
        filters = self.filters()
        values = PeriodValue.objects.for_user(self.request.user).select_related("indicator")
        rename = {"plan": "indicator__plan_id", "indicator": "indicator_id", "period_type": "period_type"}
        values = values.filter(**{rename[k]: v for k, v in filters.items() if k in rename})
        if "period" in filters:
            values = values.filter(period_start=filters["period"])
        if "area" in filters:
            area = filters["area"]
            measured = Indicator.objects.filter(
                Q(responsible_area_id=area) | Q(activity__responsible_areas=area)
            ).values("pk")
            values = values.filter(indicator__in=measured)
        return values


# --- reports, campaigns, pieces, mentions ---------------------------------------------------


class ReportFilter(serializers.Serializer):
    plan = id_filter(_("Solo los informes de este plan."))
    period_type = serializers.ChoiceField(choices=PeriodType.choices, required=False)


@_list_schema(ReportFilter)
class ReportViewSet(ReadViewSet):
    """The periodic reports: their metadata and the links to their XLSX and PDF."""

    permission = "reports.read_reports"
    serializer_class = out.ReportSerializer
    filter_class = ReportFilter

    def get_queryset(self):
        rename = {"plan": "plan_id", "period_type": "period_type"}
        filters = {rename[key]: value for key, value in self.filters().items()}
        return report_scope_for_user(self.request.user).filter(**filters)


class CampaignViewSet(ReadViewSet):
    """The campaigns the caller may read (an area lead: its area's)."""

    permission = "campaigns.read_campaigns"
    serializer_class = out.CampaignSerializer

    def get_queryset(self):
        return (
            Campaign.objects.visible_to(self.request.user)
            .select_related("component")
            .prefetch_related("audiences", "channels", "indicators")
        )


class PieceViewSet(ReadViewSet):
    """The content pieces of the editorial calendar the caller may read."""

    permission = "campaigns.read_campaigns"
    serializer_class = out.ContentPieceSerializer

    def get_queryset(self):
        return ContentPiece.objects.visible_to(self.request.user)


class MentionViewSet(ReadViewSet):
    """The entity's media mentions (free press)."""

    permission = "media_monitoring.read_mentions"
    serializer_class = out.MediaMentionSerializer

    def get_queryset(self):
        return MediaMention.objects.for_user(self.request.user).select_related("outlet")


# --- files ----------------------------------------------------------------------------------


def _attachment(file, filename: str, content_type: str) -> FileResponse:
    try:
        handle = file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class ReportFileView(LanguageMixin, APIView):
    """A ready report's XLSX or PDF."""

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY}, operation_id="reports_file")
    def get(self, request, pk: int, kind: str):
        require(request.user, "reports.read_reports")
        report: Report = report_get_for_user(user=request.user, report_id=pk)
        file = {"xlsx": report.xlsx, "pdf": report.pdf}.get(kind)
        if file is None or not report.is_ready or not file:
            raise Http404
        return _attachment(file, report_filename(report, kind), REPORT_CONTENT_TYPES[kind])


class EvidenceFileView(LanguageMixin, APIView):
    """An evidence file of a log the caller may read."""

    @extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY}, operation_id="evidence_file")
    def get(self, request, pk: int):
        evidence: Evidence = evidence_get_for_user(user=request.user, evidence_id=pk)
        return _attachment(evidence.file, evidence.original_name, evidence.content_type)
