"""The schema, its documentation page (Swagger UI served from the drf-spectacular-sidecar
package, its start-up script a file of its own so that the site's CSP needs no inline script)
and the JSON 404 of every other address under /api/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from api.errors import LanguageMixin


class SchemaView(LanguageMixin, SpectacularAPIView):
    pass


class DocsView(LanguageMixin, SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"


@extend_schema(exclude=True)
class NotFoundView(LanguageMixin, APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def dispatch_not_found(self, *args, **kwargs):
        raise exceptions.NotFound()

    get = post = put = patch = delete = head = options = dispatch_not_found
