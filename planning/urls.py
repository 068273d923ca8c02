"""The planning chain's pages; the public ones under /transparencia/ need no login
(commsplan/tests/test_security.py)."""

from django.urls import path

from planning import views, views_public

app_name = "planning"

urlpatterns = [
    path("planes/<int:plan_id>/planeacion/", views.plan_planning, name="plan_planning"),
    path("planes/<int:plan_id>/planeacion/generar/", views.action_plan_generate, name="action_plan_generate"),
    path("planes/<int:plan_id>/planeacion/estado/", views.plan_advance, name="plan_advance"),
    path("planes/<int:plan_id>/aprobacion/", views.approval_request, name="approval_request"),
    path(
        "planes/<int:plan_id>/aprobacion/plan-de-accion/<int:action_plan_id>/",
        views.approval_request,
        name="action_plan_approval_request",
    ),
    path("planes/<int:plan_id>/versiones/comparar/", views.version_compare, name="version_compare"),
    path("planes/<int:plan_id>/rendicion-de-cuentas/", views.accountability_create, name="accountability_create"),
    path("planes-de-accion/<int:action_plan_id>/", views.action_plan_detail, name="action_plan_detail"),
    path("planes-de-accion/<int:action_plan_id>/agregar/", views.item_edit, name="item_add"),
    path("planes-de-accion/<int:action_plan_id>/actividades/<int:item_id>/", views.item_edit, name="item_edit"),
    path("planes-de-accion/<int:action_plan_id>/publicar/", views.action_plan_publish, name="action_plan_publish"),
    path(
        "planes-de-accion/<int:action_plan_id>/plan.pdf", views.action_plan_file, {"fmt": "pdf"}, name="action_plan_pdf"
    ),
    path(
        "planes-de-accion/<int:action_plan_id>/plan.xlsx",
        views.action_plan_file,
        {"fmt": "xlsx"},
        name="action_plan_xlsx",
    ),
    path("aprobaciones/<int:approval_id>/", views.approval_detail, name="approval_detail"),
    path("rendicion-de-cuentas/<int:accountability_id>/", views.accountability_detail, name="accountability_detail"),
    path(
        "rendicion-de-cuentas/<int:accountability_id>/preguntas/<int:question_id>/moderar/",
        views.question_moderate,
        name="question_moderate",
    ),
    path(
        "rendicion-de-cuentas/<int:accountability_id>/preguntas/<int:question_id>/borrar/",
        views.question_delete,
        name="question_delete",
    ),
    # Public, without login.
    path(
        "transparencia/plan-de-accion/<int:action_plan_id>/", views_public.public_action_plan, name="public_action_plan"
    ),
    *[
        path(
            f"transparencia/plan-de-accion/<int:action_plan_id>/plan.{fmt}",
            views_public.public_action_plan_file,
            {"fmt": fmt},
            name=f"public_action_plan_{fmt}",
        )
        for fmt in ("pdf", "xlsx", "csv")
    ],
    path(
        "transparencia/rendicion-de-cuentas/<int:accountability_id>/",
        views_public.public_accountability,
        name="public_accountability",
    ),
    *[
        path(
            f"transparencia/rendicion-de-cuentas/<int:accountability_id>/informe.{fmt}",
            views_public.public_accountability_file,
            {"fmt": fmt},
            name=f"public_accountability_{fmt}",
        )
        for fmt in ("pdf", "csv", "json")
    ],
]
