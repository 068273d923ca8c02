"""The import form of the admins that use django-import-export (indicators, targets, media
mentions): the uploaded file goes through the same refusals as every other import of the
product (size, empty, password, damaged, not a spreadsheet) before the library reads it."""

from __future__ import annotations

from django import forms
from import_export.forms import ImportForm

from imports.readers import SpreadsheetError, check_file


class CheckedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data.get("import_file")
        if upload is not None:
            try:
                check_file(upload, filename=upload.name)
            except SpreadsheetError as error:
                raise forms.ValidationError(error.message) from error
        return upload
