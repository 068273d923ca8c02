"""The API's writes of the reporting cycle: execution logs and their values, evidence, the
area's submission of a period, and the press office's approval and return. Each calls the same
service as the web form (execution.services), with its validation and its Spanish messages."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from api import inputs
from api import serializers as out
from api.errors import service_errors
from api.views import ApiViewMixin, id_filter
from execution import services as logs
from execution.enums import LogStatus
from execution.models import ActivityLog, ReportingPeriod
from execution.selectors import (
    activity_get_for_logging,
    log_get_for_user,
    log_list_for_user,
    reporting_period_for_submit,
)
from execution.tasks import enqueue_log_returned
from plans.models import User
from plans.rules import allows, require

VALUE_KEY = re.compile(r"^(value|numerator|denominator)_(\d+)$")


def _renamer(values: list[dict]):
    """Map the service's ``value_12`` to the API's ``values[0].value`` (the item of indicator 12)."""
    index = {item["indicator"]: position for position, item in enumerate(values)}

    def rename(key: str) -> str:
        match = VALUE_KEY.match(key)
        if not match:
            return key
        part, indicator = match.group(1), int(match.group(2))
        return f"values[{index[indicator]}].{part}" if indicator in index else "values"

    return rename


def _call(service, values: list[dict], /, **kwargs):
    """Call a service; its ValidationError becomes the API's 400 naming the fields."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        raise exceptions.ValidationError(service_errors(error, _renamer(values))) from None


class LogFilter(serializers.Serializer):
    plan = id_filter(gettext_lazy("Solo los registros de este plan."))
    activity = id_filter(gettext_lazy("Solo los registros de esta actividad."))
    area = id_filter(gettext_lazy("Solo los registros de esta dependencia."))
    status = serializers.ChoiceField(choices=LogStatus.choices, required=False)


LOG_FILTERS = {"plan": "activity__component__plan_id", "activity": "activity_id", "area": "area_id", "status": "status"}


@extend_schema_view(
    list=extend_schema(parameters=[LogFilter]),
    create=extend_schema(request=inputs.LogCreateInput, responses={201: out.ActivityLogSerializer}),
    partial_update=extend_schema(request=inputs.LogInput, responses={200: out.ActivityLogSerializer}),
)
class LogViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Execution logs (registros de ejecución): an area lead reads and writes its area's, the
    press office its entity's; only the press office approves or returns."""

    serializer_class = out.ActivityLogSerializer
    filter_class = LogFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        filters = {LOG_FILTERS[key]: value for key, value in self.filters().items()}
        return log_list_for_user(user=self.request.user).select_related("activity__component").filter(**filters)

    def get_object(self) -> ActivityLog:
        return log_get_for_user(user=self.request.user, log_id=self.kwargs["pk"])

    def _respond(self, log: ActivityLog, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=log.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        user: User = request.user
        require(user, "execution.write_logs")
        form = inputs.LogCreateInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        activity = activity_get_for_logging(user=user, activity_id=data["activity"])
        area = user.area
        if allows(user, "execution.choose_log_area"):
            area = activity.responsible_areas.filter(pk=data.get("area") or 0).first()
            if area is None:
                raise exceptions.ValidationError(
                    {"area": [_("Elija una de las dependencias responsables de la actividad.")]}
                )
        values = data.get("values", [])
        token = data.get("submission_token")
        try:
            log = _call(
                logs.log_record,
                values,
                user=user,
                activity=activity,
                area=area,
                submission_token=token,
                **_arguments(data, values),
            )
        except IntegrityError:
            # The same token committed by a concurrent request: answer with the log it created.
            log = ActivityLog.objects.filter(submission_token=token, reported_by=user).first() if token else None
            if log is None:
                raise
        return self._respond(log, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        user: User = request.user
        log = self.get_object()
        require(user, "execution.write_logs")
        form = inputs.LogInput(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = {**_current(log), **form.validated_data}
        values = data.get("values", [])
        _call(logs.log_correct, values, user=user, log=log, **_arguments(data, values))
        return self._respond(log)

    @extend_schema(request=inputs.ReasonInput, responses={200: out.ActivityLogSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a log with a reason: it stays, with its history, but no longer counts."""
        log = self.get_object()
        require(request.user, "execution.write_logs")
        form = inputs.ReasonInput(data=request.data)
        form.is_valid(raise_exception=True)
        _call(logs.log_withdraw, [], user=request.user, log=log, reason=form.validated_data["reason"])
        return self._respond(log)

    @extend_schema(request=None, responses={200: out.ActivityLogSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve a submitted log (the press office only): its values count from now on."""
        require(request.user, "execution.review_logs")
        log = self.get_object()
        _call(logs.log_approve, [], user=request.user, log=log)
        return self._respond(log)

    @extend_schema(request=inputs.CommentInput, responses={200: out.ActivityLogSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_log(self, request, pk=None):
        """Return a submitted log to its area with what to correct (the press office only)."""
        require(request.user, "execution.review_logs")
        log = self.get_object()
        form = inputs.CommentInput(data=request.data)
        form.is_valid(raise_exception=True)
        _call(logs.log_return, [], user=request.user, log=log, comment=form.validated_data["comment"])
        transaction.on_commit(lambda: enqueue_log_returned(log.pk))
        return self._respond(log)

    @extend_schema(request={"multipart/form-data": inputs.EvidenceInput}, responses={201: out.ActivityLogSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def evidence(self, request, pk=None):
        """Attach an evidence file to a log, with the web form's type and size checks."""
        user: User = request.user
        log = self.get_object()
        require(user, "execution.write_logs")
        form = inputs.EvidenceInput(data=request.data)
        form.is_valid(raise_exception=True)
        data = _current(log)
        values = data["values"]
        arguments = {**_arguments(data, values), "files": [form.validated_data["file"]]}
        _call(logs.log_correct, values, user=user, log=log, **arguments)
        return self._respond(log, status.HTTP_201_CREATED)


def _current(log: ActivityLog) -> dict:
    """A log's stored fields as the API's input: what a correction keeps when it does not say."""
    return {
        "date": log.date,
        "description": log.description,
        "reach_total": log.reach_total,
        "reach_public_servants": log.reach_public_servants,
        "reach_contractors": log.reach_contractors,
        "links": [line for line in log.links.splitlines() if line.strip()],
        "values": [
            {"indicator": v.indicator_id, "value": v.value, "numerator": v.numerator, "denominator": v.denominator}
            for v in log.values.all()
        ],
    }


def _arguments(data: dict, values: list[dict]) -> dict:
    """The keyword arguments of log_record / log_correct from the validated input."""
    return {
        "date": data.get("date"),
        "values": inputs.LogInput.value_inputs(values),
        "description": data.get("description", ""),
        "reach_total": data.get("reach_total"),
        "reach_public_servants": data.get("reach_public_servants"),
        "reach_contractors": data.get("reach_contractors"),
        "links": "\n".join(data.get("links", [])),
    }


class ReportingPeriodViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """The reporting periods of the entity's plans; an area lead submits its area's drafts."""

    permission = "dashboards.read_dashboards"
    serializer_class = out.ReportingPeriodSerializer

    def get_queryset(self):
        return ReportingPeriod.objects.for_user(self.request.user)

    @extend_schema(request=None, responses={200: out.SubmissionResultSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the caller's area's draft logs of this period to the press office (area leads)."""
        user: User = request.user
        require(user, "execution.submit_area_logs")
        period = reporting_period_for_submit(user=user, period_id=pk)
        count = _call(logs.area_period_submit, [], user=user, reporting_period=period)
        detail = ngettext(
            "Se envió %(count)s registro de %(period)s a la oficina de prensa.",
            "Se enviaron %(count)s registros de %(period)s a la oficina de prensa.",
            count,
        ) % {"count": count, "period": period.label}
        return Response({"submitted": count, "detail": detail})
