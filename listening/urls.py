from django.urls import path

from listening import views, views_public

app_name = "listening"

urlpatterns = [
    # Public, without login.
    path("buzon/<int:entity_id>/", views_public.suggestion_box, name="suggestion_box"),
    path("buzon/<int:entity_id>/respuestas/", views_public.suggestions_published, name="suggestions_published"),
    path("encuestas/<str:token>/", views_public.survey_answer, name="survey_answer"),
    path("encuestas/<str:token>/gracias/", views_public.survey_thanks, name="survey_thanks"),
    # The press office's pages.
    path("escucha/sugerencias/", views.suggestion_list, name="suggestion_list"),
    path("escucha/sugerencias/nueva/", views.suggestion_new, name="suggestion_new"),
    path("escucha/sugerencias/<int:suggestion_id>/", views.suggestion_detail, name="suggestion_detail"),
    path("escucha/encuestas/", views.survey_list, name="survey_list"),
    path("escucha/encuestas/<int:survey_id>/", views.survey_results_view, name="survey_results"),
    path("escucha/encuestas/<int:survey_id>/estado/", views.survey_status, name="survey_status"),
    path("escucha/encuestas/<int:survey_id>/respuestas.xlsx", views.survey_export, {"fmt": "xlsx"}, name="survey_xlsx"),
    path("escucha/encuestas/<int:survey_id>/respuestas.csv", views.survey_export, {"fmt": "csv"}, name="survey_csv"),
    path("escucha/encuestas/<int:survey_id>/qr.svg", views.survey_qr, {"fmt": "svg"}, name="survey_qr_svg"),
    path("escucha/encuestas/<int:survey_id>/qr.png", views.survey_qr, {"fmt": "png"}, name="survey_qr_png"),
    path("escucha/capacitaciones/", views.training_list, name="training_list"),
    path("escucha/capacitaciones/<int:session_id>/", views.training_detail, name="training_detail"),
    path("escucha/capacitaciones/<int:session_id>/asistencia/", views.attendance_take, name="attendance_take"),
    path("escucha/capacitaciones/<int:session_id>/importar/", views.attendance_import, name="attendance_import"),
    path("escucha/capacitaciones/<int:session_id>/agregar/", views.attendance_add, name="attendance_add"),
    path("escucha/materiales/<int:material_id>/", views.material_download, name="material_download"),
]
