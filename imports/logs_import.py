"""Bulk import of execution-log history from a spreadsheet, and the jobs that run it.

One code path for every caller (the import pages, the Celery job, the benchmark):
``logs_import`` reads the file, resolves each row's plan, indicator, activity and area within
the importing user's entity, parses dates and numbers, and hands the rows to
``execution.services.logs_record_historical``, which applies the logging service's rules and writes
everything at once. Every bad row is reported together (row, column, Spanish reason); with any
error nothing is written.

One row is one log with one indicator's value. The logs are recorded as approved by the
importing press officer: the history is already done and reviewed. So a month with no open
reporting period takes them (they count and show at once; only drafts wait for a period), but
a row that repeats a draft nobody sees (its month has no open period) is refused with its row
number rather than skipped as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from execution.historical import LogEntry, logs_record_historical
from execution.services import ValueInput
from imports.models import ImportJob, ImportKind, ImportStatus
from imports.readers import SpreadsheetError, Table, normalize_name, parse_date, parse_decimal, read_table
from indicators.enums import Aggregation, Unit
from indicators.models import Indicator
from plans.models import Area, Plan, User
from plans.rules import require

# Canonical column -> the header texts accepted for it (compared normalized).
COLUMNS: dict[str, tuple[str, ...]] = {
    "plan": ("plan",),
    "indicator": ("código del indicador", "código", "indicador", "código indicador"),
    "activity": ("actividad",),
    "area": ("área", "dependencia", "área responsable"),
    "date": ("fecha", "fecha de ejecución"),
    "value": ("valor",),
    "numerator": ("numerador",),
    "denominator": ("denominador",),
    "description": ("descripción", "descripción de lo realizado"),
    "reach_total": ("alcance", "personas alcanzadas", "asistentes"),
    "reach_public_servants": ("servidores públicos",),
    "reach_contractors": ("contratistas",),
    "links": ("enlaces", "enlaces de evidencia"),
}
# The name a column is reported by when the file does not have it.
COLUMN_LABELS = {
    "plan": "plan",
    "indicator": "código del indicador",
    "activity": "actividad",
    "area": "área",
    "date": "fecha",
    "value": "valor",
    "numerator": "numerador",
    "denominator": "denominador",
    "description": "descripción",
    "reach_total": "alcance",
    "reach_public_servants": "servidores públicos",
    "reach_contractors": "contratistas",
    "links": "enlaces",
}
REQUIRED = ("indicator", "area", "date", "description")
YES = {"si", "sí", "x", "cumplido", "true", "verdadero"}
NO = {"no", "no cumplido", "false", "falso"}
# LogValue stores 4 decimal places: more would be rounded away and the row never match again.
MAX_DECIMALS = 4
MAX_INTEGER_DIGITS = 16
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    """The counts of a dry run or an import: nuevos, sin cambios, errores."""

    total: int = 0
    new: int = 0
    unchanged: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        """How many rows have at least one error (a row may have several)."""
        return len({error.row for error in self.errors})

    def errors_json(self) -> list[dict]:
        return [asdict(error) for error in self.errors]


class _RowProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


class _Lookups:
    """The importing entity's plans, indicators and areas, loaded once (three queries)."""

    def __init__(self, entity_id: int) -> None:
        self.plans: dict[str, Plan] = {}
        for plan in Plan.objects.filter(entity_id=entity_id):
            self.plans[normalize_name(plan.title)] = plan
            self.plans[str(plan.pk)] = plan
        self.indicators: dict[str, list[Indicator]] = {}
        for indicator in Indicator.objects.filter(plan__entity_id=entity_id).select_related(
            "plan", "activity__component__plan"
        ):
            self.indicators.setdefault(indicator.code.strip().upper(), []).append(indicator)
        self.areas: dict[str, Area] = {}
        for area in Area.objects.filter(entity_id=entity_id):
            if area.code:
                self.areas.setdefault(normalize_name(area.code), area)
            self.areas[normalize_name(area.name)] = area


def logs_import(
    *,
    user: User,
    file,
    filename: str,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a spreadsheet of execution logs for ``user``'s entity, or only check it.

    Raise SpreadsheetError when the file itself cannot be read, PermissionDenied when the user
    may not import logs. Return the counts and every row error; nothing is written when there
    is any error or when ``dry_run``. ``progress`` is called with the rows read so far.
    """
    require(user, "imports.import_logs")
    if user.entity_id is None:
        raise SpreadsheetError(_("Su usuario no pertenece a una entidad: no hay dónde importar los registros."))
    table = read_table(file, filename=filename)
    return logs_import_table(user=user, table=table, filename=filename, dry_run=dry_run, progress=progress)


def logs_import_table(
    *,
    user: User,
    table: Table,
    filename: str,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import (or check) a table already read by ``read_table``; see ``logs_import``."""
    columns = _columns(table)
    lookups = _Lookups(user.entity_id)
    result = ImportResult(total=len(table.rows))
    entries: list[LogEntry] = []
    entry_rows: list[int] = []
    for position, row in enumerate(table.rows, start=1):
        try:
            entries.append(_entry(row.values, columns, lookups))
            entry_rows.append(row.number)
        except _RowProblem as problem:
            result.errors.append(RowError(row.number, _header(problem.column, columns), problem.message))
        if progress and position % PROGRESS_EVERY == 0:
            progress(position)
    try:
        outcome = logs_record_historical(
            user=user,
            entries=entries,
            dry_run=dry_run or bool(result.errors),
            change_reason=_("Importado desde «%(name)s»") % {"name": filename[:60]},
        )
    except ValidationError as error:  # a period closed while the file was being checked
        result.errors.append(RowError(0, "", " ".join(error.messages)))
        return result
    for index, error in outcome.errors.items():
        for key, messages in error.message_dict.items():
            for message in messages:
                result.errors.append(RowError(entry_rows[index], _header(_column_of(key), columns), message))
    result.errors.sort(key=lambda error: error.row)
    result.unchanged = len(outcome.unchanged)
    result.new = len(entries) - len(outcome.errors) - result.unchanged
    result.created = len(outcome.created)
    if progress:
        progress(len(table.rows))
    return result


def _columns(table: Table) -> dict[str, int]:
    """Map each canonical column to its position in the file, or refuse an unknown layout."""
    accepted = {normalize_name(text): name for name, texts in COLUMNS.items() for text in texts}
    columns: dict[str, int] = {}
    for position, key in enumerate(table.keys):
        name = accepted.get(key)
        if name and name not in columns:
            columns[name] = position
    missing = [COLUMN_LABELS[name] for name in REQUIRED if name not in columns]
    if "value" not in columns and not {"numerator", "denominator"} <= set(columns):
        missing.append(_("«valor» (o «numerador» y «denominador» para las razones)"))
    if missing:
        raise SpreadsheetError(
            _("Faltan columnas obligatorias en el encabezado: %(missing)s. Columnas encontradas: %(found)s.")
            % {
                "missing": ", ".join(name if name.startswith("«") else f"«{name}»" for name in missing),
                "found": ", ".join(f"«{header}»" for header in table.headers if header) or "—",
            }
        )
    columns["_headers"] = table.headers  # type: ignore[assignment]
    columns["_keys"] = table.keys  # type: ignore[assignment]
    return columns


def _header(name: str, columns: dict) -> str:
    """The column as the user wrote it in the file, or its usual name."""
    if name in columns and not name.startswith("_"):
        return columns["_headers"][columns[name]]
    return COLUMN_LABELS.get(name, name)


def _column_of(key: str) -> str:
    """The column an error of execution.services (keyed by form field) belongs to."""
    if key.startswith(("value_", "numerator_", "denominator_")):
        return key.split("_", 1)[0]
    return {"activity": "activity", "__all__": ""}.get(key, key)


def _cell(values: dict, columns: dict, name: str) -> object:
    if name not in columns:
        return None
    return values.get(columns["_keys"][columns[name]])


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _entry(values: dict, columns: dict, lookups: _Lookups) -> LogEntry:
    indicator = _indicator(values, columns, lookups)
    activity = indicator.activity
    if activity is None:
        raise _RowProblem(
            "indicator",
            _("El indicador «%(code)s» mide el plan en su conjunto, no una actividad: no recibe registros.")
            % {"code": indicator.code},
        )
    given_activity = _text(_cell(values, columns, "activity"))
    if given_activity and normalize_name(given_activity) != normalize_name(activity.name):
        raise _RowProblem(
            "activity",
            _("El indicador «%(code)s» mide la actividad «%(activity)s», no «%(given)s».")
            % {"code": indicator.code, "activity": activity.name, "given": given_activity},
        )
    area_text = _text(_cell(values, columns, "area"))
    if not area_text:
        raise _RowProblem("area", _("Indique el área (dependencia) que ejecutó la actividad."))
    area = lookups.areas.get(normalize_name(area_text))
    if area is None:
        raise _RowProblem("area", _("No existe el área «%(area)s» en su entidad.") % {"area": area_text})
    try:
        day = parse_date(_cell(values, columns, "date"), field=_header("date", columns))
    except ValueError as error:
        raise _RowProblem("date", str(error)) from None
    return LogEntry(
        activity=activity,
        area=area,
        date=day,
        values={indicator.pk: _value(indicator, values, columns)},
        description=_text(_cell(values, columns, "description")),
        reach_total=_count(values, columns, "reach_total"),
        reach_public_servants=_count(values, columns, "reach_public_servants"),
        reach_contractors=_count(values, columns, "reach_contractors"),
        links=_text(_cell(values, columns, "links")).replace(" ", "\n"),
    )


def _indicator(values: dict, columns: dict, lookups: _Lookups) -> Indicator:
    code = _text(_cell(values, columns, "indicator")).upper()
    if not code:
        raise _RowProblem("indicator", _("Indique el código del indicador."))
    candidates = lookups.indicators.get(code, [])
    plan_text = _text(_cell(values, columns, "plan"))
    if plan_text:
        plan = lookups.plans.get(normalize_name(plan_text))
        if plan is None:
            raise _RowProblem("plan", _("No existe el plan «%(plan)s» en su entidad.") % {"plan": plan_text})
        candidates = [indicator for indicator in candidates if indicator.plan_id == plan.pk]
    if not candidates:
        raise _RowProblem(
            "indicator", _("No existe el indicador «%(code)s» en los planes de su entidad.") % {"code": code}
        )
    if len(candidates) > 1:
        raise _RowProblem(
            "indicator",
            _("El código «%(code)s» está en varios planes (%(plans)s): indique el plan en la columna «plan».")
            % {"code": code, "plans": ", ".join(f"«{i.plan.title}»" for i in candidates)},
        )
    return candidates[0]


def _number(value: object, columns: dict, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = parse_decimal(value, field=_header(name, columns))
    except ValueError as error:
        raise _RowProblem(name, str(error)) from None
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMALS:
        raise _RowProblem(name, _("Admite hasta %(n)s decimales.") % {"n": MAX_DECIMALS})
    if abs(number) >= 10**MAX_INTEGER_DIGITS:
        raise _RowProblem(name, _("El número es demasiado grande."))
    return number


def _value(indicator: Indicator, values: dict, columns: dict) -> ValueInput:
    if indicator.aggregation == Aggregation.RATIO:
        numerator = _number(_cell(values, columns, "numerator"), columns, "numerator")
        denominator = _number(_cell(values, columns, "denominator"), columns, "denominator")
        if numerator is None:
            raise _RowProblem(
                "numerator", _("El indicador «%(code)s» es una razón: indique el numerador.") % {"code": indicator.code}
            )
        if denominator is None:
            raise _RowProblem(
                "denominator",
                _("El indicador «%(code)s» es una razón: indique el denominador.") % {"code": indicator.code},
            )
        return ValueInput(numerator=numerator, denominator=denominator)
    raw = _cell(values, columns, "value")
    if indicator.unit == Unit.MILESTONE:
        # A milestone is also written as yes/no: «sí», «x», «cumplido» or «no».
        if isinstance(raw, bool):
            return ValueInput(value=Decimal(int(raw)))
        if isinstance(raw, str) and normalize_name(raw) in YES | NO:
            return ValueInput(value=Decimal(int(normalize_name(raw) in YES)))
    value = _number(raw, columns, "value")
    if value is None:
        raise _RowProblem("value", _("Indique el valor del indicador «%(code)s».") % {"code": indicator.code})
    return ValueInput(value=value)


def _count(values: dict, columns: dict, name: str) -> int | None:
    number = _number(_cell(values, columns, name), columns, name)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise _RowProblem(name, _("El número de personas debe ser entero."))
    return int(number)


# --- jobs ----------------------------------------------------------------------------------


def _should_run_async(job: ImportJob) -> bool:
    return job.total_rows > settings.IMPORT_ASYNC_ROWS


def _enqueue(job: ImportJob) -> None:
    from imports.tasks import import_job_task

    # robust: a broker that is down leaves the job pending (its page says so) instead of
    # failing the request that already saved it.
    transaction.on_commit(lambda: import_job_task.delay(job_id=job.pk), robust=True)


def import_job_create(*, user: User, upload, kind: str = ImportKind.ACTIVITY_LOGS) -> ImportJob:
    """Keep an uploaded spreadsheet as a job and check it (dry run).

    Raise SpreadsheetError when the file cannot be read (nothing is kept). A small file is
    checked at once; a large one (over IMPORT_ASYNC_ROWS rows) by a Celery job, with progress.
    """
    require(user, "imports.import_logs")
    if user.entity_id is None:  # the job is kept under the user's entity: none, nowhere to import
        raise PermissionDenied
    table = read_table(upload, filename=upload.name)
    _columns(table)  # an unknown layout is refused now, before anything is kept
    upload.seek(0)
    job = ImportJob(entity_id=user.entity_id, user=user, kind=kind, original_name=upload.name[:255])
    job.total_rows = len(table.rows)
    job.file.save(upload.name, upload, save=False)
    job.save()
    if _should_run_async(job):
        _enqueue(job)
    else:
        import_job_run(job=job, table=table)
    return job


def import_job_confirm(*, user: User, job: ImportJob) -> ImportJob:
    """Import a checked job that had no errors: now, or through a Celery job when large."""
    require(user, "imports.confirm_import", job)
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED, error_count=0).update(
        status=ImportStatus.QUEUED, confirmed_at=timezone.now(), processed_rows=0
    )
    job.refresh_from_db()
    if not updated:
        raise ValidationError(
            _("Esta importación ya no espera confirmación (estado: %(status)s).") % {"status": job.get_status_display()}
        )
    if _should_run_async(job):
        _enqueue(job)
    else:
        import_job_run(job=job)
    return job


def import_job_run(*, job: ImportJob, table: Table | None = None) -> ImportJob:
    """Run the job's next step: the dry run of a new job, the import of a confirmed one."""
    importing = job.status == ImportStatus.QUEUED
    if job.status not in (ImportStatus.PENDING, ImportStatus.QUEUED):
        return job  # a redelivered task: this step already ran
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.IMPORTING if importing else ImportStatus.CHECKING,
        started_at=job.started_at or timezone.now(),
        processed_rows=0,
    )

    def progress(rows: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=min(rows, job.total_rows))

    try:
        if table is None:
            with job.file.open("rb") as handle:
                table = read_table(handle, filename=job.original_name)
        result = logs_import_table(
            user=job.user, table=table, filename=job.original_name, dry_run=not importing, progress=progress
        )
    except (SpreadsheetError, PermissionDenied) as error:
        message = error.message if isinstance(error, SpreadsheetError) else _("No tiene permiso para importar.")
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
        )
        job.refresh_from_db()
        return job
    fields = {
        "processed_rows": job.total_rows,
        "new_count": result.new,
        "unchanged_count": result.unchanged,
        "error_count": result.error_rows,
        "errors": result.errors_json(),
    }
    if result.errors:
        fields.update(status=ImportStatus.FAILED, finished_at=timezone.now())
    elif importing:
        fields.update(status=ImportStatus.DONE, created_count=result.created, finished_at=timezone.now())
    else:
        fields.update(status=ImportStatus.CHECKED, checked_at=timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def import_job_notify(*, job: ImportJob) -> None:
    """E-mail the user how their large import went, with the link to its page."""
    if not job.user.email:
        return
    subject = _("Importación «%(name)s»: %(status)s") % {
        "name": job.original_name,
        "status": job.get_status_display(),
    }
    body = _(
        "Archivo: %(name)s\nEstado: %(status)s\nFilas: %(rows)s · nuevos: %(new)s · sin cambios: %(same)s · "
        "errores: %(errors)s\n\nVea el detalle en %(url)s\n"
    ) % {
        "name": job.original_name,
        "status": job.get_status_display(),
        "rows": job.total_rows,
        "new": job.new_count,
        "same": job.unchanged_count,
        "errors": job.error_count,
        "url": settings.SITE_URL + job.get_absolute_url(),
    }
    send_mail(subject, body, None, [job.user.email])
