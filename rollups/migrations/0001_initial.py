"""The roll-up's models, moved from the indicators app with their tables."""

import django.db.models.deletion
from django.db import migrations, models

from plans.migration_helpers import content_types_move

MODELS = ['periodvalue', 'rollupmark', 'rolluprun']


def move_content_types(apps, schema_editor):
    content_types_move(apps, models=MODELS, source="indicators", target="rollups")


def move_content_types_back(apps, schema_editor):
    content_types_move(apps, models=MODELS, source="rollups", target="indicators")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('indicators', '0016_move_execution_rollups_reports'),
        ('plans', '0005_import_permissions'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only Django's picture of which app owns them changes.
            state_operations=[
                migrations.CreateModel(
                    name='PeriodValue',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period_type', models.CharField(choices=[('mes', 'Mes'), ('trimestre', 'Trimestre'), ('anio', 'Año'), ('vigencia', 'Vigencia completa')], max_length=10, verbose_name='tipo de periodo')),
                        ('period_start', models.DateField(verbose_name='inicio del periodo')),
                        ('value', models.DecimalField(decimal_places=4, max_digits=20, null=True, verbose_name='valor')),
                        ('numerator', models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name='numerador')),
                        ('denominator', models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name='denominador')),
                        ('pending_value', models.DecimalField(decimal_places=4, help_text='Lo enviado que aún no aprueba la oficina de prensa; no cuenta en el valor.', max_digits=20, null=True, verbose_name='valor enviado sin aprobar')),
                        ('total', models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name='suma de valores aprobados')),
                        ('pending_total', models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name='suma de valores enviados')),
                        ('pending_numerator', models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name='numerador enviado')),
                        ('pending_denominator', models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name='denominador enviado')),
                        ('target', models.DecimalField(decimal_places=4, max_digits=20, null=True, verbose_name='meta')),
                        ('achievement', models.DecimalField(decimal_places=2, max_digits=12, null=True, verbose_name='cumplimiento (%)')),
                        ('status', models.CharField(choices=[('al_dia', 'Al día'), ('en_riesgo', 'En riesgo'), ('atrasado', 'Atrasado'), ('sin_datos', 'Sin datos')], default='sin_datos', max_length=10, verbose_name='estado')),
                        ('approved_count', models.PositiveIntegerField(default=0, verbose_name='valores aprobados')),
                        ('pending_count', models.PositiveIntegerField(default=0, verbose_name='valores enviados sin aprobar')),
                        ('computed_at', models.DateTimeField(verbose_name='calculado el')),
                        ('indicator', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='period_values', to='indicators.indicator', verbose_name='indicador')),
                    ],
                    options={
                        'verbose_name': 'valor del periodo',
                        'verbose_name_plural': 'valores de los periodos',
                        'db_table': 'indicators_periodvalue',
                        'ordering': ['indicator', 'period_type', 'period_start'],
                        'constraints': [models.UniqueConstraint(fields=('indicator', 'period_type', 'period_start'), name='period_value_unique_per_period')],
                    },
                ),
                migrations.CreateModel(
                    name='RollupMark',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(verbose_name='mes')),
                        ('marked_at', models.DateTimeField(verbose_name='marcado el')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rollup_marks', to='indicators.indicator', verbose_name='indicador')),
                    ],
                    options={
                        'verbose_name': 'indicador por recalcular',
                        'verbose_name_plural': 'indicadores por recalcular',
                        'db_table': 'indicators_rollupmark',
                        'constraints': [models.UniqueConstraint(fields=('indicator', 'month'), name='rollup_mark_once')],
                    },
                ),
                migrations.CreateModel(
                    name='RollupRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('completo', 'Completo'), ('incremental', 'Incremental')], max_length=12, verbose_name='tipo')),
                        ('started_at', models.DateTimeField(verbose_name='inicio')),
                        ('finished_at', models.DateTimeField(verbose_name='fin')),
                        ('indicators', models.PositiveIntegerField(verbose_name='indicadores')),
                        ('rows_written', models.PositiveIntegerField(verbose_name='filas escritas')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rollup_runs', to='plans.plan', verbose_name='plan')),
                    ],
                    options={
                        'verbose_name': 'ejecución del cálculo',
                        'verbose_name_plural': 'ejecuciones del cálculo',
                        'db_table': 'indicators_rolluprun',
                        'ordering': ['-finished_at'],
                        'indexes': [models.Index(fields=['plan', '-finished_at'], name='rollup_run_latest')],
                    },
                ),
            ],
            database_operations=[migrations.RunPython(move_content_types, move_content_types_back)],
        ),
    ]
