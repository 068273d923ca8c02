"""Root URLconf."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from plans import views as plan_views
from plans.forms import LoginForm

MOVED_ADMIN_MODELS = {
    "execution": ["activitylog"],
    "reports": ["report", "reportschedule"],
}


class FaviconView(RedirectView):
    """/favicon.ico, which browsers ask for on their own, to the icon among the static files
    (its hashed name in production, so not a permanent redirect)."""

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("img/favicon.ico")


urlpatterns = [
    path("", plan_views.home, name="home"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path(
        "cuenta/ingresar/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("cuenta/salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin pages of the models that moved out of the indicators app: old bookmarks land
    # on the same page under its new app.
    *[
        re_path(
            rf"^admin/indicators/(?P<model>{'|'.join(models)})/(?P<rest>.*)$",
            RedirectView.as_view(url=f"/admin/{app}/%(model)s/%(rest)s", permanent=True, query_string=True),
        )
        for app, models in MOVED_ADMIN_MODELS.items()
    ],
    path("admin/", include("nested_admin.urls")),
    path("admin/", admin.site.urls),
    path("", include("plans.urls")),
    path("", include("indicators.urls")),
    path("", include("execution.urls")),
    path("", include("reports.urls")),
    path("", include("dashboards.urls")),
    path("comunicacion/", include("campaigns.urls")),
    path("medios/", include("media.urls")),
    path("crisis/", include("crisis.urls")),
    path("importar/", include("imports.urls")),
    path("cuenta/tokens/", include("api.urls_account")),
    path("api/", include("api.urls")),
    path("privacidad/", include("privacy.urls")),
    path("", include("listening.urls")),
    path("", include("planning.urls")),
]

handler400 = "plans.views.bad_request"
handler403 = "plans.views.permission_denied"
handler404 = "plans.views.page_not_found"
handler500 = "plans.views.server_error"
