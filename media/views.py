"""Pages of free-press monitoring: the mentions (list, detail, form) and their totals.

Who: the press office registers and edits its entity's mentions; managers read them and their
totals; area leads and people without a role get 403 (the media pages are not part of their
work). Another entity's mention is a 404, as everywhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards import exports
from media.forms import MediaMentionForm, MentionFilterForm, TotalsFilterForm
from media.selectors import (
    mention_export_rows,
    mention_get_for_user,
    mention_list_for_user,
    mention_totals,
    outlets_for_user,
    totals_export_rows,
)
from media.services import mention_save
from media.valuation import valuation_method
from plans.rules import allows, require
from plans.web import PAGE_SIZE


def _private_download(response: HttpResponse) -> HttpResponse:
    # The entity's figures: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _filter_form(request: HttpRequest) -> MentionFilterForm:
    return MentionFilterForm(request.GET or None, outlets=outlets_for_user(user=request.user))


@login_required
def mention_list(request: HttpRequest) -> HttpResponse:
    """«Medios»: the entity's mentions with their free-press value, filtered and paginated."""
    user = request.user
    require(user, "media_monitoring.read_mentions")
    form = _filter_form(request)
    mentions = mention_list_for_user(user=user, **form.filters())
    page = Paginator(mentions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "media/mediamention_list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "can_edit": allows(user, "media_monitoring.write_mentions"),
        },
    )


@login_required
def mention_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered mentions as CSV or XLSX, each with how its value was computed."""
    user = request.user
    require(user, "media_monitoring.read_mentions")
    mentions = mention_list_for_user(user=user, **_filter_form(request).filters())
    header, rows = mention_export_rows(mentions)
    return _private_download(
        exports.table_response(fmt, filename="menciones-en-medios", title=_("Menciones"), header=header, rows=rows)
    )


@login_required
def mention_detail(request: HttpRequest, mention_id: int) -> HttpResponse:
    user = request.user
    mention = mention_get_for_user(user=user, mention_id=mention_id)
    require(user, "media_monitoring.read_mentions")
    return render(
        request,
        "media/mediamention_detail.html",
        {
            "mention": mention,
            "method": valuation_method(mention),
            "can_edit": allows(user, "media_monitoring.write_mentions"),
        },
    )


def _save(request: HttpRequest, form: MediaMentionForm, message: str) -> HttpResponse | None:
    """Save a valid form through the service; on a rule broken there, put it on the form."""
    if not form.is_valid():
        return None
    try:
        mention = mention_save(mention=form.instance, user=request.user)
    except ValidationError as error:
        for field_name, errors in error.message_dict.items():
            form.add_error(field_name if field_name in form.fields else None, errors)
        return None
    messages.success(request, message % {"value": valuation_method(mention)})
    return redirect("media:mention_detail", mention_id=mention.pk)


@login_required
def mention_create(request: HttpRequest) -> HttpResponse:
    """«Registrar mención» (press office)."""
    user = request.user
    require(user, "media_monitoring.write_mentions")
    form = MediaMentionForm(request.POST or None, user=user, initial={"date": timezone.localdate()})
    if request.method == "POST" and (response := _save(request, form, _("Se registró la mención. %(value)s"))):
        return response
    return render(request, "media/mediamention_form.html", {"form": form, "mention": None})


@login_required
def mention_update(request: HttpRequest, mention_id: int) -> HttpResponse:
    """Edit a mention (press office); its value is computed again from the tariff table."""
    user = request.user
    mention = mention_get_for_user(user=user, mention_id=mention_id)
    require(user, "media_monitoring.write_mentions")
    form = MediaMentionForm(request.POST or None, instance=mention, user=user)
    if request.method == "POST" and (response := _save(request, form, _("Se guardó la mención. %(value)s"))):
        return response
    return render(request, "media/mediamention_form.html", {"form": form, "mention": mention})


def _totals(request: HttpRequest):
    form = TotalsFilterForm(request.GET or None)
    start, end = form.period(timezone.localdate())
    return form, mention_totals(user=request.user, start=start, end=end)


@login_required
def totals(request: HttpRequest) -> HttpResponse:
    """«Totales de free press»: mentions, reach and value by month, outlet, media type and
    sentiment for a period (the current year by default), as tables."""
    require(request.user, "media_monitoring.read_mentions")
    form, result = _totals(request)
    query = request.GET.copy()
    return render(
        request,
        "media/mediamention_totals.html",
        {"form": form, "totals": result, "querystring": query.urlencode()},
    )


@login_required
def totals_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The totals page's tables as one CSV or XLSX table, for the same period."""
    require(request.user, "media_monitoring.read_mentions")
    _form, result = _totals(request)
    header, rows = totals_export_rows(result)
    name = f"free-press-{result.start:%Y%m%d}-{result.end:%Y%m%d}"
    return _private_download(
        exports.table_response(fmt, filename=name, title=_("Free press"), header=header, rows=rows)
    )
