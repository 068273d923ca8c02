"""Dashboards, the indicator and area pages, the overview, and the public transparency page with
its open data.

Thin: check the role, fetch with the scope check (a selector that raises 404), call one
selector, render. They read rolled-up period values, never the raw logs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from dashboards import exports
from dashboards.cache import cached
from dashboards.filters import int_param, parse_month
from dashboards.selectors import consolidated as consolidated_read
from dashboards.selectors.area import area_dashboard as area_dashboard_read
from dashboards.selectors.area import area_get_for_user
from dashboards.selectors.indicator import (
    indicator_ficha,
    indicator_get_for_user,
    indicator_logs,
    indicator_series,
    indicator_series_key,
    indicator_target_history,
)
from dashboards.selectors.lead import activities_for_lead
from dashboards.selectors.overview import (
    entity_comparison,
    entity_comparison_export,
    entity_get,
    entity_queryset,
    overview_chart,
    overview_plans,
)
from dashboards.selectors.overview import (
    overview_export as overview_export_rows,
)
from dashboards.selectors.plan import plan_dashboard as plan_dashboard_read
from dashboards.selectors.plan import plan_dashboard_export as plan_dashboard_rows
from dashboards.selectors.public import (
    OPEN_DATA_COLUMNS,
    PUBLIC_MAX_AGE,
    open_data_cached,
    open_data_json,
    open_data_rows,
    public_cache_key,
    public_plan_get,
    public_plan_page,
    public_year,
)
from execution.rows import log_rows
from plans.rules import allows, require
from plans.selectors import entities_compared_by, plan_get_for_user
from plans.web import PAGE_SIZE, querystring_without_page

# --- dashboards: plan, indicator, area, overview; the public transparency page ---------------
# They read the rolled-up period values through dashboards, never the raw logs.


def _private_download(response: HttpResponse) -> HttpResponse:
    # The entity's figures: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """«Mis actividades»: the lead's area's activities, what is logged and what is missing this
    month, the open reporting periods to submit and the returned logs to correct."""
    require(request.user, "execution.submit_area_logs")
    overview = activities_for_lead(user=request.user, today=timezone.localdate())
    return render(request, "dashboards/activity_list.html", {"overview": overview})


@login_required
def plan_dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    """«Tablero del plan»: progress overall, by component and by area, and the indicator table
    with its traffic lights and trends, for the period chosen in the GET form."""
    user = request.user
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    require(user, "dashboards.read_dashboards")
    dashboard = plan_dashboard_read(plan=plan, params=request.GET, today=timezone.localdate())
    sees_all_areas = allows(user, "dashboards.read_all_areas")
    return render(
        request,
        "dashboards/dashboard_plan.html",
        {
            "plan": plan,
            "dashboard": dashboard,
            "sees_all_areas": sees_all_areas,
            # The cached fragment links to the areas this viewer may open.
            "viewer": "all" if sees_all_areas else f"area-{user.area_id}",
        },
    )


@login_required
def plan_dashboard_export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """The dashboard's indicator table as CSV or XLSX, with the page's filters and order."""
    user = request.user
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    require(user, "dashboards.read_dashboards")
    dashboard = plan_dashboard_read(plan=plan, params=request.GET, today=timezone.localdate())
    header, rows = plan_dashboard_rows(plan=plan, filters=dashboard.filters)
    filters = dashboard.filters
    name = f"tablero-plan-{plan.pk}-{filters.period_type}-{filters.period_start:%Y-%m}"
    return _private_download(
        exports.table_response(fmt, filename=name, title=_("Indicadores"), header=header, rows=rows)
    )


@login_required
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """An indicator: its ficha técnica, its value and target by month, quarter and year, the
    logs behind them (those the viewer may read) and the history of its targets."""
    user = request.user
    indicator = indicator_get_for_user(user=user, indicator_id=indicator_id)
    require(user, "dashboards.read_dashboards")
    month = parse_month(request.GET.get("mes"))
    page = Paginator(indicator_logs(user=user, indicator=indicator, month=month), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "dashboards/indicator_detail.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "ficha": indicator_ficha(indicator),
            # Read only when the rendered series are not in the tile cache under this key.
            "series": SimpleLazyObject(lambda: indicator_series(indicator)),
            "series_key": indicator_series_key(indicator),
            "history": indicator_target_history(indicator),
            "month": month,
            "page": page,
            # One plan's logs: the table names no plan.
            "rows": log_rows(page.object_list, plan=False),
            "querystring": querystring_without_page(request),
        },
    )


@login_required
def area_dashboard(request: HttpRequest, area_id: int) -> HttpResponse:
    """An area's page: its indicators this month and this year, what it still owes this month
    and how it does against its own targets. For the area's leads and the entity's press office
    and managers."""
    user = request.user
    area = area_get_for_user(user=user, area_id=area_id)
    require(user, "dashboards.read_area", area)
    dashboard = area_dashboard_read(user=user, area=area, today=timezone.localdate())
    return render(request, "dashboards/area_dashboard.html", {"area": area, "dashboard": dashboard})


def _overview_scope(request: HttpRequest):
    """Return (the entity whose plans the overview lists, the entities the user compares).

    A user who follows other entities (a superuser; the people of a governorship or of MinTIC
    that follows municipalities) gets the comparison, or one of those entities with
    ``?entidad=``; anyone else gets their own entity."""
    user = request.user
    compared = entities_compared_by(user=user)
    if compared is None:
        return user.entity, None
    entity_id = request.GET.get("entidad")
    return (entity_get(entity_id, among=compared) if entity_id else None), compared


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """«Tablero»: every plan of the entity with its progress this year; for a superuser, the
    comparison across entities, 25 a page."""
    require(request.user, "dashboards.read_overview")
    year = timezone.localdate().year
    entity, compared = _overview_scope(request)
    context = {"year": year, "entity": entity, "compares": compared is not None}
    if entity is None:
        page = Paginator(entity_queryset(compared), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            comparison=entity_comparison(entities=list(page.object_list), year=year),
            querystring="",
        )
    else:
        plans = overview_plans(entity_id=entity.pk, year=year)
        context.update(plans=plans, chart=overview_chart(plans))
    return render(request, "dashboards/overview.html", context)


@login_required
def overview_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The overview's table as CSV or XLSX: the entity's plans, or every entity for a superuser."""
    require(request.user, "dashboards.read_overview")
    year = timezone.localdate().year
    entity, compared = _overview_scope(request)
    if entity is None:
        header, rows = entity_comparison_export(year=year, among=compared)
        name = f"tablero-entidades-{year}"
    else:
        header, rows = overview_export_rows(plans=overview_plans(entity_id=entity.pk, year=year), year=year)
        name = f"tablero-entidad-{entity.pk}-{year}"
    return _private_download(exports.table_response(fmt, filename=name, title=_("Tablero"), header=header, rows=rows))


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def public_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The transparency page of a published plan, without login: its summary, components and
    indicator results by year and quarter, and its open data. No person, log or evidence.

    Rendered without the request (no user, no CSRF token in it) and cached per plan, year and
    language until the plan's next roll-up.
    """
    plan = public_plan_get(plan_id=plan_id)
    year, years = public_year(plan, request.GET, timezone.localdate())
    html = cached(
        public_cache_key(plan=plan, year=year),
        lambda: render_to_string(
            "dashboards/public_plan.html",
            {
                "page": public_plan_page(plan=plan, year=year, years=years),
                "columns": OPEN_DATA_COLUMNS,
            },
        ),
    )
    return _public(HttpResponse(html))


def public_plan_data(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """The open data of a published plan: CSV (UTF-8 with BOM, comma-separated) or JSON, with
    the columns documented on its transparency page."""
    plan = public_plan_get(plan_id=plan_id)
    if fmt == "json":
        body = open_data_cached(plan=plan, fmt=fmt, compute=lambda: open_data_json(plan=plan))
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    else:
        names = [name for name, _type, _description in OPEN_DATA_COLUMNS]
        text = open_data_cached(plan=plan, fmt=fmt, compute=lambda: exports.csv_text(names, open_data_rows(plan=plan)))
        response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="datos-plan-{plan.pk}.csv"'
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return _public(response)


@login_required
def consolidated(request: HttpRequest) -> HttpResponse:
    """«Vista consolidada» of the entities the user's entity follows: indicators on track, at
    risk and late by entity, by component type and by quarter; ``?entidad=`` drills down to one
    followed entity's plans (never its drafts). A fixed number of queries per page."""
    require(request.user, "dashboards.compare_entities")
    year = int_param(request.GET.get("anio")) or timezone.localdate().year
    followed = consolidated_read.followed_entities(request.user)
    context = {"year": year, "headers": consolidated_read.status_headers()}
    entity_id = request.GET.get("entidad")
    if entity_id:
        entity = entity_get(entity_id, among=followed)
        plans = consolidated_read.entity_drilldown(entity=entity, year=year)
        context.update(entity=entity, plan_shares=[share for _plan, share in plans])
    else:
        page = Paginator(followed, PAGE_SIZE).get_page(request.GET.get("page"))
        data = consolidated_read.consolidated(followed=followed, page_entities=list(page.object_list), year=year)
        context.update(page=page, data=data, overall=[data.overall], querystring=f"anio={year}")
    return render(request, "dashboards/consolidated.html", context)
