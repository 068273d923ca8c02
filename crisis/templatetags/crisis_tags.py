"""Display helpers of the crisis pages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def minutes_display(minutes: int | None) -> str:
    """Show a number of minutes as «47 min», «2 h 05 min» or «1 d 3 h 00 min»; «—» when None."""
    if minutes is None or minutes == "":
        return "—"
    minutes = int(minutes)
    if minutes < 60:
        return _("%(m)s min") % {"m": minutes}
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(d)s d %(h)s h %(m)02d min") % {"d": days, "h": hours, "m": mins}
    return _("%(h)s h %(m)02d min") % {"h": hours, "m": mins}
