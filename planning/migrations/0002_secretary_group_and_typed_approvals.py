"""The committee secretary's group, and an approval record for every plan whose approval was
typed in its three fields (date, body, act) before the approval step existed: the plan keeps its
fields as they were, its history gains the decision."""

from django.db import migrations

SECRETARY_GROUP = "Secretaría del comité"


def forward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=SECRETARY_GROUP)
    Plan = apps.get_model("plans", "Plan")
    Approval = apps.get_model("planning", "Approval")
    for plan in Plan.objects.filter(approved_on__isnull=False).exclude(approval_body=""):
        if Approval.objects.filter(plan=plan, subject="plan", version=plan.version).exists():
            continue
        Approval.objects.create(
            plan=plan,
            subject="plan",
            version=plan.version,
            status="aprobado",
            body=plan.approval_body,
            act_number=plan.approval_act or "—",
            decided_on=plan.approved_on,
            summary="",
            snapshot={},
        )


def backward(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SECRETARY_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, backward)]
