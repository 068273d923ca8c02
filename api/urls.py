"""/api/: the OpenAPI schema, its browsable docs, and version 1 of the API."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from api import views, views_docs, views_logs

app_name = "api"

router = SimpleRouter(trailing_slash=True, use_regex_path=False)
router.register("entities", views.EntityViewSet, basename="entity")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("targets", views.TargetViewSet, basename="target")
router.register("period-values", views.PeriodValueViewSet, basename="period-value")
router.register("reports", views.ReportViewSet, basename="report")
router.register("campaigns", views.CampaignViewSet, basename="campaign")
router.register("pieces", views.PieceViewSet, basename="piece")
router.register("mentions", views.MentionViewSet, basename="mention")
router.register("logs", views_logs.LogViewSet, basename="log")
router.register("reporting-periods", views_logs.ReportingPeriodViewSet, basename="reporting-period")

urlpatterns = [
    path("schema/", views_docs.SchemaView.as_view(), name="schema"),
    path("docs/", views_docs.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(router.urls)),
    path("v1/reports/<int:pk>/files/<str:kind>/", views.ReportFileView.as_view(), name="report-file"),
    path("v1/evidence/<int:pk>/file/", views.EvidenceFileView.as_view(), name="evidence-file"),
    # Anything else under /api/ is a JSON 404, never the site's HTML page.
    re_path(r"^[\s\S]*$", views_docs.NotFoundView.as_view(), name="not-found"),
]
