"""The periodic reports' models, moved from the indicators app with their tables."""

import django.db.models.deletion
import reports.models
from django.conf import settings
from django.db import migrations, models

from plans.migration_helpers import content_types_move

MODELS = ['reportschedule', 'report']


def move_content_types(apps, schema_editor):
    content_types_move(apps, models=MODELS, source="indicators", target="reports")


def move_content_types_back(apps, schema_editor):
    content_types_move(apps, models=MODELS, source="reports", target="indicators")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('indicators', '0016_move_execution_rollups_reports'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
        ('plans', '0005_import_permissions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's picture of which app owns them changes.
            state_operations=[
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_type', models.CharField(choices=[('mes', 'Mes'), ('trimestre', 'Trimestre'), ('anio', 'Año'), ('vigencia', 'Vigencia completa')], max_length=10, verbose_name='tipo de periodo')),
                        ('period_start', models.DateField(verbose_name='inicio del periodo')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='versión')),
                        ('status', models.CharField(choices=[('pendiente', 'Pendiente'), ('generando', 'Generando'), ('listo', 'Listo'), ('fallido', 'Fallido')], default='pendiente', max_length=10, verbose_name='estado')),
                        ('error', models.TextField(blank=True, help_text='Por qué falló el último intento.', verbose_name='error')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='intentos')),
                        ('snapshot', models.JSONField(blank=True, default=dict, verbose_name='cifras congeladas')),
                        ('xlsx', models.FileField(blank=True, max_length=300, upload_to=reports.models.report_path, verbose_name='hoja de cálculo (XLSX)')),
                        ('pdf', models.FileField(blank=True, max_length=300, upload_to=reports.models.report_path, verbose_name='documento (PDF)')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='solicitado el')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='iniciado el')),
                        ('generated_at', models.DateTimeField(blank=True, null=True, verbose_name='generado el')),
                        ('notified_at', models.DateTimeField(blank=True, null=True, verbose_name='enviado a los directivos el')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='plans.plan', verbose_name='plan')),
                        ('requested_by', models.ForeignKey(blank=True, help_text='Vacío cuando lo generó la programación.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='solicitado por')),
                    ],
                    options={
                        'verbose_name': 'informe de seguimiento',
                        'verbose_name_plural': 'informes de seguimiento',
                        'db_table': 'indicators_report',
                        'ordering': ['-period_start', 'plan', 'period_type', '-version'],
                        'indexes': [models.Index(fields=['status', 'created_at'], name='report_status')],
                        'constraints': [models.UniqueConstraint(fields=('plan', 'period_type', 'period_start', 'version'), name='report_unique_version_per_period')],
                    },
                ),
                migrations.CreateModel(
                    name='ReportSchedule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_type', models.CharField(choices=[('mes', 'Mes'), ('trimestre', 'Trimestre')], help_text='Mensual: el informe del mes anterior. Trimestral: el del trimestre anterior.', max_length=10, verbose_name='tipo de periodo')),
                        ('day_of_month', models.PositiveSmallIntegerField(default=6, help_text='Día en que se genera (1 a 28), después de la fecha límite de reporte de las dependencias.', verbose_name='día del mes')),
                        ('hour', models.PositiveSmallIntegerField(default=7, help_text='Hora del día (0 a 23), hora de Colombia.', verbose_name='hora')),
                        ('enabled', models.BooleanField(default=True, verbose_name='activo')),
                        ('periodic_task', models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='report_schedule', to='django_celery_beat.periodictask', verbose_name='tarea programada')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_schedules', to='plans.plan', verbose_name='plan')),
                    ],
                    options={
                        'verbose_name': 'programación de informes',
                        'verbose_name_plural': 'programaciones de informes',
                        'db_table': 'indicators_reportschedule',
                        'ordering': ['plan', 'period_type'],
                        'constraints': [models.UniqueConstraint(fields=('plan', 'period_type'), name='report_schedule_once_per_plan_and_type', violation_error_message='El plan ya tiene una programación de informes de este tipo.'), models.CheckConstraint(condition=models.Q(('period_type__in', ['mes', 'trimestre'])), name='report_schedule_month_or_quarter'), models.CheckConstraint(condition=models.Q(('day_of_month__gte', 1), ('day_of_month__lte', 28)), name='report_schedule_day_1_to_28', violation_error_message='El día del mes va de 1 a 28 (todos los meses lo tienen).'), models.CheckConstraint(condition=models.Q(('hour__lte', 23)), name='report_schedule_hour_0_to_23', violation_error_message='La hora va de 0 a 23.')],
                    },
                ),
            ],
            database_operations=[migrations.RunPython(move_content_types, move_content_types_back)],
        ),
    ]
