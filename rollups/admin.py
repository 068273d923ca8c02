"""Back-office edits that change what every period of a plan shows queue its full roll-up."""

from __future__ import annotations

from django.contrib import admin

from plans import admin as plans_admin
from plans.models import Area, Component, Plan
from rollups.services import plans_recompute_after_edit


class RecomputesPlansOnEditMixin:
    """A saved edit here changes what the dashboards show of every period of some plans: the
    traffic-light thresholds (the roll-up stores each status), or a name or weight the progress
    tiles label and weigh with. Those plans are recomputed once the edit commits, so their
    dashboards show it at once rather than when their cache expires."""

    def edited_plan_ids(self, obj) -> list[int]:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            plans_recompute_after_edit(plan_ids=self.edited_plan_ids(form.instance))


# The plan, its components and the entity's areas are the plans app's admin pages; this app,
# which owns the roll-up, extends them with the recompute (plans never imports indicators).
class PlanAdmin(RecomputesPlansOnEditMixin, plans_admin.PlanAdmin):
    def edited_plan_ids(self, obj: Plan) -> list[int]:
        return [obj.pk]


class ComponentAdmin(RecomputesPlansOnEditMixin, plans_admin.ComponentAdmin):
    def edited_plan_ids(self, obj: Component) -> list[int]:
        return [obj.plan_id]


class AreaAdmin(RecomputesPlansOnEditMixin, plans_admin.AreaAdmin):
    def edited_plan_ids(self, obj: Area) -> list[int]:
        # The area is the entity's: every plan of the entity may name it.
        return list(Plan.objects.filter(entity_id=obj.entity_id).values_list("pk", flat=True))


for _model, _model_admin in [(Plan, PlanAdmin), (Component, ComponentAdmin), (Area, AreaAdmin)]:
    admin.site.unregister(_model)
    admin.site.register(_model, _model_admin)
