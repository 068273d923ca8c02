"""The reporting cycle's models, moved from the indicators app with their tables and history."""

import django.db.models.deletion
import django.db.models.expressions
import execution.models
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from plans.migration_helpers import content_types_move

MODELS = ['reportingperiod', 'areasubmission', 'activitylog', 'logvalue', 'evidence', 'remindersent', 'historicalreportingperiod', 'historicalactivitylog', 'historicallogvalue']


def move_content_types(apps, schema_editor):
    content_types_move(apps, models=MODELS, source="indicators", target="execution")


def move_content_types_back(apps, schema_editor):
    content_types_move(apps, models=MODELS, source="execution", target="indicators")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('indicators', '0016_move_execution_rollups_reports'),
        ('plans', '0005_import_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's picture of which app owns them changes.
            state_operations=[
                migrations.CreateModel(
                    name='ActivityLog',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='fecha de ejecución')),
                        ('description', models.TextField(max_length=5000, verbose_name='descripción')),
                        ('reach_total', models.PositiveIntegerField(blank=True, null=True, verbose_name='personas alcanzadas o asistentes')),
                        ('reach_public_servants', models.PositiveIntegerField(blank=True, null=True, verbose_name='servidores públicos')),
                        ('reach_contractors', models.PositiveIntegerField(blank=True, null=True, verbose_name='contratistas')),
                        ('links', models.TextField(blank=True, help_text='Una dirección http(s) por línea.', verbose_name='enlaces de evidencia')),
                        ('status', models.CharField(choices=[('borrador', 'Borrador'), ('enviado', 'Enviado'), ('aprobado', 'Aprobado'), ('devuelto', 'Devuelto'), ('retirado', 'Retirado')], default='borrador', max_length=10, verbose_name='estado')),
                        ('review_comment', models.TextField(blank=True, verbose_name='comentario de revisión')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='revisado el')),
                        ('submission_token', models.UUIDField(blank=True, editable=False, help_text='Evita que un doble clic o un reenvío del navegador cree dos registros.', null=True, unique=True, verbose_name='token de envío')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='creado el')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='actualizado el')),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='logs', to='plans.activity', verbose_name='actividad')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='logs', to='plans.area', verbose_name='dependencia')),
                        ('reported_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='logs', to=settings.AUTH_USER_MODEL, verbose_name='reportado por')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='revisado por')),
                    ],
                    options={
                        'verbose_name': 'registro de ejecución',
                        'verbose_name_plural': 'registros de ejecución',
                        'db_table': 'indicators_activitylog',
                        'ordering': ['-date', '-pk'],
                        'permissions': [('import_activitylog', 'Puede importar registros de ejecución desde una hoja de cálculo')],
                    },
                ),
                migrations.CreateModel(
                    name='Evidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=300, upload_to=execution.models.evidence_path, verbose_name='archivo')),
                        ('original_name', models.CharField(max_length=255, verbose_name='nombre original')),
                        ('content_type', models.CharField(max_length=100, verbose_name='tipo de contenido')),
                        ('size', models.PositiveIntegerField(verbose_name='tamaño (bytes)')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='cargado el')),
                        ('log', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='execution.activitylog', verbose_name='registro')),
                        ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cargado por')),
                    ],
                    options={
                        'verbose_name': 'evidencia',
                        'verbose_name_plural': 'evidencias',
                        'db_table': 'indicators_evidence',
                        'ordering': ['log', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalActivityLog',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='fecha de ejecución')),
                        ('description', models.TextField(max_length=5000, verbose_name='descripción')),
                        ('reach_total', models.PositiveIntegerField(blank=True, null=True, verbose_name='personas alcanzadas o asistentes')),
                        ('reach_public_servants', models.PositiveIntegerField(blank=True, null=True, verbose_name='servidores públicos')),
                        ('reach_contractors', models.PositiveIntegerField(blank=True, null=True, verbose_name='contratistas')),
                        ('links', models.TextField(blank=True, help_text='Una dirección http(s) por línea.', verbose_name='enlaces de evidencia')),
                        ('status', models.CharField(choices=[('borrador', 'Borrador'), ('enviado', 'Enviado'), ('aprobado', 'Aprobado'), ('devuelto', 'Devuelto'), ('retirado', 'Retirado')], default='borrador', max_length=10, verbose_name='estado')),
                        ('review_comment', models.TextField(blank=True, verbose_name='comentario de revisión')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='revisado el')),
                        ('submission_token', models.UUIDField(blank=True, db_index=True, editable=False, help_text='Evita que un doble clic o un reenvío del navegador cree dos registros.', null=True, verbose_name='token de envío')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='creado el')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='actualizado el')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('activity', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.activity', verbose_name='actividad')),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.area', verbose_name='dependencia')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('reported_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reportado por')),
                        ('reviewed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='revisado por')),
                    ],
                    options={
                        'verbose_name': 'histórico de registro de ejecución',
                        'verbose_name_plural': 'historical registros de ejecución',
                        'db_table': 'indicators_historicalactivitylog',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalLogValue',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='fecha')),
                        ('month', models.DateField(verbose_name='mes')),
                        ('status', models.CharField(choices=[('borrador', 'Borrador'), ('enviado', 'Enviado'), ('aprobado', 'Aprobado'), ('devuelto', 'Devuelto'), ('retirado', 'Retirado')], max_length=10, verbose_name='estado')),
                        ('value', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='valor')),
                        ('numerator', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='numerador')),
                        ('denominator', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='denominador')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('indicator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='indicators.indicator', verbose_name='indicador')),
                        ('log', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='execution.activitylog', verbose_name='registro')),
                    ],
                    options={
                        'verbose_name': 'histórico de valor reportado',
                        'verbose_name_plural': 'historical valores reportados',
                        'db_table': 'indicators_historicallogvalue',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalReportingPeriod',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('period_start', models.DateField(help_text='Primer día del mes.', verbose_name='inicio del periodo')),
                        ('period_end', models.DateField(verbose_name='fin del periodo')),
                        ('deadline', models.DateField(verbose_name='fecha límite de reporte')),
                        ('status', models.CharField(choices=[('abierto', 'Abierto'), ('cerrado', 'Cerrado')], default='abierto', max_length=10, verbose_name='estado')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='cerrado el')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('closed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cerrado por')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('opened_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='abierto por')),
                        ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='plans.plan', verbose_name='plan')),
                    ],
                    options={
                        'verbose_name': 'histórico de periodo de reporte',
                        'verbose_name_plural': 'historical periodos de reporte',
                        'db_table': 'indicators_historicalreportingperiod',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='LogValue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='fecha')),
                        ('month', models.DateField(verbose_name='mes')),
                        ('status', models.CharField(choices=[('borrador', 'Borrador'), ('enviado', 'Enviado'), ('aprobado', 'Aprobado'), ('devuelto', 'Devuelto'), ('retirado', 'Retirado')], max_length=10, verbose_name='estado')),
                        ('value', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='valor')),
                        ('numerator', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='numerador')),
                        ('denominator', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='denominador')),
                        ('indicator', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='log_values', to='indicators.indicator', verbose_name='indicador')),
                        ('log', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='values', to='execution.activitylog', verbose_name='registro')),
                    ],
                    options={
                        'verbose_name': 'valor reportado',
                        'verbose_name_plural': 'valores reportados',
                        'db_table': 'indicators_logvalue',
                    },
                ),
                migrations.CreateModel(
                    name='ReportingPeriod',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_start', models.DateField(help_text='Primer día del mes.', verbose_name='inicio del periodo')),
                        ('period_end', models.DateField(verbose_name='fin del periodo')),
                        ('deadline', models.DateField(verbose_name='fecha límite de reporte')),
                        ('status', models.CharField(choices=[('abierto', 'Abierto'), ('cerrado', 'Cerrado')], default='abierto', max_length=10, verbose_name='estado')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='cerrado el')),
                        ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cerrado por')),
                        ('opened_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='abierto por')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reporting_periods', to='plans.plan', verbose_name='plan')),
                    ],
                    options={
                        'verbose_name': 'periodo de reporte',
                        'verbose_name_plural': 'periodos de reporte',
                        'db_table': 'indicators_reportingperiod',
                        'ordering': ['plan', '-period_start'],
                    },
                ),
                migrations.CreateModel(
                    name='ReminderSent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('antes_plazo', 'Recordatorio antes de la fecha límite'), ('dia_plazo', 'Recordatorio el día de la fecha límite'), ('devuelto', 'Registro devuelto'), ('resumen', 'Resumen semanal a la oficina de prensa')], max_length=12, verbose_name='tipo')),
                        ('day', models.DateField(verbose_name='día')),
                        ('sent_at', models.DateTimeField(verbose_name='enviado el')),
                        ('log', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='execution.activitylog', verbose_name='registro')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='destinatario')),
                        ('reporting_period', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='execution.reportingperiod', verbose_name='periodo de reporte')),
                    ],
                    options={
                        'verbose_name': 'recordatorio enviado',
                        'verbose_name_plural': 'recordatorios enviados',
                        'db_table': 'indicators_remindersent',
                        'ordering': ['-sent_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AreaSubmission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('submitted_at', models.DateTimeField(verbose_name='enviado el')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='plans.area', verbose_name='dependencia')),
                        ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='enviado por')),
                        ('reporting_period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='submissions', to='execution.reportingperiod', verbose_name='periodo de reporte')),
                    ],
                    options={
                        'verbose_name': 'envío de dependencia',
                        'verbose_name_plural': 'envíos de dependencias',
                        'db_table': 'indicators_areasubmission',
                    },
                ),
                migrations.AddIndex(
                    model_name='activitylog',
                    index=models.Index(fields=['area', 'date'], name='log_area_date'),
                ),
                migrations.AddConstraint(
                    model_name='activitylog',
                    constraint=models.CheckConstraint(condition=models.Q(('reach_public_servants__isnull', True), ('reach_contractors__isnull', True), ('reach_total__isnull', True), ('reach_total__gte', django.db.models.expressions.CombinedExpression(models.F('reach_public_servants'), '+', models.F('reach_contractors'))), _connector='OR'), name='log_reach_parts_within_total'),
                ),
                migrations.AddIndex(
                    model_name='logvalue',
                    index=models.Index(fields=['indicator', 'status', 'month', 'date', 'id'], include=('value', 'numerator', 'denominator'), name='logvalue_rollup'),
                ),
                migrations.AddConstraint(
                    model_name='logvalue',
                    constraint=models.UniqueConstraint(fields=('log', 'indicator'), name='logvalue_once_per_indicator'),
                ),
                migrations.AddConstraint(
                    model_name='logvalue',
                    constraint=models.CheckConstraint(condition=models.Q(('value__isnull', True), ('value__gte', 0), _connector='OR'), name='logvalue_value_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='logvalue',
                    constraint=models.CheckConstraint(condition=models.Q(('denominator__isnull', True), ('denominator__gt', 0), _connector='OR'), name='logvalue_denominator_positive'),
                ),
                migrations.AddConstraint(
                    model_name='logvalue',
                    constraint=models.CheckConstraint(condition=models.Q(('numerator__isnull', True), ('numerator__gte', 0), _connector='OR'), name='logvalue_numerator_not_negative'),
                ),
                migrations.AddConstraint(
                    model_name='reportingperiod',
                    constraint=models.UniqueConstraint(fields=('plan', 'period_start'), name='reporting_period_unique_per_plan', violation_error_message='Ya existe un periodo de reporte para ese mes del plan.'),
                ),
                migrations.AddConstraint(
                    model_name='reportingperiod',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='reporting_period_end_after_start'),
                ),
                migrations.AddConstraint(
                    model_name='remindersent',
                    constraint=models.UniqueConstraint(condition=models.Q(('log__isnull', True), ('reporting_period__isnull', False)), fields=('user', 'kind', 'day', 'reporting_period'), name='reminder_once_per_user_period_kind_day'),
                ),
                migrations.AddConstraint(
                    model_name='remindersent',
                    constraint=models.UniqueConstraint(condition=models.Q(('log__isnull', False)), fields=('user', 'kind', 'day', 'log'), name='reminder_once_per_user_log_kind_day'),
                ),
                migrations.AddConstraint(
                    model_name='remindersent',
                    constraint=models.UniqueConstraint(condition=models.Q(('log__isnull', True), ('reporting_period__isnull', True)), fields=('user', 'kind', 'day'), name='reminder_once_per_user_kind_day'),
                ),
                migrations.AddConstraint(
                    model_name='areasubmission',
                    constraint=models.UniqueConstraint(fields=('reporting_period', 'area'), name='area_submission_once_per_period'),
                ),
            ],
            database_operations=[migrations.RunPython(move_content_types, move_content_types_back)],
        ),
    ]
