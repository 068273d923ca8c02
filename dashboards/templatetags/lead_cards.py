"""«Mis actividades»'s activity cards, written in Python (dashboards.cards)."""

from django import template

from dashboards.cards import activity_cards, rest_items

register = template.Library()
register.filter("activity_cards", activity_cards)
register.filter("rest_items", rest_items)
