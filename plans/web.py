"""Small helpers every app's views share: the page size of lists, the safe «next» address and
the query string that pagination links keep."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Rows a list page shows before it paginates.
PAGE_SIZE = 25


def next_url(request: HttpRequest, default: str) -> str:
    """Return the «next» address of the request when it stays on this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def querystring_without_page(request: HttpRequest) -> str:
    """Return the request's query string without its page number, for pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
