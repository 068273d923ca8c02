"""The demo's transparency page: one plan published, so that a visitor sees what citizens see
(Ley 1712) without logging in. Registered like every app's demo loader (plans.demo_registry)."""

from __future__ import annotations

from django.urls import reverse

from plans import demo_registry
from plans.enums import PlanStatus
from plans.models import Plan

# A city hall's plan in execution, with a year of figures: what a transparency page is for.
PUBLISHED_PLAN = "Plan de Comunicaciones – Estrategia de Gobierno en línea"


def demo_transparency_publish() -> Plan | None:
    """Publish the demo's plan on its transparency page (idempotent); return it, or None when
    the seed plan is not loaded."""
    plan = Plan.objects.filter(title=PUBLISHED_PLAN, status=PlanStatus.IN_EXECUTION).order_by("pk").first()
    if plan is not None and not plan.is_public:
        plan.is_public = True
        plan._change_reason = "Publicado en la página de transparencia de la demostración"
        plan.save(update_fields=["is_public"])
    return plan


def _demo_load() -> str | None:
    plan = demo_transparency_publish()
    if plan is None:
        return None
    return f"Página de transparencia publicada: {reverse('dashboards:public_plan', args=[plan.pk])} ({plan.title})."


# Last: the page shows the figures the history's roll-up wrote, and its address is printed
# just before the demo logins.
demo_registry.register("transparency", order=95, load=_demo_load)
