"""Views of the plans app: the role-aware home, the press office's home, the workspace and the
error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import requires_csrf_token

from plans.rules import is_area_lead, is_manager, is_press, require
from plans.selectors import plan_list_for_user
from plans.worklist import worklist_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role where it works: the press office to its home (what waits for it),
    managers to the dashboard overview, area leads to «Mis actividades», the others to their
    workspace."""
    # Where each role works, not a permission: the roles' predicates of plans.rules.
    user = request.user
    if is_press(user):
        return redirect("plans:press_home")
    if is_manager(user):
        return redirect("dashboards:overview")
    if is_area_lead(user):
        # Named by URL, not imported: plans never imports indicators.
        return redirect("dashboards:my_activities")
    return redirect("plans:workspace")


@login_required
def press_home(request: HttpRequest) -> HttpResponse:
    """«Inicio de la oficina de prensa»: what waits for it (the registered queue items, counted
    in its entity) and the pages it works in."""
    user = request.user
    require(user, "plans.read_press_worklist")
    rows = worklist_for_user(user=user)
    return render(
        request,
        "plans/press_home.html",
        {"rows": rows, "waiting": sum(row.count for row in rows), "entity": user.entity},
    )


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    plans = plan_list_for_user(user=request.user)
    return render(request, "plans/workspace.html", {"plans": plans})


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error(request, "404.html", 404)


def server_error(request):
    # No context processors that could fail again: a plain render of a static template.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
