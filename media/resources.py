"""Importing media mentions from a CSV or XLSX file (django-import-export, in the admin).

Every import creates new mentions of the importing user's entity. Columns are matched however
people typed their headers («fecha», «FECHA», «Tipo de Medio»); values go through the shared
readers of ``imports.readers`` (Colombian numbers and day-first dates); the outlet is found by
name within the entity, without regard to accents or case. Every error is reported on its row
and column, in Spanish; the admin previews the import (dry run) and writes nothing while any row
is wrong (all or nothing). Each mention is valued from the tariff table as the web form does.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from campaigns.models import Campaign
from imports.readers import normalize_name, parse_date, parse_decimal
from media.enums import Acceptance, MediaType, Sentiment
from media.models import MediaMention, Outlet
from media.valuation import TariffBook, valuation_apply


class SpreadsheetCSV(base_formats.CSV):
    """CSV separated by commas or by semicolons: Excel in Spanish saves with «;» because the
    comma is its decimal separator. The first line decides."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        first_line = in_stream.lstrip("\ufeff").split("\n", 1)[0]
        kwargs.setdefault("delimiter", ";" if first_line.count(";") > first_line.count(",") else ",")
        return base_formats.TablibFormat.create_dataset(self, in_stream, **kwargs)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class DecimalWidget(widgets.Widget):
    """A number read the Colombian way («1.234,5», «$ 1.500.000»); empty is no value."""

    def __init__(self, label: str, *, integer: bool = False) -> None:
        super().__init__()
        self.label, self.integer = label, integer

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        number = parse_decimal(value, field=self.label)
        if self.integer:
            if number != number.to_integral_value():
                raise ValueError(_("«%(field)s»: escriba un número entero.") % {"field": self.label})
            return int(number)
        return number


class DateWidget(widgets.Widget):
    """A date, day first as written in Colombia («12/03/2024», «12 de marzo de 2024»)."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def clean(self, value, row=None, **kwargs):
        return None if _blank(value) else parse_date(value, field=self.label)


class ChoiceWidget(widgets.Widget):
    """One of a TextChoices, by its code or its label, without regard to accents or case."""

    def __init__(self, label: str, choices, *, required: bool = True) -> None:
        super().__init__()
        self.label, self.choices, self.required = label, choices, required
        self.lookup = {}
        for value, name in choices.choices:
            self.lookup[normalize_name(value)] = value
            self.lookup[normalize_name(str(name))] = value

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None if self.required else ""
        found = self.lookup.get(normalize_name(value))
        if found is None:
            raise ValueError(
                _("«%(field)s»: «%(value)s» no es una opción válida (%(options)s).")
                % {
                    "field": self.label,
                    "value": str(value).strip(),
                    "options": ", ".join(str(name).lower() for name in self.choices.labels),
                }
            )
        return found


class NamedWidget(widgets.Widget):
    """A row of the entity chosen by its name (an outlet, a campaign); the resource gives it the
    rows the user may use. ``missing`` is the message for a name not found."""

    def __init__(self, label: str, *, missing: str, required: bool = True) -> None:
        super().__init__()
        self.label, self.missing, self.required = label, missing, required
        self.by_name: dict[str, list] = {}

    def load(self, rows) -> None:
        by_name = defaultdict(list)
        for row in rows:
            by_name[normalize_name(row.name)].append(row)
        self.by_name = dict(by_name)

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.required:
                raise ValueError(_("«%(field)s»: falta el nombre.") % {"field": self.label})
            return None
        found = self.by_name.get(normalize_name(value), [])
        if not found:
            raise ValueError(self.missing % {"field": self.label, "value": str(value).strip()})
        if len(found) > 1:
            raise ValueError(
                _("«%(field)s»: hay varios con el nombre «%(value)s».")
                % {"field": self.label, "value": str(value).strip()}
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


def _column(attribute: str, header: str, widget: widgets.Widget) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=header, widget=widget)


def _text(attribute: str, header: str) -> fields.Field:
    return _column(attribute, header, widgets.CharWidget(allow_blank=True))


REQUIRED_HEADERS = ["Fecha", "Medio", "Titular", "Sentimiento"]


class MediaMentionResource(resources.ModelResource):
    """New mentions from a spreadsheet, one per row (see the module docstring)."""

    date = _column("date", "Fecha", DateWidget("Fecha"))
    outlet = _column(
        "outlet",
        "Medio",
        NamedWidget(
            "Medio",
            missing=gettext_lazy(
                "«%(field)s»: no hay un medio llamado «%(value)s» en la entidad; regístrelo primero en el admin."
            ),
        ),
    )
    media_type = _column("media_type", "Tipo de medio", ChoiceWidget("Tipo de medio", MediaType, required=False))
    headline = _text("headline", "Titular")
    url = _text("url", "Enlace")
    reach = _column("reach", "Alcance", DecimalWidget("Alcance", integer=True))
    sentiment = _column("sentiment", "Sentimiento", ChoiceWidget("Sentimiento", Sentiment))
    rating = _column("rating", "Calificación", DecimalWidget("Calificación", integer=True))
    acceptance = _column(
        "acceptance", "Grado de aceptación", ChoiceWidget("Grado de aceptación", Acceptance, required=False)
    )
    height_cm = _column("height_cm", "Alto (cm)", DecimalWidget("Alto (cm)"))
    columns = _column("columns", "Columnas", DecimalWidget("Columnas", integer=True))
    seconds = _column("seconds", "Segundos", DecimalWidget("Segundos", integer=True))
    posts = _column("posts", "Publicaciones", DecimalWidget("Publicaciones", integer=True))
    notes = _text("notes", "Observaciones")
    campaign = _column(
        "campaign",
        "Campaña",
        NamedWidget(
            "Campaña",
            missing=gettext_lazy("«%(field)s»: no hay una campaña llamada «%(value)s» en la entidad."),
            required=False,
        ),
    )

    class Meta:
        model = MediaMention
        fields = [
            "date",
            "outlet",
            "media_type",
            "headline",
            "url",
            "reach",
            "sentiment",
            "rating",
            "acceptance",
            "height_cm",
            "columns",
            "seconds",
            "posts",
            "notes",
            "campaign",
        ]
        import_id_fields = []
        skip_unchanged = True
        report_skipped = True
        skip_diff = False  # the comparison that skips unchanged rows needs the original
        use_transactions = True
        clean_model_instances = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.user = None
        self.book = TariffBook([])
        self.existing: dict[tuple, MediaMention] = {}

    def _header_by_attribute(self) -> dict[str, str]:
        return {field.attribute: field.column_name for field in self.fields.values()}

    def get_instance(self, instance_loader, row):
        """The stored mention with the row's outlet, date and headline (re-importing a file
        changes nothing; an edited row updates its mention), else None: a new mention."""
        try:
            outlet = self.fields["outlet"].clean(row)
            day = self.fields["date"].clean(row)
        except (ValueError, ValidationError):
            return None  # the row's own errors are reported when it is imported
        headline = normalize_name(str(row.get("Titular") or ""))
        if outlet is None or day is None:
            return None
        return self.existing.get((outlet.pk, day, headline))

    def before_import(self, dataset, **kwargs):
        """Match the file's headers to ours, check the required ones and load, in three queries,
        the user's outlets, their tariffs and the entity's campaigns."""
        self.user = kwargs.get("user")
        wanted = {normalize_name(field.column_name): field.column_name for field in self.fields.values()}
        if dataset.headers:
            dataset.headers = [wanted.get(normalize_name(h or ""), h) for h in dataset.headers]
        missing = [header for header in REQUIRED_HEADERS if header not in (dataset.headers or [])]
        if missing:
            raise ValueError(
                _("Al archivo le faltan las columnas: %(columns)s. La primera fila debe tener los encabezados.")
                % {"columns": ", ".join(f"«{name}»" for name in missing)}
            )
        outlets = list(Outlet.objects.for_user(self.user)) if self.user is not None else []
        self.fields["outlet"].widget.load(outlets)
        self.fields["campaign"].widget.load(Campaign.objects.for_user(self.user) if self.user is not None else [])
        self.book = TariffBook.for_outlets([outlet.pk for outlet in outlets])
        # The mentions already stored for these outlets, by outlet, date and headline.
        self.existing = {
            (mention.outlet_id, mention.date, normalize_name(mention.headline)): mention
            for mention in MediaMention.objects.filter(outlet__in=outlets)
        }

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.outlet_id:
            instance.entity_id = instance.outlet.entity_id
            if not instance.media_type:
                # No media type in the row: the outlet's usual one.
                instance.media_type = instance.outlet.media_type
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Validate as the web form does, then report every message under the file's column
        name («Alcance»), not the model's («reach»)."""
        errors = dict(import_validation_errors or {})
        try:
            # Without validate_constraints: Django checks each CheckConstraint with a query of
            # its own (five a row, 70 % of the import's time); every one of them repeats a field
            # validator that runs here anyway, and the database still enforces them on insert.
            # The outlet, its entity and the campaign come from the user's own rows loaded in
            # before_import: checking that they exist would cost two more queries a row.
            exclude = [*errors, "outlet", "entity", "campaign"] if instance.outlet_id else list(errors)
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            error = ValidationError(errors)
            headers = self._header_by_attribute()
            by_column: dict[str, list[str]] = defaultdict(list)
            for name, messages in error.message_dict.items():
                if name in ("entity", "media_type") and "outlet" in error.message_dict and not instance.outlet_id:
                    continue  # no outlet, hence no entity nor usual media type: «Medio» says it
                key = headers.get(name, name)
                by_column[key].extend(messages)
            raise ValidationError(dict(by_column))

    def before_save_instance(self, instance, row, **kwargs):
        valuation_apply(instance, self.book.valuate(instance))
        if instance.pk is None and self.user is not None and self.user.is_authenticated:
            instance.created_by = self.user
