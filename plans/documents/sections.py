"""The sections the DOCX and the PDF of the plan share: what each section says is written
here once; how it looks is the writer's (its heading depth, its table widths, its numbered list).

A writer provides ``content`` (PlanDocument), ``SECTION_LEVEL`` (the heading level of a
section's own subheadings), ``WIDTHS`` (the column widths of each shared table, in its unit)
and the primitives ``heading``, ``paragraph``, ``text``, ``pairs``, ``table_of`` and
``numbered``.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from plans.documents.content import activity_details, approval_rows, indicator_ficha, target_rows, version_rows


class PlanSections:
    SECTION_LEVEL: int
    WIDTHS: dict[str, tuple[float, ...]]

    def section_objectives(self) -> None:
        if self.content.general_objectives:
            self.heading(_("Objetivo general"), self.SECTION_LEVEL)
            for text in self.content.general_objectives:
                self.text(text)
        if self.content.specific_objectives:
            self.heading(_("Objetivos específicos"), self.SECTION_LEVEL)
            self.numbered(self.content.specific_objectives)

    def section_audiences(self) -> None:
        self.table_of(
            [_("Público objetivo"), _("Tipo"), _("Descripción"), _("Mensaje clave")],
            [[a.name, a.get_scope_display(), a.description, a.key_message] for a in self.content.audiences],
            self.WIDTHS["audiences"],
        )

    def section_channels(self) -> None:
        self.table_of(
            [_("Medio o canal"), _("Modalidad"), _("Línea"), _("Alcance"), _("Descripción")],
            [
                [c.name, c.get_mode_display(), c.get_line_display(), c.get_scope_display(), c.description]
                for c in self.content.channels
            ],
            self.WIDTHS["channels"],
        )

    def section_activities(self) -> None:
        for item in self.content.components:
            component = item.component
            self.heading(component.name, self.SECTION_LEVEL)
            if component.objective:
                self.paragraph(_("Objetivo del componente"), bold=True)
                self.text(component.objective)
            if component.description:
                self.text(component.description)
            for entry in item.activities:
                self.heading(entry.activity.name, self.SECTION_LEVEL + 1)
                details = activity_details(entry.activity)
                if details:
                    self.pairs(details)

    def section_fichas(self) -> None:
        for indicator in self.content.indicators:
            self.heading(f"{indicator.code} · {indicator.name}", self.SECTION_LEVEL)
            self.pairs(indicator_ficha(indicator))
            rows = target_rows(indicator)
            self.paragraph(_("Metas"), bold=True)
            if rows:
                self.table_of([_("Año o periodo"), _("Metas")], [list(row) for row in rows], self.WIDTHS["targets"])
            else:
                self.paragraph(_("El indicador aún no tiene metas."))

    def section_approval(self) -> None:
        self.pairs(approval_rows(self.content))
        self.heading(_("Historial de versiones"), self.SECTION_LEVEL)
        self.table_of(
            [_("Versión"), _("Desde"), _("Estado"), _("Aprobación")],
            version_rows(self.content),
            self.WIDTHS["versions"],
        )
