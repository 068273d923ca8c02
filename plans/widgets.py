"""Form rendering the apps share, written in Python for the pages opened every day.

``LargeSelect`` is Django's ``Select`` for long lists (the 300 activities of a plan in the
filters of the daily pages): the same options, selection, optgroups and attributes, written in
Python instead of through two widget templates per option, which cost about 0.1 ms an option.
``LargeModelChoiceField`` reads its options in one plain query (no server-side cursor).
``BootstrapBoundField`` writes a field with its label, errors and help text as crispy-forms
does, at a tenth of its cost: a form opts in with ``bound_field_class`` and its template calls
``{{ form.field.as_field_group }}``.
"""

from __future__ import annotations

import html

from django import forms
from django.forms.boundfield import BoundField
from django.forms.models import ModelChoiceIterator
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe


def escape_html(value) -> str:
    """Django's ``conditional_escape`` without its lazy-argument wrapper, which costs more than
    the escaping on a list of hundreds of options (or the cards of a page written in Python):
    safe strings as they are, anything else escaped (``&<>"'``)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def flat_attrs(attrs: dict) -> SafeString:
    """Return ``attrs`` as Django's ``attrs.html`` writes them: ` name="value"`, a bare ` name`
    for True, nothing for False."""
    return mark_safe(  # noqa: S308 -- every name and value is escaped here
        "".join(
            f" {escape_html(name)}" if value is True else f' {escape_html(name)}="{escape_html(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class LargeSelect(forms.Select):
    """A ``<select>`` rendered in Python: the markup of ``django/forms/widgets/select.html``
    (its ``id`` keeps the label's ``for``, ``aria-describedby`` its help text, the selected
    option its ``selected``), without a template per option."""

    def use_required_attribute(self, initial) -> bool:
        # Select reads the first choice to know whether it is the empty one: for a model
        # choice that is a query of its own, and the answer is whether the field has an
        # empty label.
        if isinstance(self.choices, ModelChoiceIterator):
            return not self.is_hidden and self.choices.field.empty_label is not None
        return super().use_required_attribute(initial)

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape_html(widget["name"])}"{flat_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape_html(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape_html(option["value"])}"'
                f"{flat_attrs(option['attrs']) if option['attrs'] else ''}>{escape_html(option['label'])}</option>"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 -- built from escaped parts only


class FetchedChoiceIterator(ModelChoiceIterator):
    """The options of a model choice read in one plain query. Django's iterator goes through
    ``QuerySet.iterator()``: a server-side cursor on PostgreSQL (DECLARE, FETCH and CLOSE,
    three round trips) for a list of a few plans or areas."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class LargeModelChoiceField(forms.ModelChoiceField):
    """A model choice for the pages opened every day: its options read in one query
    (FetchedChoiceIterator) and written by LargeSelect."""

    iterator = FetchedChoiceIterator
    widget = LargeSelect


# Crispy-forms marks a required field's label so.
REQUIRED_MARK = '<span class="asteriskField">*</span>'


class BootstrapBoundField(BoundField):
    """A field whose ``as_field_group()`` writes, in Python, the Bootstrap markup the site's
    forms get from crispy-forms: the label (``for`` the widget's id, an asterisk when
    required), the widget with ``form-select`` or ``form-control`` (and ``is-invalid`` with
    its errors), the errors and the help text under the ids ``aria-describedby`` names.
    About a tenth of crispy's cost, for the small forms of pages opened every day (filters).
    Selects and text-like inputs only: checkboxes, radios and files keep crispy."""

    def as_field_group(self) -> SafeString:
        widget = self.field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple | forms.FileInput):
            raise TypeError(f"{type(widget).__name__} is not rendered by BootstrapBoundField")
        if self.is_hidden:
            return self.as_widget()
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        classes = " ".join(filter(None, [widget.attrs.get("class", ""), css, "is-invalid" if self.errors else ""]))
        required = self.field.required
        label_class, asterisk = ("form-label requiredField", REQUIRED_MARK) if required else ("form-label", "")
        parts = [
            f'<div id="div_{escape_html(self.auto_id)}" class="mb-3">',
            f'<label for="{escape_html(self.id_for_label)}" class="{label_class}">'
            f"{escape_html(self.label)}{asterisk}</label>",
            self.as_widget(attrs={"class": classes}),
        ]
        if self.errors:
            parts.append(f'<div id="{escape_html(self.auto_id)}_error" class="invalid-feedback">')
            parts.extend(
                f'<span id="error_{n}_{escape_html(self.auto_id)}"><strong>{escape_html(error)}</strong></span>'
                for n, error in enumerate(self.errors, start=1)
            )
            parts.append("</div>")
        if self.help_text:
            parts.append(f'<div id="{escape_html(self.auto_id)}_helptext" class="form-text">{self.help_text}</div>')
        parts.append("</div>")
        return mark_safe("".join(parts))  # noqa: S308 -- built from escaped parts; help texts are ours
