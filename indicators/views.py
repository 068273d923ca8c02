"""The plan matrix page: a plan's components, activities and indicators in one table."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from indicators.selectors import matrix_rows
from indicators.selectors import plan_matrix as plan_matrix_components
from plans.selectors import plan_get_for_user


@login_required
def plan_matrix(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The read-only «Matriz del plan»: componente → responsabilidades → actividades → indicadores."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    components, plan_indicators = plan_matrix_components(plan=plan)
    return render(
        request,
        "indicators/plan_matrix.html",
        {"plan": plan, "rows": matrix_rows(components), "plan_indicators": plan_indicators},
    )
