"""Marks per indicator month, and the sums that let a run recombine stored months.

Marks are transient work items: the table is recreated (a nightly full run repairs anything).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_remindersent")]

    operations = [
        migrations.DeleteModel(name="RollupMark"),
        migrations.CreateModel(
            name="RollupMark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(verbose_name="mes")),
                ("marked_at", models.DateTimeField(verbose_name="marcado el")),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rollup_marks",
                        to="indicators.indicator",
                        verbose_name="indicador",
                    ),
                ),
            ],
            options={"verbose_name": "indicador por recalcular", "verbose_name_plural": "indicadores por recalcular"},
        ),
        migrations.AddConstraint(
            model_name="rollupmark",
            constraint=models.UniqueConstraint(fields=("indicator", "month"), name="rollup_mark_once"),
        ),
        migrations.AddField(
            model_name="periodvalue",
            name="total",
            field=models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name="suma de valores aprobados"),
        ),
        migrations.AddField(
            model_name="periodvalue",
            name="pending_total",
            field=models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name="suma de valores enviados"),
        ),
        migrations.AddField(
            model_name="periodvalue",
            name="pending_numerator",
            field=models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name="numerador enviado"),
        ),
        migrations.AddField(
            model_name="periodvalue",
            name="pending_denominator",
            field=models.DecimalField(decimal_places=4, max_digits=24, null=True, verbose_name="denominador enviado"),
        ),
    ]
