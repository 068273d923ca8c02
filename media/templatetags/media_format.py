"""Presentation of free-press figures: amounts in COP and grouped counts, Colombian style."""

from django import template

from media.valuation import format_money, format_number

register = template.Library()


@register.filter
def cop(value) -> str:
    """«$ 4.200.000»; an empty value shows a dash."""
    return "—" if value is None or value == "" else format_money(value)


@register.filter
def grouped(value) -> str:
    """«1.234.567»; an empty value shows a dash."""
    return "—" if value is None or value == "" else format_number(value)
