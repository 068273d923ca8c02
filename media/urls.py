from django.urls import path

from media import views

app_name = "media"

urlpatterns = [
    path("", views.mention_list, name="mention_list"),
    path("exportar.csv", views.mention_export, {"fmt": "csv"}, name="mention_csv"),
    path("exportar.xlsx", views.mention_export, {"fmt": "xlsx"}, name="mention_xlsx"),
    path("nueva/", views.mention_create, name="mention_create"),
    path("<int:mention_id>/", views.mention_detail, name="mention_detail"),
    path("<int:mention_id>/editar/", views.mention_update, name="mention_update"),
    path("totales/", views.totals, name="totals"),
    path("totales/exportar.csv", views.totals_export, {"fmt": "csv"}, name="totals_csv"),
    path("totales/exportar.xlsx", views.totals_export, {"fmt": "xlsx"}, name="totals_xlsx"),
]
