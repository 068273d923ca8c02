"""The review filter names «all areas» as the office writes it: «Dependencia: Todas»."""

import pytest

from execution.forms import ReviewFilterForm
from plans.models import Area, Plan

pytestmark = pytest.mark.django_db


def test_all_areas_read_todas_and_all_plans_todos(entity, area_a):
    form = ReviewFilterForm(plans=Plan.objects.all(), areas=Area.objects.all())
    assert next(iter(form.fields["area"].choices)) == ("", "Todas")
    assert next(iter(form.fields["plan"].choices)) == ("", "Todos")
