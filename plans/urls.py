from django.urls import path

from plans import views, views_document

app_name = "plans"

urlpatterns = [
    path("inicio/", views.workspace, name="workspace"),
    path("prensa/", views.press_home, name="press_home"),
    path(
        "planes/<int:plan_id>/documento.docx",
        views_document.plan_document,
        {"kind": "docx"},
        name="plan_document_docx",
    ),
    path("planes/<int:plan_id>/documento.pdf", views_document.plan_document, {"kind": "pdf"}, name="plan_document_pdf"),
]
