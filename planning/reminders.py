"""The January reminder of the Plan de Acción (Decreto 612 de 2018: published by 31 January):
each press office whose plan runs this year and has not published the year's action plan gets an
e-mail, every Monday of January until it is published. The day is a parameter so that callers
(and tests) decide what «today» is."""

from __future__ import annotations

import logging
from datetime import date

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from execution.reminders import absolute_url
from planning.enums import ActionPlanStatus
from planning.services import PLANNABLE
from plans.enums import Role
from plans.models import Plan, User

logger = logging.getLogger(__name__)


def plans_missing_action_plan(day: date) -> list[Plan]:
    """Plans approved or in execution whose vigencia covers ``day``'s year and whose action plan
    of that year is not published."""
    published = Plan.objects.filter(
        action_plans__year=day.year, action_plans__status=ActionPlanStatus.PUBLISHED
    ).values("pk")
    return list(
        Plan.objects.filter(status__in=PLANNABLE, vigencia_start__year__lte=day.year, vigencia_end__year__gte=day.year)
        .exclude(pk__in=published)
        .select_related("entity")
        .order_by("entity__name", "title")
    )


def send_action_plan_reminders(*, day: date) -> int:
    """Send the reminder to every press officer concerned; return how many e-mails went out.
    Outside January nothing is sent."""
    if day.month != 1:
        return 0
    sent = 0
    for plan in plans_missing_action_plan(day):
        recipients = User.objects.filter(entity=plan.entity_id, is_active=True, groups__name=Role.PRESS).exclude(
            email=""
        )
        for user in recipients:
            with translation.override("es-co"):
                context = {
                    "user": user,
                    "plan": plan,
                    "year": day.year,
                    "url": absolute_url(reverse("planning:plan_planning", args=[plan.pk])),
                }
                subject = _("Falta publicar el Plan de Acción %(year)s") % {"year": day.year}
                body = render_to_string("planning/email/action_plan_reminder.txt", context)
            message = EmailMultiAlternatives(subject=subject, body=body, to=[user.email])
            try:
                message.send()
            except OSError:
                logger.warning("action plan reminder to user %s failed", user.pk)
                continue
            sent += 1
    return sent
