from django.urls import path

from imports import views_jobs, views_matrix

app_name = "imports"

urlpatterns = [
    path("matriz/", views_matrix.matrix_import, name="matrix_import"),
    path("matriz/confirmar/", views_matrix.matrix_import_confirm, name="matrix_import_confirm"),
    path("matriz/plantilla/", views_matrix.matrix_template, name="matrix_template"),
    path("matriz/plantilla.<str:fmt>", views_matrix.matrix_template_file, name="matrix_template_file"),
    path("matriz/planes/<int:plan_id>.<str:fmt>", views_matrix.matrix_export, name="matrix_export"),
    path("registros/", views_jobs.logs_upload, name="logs_upload"),
    path("trabajos/<int:job_id>/", views_jobs.job_detail, name="job_detail"),
    path("trabajos/<int:job_id>/confirmar/", views_jobs.job_confirm, name="job_confirm"),
]
