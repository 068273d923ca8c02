"""What the API reads out: the shapes of its resources. Reads only; the input of the writes is
in api.inputs."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Campaign, ContentPiece
from execution.models import ActivityLog, Evidence, LogValue, ReportingPeriod
from indicators.models import Indicator, Target
from media.models import MediaMention
from plans.models import Activity, Component, Entity, Objective, Plan, Responsibility
from reports.models import Report
from rollups.models import PeriodValue


class EntitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "name", "short_name", "kind", "nit", "department", "municipality"]


class PlanSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "entity", "title", "vigencia_start", "vigencia_end", "status", "version", "is_public"]


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator with its whole ficha técnica."""

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "activity",
            "code",
            "name",
            "definition",
            "kind",
            "unit",
            "aggregation",
            "numerator_definition",
            "denominator_definition",
            "direction",
            "baseline",
            "baseline_date",
            "frequency",
            "target_derivation",
            "data_source",
            "source",
            "source_piece_kind",
            "source_channel",
            "verification_means",
            "responsible_area",
            "weight",
            "order",
        ]


class ActivitySerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "name",
            "description",
            "responsible_areas",
            "responsible_text",
            "tactics",
            "audiences",
            "channels",
            "start_date",
            "end_date",
            "frequency",
            "status",
            "order",
            "weight",
            "indicators",
        ]


class ResponsibilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["id", "text", "order"]


class ComponentSerializer(serializers.ModelSerializer):
    responsibilities = ResponsibilitySerializer(many=True, read_only=True)
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Component
        fields = ["id", "kind", "name", "objective", "description", "order", "weight", "responsibilities", "activities"]


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "kind", "text", "order"]


class PlanSerializer(PlanSummarySerializer):
    """A plan with its tree: objectives, components with their responsibilities and activities,
    each activity with its indicators; and the plan-level indicators (no activity)."""

    objectives = ObjectiveSerializer(many=True, read_only=True)
    components = ComponentSerializer(many=True, read_only=True)
    plan_indicators = serializers.SerializerMethodField()

    class Meta(PlanSummarySerializer.Meta):
        fields = [
            *PlanSummarySerializer.Meta.fields,
            "parent",
            "general_objective",
            "justification",
            "scope",
            "diagnosis",
            "policy",
            "normative_references",
            "definitions",
            "approved_on",
            "approval_body",
            "approval_act",
            "threshold_on_track",
            "threshold_at_risk",
            "objectives",
            "components",
            "plan_indicators",
        ]

    @extend_schema_field(IndicatorSerializer(many=True))
    def get_plan_indicators(self, plan: Plan) -> list:
        return IndicatorSerializer(plan.plan_indicators, many=True).data


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["id", "indicator", "period_type", "period_start", "value", "note"]


class PeriodValueSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="indicator.plan_id", read_only=True)

    class Meta:
        model = PeriodValue
        fields = [
            "id",
            "plan",
            "indicator",
            "period_type",
            "period_start",
            "value",
            "numerator",
            "denominator",
            "pending_value",
            "target",
            "achievement",
            "status",
            "approved_count",
            "pending_count",
            "computed_at",
        ]


class ReportSerializer(serializers.ModelSerializer):
    files = serializers.SerializerMethodField(help_text=_("Enlaces de descarga de los archivos listos (XLSX y PDF)."))

    class Meta:
        model = Report
        fields = [
            "id",
            "plan",
            "period_type",
            "period_start",
            "version",
            "status",
            "created_at",
            "generated_at",
            "files",
        ]

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string", "format": "uri"}})
    def get_files(self, report: Report) -> dict[str, str]:
        request = self.context.get("request")
        links = {}
        for kind in ("xlsx", "pdf"):
            if report.is_ready and getattr(report, kind):
                path = reverse("api:report-file", kwargs={"pk": report.pk, "kind": kind})
                links[kind] = request.build_absolute_uri(path) if request else path
        return links


class CampaignSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="component.plan_id", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "plan",
            "component",
            "name",
            "kind",
            "area",
            "objective",
            "key_message",
            "audiences",
            "channels",
            "indicators",
            "starts_on",
            "ends_on",
            "designed_on",
            "budget",
            "status",
        ]


class ContentPieceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContentPiece
        fields = [
            "id",
            "title",
            "kind",
            "area",
            "channel",
            "campaign",
            "activity",
            "summary",
            "is_paid",
            "scheduled_on",
            "published_on",
            "link",
            "status",
        ]


class MediaMentionSerializer(serializers.ModelSerializer):
    outlet_name = serializers.CharField(source="outlet.name", read_only=True)

    class Meta:
        model = MediaMention
        fields = [
            "id",
            "outlet",
            "outlet_name",
            "media_type",
            "date",
            "headline",
            "url",
            "reach",
            "sentiment",
            "rating",
            "acceptance",
            "free_press_value",
            "campaign",
            "activity",
        ]


class LogValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = LogValue
        fields = ["indicator", "value", "numerator", "denominator"]


class EvidenceSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "uploaded_at", "download"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, evidence: Evidence) -> str:
        request = self.context.get("request")
        path = reverse("api:evidence-file", kwargs={"pk": evidence.pk})
        return request.build_absolute_uri(path) if request else path


class ActivityLogSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="activity.component.plan_id", read_only=True)
    values = LogValueSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = ActivityLog
        fields = [
            "id",
            "plan",
            "activity",
            "area",
            "date",
            "description",
            "reach_total",
            "reach_public_servants",
            "reach_contractors",
            "links",
            "status",
            "reported_by",
            "review_comment",
            "reviewed_at",
            "created_at",
            "updated_at",
            "values",
            "evidence",
        ]

    def get_links(self, log: ActivityLog) -> list[str]:
        return [line for line in log.links.splitlines() if line.strip()]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "period_start", "period_end", "deadline", "status"]


class SubmissionResultSerializer(serializers.Serializer):
    submitted = serializers.IntegerField(help_text=_("Cuántos registros se enviaron."))
    detail = serializers.CharField()
