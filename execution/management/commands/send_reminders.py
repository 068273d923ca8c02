"""Send the reporting cycle's e-mail reminders now (what Celery beat does every day)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from execution.reminders import reminders_send_deadlines, reminders_send_weekly_digest


class Command(BaseCommand):
    help = (
        "Envía los recordatorios de reporte a los líderes de área (días antes de la fecha límite y el "
        "mismo día) y, con --resumen, el resumen semanal a las oficinas de prensa. Nunca envía dos veces "
        "el mismo recordatorio el mismo día."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fecha", dest="day", help="Día a tomar como hoy, AAAA-MM-DD (por omisión, hoy).")
        parser.add_argument(
            "--resumen", dest="digest", action="store_true", help="Enviar también el resumen semanal a prensa."
        )

    def handle(self, *args, day: str | None, digest: bool, **options):
        try:
            today = date.fromisoformat(day) if day else timezone.localdate()
        except ValueError:
            raise CommandError(f"Fecha no válida: {day!r}. Use AAAA-MM-DD.") from None
        sent = reminders_send_deadlines(today=today)
        self.stdout.write(f"Recordatorios de fecha límite enviados: {sent}.")
        if digest:
            sent = reminders_send_weekly_digest(today=today)
            self.stdout.write(f"Resúmenes semanales enviados: {sent}.")
