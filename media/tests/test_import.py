"""Importing mentions from CSV and XLSX in the admin: preview, all or nothing, every bad row."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from media.enums import MediaType, Sentiment
from media.models import MediaMention
from media.tests.factories import OutletFactory, TariffFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:media_monitoring_mediamention_import")
PROCESS_URL = reverse("admin:media_monitoring_mediamention_process_import")
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # MediaMentionAdmin.import_formats


@pytest.fixture
def outlets(entity):
    diario = OutletFactory(entity=entity, name="El Diario del Sur", media_type=MediaType.PRESS)
    radio = OutletFactory(entity=entity, name="Radio Río", media_type=MediaType.RADIO)
    TariffFactory(outlet=diario, valid_from=date(2024, 1, 1), price=Decimal("35000"))
    TariffFactory(outlet=radio, valid_from=date(2024, 1, 1), price=Decimal("10000"))
    return diario, radio


def upload(client, content: bytes, name: str = "menciones.csv", fmt: str = CSV_FORMAT):
    return client.post(IMPORT_URL, {"format": fmt, "import_file": SimpleUploadedFile(name, content), "resource": "0"})


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(PROCESS_URL, {name: form.initial.get(name, "") for name in form.fields})


def errors_by_row(response) -> dict[int, dict[str, list[str]]]:
    result = response.context["result"]
    return {row.number: {k: list(v) for k, v in row.field_specific_errors.items()} for row in result.invalid_rows}


# Headers as people type them: no accents, other case; outlet names without accents either.
GOOD_CSV = (
    b"fecha;MEDIO;tipo de medio;titular;enlace;alcance;sentimiento;calificacion;alto (cm);columnas;segundos\n"
    b"12/03/2024;el diario del sur;Prensa;Abre el nuevo parque;https://diario.example/a;15.000;Positiva;4;24;5;\n"
    b"20 de marzo de 2024;RADIO RIO;radio;Entrevista al alcalde;;5000;neutra;;;;60\n"
)


class TestGoodFiles:
    def test_the_preview_saves_nothing_and_the_confirmation_saves_every_row_valued(
        self, client, press_officer, outlets
    ):
        diario, radio = outlets
        client.force_login(press_officer)

        preview = upload(client, GOOD_CSV)

        assert preview.status_code == 200
        assert not preview.context["result"].has_validation_errors()
        assert not preview.context["result"].has_errors()
        assert not MediaMention.objects.exists()

        response = confirm(client, preview)

        assert response.status_code == 302
        press, air = MediaMention.objects.order_by("date")
        assert (press.outlet, press.entity, press.reach, press.rating) == (diario, press_officer.entity, 15000, 4)
        assert press.sentiment == Sentiment.POSITIVE
        assert press.free_press_value == Decimal("4200000")  # 24 × 5 = 120 cm² × 35.000
        assert press.created_by == press_officer
        assert (air.outlet, air.date, air.seconds) == (radio, date(2024, 3, 20), 60)
        assert air.free_press_value == Decimal("600000")  # 60 s × 10.000

    def test_importing_the_same_file_again_changes_nothing(self, client, press_officer, outlets):
        client.force_login(press_officer)
        confirm(client, upload(client, GOOD_CSV))
        before = list(MediaMention.objects.order_by("pk").values_list("pk", "reach", "free_press_value", "created_by"))

        preview = upload(client, GOOD_CSV)
        assert preview.context["result"].totals["skip"] == 2
        assert preview.context["result"].totals["new"] == 0
        confirm(client, preview)

        after = list(MediaMention.objects.order_by("pk").values_list("pk", "reach", "free_press_value", "created_by"))
        assert after == before

    def test_an_edited_row_updates_its_mention(self, client, press_officer, outlets):
        client.force_login(press_officer)
        confirm(client, upload(client, GOOD_CSV))
        confirm(client, upload(client, GOOD_CSV.replace(b"15.000", b"18.000")))
        assert MediaMention.objects.count() == 2
        assert MediaMention.objects.get(headline="Abre el nuevo parque").reach == 18000

    def test_an_xlsx_file_with_real_dates_and_numbers(self, client, press_officer, outlets):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(["Fecha", "Medio", "Titular", "Sentimiento", "Segundos", "Alcance"])
        sheet.append([date(2024, 4, 2), "Radio Río", "Rueda de prensa", "Negativa", 30, 1200])
        buffer = io.BytesIO()
        workbook.save(buffer)
        client.force_login(press_officer)

        preview = upload(client, buffer.getvalue(), name="menciones.xlsx", fmt=XLSX_FORMAT)
        confirm(client, preview)

        mention = MediaMention.objects.get()
        # No media type column: the outlet's usual one.
        assert (mention.media_type, mention.date, mention.reach) == (MediaType.RADIO, date(2024, 4, 2), 1200)
        assert mention.free_press_value == Decimal("300000")


class TestBadFiles:
    def test_every_bad_row_is_reported_with_its_column_and_nothing_is_saved(self, client, press_officer, outlets):
        content = (
            "Fecha,Medio,Tipo de medio,Titular,Enlace,Alcance,Sentimiento,Calificación,Alto (cm),Columnas,Segundos\n"
            "12/03/2024,El Diario del Sur,prensa,Fila buena,,100,positiva,3,10,2,\n"
            "13/03/2024,Periódico Fantasma,prensa,Medio desconocido,,100,positiva,3,10,2,\n"
            "14/03/2024,Radio Río,radio,Alcance negativo,ftp://radio.example/x,-5,neutra,9,,,30\n"
            "31/02/2024,Radio Río,radio,Fecha imposible,,,alegre,,,,30\n"
        ).encode()
        client.force_login(press_officer)

        preview = upload(client, content)

        assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
        assert errors_by_row(preview) == {
            2: {
                "Medio": [
                    "«Medio»: no hay un medio llamado «Periódico Fantasma» en la entidad; "
                    "regístrelo primero en el admin."
                ]
            },
            3: {
                "Enlace": ["Escriba una dirección web completa que empiece por http:// o https://."],
                "Alcance": ["El alcance no puede ser negativo."],
                "Calificación": ["La calificación va de 1 a 5."],
            },
            4: {
                "Fecha": ["«Fecha»: la fecha «31/02/2024» no existe en el calendario."],
                "Sentimiento": ["«Sentimiento»: «alegre» no es una opción válida (positiva, neutra, negativa)."],
            },
        }
        assert not MediaMention.objects.exists()

    def test_a_confirmation_replayed_after_a_bad_preview_saves_nothing(self, client, press_officer, outlets):
        """All or nothing even without the preview: the good row is rolled back with the bad one."""
        from tablib import Dataset

        from media.resources import MediaMentionResource

        dataset = Dataset(headers=["Fecha", "Medio", "Titular", "Sentimiento", "Segundos"])
        dataset.append(["12/03/2024", "Radio Río", "Buena", "positiva", "10"])
        dataset.append(["12/03/2024", "Radio Río", "Mala", "positiva", "-10"])

        result = MediaMentionResource().import_data(
            dataset, dry_run=False, user=press_officer, rollback_on_validation_errors=True
        )

        assert result.has_validation_errors()
        assert not MediaMention.objects.exists()

    def test_a_missing_required_column_is_named(self, client, press_officer, outlets):
        client.force_login(press_officer)
        preview = upload(client, b"Fecha,Medio,Titular\n12/03/2024,Radio R\xc3\xado,Algo\n")
        messages = [str(error.error) for error in preview.context["result"].base_errors]
        assert messages == [
            "Al archivo le faltan las columnas: «Sentimiento». La primera fila debe tener los encabezados."
        ]
        assert not MediaMention.objects.exists()

    def test_a_campaign_is_matched_by_name_within_the_entity(self, client, press_officer, outlets, other_entity):
        from campaigns.tests.factories import CampaignFactory

        campaign = CampaignFactory(component__plan__entity=press_officer.entity, name="Ciudad Limpia")
        CampaignFactory(component__plan__entity=other_entity, name="Campaña Ajena")
        content = (
            "Fecha,Medio,Titular,Sentimiento,Segundos,Campaña\n"
            "12/03/2024,Radio Río,Con campaña,neutra,10,ciudad limpia\n"
            "12/03/2024,Radio Río,Campaña de otro,neutra,10,Campaña Ajena\n"
        ).encode()
        client.force_login(press_officer)
        preview = upload(client, content)
        assert errors_by_row(preview) == {
            2: {"Campaña": ["«Campaña»: no hay una campaña llamada «Campaña Ajena» en la entidad."]}
        }
        confirm_ok = upload(client, content.rsplit(b"\n", 2)[0] + b"\n")
        confirm(client, confirm_ok)
        assert MediaMention.objects.get().campaign == campaign

    def test_another_entitys_outlet_is_unknown(self, client, press_officer, other_entity):
        OutletFactory(entity=other_entity, name="Radio Ajena", media_type=MediaType.RADIO)
        client.force_login(press_officer)
        preview = upload(client, b"Fecha,Medio,Titular,Sentimiento,Segundos\n12/03/2024,Radio Ajena,X,neutra,10\n")
        assert list(errors_by_row(preview)[1]) == ["Medio"]
        assert not MediaMention.objects.exists()


class TestPermissions:
    def test_managers_cannot_import(self, client, manager):
        manager.is_staff = True
        manager.save()
        client.force_login(manager)
        assert client.get(IMPORT_URL).status_code == 403

    def test_the_press_office_may_import(self, client, press_officer):
        client.force_login(press_officer)
        assert client.get(IMPORT_URL).status_code == 200
        assert press_officer.has_perm("media_monitoring.import_mediamention")


class TestAdmin:
    def test_the_changelist_shows_only_the_entitys_mentions_with_constant_queries(
        self, client, press_officer, outsider, outlets, other_entity
    ):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from media.services import mention_save
        from media.tests.factories import MediaMentionFactory

        diario, radio = outlets
        foreign = OutletFactory(entity=other_entity, name="Diario Ajeno", media_type=MediaType.WEB)
        mention_save(mention=MediaMentionFactory.build(outlet=foreign, entity=other_entity, headline="Ajena"))
        mention_save(mention=MediaMentionFactory.build(outlet=diario, entity=diario.entity, headline="Propia"))
        url = reverse("admin:media_monitoring_mediamention_changelist")
        client.force_login(press_officer)
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            page = client.get(url).content.decode()
        for n in range(8):
            outlet = radio if n % 2 else diario
            mention_save(mention=MediaMentionFactory.build(outlet=outlet, entity=diario.entity))
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert "Propia" in page
        assert "Ajena" not in page
        assert len(many.captured_queries) == len(one.captured_queries)

    def test_another_entitys_mention_is_404_in_the_admin(self, client, outsider, outlets):
        from media.services import mention_save
        from media.tests.factories import MediaMentionFactory

        diario, _radio = outlets
        mention = mention_save(mention=MediaMentionFactory.build(outlet=diario, entity=diario.entity))
        client.force_login(outsider)
        url = reverse("admin:media_monitoring_mediamention_change", args=[mention.pk])
        assert client.get(url).status_code == 404

    def test_changing_a_tariff_in_the_admin_recomputes_its_mentions(self, client, press_officer, outlets):
        from media.services import mention_save
        from media.tests.factories import MediaMentionFactory

        diario, _radio = outlets
        mention = mention_save(mention=MediaMentionFactory.build(outlet=diario, entity=diario.entity))
        tariff = diario.tariffs.get()
        client.force_login(press_officer)
        response = client.post(
            reverse("admin:media_monitoring_tariff_change", args=[tariff.pk]),
            {"outlet": diario.pk, "media_type": "prensa", "valid_from": "2024-01-01", "price": "40000", "source": ""},
        )
        assert response.status_code == 302
        mention.refresh_from_db()
        assert mention.free_press_value == Decimal("4800000")  # 120 cm² × 40.000

    def test_a_negative_tariff_in_the_admin_is_refused(self, client, press_officer, outlets):
        diario, _radio = outlets
        client.force_login(press_officer)
        response = client.post(
            reverse("admin:media_monitoring_tariff_add"),
            {"outlet": diario.pk, "media_type": "prensa", "valid_from": "2025-01-01", "price": "-1", "source": ""},
        )
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["price"] == ["El precio de la tarifa no puede ser negativo."]
        assert diario.tariffs.count() == 1


class TestRefusedFiles:
    """The admin import refuses what every import of the product refuses, before reading."""

    def test_a_pdf_renamed_csv_is_refused_and_nothing_saved(self, client, press_officer, outlets):
        client.force_login(press_officer)
        response = upload(client, b"%PDF-1.7\n1 0 obj\n", name="menciones.csv")
        assert response.status_code == 200
        errors = response.context["form"].errors["import_file"]
        assert "no una hoja de cálculo" in errors[0]
        assert not MediaMention.objects.exists()

    def test_a_password_protected_workbook_is_refused(self, client, press_officer, outlets):
        client.force_login(press_officer)
        protected = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
        response = upload(client, protected, name="menciones.xlsx", fmt=XLSX_FORMAT)
        assert "contraseña" in response.context["form"].errors["import_file"][0]

    def test_a_file_over_the_size_limit_is_refused(self, client, press_officer, outlets, settings):
        settings.IMPORT_MAX_BYTES = 100
        client.force_login(press_officer)
        response = upload(client, b"fecha;medio;titular\n" + b"2025-01-01;Medio;Titular\n" * 10)
        assert "máximo admitido" in response.context["form"].errors["import_file"][0]
