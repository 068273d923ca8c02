"""Small helpers every app's views share: the page size of lists, the safe «next» address, the
query string that pagination links keep and the addresses of a list's rows."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
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


class IdUrl:
    """The address of a URL name that takes one integer id, reversed once for a whole list:
    ``IdUrl("execution:log_detail")(log.pk)``. ``reverse`` costs about 15 µs, and a page of 25
    logs asks for 50 to 100 such addresses. Build it while handling the request (the address
    carries the request's script prefix)."""

    # An id no row reaches, replaced by the real one in the reversed address.
    PLACEHOLDER = 2_147_483_647

    def __init__(self, name: str):
        address = reverse(name, args=[self.PLACEHOLDER])
        self.head, found, self.tail = address.partition(str(self.PLACEHOLDER))
        if not found:
            raise ValueError(f"{name} does not take a single id")

    def __call__(self, pk: int) -> str:
        return f"{self.head}{int(pk)}{self.tail}"
