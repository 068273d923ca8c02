"""LargeSelect and BootstrapBoundField write in Python what Django's widget templates and
crispy-forms write: same options, selection, escaping, ids and label association."""

import re

import pytest
from django import forms
from django.utils.safestring import mark_safe

from plans.models import Area
from plans.widgets import BootstrapBoundField, LargeModelChoiceField, LargeSelect

CHOICES = [
    ("", "Todos"),
    (1, "Boletín <b> & \"comunicados\" 'internos'"),
    ("Componente interno", [(2, "Intranet"), (3, "Cartelera")]),
]


class FilterForm(forms.Form):
    bound_field_class = BootstrapBoundField

    plan = forms.ChoiceField(label="Plan", choices=CHOICES, required=False, widget=LargeSelect)
    stock = forms.ChoiceField(label="Plan", choices=CHOICES, required=False)
    month = forms.DateField(label="Mes", help_text="Como AAAA-MM.", error_messages={"invalid": "Indique el <mes>."})
    deadline = forms.DateField(label="Fecha <límite>", required=False)


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_large_select_writes_what_django_select_writes():
    form = FilterForm({"plan": "2", "stock": "2"})

    large = squeeze(str(form["plan"]))
    stock = squeeze(str(form["stock"])).replace('name="stock"', 'name="plan"').replace("id_stock", "id_plan")

    assert large == stock


def test_large_select_marks_the_chosen_option_selected_and_only_it():
    html = str(FilterForm({"plan": "3"})["plan"])

    assert re.findall(r"<option[^>]*selected[^>]*>[^<]*</option>", html) == [
        '<option value="3" selected>Cartelera</option>'
    ]


def test_large_select_with_nothing_chosen_selects_the_empty_option():
    html = str(FilterForm()["plan"])

    assert '<option value="" selected>Todos</option>' in html


def test_large_select_escapes_labels_and_group_names():
    html = str(FilterForm()["plan"])

    assert '<option value="1">Boletín &lt;b&gt; &amp; &quot;comunicados&quot; &#x27;internos&#x27;</option>' in html
    assert '<optgroup label="Componente interno">' in html
    assert "<b>" not in html


def test_large_select_keeps_a_label_already_marked_safe():
    field = forms.ChoiceField(choices=[(1, mark_safe("<em>Prensa</em>"))], widget=LargeSelect)

    html = field.widget.render("unit", "1")

    assert '<option value="1" selected><em>Prensa</em></option>' in html


def test_large_select_writes_the_widget_attributes_escaped():
    widget = LargeSelect(attrs={"data-note": 'dice "hola"', "disabled": True, "hidden": False})

    html = widget.render("area", "", attrs={"id": "abrir_area"})

    assert html.startswith('<select name="area" data-note="dice &quot;hola&quot;" disabled id="abrir_area">')


def test_field_group_label_is_for_the_select_id():
    html = FilterForm(auto_id="abrir_%s")["plan"].as_field_group()

    assert '<label for="abrir_plan" class="form-label">Plan</label>' in html
    assert '<select name="plan" class="form-select" id="abrir_plan">' in html
    assert html.startswith('<div id="div_abrir_plan" class="mb-3">')


def test_field_group_marks_a_required_field_and_links_its_help_text():
    html = FilterForm()["month"].as_field_group()

    assert (
        '<label for="id_month" class="form-label requiredField">Mes<span class="asteriskField">*</span></label>' in html
    )
    assert 'class="form-control" required aria-describedby="id_month_helptext" id="id_month"' in html
    assert '<div id="id_month_helptext" class="form-text">Como AAAA-MM.</div>' in html


def test_field_group_shows_errors_linked_to_the_invalid_input():
    form = FilterForm({"month": "marzo"})
    form.is_valid()

    html = form["month"].as_field_group()

    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true" aria-describedby="id_month_helptext id_month_error"' in html
    assert (
        '<div id="id_month_error" class="invalid-feedback"><span id="error_1_id_month"><strong>'
        "Indique el &lt;mes&gt;.</strong></span></div>"
    ) in html


def test_field_group_escapes_the_label():
    html = FilterForm()["deadline"].as_field_group()

    assert '<label for="id_deadline" class="form-label">Fecha &lt;límite&gt;</label>' in html


def test_field_group_refuses_a_widget_it_does_not_write():
    class CheckForm(forms.Form):
        bound_field_class = BootstrapBoundField
        public = forms.BooleanField(required=False)

    with pytest.raises(TypeError, match=r"^CheckboxInput is not rendered by BootstrapBoundField$"):
        CheckForm()["public"].as_field_group()


@pytest.mark.django_db
def test_a_required_model_select_is_required_without_reading_its_choices_twice(django_assert_num_queries, entity):
    class AreaForm(forms.Form):
        with_empty = forms.ModelChoiceField(queryset=Area.objects.all(), widget=LargeSelect)
        without_empty = forms.ModelChoiceField(queryset=Area.objects.all(), empty_label=None, widget=LargeSelect)

    form = AreaForm()

    with django_assert_num_queries(2):  # each list's options, once
        with_empty, without_empty = str(form["with_empty"]), str(form["without_empty"])
    assert with_empty.startswith('<select name="with_empty" required id="id_with_empty">')
    assert without_empty.startswith('<select name="without_empty" id="id_without_empty">')


@pytest.mark.django_db
def test_a_large_model_choice_offers_what_a_model_choice_offers(entity, area_a):
    stock = forms.ModelChoiceField(queryset=Area.objects.order_by("name"), empty_label="Todas")
    large = LargeModelChoiceField(queryset=Area.objects.order_by("name"), empty_label="Todas")

    assert [(str(value), label) for value, label in large.choices] == [
        (str(value), label) for value, label in stock.choices
    ]
    assert [label for _value, label in large.choices] == ["Todas", area_a.name]
    assert large.clean(str(area_a.pk)) == area_a
