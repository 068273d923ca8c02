"""Reading uploaded spreadsheets: every accepted form, every refused file with its message."""

import codecs
import io
import time
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from imports.readers import (
    Row,
    SpreadsheetError,
    normalize_name,
    parse_date,
    parse_decimal,
    read_table,
)

CSV_TEXT = "Código del indicador;Fecha;Valor;Descripción\nIND-1;31/01/2025;1.234,5;Reunión con niños\n"


def xlsx_bytes(rows, *, sheet_title=None, formats=None):
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    if sheet_title:
        worksheet.title = sheet_title
    for row in rows:
        worksheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        worksheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods_bytes(content_body):
    """A minimal ODS as LibreOffice writes it, with the given <office:spreadsheet> body."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{content_body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def text_cell(text):
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


# --- normalize_name ------------------------------------------------------------------------


def test_normalize_name_removes_accents_case_and_extra_spaces():
    assert normalize_name("  Código   del INDICADOR ") == "codigo del indicador"
    assert normalize_name("Año\tÑandú") == "ano nandu"


# --- parse_decimal ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        ("1,234,567", Decimal("1234567")),
        ("1,234.5", Decimal("1234.5")),
        ("12,5 %", Decimal("12.5")),
        ("12,5%", Decimal("12.5")),
        ("$ 1.500.000", Decimal("1500000")),
        ("1500 COP", Decimal("1500")),
        ("1.500", Decimal("1500")),
        ("0.125", Decimal("0.125")),
        ("-3,25", Decimal("-3.25")),
        ("  42 ", Decimal("42")),
        ("7", Decimal("7")),
        ("1\u00a0234,5", Decimal("1234.5")),
    ],
)
def test_parse_decimal_reads_colombian_and_international_text(text, expected):
    assert parse_decimal(text, field="valor") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3.0, Decimal("3.0")), (0.1, Decimal("0.1")), (12, Decimal("12")), (Decimal("2.5"), Decimal("2.5"))],
)
def test_parse_decimal_takes_spreadsheet_numbers(value, expected):
    assert parse_decimal(value, field="valor") == expected


@pytest.mark.parametrize("text", ["abc", "1.23.4", "1,2,3", "12a", "1e5", "--1", "1.234,5,6"])
def test_parse_decimal_refuses_text_that_is_not_a_number_naming_the_field(text):
    with pytest.raises(ValueError, match=r"«valor»: «.*» no es un número") as error:
        parse_decimal(text, field="valor")
    assert text.strip() in str(error.value)


def test_parse_decimal_refuses_empty_booleans_and_infinity():
    with pytest.raises(ValueError, match="«valor»: falta el número"):
        parse_decimal("  ", field="valor")
    with pytest.raises(ValueError, match="«valor»: falta el número"):
        parse_decimal(None, field="valor")
    with pytest.raises(ValueError, match="no sí/no"):
        parse_decimal(True, field="valor")
    with pytest.raises(ValueError, match="no es un número"):
        parse_decimal(float("inf"), field="valor")


# --- parse_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "31/01/2025",
        "31-01-2025",
        "31.01.2025",
        "2025-01-31",
        "2025/01/31",
        "31/01/25",
        "31 de enero de 2025",
        "31 de Enero de 2025",
        "31 ene 2025",
        "31-ene-2025",
        "2025-01-31 00:00:00",
        "31/01/2025 10:30",
        "45688",
        45688,
        45688.0,
        datetime(2025, 1, 31, 8, 15),
        date(2025, 1, 31),
    ],
)
def test_parse_date_reads_every_form_day_first(value):
    assert parse_date(value, field="fecha") == date(2025, 1, 31)


def test_parse_date_reads_day_first_when_both_could_be_months():
    assert parse_date("02/03/2025", field="fecha") == date(2025, 3, 2)
    assert parse_date("5 de septiembre de 2024", field="fecha") == date(2024, 9, 5)
    assert parse_date("01/02/99", field="fecha") == date(1999, 2, 1)


@pytest.mark.parametrize("value", ["31/13/2025", "30 de febrero de 2025", "29/02/2025"])
def test_parse_date_refuses_dates_that_do_not_exist(value):
    with pytest.raises(ValueError, match=r"«fecha»: la fecha «.*» no existe en el calendario"):
        parse_date(value, field="fecha")


@pytest.mark.parametrize("value", ["mañana", "31 de brumario de 2025", "2025", "01/2025", True, 0, -5])
def test_parse_date_refuses_what_is_not_a_date_naming_the_field(value):
    with pytest.raises(ValueError, match=r"«fecha»: «.*» no es una fecha"):
        parse_date(value, field="fecha")


def test_parse_date_refuses_empty_cells():
    with pytest.raises(ValueError, match="«fecha»: falta la fecha"):
        parse_date(None, field="fecha")


# --- read_table: CSV ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"),
        CSV_TEXT.encode("cp1252"),
        CSV_TEXT.encode("utf-16"),
        CSV_TEXT.replace(";", ",").replace("1.234,5", '"1.234,5"').encode("utf-8"),
        CSV_TEXT.replace(";", "\t").encode("utf-8"),
        CSV_TEXT.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "utf16", "comma", "tab", "crlf"],
)
def test_read_table_reads_csv_in_every_encoding_and_delimiter(data):
    table = read_table(io.BytesIO(data), filename="logs.csv")

    assert table.format == "csv"
    assert table.headers == ["Código del indicador", "Fecha", "Valor", "Descripción"]
    assert table.keys == ["codigo del indicador", "fecha", "valor", "descripcion"]
    assert table.rows == [
        Row(
            number=2,
            values={
                "codigo del indicador": "IND-1",
                "fecha": "31/01/2025",
                "valor": "1.234,5",
                "descripcion": "Reunión con niños",
            },
        )
    ]


def test_read_table_strips_cells_skips_empty_rows_and_keeps_spreadsheet_row_numbers():
    data = (" Código ; Valor \n  A-1 ;  3 \n;\n\nA-2;\nA-3;  4;extra cell without header\n").encode()

    table = read_table(data, filename="x.csv")

    assert table.headers == ["Código", "Valor"]
    assert table.keys == ["codigo", "valor"]
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"codigo": "A-1", "valor": "3"}),
        (5, {"codigo": "A-2", "valor": None}),
        (6, {"codigo": "A-3", "valor": "4"}),
    ]


def test_read_table_takes_django_uploads_even_when_already_read():
    upload = SimpleUploadedFile("logs.csv", CSV_TEXT.encode("cp1252"), content_type="text/csv")
    upload.read()

    table = read_table(upload, filename=upload.name)

    assert table.rows[0].values["descripcion"] == "Reunión con niños"


def test_read_table_names_every_missing_required_column():
    with pytest.raises(SpreadsheetError) as error:
        read_table(CSV_TEXT.encode(), filename="x.csv", required=["código del indicador", "Área", "Fecha", "Alcance"])

    assert error.value.message == (
        "Faltan columnas obligatorias en el encabezado: «Área», «Alcance». Columnas encontradas: "
        "«Código del indicador», «Fecha», «Valor», «Descripción»."
    )


def test_read_table_accepts_required_columns_written_with_other_accents_and_case():
    table = read_table(CSV_TEXT.encode(), filename="x.csv", required=["CODIGO DEL INDICADOR", "descripcion"])
    assert len(table.rows) == 1


def test_read_table_refuses_a_header_that_repeats_a_column():
    with pytest.raises(SpreadsheetError, match="La columna «Valor» aparece dos veces"):
        read_table(b"valor;Valor\n1;2\n", filename="x.csv")


def test_read_table_refuses_a_csv_with_a_broken_quote():
    with pytest.raises(SpreadsheetError, match="revise las comillas"):
        read_table(b'a,b\n"1,2\n' + b"x" * 200_000, filename="x.csv", max_rows=10)


# --- read_table: XLSX and ODS --------------------------------------------------------------


def test_read_table_reads_xlsx_values_as_python_values():
    data = xlsx_bytes(
        [
            [" Código ", "Fecha", "Valor", "Porcentaje", "Hecho"],
            ["  IND-1  ", datetime(2025, 1, 31), 1234.5, 0.125, True],
            [None, None, None, None, None],
            ["IND-2", datetime(2025, 2, 1, 14, 30), 7, None, False],
        ],
        formats={"D2": "0.0%"},
    )

    table = read_table(data, filename="logs.xlsx")

    assert table.format == "xlsx"
    assert table.keys == ["codigo", "fecha", "valor", "porcentaje", "hecho"]
    assert [(row.number, row.values) for row in table.rows] == [
        (
            2,
            {
                "codigo": "IND-1",
                "fecha": date(2025, 1, 31),
                "valor": 1234.5,
                "porcentaje": Decimal("12.5"),
                "hecho": True,
            },
        ),
        (4, {"codigo": "IND-2", "fecha": datetime(2025, 2, 1, 14, 30), "valor": 7, "porcentaje": None, "hecho": False}),
    ]


def test_read_table_picks_an_xlsx_sheet_by_name_and_names_the_sheets_when_missing():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Instrucciones"
    workbook.active.append(["Lea esto"])
    data_sheet = workbook.create_sheet("Bitácora")
    data_sheet.append(["Código"])
    data_sheet.append(["A-1"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    table = read_table(buffer.getvalue(), filename="x.xlsx", sheet="bitacora")

    assert table.rows == [Row(number=2, values={"codigo": "A-1"})]
    with pytest.raises(SpreadsheetError, match="no tiene la hoja «Datos»; sus hojas son: «Instrucciones», «Bitácora»"):
        read_table(buffer.getvalue(), filename="x.xlsx", sheet="Datos")


def test_read_table_reads_an_ods_written_by_tablib():
    dataset = tablib.Dataset(headers=["Código", "Fecha", "Valor"])
    dataset.append(["  IND-1 ", "31/01/2025", 12])
    dataset.append(["IND-2", "01/02/2025", 2.5])

    table = read_table(dataset.export("ods"), filename="logs.ods")

    assert table.format == "ods"
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"codigo": "IND-1", "fecha": "31/01/2025", "valor": 12}),
        (3, {"codigo": "IND-2", "fecha": "01/02/2025", "valor": 2.5}),
    ]


def test_read_table_reads_ods_types_and_repeats_without_expanding_empty_space():
    body = (
        '<table:table table:name="Hoja1">'
        f"<table:table-row>{text_cell('Código')}{text_cell('Fecha')}{text_cell('Valor')}"
        f"{text_cell('Meta')}{text_cell('Nota')}"
        '<table:table-cell table:number-columns-repeated="16379"/></table:table-row>'
        f"<table:table-row>{text_cell(' A-1 ')}"
        '<table:table-cell office:value-type="date" office:date-value="2025-01-31"/>'
        '<table:table-cell office:value-type="percentage" office:value="0.125"/>'
        '<table:table-cell office:value-type="currency" office:value="1500000"/>'
        '<table:table-cell office:value-type="string"><text:p>dos<text:s text:c="2"/>espacios</text:p>'
        "<text:p>y otra línea</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        f'<table:table-row table:number-rows-repeated="2">{text_cell("A-2")}</table:table-row>'
        "</table:table>"
        '<table:table table:name="Otra"><table:table-row>'
        f"{text_cell('x')}</table:table-row></table:table>"
    )
    started = time.perf_counter()

    table = read_table(ods_bytes(body), filename="logs.ods")

    assert time.perf_counter() - started < 1
    assert table.keys == ["codigo", "fecha", "valor", "meta", "nota"]
    empty = {"fecha": None, "valor": None, "meta": None, "nota": None}
    assert [(row.number, row.values) for row in table.rows] == [
        (
            2,
            {
                "codigo": "A-1",
                "fecha": date(2025, 1, 31),
                "valor": Decimal("12.5"),
                "meta": 1500000,
                "nota": "dos  espacios\ny otra línea",
            },
        ),
        (4, {"codigo": "A-2", **empty}),
        (5, {"codigo": "A-2", **empty}),
    ]


def test_read_table_picks_an_ods_sheet_by_name_and_names_the_sheets_when_missing():
    body = (
        f'<table:table table:name="Portada"><table:table-row>{text_cell("x")}</table:table-row></table:table>'
        f'<table:table table:name="Bitácora"><table:table-row>{text_cell("Código")}</table:table-row>'
        f"<table:table-row>{text_cell('B-1')}</table:table-row></table:table>"
    )

    assert read_table(ods_bytes(body), filename="x.ods", sheet="BITACORA").rows == [
        Row(number=2, values={"codigo": "B-1"})
    ]
    with pytest.raises(SpreadsheetError, match="sus hojas son: «Portada», «Bitácora»"):
        read_table(ods_bytes(body), filename="x.ods", sheet="Datos")


# --- read_table: refused files -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "archivo binario"),
    ],
)
def test_read_table_refuses_a_file_that_is_not_a_spreadsheet_whatever_its_extension(data, what):
    with pytest.raises(SpreadsheetError) as error:
        read_table(data, filename="logs.xlsx")

    assert error.value.message == (
        f"El archivo «logs.xlsx» es un {what}, no una hoja de cálculo. Suba un archivo CSV, "
        "XLSX (Excel) u ODS (LibreOffice)."
    )


def test_read_table_refuses_a_word_document_renamed_xlsx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(SpreadsheetError, match="es un documento de texto, no una hoja de cálculo"):
        read_table(buffer.getvalue(), filename="logs.xlsx")


def test_read_table_refuses_a_password_protected_xlsx():
    # Excel saves an encrypted workbook as an OLE2 container holding an "EncryptedPackage".
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "EncryptedPackage".encode("utf-16-le")

    with pytest.raises(SpreadsheetError, match=r"«plan\.xlsx» está protegido con contraseña"):
        read_table(data, filename="plan.xlsx")


def test_read_table_refuses_an_old_xls_workbook():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "Workbook".encode("utf-16-le")

    with pytest.raises(SpreadsheetError, match=r"formato antiguo de Excel 97-2003 \(\.xls\)"):
        read_table(data, filename="plan.xls")


@pytest.mark.parametrize("cut", [30, 200, -60])
def test_read_table_refuses_a_corrupt_zip(cut):
    data = xlsx_bytes([["Código"], ["A-1"]])
    damaged = data[:cut]

    with pytest.raises(SpreadsheetError, match=r"«x\.xlsx» está dañado y no se puede leer"):
        read_table(damaged, filename="x.xlsx")


def test_read_table_refuses_an_xlsx_whose_sheet_xml_is_garbage():
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Código"], ["A-1"]]))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for item in source.infolist():
            content = b"<<<not xml" if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, content)

    with pytest.raises(SpreadsheetError, match="está dañado"):
        read_table(buffer.getvalue(), filename="x.xlsx")


def test_read_table_refuses_an_empty_file():
    with pytest.raises(SpreadsheetError, match=r"«x\.csv» está vacío"):
        read_table(b"  \n\n", filename="x.csv")
    with pytest.raises(SpreadsheetError, match=r"«x\.xlsx» está vacío"):
        read_table(xlsx_bytes([]), filename="x.xlsx")


class NoReadFile(io.BytesIO):
    """An upload that claims its size; reading it would fail the test."""

    size = 11 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("the file was read before its size was checked")


def test_read_table_refuses_a_file_over_the_size_limit_before_reading_it():
    with translation.override("es-co"), pytest.raises(SpreadsheetError) as error:
        read_table(NoReadFile(), filename="big.csv", max_bytes=10 * 1024 * 1024)

    assert error.value.message == (
        "El archivo pesa 11,0\xa0MB y el máximo admitido es 10,0\xa0MB. Divídalo en varios archivos."
    )


def test_read_table_refuses_a_file_over_the_size_limit_even_without_a_declared_size():
    with pytest.raises(SpreadsheetError, match="El archivo pesa 101"):
        read_table(io.BytesIO(b"a\n" + b"1" * 99), filename="x.csv", max_bytes=100)


@override_settings(IMPORT_MAX_BYTES=50)
def test_read_table_takes_its_size_limit_from_the_settings():
    with pytest.raises(SpreadsheetError, match="el máximo admitido es 50"):
        read_table(b"a\n" + b"1" * 60, filename="x.csv")


def test_read_table_stops_at_the_row_limit_without_reading_the_rest():
    data = b"valor\n" + b"1\n" * 1_000_000
    started = time.perf_counter()

    with pytest.raises(SpreadsheetError) as error:
        read_table(data, filename="x.csv", max_rows=1000)

    assert time.perf_counter() - started < 1
    assert error.value.message == "El archivo «x.csv» tiene más de 1.000 filas de datos. Divídalo en varios archivos."


def test_read_table_accepts_exactly_the_row_limit():
    assert len(read_table(b"valor\n" + b"1\n" * 1000, filename="x.csv", max_rows=1000).rows) == 1000


def test_read_table_stops_at_the_row_limit_in_xlsx_and_ods():
    rows = [["valor"]] + [[n] for n in range(30)]
    with pytest.raises(SpreadsheetError, match="más de 20 filas"):
        read_table(xlsx_bytes(rows), filename="x.xlsx", max_rows=20)
    body = (
        f'<table:table table:name="H"><table:table-row>{text_cell("valor")}</table:table-row>'
        f'<table:table-row table:number-rows-repeated="100000000">{text_cell("1")}</table:table-row>'
        "</table:table>"
    )
    with pytest.raises(SpreadsheetError, match="más de 20 filas"):
        read_table(ods_bytes(body), filename="x.ods", max_rows=20)
